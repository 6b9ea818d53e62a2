package io.cellwatch.streams.replay;

import io.cellwatch.edge.reader.CyclerFormat;
import io.cellwatch.edge.reader.ReaderStats;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A finished replay.
 *
 * @param file              the file
 * @param format            its format (as detected or given)
 * @param reader            the reader's counts, first row errors (why rows were skipped) and the conventions it
 *                          applied (current sign, time source)
 * @param cycles            cycles reported
 * @param cyclesClosedByEnd how many of them only the end of the file closed ({@code CellAnalytics.finish()});
 *                          a stream that has not ended would not have reported these yet
 * @param samplesIgnored    samples the analytics ignored (seq not increasing, or no time/voltage/current)
 * @param elapsed           wall time of the replay
 */
public record ReplaySummary(
        Path file,
        CyclerFormat format,
        ReaderStats reader,
        int cycles,
        int cyclesClosedByEnd,
        long samplesIgnored,
        Duration elapsed) {

    /** Average rate over the whole file. */
    public double rowsPerSecond() {
        return RowRate.perSecond(reader.rowsRead(), elapsed);
    }
}
