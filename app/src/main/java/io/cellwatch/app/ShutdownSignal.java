package io.cellwatch.app;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns SIGINT/SIGTERM into an orderly stop: the JVM's shutdown hook signals the command's main
 * loop, then waits (bounded) until the command has closed its resources, because the JVM exits as
 * soon as the hooks return. Close it when the command is done.
 */
final class ShutdownSignal implements AutoCloseable {

    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    private ShutdownSignal(Duration grace) {
        hook = new Thread(() -> {
            requested.countDown();
            try {
                finished.await(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "cellwatch-shutdown");
    }

    /** @param grace how long a signal waits for the orderly stop before the JVM exits anyway */
    static ShutdownSignal install(Duration grace) {
        ShutdownSignal signal = new ShutdownSignal(grace);
        Runtime.getRuntime().addShutdownHook(signal.hook);
        return signal;
    }

    /** Waits up to {@code timeout}; true when a stop was requested. */
    boolean awaitRequest(Duration timeout) throws InterruptedException {
        return requested.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // we are being stopped by that very hook
        }
    }
}
