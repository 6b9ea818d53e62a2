package io.cellwatch.streams.detect;

import io.cellwatch.telemetry.Finding;
import io.cellwatch.telemetry.FindingType;
import io.cellwatch.telemetry.Sample;
import io.cellwatch.telemetry.Severity;
import java.util.List;

/**
 * A channel that stopped sending (DETECTION.md, "stale channel"): the only rule on wall-clock time
 * (ARCHITECTURE.md: event time is the cycler's; wall clock only detects silence). A warning when no sample
 * has arrived for longer than max(k × the nominal sample period, a floor); a cleared finding with the length
 * of the silence when data comes back.
 */
public final class StaleChannelDetector {

    static final String NAME = "StaleChannelDetector";

    /**
     * @param periodMultiple   silent for more than this many nominal periods → stale. Default 3 (DETECTION.md;
     *                         foxBMS measurement-timeout diagnostics, k = 3 [D])
     * @param floorS           but never less than this. Default 60 s [D]: edge agents batch samples and MQTT
     *                         QoS 1 redelivers after reconnects; a 1 Hz channel is not stale after 3 s
     * @param unknownPeriodS   the period assumed when the metadata has none. Default 60 s [D]: coin-cell tests
     *                         log every 1–60 s; this errs on the quiet side (stale after 3 min)
     */
    public record Config(double periodMultiple, double floorS, double unknownPeriodS) {

        public static Config defaults() {
            return new Config(3.0, 60.0, 60.0);
        }
    }

    /**
     * @param lastWallMillis    wall clock when the last sample arrived, null before one
     * @param lastSampleTimeS   cycler time of that sample
     * @param stale             a stale finding is open
     * @param reportedAtMillis  wall clock of its last report
     */
    public record State(Long lastWallMillis, Double lastSampleTimeS, boolean stale, Long reportedAtMillis) {
        public static final State INITIAL = new State(null, null, false, null);
    }

    public record Outcome(State state, List<Finding> findings) {
    }

    private final Config config;
    private final CellScale cell;
    private final double repeatEveryS;

    StaleChannelDetector(Config config, CellScale cell, double repeatEveryS) {
        this.config = config;
        this.cell = cell;
        this.repeatEveryS = repeatEveryS;
    }

    /** Silence longer than this is stale, in seconds. */
    public double limitS() {
        double period = cell.samplePeriodS() != null ? cell.samplePeriodS() : config.unknownPeriodS();
        return Math.max(config.periodMultiple() * period, config.floorS());
    }

    /** A sample arrived at {@code wallMillis}: data is flowing; closes an open stale finding. */
    public Outcome onSample(State st, Sample s, long wallMillis, FindingContext ctx) {
        State next = new State(wallMillis, s.timeS(), false, null);
        if (!st.stale()) {
            return new Outcome(next, List.of());
        }
        double silenceS = st.lastWallMillis() == null ? 0 : (wallMillis - st.lastWallMillis()) / 1000.0;
        Finding f = ctx.finding(FindingType.STALE_CHANNEL, Severity.WARNING, s.timeS(), NAME,
                Evidence.fmt("Cleared: data is back after %.1f min of silence (stale after %.1f min)", silenceS / 60,
                        limitS() / 60),
                Evidence.of().with("silence_s", silenceS).with("limit_s", limitS()).map(), true);
        return new Outcome(next, List.of(f));
    }

    /** The wall clock ticked: is the channel silent for too long? */
    public Outcome onWallClock(State st, long nowMillis, FindingContext ctx) {
        if (st.lastWallMillis() == null) {
            return new Outcome(st, List.of());
        }
        double silenceS = (nowMillis - st.lastWallMillis()) / 1000.0;
        if (silenceS <= limitS()) {
            return new Outcome(st, List.of());
        }
        boolean repeat = st.stale() && (nowMillis - st.reportedAtMillis()) / 1000.0 >= repeatEveryS;
        if (st.stale() && !repeat) {
            return new Outcome(st, List.of());
        }
        Finding f = ctx.finding(FindingType.STALE_CHANNEL, Severity.WARNING, st.lastSampleTimeS(), NAME,
                Evidence.fmt("No data from this channel for %.1f min (expected a sample every %.0f s, stale after"
                        + " %.1f min)", silenceS / 60,
                        cell.samplePeriodS() != null ? cell.samplePeriodS() : config.unknownPeriodS(), limitS() / 60),
                Evidence.of().with("silence_s", silenceS).with("limit_s", limitS())
                        .with("sample_period_s", cell.samplePeriodS()).map(), false);
        return new Outcome(new State(st.lastWallMillis(), st.lastSampleTimeS(), true, nowMillis), List.of(f));
    }
}
