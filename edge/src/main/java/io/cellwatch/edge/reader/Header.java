package io.cellwatch.edge.reader;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed header row: names normalised so one lookup matches every spelling vendors use for the same
 * column ({@code Test_Time}, {@code Test Time (s)}, {@code Test_Time(s)}), with the unit split off.
 */
final class Header {

    /** BDF label form: {@code Test Time / h}, {@code Step Type / 1}. */
    private static final Pattern SLASH_UNIT = Pattern.compile("(.*?)\\s+/\\s+(\\S+)");
    /** Vendor form: {@code Current (A)}, {@code Chg. Cap.(Ah)}, {@code Test (Sec)}. */
    private static final Pattern PAREN_UNIT = Pattern.compile("(.*?)\\s*\\(([^()]*)\\)");

    private final List<Column> columns;

    private Header(List<Column> columns) {
        this.columns = List.copyOf(columns);
    }

    static Header parse(String[] cells) {
        return parse(cells, Function.identity());
    }

    /** Parses cells after {@code rename} (used to map BDF machine names to their labels). */
    static Header parse(String[] cells, Function<String, String> rename) {
        List<Column> columns = new ArrayList<>(cells.length);
        for (int i = 0; i < cells.length; i++) {
            String label = cells[i].replace("\uFEFF", "").strip();
            String renamed = rename.apply(label);
            String base = renamed;
            String unit = null;
            Matcher slash = SLASH_UNIT.matcher(renamed);
            Matcher paren = PAREN_UNIT.matcher(renamed);
            if (slash.matches()) {
                base = slash.group(1);
                unit = slash.group(2);
            } else if (paren.matches() && !paren.group(1).isBlank()) {
                base = paren.group(1);
                unit = paren.group(2).strip();
            }
            columns.add(new Column(i, label, normalise(base), unit));
        }
        return new Header(columns);
    }

    /** {@code "Test_Time"} and {@code " test  time "} both become {@code "test time"}. */
    static String normalise(String name) {
        return name.replace('_', ' ').strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    /** The first column whose normalised name is one of {@code names} (tried in order of preference). */
    Optional<Column> find(String... names) {
        for (String n : names) {
            String wanted = normalise(n);
            for (Column c : columns) {
                if (c.name().equals(wanted)) {
                    return Optional.of(c);
                }
            }
        }
        return Optional.empty();
    }

    /** Whether a column with one of these names exists. */
    boolean has(String... names) {
        return find(names).isPresent();
    }

    List<Column> columns() {
        return columns;
    }

    int size() {
        return columns.size();
    }
}
