package io.cellwatch.edge.agent;

import io.cellwatch.telemetry.Sample;

import java.io.IOException;

/**
 * Where one channel's samples come from. Every sample carries its channel's {@code seq}, derived from
 * its position in the source (a file's line number, the simulator's own counter) so that reading the
 * source again after a restart gives the same sample the same number, and downstream drops the copy.
 */
interface SampleSource extends AutoCloseable {

    /**
     * The next sample, waiting at most {@code maxWaitMs} for it to be due (replay pacing) or to appear
     * (tail); null when there is none yet, or none any more ({@link #finished()}).
     */
    Sample next(long maxWaitMs) throws IOException, InterruptedException;

    /** True once a finished source has given its last sample. */
    boolean finished();

    /** What to persist so that a restart continues after the last sample queued. */
    ChannelCheckpoints.State state();

    /** Pause / resume requests: the simulator honours them; file sources cannot. */
    default boolean pause(boolean paused) {
        return false;
    }

    @Override
    void close() throws IOException;

    /** Sleeps until {@code dueNanos} (System.nanoTime) if that is within {@code maxWaitMs}; true when due. */
    static boolean awaitDue(long dueNanos, long maxWaitMs) throws InterruptedException {
        long waitNs = dueNanos - System.nanoTime();
        if (waitNs <= 0) {
            return true;
        }
        long capNs = maxWaitMs * 1_000_000L;
        if (waitNs > capNs) {
            if (capNs > 0) {
                Thread.sleep(maxWaitMs);
            }
            return false;
        }
        Thread.sleep(waitNs / 1_000_000L, (int) (waitNs % 1_000_000L));
        return true;
    }
}
