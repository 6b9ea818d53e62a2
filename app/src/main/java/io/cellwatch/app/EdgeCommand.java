package io.cellwatch.app;

import io.cellwatch.edge.agent.EdgeAgent;
import io.cellwatch.edge.agent.EdgeConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/** {@code cellwatch edge}: the edge agent beside the cyclers, configured by {@code edge.yaml}. */
@Command(name = "edge",
        header = "The edge agent beside the cyclers: files, tails and simulated cells -> MQTT.",
        mixinStandardHelpOptions = true,
        description = {
                "Runs the edge agent: the channels of edge.yaml (cycler files replayed or tailed,",
                "simulated cells) published over MQTT v5, QoS 1, with disk store-and-forward: batches",
                "are queued on disk first and removed only when the broker acknowledges them, so a",
                "broker outage or a restart loses nothing. Answers pause/resume on the command topics.",
                "Example config: deploy/edge/edge.example.yaml."})
final class EdgeCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, paramLabel = "FILE",
            description = "The agent's edge.yaml (example: deploy/edge/edge.example.yaml).")
    Path config;

    @Mixin
    MqttSecurityOptions mqttSecurity;

    @Option(names = "--exit-when-done",
            description = "Exit once every source has finished (file replays, simulators with max-samples) and "
                    + "the queue is acknowledged: replay files to MQTT and stop.")
    boolean exitWhenDone;

    @Option(names = "--http-port", defaultValue = "${CELLWATCH_HTTP_PORT:-8084}",
            description = "Port for /metrics (queue bytes and limit, connection, counts; rules in deploy/prometheus), "
                    + "/health/live and /health/ready (ready = connected to the broker); 0 = any free port, -1 = none. "
                    + "Env CELLWATCH_HTTP_PORT. Default: ${DEFAULT-VALUE}.")
    int httpPort;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        EdgeConfig edge;
        try {
            edge = EdgeConfig.load(config);
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        // command-line / environment credentials win over edge.yaml's
        if (mqttSecurity.username == null) {
            mqttSecurity.username = edge.mqtt().username();
        }
        if (mqttSecurity.passwordFile == null) {
            mqttSecurity.passwordFile = edge.mqtt().passwordFile();
        }
        if (mqttSecurity.truststore == null) {
            mqttSecurity.truststore = edge.mqtt().truststore();
        }
        Duration every = Duration.ofMillis((long) (edge.progressIntervalS() * 1000));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AtomicReference<EdgeAgent> running = new AtomicReference<>();
        try (ShutdownSignal shutdown = ShutdownSignal.install(Duration.ofSeconds(20));
             // HTTP first: a port already in use stops the start before anything is published
             ServiceHttp http = httpPort < 0 ? null : ServiceHttp.start(httpPort, registry,
                     () -> running.get() != null && running.get().stats().connected(), () -> true)) {
            EdgeAgent agent = EdgeAgent.start(edge, mqttSecurity.security());
            agent.bindTo(registry);
            running.set(agent);
            System.err.printf("cellwatch edge: %d channel(s) of lab %s -> %s as %s, queue %s%s%n", edge.channels().size(),
                    edge.lab(), edge.mqtt().uri(), edge.mqtt().clientId(), edge.queue().dir(),
                    http == null ? "" : "; http://127.0.0.1:" + http.port() + "/metrics");
            try {
                while (!shutdown.awaitRequest(every)) {
                    progress(agent.stats());
                    if (exitWhenDone && agent.sourcesFinished() && agent.drained()) {
                        break;
                    }
                }
            } finally {
                agent.close(Duration.ofSeconds(10)); // flush, then every channel's retained offline
                progress(agent.stats());
            }
            return 0;
        }
    }

    private static void progress(EdgeAgent.Stats s) {
        System.err.printf("edge: %s, queued %,d samples in %,d batches, sent %,d, acked %,d, queue %,d batches %.1f MB%s%n",
                s.connected() ? "connected" : "NOT CONNECTED", s.samplesQueued(), s.batchesQueued(), s.batchesSent(),
                s.batchesAcked(), s.queueRecords(), s.queueBytes() / 1e6,
                s.queueFullRefusals() > 0 ? ", QUEUE FULL " + s.queueFullRefusals() + " times (sources waiting)" : "");
    }
}
