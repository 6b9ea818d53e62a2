package io.cellwatch.streams.topology;

import io.cellwatch.telemetry.CycleResult;
import io.cellwatch.telemetry.Finding;

/**
 * One thing the per-cell processor emits: exactly one of a cycle result, a finding, or a sample
 * for the chamber detectors. The topology splits them to their topics.
 */
record CellOutput(CycleResult cycle, Finding finding, ChamberSample chamberSample) {

    static CellOutput of(CycleResult c) {
        return new CellOutput(c, null, null);
    }

    static CellOutput of(Finding f) {
        return new CellOutput(null, f, null);
    }

    static CellOutput of(ChamberSample s) {
        return new CellOutput(null, null, s);
    }
}
