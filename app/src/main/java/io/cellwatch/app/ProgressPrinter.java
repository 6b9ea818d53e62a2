package io.cellwatch.app;

import java.io.PrintStream;

/** One line a second: what is flowing and how fast. */
final class ProgressPrinter {

    private final PrintStream out;
    private final long startNanos = System.nanoTime();
    private long lastPublished;
    private long lastNanos = startNanos;
    private final java.util.Set<String> announced = new java.util.HashSet<>();

    ProgressPrinter(PrintStream out) {
        this.out = out;
    }

    void print(AllInOne.Progress p) {
        long now = System.nanoTime();
        double seconds = Math.max(1e-3, (now - lastNanos) / 1e9);
        long rate = Math.round((p.published() - lastPublished) / seconds);
        long elapsed = (now - startNanos) / 1_000_000_000L;
        long paging = p.activeAlerts().stream().filter(a -> a.paging()).count();
        out.printf("[%02d:%02d] cells %d | cycle %d | published %,d (%,d/s) | in Kafka %,d | dead letters %,d | cycle results %,d"
                        + " | findings %,d | alerts %d | paused %d%n",
                elapsed / 60, elapsed % 60, p.cells(), p.cycle(), p.published(), rate,
                p.telemetryOffsets(), p.deadLetterOffsets(), p.cycleRecords(), p.findingRecords(), paging,
                p.pausedCells().size());
        // A new alert or a newly paused channel is an event a person cares about: one line each.
        for (io.cellwatch.telemetry.Alert a : p.activeAlerts()) {
            if (a.paging() && announced.add(a.alertId() + "/" + a.severity())) {
                out.printf("        ALERT %s %s %s: %s%n", a.severity().wireName().toUpperCase(java.util.Locale.ROOT),
                        a.type().wireName(), a.cellId() != null ? a.cellId() : a.lab() + "/" + a.chamber(), a.summary());
            }
        }
        for (String cell : p.pausedCells()) {
            if (announced.add("paused/" + cell)) {
                out.printf("        PAUSED %s by the interlock%n", cell);
            }
        }
        lastPublished = p.published();
        lastNanos = now;
    }
}
