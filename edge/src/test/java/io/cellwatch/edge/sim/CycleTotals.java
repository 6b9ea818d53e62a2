package io.cellwatch.edge.sim;

import io.cellwatch.telemetry.Sample;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-cycle figures of a sample stream, computed the way an analytics job would, independently of
 * the simulator's internals. A test helper only.
 *
 * <p>Capacity: trapezoid of current over {@code time_s} between consecutive samples of the same cycle
 * index, each interval going to charge or discharge by the sign of its mean current. Voltages are kept
 * per step so tests can read plateau medians and extremes.
 */
final class CycleTotals {

    /** What one cycle amounted to. */
    static final class Cycle {
        final int number;
        double chargeAh;
        double dischargeAh;
        double maxChargeV = Double.NEGATIVE_INFINITY;
        double minDischargeV = Double.POSITIVE_INFINITY;
        final List<Double> chargeVolts = new ArrayList<>();
        final List<Double> dischargeVolts = new ArrayList<>();

        Cycle(int number) {
            this.number = number;
        }

        /** Q_discharge / Q_charge: Li//LFP starts lithiated and charges first. */
        double coulombicEfficiency() {
            return dischargeAh / chargeAh;
        }

        double dischargeMahPerG(double activeMassG) {
            return dischargeAh * 1000.0 / activeMassG;
        }

        /**
         * Median charge voltage minus median discharge voltage. At constant current the time median is
         * the voltage at half the step's capacity, so this is DETECTION.md's "ΔV at mid capacity".
         */
        double polarizationV() {
            return median(chargeVolts) - median(dischargeVolts);
        }
    }

    private final Map<Integer, Cycle> cycles = new TreeMap<>();
    private Sample previous;

    static CycleTotals of(Iterable<Sample> samples) {
        CycleTotals totals = new CycleTotals();
        samples.forEach(totals::add);
        return totals;
    }

    void add(Sample s) {
        Cycle c = cycles.computeIfAbsent(s.cycleIndex(), Cycle::new);
        if (previous != null && previous.cycleIndex().equals(s.cycleIndex())) {
            double ah = (previous.currentA() + s.currentA()) / 2.0 * (s.timeS() - previous.timeS()) / 3600.0;
            if (ah > 0) {
                c.chargeAh += ah;
            } else {
                c.dischargeAh -= ah;
            }
        }
        if (s.currentA() > 0) {
            c.maxChargeV = Math.max(c.maxChargeV, s.voltageV());
            c.chargeVolts.add(s.voltageV());
        } else if (s.currentA() < 0) {
            c.minDischargeV = Math.min(c.minDischargeV, s.voltageV());
            c.dischargeVolts.add(s.voltageV());
        }
        previous = s;
    }

    Cycle cycle(int n) {
        Cycle c = cycles.get(n);
        if (c == null) {
            throw new IllegalArgumentException("no cycle " + n + " in " + cycles.keySet());
        }
        return c;
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
