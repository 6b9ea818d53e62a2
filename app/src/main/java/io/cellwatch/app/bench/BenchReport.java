package io.cellwatch.app.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one bench run measured: the machine, the options, one row per figure, the targets and
 * whether they were met. Printed as a table and written as JSON.
 */
final class BenchReport {

    /** One measured figure; {@code runs} are the single runs it summarises (e.g. a median), else empty. */
    record Row(String section, String name, double value, String unit, List<Double> runs) {
    }

    /** A target from issue #9 / #6; {@code met} is null when the run did not measure it. */
    record Target(String name, String goal, String measured, Boolean met) {
    }

    private final Map<String, Object> machine;
    private final Map<String, Object> options;
    private final List<Row> rows = new ArrayList<>();
    private final List<Target> targets = new ArrayList<>();
    private final Map<String, List<String>> notes = new LinkedHashMap<>();

    BenchReport(Map<String, Object> machine, Map<String, Object> options) {
        this.machine = machine;
        this.options = options;
    }

    synchronized void add(String section, String name, double value, String unit) {
        add(section, name, value, unit, List.of());
    }

    /** A figure that summarises several runs ({@code runs}, in the order they ran; printed and written too). */
    synchronized void add(String section, String name, double value, String unit, List<Double> runs) {
        rows.add(new Row(section, name, value, unit, List.copyOf(runs)));
        // the table follows the sections' order, whatever order they ran in
        rows.sort(java.util.Comparator.comparingInt(r -> order(r.section())));
    }

    private static int order(String section) {
        int i = BenchOptions.ALL_SECTIONS.indexOf(section);
        return i < 0 ? Integer.MAX_VALUE : i;
    }

    synchronized void note(String section, String text) {
        notes.computeIfAbsent(section, s -> new ArrayList<>()).add(text);
    }

    synchronized void target(String name, String goal, String measured, Boolean met) {
        targets.add(new Target(name, goal, measured, met));
    }

    synchronized List<Row> rows() {
        return List.copyOf(rows);
    }

    /** The value of a row, or NaN when that figure was not measured. */
    synchronized double value(String section, String name) {
        return rows.stream().filter(r -> r.section().equals(section) && r.name().equals(name))
                .mapToDouble(Row::value).findFirst().orElse(Double.NaN);
    }

    synchronized void printTable(PrintWriter out) {
        out.println();
        out.printf("%-10s  %-48s  %16s  %s%n", "section", "measure", "value", "unit");
        out.println("-".repeat(92));
        String last = null;
        for (Row r : rows) {
            if (last != null && !last.equals(r.section())) {
                out.println();
            }
            String runs = r.runs().size() < 2 ? "" : r.runs().stream().map(BenchReport::format)
                    .collect(java.util.stream.Collectors.joining(" / ", " (runs: ", ")"));
            out.printf("%-10s  %-48s  %16s  %s%s%n", r.section().equals(last) ? "" : r.section(), r.name(),
                    format(r.value()), r.unit(), runs);
            last = r.section();
        }
        if (!notes.isEmpty()) {
            out.println();
            notes.forEach((section, list) -> list.forEach(n -> out.printf("note (%s): %s%n", section, n)));
        }
        out.println();
        out.printf("%-44s  %-22s  %-20s  %s%n", "target", "goal", "measured", "met");
        out.println("-".repeat(92));
        for (Target t : targets) {
            out.printf("%-44s  %-22s  %-20s  %s%n", t.name(), t.goal(), t.measured(),
                    t.met() == null ? "not measured" : t.met() ? "yes" : "NO");
        }
    }

    synchronized void writeJson(Path file) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("machine", machine);
        root.put("options", options);
        Map<String, Map<String, Object>> sections = new LinkedHashMap<>();
        for (Row r : rows) {
            Map<String, Object> figure = new LinkedHashMap<>();
            figure.put("value", Double.isFinite(r.value()) ? r.value() : null);
            figure.put("unit", r.unit());
            if (!r.runs().isEmpty()) {
                figure.put("runs", r.runs());
            }
            sections.computeIfAbsent(r.section(), s -> new LinkedHashMap<>()).put(r.name(), figure);
        }
        root.put("sections", sections);
        root.put("notes", notes);
        root.put("targets", targets);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), root);
    }

    static String format(double v) {
        if (!Double.isFinite(v)) {
            return "-";
        }
        if (Math.abs(v) >= 1000 || v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (Math.abs(v) >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
