package io.cellwatch.app.bench;

import io.cellwatch.alerts.topology.AlertListener;
import io.cellwatch.alerts.topology.AlertsOptions;
import io.cellwatch.alerts.topology.AlertsService;
import io.cellwatch.ingest.BridgeConfig;
import io.cellwatch.ingest.MqttKafkaBridge;
import io.cellwatch.streams.metrics.CellObserver;
import io.cellwatch.streams.topology.AnalyticsService;
import io.cellwatch.streams.topology.StreamsOptions;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One measurement's cellwatch services on the shared brokers, wired as {@code cellwatch demo} wires
 * them: the analytics topology ({@code partitions} stream threads), the alert stage and the MQTT →
 * Kafka bridge, on fresh topics and under names no other measurement of the run uses. Started
 * means both topologies are RUNNING.
 * Closing stops the bridge, then both topologies side by side, and deletes their state folders.
 */
final class Deployment implements AutoCloseable {

    private static final Duration RUNNING_TIMEOUT = Duration.ofSeconds(60);

    final String analyticsId;
    final String alertsId;
    final AnalyticsService analytics;
    final AlertsService alerts;
    final MqttKafkaBridge bridge;
    private final BenchEnv env;

    private Deployment(BenchEnv env, String what, int partitions, CellObserver observer) throws InterruptedException {
        this.env = env;
        env.freshTopics(partitions);
        String bootstrap = env.kafka.bootstrapServers();
        this.analyticsId = env.name(what + "-analytics");
        this.alertsId = env.name(what + "-alerts");
        StreamsOptions streams = StreamsOptions.of(bootstrap, env.stateDir).withApplicationId(analyticsId)
                .withOverrides(Map.of("num.stream.threads", String.valueOf(partitions)));
        AnalyticsService a = null;
        AlertsService b = null;
        MqttKafkaBridge c = null;
        try {
            a = AnalyticsService.start(streams, observer);
            b = AlertsService.start(AlertsOptions.of(bootstrap, env.stateDir).withApplicationId(alertsId), AlertListener.NONE);
            // the bridge connects while the topologies join their groups; nothing is published before both run
            c = MqttKafkaBridge.start(BridgeConfig.of(env.mqtt.serverUri(), env.name(what + "-bridge"), bootstrap)
                    .withShareGroup(env.name(what + "-ingest")));
            if (!a.awaitRunning(RUNNING_TIMEOUT) || !b.awaitRunning(RUNNING_TIMEOUT)) {
                throw new IllegalStateException("the analytics and alert topologies did not reach RUNNING within "
                        + RUNNING_TIMEOUT.toSeconds() + " s");
            }
        } catch (InterruptedException | RuntimeException e) {
            stop(a, b, c);
            throw e;
        }
        this.analytics = a;
        this.alerts = b;
        this.bridge = c;
    }

    static Deployment start(BenchEnv env, String what, int partitions, CellObserver observer) throws InterruptedException {
        return new Deployment(env, what, partitions, observer);
    }

    @Override
    public void close() {
        stop(analytics, alerts, bridge);
    }

    private void stop(AnalyticsService a, AlertsService b, MqttKafkaBridge c) {
        if (c != null) {
            c.close();
        }
        // each close commits its last transaction and leaves its group; neither waits for the other
        CompletableFuture<Void> stopAlerts = b == null ? CompletableFuture.completedFuture(null)
                : CompletableFuture.runAsync(b::close);
        if (a != null) {
            a.close();
        }
        stopAlerts.join();
        if (analyticsId != null) {
            env.forgetState(analyticsId);
            env.forgetState(alertsId);
        }
    }
}
