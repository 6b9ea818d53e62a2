package io.cellwatch.app;

import io.cellwatch.alerts.metrics.AlertMetrics;
import io.cellwatch.alerts.topology.AlertsOptions;
import io.cellwatch.alerts.topology.AlertsService;
import io.cellwatch.edge.fleet.FaultPlan;
import io.cellwatch.edge.fleet.FleetOptions;
import io.cellwatch.edge.fleet.SimulatedFleet;
import io.cellwatch.embedded.EmbeddedKafkaBroker;
import io.cellwatch.embedded.EmbeddedMqttBroker;
import io.cellwatch.ingest.BridgeConfig;
import io.cellwatch.ingest.CommandRelay;
import io.cellwatch.ingest.MqttKafkaBridge;
import io.cellwatch.telemetry.MqttClientSecurity;
import io.cellwatch.streams.http.CellQueryApi;
import io.cellwatch.streams.metrics.CellGauges;
import io.cellwatch.streams.topology.AnalyticsService;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.state.HostInfo;
import io.cellwatch.streams.topology.StreamsOptions;
import io.cellwatch.telemetry.Alert;
import io.cellwatch.telemetry.Topics;
import io.cellwatch.telemetry.kafka.TopicProvisioner;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Everything in one process: a Kafka broker, an MQTT broker, the topics, the bridge and a
 * simulated fleet. Started in dependency order and closed in reverse, each step bounded in time.
 */
final class AllInOne implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AllInOne.class);

    /** @param httpPort port for /cells and /metrics on 127.0.0.1; 0 = any free port, -1 = none */
    /** @param mqttCredentials accounts for a secured MQTT broker ({@link io.cellwatch.embedded.MqttAccess}); null = open */
    record Options(Path dataDir, int kafkaPort, int mqttPort, int partitions, int httpPort, FleetOptions fleet,
                   List<FaultPlan> faults, Path mqttCredentials) {

        Options(Path dataDir, int kafkaPort, int mqttPort, int partitions, int httpPort, FleetOptions fleet,
                List<FaultPlan> faults) {
            this(dataDir, kafkaPort, mqttPort, partitions, httpPort, fleet, faults, null);
        }

        Options(Path dataDir, int kafkaPort, int mqttPort, int partitions, int httpPort, FleetOptions fleet) {
            this(dataDir, kafkaPort, mqttPort, partitions, httpPort, fleet, List.of());
        }

    }

    /** One progress reading. */
    record Progress(int cells, int cycle, long published, long received, long forwarded, long deadLettered,
                    long telemetryOffsets, long deadLetterOffsets, long cycleRecords, long findingRecords,
                    List<Alert> activeAlerts, List<String> pausedCells) {
    }

    private final List<AutoCloseable> started = new java.util.ArrayList<>();
    private EmbeddedKafkaBroker kafka;
    private EmbeddedMqttBroker mqtt;
    private MqttKafkaBridge bridge;
    private SimulatedFleet fleet;
    private volatile AnalyticsService analytics;
    private volatile AlertsService alerts;
    private ServiceHttp http;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private Admin admin;

    static AllInOne start(Options options) throws InterruptedException {
        AllInOne all = new AllInOne();
        try {
            all.startAll(options);
            return all;
        } catch (RuntimeException | Error | InterruptedException e) {
            all.close(); // whatever failed, the brokers started before it must not keep the JVM alive
            throw e;
        }
    }

    private void startAll(Options o) throws InterruptedException {
        kafka = track(EmbeddedKafkaBroker.start(o.dataDir() == null ? null : o.dataDir().resolve("kafka"),
                o.kafkaPort(), Map.of()));
        Path mqttDir = o.dataDir() == null ? null : o.dataDir().resolve("mqtt");
        DemoMqttAccounts accounts = o.mqttCredentials() == null ? null : new DemoMqttAccounts(o.mqttCredentials(), o.fleet().lab());
        mqtt = track(accounts == null ? EmbeddedMqttBroker.start(mqttDir, o.mqttPort())
                : accounts.withCombinedFile(file -> EmbeddedMqttBroker.start(mqttDir, o.mqttPort(),
                        EmbeddedMqttBroker.Security.OPEN.withCredentials(file))));
        MqttClientSecurity bridgeAccount = accounts == null ? MqttClientSecurity.NONE : accounts.bridge;
        admin = track(kafka.admin());
        new TopicProvisioner(admin, o.partitions(), (short) 1).ensureAll(Duration.ofSeconds(30));
        Path stateDir = o.dataDir() != null ? o.dataDir().resolve("streams") : temporaryStateDir();
        StreamsOptions streamsOptions = StreamsOptions.of(kafka.bootstrapServers(), stateDir);
        if (o.httpPort() >= 0) {
            http = track(ServiceHttp.startOnLoopback(o.httpPort(), registry,
                    () -> analytics != null && analytics.isReady() && alerts != null && alerts.isReady(),
                    () -> (analytics == null || analytics.isLive()) && (alerts == null || alerts.isLive())));
            streamsOptions = streamsOptions.withOverrides(Map.of("application.server", "127.0.0.1:" + http.port()));
        }
        analytics = track(AnalyticsService.start(streamsOptions, new CellGauges(registry)));
        if (http != null) {
            CellQueryApi.register(http.server(), analytics.kafkaStreams(), new HostInfo("127.0.0.1", http.port()));
        }
        AlertMetrics alertMetrics = new AlertMetrics(() -> alerts == null ? List.of() : alerts.activeAlerts());
        alertMetrics.bindTo(registry);
        alerts = track(AlertsService.start(AlertsOptions.of(kafka.bootstrapServers(), stateDir), alertMetrics));
        if (http != null) {
            AlertsCommand.serveAlerts(http, alerts);
        }
        bridge = track(MqttKafkaBridge.start(BridgeConfig.of(mqtt.serverUri(), "cellwatch-ingest-demo", kafka.bootstrapServers())
                .withMqttSecurity(bridgeAccount), registry));
        track(CommandRelay.start(mqtt.serverUri(), "cellwatch-command-relay-demo", kafka.bootstrapServers(), Map.of(),
                bridgeAccount));
        fleet = track(SimulatedFleet.start(mqtt.serverUri(), o.fleet(), o.faults(),
                accounts == null ? MqttClientSecurity.NONE : accounts.edge));
    }

    private Path temporaryStateDir() {
        try {
            Path dir = java.nio.file.Files.createTempDirectory("cellwatch-streams-");
            started.add(() -> deleteTree(dir)); // closed last of all but the brokers' own folders
            return dir;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create a temporary state folder", e);
        }
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (var paths = java.nio.file.Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.deleteIfExists(p);
            }
        }
    }

    private <T extends AutoCloseable> T track(T resource) {
        started.add(resource);
        return resource;
    }

    String kafkaBootstrap() {
        return kafka.bootstrapServers();
    }

    /** The demo's HTTP address, or null when it serves none. */
    String httpAddress() {
        return http == null ? null : "http://127.0.0.1:" + http.port();
    }

    String mqttServerUri() {
        return mqtt.serverUri();
    }

    /** The bridge's fatal failure, if it had one. */
    Throwable bridgeFailure() {
        return bridge.failure();
    }

    Progress progress() {
        return new Progress(fleet.cells(), fleet.currentCycle(), fleet.samplesPublished(),
                bridge.stats().messagesReceived(), bridge.stats().samplesForwarded(), bridge.stats().samplesDeadLettered(),
                endOffsets(Topics.TELEMETRY.name()), endOffsets(Topics.TELEMETRY_DLQ.name()),
                endOffsets(Topics.CYCLES.name()), endOffsets(Topics.FINDINGS.name()), activeAlerts(),
                fleet.cellIds().stream().filter(fleet::isPaused).toList());
    }

    /** The alerts open now; empty while the alert store is not queryable (starting, rebalancing). */
    List<Alert> activeAlerts() {
        try {
            return alerts == null ? List.of() : alerts.activeAlerts();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    private long endOffsets(String topic) {
        try {
            TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(5, TimeUnit.SECONDS).get(topic);
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            d.partitions().forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result =
                    admin.listOffsets(request).all().get(5, TimeUnit.SECONDS);
            return result.values().stream().mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (Exception e) {
            log.debug("cannot read offsets of {}: {}", topic, e.getMessage());
            return -1;
        }
    }

    /**
     * Stops the sources (fleet, then bridge) and waits for what they sent to land, leaving the
     * brokers up so the final figures can still be read.
     */
    void drain() {
        if (fleet != null && started.remove(fleet)) {
            fleet.close();
        }
        // Let the bridge catch up with what the fleet handed to MQTT before stopping it: what it
        // has not taken yet would wait in its MQTT session for the next run, not be lost, but the
        // demo's closing figures should add up.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (fleet != null && bridge != null && bridge.failure() == null && System.nanoTime() < deadline
                && bridge.stats().samplesForwarded() + bridge.stats().samplesDeadLettered() < fleet.samplesPublished()) {
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        for (AutoCloseable source : new AutoCloseable[]{bridge}) {
            if (source != null && started.remove(source)) {
                try {
                    source.close();
                } catch (Exception e) {
                    log.warn("while stopping {}: {}", source.getClass().getSimpleName(), e.getMessage());
                }
            }
        }
    }

    /** Stops the fleet first, then the bridge, then the brokers, so no stage loses what the one before sent. */
    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                log.warn("while stopping {}: {}", started.get(i).getClass().getSimpleName(), e.getMessage());
            }
        }
        started.clear();
    }
}
