package io.cellwatch.streams.detect;

import io.cellwatch.streams.analytics.SampleGap;
import io.cellwatch.telemetry.CycleResult;
import io.cellwatch.telemetry.Finding;
import io.cellwatch.telemetry.FindingType;
import io.cellwatch.telemetry.Sample;
import io.cellwatch.telemetry.Severity;
import java.util.List;

/**
 * Hard internal short (DETECTION.md principles 2 and 3, rows "charge runaway", "voltage stall", "Coulombic
 * efficiency", "symmetric short").
 *
 * <p>Full and half cells: a short is a charge-step rule, not a voltage limit. While the cell is being
 * charged (lithiation for a half cell cycled discharge first) the detector integrates the charge moved in
 * that step and compares it with Q_ref, the median delivered capacity of the last good cycles (the nominal
 * capacity before there are any). A cell that has taken in more than it can hold and still has not reached
 * its cut-off is leaking the charge through a short. A finished cycle whose Coulombic efficiency collapses
 * is one too.
 *
 * <p>Li//Li symmetric cells have no capacity to run past: a hard short shows as the overpotential of a
 * half-cycle collapsing toward zero (the cell turns into a resistor), held for minutes.
 */
public final class HardShortDetector {

    static final String NAME = "HardShortDetector";

    /**
     * @param warningChargeRatio     charge in the step above this × Q_ref → warning. Default 1.2 (DETECTION.md)
     * @param criticalChargeRatio    above this while below the cut-off → critical. Default 1.5 (DETECTION.md); the
     *                               simulator's cycler stops a step at 2× its nominal time, so a shorted coin cell
     *                               passes 1.5 × Q_ref about 0.4 h before the cycler gives up
     * @param cutoffMarginV          "below the cut-off" means more than this below it. Default 0.020 V (DETECTION.md)
     * @param stallS                 the voltage stalls when it sets no new high (low, for lithiation) for this
     *                               long in one charge step. Default 600 s [D]: a CC charge climbs mV per minute
     *                               even on the LFP plateau
     * @param stallRiseV             a "new high" must beat the last one by this. Default 0.001 V [D], ~3× the
     *                               voltage noise, so noise alone does not reset the stall clock
     * @param referenceCycles        Q_ref = median delivered capacity of the last this-many good cycles.
     *                               Default 3 (DETECTION.md)
     * @param criticalEfficiency     a finished cycle's CE below this → critical. Default 0.90 (DETECTION.md)
     * @param formationCycles        cycles whose CE is not judged: the first cycle loses charge to SEI/CEI
     *                               formation. Default 1 [D]; first-cycle CE of Li-metal cells is often 80–95 %
     * @param symmetricCollapseV     Li//Li: |V| below max(this, {@code symmetricCollapseShare} × η_ref) is
     *                               collapsed. Default 0.005 V (DETECTION.md)
     * @param symmetricCollapseShare Default 0.2 (DETECTION.md)
     * @param symmetricHistoryCycles η_ref = median overpotential of the previous this-many cycles. Default 10
     *                               (DETECTION.md)
     * @param symmetricSettleS       ignore the first this-many seconds of a half-cycle, where the voltage passes
     *                               through zero as the current reverses. Default 120 s [D], 6× the 20 s
     *                               charge-transfer relaxation
     * @param symmetricHoldS         collapsed this long → critical. Default 600 s [D] (DETECTION.md asks for two
     *                               half-cycles on a cycle basis; ten minutes reports it within the half-cycle)
     * @param setAfterSamples        debounce of the sample rules. Default 3 (foxBMS-style, a few samples)
     * @param clearAfterSamples      good samples, net, before clearing. Default 30 [D]: a short does not heal;
     *                               clear only on clear evidence
     */
    public record Config(double warningChargeRatio, double criticalChargeRatio, double cutoffMarginV, double stallS,
            double stallRiseV, int referenceCycles, double criticalEfficiency, int formationCycles,
            double symmetricCollapseV, double symmetricCollapseShare, int symmetricHistoryCycles,
            double symmetricSettleS, double symmetricHoldS, int setAfterSamples, int clearAfterSamples) {

        public static Config defaults() {
            return new Config(1.2, 1.5, 0.020, 600.0, 0.001, 3, 0.90, 1, 0.005, 0.2, 10, 120.0, 600.0, 3, 30);
        }
    }

    /**
     * @param stepAh          charge moved in the storing direction in the present storing step (0 outside one)
     * @param stepStartS      when that step began, null outside one
     * @param bestV           highest (lowest, for lithiation) voltage of the step so far
     * @param bestAtS         when it was reached
     * @param stepLevel       worst charge-runaway verdict of the latest storing step, held until the next one
     *                        begins (the discharge after a shorted charge does not heal it)
     * @param goodDeliveredAh delivered capacity of the last good cycles
     * @param cycleLevel      what the last finished cycle said (held until the next one)
     * @param cycleEfficiency its Coulombic efficiency
     * @param overpotentialsV Li//Li: overpotential of the last cycles
     * @param collapsedSinceS Li//Li: since when |V| has been collapsed in this half-cycle, null when not
     * @param latch           reporting state
     */
    public record State(double stepAh, Double stepStartS, Double bestV, Double bestAtS, Severity stepLevel,
            List<Double> goodDeliveredAh,
            Severity cycleLevel, Double cycleEfficiency, List<Double> overpotentialsV, Double collapsedSinceS,
            Latch latch) {

        public static final State INITIAL = new State(0, null, null, null, null, List.of(), null, null, List.of(),
                null, Latch.IDLE);

        public State {
            goodDeliveredAh = List.copyOf(goodDeliveredAh);
            overpotentialsV = List.copyOf(overpotentialsV);
        }
    }

    public record Outcome(State state, List<Finding> findings) {
    }

    private final Config config;
    private final CellScale cell;
    private final double repeatEveryS;

    HardShortDetector(Config config, CellScale cell, double repeatEveryS) {
        this.config = config;
        this.cell = cell;
        this.repeatEveryS = repeatEveryS;
    }

    /** One sample with a usable voltage; {@code prev} is the previous usable sample (null for the first). */
    public Outcome onSample(State st, Sample prev, Sample s, FindingContext ctx) {
        return cell.symmetric() ? symmetricSample(st, prev, s, ctx) : storingSample(st, prev, s, ctx);
    }

    private Outcome storingSample(State st, Sample prev, Sample s, FindingContext ctx) {
        double t = s.timeS();
        double v = s.voltageV();
        int direction = cell.direction(s.currentA());
        boolean storing = direction != 0 && direction == cell.inputDirection();
        double stepAh = 0;
        Double start = null;
        Double bestV = null;
        Double bestAt = null;
        boolean continuing = false;
        if (storing) {
            // A silent spell ends the step: the charge taken in it is unknown, not the current times the gap.
            continuing = prev != null && st.stepStartS() != null && cell.direction(prev.currentA()) == direction
                    && !SampleGap.between(prev, s, SampleGap.limitS(cell.samplePeriodS()));
            stepAh = continuing ? st.stepAh() + storedAh(prev, s) : 0;
            // The sample's own boxes, not new ones, on every sample.
            start = continuing ? st.stepStartS() : s.timeS();
            bestV = st.bestV();
            bestAt = st.bestAtS();
            if (!continuing || bestV == null || direction * (v - bestV) > config.stallRiseV()) {
                bestV = s.voltageV();
                bestAt = s.timeS();
            }
        }
        Double reference = referenceAh(st);
        Double ratio = reference == null || !storing ? null : stepAh / reference;
        boolean belowCutoff = cell.inputCutoffV() == null
                || direction * (cell.inputCutoffV() - v) > config.cutoffMarginV();
        boolean stalled = storing && bestAt != null && t - bestAt >= config.stallS();
        Severity runaway = null;
        if (ratio != null && ratio > config.warningChargeRatio()) {
            runaway = (ratio > config.criticalChargeRatio() && belowCutoff) || (stalled && belowCutoff)
                    ? Severity.CRITICAL : Severity.WARNING;
        }
        // Outside a storing step the last one's verdict stands; a new storing step starts afresh.
        Severity stepLevel = storing
                ? (continuing ? ThermalDetector.max(st.stepLevel(), runaway) : runaway)
                : st.stepLevel();
        Severity level = ThermalDetector.max(stepLevel, st.cycleLevel());
        Latch.Step step = st.latch().evaluate(level, t, config.setAfterSamples(), config.clearAfterSamples(),
                repeatEveryS);
        State next = new State(storing ? stepAh : st.stepAh(), start, bestV, bestAt, stepLevel,
                st.goodDeliveredAh(), st.cycleLevel(), st.cycleEfficiency(), st.overpotentialsV(), null, step.latch());
        if (!step.reports()) {
            return new Outcome(next, List.of()); // the usual case: no sentence or evidence to build
        }
        String summary;
        if (stepLevel != null && (st.cycleLevel() == null || stepLevel.compareTo(st.cycleLevel()) >= 0)) {
            summary = runawaySummary(storing ? stepAh : st.stepAh(), reference,
                    reference == null ? null : (storing ? stepAh : st.stepAh()) / reference, storing ? v : null, stalled, t,
                    bestAt);
        } else if (st.cycleLevel() != null) {
            summary = efficiencySummary(st.cycleEfficiency());
        } else {
            summary = Evidence.fmt("Charge stays within %.2f× of what the cell delivers and the last cycle's"
                    + " efficiency is normal", config.warningChargeRatio());
        }
        Finding f = ctx.report(st.latch(), step, FindingType.HARD_SHORT, level, t, NAME, summary,
                Evidence.of().with("charge_throughput_ah", storing ? stepAh : null).with("reference_ah", reference)
                        .with("charge_ratio", ratio)
                        .with("limit_ah", reference == null ? null : config.criticalChargeRatio() * reference)
                        .with("voltage_v", v).with("cutoff_v", cell.inputCutoffV())
                        .with("stalled_s", storing && bestAt != null ? t - bestAt : null)
                        .with("coulombic_efficiency", st.cycleEfficiency()).map());
        return new Outcome(next, List.of(f));
    }

    private Outcome symmetricSample(State st, Sample prev, Sample s, FindingContext ctx) {
        double t = s.timeS();
        int direction = cell.direction(s.currentA());
        boolean continuing = direction != 0 && prev != null && st.stepStartS() != null
                && cell.direction(prev.currentA()) == direction;
        Double start = direction == 0 ? null : continuing ? st.stepStartS() : s.timeS();
        Double etaRef = st.overpotentialsV().size() >= 2 ? Stats.median(st.overpotentialsV()) : null;
        Double collapseV = etaRef == null ? null
                : Math.max(config.symmetricCollapseV(), config.symmetricCollapseShare() * etaRef);
        Double since = null;
        double absV = Math.abs(s.voltageV());
        if (collapseV != null && start != null && t - start >= config.symmetricSettleS() && absV < collapseV) {
            since = st.collapsedSinceS() != null ? st.collapsedSinceS() : s.timeS();
        }
        Severity collapse = since != null && t - since >= config.symmetricHoldS() ? Severity.CRITICAL : null;
        Latch.Step step = st.latch().evaluate(collapse, t, config.setAfterSamples(), config.clearAfterSamples(),
                repeatEveryS);
        State next = new State(0, start, null, null, null, st.goodDeliveredAh(), st.cycleLevel(),
                st.cycleEfficiency(), st.overpotentialsV(), since, step.latch());
        if (!step.reports()) {
            return new Outcome(next, List.of());
        }
        Finding f = ctx.report(st.latch(), step, FindingType.HARD_SHORT, collapse, t, NAME,
                Evidence.fmt("Symmetric cell overpotential collapsed to %.1f mV (reference %.1f mV, limit %.1f mV)"
                        + " for %.0f min: the cell conducts like a resistor, hard short", absV * 1000,
                        etaRef == null ? Double.NaN : etaRef * 1000, collapseV == null ? Double.NaN : collapseV * 1000,
                        since == null ? 0.0 : (t - since) / 60),
                Evidence.of().with("abs_voltage_v", absV).with("reference_overpotential_v", etaRef)
                        .with("collapse_limit_v", collapseV).with("current_a", s.currentA())
                        .with("collapsed_s", since == null ? null : t - since).map());
        return new Outcome(next, List.of(f));
    }

    /** A finished cycle: efficiency collapse, and the history Q_ref and η_ref are taken from. */
    public Outcome onCycle(State st, CycleResult r, FindingContext ctx) {
        if (r.provisional() != null && r.provisional()) {
            return new Outcome(st, List.of());
        }
        double t = r.endTimeS() != null ? r.endTimeS() : 0.0;
        if (cell.symmetric()) {
            Double eta = overpotentialV(r);
            List<Double> history = eta == null || !Boolean.TRUE.equals(r.complete()) || st.latch().holding()
                    ? st.overpotentialsV()
                    : Stats.appendBounded(st.overpotentialsV(), eta, config.symmetricHistoryCycles());
            return new Outcome(new State(st.stepAh(), st.stepStartS(), st.bestV(), st.bestAtS(), st.stepLevel(),
                    st.goodDeliveredAh(), null, null, history, st.collapsedSinceS(), st.latch()), List.of());
        }
        Double ce = r.coulombicEfficiency();
        boolean judged = ce != null && Boolean.TRUE.equals(r.complete()) && r.cycle() != null
                && r.cycle() > config.formationCycles();
        Severity cycleLevel = judged && ce < config.criticalEfficiency() ? Severity.CRITICAL : null;
        boolean good = Boolean.TRUE.equals(r.complete()) && r.deliveredAh() != null && r.deliveredAh() > 0
                && cycleLevel == null && !st.latch().holding();
        List<Double> delivered = good
                ? Stats.appendBounded(st.goodDeliveredAh(), r.deliveredAh(), config.referenceCycles())
                : st.goodDeliveredAh();
        Latch.Step step = st.latch().evaluate(cycleLevel, t, 1, config.clearAfterSamples(), repeatEveryS);
        // A good cycle only takes clearing credit on samples (it says "no new evidence", not "healed").
        Latch latch = cycleLevel == null ? st.latch() : step.latch();
        State next = new State(st.stepAh(), st.stepStartS(), st.bestV(), st.bestAtS(), st.stepLevel(), delivered,
                cycleLevel, ce, st.overpotentialsV(), st.collapsedSinceS(), latch);
        Finding f = cycleLevel == null ? null : ctx.report(st.latch(), step, FindingType.HARD_SHORT, cycleLevel, t,
                NAME, efficiencySummary(ce),
                Evidence.of().with("coulombic_efficiency", ce).with("charge_ah", r.chargeAh())
                        .with("discharge_ah", r.dischargeAh())
                        .with("critical_efficiency", config.criticalEfficiency()).map());
        return new Outcome(next, f == null ? List.of() : List.of(f));
    }

    private Double referenceAh(State st) {
        Double median = Stats.median(st.goodDeliveredAh());
        return median != null ? median : cell.nominalAh();
    }

    /** Mean of the two half-cycle overpotentials of a Li//Li cycle, null when it lacks one. */
    static Double overpotentialV(CycleResult r) {
        if (r.chargeOverpotentialV() == null || r.dischargeOverpotentialV() == null) {
            return null;
        }
        return (Math.abs(r.chargeOverpotentialV()) + Math.abs(r.dischargeOverpotentialV())) / 2;
    }

    /** Trapezoid charge between two samples, in the storing direction (both currents of that sign). */
    private double storedAh(Sample a, Sample b) {
        double dtH = (b.timeS() - a.timeS()) / 3600.0;
        if (!(dtH > 0)) {
            return 0;
        }
        return Math.abs(a.currentA() + b.currentA()) / 2 * dtH;
    }

    private String runawaySummary(double stepAh, Double reference, Double ratio, Double v, boolean stalled,
            double t, Double bestAt) {
        String stall = stalled && bestAt != null
                ? Evidence.fmt(", no voltage rise for %.0f min", (t - bestAt) / 60) : "";
        String voltage = v == null ? "" : Evidence.fmt(", and the voltage is still %.3f V", v);
        return Evidence.fmt("Charge step has taken %.3f mAh, %.2f× the %.3f mAh the cell delivered lately%s%s:"
                + " charge leaking through a short",
                stepAh * 1000, ratio == null ? Double.NaN : ratio, reference == null ? Double.NaN : reference * 1000,
                voltage, stall);
    }

    private String efficiencySummary(Double ce) {
        return Evidence.fmt("Coulombic efficiency of the last cycle collapsed to %.1f %% (critical below %.0f %%):"
                + " charge lost inside the cell, hard short", ce == null ? Double.NaN : ce * 100,
                config.criticalEfficiency() * 100);
    }
}
