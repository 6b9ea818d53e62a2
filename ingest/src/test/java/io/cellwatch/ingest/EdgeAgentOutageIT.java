package io.cellwatch.ingest;

import io.cellwatch.edge.agent.EdgeAgent;
import io.cellwatch.edge.agent.EdgeConfig;
import io.cellwatch.embedded.EmbeddedKafkaBroker;
import io.cellwatch.embedded.EmbeddedMqttBroker;
import io.cellwatch.telemetry.MqttClientSecurity;
import io.cellwatch.telemetry.Sample;
import io.cellwatch.telemetry.Topics;
import io.cellwatch.telemetry.kafka.TopicProvisioner;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 4's acceptance test on real brokers: an edge agent streams a real Neware file (replayed as fast
 * as possible) and a simulated cell; the MQTT broker is stopped in the middle of the stream and started
 * again on the same port with the same data, and the agent is restarted once. After dropping duplicates
 * by (cell, seq), every sample of both sources is in Kafka's telemetry topic exactly once.
 */
class EdgeAgentOutageIT {

    private static final Path NEWARE = Path.of("/work/shared/data/cyclers/cellpy/neware_uio.csv");
    private static final int SIM_SAMPLES = 4_000;

    @TempDir
    Path tmp;

    @Test
    void noSampleIsLostThroughABrokerOutageAndAnAgentRestart() throws Exception {
        long started = System.nanoTime();
        long fileRows = Files.readAllLines(NEWARE).stream().skip(1).filter(l -> !l.isBlank()).count();
        String run = "edgeit" + UUID.randomUUID().toString().substring(0, 6);
        int mqttPort = freePort();
        Path mqttData = tmp.resolve("mqtt");

        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
            try (var admin = kafka.admin()) {
                new TopicProvisioner(admin, 3, (short) 1).ensureAll(Duration.ofSeconds(30));
            }
            EmbeddedMqttBroker mqtt = EmbeddedMqttBroker.start(mqttData, mqttPort);
            Counts counts = new Counts(kafka.bootstrapServers(), run);
            try (MqttKafkaBridge bridge = MqttKafkaBridge.start(
                    BridgeConfig.of(mqtt.serverUri(), run + "-bridge", kafka.bootstrapServers()).withShareGroup(run))) {
                EdgeConfig config = EdgeConfig.parse("""
                        lab: %s
                        mqtt: {uri: "%s", client-id: %s-edge, reconnect-initial-ms: 100, reconnect-max-ms: 1000}
                        queue: {dir: queue, sync-every-appends: 10}
                        batch: {max-samples: 20, max-delay-ms: 100}
                        channels:
                          - chamber: A
                            channel: file1
                            cell: {id: %s-file}
                            source: {type: file, path: %s, speed: max}
                          - chamber: A
                            channel: sim1
                            cell: {id: %s-sim}
                            source: {type: simulator, preset: core-shell-100c, seed: 3, sample-period-s: 10,
                                     speed: 800x, max-samples: %d}
                        """.formatted(run, mqtt.serverUri(), run, run, NEWARE, run, SIM_SAMPLES), tmp);

                EdgeAgent agent = EdgeAgent.start(config, MqttClientSecurity.NONE);
                try {
                    // mid-stream: the broker goes away for a while, then comes back with its data
                    await(() -> counts.unique(run + "-sim") >= 300, 120, counts);
                    mqtt.close();
                    long queuedBefore = agent.stats().batchesQueued();
                    Thread.sleep(3_000);
                    assertThat(agent.stats().batchesQueued()).as("the agent keeps queueing on disk").isGreaterThan(queuedBefore);
                    assertThat(agent.stats().queueRecords()).isPositive();
                    long beforeOutage = counts.unique(run + "-sim");
                    mqtt = EmbeddedMqttBroker.start(mqttData, mqttPort);

                    // the agent restarts once, in the middle of the simulator's stream, with batches
                    // still waiting in its queue
                    await(() -> counts.unique(run + "-sim") >= beforeOutage + 200, 120, counts);
                    assertThat(agent.sourcesFinished()).as("still streaming when the agent stops").isFalse();
                } finally {
                    agent.close(Duration.ZERO);
                }
                EdgeAgent.Stats first = agent.stats();
                agent = EdgeAgent.start(config, MqttClientSecurity.NONE);
                try {
                    await(() -> counts.unique(run + "-sim") >= SIM_SAMPLES && counts.unique(run + "-file") >= fileRows,
                            180, counts);
                } finally {
                    agent.close(Duration.ofSeconds(10));
                }
                Thread.sleep(1_000); // late duplicates, if any, are counted too
                counts.stop();

                Set<Long> fileSeqs = counts.seqs(run + "-file");
                Set<Long> simSeqs = counts.seqs(run + "-sim");
                assertThat(fileSeqs).as("every row of the file, numbered by its line").hasSize((int) fileRows)
                        .isEqualTo(LongStream.rangeClosed(2, fileRows + 1).boxed().collect(Collectors.toSet()));
                assertThat(simSeqs).as("every simulated sample").hasSize(SIM_SAMPLES)
                        .isEqualTo(LongStream.range(0, SIM_SAMPLES).boxed().collect(Collectors.toSet()));
                System.out.printf("EdgeAgentOutageIT: %d file + %d simulator samples arrived exactly once after dedup;"
                                + " %d duplicates dropped; first run %s; %.1f s%n", fileSeqs.size(), simSeqs.size(),
                        counts.duplicates(), first, (System.nanoTime() - started) / 1e9);
            } finally {
                counts.stop();
                mqtt.close();
            }
        }
    }

    /** Reads the telemetry topic in the background, counting each (cell, seq). */
    private static final class Counts {
        private final Map<String, Map<Long, Integer>> seen = new ConcurrentHashMap<>();
        private final AtomicLong duplicates = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Counts(String bootstrap, String run) {
            thread = new Thread(() -> {
                try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                        ConsumerConfig.GROUP_ID_CONFIG, run + "-it",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                        Topics.TELEMETRY.keySerde().deserializer(), Topics.TELEMETRY.valueSerde().deserializer())) {
                    consumer.subscribe(List.of(Topics.TELEMETRY.name()));
                    while (running.get()) {
                        for (ConsumerRecord<String, Sample> r : consumer.poll(Duration.ofMillis(200))) {
                            if (r.key().startsWith(run)) {
                                Integer before = seen.computeIfAbsent(r.key(), k -> new ConcurrentHashMap<>())
                                        .merge(r.value().seq(), 1, Integer::sum);
                                if (before > 1) {
                                    duplicates.incrementAndGet();
                                }
                            }
                        }
                    }
                }
            }, "it-telemetry-reader");
            thread.start();
        }

        long unique(String cell) {
            return seen.getOrDefault(cell, Map.of()).size();
        }

        Set<Long> seqs(String cell) {
            return new TreeSet<>(seen.getOrDefault(cell, Map.of()).keySet());
        }

        long duplicates() {
            return duplicates.get();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(5_000);
        }

        @Override
        public String toString() {
            return seen.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().size())
                    .collect(Collectors.joining(", ")) + ", duplicates " + duplicates;
        }
    }

    private static void await(BooleanSupplier condition, int seconds, Object state) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited %d s; %s", seconds, state).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
