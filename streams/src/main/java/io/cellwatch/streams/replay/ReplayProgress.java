package io.cellwatch.streams.replay;

import java.time.Duration;

/**
 * A replay under way.
 *
 * @param rowsRead     rows turned into samples so far
 * @param rowsSkipped  rows the reader could not read (reasons in the summary's reader stats)
 * @param cycles       cycles finished so far
 * @param fileFraction share of the file's bytes passed, 0–1, estimated ({@link FileProgressEstimate})
 * @param elapsed      time since the replay started
 */
public record ReplayProgress(long rowsRead, long rowsSkipped, int cycles, double fileFraction, Duration elapsed) {

    /** Average rate since the start. */
    public double rowsPerSecond() {
        return RowRate.perSecond(rowsRead, elapsed);
    }
}
