package io.cellwatch.edge.agent;

import io.cellwatch.embedded.EmbeddedMqttBroker;
import io.cellwatch.telemetry.CellStatus;
import io.cellwatch.telemetry.Command;
import io.cellwatch.telemetry.MetricNames;
import io.cellwatch.telemetry.MqttClientSecurity;
import io.cellwatch.telemetry.MqttTopics;
import io.cellwatch.telemetry.Sample;
import io.cellwatch.telemetry.SampleBatch;
import io.cellwatch.telemetry.json.JsonSerde;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The agent against a real (in-process) MQTT broker: replay, simulator, births, commands. */
class EdgeAgentTest {

    private static final Path NEWARE = Path.of("/work/shared/data/cyclers/cellpy/neware_uio.csv");
    private static final JsonSerde<SampleBatch> BATCH = JsonSerde.of(SampleBatch.class);
    private static final JsonSerde<CellStatus> STATUS = JsonSerde.of(CellStatus.class);
    private static final JsonSerde<Command> COMMAND = JsonSerde.of(Command.class);

    @TempDir
    Path dir;

    @Test
    void aReplayedFileArrivesWholeWithBirthsAndCommandsAreAnswered() throws Exception {
        long dataRows = Files.readAllLines(NEWARE).stream().skip(1).filter(l -> !l.isBlank()).count();
        try (EmbeddedMqttBroker broker = EmbeddedMqttBroker.start()) {
            EdgeConfig config = EdgeConfig.parse(yaml(broker.serverUri()), dir);
            Map<Long, Integer> fileSeqs = new ConcurrentHashMap<>();
            Map<String, CellStatus> births = new ConcurrentHashMap<>();
            List<Command> acks = new CopyOnWriteArrayList<>();
            MqttClient watcher = new MqttClient(broker.serverUri(), "watcher", new MemoryPersistence());
            watcher.connect(new MqttConnectionOptions());
            onMessage(watcher, (topic, m) -> {
                if (topic.endsWith("/telemetry")) {
                    SampleBatch b = BATCH.fromBytes(m.getPayload());
                    if (b.cellId().equals("neware-1")) {
                        for (Sample s : b.samples()) {
                            fileSeqs.merge(s.seq(), 1, Integer::sum);
                        }
                    }
                } else if (topic.endsWith("/status")) {
                    CellStatus s = STATUS.fromBytes(m.getPayload());
                    births.put(s.cellId() + "/" + s.state().wireName(), s);
                } else if (topic.endsWith("/ack")) {
                    acks.add(COMMAND.fromBytes(m.getPayload()));
                }
            });
            watcher.subscribe(new MqttSubscription[]{new MqttSubscription(MqttTopics.ROOT + "/labT/#", 1)});

            EdgeAgent agent = EdgeAgent.start(config, MqttClientSecurity.NONE);
            try {
                await(() -> fileSeqs.size() >= dataRows, 60);
                assertThat(fileSeqs).as("every row once, numbered by its line").hasSize((int) dataRows);
                assertThat(fileSeqs.keySet()).contains(2L, dataRows + 1);
                assertThat(births).containsKeys("neware-1/online", "sim-1/online");
                assertThat(births.get("sim-1/online").metadata().chamberSetpointC()).isEqualTo(100.0);

                publish(watcher, "labT/A/sim1", Command.issue("c1", "sim-1", Command.Action.PAUSE, "test", 1.0));
                publish(watcher, "labT/A/file1", Command.issue("c2", "neware-1", Command.Action.PAUSE, "test", 1.0));
                await(() -> acks.size() >= 2, 20);
                Command simAck = acks.stream().filter(a -> a.commandId().equals("c1")).findFirst().orElseThrow();
                Command fileAck = acks.stream().filter(a -> a.commandId().equals("c2")).findFirst().orElseThrow();
                assertThat(simAck.ack()).isTrue();
                assertThat(fileAck.ack()).as("a file cannot be paused without a cycler hook").isFalse();
                assertThat(fileAck.reason()).startsWith("recorded, not enforced");
                assertThat(Files.readString(dir.resolve("q/commands.log"))).contains("\"c2\"");
            } finally {
                agent.close(Duration.ofSeconds(5));
            }
            await(() -> births.containsKey("sim-1/offline") && births.containsKey("neware-1/offline"), 10);
            assertThat(births).containsKeys("sim-1/offline", "neware-1/offline");
            watcher.disconnect();
            watcher.close();
        }
    }

    @Test
    void aFullQueueHoldsTheSourceInsteadOfDroppingAndEverythingArrivesOnceTheBrokerIsUp() throws Exception {
        long dataRows = Files.readAllLines(NEWARE).stream().skip(1).filter(l -> !l.isBlank()).count();
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        EdgeConfig config = EdgeConfig.parse("""
                lab: labF
                mqtt: {uri: "tcp://127.0.0.1:%d", client-id: edge-full, reconnect-initial-ms: 100, reconnect-max-ms: 500}
                queue: {dir: q, max-bytes: 65536, sync-every-appends: 10}
                batch: {max-samples: 100, max-delay-ms: 100}
                channels:
                  - {chamber: A, channel: ch1, cell: {id: full-1}, source: {type: file, path: %s}}
                """.formatted(port, NEWARE), dir);
        EdgeAgent agent = EdgeAgent.start(config, MqttClientSecurity.NONE);
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        agent.bindTo(metrics);
        try {
            // no broker: the queue fills up and the source waits
            await(() -> agent.stats().queueFullRefusals() > 0, 30);
            EdgeAgent.Stats full = agent.stats();
            assertThat(full.queueFullRefusals()).isPositive();
            assertThat(full.queueBytes()).isLessThanOrEqualTo(65536);
            assertThat(full.samplesQueued()).isLessThan(dataRows);
            // what the Prometheus rules see: disconnected, the queue near its limit, sources refused
            assertThat(gauge(metrics, MetricNames.EDGE_MQTT_CONNECTED)).isZero();
            assertThat(gauge(metrics, MetricNames.EDGE_QUEUE_LIMIT_BYTES)).isEqualTo(65536);
            assertThat(gauge(metrics, MetricNames.EDGE_QUEUE_BYTES)).isGreaterThan(65536 / 2.0).isLessThanOrEqualTo(65536);
            assertThat(metrics.get(MetricNames.EDGE_QUEUE_FULL).functionCounter().count()).isPositive();

            try (EmbeddedMqttBroker broker = EmbeddedMqttBroker.start(dir.resolve("mqtt"), port)) {
                // the agent connects by itself; what was held back follows through the queue
                await(() -> agent.sourcesFinished() && agent.drained(), 120);
                EdgeAgent.Stats done = agent.stats();
                assertThat(done.samplesQueued()).as("every row queued, none dropped while full: %s", done)
                        .isEqualTo(dataRows);
                assertThat(done.batchesAcked()).as("and acknowledged by the broker").isEqualTo(done.batchesQueued());
                assertThat(done.queueRecords()).isZero();
                assertThat(gauge(metrics, MetricNames.EDGE_MQTT_CONNECTED)).isEqualTo(1);
                assertThat(gauge(metrics, MetricNames.EDGE_QUEUE_BATCHES)).isZero();
                assertThat(metrics.get(MetricNames.EDGE_SAMPLES_QUEUED).functionCounter().count()).isEqualTo(dataRows);
                assertThat(metrics.get(MetricNames.EDGE_BATCHES_ACKED).functionCounter().count())
                        .isEqualTo(done.batchesQueued());
                assertThat(metrics.get(MetricNames.EDGE_MQTT_CONNECTS).functionCounter().count()).isGreaterThanOrEqualTo(1);
            } finally {
                agent.close(Duration.ZERO);
            }
        } finally {
            agent.close(Duration.ZERO);
        }
    }

    private static double gauge(SimpleMeterRegistry metrics, String name) {
        return metrics.get(name).gauge().value();
    }

    @Test
    void afterACrashTheWillSaysOfflineAndTheRestartedAgentSendsWhatWasLeftWithTheSameNumbers() throws Exception {
        long dataRows = Files.readAllLines(NEWARE).stream().skip(1).filter(l -> !l.isBlank()).count();
        int simSamples = 3_000;
        try (EmbeddedMqttBroker broker = EmbeddedMqttBroker.start()) {
            EdgeConfig config = EdgeConfig.parse("""
                    lab: labK
                    mqtt: {uri: "%s", client-id: edge-crash, reconnect-initial-ms: 100}
                    queue: {dir: q, sync-every-appends: 10}
                    batch: {max-samples: 50, max-delay-ms: 100}
                    channels:
                      - chamber: A
                        channel: sim1
                        cell: {id: sim-k}
                        source: {type: simulator, preset: hkust1-100c, seed: 5, speed: 2000x, max-samples: %d}
                      - {chamber: A, channel: file1, cell: {id: file-k}, source: {type: file, path: %s, speed: max}}
                    """.formatted(broker.serverUri(), simSamples, NEWARE), dir);
            Map<String, Map<Long, Integer>> seqs = new ConcurrentHashMap<>();
            List<String> statuses = new CopyOnWriteArrayList<>();
            MqttClient watcher = new MqttClient(broker.serverUri(), "watcher-crash", new MemoryPersistence());
            watcher.connect(new MqttConnectionOptions());
            onMessage(watcher, (topic, m) -> {
                if (topic.endsWith("/telemetry")) {
                    SampleBatch b = BATCH.fromBytes(m.getPayload());
                    for (Sample s : b.samples()) {
                        seqs.computeIfAbsent(b.cellId(), k -> new ConcurrentHashMap<>()).merge(s.seq(), 1, Integer::sum);
                    }
                } else if (topic.endsWith("/status")) {
                    CellStatus st = STATUS.fromBytes(m.getPayload());
                    statuses.add(st.cellId() + "/" + st.state().wireName());
                }
            });
            watcher.subscribe(new MqttSubscription[]{new MqttSubscription(MqttTopics.ROOT + "/labK/#", 1)});

            EdgeAgent agent = EdgeAgent.start(config, MqttClientSecurity.NONE);
            await(() -> seqs.getOrDefault("sim-k", Map.of()).size() >= 500, 60);
            agent.halt();
            await(() -> statuses.contains("sim-k/offline"), 20);
            assertThat(statuses).as("the will covers the first channel").contains("sim-k/offline")
                    .doesNotContain("file-k/offline");
            int beforeRestart = seqs.get("sim-k").size();
            assertThat(beforeRestart).isLessThan(simSamples);

            EdgeAgent again = EdgeAgent.start(config, MqttClientSecurity.NONE);
            try {
                await(() -> seqs.getOrDefault("sim-k", Map.of()).size() >= simSamples
                        && seqs.getOrDefault("file-k", Map.of()).size() >= dataRows, 120);
            } finally {
                again.close(Duration.ofSeconds(5));
            }
            assertThat(seqs.get("sim-k").keySet()).as("the simulator continues its own numbering")
                    .hasSize(simSamples).allMatch(q -> q >= 0 && q < simSamples);
            assertThat(seqs.get("file-k").keySet()).hasSize((int) dataRows).allMatch(q -> q >= 2 && q <= dataRows + 1);
            assertThat(statuses.subList(statuses.indexOf("sim-k/offline"), statuses.size()))
                    .as("born again after the restart").contains("sim-k/online");
            watcher.disconnect();
            watcher.close();
        }
    }

    private static String yaml(String uri) {
        return """
                lab: labT
                mqtt: {uri: "%s", client-id: edge-test}
                queue: {dir: q, sync-every-appends: 50}
                batch: {max-samples: 200, max-delay-ms: 200}
                channels:
                  - chamber: A
                    channel: file1
                    cell: {id: neware-1}
                    source: {type: file, path: %s, speed: max}
                  - chamber: A
                    channel: sim1
                    cell: {id: sim-1}
                    source: {type: simulator, preset: core-shell-100c, speed: 1000x, sample-period-s: 10}
                """.formatted(uri, NEWARE);
    }

    interface Handler {
        void handle(String topic, MqttMessage m) throws Exception;
    }

    /** A callback, not Paho's per-subscription listener (its synchronous subscribe with one recurses). */
    static void onMessage(MqttClient client, Handler handler) {
        client.setCallback(new MqttCallback() {
            @Override
            public void messageArrived(String topic, MqttMessage message) throws Exception {
                handler.handle(topic, message);
            }

            @Override
            public void disconnected(MqttDisconnectResponse r) {
            }

            @Override
            public void mqttErrorOccurred(MqttException e) {
            }

            @Override
            public void deliveryComplete(IMqttToken t) {
            }

            @Override
            public void connectComplete(boolean reconnect, String uri) {
            }

            @Override
            public void authPacketArrived(int code, MqttProperties p) {
            }
        });
    }

    private static void publish(MqttClient client, String channel, Command command) throws Exception {
        MqttMessage m = new MqttMessage(COMMAND.toBytes(command));
        m.setQos(1);
        client.publish(MqttTopics.ROOT + "/" + channel + "/" + MqttTopics.COMMAND, m);
    }

    static void await(BooleanSupplier condition, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
