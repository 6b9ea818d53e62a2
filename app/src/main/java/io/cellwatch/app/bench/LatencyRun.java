package io.cellwatch.app.bench;

import io.cellwatch.edge.mqtt.MqttTelemetryPublisher;
import io.cellwatch.edge.sim.Fault;
import io.cellwatch.streams.metrics.CellObserver;
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
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Latency at one fixed offered load, on a {@link Deployment} of its own (fresh topics), with cells
 * in a lab of its own. The bench publishes itself (simulated cells, the fleet's MQTT publisher and
 * topic layout, one batch per cell per 100 ms tick, paced to {@code rate} samples/s) once the
 * analytics has read every cell's birth, and notes the wall time at which each sample was handed
 * to the MQTT publisher. A consumer reading the outputs with {@code read_committed} (when
 * downstream services can see them) finds the sample that caused each output and records the
 * difference:
 * <ul>
 *   <li>sample → cycle result: a finished (not provisional) cycle N is closed by the cell's first
 *       sample carrying the cycler's cycle index N+1; timed from that sample's publish;</li>
 *   <li>sample → finding: a finding names its cell and the time of the sample that triggered it;</li>
 *   <li>sample → alert: an alert opening or escalating carries the time of the finding that moved it
 *       ({@code updated_at_s}), which is the triggering sample's time.</li>
 * </ul>
 * Findings at known moments come from {@link Fault.ThermalRunaway} injected into one cell in ten
 * (at least one) at staggered times inside the measured window (plus whatever the presets find by
 * themselves, e.g. GF+LE's short in cycle 2). The wait for the next tick before publishing (≤ 100 ms, an edge agent's
 * batching) is not included; the MQTT hop, bridge, Kafka, exactly-once commits (200 ms interval)
 * and the topologies are. After the window the run drains: it waits until the bridge has forwarded
 * every published sample, both topologies have committed all their input, and the reader has read
 * the outputs written until then, so late outputs of the window are timed too (at most 60 s; what
 * is still queued is reported as "analytics behind").
 */
final class LatencyRun {

    static final String SECTION = "latency";
    private static final Duration TICK = Duration.ofMillis(100);

    /** Publish times of one cell's samples, by sample time and by first sample of each cycler cycle. */
    private static final class Track {
        final ConcurrentSkipListMap<Double, Long> byTime = new ConcurrentSkipListMap<>();
        final ConcurrentSkipListMap<Integer, Long> cycleStart = new ConcurrentSkipListMap<>();
    }

    private final BenchEnv env;
    private final BenchOptions options;
    private final int rate;
    private final int cells;
    private final PrintStream err;
    private final Map<String, Track> tracks = new ConcurrentHashMap<>();
    private final Histogram toCycle = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
    private final Histogram toFinding = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
    private final Histogram toAlert = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
    private final AtomicLong unmatched = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    /** The latency reader's position on each output partition: what it has read. */
    private final Map<TopicPartition, Long> read = new ConcurrentHashMap<>();
    private volatile long measureFromNanos = Long.MAX_VALUE;
    private volatile long measureToNanos = Long.MAX_VALUE;
    private volatile boolean consuming = true;
    private volatile long analyticsBehind = -1;

    /**
     * @param rate  offered load, samples/s
     * @param cells simulated channels sharing it (each at rate x 10 s / cells times real time)
     */
    LatencyRun(BenchEnv env, BenchOptions options, int rate, int cells, PrintStream err) {
        this.env = env;
        this.options = options;
        this.rate = rate;
        this.cells = cells;
        this.err = err;
    }

    /** The prefix of this rate's rows: {@code at 10000/s: }. */
    static String label(int rate) {
        return "at " + rate + "/s: ";
    }

    /**
     * Channels for {@code rate} when {@code cellsAtMax} channels carry {@code maxRate}: proportionally
     * fewer at lower loads (at least one), so every run has about the same simulated speed-up and so
     * the same cycles and faults per second of wall clock; only the number of cells changes.
     */
    static int cellsFor(int rate, int maxRate, int cellsAtMax) {
        return (int) Math.max(1, Math.round((double) cellsAtMax * rate / maxRate));
    }

    void run(BenchReport report) throws Exception {
        double speed = (double) rate * SimChannels.SAMPLE_PERIOD_S / cells;
        double startS = System.currentTimeMillis() / 1000.0;
        String lab = env.name("latency");
        List<SimChannels.Channel> channels = SimChannels.create(lab, cells, startS, 4242L);
        int faulty = Math.max(1, cells / 10);
        double warmupS = options.warmup().toMillis() / 1000.0;
        double durationS = options.latencyDuration().toMillis() / 1000.0;
        for (int j = 0; j < faulty; j++) {
            double wallS = warmupS + (j + 0.5) / faulty * durationS * 0.8;
            channels.get(j * cells / faulty).cell().withFault(new Fault.ThermalRunaway(startS + speed * wallS));
        }
        channels.forEach(c -> tracks.put(c.cellId(), new Track()));
        String phase = "latency " + rate + "/s";
        double offered;
        long forwarded;
        long reconnects;
        try (Deployment deployment = Deployment.start(env, "latency", options.partitions(), CellObserver.NONE)) {
            Thread consumer = new Thread(() -> consume(deployment), "cellwatch-bench-latency-reader");
            consumer.setDaemon(true);
            consumer.start();
            MqttTelemetryPublisher publisher = MqttTelemetryPublisher.connect(env.mqtt.serverUri(), env.name("latency-edge"));
            try (Ticker ignored = Ticker.start(err, phase, () -> String.format(
                    "published %,d | bridge forwarded %,d | timed: %,d cycle results, %,d findings, %,d alerts%s",
                    published.get(), deployment.bridge.stats().samplesForwarded(), toCycle.getTotalCount(),
                    toFinding.getTotalCount(), toAlert.getTotalCount(),
                    analyticsBehind >= 0 ? String.format(" | draining, analytics %,d behind", analyticsBehind) : ""))) {
                for (SimChannels.Channel c : channels) {
                    publisher.publishStatus(c.address(), CellStatus.online(c.metadata(), startS));
                }
                publisher.flush(10, TimeUnit.SECONDS);
                awaitBirths(deployment, cells);
                long reconnects0 = deployment.bridge.stats().idleReconnects(); // idle before publishing: no stall
                offered = publish(publisher, channels, startS, speed);
                reconnects = deployment.bridge.stats().idleReconnects() - reconnects0;
                publisher.flush(10, TimeUnit.SECONDS);
                drain(deployment);
                forwarded = deployment.bridge.stats().samplesForwarded();
            } finally {
                consuming = false;
                publisher.close();
                consumer.join(10_000);
            }
        } finally {
            env.clearRetained(lab, cells);
        }
        String at = label(rate);
        report.add(SECTION, at + "offered load (measured window)", offered, "samples/s");
        report.add(SECTION, at + "cells x simulated speed-up", cells, "cells at " + Math.round(speed) + "x");
        report.add(SECTION, at + "analytics behind when timing stopped", Math.max(0, analyticsBehind), "samples");
        synchronized (this) {
            add(report, at + "sample -> cycle result", toCycle);
            add(report, at + "sample -> finding", toFinding);
            add(report, at + "sample -> alert", toAlert);
        }
        if (forwarded < published.get()) {
            report.note(SECTION, String.format(Locale.ROOT, "at %d/s the bridge forwarded %,d of the %,d samples published",
                    rate, forwarded, published.get()));
        }
        if (reconnects > 0) {
            report.note(SECTION, "at " + rate + "/s the bridge reconnected " + reconnects + " time(s) because the MQTT"
                    + " broker had stopped feeding it while samples were published (hivemq-community-edition#558):"
                    + " latencies include the stall");
        }
        if (analyticsBehind > 0) {
            report.note(SECTION, String.format(Locale.ROOT, "at %d/s the analytics was still %,d samples behind when timing"
                    + " stopped: the offered load exceeded what it takes on this machine, so latencies grow with the queue",
                    rate, analyticsBehind));
        }
        if (unmatched.get() > 0) {
            report.note(SECTION, "at " + rate + "/s " + unmatched.get()
                    + " outputs could not be traced to a published sample and were not timed");
        }
    }

    /** Waits until the bridge has written every birth and the analytics has read them (at most 30 s). */
    private void awaitBirths(Deployment deployment, int cells) throws InterruptedException {
        long cap = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < cap) {
            long written = env.endOffsets(Topics.CELLS.name());
            if (written >= cells && env.committed(deployment.analyticsId, Topics.CELLS.name()) >= written) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        err.println("  latency: the births of the cells did not all reach the analytics within 30 s; publishing anyway");
    }

    /**
     * Lets the outputs of the last measured samples arrive: until the bridge has forwarded every
     * published sample, the analytics has committed all telemetry, the alert stage all findings, and
     * the reader has read the output topics up to where they ended then. What is still queued after
     * the cap (60 s, 10 s with --quick) is reported, since it would only be timed later.
     */
    private void drain(Deployment deployment) throws InterruptedException {
        long cap = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.quick() ? 10 : 60);
        Map<TopicPartition, Long> outputsEnd = null;
        while (System.nanoTime() < cap) {
            long notForwarded = Math.max(0, published.get() - deployment.bridge.stats().samplesForwarded());
            long behind = notForwarded + Math.max(0, env.endOffsets(Topics.TELEMETRY.name())
                    - env.committed(deployment.analyticsId, Topics.TELEMETRY.name()));
            long findingsBehind = Math.max(0, env.endOffsets(Topics.FINDINGS.name())
                    - env.committed(deployment.alertsId, Topics.FINDINGS.name()));
            analyticsBehind = behind;
            if (behind == 0 && findingsBehind == 0) {
                if (outputsEnd == null) {
                    outputsEnd = outputEnds();
                }
                if (outputsEnd.entrySet().stream().allMatch(e -> read.getOrDefault(e.getKey(), 0L) >= e.getValue())) {
                    return;
                }
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        err.printf("  latency: analytics still %,d samples behind after draining%n", analyticsBehind);
    }

    private List<TopicPartition> outputPartitions() {
        List<TopicPartition> out = new ArrayList<>();
        for (String topic : List.of(Topics.CYCLES.name(), Topics.FINDINGS.name(), Topics.ALERTS.name())) {
            for (int p = 0; p < options.partitions(); p++) {
                out.add(new TopicPartition(topic, p));
            }
        }
        return out;
    }

    private Map<TopicPartition, Long> outputEnds() {
        Map<TopicPartition, Long> ends = new HashMap<>();
        for (TopicPartition tp : outputPartitions()) {
            ends.put(tp, env.endOffset(tp));
        }
        return ends;
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

    /**
     * Reads cycle results, findings and alerts as a downstream service would ({@code read_committed})
     * from the start of the fresh topics, and times each.
     */
    private void consume(Deployment deployment) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, env.kafka.bootstrapServers());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = outputPartitions();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
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
                for (TopicPartition tp : partitions) {
                    read.put(tp, consumer.position(tp));
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
