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
    final AtomicLong recoveries = new AtomicLong();
    final AtomicLong idleReconnects = new AtomicLong();

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

    /** Times the bridge replaced its connections after a Kafka failure and forwarded again. */
    public long recoveries() {
        return recoveries.get();
    }

    /** Times the bridge reconnected because the broker sent nothing for a while (see BridgeConfig#idleReconnect). */
    public long idleReconnects() {
        return idleReconnects.get();
    }

    @Override
    public String toString() {
        return "received " + messagesReceived() + " messages, forwarded " + samplesForwarded() + " samples, dead-lettered "
                + samplesDeadLettered() + ", Kafka failures " + kafkaSendFailures() + ", recoveries " + recoveries() + ", idle reconnects " + idleReconnects();
    }
}
