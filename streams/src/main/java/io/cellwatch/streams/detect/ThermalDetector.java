package io.cellwatch.streams.detect;

import io.cellwatch.telemetry.Finding;
import io.cellwatch.telemetry.FindingType;
import io.cellwatch.telemetry.Sample;
import io.cellwatch.telemetry.Severity;
import java.util.List;

/**
 * Cell temperature rules (DETECTION.md: "absolute temperature", "cell above chamber", "thermal rate"). Coin
 * cells self-heat little, so these are the backstop behind the electrical rules (principle 4). It only ever
 * sees readings the {@link SensorFaultDetector} let through: a sensor fault is never a thermal finding.
 *
 * <p>What the chamber explains is not the cell's: the absolute limits are taken above the warmer of the
 * setpoint and the chamber's own reading, and the rate rule waits while the chamber ramps. A chamber that
 * runs hot is the {@link ChamberDetector}'s single chamber finding, not one thermal finding per cell.
 */
public final class ThermalDetector {

    static final String NAME = "ThermalDetector";

    /**
     * @param infoAboveReferenceK     cell above the reference (setpoint, or the chamber reading if warmer) → info.
     *                                Default 5 K (DETECTION.md: setpoint + 5 / 10 / 15 K)
     * @param warningAboveReferenceK  → warning. Default 10 K (DETECTION.md)
     * @param criticalAboveReferenceK → critical. Default 15 K (DETECTION.md)
     * @param criticalCapC            critical at or above this whatever the reference. Default 130 °C (DETECTION.md:
     *                                polymer separators shrink from ≈ 130 °C; Li melts at 180.5 °C)
     * @param infoWithoutReferenceC   with no setpoint and no chamber reading: info above this. Default 45 °C [D]:
     *                                the usual Li-ion datasheet operating limits are 45 °C on charge, 60 °C on discharge
     * @param warningWithoutReferenceC warning above this. Default 55 °C [D] (same reasoning)
     * @param criticalWithoutReferenceC critical above this. Default 60 °C [D] (same reasoning)
     * @param warningAboveChamberK    cell − chamber reading → warning. Default 5 K (DETECTION.md)
     * @param criticalAboveChamberK   → critical. Default 10 K (DETECTION.md; foxBMS warns at 10 K from the average)
     * @param warningRateKPerMin      robust dT/dt → warning. Default 1 K/min (DETECTION.md)
     * @param criticalRateKPerMin     → critical. Default 5 K/min (DETECTION.md)
     * @param rateWindowS             the slope is taken over this window. Default 120 s (DETECTION.md: 60–120 s)
     * @param rateMinSpanS            no slope over less than this. Default 60 s (DETECTION.md)
     * @param chamberSteadyKPerMin    the rate rule applies only while the chamber moves slower than this.
     *                                Default 0.2 K/min (DETECTION.md)
     * @param setAfterSamples         debounce. Default 3 samples (foxBMS debounces temperature over 5 s)
     * @param clearAfterSamples       good samples, net, before clearing. Default 6 [D]: a minute at 10 s
     */
    public record Config(double infoAboveReferenceK, double warningAboveReferenceK, double criticalAboveReferenceK,
            double criticalCapC, double infoWithoutReferenceC, double warningWithoutReferenceC,
            double criticalWithoutReferenceC, double warningAboveChamberK, double criticalAboveChamberK,
            double warningRateKPerMin, double criticalRateKPerMin, double rateWindowS, double rateMinSpanS,
            double chamberSteadyKPerMin, int setAfterSamples, int clearAfterSamples) {

        public static Config defaults() {
            return new Config(5.0, 10.0, 15.0, 130.0, 45.0, 55.0, 60.0, 5.0, 10.0, 1.0, 5.0, 120.0, 60.0, 0.2, 3, 6);
        }
    }

    /**
     * @param cell    recent cell temperatures
     * @param chamber recent chamber temperatures
     * @param latch   reporting state
     */
    public record State(RecentSlope cell, RecentSlope chamber, Latch latch) {
        public static final State INITIAL = new State(RecentSlope.EMPTY, RecentSlope.EMPTY, Latch.IDLE);
    }

    public record Outcome(State state, List<Finding> findings) {
    }

    private final Config config;
    private final CellScale cell;
    private final double repeatEveryS;

    ThermalDetector(Config config, CellScale cell, double repeatEveryS) {
        this.config = config;
        this.cell = cell;
        this.repeatEveryS = repeatEveryS;
    }

    /**
     * One sample whose cell temperature the sensor check accepted; {@code chamberUsable} says whether its
     * chamber reading may be used.
     */
    public Outcome onSample(State st, Sample s, boolean chamberUsable, FindingContext ctx) {
        double t = s.timeS();
        double cellC = s.cellTemperatureC();
        Double chamberC = chamberUsable ? s.chamberTemperatureC() : null;

        Double rateKPerS = st.cell().perSecond(t, cellC, config.rateMinSpanS());
        Double chamberRateKPerS = chamberC == null ? null : st.chamber().perSecond(t, chamberC, config.rateMinSpanS());
        RecentSlope cellSlope = st.cell().with(t, cellC, config.rateWindowS());
        RecentSlope chamberSlope = chamberC == null ? st.chamber() : st.chamber().with(t, chamberC, config.rateWindowS());

        Double reference = cell.setpointC();
        if (chamberC != null) {
            reference = reference == null ? chamberC : Math.max(reference, chamberC);
        }
        Severity absolute;
        Double warningLimit;
        if (reference != null) {
            absolute = level(cellC - reference, config.infoAboveReferenceK(), config.warningAboveReferenceK(),
                    config.criticalAboveReferenceK());
            warningLimit = reference + config.warningAboveReferenceK();
        } else {
            absolute = level(cellC, config.infoWithoutReferenceC(), config.warningWithoutReferenceC(),
                    config.criticalWithoutReferenceC());
            warningLimit = config.warningWithoutReferenceC();
        }
        if (cellC >= config.criticalCapC()) {
            absolute = Severity.CRITICAL;
        }
        Double aboveChamberK = chamberC == null ? null : cellC - chamberC;
        Severity delta = aboveChamberK == null ? null
                : level(aboveChamberK, Double.POSITIVE_INFINITY, config.warningAboveChamberK(),
                        config.criticalAboveChamberK());
        boolean chamberSteady = chamberRateKPerS == null
                || Math.abs(chamberRateKPerS * 60) < config.chamberSteadyKPerMin();
        Double rateKPerMin = rateKPerS == null ? null : rateKPerS * 60;
        Severity rate = rateKPerMin == null || !chamberSteady ? null
                : level(rateKPerMin, Double.POSITIVE_INFINITY, config.warningRateKPerMin(),
                        config.criticalRateKPerMin());
        Severity worst = max(max(absolute, delta), rate);

        Latch.Step step = st.latch().evaluate(worst, t, config.setAfterSamples(), config.clearAfterSamples(),
                repeatEveryS);
        State next = new State(cellSlope, chamberSlope, step.latch());
        if (!step.reports()) {
            return new Outcome(next, List.of()); // the usual case: no sentence or evidence to build
        }
        Finding f = ctx.report(st.latch(), step, FindingType.THERMAL, worst, t, NAME,
                summary(cellC, reference, aboveChamberK, rateKPerMin, warningLimit),
                Evidence.of().with("cell_temperature_c", cellC).with("chamber_temperature_c", chamberC)
                        .with("reference_temperature_c", reference).with("above_chamber_k", aboveChamberK)
                        .with("rate_k_per_min", rateKPerMin).with("warning_limit_c", warningLimit)
                        .with("critical_cap_c", config.criticalCapC()).map());
        return new Outcome(next, List.of(f));
    }

    private static String summary(double cellC, Double reference, Double aboveChamberK, Double rateKPerMin,
            double warningLimit) {
        StringBuilder b = new StringBuilder(Evidence.fmt("Cell at %.1f °C", cellC));
        if (reference != null) {
            b.append(Evidence.fmt(", %.1f K above its %.1f °C reference", cellC - reference, reference));
        }
        if (aboveChamberK != null) {
            b.append(Evidence.fmt(", %.1f K above the chamber", aboveChamberK));
        }
        if (rateKPerMin != null) {
            b.append(Evidence.fmt(", changing %.2f K/min", rateKPerMin));
        }
        return b.append(Evidence.fmt(" (warning limit %.1f °C)", warningLimit)).toString();
    }

    /** The severity of {@code value} against three rising limits; null below the first. */
    static Severity level(double value, double info, double warning, double critical) {
        if (value > critical) {
            return Severity.CRITICAL;
        }
        if (value > warning) {
            return Severity.WARNING;
        }
        return value > info ? Severity.INFO : null;
    }

    static Severity max(Severity a, Severity b) {
        if (a == null) {
            return b;
        }
        return b == null || a.compareTo(b) >= 0 ? a : b;
    }
}
