package io.cellwatch.ingest;

import io.cellwatch.edge.mqtt.MqttTelemetryPublisher;
import io.cellwatch.embedded.EmbeddedKafkaBroker;
import io.cellwatch.embedded.EmbeddedMqttBroker;
import io.cellwatch.telemetry.ChannelAddress;
import io.cellwatch.telemetry.Sample;
import io.cellwatch.telemetry.SampleBatch;
import io.cellwatch.telemetry.Topics;
import io.cellwatch.telemetry.kafka.TopicProvisioner;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kafka goes away under a running bridge and comes back on the same address with the same log:
 * the bridge must hold what it could not write in MQTT (no acks), recover by itself, and end up
 * with every sample in Kafka. Brokers are this test's own, because it stops one.
 */
class KafkaOutageIT {

    private static final double T0 = 1_767_225_600.0;

    @Test
    void aBridgeRidesOutAKafkaOutageAndLosesNoSample(@TempDir Path kafkaData) throws Exception {
        int kafkaPort;
        try (ServerSocket s = new ServerSocket(0)) {
            kafkaPort = s.getLocalPort();
        }
        String run = "outage-" + UUID.randomUUID().toString().substring(0, 8);
        int batches = 120, perBatch = 10;
        // Short Kafka timeouts so the outage is noticed in seconds rather than the 2 minutes of the defaults.
        Map<String, String> quickFailure = Map.of(
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "4000",
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "1500",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, "2000");

        EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(kafkaData, kafkaPort, Map.of());
        try (EmbeddedMqttBroker mqtt = EmbeddedMqttBroker.start()) {
            try (var admin = kafka.admin()) {
                new TopicProvisioner(admin, 3, (short) 1).ensureAll(Duration.ofSeconds(30));
            }
            BridgeConfig config = BridgeConfig.of(mqtt.serverUri(), run + "-bridge", kafka.bootstrapServers())
                    .withShareGroup(run).withKafkaOverrides(quickFailure);
            ChannelAddress channel = new ChannelAddress(run, "chamber1", "ch0");
            try (MqttKafkaBridge bridge = MqttKafkaBridge.start(config);
                 MqttTelemetryPublisher edge = MqttTelemetryPublisher.connect(mqtt.serverUri(), run + "-edge")) {
                for (int b = 0; b < batches / 2; b++) {
                    edge.publishBatch(channel, batch(run + "-cell", (long) b * perBatch, perBatch));
                }
                assertThat(edge.flush(30, TimeUnit.SECONDS)).isTrue();
                awaitForwarded(bridge, (long) batches / 2 * perBatch);

                // Kafka goes down; the edge keeps publishing
                kafka.close();
                for (int b = batches / 2; b < batches; b++) {
                    edge.publishBatch(channel, batch(run + "-cell", (long) b * perBatch, perBatch));
                }
                assertThat(edge.flush(30, TimeUnit.SECONDS)).isTrue();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (bridge.failure() == null && System.nanoTime() < deadline) {
                    Thread.sleep(20); // waiting on the bridge's own timeout; there is no event to wait on
                }
                assertThat(bridge.failure()).as("the bridge notices Kafka is gone: %s", bridge.stats()).isNotNull();

                // Kafka comes back on the same address with the same data
                kafka = EmbeddedKafkaBroker.start(kafkaData, kafkaPort, Map.of());
                Set<Long> seqs = readSeqs(kafka, run + "-cell", batches * perBatch);
                assertThat(seqs).as("every sample after the outage; bridge: %s", bridge.stats())
                        .hasSize(batches * perBatch);
                assertThat(bridge.failure()).as("recovered").isNull();
                assertThat(bridge.stats().recoveries()).isPositive();
            }
        } finally {
            kafka.close();
        }
    }

    private static void awaitForwarded(MqttKafkaBridge bridge, long n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (bridge.stats().samplesForwarded() < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(bridge.stats().samplesForwarded()).as("before the outage: %s", bridge.stats()).isEqualTo(n);
    }

    private static Set<Long> readSeqs(EmbeddedKafkaBroker kafka, String cell, int expected) {
        Set<Long> seqs = new HashSet<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                Topics.TELEMETRY.keySerde().deserializer(), Topics.TELEMETRY.valueSerde().deserializer())) {
            consumer.subscribe(List.of(Topics.TELEMETRY.name()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (seqs.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, Sample> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key().equals(cell)) {
                        seqs.add(r.value().seq()); // duplicates after redelivery are allowed; losses are not
                    }
                }
            }
        }
        return seqs;
    }

    private static SampleBatch batch(String cellId, long firstSeq, int n) {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long seq = firstSeq + i;
            samples.add(new Sample(null, seq, T0 + seq, (double) seq, 3.40, 0.00078, 25.0, 25.0, 1, 1));
        }
        return SampleBatch.of(cellId, samples);
    }
}
