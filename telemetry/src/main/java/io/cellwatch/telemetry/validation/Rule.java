package io.cellwatch.telemetry.validation;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Why a value, sample or message was refused or flagged. The {@link #wireName()} is a stable machine
 * code: it goes into the {@code cellwatch.reason} dead-letter header and into metric tags, so a name
 * never changes once released (add new rules instead).
 */
public enum Rule {
    /** The payload is not JSON (syntax error, truncated, trailing garbage, a field given twice). */
    MALFORMED_JSON,
    /** The payload is over {@link TelemetryLimits#maxPayloadBytes()}; it was not parsed. */
    PAYLOAD_TOO_LARGE,
    /** {@code schema_version} is missing or not one this pipeline understands. */
    UNKNOWN_SCHEMA_VERSION,
    /** A required field is absent or null. */
    MISSING_FIELD,
    /** A field has the wrong JSON type, e.g. {@code "voltage_v": "abc"}, or the payload is not an object. */
    WRONG_TYPE,
    /** A number is NaN: the instrument had no valid reading. */
    NOT_A_NUMBER,
    /** A number is +/-Infinity: an overflowed reading or a division by zero in the edge conversion. */
    INFINITE,
    /** A finite number outside its plausible range, usually a unit mistake (mV as V, ms as s). */
    OUT_OF_RANGE,
    /** {@code time_s} is earlier than the previous accepted sample of the same batch. */
    TIME_BACKWARDS,
    /** {@code seq} does not exceed the previous accepted sample's: a duplicate or a reordering. */
    SEQUENCE_NOT_INCREASING,
    /** A sample names a cell other than its batch's {@code cell_id}. */
    CELL_ID_MISMATCH,
    /** A cell id that cannot be a Kafka key / MQTT topic level: see {@link TelemetryValidator#CELL_ID_PATTERN}. */
    INVALID_CELL_ID,
    /** A batch with no samples. */
    EMPTY_BATCH,
    /** A batch with more than {@link TelemetryLimits#maxSamplesPerBatch()} samples. */
    TOO_MANY_SAMPLES;

    /** The stable machine code, e.g. {@code not_a_number}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The rule with this {@linkplain #wireName() wire name}, if any (reading dead-letter headers back). */
    public static Optional<Rule> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(r -> r.wireName().equals(wireName)).findFirst();
    }
}
