package io.cellwatch.streams.analytics;

import io.cellwatch.telemetry.CycleResult;
import io.cellwatch.telemetry.Sample;

/**
 * DC internal resistance from a current step in the stream (DETECTION.md, DCIR; IEC 61960 reads
 * R = ΔV / ΔI after a current step): at each step change with |ΔI| above the threshold, R is computed from
 * the last sample before and the first sample after the change, and tagged with the time between them,
 * because R after 10 ms and R after 10 s are different quantities.
 */
final class DcirDetector {

    private DcirDetector() {
    }

    /** The resistance across a step change from {@code before} to {@code after}, or null when it is not one. */
    static CycleResult.Dcir at(Sample before, Sample after, CellThresholds limits) {
        double dI = after.currentA() - before.currentA();
        double dt = after.timeS() - before.timeS();
        if (Math.abs(dI) <= limits.dcirMinCurrentStepA() || dt < 0 || dt > limits.options().dcirMaxDeltaTS()) {
            return null;
        }
        double r = (after.voltageV() - before.voltageV()) / dI;
        return new CycleResult.Dcir(after.timeS(), r, dt, before.currentA(), after.currentA());
    }
}
