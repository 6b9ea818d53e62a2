package io.cellwatch.app;

import io.cellwatch.ingest.BridgeConfig;
import io.cellwatch.ingest.CommandRelay;
import io.cellwatch.ingest.MqttKafkaBridge;
import io.cellwatch.telemetry.MqttTopics;
import io.cellwatch.telemetry.validation.TelemetryLimits;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code cellwatch ingest}: one MQTT → Kafka bridge replica against external brokers. */
@Command(name = "ingest",
        header = "The MQTT -> Kafka bridge (one replica), with dead letters and the command relay.",
        mixinStandardHelpOptions = true,
        description = {
                "Runs one bridge replica: MQTT v5 shared subscription -> validation -> Kafka.",
                "Valid samples go to cellwatch.telemetry.v1 (key: cell id); rejects go to",
                "cellwatch.telemetry.dlq.v1 with the reason in headers. Run several replicas with",
                "different --client-id values to split the load. Also relays commands (pause/resume)",
                "from cellwatch.commands.v1 to each channel's MQTT command topic, and the edge's",
                "acknowledgements back. Serves /metrics and /health/* over HTTP."})
final class IngestCommand implements Callable<Integer> {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(IngestCommand.class);

    @Option(names = "--mqtt", defaultValue = "${CELLWATCH_MQTT_URI:-tcp://127.0.0.1:1883}", paramLabel = "URI",
            description = "MQTT broker. Env CELLWATCH_MQTT_URI. Default: ${DEFAULT-VALUE}.")
    String mqttUri;

    @Mixin
    MqttSecurityOptions mqttSecurity;

    @Option(names = "--kafka", defaultValue = "${CELLWATCH_KAFKA_BOOTSTRAP:-127.0.0.1:9092}", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers. Env CELLWATCH_KAFKA_BOOTSTRAP. Default: ${DEFAULT-VALUE}.")
    String kafka;

    @Option(names = "--client-id", defaultValue = "${CELLWATCH_INGEST_CLIENT_ID:-cellwatch-ingest-1}",
            description = "MQTT client id; stable per replica, so a restarted replica resumes its session. "
                    + "Env CELLWATCH_INGEST_CLIENT_ID. Default: ${DEFAULT-VALUE}.")
    String clientId;

    @Option(names = "--share-group", defaultValue = "${CELLWATCH_INGEST_SHARE_GROUP:-" + MqttTopics.INGEST_SHARE_GROUP + "}",
            description = "MQTT v5 shared-subscription group; replicas in one group split the telemetry between them. "
                    + "Env CELLWATCH_INGEST_SHARE_GROUP. Default: ${DEFAULT-VALUE}.")
    String shareGroup;

    @Option(names = "--kafka-config", paramLabel = "FILE", defaultValue = "${CELLWATCH_KAFKA_CONFIG}",
            description = "Kafka producer properties (security.protocol, sasl.*, ssl.*), applied last. Env CELLWATCH_KAFKA_CONFIG.")
    Path kafkaConfig;

    @Option(names = "--max-payload-bytes", defaultValue = "" + TelemetryLimits.DEFAULT_MAX_PAYLOAD_BYTES,
            description = "Largest MQTT message accepted; larger ones are dead-lettered. Default: ${DEFAULT-VALUE}.")
    int maxPayloadBytes;

    @Option(names = "--http-port", defaultValue = "${CELLWATCH_HTTP_PORT:-8081}",
            description = "Port for /metrics, /health/live and /health/ready; 0 = any. Env CELLWATCH_HTTP_PORT. Default: ${DEFAULT-VALUE}.")
    int httpPort;

    @Override
    public Integer call() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        BridgeConfig config = new BridgeConfig(mqttUri, clientId, BridgeConfig.DEFAULT_SESSION_EXPIRY,
                BridgeConfig.DEFAULT_RECEIVE_MAXIMUM, kafka, kafkaOverrides(),
                TelemetryLimits.defaults().withMaxPayloadBytes(maxPayloadBytes), shareGroup, BridgeConfig.DEFAULT_IDLE_RECONNECT)
                .withMqttSecurity(mqttSecurity.security());
        try (ShutdownSignal shutdown = ShutdownSignal.install(Duration.ofSeconds(20));
             MqttKafkaBridge bridge = MqttKafkaBridge.start(config, registry);
             // --kafka-config reaches the relay's consumers and producer too
             CommandRelay relay = CommandRelay.start(mqttUri, clientId + "-commands", kafka, kafkaOverrides(),
                     config.mqttSecurity());
             ServiceHttp http = ServiceHttp.start(httpPort, registry, () -> bridge.isConnected() && bridge.failure() == null,
                     () -> bridge.failure() == null)) {
            System.err.printf("cellwatch ingest: %s -> %s, metrics on http://127.0.0.1:%d/metrics%n",
                    mqttUri, kafka, http.port());
            // A Kafka failure is recovered inside the bridge (reconnect, MQTT redelivers); readiness
            // reports it meanwhile, so an orchestrator can see it without killing the process.
            while (!shutdown.awaitRequest(Duration.ofHours(1))) {
                log.debug("ingest running: {}", bridge.stats());
            }
            return 0;
        }
    }

    private Map<String, String> kafkaOverrides() throws IOException {
        return KafkaClientProperties.load(kafkaConfig);
    }

}
