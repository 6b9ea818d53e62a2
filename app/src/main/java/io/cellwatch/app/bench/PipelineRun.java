package io.cellwatch.app.bench;

import io.cellwatch.alerts.topology.AlertListener;
import io.cellwatch.alerts.topology.AlertsOptions;
import io.cellwatch.alerts.topology.AlertsService;
import io.cellwatch.edge.fleet.FleetOptions;
import io.cellwatch.edge.fleet.SimulatedFleet;
import io.cellwatch.ingest.BridgeConfig;
import io.cellwatch.ingest.MqttKafkaBridge;
import io.cellwatch.streams.metrics.CellObserver;
import io.cellwatch.streams.topology.AnalyticsService;
import io.cellwatch.streams.topology.StreamsOptions;
import io.cellwatch.telemetry.CellMetadata;
import io.cellwatch.telemetry.Sample;
import io.cellwatch.telemetry.Topics;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The whole pipeline at full speed on fresh embedded brokers, wired as {@code cellwatch demo} wires
 * it: simulated fleet (speed 0: as fast as MQTT takes it) → MQTT → bridge → Kafka → analytics and
 * detectors → alerts. The pipeline's throughput is what the analytics topology, the last stage that
 * sees every sample, takes in per second over the measured window.
 */
final class PipelineRun {

    /** What one run measured, in samples/s over the measured window. */
    record Result(int partitions, double analyticsRate, double bridgeRate, double fleetRate, long lagAtEnd,
                  long processed) {
    }

    private PipelineRun() {
    }

    static Result run(int partitions, int cells, Duration warmup, Duration duration, PrintStream err, String phase)
            throws InterruptedException {
        LongAdder processed = new LongAdder();
        CellObserver counter = new CellObserver() {
            @Override
            public void onSample(CellMetadata cell, Sample sample, long recordTimeMs) {
                processed.increment();
            }

            @Override
            public void onDropped(String cellId, String reason) {
                processed.increment();
            }
        };
        try (BenchEnv env = BenchEnv.start(partitions, true)) {
            String bootstrap = env.kafka.bootstrapServers();
            StreamsOptions streams = StreamsOptions.of(bootstrap, env.stateDir)
                    .withOverrides(Map.of("num.stream.threads", String.valueOf(partitions)));
            try (AnalyticsService analytics = AnalyticsService.start(streams, counter);
                 AlertsService alerts = AlertsService.start(AlertsOptions.of(bootstrap, env.stateDir), AlertListener.NONE)) {
                await(analytics.awaitRunning(Duration.ofSeconds(60)) && alerts.awaitRunning(Duration.ofSeconds(60)),
                        "the analytics and alert topologies did not reach RUNNING within 60 s");
                try (MqttKafkaBridge bridge = MqttKafkaBridge.start(
                        BridgeConfig.of(env.mqtt.serverUri(), "cellwatch-bench-bridge", bootstrap));
                     SimulatedFleet fleet = SimulatedFleet.start(env.mqtt.serverUri(),
                             new FleetOptions(SimChannels.LAB, cells, SimChannels.SAMPLE_PERIOD_S, 0.0,
                                     BenchOptions.FLEET_BATCH, 42L, System.currentTimeMillis() / 1000.0,
                                     Duration.ofMillis(100)));
                     Ticker ignored = Ticker.start(err, phase, () -> String.format(
                             "fleet published %,d | bridge forwarded %,d | analytics took %,d",
                             fleet.samplesPublished(), bridge.stats().samplesForwarded(), processed.sum()))) {
                    TimeUnit.NANOSECONDS.sleep(warmup.toNanos());
                    long t0 = System.nanoTime();
                    long a0 = processed.sum();
                    long b0 = bridge.stats().samplesForwarded();
                    long f0 = fleet.samplesPublished();
                    TimeUnit.NANOSECONDS.sleep(duration.toNanos());
                    long t1 = System.nanoTime();
                    long a1 = processed.sum();
                    long b1 = bridge.stats().samplesForwarded();
                    long f1 = fleet.samplesPublished();
                    double seconds = (t1 - t0) / 1e9;
                    long lag = Math.max(0, env.endOffsets(Topics.TELEMETRY.name()) - processed.sum());
                    if (bridge.failure() != null) {
                        err.println("  bridge reported a Kafka failure during the run: " + bridge.failure());
                    }
                    return new Result(partitions, (a1 - a0) / seconds, (b1 - b0) / seconds, (f1 - f0) / seconds, lag, a1);
                }
            }
        }
    }

    static void await(boolean ok, String message) {
        if (!ok) {
            throw new IllegalStateException(message);
        }
    }
}
