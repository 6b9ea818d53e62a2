package io.cellwatch.streams.replay;

import java.time.Duration;

/** Rows per second over a duration, without dividing by zero on a file read within a clock tick. */
final class RowRate {

    private RowRate() {
    }

    static double perSecond(long rows, Duration elapsed) {
        double seconds = Math.max(elapsed.toNanos(), 1_000) / 1e9;
        return rows / seconds;
    }
}
