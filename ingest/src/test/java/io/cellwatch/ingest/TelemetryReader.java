package io.cellwatch.ingest;

import io.cellwatch.telemetry.Sample;
import io.cellwatch.telemetry.Topics;
import io.cellwatch.testkit.EmbeddedBrokers;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/** Reads {@code cellwatch.telemetry.v1} from the beginning in a fresh consumer group, for assertions. */
final class TelemetryReader implements AutoCloseable {

    private final KafkaConsumer<String, Sample> consumer;

    TelemetryReader(EmbeddedBrokers brokers) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                Topics.TELEMETRY.keySerde().deserializer(), Topics.TELEMETRY.valueSerde().deserializer());
        consumer.subscribe(List.of(Topics.TELEMETRY.name()));
    }

    /** Polls into {@code out} the records {@code mine} accepts until {@code done} holds or the timeout passes. */
    void pollUntil(List<ConsumerRecord<String, Sample>> out, Predicate<ConsumerRecord<String, Sample>> mine,
                   java.util.function.BooleanSupplier done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, Sample> r : consumer.poll(Duration.ofMillis(200))) {
                if (mine.test(r)) {
                    out.add(r);
                }
            }
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
