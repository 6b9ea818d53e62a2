package io.cellwatch.streams.topology;

import io.cellwatch.telemetry.CycleResult;
import io.cellwatch.telemetry.Finding;

/**
 * One thing the per-cell processor emits: exactly one of a cycle result, a finding, or a batch of
 * readings for a chamber's detectors. The topology splits them to their topics.
 */
record CellOutput(CycleResult cycle, Finding finding, ChamberBatch chamberBatch) {

    static CellOutput of(CycleResult c) {
        return new CellOutput(c, null, null);
    }

    static CellOutput of(Finding f) {
        return new CellOutput(null, f, null);
    }

    static CellOutput of(ChamberBatch b) {
        return new CellOutput(null, null, b);
    }
}
