package io.cellwatch.ingest;

import io.cellwatch.telemetry.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The bridge's meters. Names are dotted with the unit left to the registry, so Prometheus sees
 * {@code cellwatch_ingest_samples_forwarded_total}, {@code cellwatch_ingest_kafka_send_seconds}.
 * The only label is the dead-letter {@code reason}: a fixed vocabulary, never free text.
 */
final class BridgeMetrics {

    private final MeterRegistry registry;
    private final Counter messagesReceived;
    private final Counter samplesForwarded;
    private final Counter statusForwarded;
    private final Counter kafkaSendFailures;
    private final Timer kafkaSend;
    private final Timer forwardLatency;
    private final Map<String, Counter> deadLettered = new ConcurrentHashMap<>();

    BridgeMetrics(MeterRegistry registry) {
        this.registry = registry;
        messagesReceived = Counter.builder(MetricNames.INGEST_MESSAGES_RECEIVED)
                .description("MQTT messages received by the bridge (telemetry and status)").register(registry);
        samplesForwarded = Counter.builder(MetricNames.INGEST_SAMPLES_FORWARDED)
                .description("Valid samples written to the telemetry topic and acknowledged by Kafka").register(registry);
        statusForwarded = Counter.builder(MetricNames.INGEST_STATUS_FORWARDED)
                .description("Channel status (birth / last will) messages written to the cell registry").register(registry);
        kafkaSendFailures = Counter.builder(MetricNames.INGEST_KAFKA_SEND_FAILURES)
                .description("Kafka writes that failed; the bridge stops forwarding on the first").register(registry);
        kafkaSend = Timer.builder(MetricNames.INGEST_KAFKA_SEND)
                .description("Time from handing a record to the Kafka producer to its acknowledgement")
                .publishPercentileHistogram().register(registry);
        forwardLatency = Timer.builder(MetricNames.INGEST_FORWARD_LATENCY)
                .description("Time from receiving an MQTT message to acknowledging it after every Kafka write")
                .publishPercentileHistogram().register(registry);
    }

    void messageReceived() {
        messagesReceived.increment();
    }

    void samplesForwarded(long n) {
        samplesForwarded.increment(n);
    }

    void statusForwarded() {
        statusForwarded.increment();
    }

    void kafkaSendFailed() {
        kafkaSendFailures.increment();
    }

    void kafkaSend(long startNanos) {
        kafkaSend.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    void forwarded(long receivedNanos) {
        forwardLatency.record(System.nanoTime() - receivedNanos, TimeUnit.NANOSECONDS);
    }

    /** @param reason a {@code Rule} wire name or another fixed code, never free text */
    void deadLettered(String reason, long samples) {
        deadLettered.computeIfAbsent(reason, r -> Counter.builder(MetricNames.INGEST_SAMPLES_DEAD_LETTERED)
                .description("Samples (or whole unreadable messages, counted as one) kept on the dead-letter topic")
                .tag("reason", r).register(registry)).increment(samples);
    }
}
