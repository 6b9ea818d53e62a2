package io.cellwatch.app;

import io.cellwatch.edge.reader.RowError;
import io.cellwatch.streams.replay.ReplayListener;
import io.cellwatch.streams.replay.ReplayProgress;
import io.cellwatch.streams.replay.ReplaySummary;
import io.cellwatch.telemetry.CycleResult;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What {@code cellwatch replay} says on stderr: a progress line at most once a second (the replay paces the
 * calls) and one summary line at the end, with the reasons rows were skipped and the rule that found the
 * cycles. Stdout stays free for the table or the JSON lines.
 */
final class ReplayConsole implements ReplayListener {

    private final PrintWriter err;
    private final String name;
    private final Set<String> rules = new TreeSet<>();
    private ReplayProgress previous;

    ReplayConsole(PrintWriter err, String fileName) {
        this.err = err;
        this.name = fileName;
    }

    @Override
    public void cycle(CycleResult cycle) {
        if (cycle.rule() != null) {
            rules.add(cycle.rule().wireName());
        }
    }

    @Override
    public void progress(ReplayProgress p) {
        err.println(progressLine(name, p, previous));
        err.flush();
        previous = p;
    }

    @Override
    public void end(ReplaySummary s) {
        err.println(summaryLine(name, s, rules));
        err.flush();
    }

    /** The rate is over the last interval ({@code previous} null: since the start), so a slow patch shows. */
    static String progressLine(String name, ReplayProgress p, ReplayProgress previous) {
        double rate = previous == null ? p.rowsPerSecond()
                : (p.rowsRead() - previous.rowsRead()) / Math.max(1e-6,
                        (p.elapsed().toNanos() - previous.elapsed().toNanos()) / 1e9);
        return String.format(Locale.ROOT, "replay %s: %,d rows | ~%.0f %% of the file | %,.0f rows/s | %,d cycles%s",
                name, p.rowsRead(), 100 * p.fileFraction(), rate, p.cycles(),
                p.rowsSkipped() == 0 ? "" : String.format(Locale.ROOT, " | %,d rows skipped", p.rowsSkipped()));
    }

    static String summaryLine(String name, ReplaySummary s, Set<String> rules) {
        return String.format(Locale.ROOT, "replay %s: done, %s, %,d rows read, %s, %,d cycles%s%s in %.1f s"
                        + " (%,.0f rows/s)",
                name, s.format(), s.reader().rowsRead(), skipped(s), s.cycles(),
                rules.isEmpty() ? "" : " (" + String.join(", ", rules) + ")",
                s.samplesIgnored() == 0 ? "" : String.format(Locale.ROOT, ", %,d samples ignored by the analytics"
                        + " (sequence not increasing, or no time/voltage/current)", s.samplesIgnored()),
                s.elapsed().toNanos() / 1e9, s.rowsPerSecond());
    }

    /** "0 skipped", or the count and each distinct reason among the kept first errors with its first line. */
    private static String skipped(ReplaySummary s) {
        long n = s.reader().rowsSkipped();
        if (n == 0) {
            return "0 skipped";
        }
        Map<String, RowError> firstByReason = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (RowError e : s.reader().firstErrors()) {
            String reason = e.column() == null ? e.problem() : e.column() + ": " + e.problem();
            firstByReason.putIfAbsent(reason, e);
            counts.merge(reason, 1, Integer::sum);
        }
        String reasons = firstByReason.entrySet().stream()
                .map(r -> r.getKey() + " x" + counts.get(r.getKey()) + " (first at line " + r.getValue().lineNumber()
                        + ")")
                .collect(Collectors.joining("; "));
        int kept = s.reader().firstErrors().size();
        return String.format(Locale.ROOT, "%,d skipped [%s%s]", n, reasons,
                kept < n ? String.format(Locale.ROOT, "; reasons of the first %d only", kept) : "");
    }
}
