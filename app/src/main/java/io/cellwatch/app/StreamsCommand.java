package io.cellwatch.app;

import io.cellwatch.streams.analytics.AnalyticsOptions;
import io.cellwatch.streams.detect.DetectionConfig;
import io.cellwatch.streams.ordering.ReorderBuffer;
import io.cellwatch.streams.http.CellQueryApi;
import org.apache.kafka.streams.state.HostInfo;
import java.util.concurrent.atomic.AtomicReference;
import io.cellwatch.streams.metrics.CellGauges;
import io.cellwatch.streams.topology.AnalyticsService;
import io.cellwatch.streams.topology.StreamsOptions;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code cellwatch streams}: the analytics topology against an external Kafka cluster. */
@Command(name = "streams",
        header = "Per-cycle analytics and the safety detectors, on Kafka Streams.",
        mixinStandardHelpOptions = true,
        description = {
                "Runs the analytics and the safety detectors: cellwatch.telemetry.v1 -> per-cell cycles",
                "-> cellwatch.cycles.v1, findings -> cellwatch.findings.v1 (Kafka Streams, exactly-once,",
                "RocksDB state). Start several instances with the same --application-id to share the",
                "partitions. Serves /cells, /metrics and /health/* over HTTP."})
final class StreamsCommand implements Callable<Integer> {

    @Option(names = "--kafka", defaultValue = "${CELLWATCH_KAFKA_BOOTSTRAP:-127.0.0.1:9092}", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers. Env CELLWATCH_KAFKA_BOOTSTRAP. Default: ${DEFAULT-VALUE}.")
    String kafka;

    @Option(names = "--application-id", defaultValue = "${CELLWATCH_STREAMS_APP_ID:-" + StreamsOptions.DEFAULT_APPLICATION_ID + "}",
            description = "Kafka Streams application id. Env CELLWATCH_STREAMS_APP_ID. Default: ${DEFAULT-VALUE}.")
    String applicationId;

    @Option(names = "--state-dir", defaultValue = "${CELLWATCH_STATE_DIR:-./cellwatch-data/streams}", paramLabel = "DIR",
            description = "RocksDB state; put it on a persistent volume. Env CELLWATCH_STATE_DIR. Default: ${DEFAULT-VALUE}.")
    Path stateDir;

    @Option(names = "--provisional-interval-s", defaultValue = "10",
            description = "Seconds between provisional updates of each active cell's running cycle. Default: ${DEFAULT-VALUE}.")
    long provisionalIntervalS;

    @Option(names = "--http-port", defaultValue = "${CELLWATCH_HTTP_PORT:-8082}",
            description = "Port for /metrics, /health/live and /health/ready; 0 = any. Env CELLWATCH_HTTP_PORT. Default: ${DEFAULT-VALUE}.")
    int httpPort;

    @Option(names = "--advertised-host", defaultValue = "${CELLWATCH_ADVERTISED_HOST:-127.0.0.1}",
            description = "Host name other instances use to reach this one's HTTP port for /cells queries "
                    + "(the pod or host name in a cluster). Env CELLWATCH_ADVERTISED_HOST. Default: ${DEFAULT-VALUE}.")
    String advertisedHost;

    @Option(names = "--standby-replicas", defaultValue = "${CELLWATCH_STREAMS_NUM_STANDBY_REPLICAS:-0}",
            description = "Warm copies of each task's state on other instances (num.standby.replicas), so a failover "
                    + "does not replay the changelog; 1 with two or more instances. Env CELLWATCH_STREAMS_NUM_STANDBY_REPLICAS. "
                    + "Default: ${DEFAULT-VALUE}.")
    int standbyReplicas;

    @Option(names = "--kafka-config", paramLabel = "FILE", defaultValue = "${CELLWATCH_KAFKA_CONFIG}",
            description = "Kafka client properties (security.protocol, sasl.*, ssl.*) for every client of the topology. "
                    + "Env CELLWATCH_KAFKA_CONFIG.")
    Path kafkaConfig;

    @Override
    public Integer call() throws Exception {
        Map<String, String> overrides = KafkaClientProperties.load(kafkaConfig);
        overrides.put("num.standby.replicas", String.valueOf(standbyReplicas));
        StreamsOptions options = new StreamsOptions(applicationId, kafka, stateDir,
                Duration.ofSeconds(provisionalIntervalS), AnalyticsOptions.defaults(), DetectionConfig.defaults(),
                StreamsOptions.DEFAULT_STALE_CHECK_INTERVAL, ReorderBuffer.Bounds.defaults(), Map.copyOf(overrides));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AtomicReference<AnalyticsService> running = new AtomicReference<>();
        try (ShutdownSignal shutdown = ShutdownSignal.install(AnalyticsService.CLOSE_TIMEOUT.plusSeconds(5));
             // HTTP first: its port is this instance's address for interactive queries
             ServiceHttp http = ServiceHttp.start(httpPort, registry,
                     () -> running.get() != null && running.get().isReady(),
                     () -> running.get() == null || running.get().isLive());
             AnalyticsService service = AnalyticsService.start(options.withOverrides(
                     Map.of("application.server", advertisedHost + ":" + http.port())), new CellGauges(registry));
             KafkaStreamsMetrics metrics = new KafkaStreamsMetrics(service.kafkaStreams())) {
            running.set(service);
            metrics.bindTo(registry);
            CellQueryApi.register(http.server(), service.kafkaStreams(), new HostInfo(advertisedHost, http.port()));
            System.err.printf("cellwatch streams: %s on %s; http://%s:%d/cells, /metrics, /health/ready%n",
                    applicationId, kafka, advertisedHost, http.port());
            while (!shutdown.awaitRequest(Duration.ofSeconds(1))) {
                if (!service.isLive()) {
                    return 1;
                }
            }
            return 0;
        }
    }
}
