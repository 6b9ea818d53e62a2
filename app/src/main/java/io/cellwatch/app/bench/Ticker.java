package io.cellwatch.app.bench;

import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Prints one progress line a second on stderr while a long phase runs. */
final class Ticker implements AutoCloseable {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cellwatch-bench-progress");
        t.setDaemon(true);
        return t;
    });
    private final long startNanos = System.nanoTime();

    private Ticker(PrintStream err, String phase, Supplier<String> status) {
        timer.scheduleAtFixedRate(() -> {
            try {
                err.printf("  [%s %3d s] %s%n", phase, (System.nanoTime() - startNanos) / 1_000_000_000L, status.get());
            } catch (RuntimeException e) {
                err.printf("  [%s] (progress unavailable: %s)%n", phase, e.getMessage());
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    static Ticker start(PrintStream err, String phase, Supplier<String> status) {
        return new Ticker(err, phase, status);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
