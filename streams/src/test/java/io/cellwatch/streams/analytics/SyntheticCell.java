package io.cellwatch.streams.analytics;

import io.cellwatch.telemetry.CellMetadata;
import io.cellwatch.telemetry.CellType;
import io.cellwatch.telemetry.CycleResult;
import io.cellwatch.telemetry.Sample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A cycler logging a simulated cell, as real cyclers do: a row every {@code periodS} within a step, a row
 * when a limit is reached, and the first row of the next step 10 ms later (Maccor). The cell is a Li//LFP
 * coin cell by default: 0.78 mAh, a flat 3.43 V plateau with steep ends (2.0 V empty, 4.2 V just before
 * full), 30 Ω series resistance. It records the true charge it passed per cycle, to compare with.
 */
final class SyntheticCell {

    static final double COIN_CELL_AH = 0.00078;
    static final double ONE_C_A = 0.00078;
    static final double RESISTANCE_OHM = 30.0;
    static final double START_TIME_S = 1_700_000_000.0;

    /** What the cycler reports as its cycle index. */
    enum CycleIndex { COUNTING, STUCK_AT_ZERO, ABSENT }

    private final double periodS;
    private final boolean reportStepIndex;
    private final CycleIndex cycleIndex;
    private double capacityAh;
    private final Map<Integer, double[]> truth = new HashMap<>();
    private final List<Sample> samples = new ArrayList<>();
    private double timeS = START_TIME_S;
    private double soc = 0.02;
    private long seq;
    private int step;
    private int cycle = 1;
    private Integer forcedStepIndex;
    private double temperatureC = 25.0;

    SyntheticCell(double capacityAh, double periodS, boolean reportStepIndex, CycleIndex cycleIndex) {
        this.capacityAh = capacityAh;
        this.periodS = periodS;
        this.reportStepIndex = reportStepIndex;
        this.cycleIndex = cycleIndex;
    }

    /** The 0.78 mAh Li//LFP coin cell sampled every 10 s, with step and cycle index. */
    static SyntheticCell coinCell() {
        return new SyntheticCell(COIN_CELL_AH, 10.0, true, CycleIndex.COUNTING);
    }

    /** The coin cell on a cycler whose cycle index is stuck or absent. */
    static SyntheticCell coinCell(CycleIndex cycleIndex) {
        return new SyntheticCell(COIN_CELL_AH, 10.0, true, cycleIndex);
    }

    /** One full cycle at 1C: charge to 4.2 V, rest 30 min, discharge to 2.0 V, rest 30 min. */
    SyntheticCell oneCCycle() {
        return constantCurrent(ONE_C_A, 4.2).rest(1800).constantCurrent(-ONE_C_A, 2.0).rest(1800);
    }

    /** Runs the samples through fresh analytics of {@code cell}, finish() included. */
    static List<CycleResult> analyse(CellMetadata cell, AnalyticsOptions options, List<Sample> samples) {
        CellAnalytics analytics = new CellAnalytics(cell, options);
        List<CycleResult> out = new ArrayList<>();
        for (Sample s : samples) {
            out.addAll(analytics.accept(s));
        }
        out.addAll(analytics.finish());
        return out;
    }

    static List<CycleResult> analyse(CellType type, List<Sample> samples) {
        return analyse(metadata(type, COIN_CELL_AH, null), AnalyticsOptions.defaults(), samples);
    }

    SyntheticCell stateOfCharge(double fraction) {
        soc = fraction;
        return this;
    }

    /** The cell loses capacity: from now on it holds {@code factor} times what it held. */
    SyntheticCell fade(double factor) {
        capacityAh *= factor;
        return this;
    }

    static CellMetadata metadata(CellType type, Double nominalAh, Double activeMassG) {
        return new CellMetadata("cell-07", "lab-1", "chamber-3", "ch-12", type, "Li||LFP", nominalAh, activeMassG,
                1.54, 2.0, 4.2, 1.0, 25.0, 10.0);
    }

    /** Open-circuit voltage of the model LFP electrode: 2.0 V empty, plateau 3.41–3.46 V, 4.2 V at 99.9 %. */
    static double ocv(double soc) {
        return 3.43 + 0.05 * (soc - 0.5) + 0.8 * Math.exp((soc - 1) / 0.01) - 1.4 * Math.exp(-soc / 0.01);
    }

    SyntheticCell temperature(double c) {
        temperatureC = c;
        return this;
    }

    /** The next steps report this cycler step index (to write loops); null = count steps as usual. */
    SyntheticCell stepIndex(Integer index) {
        forcedStepIndex = index;
        return this;
    }

    SyntheticCell nextCycle() {
        cycle++;
        return this;
    }

    SyntheticCell rest(double seconds) {
        return run(0.0, seconds, Double.NaN);
    }

    /** Constant current until the voltage reaches {@code limitV} (from below on charge, above on discharge). */
    SyntheticCell constantCurrent(double currentA, double limitV) {
        return run(currentA, Double.POSITIVE_INFINITY, limitV);
    }

    /** Constant current for a fixed time (a pulse). */
    SyntheticCell pulse(double currentA, double seconds) {
        return run(currentA, seconds, Double.NaN);
    }

    /** Holds {@code voltageV}: the current decays as I0·exp(−t/τ) until it falls below {@code untilA}. */
    SyntheticCell constantVoltage(double i0A, double tauS, double untilA) {
        newStep();
        double v = samples.get(samples.size() - 1).voltageV();
        double t0 = timeS;
        double i = i0A;
        emit(i, v);
        while (Math.abs(i) > Math.abs(untilA)) {
            double next = i0A * Math.exp(-(timeS + periodS - t0) / tauS);
            pass((i + next) / 2 * periodS); // truth: the exact integral differs from this by (Δt/τ)²/12 ≈ 2e-5
            timeS += periodS;
            i = next;
            emit(i, v);
        }
        return this;
    }

    List<Sample> samples() {
        return List.copyOf(samples);
    }

    double chargeAh(int cycleNumber) {
        return truth.getOrDefault(cycleNumber, new double[2])[0];
    }

    double dischargeAh(int cycleNumber) {
        return truth.getOrDefault(cycleNumber, new double[2])[1];
    }

    private SyntheticCell run(double currentA, double seconds, double limitV) {
        newStep();
        double t0 = timeS;
        emit(currentA, voltage(currentA));
        while (true) {
            double dt = Math.min(periodS, t0 + seconds - timeS);
            if (dt <= 1e-9) {
                return this;
            }
            boolean last = false;
            if (!Double.isNaN(limitV) && beyond(voltageAfter(currentA, dt), currentA, limitV)) {
                dt = timeToLimit(currentA, dt, limitV); // the cycler stops and logs at the limit
                last = true;
            }
            pass(currentA * dt);
            timeS += dt;
            emit(currentA, voltage(currentA));
            if (last) {
                return this;
            }
        }
    }

    private double voltageAfter(double currentA, double dt) {
        double after = soc + currentA * dt / 3600.0 / capacityAh;
        return ocv(after) + currentA * RESISTANCE_OHM * (COIN_CELL_AH / capacityAh);
    }

    private static boolean beyond(double v, double currentA, double limitV) {
        return currentA > 0 ? v >= limitV : v <= limitV;
    }

    private double timeToLimit(double currentA, double dt, double limitV) {
        double lo = 0;
        double hi = dt;
        for (int k = 0; k < 60; k++) {
            double mid = (lo + hi) / 2;
            if (beyond(voltageAfter(currentA, mid), currentA, limitV)) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }

    private void newStep() {
        step++;
        if (!samples.isEmpty()) {
            timeS += 0.01;
        }
    }

    private void pass(double ampereSeconds) {
        soc += ampereSeconds / 3600.0 / capacityAh;
        double[] q = truth.computeIfAbsent(cycle, k -> new double[2]);
        q[ampereSeconds >= 0 ? 0 : 1] += Math.abs(ampereSeconds) / 3600.0;
    }

    private double voltage(double currentA) {
        return ocv(soc) + currentA * RESISTANCE_OHM * (COIN_CELL_AH / capacityAh);
    }

    private void emit(double currentA, double voltageV) {
        Integer stepIndex = !reportStepIndex ? null : forcedStepIndex != null ? forcedStepIndex : step;
        samples.add(new Sample("cell-07", ++seq, timeS, timeS - START_TIME_S, voltageV, currentA, temperatureC, 25.0,
                stepIndex, switch (cycleIndex) {
                    case COUNTING -> cycle;
                    case STUCK_AT_ZERO -> 0;
                    case ABSENT -> null;
                }));
    }
}
