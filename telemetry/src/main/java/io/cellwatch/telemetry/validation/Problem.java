package io.cellwatch.telemetry.validation;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;
import java.util.Objects;

/**
 * One thing wrong with a telemetry message.
 *
 * @param field    JSON path of the offending value: {@code samples[3].voltage_v} inside a batch,
 *                 {@code voltage_v} for a lone sample, {@link #ROOT} for the message as a whole
 * @param value    the offending value as text ({@code NaN}, {@code 1.7E12}), or {@link #MISSING}
 * @param rule     stable machine code (dead-letter reason, metric tag)
 * @param severity whether the sample/message is refused or only the value is distrusted
 * @param message  what is wrong and what to do about it, for a person in the lab; names field and value
 */
public record Problem(String field, String value, Rule rule, Severity severity, String message) {

    /** {@link #field()} of problems about the message as a whole. */
    public static final String ROOT = "$";
    /** {@link #value()} of a field that is absent or null. */
    public static final String MISSING = "<missing>";

    /** What a problem does to the sample carrying it. */
    public enum Severity {
        /** The sample (or the whole message) goes to the dead-letter topic. */
        REJECT,
        /** The sample is kept, but the named value must feed no safety rule. */
        FLAG;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Problem {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
    }

    public static Problem reject(String field, String value, Rule rule, String message) {
        return new Problem(field, value, rule, Severity.REJECT, message);
    }

    public static Problem flag(String field, String value, Rule rule, String message) {
        return new Problem(field, value, rule, Severity.FLAG, message);
    }

    public boolean isReject() {
        return severity == Severity.REJECT;
    }
}
