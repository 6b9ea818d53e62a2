package io.cellwatch.edge.reader;

/**
 * Builds {@code time_s} (absolute Unix seconds) from a row's test time and, when the file has one, its
 * wall-clock date column.
 *
 * <p>Why not simply use the date column: Neware and Maccor write it to the whole second, while test
 * time has 10 ms resolution (Maccor pulses are 10 ms apart), so the date alone would give
 * zero-length and misordered intervals. And the two clocks drift apart: over the shared files the
 * wall clock and the test clock differ by up to 9 s (Maccor, 2 days), 18 s (Neware, 6 days) and 31 s
 * (Maccor diagnostic, 1.6 days). The cycler integrates its own capacity counters on the test clock, so
 * intervals must come from the test clock too.
 *
 * <p>The rule: {@code time_s = anchor + test_time}, the anchor taken from the first dated row
 * ({@code date - test_time}). A gap larger than {@link #RESYNC_THRESHOLD_S} between the date and the
 * anchored time is not drift but a pause, a restarted test clock or a clock change: the anchor is
 * taken again from that row. Without a date column the anchor is the start epoch from the options; a
 * row with a date but no test time uses the date as is.
 */
final class TimeAnchor {

    /** Drift seen in real files is tens of seconds over days; a minute apart means a real jump. */
    static final double RESYNC_THRESHOLD_S = 60.0;

    private final double fallbackStartEpochS;
    private Double anchor;
    private double maxDriftS;
    private boolean sawDate;
    private int resyncs;

    TimeAnchor(double fallbackStartEpochS) {
        this.fallbackStartEpochS = fallbackStartEpochS;
    }

    /** Unix seconds of a row; at least one argument is non-null. */
    double timeOf(Double testTimeS, Double dateEpochS) {
        if (dateEpochS == null) {
            if (testTimeS == null) {
                throw new IllegalArgumentException("a row needs a test time or a date");
            }
            return (anchor != null ? anchor : fallbackStartEpochS) + testTimeS;
        }
        sawDate = true;
        if (testTimeS == null) {
            return dateEpochS;
        }
        if (anchor == null) {
            anchor = dateEpochS - testTimeS;
            return dateEpochS;
        }
        double anchored = anchor + testTimeS;
        double drift = Math.abs(dateEpochS - anchored);
        if (drift > RESYNC_THRESHOLD_S) {
            anchor = dateEpochS - testTimeS;
            resyncs++;
            return dateEpochS;
        }
        maxDriftS = Math.max(maxDriftS, drift);
        return anchored;
    }

    /** Largest |date − anchored time| accepted as drift so far; null when no row had both clocks. */
    Double maxDriftS() {
        return sawDate && anchor != null ? maxDriftS : null;
    }

    /** Whether any row had a wall-clock value. */
    boolean sawDate() {
        return sawDate;
    }

    /** How many times the anchor was taken again because the clocks jumped apart. */
    int resyncs() {
        return resyncs;
    }
}
