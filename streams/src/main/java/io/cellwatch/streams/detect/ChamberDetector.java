package io.cellwatch.streams.detect;

import io.cellwatch.telemetry.Finding;
import io.cellwatch.telemetry.FindingType;
import io.cellwatch.telemetry.Sample;
import io.cellwatch.telemetry.Severity;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The chamber as a whole (DETECTION.md, "chamber"): its air temperature outside the setpoint band, or most of
 * its cells warm together. Either is one {@link FindingType#CHAMBER_TEMPERATURE} finding with chamber scope,
 * not one thermal finding per cell: the cells did not heat themselves.
 *
 * <p>Fed the samples of every cell in the chamber; it keeps each cell's latest readings and judges the
 * chamber on the median of the fresh ones, so one cell's faulty chamber probe cannot raise it.
 */
public final class ChamberDetector {

    static final String NAME = "ChamberDetector";

    /**
     * @param warningBandK        chamber reading (median over cells) more than this from the setpoint → warning.
     *                            Default 3 K [D]: 20× the chamber's normal ±0.15 K wander, and below the 5 K at
     *                            which cells would be flagged one by one
     * @param criticalBandK       → critical. Default 10 K [D], matching the thermal warning offset
     * @param cellsWarmK          a cell reading more than this above the setpoint counts as warm. Default 5 K
     *                            (DETECTION.md: setpoint + 5 K is the first thermal level)
     * @param warmShare           this share of the chamber's fresh cells warm → warning. Default 0.6 [D]: "most"
     * @param minCells            …and at least this many of them. Default 2 [D]: one warm cell is the cell's matter
     * @param freshS              a cell's readings older than this (cycler time, behind the newest) are ignored.
     *                            Default 600 s [D]
     * @param temperatureMinC     readings outside [min, max] are ignored. Default −40 °C (as the sensor check)
     * @param temperatureMaxC     Default 200 °C
     * @param setAfterSamples     debounce, in samples of any cell. Default 3 [D]
     * @param clearAfterSamples   good samples, net, before clearing. Default 10 [D]
     */
    public record Config(double warningBandK, double criticalBandK, double cellsWarmK, double warmShare, int minCells,
            double freshS, double temperatureMinC, double temperatureMaxC, int setAfterSamples, int clearAfterSamples) {

        public static Config defaults() {
            return new Config(3.0, 10.0, 5.0, 0.6, 2, 600.0, -40.0, 200.0, 3, 10);
        }
    }

    /** One cell's latest readings. */
    public record Reading(double timeS, Double cellC, Double chamberC) {
    }

    /**
     * The chamber's whole stored memory: this detector's, and the sibling-noise rule's beside it (one store and one
     * serde per chamber, so a state stored before that rule existed restores with its readings empty).
     *
     * @param cells        latest readings by cell id
     * @param window       the chamber's latest raw samples, any cell, oldest first
     * @param latch        reporting state
     * @param siblingNoise {@link SiblingNoiseDetector}'s memory (absent in an older stored state → empty)
     * @param siblingEfficiency {@link SiblingEfficiencyDetector}'s memory (absent in an older stored state → empty)
     * @param siblingRestDecay {@link SiblingRestDecayDetector}'s memory (absent in an older stored state → empty)
     */
    public record State(Map<String, Reading> cells, List<Sample> window, Latch latch,
            SiblingNoiseDetector.State siblingNoise, SiblingEfficiencyDetector.State siblingEfficiency,
            SiblingRestDecayDetector.State siblingRestDecay) {
        public static final State INITIAL = new State(Map.of(), List.of(), Latch.IDLE,
                SiblingNoiseDetector.State.INITIAL, SiblingEfficiencyDetector.State.INITIAL,
                SiblingRestDecayDetector.State.INITIAL);

        public State {
            cells = Map.copyOf(cells);
            window = List.copyOf(window);
            if (siblingNoise == null) {
                siblingNoise = SiblingNoiseDetector.State.INITIAL;
            }
            if (siblingEfficiency == null) {
                siblingEfficiency = SiblingEfficiencyDetector.State.INITIAL;
            }
            if (siblingRestDecay == null) {
                siblingRestDecay = SiblingRestDecayDetector.State.INITIAL;
            }
        }
    }

    public record Outcome(State state, List<Finding> findings) {
    }

    private final Config config;
    private final Double setpointC;
    private final int windowSamples;
    private final double repeatEveryS;

    ChamberDetector(Config config, Double setpointC, int windowSamples, double repeatEveryS) {
        this.config = config;
        this.setpointC = setpointC;
        this.windowSamples = windowSamples;
        this.repeatEveryS = repeatEveryS;
    }

    /**
     * A chamber's memory while it runs: what {@link State} holds, kept mutable so a sample updates one cell's
     * reading in place instead of copying every cell's (a chamber of 200 cells copied 200 readings twice per
     * sample, the chamber processor's main cost). {@link #state()} builds the record when asked (at commit).
     * One per chamber, never shared.
     */
    static final class Live {
        private final Map<String, Reading> cells;
        private final ArrayDeque<Sample> window;
        private Latch latch;
        /** The sibling-noise rule's memory, kept beside. */
        final Siblings.Live<SiblingNoiseDetector.Reading> siblingNoise;
        /** The sibling-efficiency rule's memory, kept beside. */
        final Siblings.Live<SiblingEfficiencyDetector.Reading> siblingEfficiency;
        /** The sibling rest-decay rule's memory, kept beside. */
        final Siblings.Live<SiblingRestDecayDetector.Reading> siblingRestDecay;
        private double[] scratch = new double[16];

        Live(State st) {
            cells = new HashMap<>(st.cells());
            window = new ArrayDeque<>(st.window());
            latch = st.latch();
            siblingNoise = new Siblings.Live<>(st.siblingNoise().cells());
            siblingEfficiency = new Siblings.Live<>(st.siblingEfficiency().cells());
            siblingRestDecay = new Siblings.Live<>(st.siblingRestDecay().cells());
        }

        State state() {
            return new State(cells, List.copyOf(window), latch, new SiblingNoiseDetector.State(siblingNoise.cells),
                    new SiblingEfficiencyDetector.State(siblingEfficiency.cells),
                    new SiblingRestDecayDetector.State(siblingRestDecay.cells));
        }

        /** The latest raw samples, any cell, oldest first. */
        Iterable<Sample> window() {
            return window;
        }
    }

    /** The pure form: {@code st} is left as it is; the outcome carries the next state. */
    public Outcome onSample(State st, Sample s, String lab, String chamber) {
        Live live = new Live(st);
        List<Finding> findings = onSample(live, s, lab, chamber);
        return new Outcome(live.state(), findings);
    }

    List<Finding> onSample(Live live, Sample s, String lab, String chamber) {
        double t = s.timeS();
        live.cells.put(s.cellId(), new Reading(t, plausible(s.cellTemperatureC()), plausible(s.chamberTemperatureC())));
        live.window.addLast(s);
        while (live.window.size() > windowSamples) {
            live.window.removeFirst();
        }
        if (live.scratch.length < live.cells.size()) {
            live.scratch = new double[Math.max(2 * live.scratch.length, live.cells.size())];
        }
        int readings = 0;
        int fresh = 0;
        int warm = 0;
        for (Reading r : live.cells.values()) {
            if (t - r.timeS() > config.freshS()) {
                continue;
            }
            if (r.chamberC() != null) {
                live.scratch[readings++] = r.chamberC();
            }
            if (r.cellC() != null) {
                fresh++;
                if (setpointC != null && r.cellC() > setpointC + config.cellsWarmK()) {
                    warm++;
                }
            }
        }
        Double chamberC = Stats.medianInPlace(live.scratch, readings);
        Double offsetK = chamberC == null || setpointC == null ? null : chamberC - setpointC;
        Severity band = offsetK == null ? null
                : ThermalDetector.level(Math.abs(offsetK), Double.POSITIVE_INFINITY, config.warningBandK(),
                        config.criticalBandK());
        boolean mostWarm = fresh > 0 && warm >= config.minCells() && warm >= config.warmShare() * fresh;
        Severity level = ThermalDetector.max(band, mostWarm ? Severity.WARNING : null);
        Latch before = live.latch;
        Latch.Step step = before.evaluate(level, t, config.setAfterSamples(), config.clearAfterSamples(),
                repeatEveryS);
        live.latch = step.latch();
        if (!step.reports()) {
            return List.of(); // the usual case: no sentence or evidence to build
        }
        FindingContext ctx = new FindingContext(null, lab, chamber, null, List.copyOf(live.window));
        String summary = offsetK != null && band != null || !mostWarm
                ? Evidence.fmt("Chamber air at %.1f °C, %+.1f K from its %.1f °C setpoint (band ±%.0f K); %d of %d"
                        + " cells above setpoint + %.0f K", chamberC == null ? Double.NaN : chamberC,
                        offsetK == null ? Double.NaN : offsetK, setpointC == null ? Double.NaN : setpointC,
                        config.warningBandK(), warm, fresh, config.cellsWarmK())
                : Evidence.fmt("%d of %d cells in the chamber are more than %.0f K above the %.1f °C setpoint together:"
                        + " the chamber, not the cells", warm, fresh, config.cellsWarmK(), setpointC);
        Finding f = ctx.report(before, step, FindingType.CHAMBER_TEMPERATURE, level, t, NAME, summary,
                Evidence.of().with("chamber_temperature_c", chamberC).with("setpoint_c", setpointC)
                        .with("offset_k", offsetK).with("warm_cells", (double) warm).with("fresh_cells", (double) fresh)
                        .with("band_k", config.warningBandK()).map());
        return List.of(f);
    }

    private Double plausible(Double c) {
        return c != null && Double.isFinite(c) && c >= config.temperatureMinC() && c <= config.temperatureMaxC()
                ? c : null;
    }
}
