package io.cellwatch.app;

import io.cellwatch.alerts.lifecycle.InterlockPolicy;
import io.cellwatch.alerts.metrics.AlertMetrics;
import io.cellwatch.alerts.topology.AlertsOptions;
import io.cellwatch.alerts.topology.AlertsService;
import io.cellwatch.telemetry.json.Json;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/** {@code cellwatch alerts}: findings → alert lifecycle → alerts and interlock pauses. */
@Command(name = "alerts",
        header = "Findings -> alerts, and the interlock that pauses a shorted or overheating channel.",
        mixinStandardHelpOptions = true,
        description = {
                "Turns detector findings (cellwatch.findings.v1) into alerts (cellwatch.alerts.v1): opens after a",
                "debounce (critical at once), escalates, resolves when the condition clears or stays quiet,",
                "honours mutes (cellwatch.mutes.v1), and lets a chamber alert inhibit the cell alerts it explains.",
                "Interlock: a critical hard_short or thermal alert sends 'pause' for its channel on",
                "cellwatch.commands.v1 (once per alert) and records the edge's acknowledgement.",
                "Serves /alerts (active alerts as JSON), /metrics and /health/* over HTTP."})
final class AlertsCommand implements Callable<Integer> {

    @Option(names = "--kafka", defaultValue = "${CELLWATCH_KAFKA_BOOTSTRAP:-127.0.0.1:9092}", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers. Env CELLWATCH_KAFKA_BOOTSTRAP. Default: ${DEFAULT-VALUE}.")
    String kafka;

    @Option(names = "--application-id", defaultValue = "${CELLWATCH_ALERTS_APP_ID:-" + AlertsOptions.DEFAULT_APPLICATION_ID + "}",
            description = "Kafka Streams application id. Env CELLWATCH_ALERTS_APP_ID. Default: ${DEFAULT-VALUE}.")
    String applicationId;

    @Option(names = "--state-dir", defaultValue = "${CELLWATCH_ALERTS_STATE_DIR:-./cellwatch-data/alerts}", paramLabel = "DIR",
            description = "RocksDB state of the open alerts. Env CELLWATCH_ALERTS_STATE_DIR. Default: ${DEFAULT-VALUE}.")
    Path stateDir;

    @Option(names = "--interlock", defaultValue = "${CELLWATCH_INTERLOCK:-on}", paramLabel = "on|off",
            description = "Whether critical short/thermal alerts pause their channel in labs not named by --interlock-off-lab. "
                    + "Env CELLWATCH_INTERLOCK. Default: ${DEFAULT-VALUE}.")
    String interlock;

    @Option(names = "--interlock-off-lab", paramLabel = "LAB",
            description = "A lab where a person decides instead of the interlock (repeatable).")
    List<String> interlockOffLabs = new ArrayList<>();

    @Option(names = "--kafka-config", paramLabel = "FILE", defaultValue = "${CELLWATCH_KAFKA_CONFIG}",
            description = "Kafka client properties (security.protocol, sasl.*, ssl.*). Env CELLWATCH_KAFKA_CONFIG.")
    Path kafkaConfig;

    @Option(names = "--http-port", defaultValue = "${CELLWATCH_HTTP_PORT:-8083}",
            description = "Port for /alerts, /metrics, /health/live and /health/ready; 0 = any. Env CELLWATCH_HTTP_PORT. Default: ${DEFAULT-VALUE}.")
    int httpPort;

    @Override
    public Integer call() throws Exception {
        InterlockPolicy policy = switch (interlock.toLowerCase(java.util.Locale.ROOT)) {
            case "on" -> InterlockPolicy.defaults();
            case "off" -> InterlockPolicy.disabled();
            default -> throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--interlock must be on or off, was '" + interlock + "'");
        };
        for (String lab : interlockOffLabs) {
            policy = policy.withLab(lab, false);
        }
        AlertsOptions options = AlertsOptions.of(kafka, stateDir).withApplicationId(applicationId).withInterlock(policy)
                .withOverrides(KafkaClientProperties.load(kafkaConfig));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AtomicReference<AlertsService> running = new AtomicReference<>();
        AlertMetrics metrics = new AlertMetrics(() -> running.get() == null ? List.of() : running.get().activeAlerts());
        metrics.bindTo(registry);
        try (ShutdownSignal shutdown = ShutdownSignal.install(AlertsService.CLOSE_TIMEOUT.plusSeconds(5));
             ServiceHttp http = ServiceHttp.start(httpPort, registry,
                     () -> running.get() != null && running.get().isReady(),
                     () -> running.get() == null || running.get().isLive());
             AlertsService service = AlertsService.start(options, metrics);
             KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(service.kafkaStreams())) {
            running.set(service);
            streamsMetrics.bindTo(registry);
            serveAlerts(http, service);
            System.err.printf("cellwatch alerts: %s, interlock %s, /alerts and /metrics on http://127.0.0.1:%d%n",
                    kafka, interlock, http.port());
            while (!shutdown.awaitRequest(Duration.ofHours(1))) {
                // running until asked to stop
            }
            return 0;
        }
    }

    /** {@code GET /alerts}: what is open now, as the on-call person would ask for it. */
    static void serveAlerts(ServiceHttp http, AlertsService service) {
        http.server().createContext("/alerts", ex -> {
            byte[] body;
            int status = 200;
            try {
                body = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(Map.of("alerts", service.activeAlerts()));
            } catch (RuntimeException e) {
                status = 503; // state store not queryable during a rebalance
                body = ("{\"error\":\"alerts are not queryable right now: " + e.getMessage().replace('"', '\'') + "\"}")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            }
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(status, body.length);
            try (var out = ex.getResponseBody()) {
                out.write(body);
            }
        });
    }
}
