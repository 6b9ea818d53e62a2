package io.cellwatch.ingest;

import io.cellwatch.edge.mqtt.MqttTelemetryPublisher;
import io.cellwatch.telemetry.ChannelAddress;
import io.cellwatch.telemetry.DeadLetterHeaders;
import io.cellwatch.telemetry.Sample;
import io.cellwatch.telemetry.SampleBatch;
import io.cellwatch.telemetry.Topics;
import io.cellwatch.testkit.EmbeddedBrokers;
import io.cellwatch.testkit.EmbeddedBrokersExtension;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** MQTT in, Kafka out, through the real bridge on real brokers. */
@ExtendWith(EmbeddedBrokersExtension.class)
class MqttToKafkaIT {

    private static final double T0 = 1_767_225_600.0; // 2026-01-01T00:00:00Z

    @Test
    void everySamplePublishedOverMqttArrivesOnceInOrderKeyedByCell(EmbeddedBrokers brokers) throws Exception {
        // given: 6 cells, 40 batches of 25 samples each = 6,000 samples, published over MQTT QoS 1
        String run = "order-" + UUID.randomUUID().toString().substring(0, 8);
        int cells = 6, batches = 40, perBatch = 25;
        try (MqttKafkaBridge bridge = MqttKafkaBridge.start(
                BridgeConfig.of(brokers.mqttServerUri(), run + "-bridge", brokers.bootstrapServers()).withShareGroup(run));
             MqttTelemetryPublisher edge = MqttTelemetryPublisher.connect(brokers.mqttServerUri(), run + "-edge")) {
            for (int b = 0; b < batches; b++) {
                for (int c = 0; c < cells; c++) {
                    edge.publishBatch(address(run, c), batch(run + "-cell" + c, b * perBatch, perBatch));
                }
            }
            assertThat(edge.flush(30, TimeUnit.SECONDS)).isTrue();

            // when: the bridge forwards them
            int expected = cells * batches * perBatch;
            List<ConsumerRecord<String, Sample>> records = readTelemetry(brokers, expected, r -> r.key().startsWith(run));

            // then: exactly N, keyed by cell, each cell's sequence numbers in publishing order
            assertThat(records).as("bridge: %s, failure: %s", bridge.stats(), bridge.failure()).hasSize(expected);
            Map<String, List<Long>> seqByCell = new HashMap<>();
            for (ConsumerRecord<String, Sample> r : records) {
                assertThat(r.key()).isEqualTo(r.value().cellId());
                seqByCell.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value().seq());
            }
            assertThat(seqByCell).hasSize(cells);
            List<Long> inOrder = java.util.stream.LongStream.range(0, (long) batches * perBatch).boxed().toList();
            seqByCell.values().forEach(seqs -> assertThat(seqs).isEqualTo(inOrder));
            assertThat(bridge.stats().samplesForwarded()).isEqualTo(expected);
        }
    }

    @Test
    void badPayloadsAreDeadLetteredWithReasonsWhileGoodSamplesAroundThemAllArrive(EmbeddedBrokers brokers) throws Exception {
        String run = "bad-" + UUID.randomUUID().toString().substring(0, 8);
        String cell = run + "-cell";
        ChannelAddress address = address(run, 0);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (MqttKafkaBridge bridge = MqttKafkaBridge.start(
                BridgeConfig.of(brokers.mqttServerUri(), run + "-bridge", brokers.bootstrapServers()).withShareGroup(run), registry);
             MqttTelemetryPublisher edge = MqttTelemetryPublisher.connect(brokers.mqttServerUri(), run + "-edge")) {
            edge.publishBatch(address, batch(cell, 0, 10));                                   // good: 0..9
            edge.publishRaw(address, "{\"schema_version\":1,\"cell_id\":".getBytes(StandardCharsets.UTF_8));
            edge.publishRaw(address, utf8("{\"schema_version\":1,\"cell_id\":\"" + cell + "\",\"samples\":["
                    + "{\"seq\":10,\"time_s\":" + (T0 + 100) + ",\"voltage_v\":3.4,\"current_a\":0.001},"
                    + "{\"seq\":11,\"time_s\":" + (T0 + 101) + ",\"voltage_v\":NaN,\"current_a\":0.001},"
                    + "{\"seq\":12,\"time_s\":" + (T0 + 102) + ",\"voltage_v\":3.41,\"current_a\":0.001}]}"));
            edge.publishRaw(address, utf8("{\"schema_version\":99,\"cell_id\":\"" + cell + "\",\"samples\":[]}"));
            byte[] huge = new byte[2 * 1024 * 1024]; // over the 256 KiB limit and over Kafka's 1 MB record limit
            java.util.Arrays.fill(huge, (byte) ' ');
            edge.publishRaw(address, huge);
            edge.publishBatch(address, batch(cell, 13, 10));                                  // good: 13..22
            assertThat(edge.flush(30, TimeUnit.SECONDS)).isTrue();

            List<ConsumerRecord<String, Sample>> good = readTelemetry(brokers, 22, r -> r.key().equals(cell));
            assertThat(good).as("bridge: %s, failure: %s", bridge.stats(), bridge.failure()).extracting(r -> r.value().seq())
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(0, 22)
                            .filter(s -> s != 11).boxed().toList());

            List<ConsumerRecord<String, byte[]>> dead = readDeadLetters(brokers, 4, run);
            assertThat(dead).extracting(r -> header(r, DeadLetterHeaders.REASON))
                    .containsExactly("malformed_json", "not_a_number", "unknown_schema_version", "payload_too_large");
            // too big for a Kafka record: its start is kept, with the original size
            assertThat(dead.get(3).value()).hasSize(DeadLetterHeaders.MAX_KEPT_PAYLOAD_BYTES);
            assertThat(header(dead.get(3), DeadLetterHeaders.ORIGINAL_BYTES)).isEqualTo(String.valueOf(huge.length));
            assertThat(header(dead.get(1), DeadLetterHeaders.DETAIL)).contains("voltage_v");
            assertThat(header(dead.get(1), DeadLetterHeaders.SAMPLE_INDEX)).isEqualTo("1");
            assertThat(dead).allSatisfy(r ->
                    assertThat(header(r, DeadLetterHeaders.MQTT_TOPIC)).startsWith("cellwatch/v1/" + run));
            assertThat(bridge.stats().samplesDeadLettered()).isEqualTo(4);

            // the names dashboards and alert rules depend on
            String scrape = registry.scrape();
            assertThat(scrape)
                    .contains("cellwatch_ingest_samples_forwarded_total 22.0")
                    .contains("cellwatch_ingest_samples_dead_lettered_total{reason=\"malformed_json\"} 1.0")
                    .contains("cellwatch_ingest_samples_dead_lettered_total{reason=\"not_a_number\"} 1.0")
                    .contains("cellwatch_ingest_samples_dead_lettered_total{reason=\"unknown_schema_version\"} 1.0")
                    .contains("cellwatch_ingest_samples_dead_lettered_total{reason=\"payload_too_large\"} 1.0")
                    .contains("cellwatch_ingest_kafka_send_seconds_count")
                    .contains("cellwatch_ingest_forward_latency_seconds_bucket");
        }
    }

    private static ChannelAddress address(String run, int channel) {
        return new ChannelAddress(run, "chamber1", "ch" + channel);
    }

    private static SampleBatch batch(String cellId, long firstSeq, int n) {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long seq = firstSeq + i;
            samples.add(new Sample(null, seq, T0 + seq, (double) seq, 3.40 + 0.0001 * seq, 0.00078,
                    100.2, 100.0, 1, 1));
        }
        return SampleBatch.of(cellId, samples);
    }

    private static List<ConsumerRecord<String, Sample>> readTelemetry(EmbeddedBrokers brokers, int expected,
                                                                      Predicate<ConsumerRecord<String, Sample>> mine) {
        List<ConsumerRecord<String, Sample>> out = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(consumerConfig(brokers),
                Topics.TELEMETRY.keySerde().deserializer(), Topics.TELEMETRY.valueSerde().deserializer())) {
            consumer.subscribe(List.of(Topics.TELEMETRY.name()));
            pollUntil(consumer, out, mine, expected);
            // anything beyond the expected count would be a duplicate: give it a moment to show up
            pollUntil(consumer, out, mine, Integer.MAX_VALUE, Duration.ofSeconds(1));
        }
        return out;
    }

    private static List<ConsumerRecord<String, byte[]>> readDeadLetters(EmbeddedBrokers brokers, int expected, String run) {
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(consumerConfig(brokers),
                Topics.TELEMETRY_DLQ.keySerde().deserializer(), Topics.TELEMETRY_DLQ.valueSerde().deserializer())) {
            consumer.subscribe(List.of(Topics.TELEMETRY_DLQ.name()));
            pollUntil(consumer, out, r -> header(r, DeadLetterHeaders.MQTT_TOPIC).contains(run), expected);
        }
        return out;
    }

    private static <V> void pollUntil(KafkaConsumer<String, V> consumer, List<ConsumerRecord<String, V>> out,
                                      Predicate<ConsumerRecord<String, V>> mine, int expected) {
        pollUntil(consumer, out, mine, expected, Duration.ofSeconds(60));
    }

    private static <V> void pollUntil(KafkaConsumer<String, V> consumer, List<ConsumerRecord<String, V>> out,
                                      Predicate<ConsumerRecord<String, V>> mine, int expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (out.size() < expected && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(200))) {
                if (mine.test(r)) {
                    out.add(r);
                }
            }
        }
    }

    private static Map<String, Object> consumerConfig(EmbeddedBrokers brokers) {
        return Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
