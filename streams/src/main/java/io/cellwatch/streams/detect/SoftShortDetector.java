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
 *   <li><b>Voltage noise against the cell's own history</b> (DETECTION.md row "voltage noise"; a soft short
 *       flickers): over steady-current samples only (one step, current within ±1 %, not the first samples of a
 *       step), the noise σ is estimated from the second difference of the voltage (which cancels the linear
 *       trend of the step), each value clipped at a few times the reference, and steep stretches (a knee, a
 *       drop) left out as curvature, not noise. A fast EWMA is the short-term noise; the mean of the cell's
 *       first steady samples, then a slow EWMA (frozen while the noise is high), its baseline; short-term above
 *       max(floor, k × baseline) for a debounced run of steady samples is a warning.</li>
 * </ul>
 * The comparison of a cell's voltage noise with its siblings' (DETECTION.md's max(2 mV, 3× sibling median)) needs
 * the chamber-wide view and runs there: {@link SiblingNoiseDetector}, fed this rule's short-term σ
 * ({@link CellDetectors#noiseSigmaV()}); it also catches a cell noisy from its first sample, which the own-history
 * rule learns as its baseline. Likewise the Coulombic efficiency against the siblings' (median − 3·MAD) runs there:
 * {@link SiblingEfficiencyDetector}, fed {@link CellDetectors#lastEfficiency()}; it catches a leak too small for
 * the 97 % and 0.01 C limits here; and the rest voltage decay against the siblings' (3× their median):
 * {@link SiblingRestDecayDetector}, fed {@link CellDetectors#lastRestDecay()}, which needs no healthy history of the
 * cell.
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
     * @param noiseShortSmoothing    weight of a new steady-current second-difference σ in the short-term noise
     *                               EWMA. Default 0.01 [D]: a memory of about 100 steady samples (17 min at 10 s,
     *                               100 min at 60 s), so one knee or one drop cannot move it far, while a
     *                               flickering contact that lasts a cycle is seen within it
     * @param noiseBaselineSamples   steady samples whose plain mean makes the cell's baseline before the rule
     *                               judges anything. Default 360 [D]: an hour of charge at 10 s samples, a few
     *                               cycles at 60 s; the cell's own contacts and channel, not a typical figure
     * @param noiseBaselineSmoothing after that, weight of a new sample in the slow baseline EWMA, applied only
     *                               while the noise is not high (a fault must not become the baseline).
     *                               Default 0.0005 [D]: a memory of about 2000 steady samples, many cycles, so
     *                               slow ageing and temperature drift are followed
     * @param noiseRatioWarning      short-term above this × baseline → warning. Default 1.5 [D]: DETECTION.md's
     *                               3× is against the median of sibling cells, which differ in contacts and
     *                               channels; the same cell on the same channel scatters far less (the
     *                               short-term EWMA's own scatter is ≈ 10 %), and a flickering soft short
     *                               doubles it (the simulator's assumption, FaultPhysics.SOFT_SHORT_NOISE_FACTOR)
     * @param noiseMinSigmaV         …and above this absolute σ. Default 0.0004 V [D]: four steps of a 24-bit
     *                               channel's 0.1 mV resolution, so a cell whose noise is mostly quantization
     *                               does not alarm on a few LSBs; DETECTION.md's 2 mV floor belongs to the
     *                               sibling comparison
     * @param noiseClipMultiple      a second difference counts at most this × max(reference σ, floor), and a pair
     *                               whose first difference exceeds √2 × that (a knee at the end of a step, a drop
     *                               and its recovery) is not counted at all. Default 4 [D]: Gaussian noise even
     *                               at twice the reference is hardly clipped (< 2 % of pairs left out); without
     *                               the steepness test the knees of a healthy 10 s cell lifted the short-term
     *                               estimate to 1.6× its baseline, with it the highest seen is 1.3×
     * @param noiseDebounceSamples   leaky counter (+1 high, −1 not, on steady samples only): raised at this,
     *                               cleared at 0 (foxBMS 2 style, DETECTION.md "Debounce and escalate").
     *                               Default 30 steady samples [D]: 5 min at 10 s, longer than a knee
     */
    public record Config(double eventMinDropV, double eventNoiseMultiple, double warningDropV, int dropsForWarning,
            int dropsForCritical, double dropMemoryS, double constantCurrentTolerance, int skipStepSamples,
            double noiseSmoothing, double warningEfficiency, double warningLeakCRate, double criticalLeakCRate,
            int persistenceCycles, int formationCycles, double restRelaxS, double restMinFitS,
            double warningRestDecayVPerH, double restDecayOwnMultiple, int restBaselineRests, int restHistoryRests,
            double symmetricFallShare, int symmetricHistoryCycles,
            int clearAfterSamples, double noiseShortSmoothing, int noiseBaselineSamples,
            double noiseBaselineSmoothing, double noiseRatioWarning, double noiseMinSigmaV, double noiseClipMultiple,
            int noiseDebounceSamples) {

        public static Config defaults() {
            return new Config(0.005, 6.0, 0.020, 1, 3, 21600.0, 0.01, 2, 0.05, 0.97, 0.01, 0.05, 3, 1, 900.0, 600.0,
                    0.001, 3.0, 2, 5, 0.30, 10, 30, 0.01, 360, 0.0005, 1.5, 0.0004, 4.0, 30);
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
     * The voltage-noise rule's memory: a few numbers, no samples.
     *
     * @param run       consecutive steady-current sample pairs in the present step (0 after a break)
     * @param lastDvV   the last steady pair's voltage difference, null after a break
     * @param lastDtS   its time difference
     * @param samples   steady second differences seen (counts up to the baseline's size)
     * @param shortV    short-term noise σ, V; null before the first
     * @param baselineV the cell's baseline noise σ, V; null before the first
     * @param counter   leaky debounce counter, 0 to {@code noiseDebounceSamples}
     * @param high      raised (counter reached its top) and not yet cleared (counter back at 0)
     */
    public record NoiseHistory(int run, Double lastDvV, Double lastDtS, long samples, Double shortV, Double baselineV,
            int counter, boolean high) {

        public static final NoiseHistory INITIAL = new NoiseHistory(0, null, null, 0, null, null, 0, false);

        /** Nothing steady now: the chain of differences starts again, the estimates stay. */
        NoiseHistory broken() {
            return run == 0 && lastDvV == null ? this
                    : new NoiseHistory(0, null, null, samples, shortV, baselineV, counter, high);
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
     * @param noiseHistory     the voltage-noise rule's memory (a state stored before the rule existed has none)
     * @param restDecayAtS     when the rest that gave {@code restDecayVPerH} ended (cycler time), null before one
     *                         (and in a state stored before it existed): with it, the chamber tells a new rest from
     *                         the one it has judged ({@link SiblingRestDecayDetector})
     */
    public record State(int stepSamples, Double noiseAbsDiffV, List<Double> dropTimesS, int dropsThisStep,
            int eventsThisStep, Double restStartS, RestFit restFit, List<Double> restDecaysVPerH, Severity restLevel,
            Double restDecayVPerH,
            List<Double> efficiencies, List<Double> leaksCRate, List<Double> overpotentialsV, Severity cycleLevel,
            String cycleSummary, Latch latch, NoiseHistory noiseHistory, Double restDecayAtS) {

        public static final State INITIAL = new State(0, null, List.of(), 0, 0, null, null, List.of(), null, null,
                List.of(), List.of(), List.of(), null, null, Latch.IDLE, NoiseHistory.INITIAL, null);

        public State {
            if (noiseHistory == null) {
                noiseHistory = NoiseHistory.INITIAL;
            }
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
        Double restDecayAt = st.restDecayAtS();
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
                restDecayAt = prev.timeS();
                restDecays = Stats.appendBounded(restDecays, decay, config.restHistoryRests());
            }
            restStart = null;
            fit = null;
        }

        // --- voltage noise against the cell's own history (steady-current samples) ---
        NoiseHistory nh = noise(st.noiseHistory(), prev, s, direction, prevDirection);
        Severity noiseLevel = nh.high() ? Severity.WARNING : null;

        Severity level = ThermalDetector.max(ThermalDetector.max(ThermalDetector.max(dropLevel, restLevel),
                st.cycleLevel()), noiseLevel);
        Latch.Step step = st.latch().evaluate(level, t, 1, config.clearAfterSamples(), repeatEveryS);
        State next = new State(stepSamples, noise, drops, dropsThisStep, eventsThisStep, restStart, fit, restDecays,
                restLevel, restDecay, st.efficiencies(), st.leaksCRate(), st.overpotentialsV(), st.cycleLevel(),
                st.cycleSummary(), step.latch(), nh, restDecayAt);
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
        } else if (noiseLevel != null && restLevel == null) {
            summary = Evidence.fmt("Voltage noise during steady current %.2f mV, %.1f× the cell's own %.2f mV"
                    + " (warning above %.1f×): a flickering contact, soft short", nh.shortV() * 1000,
                    nh.shortV() / nh.baselineV(), nh.baselineV() * 1000, config.noiseRatioWarning());
        } else if (restLevel != null) {
            summary = Evidence.fmt("Rest voltage after charge fell %.2f mV/h, more than %.1f mV/h and %.0f× the cell's"
                    + " usual: self-discharge through a soft short", restDecay * 1000,
                    config.warningRestDecayVPerH() * 1000, config.restDecayOwnMultiple());
        } else {
            summary = "No sudden drops, rest decay, charge imbalance or raised voltage noise any more";
        }
        Finding f = ctx.report(st.latch(), step, FindingType.SOFT_SHORT, level, t, NAME, summary,
                Evidence.of().with("drops_in_memory", (double) drops.size())
                        .with("drops_this_charge", (double) dropsThisStep)
                        .with("events_this_charge", (double) eventsThisStep)
                        .with("drop_v", lastDropV).with("noise_abs_diff_v", noise)
                        .with("rest_decay_v_per_h", restDecay)
                        .with("noise_sigma_v", nh.shortV()).with("baseline_noise_sigma_v", nh.baselineV())
                        .with("noise_ratio", nh.shortV() == null || nh.baselineV() == null || nh.baselineV() <= 0
                                ? null : nh.shortV() / nh.baselineV())
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
                leaks, etas, cycleLevel, summary, latch, st.noiseHistory(), st.restDecayAtS());
        Finding f = cycleLevel == null ? null
                : ctx.report(st.latch(), step, FindingType.SOFT_SHORT, cycleLevel, t, NAME, summary, evidence.map());
        return new Outcome(next, f == null ? List.of() : List.of(f));
    }

    /** √(π/12): white noise σ has a mean |second difference| of σ·√6·√(2/π); this times |Δ²V| estimates σ. */
    private static final double SIGMA_PER_ABS_SECOND_DIFFERENCE = Math.sqrt(Math.PI / 12);
    private static final double SQRT2 = Math.sqrt(2);

    /**
     * One sample of the voltage-noise rule. Steady: the same non-zero current direction and step as the previous
     * sample, currents within the constant-current tolerance, sample spacing within 10 % of the previous pair's.
     * Allocation-free except the returned record (and not even that while nothing steady happens).
     */
    private NoiseHistory noise(NoiseHistory h, Sample prev, Sample s, int direction, int prevDirection) {
        if (prev == null || direction == 0 || direction != prevDirection || !sameStepIndex(prev, s)
                || !(s.timeS() > prev.timeS())
                || Math.abs(s.currentA() - prev.currentA())
                        > config.constantCurrentTolerance() * Math.abs(prev.currentA())) {
            return h.broken();
        }
        double dt = s.timeS() - prev.timeS();
        double dv = s.voltageV() - prev.voltageV();
        int run = h.run() + 1;
        if (run <= config.skipStepSamples() + 1 || h.lastDvV() == null
                || Math.abs(dt - h.lastDtS()) > 0.1 * h.lastDtS()) {
            // the first pairs of a step (relaxation after the step change), or a gap: only start the chain
            return new NoiseHistory(run, dv, dt, h.samples(), h.shortV(), h.baselineV(), h.counter(), h.high());
        }
        double reference = h.baselineV() != null ? h.baselineV() : h.shortV() != null ? h.shortV() : 0.0;
        double clip = config.noiseClipMultiple() * Math.max(reference, config.noiseMinSigmaV());
        // A steep stretch (the knee at the end of a step, a drop and its recovery: a first difference beyond what
        // noise at the clip level makes, √2·clip) is curvature, not noise: the chain goes on, nothing is counted.
        double steep = SQRT2 * clip;
        if (Math.abs(dv) > steep || Math.abs(h.lastDvV()) > steep) {
            return new NoiseHistory(run, dv, dt, h.samples(), h.shortV(), h.baselineV(), h.counter(), h.high());
        }
        double sigma = Math.min(Math.abs(dv - h.lastDvV()) * SIGMA_PER_ABS_SECOND_DIFFERENCE, clip);
        long n = h.samples() + 1;
        double shortV = h.shortV() == null ? sigma
                : h.shortV() + Math.max(config.noiseShortSmoothing(), 1.0 / n) * (sigma - h.shortV());
        Double baselineV = h.baselineV();
        int counter = h.counter();
        boolean high = h.high();
        if (n <= config.noiseBaselineSamples()) {
            baselineV = baselineV == null ? sigma : baselineV + (sigma - baselineV) / n; // plain mean
        } else {
            boolean above = shortV > config.noiseMinSigmaV() && shortV > config.noiseRatioWarning() * baselineV;
            counter = above ? Math.min(counter + 1, config.noiseDebounceSamples()) : Math.max(counter - 1, 0);
            high = counter >= config.noiseDebounceSamples() || (high && counter > 0);
            if (!above && !high) {
                baselineV = baselineV + config.noiseBaselineSmoothing() * (sigma - baselineV);
            }
            n = config.noiseBaselineSamples() + 1; // stays small; only "established" matters from here
        }
        return new NoiseHistory(run, dv, dt, n, shortV, baselineV, counter, high);
    }

    private static boolean sameStepIndex(Sample a, Sample b) {
        return a.stepIndex() == null || b.stepIndex() == null || a.stepIndex().equals(b.stepIndex());
    }
}
