package io.cellwatch.app.bench;

import io.cellwatch.alerts.topology.AlertListener;
import io.cellwatch.alerts.topology.AlertsOptions;
import io.cellwatch.alerts.topology.AlertsService;
import io.cellwatch.edge.mqtt.MqttTelemetryPublisher;
import io.cellwatch.edge.sim.Fault;
import io.cellwatch.ingest.BridgeConfig;
import io.cellwatch.ingest.MqttKafkaBridge;
import io.cellwatch.streams.topology.AnalyticsService;
import io.cellwatch.streams.topology.StreamsOptions;
import io.cellwatch.telemetry.Alert;
import io.cellwatch.telemetry.CellStatus;
import io.cellwatch.telemetry.CycleResult;
import io.cellwatch.telemetry.Finding;
import io.cellwatch.telemetry.Sample;
import io.cellwatch.telemetry.SampleBatch;
import io.cellwatch.telemetry.Topics;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Latency at a fixed offered load. The bench publishes itself (simulated cells, the fleet's MQTT
 * publisher and topic layout, one batch per cell per 100 ms tick, paced to {@code rate} samples/s)
 * and notes the wall time at which each sample was handed to the MQTT publisher. A consumer
 * reading the outputs with {@code read_committed} (when downstream services can see them) finds the
 * sample that caused each output and records the difference:
 * <ul>
 *   <li>sample → cycle result: a finished (not provisional) cycle N is closed by the cell's first
 *       sample carrying the cycler's cycle index N+1; timed from that sample's publish;</li>
 *   <li>sample → finding: a finding names its cell and the time of the sample that triggered it;</li>
 *   <li>sample → alert: an alert opening or escalating carries the time of the finding that moved it
 *       ({@code updated_at_s}), which is the triggering sample's time.</li>
 * </ul>
 * Findings at known moments come from {@link Fault.ThermalRunaway} injected into one cell in ten at
 * staggered times inside the measured window (plus whatever the presets find by themselves, e.g.
 * GF+LE's short in cycle 2). The wait for the next tick before publishing (≤ 100 ms, an edge agent's
 * batching) is not included; the MQTT hop, bridge, Kafka, exactly-once commits (100 ms interval)
 * and the topologies are.
 */
final class LatencyRun {

    static final String SECTION = "latency";
    private static final Duration TICK = Duration.ofMillis(100);

    /** Publish times of one cell's samples, by sample time and by first sample of each cycler cycle. */
    private static final class Track {
        final ConcurrentSkipListMap<Double, Long> byTime = new ConcurrentSkipListMap<>();
        final ConcurrentSkipListMap<Integer, Long> cycleStart = new ConcurrentSkipListMap<>();
    }

    private final BenchOptions options;
    private final PrintStream err;
    private final Map<String, Track> tracks = new ConcurrentHashMap<>();
    private final Histogram toCycle = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
    private final Histogram toFinding = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
    private final Histogram toAlert = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
    private final AtomicLong unmatched = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private volatile long measureFromNanos = Long.MAX_VALUE;
    private volatile long measureToNanos = Long.MAX_VALUE;
    private volatile boolean consuming = true;
    private volatile long lastResultNanos = System.nanoTime();
    private volatile long analyticsBehind = -1;

    LatencyRun(BenchOptions options, PrintStream err) {
        this.options = options;
        this.err = err;
    }

    void run(BenchReport report) throws Exception {
        int cells = options.latencyCells();
        double speed = (double) options.rate() * SimChannels.SAMPLE_PERIOD_S / cells;
        double startS = System.currentTimeMillis() / 1000.0;
        List<SimChannels.Channel> channels = SimChannels.create(cells, startS, 4242L);
        int faulty = Math.max(1, cells / 10);
        double warmupS = options.warmup().toMillis() / 1000.0;
        double durationS = options.latencyDuration().toMillis() / 1000.0;
        for (int j = 0; j < faulty; j++) {
            double wallS = warmupS + (j + 0.5) / faulty * durationS * 0.8;
            channels.get(j * cells / faulty).cell().withFault(new Fault.ThermalRunaway(startS + speed * wallS));
        }
        channels.forEach(c -> tracks.put(c.cellId(), new Track()));
        try (BenchEnv env = BenchEnv.start(options.partitions(), true)) {
            String bootstrap = env.kafka.bootstrapServers();
            StreamsOptions streams = StreamsOptions.of(bootstrap, env.stateDir)
                    .withOverrides(Map.of("num.stream.threads", String.valueOf(options.partitions())));
            try (AnalyticsService analytics = AnalyticsService.start(streams);
                 AlertsService alerts = AlertsService.start(AlertsOptions.of(bootstrap, env.stateDir), AlertListener.NONE);
                 MqttKafkaBridge bridge = MqttKafkaBridge.start(
                         BridgeConfig.of(env.mqtt.serverUri(), "cellwatch-bench-bridge", bootstrap))) {
                PipelineRun.await(analytics.awaitRunning(Duration.ofSeconds(60)) && alerts.awaitRunning(Duration.ofSeconds(60)),
                        "the analytics and alert topologies did not reach RUNNING within 60 s");
                Thread consumer = new Thread(() -> consume(bootstrap), "cellwatch-bench-latency-consumer");
                consumer.setDaemon(true);
                consumer.start();
                MqttTelemetryPublisher publisher = MqttTelemetryPublisher.connect(env.mqtt.serverUri(), "cellwatch-bench-latency");
                try (Ticker ignored = Ticker.start(err, "latency", () -> String.format(
                        "published %,d | timed: %,d cycle results, %,d findings, %,d alerts%s",
                        published.get(), toCycle.getTotalCount(), toFinding.getTotalCount(), toAlert.getTotalCount(),
                        analyticsBehind >= 0 ? String.format(" | draining, analytics %,d behind", analyticsBehind) : ""))) {
                    for (SimChannels.Channel c : channels) {
                        publisher.publishStatus(c.address(), CellStatus.online(c.metadata(), startS));
                    }
                    publisher.flush(10, TimeUnit.SECONDS);
                    TimeUnit.MILLISECONDS.sleep(500); // births reach the registry before the first sample
                    double offered = publish(publisher, channels, startS, speed);
                    drain(env);
                    report.add(SECTION, "offered load (measured window)", offered, "samples/s");
                    report.add(SECTION, "cells x simulated speed-up", cells, "cells at " + Math.round(speed) + "x");
                } finally {
                    consuming = false;
                    publisher.close();
                    consumer.join(10_000);
                }
            }
        }
        synchronized (this) {
            add(report, "sample -> cycle result", toCycle);
            add(report, "sample -> finding", toFinding);
            add(report, "sample -> alert", toAlert);
        }
        if (analyticsBehind > 0) {
            report.note(SECTION, "the analytics was still " + analyticsBehind + " samples behind when timing stopped:"
                    + " the offered load exceeded what it takes on this machine, so latencies grow with the queue");
        }
        if (unmatched.get() > 0) {
            report.note(SECTION, unmatched.get() + " outputs in the window could not be traced to a published sample and were not timed");
        }
    }

    /**
     * Lets the outputs of the last measured samples arrive: until the analytics has committed all
     * telemetry, the alert stage all findings, and 2 s passed without a new output (at most 60 s;
     * what is still queued then is reported, since it would only be timed later).
     */
    private void drain(BenchEnv env) throws InterruptedException {
        long cap = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < cap) {
            long behind = Math.max(0, env.endOffsets(Topics.TELEMETRY.name())
                    - env.committed(StreamsOptions.DEFAULT_APPLICATION_ID, Topics.TELEMETRY.name()));
            long findingsBehind = Math.max(0, env.endOffsets(Topics.FINDINGS.name())
                    - env.committed(AlertsOptions.DEFAULT_APPLICATION_ID, Topics.FINDINGS.name()));
            analyticsBehind = behind;
            if (behind == 0 && findingsBehind == 0 && System.nanoTime() - lastResultNanos > TimeUnit.SECONDS.toNanos(2)) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        err.printf("  latency: analytics still %,d samples behind after 60 s of draining%n", analyticsBehind);
    }

    /** Publishes at the offered load for warm-up + duration; returns the rate achieved in the measured window. */
    private double publish(MqttTelemetryPublisher publisher, List<SimChannels.Channel> channels, double startS, double speed)
            throws InterruptedException {
        long start = System.nanoTime();
        measureFromNanos = start + options.warmup().toNanos();
        measureToNanos = measureFromNanos + options.latencyDuration().toNanos();
        long countAtFrom = -1;
        long tick = 0;
        while (true) {
            long now = System.nanoTime();
            if (now >= measureToNanos) {
                return (published.get() - countAtFrom) / ((now - measureFromNanos) / 1e9);
            }
            if (countAtFrom < 0 && now >= measureFromNanos) {
                countAtFrom = published.get();
            }
            double simNowS = startS + speed * (now - start) / 1e9;
            for (SimChannels.Channel c : channels) {
                List<Sample> samples = c.cell().transmittedUntil(simNowS);
                Track track = tracks.get(c.cellId());
                for (int from = 0; from < samples.size(); from += BenchOptions.FLEET_BATCH) {
                    List<Sample> batch = samples.subList(from, Math.min(samples.size(), from + BenchOptions.FLEET_BATCH));
                    long handedOver = System.nanoTime();
                    for (Sample s : batch) {
                        track.byTime.putIfAbsent(s.timeS(), handedOver);
                        if (s.cycleIndex() != null) {
                            track.cycleStart.putIfAbsent(s.cycleIndex(), handedOver);
                        }
                    }
                    publisher.publishBatch(c.address(), SampleBatch.of(c.cellId(), batch));
                    published.addAndGet(batch.size());
                }
            }
            tick++;
            long next = start + tick * TICK.toNanos();
            long wait = next - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
        }
    }

    private void consume(String bootstrap) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "cellwatch-bench-latency");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.CYCLES.name(), Topics.FINDINGS.name(), Topics.ALERTS.name()));
            while (consuming) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(50));
                long received = System.nanoTime();
                for (ConsumerRecord<String, byte[]> r : records) {
                    try {
                        time(r, received);
                    } catch (RuntimeException e) {
                        unmatched.incrementAndGet();
                    }
                }
            }
        }
    }

    private void time(ConsumerRecord<String, byte[]> r, long received) {
        String topic = r.topic();
        if (topic.equals(Topics.CYCLES.name())) {
            CycleResult c = Topics.CYCLES.valueSerde().deserializer().deserialize(topic, r.value());
            if (Boolean.TRUE.equals(c.provisional()) || c.cellId() == null || c.cycle() == null) {
                return;
            }
            Track t = tracks.get(c.cellId());
            Map.Entry<Integer, Long> cause = t == null ? null : t.cycleStart.ceilingEntry(c.cycle() + 1);
            record(toCycle, cause == null ? null : cause.getValue(), received);
        } else if (topic.equals(Topics.FINDINGS.name())) {
            Finding f = Topics.FINDINGS.valueSerde().deserializer().deserialize(topic, r.value());
            if (f.cleared() || f.cellId() == null || f.timeS() == null) {
                return; // chamber findings come from thinned samples: not traced here
            }
            Track t = tracks.get(f.cellId());
            record(toFinding, t == null ? null : t.byTime.get(f.timeS()), received);
        } else {
            Alert a = Topics.ALERTS.valueSerde().deserializer().deserialize(topic, r.value());
            if (a == null || a.cellId() == null || (a.state() != Alert.State.OPEN && a.state() != Alert.State.ESCALATED)) {
                return;
            }
            Double causeS = a.updatedAtS() != null ? a.updatedAtS() : a.openedAtS();
            Track t = tracks.get(a.cellId());
            record(toAlert, t == null || causeS == null ? null : t.byTime.get(causeS), received);
        }
    }

    private synchronized void record(Histogram h, Long publishedNanos, long received) {
        lastResultNanos = received;
        if (publishedNanos == null || publishedNanos > received) {
            unmatched.incrementAndGet();
            return;
        }
        if (publishedNanos < measureFromNanos || publishedNanos > measureToNanos) {
            return; // caused by a warm-up sample (or one published after the window)
        }
        h.recordValue(Math.min(h.getHighestTrackableValue(), TimeUnit.NANOSECONDS.toMicros(received - publishedNanos)));
    }

    private static void add(BenchReport report, String what, Histogram h) {
        report.add(SECTION, what + " count", h.getTotalCount(), "timed");
        if (h.getTotalCount() == 0) {
            return;
        }
        report.add(SECTION, what + " p50", h.getValueAtPercentile(50) / 1000.0, "ms");
        report.add(SECTION, what + " p99", h.getValueAtPercentile(99) / 1000.0, "ms");
        report.add(SECTION, what + " max", h.getMaxValue() / 1000.0, "ms");
    }
}
