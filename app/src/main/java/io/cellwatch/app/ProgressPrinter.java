package io.cellwatch.app;

import java.io.PrintStream;

/** One line a second: what is flowing and how fast. */
final class ProgressPrinter {

    private final PrintStream out;
    private final long startNanos = System.nanoTime();
    private long lastPublished;
    private long lastNanos = startNanos;

    ProgressPrinter(PrintStream out) {
        this.out = out;
    }

    void print(AllInOne.Progress p) {
        long now = System.nanoTime();
        double seconds = Math.max(1e-3, (now - lastNanos) / 1e9);
        long rate = Math.round((p.published() - lastPublished) / seconds);
        long elapsed = (now - startNanos) / 1_000_000_000L;
        out.printf("[%02d:%02d] cells %d | cycle %d | published %,d (%,d/s) | in Kafka %,d | dead letters %,d | cycle results %,d%n",
                elapsed / 60, elapsed % 60, p.cells(), p.cycle(), p.published(), rate,
                p.telemetryOffsets(), p.deadLetterOffsets(), p.cycleRecords());
        lastPublished = p.published();
        lastNanos = now;
    }
}
