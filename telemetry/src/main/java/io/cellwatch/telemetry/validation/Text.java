package io.cellwatch.telemetry.validation;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** How values appear in problems: exact for the offending value, short for limits and hints. */
final class Text {

    private static final int MAX_VALUE_CHARS = 80;

    private Text() {
    }

    /** The offending value exactly as Java prints it ({@code NaN}, {@code 1.7E12}), or {@link Problem#MISSING}. */
    static String value(Object v) {
        return v == null ? Problem.MISSING : abbreviate(String.valueOf(v));
    }

    /** A limit or a derived figure for a message: {@code -10}, {@code 1000}, {@code 3.4}. */
    static String number(double d) {
        return BigDecimal.valueOf(d).round(MathContext.DECIMAL32).stripTrailingZeros().toPlainString();
    }

    /** A JSON value for a message or {@link Problem#value()}: its JSON text, cut short if long. */
    static String json(JsonNode node) {
        return abbreviate(node.toString());
    }

    /** "a string", "an array", ... for "X is a string but must be a number". */
    static String jsonType(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case NULL, MISSING -> "null";
            case BINARY -> "binary data";
        };
    }

    /** A limit instant: the date alone when it is a UTC midnight ({@code 2100-01-01}). */
    static String date(Instant instant) {
        return instant.equals(instant.truncatedTo(ChronoUnit.DAYS))
                ? instant.atZone(ZoneOffset.UTC).toLocalDate().toString()
                : instant.toString();
    }

    /** Unix seconds as an ISO instant, for "it looks like milliseconds (2023-11-14T22:13:20Z)". */
    static String unixSeconds(double seconds) {
        return Instant.ofEpochSecond((long) Math.floor(seconds)).toString();
    }

    /** A string for a message: quoted and JSON-escaped, so a tab or newline in a cell id stays visible. */
    static String quoted(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(abbreviate(s))) + "\"";
    }

    static String abbreviate(String s) {
        return s.length() <= MAX_VALUE_CHARS ? s : s.substring(0, MAX_VALUE_CHARS - 1) + "…";
    }
}
