package io.cellwatch.streams.detect;

import io.cellwatch.telemetry.CycleResult;
import io.cellwatch.telemetry.CycleResult.StepKind;
import io.cellwatch.telemetry.Finding;
import io.cellwatch.telemetry.FindingType;
import io.cellwatch.telemetry.Severity;
import java.util.ArrayList;
import java.util.List;

/**
 * Slow trends across cycles (DETECTION.md rows "capacity fade" and "polarization rise"), from the
 * {@link CycleResult}s of the analytics: not safety events by themselves, but the ZIF-8 cell's story (rising
 * polarization, fade accelerating after ≈ 50 cycles) is what a lab wants to hear about before end of life.
 *
 * <ul>
 *   <li>{@link FindingType#CAPACITY_FADE}: warning when delivered capacity drops more than 5 % from one cycle
 *       to the next (Li-metal "sudden death"), or when the analytics' fade rate is above 0.1 %/cycle and at
 *       least three times the cell's own early fade rate (fade accelerates: the knee); info once retention is below
 *       the end-of-life retention.</li>
 *   <li>{@link FindingType#POLARIZATION_RISE}: polarization (Li//Li: overpotential) against the median of the
 *       first cycles after formation: +25 % info, +50 % warning, +100 % critical.</li>
 * </ul>
 * Like is compared with like: a cycle whose mean current differs more than 10 % from the one it is compared
 * with (a rate test, a diagnostic cycle) is not compared, because capacity and polarization follow the
 * current.
 */
public final class TrendDetector {

    static final String NAME = "TrendDetector";

    /**
     * @param suddenDropShare        delivered capacity below (1 − this) × the previous cycle's → warning.
     *                               Default 0.05 (DETECTION.md; Niu et al., Nat. Energy 2021)
     * @param warningFadePerCycle    fade rate (retention per cycle, least squares over the analytics' window)
     *                               above this… Default 0.001 [D]: 0.1 %/cycle reaches 80 % within 200 cycles;
     *                               the paper's stable cells fade 0.03–0.05 %/cycle
     * @param accelerationFactor     …and at least this × the cell's early fade rate → warning. Default 3 [D]:
     *                               relative, so a cell that always faded fast is not "accelerating"; on the
     *                               ZIF-8 preset it fires ≈ 12 cycles after the knee (the 20-cycle fit lags)
     * @param baselineCycle          the early fade rate is the first one reported at or after this cycle.
     *                               Default 10 [D]: a slope through fewer cycles is mostly noise
     * @param endOfLifeRetention     retention below this → info. Default 0.80 (DETECTION.md, EOL at 80 %)
     * @param formationCycles        cycles left out of the polarization reference. Default 1 [D]
     * @param referenceCycles        polarization reference = median of this many cycles after formation.
     *                               Default 3 (DETECTION.md: "median of cycles 1–3 after formation")
     * @param infoRise               polarization rise → info. Default 0.25 (DETECTION.md)
     * @param warningRise            → warning. Default 0.50 (DETECTION.md)
     * @param criticalRise           → critical. Default 1.00 (DETECTION.md)
     * @param sameCurrentTolerance   cycles are compared only when their mean step currents agree within this
     *                               share. Default 0.10 [D]
     * @param clearAfterCycles       good cycles before a trend finding clears. Default 2 [D]
     * @param repeatEveryS           a trend that holds unchanged is re-reported at most this often (cycler time).
     *                               Default 86400 s [D]: trends move per cycle, not per minute; once a day is
     *                               enough for a dashboard, escalations still come at once
     */
    public record Config(double suddenDropShare, double warningFadePerCycle, double accelerationFactor,
            int baselineCycle, double endOfLifeRetention, int formationCycles, int referenceCycles, double infoRise,
            double warningRise, double criticalRise, double sameCurrentTolerance, int clearAfterCycles,
            double repeatEveryS) {

        public static Config defaults() {
            return new Config(0.05, 0.001, 3.0, 10, 0.80, 1, 3, 0.25, 0.50, 1.00, 0.10, 2, 86400.0);
        }
    }

    /**
     * @param previousDeliveredAh delivered capacity of the previous complete cycle
     * @param previousCurrentA    its mean delivering current
     * @param baselineFade        the cell's early fade rate, null until known
     * @param polarizations       the reference cycles' polarization, up to {@code referenceCycles}
     * @param referenceCurrentA   their mean storing current
     * @param fadeLatch           reporting state of capacity fade
     * @param polarizationLatch   reporting state of polarization rise
     */
    public record State(Double previousDeliveredAh, Double previousCurrentA, Double baselineFade,
            List<Double> polarizations, Double referenceCurrentA, Latch fadeLatch, Latch polarizationLatch) {

        public static final State INITIAL = new State(null, null, null, List.of(), null, Latch.IDLE, Latch.IDLE);

        public State {
            polarizations = List.copyOf(polarizations);
        }
    }

    public record Outcome(State state, List<Finding> findings) {
    }

    private final Config config;
    private final CellScale cell;
    private final double repeatEveryS;

    TrendDetector(Config config, CellScale cell) {
        this.config = config;
        this.cell = cell;
        this.repeatEveryS = config.repeatEveryS();
    }

    public Outcome onCycle(State st, CycleResult r, FindingContext ctx) {
        if (Boolean.TRUE.equals(r.provisional()) || !Boolean.TRUE.equals(r.complete()) || r.cycle() == null) {
            return new Outcome(st, List.of());
        }
        double t = r.endTimeS() != null ? r.endTimeS() : 0.0;
        List<Finding> findings = new ArrayList<>(2);

        // --- capacity fade ---
        Double delivered = r.deliveredAh();
        Double deliveringA = meanCurrentA(r, cell.inputDirection() < 0 ? StepKind.CHARGE : StepKind.DISCHARGE);
        Double baseline = st.baselineFade();
        Double fade = r.fadeRatePerCycle();
        if (baseline == null && fade != null && r.cycle() >= config.baselineCycle()) {
            baseline = Math.max(0, fade);
        }
        Severity fadeLevel = null;
        String fadeSummary = null;
        Double dropShare = null;
        if (delivered != null && st.previousDeliveredAh() != null && st.previousDeliveredAh() > 0
                && sameCurrent(deliveringA, st.previousCurrentA())) {
            dropShare = 1 - delivered / st.previousDeliveredAh();
            if (dropShare > config.suddenDropShare()) {
                fadeLevel = Severity.WARNING;
                fadeSummary = Evidence.fmt("Delivered capacity fell %.1f %% in one cycle, from %.3f to %.3f mAh"
                        + " (warning above %.0f %%): sudden capacity loss", dropShare * 100,
                        st.previousDeliveredAh() * 1000, delivered * 1000, config.suddenDropShare() * 100);
            }
        }
        boolean accelerating = fade != null && baseline != null && fade > config.warningFadePerCycle()
                && fade >= config.accelerationFactor() * baseline;
        if (fadeLevel == null && accelerating) {
            fadeLevel = Severity.WARNING;
            fadeSummary = Evidence.fmt("Capacity fade accelerated to %.2f %%/cycle from %.2f %%/cycle early on;"
                    + " retention %.1f %%, 80 %% projected at cycle %s", fade * 100, baseline * 100,
                    r.retention() == null ? Double.NaN : r.retention() * 100,
                    r.projectedEndOfLifeCycle() == null ? "?" : r.projectedEndOfLifeCycle().toString());
        }
        if (fadeLevel == null && r.retention() != null && r.retention() < config.endOfLifeRetention()) {
            fadeLevel = Severity.INFO;
            fadeSummary = Evidence.fmt("Retention %.1f %% is below the %.0f %% end of life", r.retention() * 100,
                    config.endOfLifeRetention() * 100);
        }
        Latch.Step fadeStep = st.fadeLatch().evaluate(fadeLevel, t, 1, config.clearAfterCycles(), repeatEveryS);
        Finding fadeFinding = !fadeStep.reports() ? null : ctx.report(st.fadeLatch(), fadeStep,
                FindingType.CAPACITY_FADE, fadeLevel, t, NAME,
                fadeSummary != null ? fadeSummary
                        : Evidence.fmt("Capacity fade back to %.2f %%/cycle", fade == null ? Double.NaN : fade * 100),
                Evidence.of().with("delivered_ah", delivered).with("previous_delivered_ah", st.previousDeliveredAh())
                        .with("drop_share", dropShare).with("retention", r.retention())
                        .with("fade_rate_per_cycle", fade).with("baseline_fade_rate_per_cycle", baseline)
                        .with("projected_end_of_life_cycle",
                                r.projectedEndOfLifeCycle() == null ? null : r.projectedEndOfLifeCycle().doubleValue())
                        .map());
        if (fadeFinding != null) {
            findings.add(fadeFinding);
        }

        // --- polarization rise ---
        Double polarization = cell.symmetric() ? HardShortDetector.overpotentialV(r) : r.polarizationV();
        Double storingA = meanCurrentA(r, cell.inputDirection() < 0 ? StepKind.DISCHARGE : StepKind.CHARGE);
        List<Double> reference = st.polarizations();
        Double referenceA = st.referenceCurrentA();
        Severity riseLevel = null;
        Double rise = null;
        Double referenceV = null;
        if (polarization != null && polarization > 0 && r.cycle() > config.formationCycles()) {
            if (reference.size() < config.referenceCycles()) {
                reference = Stats.appendBounded(reference, polarization, config.referenceCycles());
                if (storingA != null) {
                    referenceA = referenceA == null ? storingA : referenceA;
                }
            } else if (sameCurrent(storingA, referenceA)) {
                referenceV = Stats.median(reference);
                rise = polarization / referenceV - 1;
                riseLevel = ThermalDetector.level(rise, config.infoRise(), config.warningRise(), config.criticalRise());
            }
        }
        Latch.Step riseStep = st.polarizationLatch().evaluate(riseLevel, t, 1, config.clearAfterCycles(),
                repeatEveryS);
        Finding riseFinding = !riseStep.reports() ? null : ctx.report(st.polarizationLatch(), riseStep,
                FindingType.POLARIZATION_RISE, riseLevel, t, NAME,
                Evidence.fmt("%s %.1f mV, %+.0f %% against the %.1f mV of the first cycles after formation"
                        + " (info +%.0f %%, warning +%.0f %%, critical +%.0f %%)",
                        cell.symmetric() ? "Overpotential" : "Polarization",
                        polarization == null ? Double.NaN : polarization * 1000, rise == null ? Double.NaN : rise * 100,
                        referenceV == null ? Double.NaN : referenceV * 1000, config.infoRise() * 100,
                        config.warningRise() * 100, config.criticalRise() * 100),
                Evidence.of().with("polarization_v", polarization).with("reference_polarization_v", referenceV)
                        .with("rise_share", rise).map());
        if (riseFinding != null) {
            findings.add(riseFinding);
        }

        State next = new State(delivered != null ? delivered : st.previousDeliveredAh(),
                delivered != null ? deliveringA : st.previousCurrentA(), baseline, reference, referenceA,
                fadeStep.latch(), riseStep.latch());
        return new Outcome(next, findings);
    }

    private boolean sameCurrent(Double a, Double b) {
        if (a == null || b == null) {
            return true;     // no step list to tell: compare
        }
        return Math.abs(a - b) <= config.sameCurrentTolerance() * Math.max(Math.abs(a), Math.abs(b));
    }

    /** Mean |I| over the cycle's constant-current steps of {@code kind}: capacity / time; null without steps. */
    static Double meanCurrentA(CycleResult r, StepKind kind) {
        if (r.steps() == null || r.steps().isEmpty()) {
            return null;
        }
        double ah = 0;
        double s = 0;
        for (CycleResult.Step step : r.steps()) {
            if (step.kind() == kind && step.durationS() != null && step.durationS() > 0) {
                ah += kind == StepKind.CHARGE ? nz(step.chargeAh()) : nz(step.dischargeAh());
                s += step.durationS();
            }
        }
        return s > 0 ? ah * 3600 / s : null;
    }

    private static double nz(Double d) {
        return d == null ? 0 : d;
    }
}
