package io.cellwatch.telemetry;

/** Kafka header names on {@code cellwatch.telemetry.dlq.v1} records. Values are UTF-8 text. */
public final class DeadLetterHeaders {
    /** Machine-readable reason code, e.g. {@code malformed_json}, {@code not_a_number}; also the metric tag. */
    public static final String REASON = "cellwatch.reason";
    /** Human-readable explanation naming field, value and rule. */
    public static final String DETAIL = "cellwatch.detail";
    /** The MQTT topic the payload arrived on. */
    public static final String MQTT_TOPIC = "cellwatch.mqtt.topic";
    /** When the bridge received it, ISO-8601 UTC. */
    public static final String RECEIVED_AT = "cellwatch.received.at";
    /** Index of the rejected sample inside its batch, when only part of a batch was rejected. */
    public static final String SAMPLE_INDEX = "cellwatch.sample.index";
    /**
     * Present when the kept payload is only the start of the original (which was too large to fit a
     * Kafka record): the original size in bytes.
     */
    public static final String ORIGINAL_BYTES = "cellwatch.original.bytes";

    /**
     * Largest payload kept whole on the dead-letter topic. Kafka refuses records over about 1 MB by
     * default; a dead letter that cannot be written would block the bridge, so anything larger is
     * kept as its first 512 KiB (enough to see what it was) with {@link #ORIGINAL_BYTES}.
     */
    public static final int MAX_KEPT_PAYLOAD_BYTES = 512 * 1024;

    private DeadLetterHeaders() {
    }
}
