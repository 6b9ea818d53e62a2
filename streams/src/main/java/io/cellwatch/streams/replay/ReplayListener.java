package io.cellwatch.streams.replay;

import io.cellwatch.edge.reader.CyclerRow;
import io.cellwatch.telemetry.CycleResult;
import java.io.IOException;
import java.util.List;

/**
 * What a {@link FileReplay} tells the code that runs it, in file order. Every method has a do-nothing default,
 * so each sink (the cycle CSV, the table, JSON lines, a later findings writer fed by detectors through
 * {@link #row}) implements only what it needs, and {@link #of} runs several in one pass over the file.
 */
public interface ReplayListener {

    /** Each readable row, before the analytics see its sample: the hook for detectors and for test probes. */
    default void row(CyclerRow row) throws IOException {
    }

    /** Each finished cycle, as {@code CellAnalytics} returned it (the last one marked incomplete). */
    default void cycle(CycleResult cycle) throws IOException {
    }

    /** How far the replay is; called at most once per {@link FileReplay#progressEvery()}. */
    default void progress(ReplayProgress progress) {
    }

    /** The file has ended and every cycle has been passed to {@link #cycle}. */
    default void end(ReplaySummary summary) throws IOException {
    }

    /** All of {@code listeners}, each called in list order. */
    static ReplayListener of(List<? extends ReplayListener> listeners) {
        List<ReplayListener> all = List.copyOf(listeners);
        return new ReplayListener() {
            @Override
            public void row(CyclerRow row) throws IOException {
                for (ReplayListener l : all) {
                    l.row(row);
                }
            }

            @Override
            public void cycle(CycleResult cycle) throws IOException {
                for (ReplayListener l : all) {
                    l.cycle(cycle);
                }
            }

            @Override
            public void progress(ReplayProgress progress) {
                for (ReplayListener l : all) {
                    l.progress(progress);
                }
            }

            @Override
            public void end(ReplaySummary summary) throws IOException {
                for (ReplayListener l : all) {
                    l.end(summary);
                }
            }
        };
    }
}
