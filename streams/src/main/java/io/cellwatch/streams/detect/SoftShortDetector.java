package io.cellwatch.streams.detect;

import io.cellwatch.telemetry.CycleResult;
import io.cellwatch.telemetry.CycleResult.EfficiencyConvention;
import io.cellwatch.telemetry.Finding;
import io.cellwatch.telemetry.FindingType;
import io.cellwatch.telemetry.Sample;
import io.cellwatch.telemetry.Severity;
import java.util.List;

/**
 * Soft short: a dendrite making intermittent contact, the warning that comes before a hard short
 * (DETECTION.md rows "sudden voltage drop", "Coulombic efficiency", "leak severity", "rest self-discharge",
 * "symmetric short").
 *
 * <ul>
 *   <li><b>Sudden drops</b> (full cells, during charge): the voltage falls between two samples of one
 *       constant-current charge step by more than max(5 mV, 6σ of the cell's own sample-to-sample noise)
 *       (an event) or by 20 mV or more (a drop: warning; three in one charge: critical).</li>
 *   <li><b>Charge above discharge, persistently</b>: over the last cycles the median Coulombic efficiency is
 *       below 97 %, or the median leak (Q in − Q out) / cycle time exceeds 0.01 C (0.05 C: critical).</li>
 *   <li><b>Rest voltage decay</b>: after a charge, once relaxed, the rest voltage falls faster than 1 mV/h
 *       and faster than 3× the cell's own earlier rests.</li>
 *   <li><b>Li//Li</b>: the overpotential of a cycle falls more than 30 % below the median of the previous
 *       ones; a falling overpotential is a warning, not an improvement (Menkin … Grey 2023).</li>
 * </ul>
 * Not done: the rolling-fit voltage-noise rule and the sibling comparison (batch median, 3·MAD); both need a
 * chamber-wide view and are left to a later change.
 */
public final class SoftShortDetector {

    static final String NAME = "SoftShortDetector";

    /**
     * @param eventMinDropV          smallest drop that counts as an event. Default 0.005 V (DETECTION.md)
     * @param eventNoiseMultiple     …or this many σ of the cell's own noise, whichever is larger. Default 6
     *                               (DETECTION.md)
     * @param warningDropV           a drop of at least this is a micro-short. Default 0.020 V (DETECTION.md;
     *                               transient micro-shorts drop 20–80 mV, arXiv 2506.13394, 2505.14283)
     * @param dropsForWarning        drops within {@code dropMemoryS} that make a warning. Default 1 (DETECTION.md:
     *                               "≤ −20 mV → warning")
     * @param dropsForCritical       drops within one charge step that make it critical. Default 3 (DETECTION.md)
     * @param dropMemoryS            a drop keeps the warning up this long. Default 21600 s [D]: about three 1C
     *                               cycles, so an intermittent contact is not cleared between two charges
     * @param constantCurrentTolerance the two samples' currents must agree within this share. Default 0.01
     *                               (DETECTION.md: ±1 %)
     * @param skipStepSamples        samples at the start of a charge step not judged (relaxation after the
     *                               step change). Default 2 (DETECTION.md: skip 1–2 samples after a step change)
     * @param noiseSmoothing         weight of a new |ΔV| in the running noise estimate. Default 0.05 [D]
     * @param warningEfficiency      median CE over {@code persistenceCycles} below this → warning. Default 0.97
     *                               (DETECTION.md; healthy Li-metal cells run 99.0–99.5 %, Adams et al. 2018)
     * @param warningLeakCRate       median leak (Q in − Q out)/cycle time, as a C-rate of nominal → warning.
     *                               Default 0.01 C (DETECTION.md)
     * @param criticalLeakCRate      → critical. Default 0.05 C (DETECTION.md)
     * @param persistenceCycles      "persistently": medians over the last this-many cycles. Default 3 [D]
     * @param formationCycles        cycles not judged (SEI/CEI formation). Default 1 [D]
     * @param restRelaxS             rest voltage is fitted from this long after the rest began. Default 900 s
     *                               (DETECTION.md: after 15–30 min of relaxation)
     * @param restMinFitS            the fit must span at least this. Default 600 s [D]
     * @param warningRestDecayVPerH  rest voltage (least squares from {@code restRelaxS} to the end of the rest)
     *                               falling faster → warning… Default 0.001 V/h (DETECTION.md)
     * @param restDecayOwnMultiple   …and faster than this × the median of the cell's own earlier rests.
     *                               Default 3 (DETECTION.md: "> 3× sibling median"; without siblings here, the
     *                               cell's own history is the reference: real cells relax for hours)
     * @param restBaselineRests      rests judged only once this many earlier rests give the reference. Default 2 [D]
     * @param restHistoryRests       the reference is the median of the last this-many rests. Default 5 [D]
     * @param symmetricFallShare     Li//Li: overpotential below (1 − this) × median of the previous cycles →
     *                               warning. Default 0.30 (DETECTION.md: "η falls > 30 %")
     * @param symmetricHistoryCycles Default 10 (DETECTION.md); at least 3 needed
     * @param clearAfterSamples      good samples, net, before clearing. Default 30 [D]
     */
    public record Config(double eventMinDropV, double eventNoiseMultiple, double warningDropV, int dropsForWarning,
            int dropsForCritical, double dropMemoryS, double constantCurrentTolerance, int skipStepSamples,
            double noiseSmoothing, double warningEfficiency, double warningLeakCRate, double criticalLeakCRate,
            int persistenceCycles, int formationCycles, double restRelaxS, double restMinFitS,
            double warningRestDecayVPerH, double restDecayOwnMultiple, int restBaselineRests, int restHistoryRests,
            double symmetricFallShare, int symmetricHistoryCycles,
            int clearAfterSamples) {

        public static Config defaults() {
            return new Config(0.005, 6.0, 0.020, 1, 3, 21600.0, 0.01, 2, 0.05, 0.97, 0.01, 0.05, 3, 1, 900.0, 600.0,
                    0.001, 3.0, 2, 5, 0.30, 10, 30);
        }
    }

    /**
     * Running least-squares sums of (time since rest start, voltage) over a rest.
     */
    public record RestFit(double startS, long n, double st, double sv, double stt, double stv) {

        RestFit with(double t, double v) {
            double x = t - startS;
            return new RestFit(startS, n + 1, st + x, sv + v, stt + x * x, stv + x * v);
        }

        /** V/s, null with fewer than 3 points. */
        Double slope() {
            if (n < 3) {
                return null;
            }
            double d = n * stt - st * st;
            return d > 0 ? (n * stv - st * sv) / d : null;
        }

        double spanS(double t) {
            return t - startS;
        }
    }

    /**
     * @param stepSamples      samples in the present charge step (0 outside one)
     * @param noiseAbsDiffV    running mean |ΔV| between charge samples, null before one
     * @param dropTimesS       times of recent drops ≥ {@code warningDropV}
     * @param dropsThisStep    drops in the present charge step
     * @param eventsThisStep   smaller events in the present charge step
     * @param restStartS       when the present rest after a storing step began, null otherwise
     * @param restFit          fit of the present rest's relaxed part, null before relaxation
     * @param restDecaysVPerH  decay rates of the cell's last judged rests
     * @param restLevel        verdict of the last fitted rest
     * @param restDecayVPerH   its decay rate
     * @param efficiencies     CE of the last judged cycles
     * @param leaksCRate       leak of the last judged cycles, C-rate
     * @param overpotentialsV  Li//Li overpotentials of the last cycles
     * @param cycleLevel       verdict of the cycle rules, held until the next cycle
     * @param cycleSummary     its sentence
     * @param latch            reporting state
     */
    public record State(int stepSamples, Double noiseAbsDiffV, List<Double> dropTimesS, int dropsThisStep,
            int eventsThisStep, Double restStartS, RestFit restFit, List<Double> restDecaysVPerH, Severity restLevel,
            Double restDecayVPerH,
            List<Double> efficiencies, List<Double> leaksCRate, List<Double> overpotentialsV, Severity cycleLevel,
            String cycleSummary, Latch latch) {

        public static final State INITIAL = new State(0, null, List.of(), 0, 0, null, null, List.of(), null, null,
                List.of(), List.of(), List.of(), null, null, Latch.IDLE);

        public State {
            dropTimesS = List.copyOf(dropTimesS);
            restDecaysVPerH = List.copyOf(restDecaysVPerH);
            efficiencies = List.copyOf(efficiencies);
            leaksCRate = List.copyOf(leaksCRate);
            overpotentialsV = List.copyOf(overpotentialsV);
        }
    }

    public record Outcome(State state, List<Finding> findings) {
    }

    private final Config config;
    private final CellScale cell;
    private final double repeatEveryS;

    SoftShortDetector(Config config, CellScale cell, double repeatEveryS) {
        this.config = config;
        this.cell = cell;
        this.repeatEveryS = repeatEveryS;
    }

    /** One sample with a usable voltage; {@code prev} the previous usable sample (null for the first). */
    public Outcome onSample(State st, Sample prev, Sample s, FindingContext ctx) {
        double t = s.timeS();
        int direction = cell.direction(s.currentA());
        int prevDirection = prev == null ? 0 : cell.direction(prev.currentA());

        // --- sudden drops during a constant-current charge (full cells) ---
        boolean charging = !cell.symmetric() && cell.inputDirection() > 0 && direction > 0;
        boolean sameStep = charging && prevDirection > 0 && sameStepIndex(prev, s);
        int stepSamples = sameStep ? st.stepSamples() + 1 : charging ? 1 : 0;
        Double noise = st.noiseAbsDiffV();
        List<Double> drops = Stats.within(st.dropTimesS(), t, config.dropMemoryS());
        int dropsThisStep = sameStep ? st.dropsThisStep() : 0;
        int eventsThisStep = sameStep ? st.eventsThisStep() : 0;
        Double lastDropV = null;
        if (sameStep && stepSamples > config.skipStepSamples() + 1 && t > prev.timeS()
                && Math.abs(s.currentA() - prev.currentA())
                        <= config.constantCurrentTolerance() * Math.abs(prev.currentA())) {
            double dv = s.voltageV() - prev.voltageV();
            // Mean |ΔV| of Gaussian noise is 2σ/√π (a difference of two samples has σ√2).
            double sigma = noise == null ? 0 : noise * Math.sqrt(Math.PI) / 2;
            double eventV = Math.max(config.eventMinDropV(), config.eventNoiseMultiple() * sigma);
            if (-dv >= config.warningDropV()) {
                drops = Stats.plus(drops, t);
                dropsThisStep++;
                lastDropV = dv;
            } else if (-dv >= eventV) {
                eventsThisStep++;
            } else {
                noise = noise == null ? Math.abs(dv) : noise + config.noiseSmoothing() * (Math.abs(dv) - noise);
            }
        }
        Severity dropLevel = dropsThisStep >= config.dropsForCritical() ? Severity.CRITICAL
                : drops.size() >= config.dropsForWarning() ? Severity.WARNING : null;

        // --- rest voltage after a storing step, judged when the rest ends ---
        Double restStart = st.restStartS();
        RestFit fit = st.restFit();
        Severity restLevel = st.restLevel();
        Double restDecay = st.restDecayVPerH();
        List<Double> restDecays = st.restDecaysVPerH();
        if (direction == 0 && !cell.symmetric()) {
            if (restStart == null && prevDirection != 0 && prevDirection == cell.inputDirection()) {
                restStart = t;
                fit = null;
            }
            if (restStart != null && t - restStart >= config.restRelaxS()) {
                fit = (fit == null ? new RestFit(t, 0, 0, 0, 0, 0) : fit).with(t, s.voltageV());
            }
        } else {
            Double slope = fit == null ? null : fit.slope();
            if (slope != null && fit.spanS(prev.timeS()) >= config.restMinFitS()) {
                // Self-discharge moves the voltage against the storing direction. Compared with the cell's own
                // earlier rests as well as the absolute level: a real cell can relax for hours (the shared LG M50
                // file at 0 °C still falls 5–14 mV/h 15–120 min into every rest after charge), a soft short
                // makes it fall faster than it used to.
                double decay = -cell.inputDirection() * slope * 3600;
                Double usual = restDecays.size() >= config.restBaselineRests() ? Stats.median(restDecays) : null;
                restLevel = usual != null && decay > config.warningRestDecayVPerH()
                        && decay > config.restDecayOwnMultiple() * Math.max(usual, 0) ? Severity.WARNING : null;
                restDecay = decay;
                restDecays = Stats.appendBounded(restDecays, decay, config.restHistoryRests());
            }
            restStart = null;
            fit = null;
        }

        Severity level = ThermalDetector.max(ThermalDetector.max(dropLevel, restLevel), st.cycleLevel());
        Latch.Step step = st.latch().evaluate(level, t, 1, config.clearAfterSamples(), repeatEveryS);
        State next = new State(stepSamples, noise, drops, dropsThisStep, eventsThisStep, restStart, fit, restDecays,
                restLevel, restDecay, st.efficiencies(), st.leaksCRate(), st.overpotentialsV(), st.cycleLevel(),
                st.cycleSummary(), step.latch());
        if (!step.reports()) {
            return new Outcome(next, List.of()); // the usual case: no sentence or evidence to build
        }
        String summary;
        if (dropLevel != null && dropLevel == level) {
            summary = Evidence.fmt("%d sudden voltage drop(s) of 20 mV or more during charge in the last %.0f h"
                    + " (%d in this charge%s): intermittent internal contact, soft short", drops.size(),
                    config.dropMemoryS() / 3600, dropsThisStep,
                    lastDropV == null ? "" : Evidence.fmt(", latest %.1f mV", lastDropV * 1000));
        } else if (st.cycleLevel() != null && st.cycleLevel() == level) {
            summary = st.cycleSummary();
        } else if (restLevel != null) {
            summary = Evidence.fmt("Rest voltage after charge fell %.2f mV/h, more than %.1f mV/h and %.0f× the cell's"
                    + " usual: self-discharge through a soft short", restDecay * 1000,
                    config.warningRestDecayVPerH() * 1000, config.restDecayOwnMultiple());
        } else {
            summary = "No sudden drops, rest decay or charge imbalance any more";
        }
        Finding f = ctx.report(st.latch(), step, FindingType.SOFT_SHORT, level, t, NAME, summary,
                Evidence.of().with("drops_in_memory", (double) drops.size())
                        .with("drops_this_charge", (double) dropsThisStep)
                        .with("events_this_charge", (double) eventsThisStep)
                        .with("drop_v", lastDropV).with("noise_abs_diff_v", noise)
                        .with("rest_decay_v_per_h", restDecay)
                        .with("median_coulombic_efficiency", Stats.median(st.efficiencies()))
                        .with("median_leak_c_rate", Stats.median(st.leaksCRate())).map());
        return new Outcome(next, List.of(f));
    }

    /** A finished cycle: efficiency and leak over the last cycles; Li//Li overpotential fall. */
    public Outcome onCycle(State st, CycleResult r, FindingContext ctx) {
        if (Boolean.TRUE.equals(r.provisional()) || !Boolean.TRUE.equals(r.complete())) {
            return new Outcome(st, List.of());
        }
        double t = r.endTimeS() != null ? r.endTimeS() : 0.0;
        List<Double> efficiencies = st.efficiencies();
        List<Double> leaks = st.leaksCRate();
        List<Double> etas = st.overpotentialsV();
        Severity cycleLevel = null;
        String summary = null;
        Evidence evidence = Evidence.of();
        if (cell.symmetric()) {
            Double eta = HardShortDetector.overpotentialV(r);
            if (eta != null) {
                Double reference = etas.size() >= 3 ? Stats.median(etas) : null;
                if (reference != null && eta < (1 - config.symmetricFallShare()) * reference) {
                    cycleLevel = Severity.WARNING;
                    summary = Evidence.fmt("Symmetric cell overpotential fell to %.1f mV, %.0f %% below the %.1f mV"
                            + " of its previous cycles: a falling overpotential is a soft short, not an improvement",
                            eta * 1000, (1 - eta / reference) * 100, reference * 1000);
                }
                evidence.with("overpotential_v", eta).with("reference_overpotential_v", reference);
                etas = Stats.appendBounded(etas, eta, config.symmetricHistoryCycles());
            }
        } else if (r.cycle() != null && r.cycle() > config.formationCycles() && r.coulombicEfficiency() != null
                && r.durationS() != null && r.durationS() > 0) {
            boolean dischargeOut = r.efficiencyConvention() != EfficiencyConvention.CHARGE_OVER_DISCHARGE;
            double in = dischargeOut ? r.chargeAh() : r.dischargeAh();
            double out = dischargeOut ? r.dischargeAh() : r.chargeAh();
            efficiencies = Stats.appendBounded(efficiencies, r.coulombicEfficiency(), config.persistenceCycles());
            if (cell.nominalAh() != null) {
                double leak = (in - out) / (r.durationS() / 3600.0) / cell.nominalAh();
                leaks = Stats.appendBounded(leaks, leak, config.persistenceCycles());
            }
            if (efficiencies.size() >= config.persistenceCycles()) {
                Double ce = Stats.median(efficiencies);
                Double leak = leaks.size() >= config.persistenceCycles() ? Stats.median(leaks) : null;
                Severity ceLevel = ce < config.warningEfficiency() ? Severity.WARNING : null;
                Severity leakLevel = leak == null ? null
                        : ThermalDetector.level(leak, Double.POSITIVE_INFINITY, config.warningLeakCRate(),
                                config.criticalLeakCRate());
                cycleLevel = ThermalDetector.max(ceLevel, leakLevel);
                if (cycleLevel != null) {
                    summary = Evidence.fmt("Charge persistently above discharge: median Coulombic efficiency %.2f %%"
                            + " and leak %.3f C over the last %d cycles (warning below %.0f %% or above %.2f C)",
                            ce * 100, leak == null ? Double.NaN : leak, efficiencies.size(),
                            config.warningEfficiency() * 100, config.warningLeakCRate());
                }
                evidence.with("median_coulombic_efficiency", ce).with("median_leak_c_rate", leak);
            }
        }
        Latch.Step step = st.latch().evaluate(cycleLevel, t, 1, config.clearAfterSamples(), repeatEveryS);
        Latch latch = cycleLevel == null ? st.latch() : step.latch();
        State next = new State(st.stepSamples(), st.noiseAbsDiffV(), st.dropTimesS(), st.dropsThisStep(),
                st.eventsThisStep(), st.restStartS(), st.restFit(), st.restDecaysVPerH(), st.restLevel(),
                st.restDecayVPerH(), efficiencies,
                leaks, etas, cycleLevel, summary, latch);
        Finding f = cycleLevel == null ? null
                : ctx.report(st.latch(), step, FindingType.SOFT_SHORT, cycleLevel, t, NAME, summary, evidence.map());
        return new Outcome(next, f == null ? List.of() : List.of(f));
    }

    private static boolean sameStepIndex(Sample a, Sample b) {
        return a.stepIndex() == null || b.stepIndex() == null || a.stepIndex().equals(b.stepIndex());
    }
}
