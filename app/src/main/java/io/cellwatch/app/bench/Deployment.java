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
import java.util.concurrent.CompletionException;

/**
 * One measurement's cellwatch services on the shared brokers, wired as {@code cellwatch demo} wires
 * them: the analytics topology ({@code partitions} stream threads), the alert stage and the MQTT →
 * Kafka bridge, on fresh topics and under names no other measurement of the run uses. Started
 * means both topologies are RUNNING.
 * Closing stops the bridge, then both topologies side by side, and deletes their state folders.
 */
final class Deployment implements AutoCloseable {

    private static final Duration RUNNING_TIMEOUT = Duration.ofSeconds(60);
    /**
     * The embedded HiveMQ CE stops feeding a shared subscriber now and then under a flood of QoS 1
     * messages (hivemq-community-edition#558, see BridgeConfig#idleReconnect); with the bridge's
     * 15 s guard a short measurement window could fall entirely into such a stall and measure the
     * broker's bug instead of cellwatch. The bench's bridge reconnects after 2 s without a message
     * and with nothing in flight, and every section reports how often it did.
     */
    static final Duration BRIDGE_IDLE_RECONNECT = Duration.ofSeconds(2);

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
        String bridgeId = env.name(what + "-bridge");
        String shareGroup = env.name(what + "-ingest");
        // the three start side by side (each builds clients and joins the brokers for a second or
        // more); nothing is published before both topologies run
        CompletableFuture<AnalyticsService> a = inThread(() -> AnalyticsService.start(streams, observer));
        CompletableFuture<AlertsService> b = inThread(() -> AlertsService.start(
                AlertsOptions.of(bootstrap, env.stateDir).withApplicationId(alertsId), AlertListener.NONE));
        CompletableFuture<MqttKafkaBridge> c = inThread(() -> MqttKafkaBridge.start(
                BridgeConfig.of(env.mqtt.serverUri(), bridgeId, bootstrap).withShareGroup(shareGroup)
                        .withIdleReconnect(BRIDGE_IDLE_RECONNECT)));
        try {
            CompletableFuture.allOf(a, b, c).join();
            if (!a.join().awaitRunning(RUNNING_TIMEOUT) || !b.join().awaitRunning(RUNNING_TIMEOUT)) {
                throw new IllegalStateException("the analytics and alert topologies did not reach RUNNING within "
                        + RUNNING_TIMEOUT.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            stop(started(a), started(b), started(c));
            throw e;
        } catch (RuntimeException e) {
            stop(started(a), started(b), started(c));
            throw e instanceof CompletionException && e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        this.analytics = a.join();
        this.alerts = b.join();
        this.bridge = c.join();
    }

    private static <T> CompletableFuture<T> inThread(java.util.function.Supplier<T> start) {
        return CompletableFuture.supplyAsync(start, r -> new Thread(r, "cellwatch-bench-deploy").start());
    }

    /** What a start produced, or null if it failed (after waiting for it to end either way). */
    private static <T> T started(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            return null;
        }
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
