package io.cellwatch.edge.reader;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The fields of one data row with typed, strict accessors. Every failure names the column and the text
 * (as a {@link BadValueException}); "optional" accessors give null for an empty field or a
 * not-available marker ({@code N/A}, {@code NaN}), because a missing value must stay missing.
 */
final class Fields {

    /** Plain decimal numbers only: {@link Double#parseDouble} would also take "Infinity", "0x1p3" and "1.5d". */
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private final String[] values;

    Fields(String[] values) {
        this.values = values;
    }

    int size() {
        return values.length;
    }

    /** The field's text, stripped; null when the row is shorter than the column's index. */
    String text(Column c) {
        return c.index() < values.length ? values[c.index()].strip() : null;
    }

    /** A number that must be there. */
    double number(Column c) throws BadValueException {
        String s = text(c);
        if (s == null || s.isEmpty() || isNotAvailable(s)) {
            throw new BadValueException(c, null, "value is missing");
        }
        return parseNumber(c, s);
    }

    /** A number, or null when the field is empty or marked not available. */
    Double optionalNumber(Column c) throws BadValueException {
        if (c == null) {
            return null;
        }
        String s = text(c);
        if (s == null || s.isEmpty() || isNotAvailable(s)) {
            return null;
        }
        return parseNumber(c, s);
    }

    /**
     * A whole number such as a cycle or step index, or null when empty. Arbin's beep exports write
     * them as floats ({@code 0.0}); those are accepted when integral.
     */
    Integer optionalInteger(Column c) throws BadValueException {
        Double d = optionalNumber(c);
        if (d == null) {
            return null;
        }
        if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
            throw new BadValueException(c, text(c), "not a whole number");
        }
        return (int) d.doubleValue();
    }

    /** Non-empty text, or null. */
    String optionalText(Column c) {
        if (c == null) {
            return null;
        }
        String s = text(c);
        return s == null || s.isEmpty() ? null : s;
    }

    /** Seconds from a duration column: clock text ({@code 138:59:44}) or a number of {@code factor} seconds. */
    Double optionalSeconds(Column c, double factor) throws BadValueException {
        if (c == null) {
            return null;
        }
        String s = text(c);
        if (s == null || s.isEmpty() || isNotAvailable(s)) {
            return null;
        }
        if (Durations.isClockText(s)) {
            try {
                return Durations.parseSeconds(s);
            } catch (IllegalArgumentException e) {
                throw new BadValueException(c, s, e.getMessage());
            }
        }
        return parseNumber(c, s) * factor;
    }

    /** Unix seconds from a date/time column, or null when empty. */
    Double optionalEpochSeconds(Column c, DateTimes dates) throws BadValueException {
        if (c == null) {
            return null;
        }
        String s = text(c);
        if (s == null || s.isEmpty() || isNotAvailable(s)) {
            return null;
        }
        try {
            return dates.epochSeconds(s);
        } catch (IllegalArgumentException e) {
            throw new BadValueException(c, s, e.getMessage());
        }
    }

    /** {@code value * factor}, keeping null as null. */
    static Double scaled(Double value, double factor) {
        return value == null ? null : value * factor;
    }

    private static double parseNumber(Column c, String s) throws BadValueException {
        if (!NUMBER.matcher(s).matches()) {
            throw new BadValueException(c, s, "not a number");
        }
        return Double.parseDouble(s);
    }

    private static boolean isNotAvailable(String s) {
        String k = s.toLowerCase(Locale.ROOT);
        return k.equals("n/a") || k.equals("na") || k.equals("nan") || k.equals("null");
    }
}
