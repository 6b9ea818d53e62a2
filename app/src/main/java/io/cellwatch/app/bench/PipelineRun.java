package io.cellwatch.app.bench;

import io.cellwatch.edge.fleet.FleetOptions;
import io.cellwatch.edge.fleet.SimulatedFleet;
import io.cellwatch.ingest.MqttKafkaBridge;
import io.cellwatch.streams.metrics.CellObserver;
import io.cellwatch.telemetry.CellMetadata;
import io.cellwatch.telemetry.Sample;
import io.cellwatch.telemetry.Topics;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The whole pipeline at full speed on fresh topics of the run's brokers ({@link Deployment}), wired
 * as {@code cellwatch demo} wires it: simulated fleet (speed 0: as fast as MQTT takes it, in a lab
 * of its own) → MQTT → bridge → Kafka → analytics and detectors → alerts. The pipeline's throughput is what the analytics topology, the last stage that
 * sees every sample, takes in per second over the measured window. The warm-up lasts at least
 * {@code warmup} and until the first sample has come out of the analytics, so that the window never
 * measures a topology that is still starting; the window lasts {@code duration} and until the
 * analytics has taken a sample in it (a {@code --quick} window can fall between two commits).
 */
final class PipelineRun {

    /** What one run measured, in samples/s over the measured window. */
    record Result(int partitions, double analyticsRate, double bridgeRate, double fleetRate, long lagAtEnd,
                  long processed, long bridgeReconnects) {
    }

    /** Longest wait for the first sample to come out of the analytics before the run counts as failed. */
    static final Duration FIRST_SAMPLE_TIMEOUT = Duration.ofSeconds(60);

    private PipelineRun() {
    }

    static Result run(BenchEnv env, int partitions, int cells, Duration warmup, Duration duration, PrintStream err,
                      String phase) throws InterruptedException {
        LongAdder processed = new LongAdder();
        CountDownLatch flowing = new CountDownLatch(1);
        // counted down by the first sample the analytics takes after the measured window opened
        AtomicReference<CountDownLatch> inWindow = new AtomicReference<>(new CountDownLatch(0));
        CellObserver counter = new CellObserver() {
            @Override
            public void onSample(CellMetadata cell, Sample sample, long recordTimeMs) {
                taken();
            }

            @Override
            public void onDropped(String cellId, String reason) {
                taken();
            }

            private void taken() {
                processed.increment();
                flowing.countDown();
                inWindow.get().countDown();
            }
        };
        String lab = env.name("p" + partitions);
        boolean[] born = {false};
        try (Deployment deployment = Deployment.start(env, "p" + partitions, partitions, counter)) {
            MqttKafkaBridge bridge = deployment.bridge;
            try (SimulatedFleet fleet = SimulatedFleet.start(env.mqtt.serverUri(),
                    new FleetOptions(lab, cells, SimChannels.SAMPLE_PERIOD_S, 0.0, BenchOptions.FLEET_BATCH, 42L,
                            System.currentTimeMillis() / 1000.0, Duration.ofMillis(100)));
                 Ticker ignored = Ticker.start(err, phase, () -> String.format(
                         "fleet published %,d | bridge forwarded %,d | analytics took %,d",
                         fleet.samplesPublished(), bridge.stats().samplesForwarded(), processed.sum()))) {
                born[0] = true;
                long reconnects0 = bridge.stats().idleReconnects(); // idle before the fleet started: no stall
                // warm-up: at least its length, and until samples come out of the whole pipeline
                long warmEnd = System.nanoTime() + warmup.toNanos();
                if (!flowing.await(FIRST_SAMPLE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    throw new IllegalStateException(phase + ": no sample reached the analytics within "
                            + FIRST_SAMPLE_TIMEOUT.toSeconds() + " s (fleet published " + fleet.samplesPublished()
                            + ", bridge forwarded " + bridge.stats().samplesForwarded() + ")");
                }
                TimeUnit.NANOSECONDS.sleep(Math.max(0, warmEnd - System.nanoTime())); // the rest of the warm-up window
                long t0 = System.nanoTime();
                inWindow.set(new CountDownLatch(1));
                long a0 = processed.sum();
                long b0 = bridge.stats().samplesForwarded();
                long f0 = fleet.samplesPublished();
                TimeUnit.NANOSECONDS.sleep(duration.toNanos());
                // a short window on a busy machine can fall between two commits: it lasts until one sample is in
                if (!inWindow.get().await(FIRST_SAMPLE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    throw new IllegalStateException(phase + ": the analytics took no sample for "
                            + FIRST_SAMPLE_TIMEOUT.toSeconds() + " s in the measured window");
                }
                long t1 = System.nanoTime();
                long a1 = processed.sum();
                long b1 = bridge.stats().samplesForwarded();
                long f1 = fleet.samplesPublished();
                double seconds = (t1 - t0) / 1e9;
                long lag = Math.max(0, env.endOffsets(Topics.TELEMETRY.name()) - processed.sum());
                if (bridge.failure() != null) {
                    err.println("  bridge reported a Kafka failure during the run: " + bridge.failure());
                }
                return new Result(partitions, (a1 - a0) / seconds, (b1 - b0) / seconds, (f1 - f0) / seconds, lag, a1,
                        bridge.stats().idleReconnects() - reconnects0);
            }
        } finally {
            if (born[0]) {
                env.clearRetained(lab, cells);
            }
        }
    }
}
