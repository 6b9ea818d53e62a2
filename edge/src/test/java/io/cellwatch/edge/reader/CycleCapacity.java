package io.cellwatch.edge.reader;

import io.cellwatch.telemetry.Sample;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Per-cycle charge and discharge capacity from reader rows, two ways, for comparing with
 * {@code reference.py}. A test helper only: the real analytics live in another module.
 *
 * <ul>
 *   <li>Integration: trapezoid of current over {@code time_s} between consecutive rows of the same
 *       cycler cycle and step number, the interval going to charge or discharge by the sign of its
 *       mean current (reference.py's rule).</li>
 *   <li>Counters: the rise of the cycler's own counters, whatever their reset scheme: a clear drop is
 *       a reset (the new value is counted from zero), otherwise the increase is counted; the file's
 *       first value is the baseline.</li>
 * </ul>
 * Cycles are keyed by the cycler's cycle index (null when the file has none).
 */
final class CycleCapacity {

    /** Accumulated figures of one cycle. */
    static final class Cycle {
        long rows;
        double chargeIntegratedAh;
        double dischargeIntegratedAh;
        double chargeCounterAh;
        double dischargeCounterAh;
    }

    private final Map<Integer, Cycle> cycles = new LinkedHashMap<>();
    private final CounterRise chargeRise = new CounterRise();
    private final CounterRise dischargeRise = new CounterRise();
    private Sample previous;

    void add(CyclerRow row) {
        Sample s = row.sample();
        Cycle c = cycles.computeIfAbsent(s.cycleIndex(), k -> new Cycle());
        c.rows++;
        if (previous != null && s.timeS() > previous.timeS()
                && Objects.equals(previous.cycleIndex(), s.cycleIndex())
                && Objects.equals(previous.stepIndex(), s.stepIndex())) {
            double ah = (previous.currentA() + s.currentA()) / 2.0 * (s.timeS() - previous.timeS()) / 3600.0;
            if (ah > 0) {
                c.chargeIntegratedAh += ah;
            } else {
                c.dischargeIntegratedAh -= ah;
            }
        }
        c.chargeCounterAh += chargeRise.add(row.chargeCapacityAh());
        c.dischargeCounterAh += dischargeRise.add(row.dischargeCapacityAh());
        previous = s;
    }

    Map<Integer, Cycle> cycles() {
        return cycles;
    }

    /** Rise of one counter from row to row; nulls (not reported) are skipped. */
    static final class CounterRise {
        private Double last;

        double add(Double value) {
            if (value == null) {
                return 0.0;
            }
            double rise;
            if (last == null) {
                rise = 0.0;
            } else if (value < last - (1e-3 * last + 1e-12)) {
                rise = value;               // reset to zero, then rose to value
            } else {
                rise = Math.max(0.0, value - last);  // float jitter downwards is not a reset
            }
            last = value;
            return rise;
        }
    }
}
