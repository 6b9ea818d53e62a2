package io.cellwatch.streams.replay;

import io.cellwatch.edge.reader.CyclerFileException;
import io.cellwatch.edge.reader.CyclerFileReader;
import io.cellwatch.edge.reader.CyclerRow;
import io.cellwatch.edge.reader.CyclerRows;
import io.cellwatch.edge.reader.ReaderOptions;
import io.cellwatch.streams.analytics.AnalyticsOptions;
import io.cellwatch.streams.analytics.CellAnalytics;
import io.cellwatch.streams.analytics.CellState;
import io.cellwatch.telemetry.CellMetadata;
import io.cellwatch.telemetry.CycleResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One finished cycler file through the cycle analytics, in batch ({@code cellwatch replay FILE}): the edge
 * reader turns rows into samples, and the same {@link CellAnalytics} the Kafka Streams processor calls turns
 * them into cycles, so a replayed file and the same file streamed through Kafka give the same cycles
 * (StreamEqualsReplayIT). The file is read one row at a time; memory does not grow with its size.
 *
 * <pre>{@code
 * ReplaySummary s = FileReplay.of(metadata, AnalyticsOptions.defaults()).run(file, new ReplayListener() {
 *     public void cycle(CycleResult c) { print(c); }
 * });
 * }</pre>
 *
 * @param cell          the cell the file belongs to (its id becomes every sample's cell id)
 * @param analytics     thresholds and cycle order of the analytics
 * @param reader        how to read the file; its cell id must be the cell's
 * @param progressEvery least time between two {@link ReplayListener#progress} calls
 */
public record FileReplay(CellMetadata cell, AnalyticsOptions analytics, ReaderOptions reader, Duration progressEvery) {

    public static final Duration DEFAULT_PROGRESS_EVERY = Duration.ofSeconds(1);

    /** Rows between two looks at the clock: a clock read per row would cost more than some rows do. */
    private static final int CLOCK_CHECK_ROWS = 1024;

    public FileReplay {
        Objects.requireNonNull(cell, "cell");
        Objects.requireNonNull(analytics, "analytics");
        Objects.requireNonNull(reader, "reader");
        Objects.requireNonNull(progressEvery, "progressEvery");
        if (!reader.cellId().equals(cell.cellId())) {
            throw new IllegalArgumentException("reader cell id '" + reader.cellId() + "' is not the cell's '"
                    + cell.cellId() + "'");
        }
    }

    /** Reader defaults (format and current sign detected, UTC wall clock), progress once a second. */
    public static FileReplay of(CellMetadata cell, AnalyticsOptions analytics) {
        return new FileReplay(cell, analytics, ReaderOptions.forCell(cell.cellId()), DEFAULT_PROGRESS_EVERY);
    }

    public FileReplay withReader(ReaderOptions options) {
        return new FileReplay(cell, analytics, options, progressEvery);
    }

    public FileReplay withProgressEvery(Duration every) {
        return new FileReplay(cell, analytics, reader, every);
    }

    /**
     * Replays {@code file}, telling {@code listener} about every row, cycle and progress step.
     *
     * @throws CyclerFileException when the file is not a cycler export the reader knows, or lacks a required
     *                             column; nothing has been passed to the listener then
     * @throws IOException         when the file cannot be opened or read, or the listener fails to write
     */
    public ReplaySummary run(Path file, ReplayListener listener) throws IOException {
        long start = System.nanoTime();
        CellAnalytics cellAnalytics = new CellAnalytics(cell, analytics);
        int cycles = 0;
        try (CyclerRows rows = CyclerFileReader.open(file, reader)) {
            FileProgressEstimate extent = FileProgressEstimate.of(file);
            long nextProgress = start + progressEvery.toNanos();
            long n = 0;
            long lastLine = 0;
            for (CyclerRow row : rows) {
                listener.row(row);
                cycles += report(cellAnalytics.accept(row.sample()), listener);
                lastLine = row.lineNumber();
                if (++n % CLOCK_CHECK_ROWS == 0) {
                    long now = System.nanoTime();
                    if (now >= nextProgress) {
                        listener.progress(new ReplayProgress(n, rows.stats().rowsSkipped(), cycles,
                                extent.fractionAtLine(lastLine), Duration.ofNanos(now - start)));
                        nextProgress = now + progressEvery.toNanos();
                    }
                }
            }
            int closedByEnd = report(cellAnalytics.finish(), listener);
            CellState state = cellAnalytics.state();
            ReplaySummary summary = new ReplaySummary(file, rows.format(), rows.stats(), cycles + closedByEnd,
                    closedByEnd, state.duplicatesIgnored() + state.incompleteIgnored(),
                    Duration.ofNanos(System.nanoTime() - start));
            listener.end(summary);
            return summary;
        }
    }

    private static int report(List<CycleResult> finished, ReplayListener listener) throws IOException {
        for (CycleResult c : finished) {
            listener.cycle(c);
        }
        return finished.size();
    }
}
