package io.cellwatch.ingest;

import java.util.concurrent.atomic.AtomicLong;

/** Running totals of one bridge, for progress lines and tests. Metrics export comes on top of these. */
public final class BridgeStats {
    final AtomicLong messagesReceived = new AtomicLong();
    final AtomicLong samplesForwarded = new AtomicLong();
    final AtomicLong samplesDeadLettered = new AtomicLong();
    final AtomicLong messagesDeadLettered = new AtomicLong();
    final AtomicLong statusForwarded = new AtomicLong();
    final AtomicLong kafkaSendFailures = new AtomicLong();

    public long messagesReceived() {
        return messagesReceived.get();
    }

    /** Samples written to the telemetry topic and acknowledged by Kafka. */
    public long samplesForwarded() {
        return samplesForwarded.get();
    }

    /** Samples (inside otherwise good messages, or whole messages' worth) kept on the dead-letter topic. */
    public long samplesDeadLettered() {
        return samplesDeadLettered.get();
    }

    /** Messages that produced a dead-letter record (whole or partly rejected). */
    public long messagesDeadLettered() {
        return messagesDeadLettered.get();
    }

    public long statusForwarded() {
        return statusForwarded.get();
    }

    public long kafkaSendFailures() {
        return kafkaSendFailures.get();
    }
}
