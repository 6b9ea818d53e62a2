package io.cellwatch.streams.detect;

import io.cellwatch.telemetry.CellMetadata;
import io.cellwatch.telemetry.CycleResult;
import io.cellwatch.telemetry.Finding;
import io.cellwatch.telemetry.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The safety detectors of one cell, fed one sample at a time: the single entry point for the Kafka Streams
 * processor and for {@code cellwatch replay}, like {@code CellAnalytics}.
 *
 * <pre>{@code
 * CellAnalytics analytics = new CellAnalytics(meta, AnalyticsOptions.defaults());
 * CellDetectors detectors = new CellDetectors(meta, DetectionConfig.defaults());
 * for (Sample s : samples) {
 *     for (CycleResult c : analytics.accept(s)) {      // cycles this sample finished: before the sample
 *         publish(detectors.onCycle(c));
 *     }
 *     publish(detectors.onSample(s, System.currentTimeMillis()));
 * }
 * // on a wall-clock punctuation:  publish(detectors.onWallClock(now));
 * }</pre>
 *
 * <p>What each sample meets, in order: {@link SensorFaultDetector} (which readings are usable),
 * {@link StaleChannelDetector} (data is flowing), {@link ThermalDetector} (only with a usable temperature),
 * {@link HardShortDetector} and {@link SoftShortDetector} (only with a usable voltage). Cycles go to the
 * short detectors and {@link TrendDetector}. Every detector de-duplicates itself ({@link Latch}): a condition
 * is reported when it starts, again when its severity rises or every {@link DetectionConfig#repeatEveryS()},
 * and once with {@code cleared = true} when it stops.
 *
 * <p>Samples must arrive in the cell's order; a seq not above the highest seen is ignored, as in the
 * analytics. Not thread-safe; one instance per cell; {@link #state()} is the whole memory.
 */
public final class CellDetectors {

    private final CellMetadata cell;
    private final DetectionConfig config;
    private final SensorFaultDetector sensor;
    private final ThermalDetector thermal;
    private final HardShortDetector hardShort;
    private final SoftShortDetector softShort;
    private final StaleChannelDetector stale;
    private final TrendDetector trend;
    private CellDetectorsState state;

    public CellDetectors(CellMetadata cell, DetectionConfig config) {
        this(cell, config, CellDetectorsState.INITIAL);
    }

    private CellDetectors(CellMetadata cell, DetectionConfig config, CellDetectorsState state) {
        this.cell = Objects.requireNonNull(cell, "cell");
        this.config = Objects.requireNonNull(config, "config");
        this.state = Objects.requireNonNull(state, "state");
        CellScale scale = CellScale.of(cell);
        double repeat = config.repeatEveryS();
        this.sensor = new SensorFaultDetector(config.sensor(), scale, repeat);
        this.thermal = new ThermalDetector(config.thermal(), scale, repeat);
        this.hardShort = new HardShortDetector(config.hardShort(), scale, repeat);
        this.softShort = new SoftShortDetector(config.softShort(), scale, repeat);
        this.stale = new StaleChannelDetector(config.stale(), scale, repeat);
        this.trend = new TrendDetector(config.trend(), scale);
    }

    /** Carries on from a stored {@link #state()}. */
    public static CellDetectors restore(CellMetadata cell, DetectionConfig config, CellDetectorsState state) {
        return new CellDetectors(cell, config, state);
    }

    /** The next sample, received at {@code wallClockMillis}; returns what it made the detectors report. */
    public List<Finding> onSample(Sample s, long wallClockMillis) {
        CellDetectorsState st = state;
        if (!usable(s) || (s.seq() != null && st.lastSeq() != null && s.seq() <= st.lastSeq())) {
            state = new CellDetectorsState(st.lastSeq(), st.ignored() + 1, st.lastUsable(), st.lastFinishedCycle(),
                    st.window(), st.sensor(), st.thermal(), st.hardShort(), st.softShort(), st.stale(), st.trend(),
                    st.lastEfficiency());
            return List.of();
        }
        List<Sample> window = SampleWindow.of(st.window()).plus(s, config.windowSamples());
        Integer cycle = st.lastFinishedCycle() != null ? Integer.valueOf(st.lastFinishedCycle() + 1) : s.cycleIndex();
        FindingContext ctx = FindingContext.of(cell, cycle, window);
        SensorFaultDetector.Outcome checked = sensor.onSample(st.sensor(), s, ctx);
        List<Finding> findings = checked.findings();
        SensorFaultDetector.Verdict verdict = checked.verdict();

        StaleChannelDetector.Outcome flowing = stale.onSample(st.stale(), s, wallClockMillis, ctx);
        findings = concat(findings, flowing.findings());

        ThermalDetector.State thermalState = st.thermal();
        if (verdict.temperatureUsable()) {
            ThermalDetector.Outcome o = thermal.onSample(thermalState, s, verdict.chamberUsable(), ctx);
            thermalState = o.state();
            findings = concat(findings, o.findings());
        }
        HardShortDetector.State hardState = st.hardShort();
        SoftShortDetector.State softState = st.softShort();
        Sample lastUsable = st.lastUsable();
        if (verdict.voltageUsable()) {
            HardShortDetector.Outcome hard = hardShort.onSample(hardState, lastUsable, s, ctx);
            hardState = hard.state();
            findings = concat(findings, hard.findings());
            SoftShortDetector.Outcome soft = softShort.onSample(softState, lastUsable, s, ctx);
            softState = soft.state();
            findings = concat(findings, soft.findings());
            lastUsable = s;
        }
        Long seq = s.seq() != null ? s.seq() : st.lastSeq();
        state = new CellDetectorsState(seq, st.ignored(), lastUsable, st.lastFinishedCycle(), window, checked.state(),
                thermalState, hardState, softState, flowing.state(), st.trend(), st.lastEfficiency());
        return findings;
    }

    /** A cycle the analytics finished (feed it before the sample that finished it); provisional ones are ignored. */
    public List<Finding> onCycle(CycleResult r) {
        if (r == null || Boolean.TRUE.equals(r.provisional())) {
            return List.of();
        }
        CellDetectorsState st = state;
        FindingContext ctx = FindingContext.of(cell, r.cycle(), st.window());
        HardShortDetector.Outcome hard = hardShort.onCycle(st.hardShort(), r, ctx);
        SoftShortDetector.Outcome soft = softShort.onCycle(st.softShort(), r, ctx);
        TrendDetector.Outcome trends = trend.onCycle(st.trend(), r, ctx);
        List<Finding> findings = new ArrayList<>(hard.findings());
        findings.addAll(soft.findings());
        findings.addAll(trends.findings());
        Integer finished = r.cycle() != null ? r.cycle() : st.lastFinishedCycle();
        SiblingEfficiencyDetector.CycleEfficiency efficiency = SiblingEfficiencyDetector.CycleEfficiency.of(r,
                cell.cellType(), config.softShort().formationCycles());
        state = new CellDetectorsState(st.lastSeq(), st.ignored(), st.lastUsable(), finished, st.window(), st.sensor(),
                st.thermal(), hard.state(), soft.state(), st.stale(), trends.state(),
                efficiency != null ? efficiency : st.lastEfficiency());
        return findings;
    }

    /** The wall clock now: reports a channel that has been silent too long. */
    public List<Finding> onWallClock(long nowMillis) {
        CellDetectorsState st = state;
        Integer cycle = st.lastFinishedCycle() != null ? Integer.valueOf(st.lastFinishedCycle() + 1)
                : st.lastUsable() != null ? st.lastUsable().cycleIndex() : null;
        StaleChannelDetector.Outcome o = stale.onWallClock(st.stale(), nowMillis,
                FindingContext.of(cell, cycle, st.window()));
        state = new CellDetectorsState(st.lastSeq(), st.ignored(), st.lastUsable(), st.lastFinishedCycle(),
                st.window(), st.sensor(), st.thermal(), st.hardShort(), st.softShort(), o.state(), st.trend(),
                st.lastEfficiency());
        return o.findings();
    }

    /**
     * The cell's voltage noise now, for the comparison with its siblings ({@link SiblingNoiseDetector}): the
     * short-term steady-current σ of {@link SoftShortDetector}, in V; null until it has been measured over
     * {@link SiblingNoiseDetector.Config#minOwnSamples()} steady second differences.
     */
    public Double noiseSigmaV() {
        SoftShortDetector.NoiseHistory h = state.softShort().noiseHistory();
        return h.samples() >= config.siblingNoise().minOwnSamples() ? h.shortV() : null;
    }

    /**
     * The cell's last cycle that the sibling comparison of Coulombic efficiency judges ({@link
     * SiblingEfficiencyDetector}), for its chamber; null before one.
     */
    public SiblingEfficiencyDetector.CycleEfficiency lastEfficiency() {
        return state.lastEfficiency();
    }

    /**
     * The cell's latest rest after a charge with its decay rate, for the comparison with its siblings
     * ({@link SiblingRestDecayDetector}); null before one.
     */
    public SiblingRestDecayDetector.RestDecay lastRestDecay() {
        SoftShortDetector.State soft = state.softShort();
        return soft.restDecayAtS() == null || soft.restDecayVPerH() == null ? null
                : new SiblingRestDecayDetector.RestDecay(soft.restDecayAtS(), soft.restDecayVPerH());
    }

    /** The whole memory of this cell's detectors, to store and {@link #restore} later. */
    public CellDetectorsState state() {
        return state;
    }

    public CellMetadata cell() {
        return cell;
    }

    public DetectionConfig config() {
        return config;
    }

    /** {@code a} then {@code b}; a new list only when both have findings (almost no sample has any). */
    static List<Finding> concat(List<Finding> a, List<Finding> b) {
        if (b.isEmpty()) {
            return a;
        }
        if (a.isEmpty()) {
            return b;
        }
        List<Finding> both = new ArrayList<>(a.size() + b.size());
        both.addAll(a);
        both.addAll(b);
        return both;
    }

    private static boolean usable(Sample s) {
        return s != null && finite(s.timeS()) && finite(s.voltageV()) && finite(s.currentA());
    }

    private static boolean finite(Double d) {
        return d != null && Double.isFinite(d);
    }
}
