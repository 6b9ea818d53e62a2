package io.cellwatch.app.bench;

import io.cellwatch.streams.analytics.AnalyticsOptions;
import io.cellwatch.streams.analytics.CellAnalytics;
import io.cellwatch.streams.detect.CellDetectors;
import io.cellwatch.streams.detect.DetectionConfig;
import io.cellwatch.streams.topology.AnalyticsService;
import io.cellwatch.streams.topology.StreamsOptions;
import io.cellwatch.telemetry.CellStatus;
import io.cellwatch.telemetry.CycleResult;
import io.cellwatch.telemetry.Sample;
import io.cellwatch.telemetry.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Issue #6's micro-benchmark: the pure analytics' per-sample cost on one thread, and the analytics
 * topology's throughput next to an identity topology (telemetry copied to another topic, bytes
 * in, bytes out, the same exactly-once settings and stream threads) over the same pre-loaded
 * telemetry on the same embedded broker.
 */
final class AnalyticsBench {

    static final String SECTION = "analytics";

    private final BenchOptions options;
    private final PrintStream err;

    AnalyticsBench(BenchOptions options, PrintStream err) {
        this.options = options;
        this.err = err;
    }

    /** One thread, fresh CellAnalytics per cell per round over pre-generated samples; returns analytics-only samples/s. */
    double pure(BenchReport report) {
        int perCell = options.quick() ? 500 : 25_000;
        List<SimChannels.Channel> channels = SimChannels.create(8, 1.7e9, 5L);
        List<List<Sample>> samples = channels.stream().map(c -> SimChannels.take(c.cell(), perCell)).toList();
        Duration step = options.quick() ? Duration.ofMillis(100) : Duration.ofSeconds(1);
        Duration maxWarm = options.quick() ? Duration.ofMillis(300) : Duration.ofSeconds(30);
        Duration measure = options.quick() ? Duration.ofMillis(300) : Duration.ofSeconds(6);
        Rate analyticsOnly = rounds(channels, samples, false, step, maxWarm, measure);
        Rate withDetectors = rounds(channels, samples, true, step, maxWarm, measure);
        report.add(SECTION, "pure CellAnalytics, one thread", analyticsOnly.perS(), "samples/s");
        report.add(SECTION, "pure CellAnalytics + CellDetectors, one thread", withDetectors.perS(), "samples/s");
        report.add(SECTION, "pure CellAnalytics cost per sample", 1e9 / analyticsOnly.perS(), "ns");
        report.add(SECTION, "warm-up before measuring, pure CellAnalytics", analyticsOnly.warmS(), "s");
        report.add(SECTION, "warm-up before measuring, + CellDetectors", withDetectors.warmS(), "s");
        report.note(SECTION, String.format("pure figures are measured after a warm-up that ends when two successive"
                + " %.1f s windows agree within %.0f %% (analytics: %s; with detectors: %s): until then the JIT"
                + " compiles and the heap grows, and first touches of new heap pages cost more than the analytics",
                step.toMillis() / 1000.0, STEADY_WITHIN * 100, analyticsOnly.describe(maxWarm),
                withDetectors.describe(maxWarm)));
        return analyticsOnly.perS();
    }

    /** Two successive warm-up windows within this share of each other count as steady. */
    static final double STEADY_WITHIN = 0.10;

    /** A measured rate and how long the warm-up before it took. */
    record Rate(double perS, double warmS, boolean steady) {

        String describe(Duration maxWarm) {
            return steady ? String.format("steady after %.1f s", warmS)
                    : String.format("not steady by the %.1f s cap", maxWarm.toMillis() / 1000.0);
        }
    }

    /** True when two successive window rates agree within {@link #STEADY_WITHIN}. */
    static boolean steady(double previous, double current) {
        return previous > 0 && Math.abs(current - previous) <= STEADY_WITHIN * previous;
    }

    private Rate rounds(List<SimChannels.Channel> channels, List<List<Sample>> samples, boolean detect,
                        Duration step, Duration maxWarm, Duration measure) {
        long wallMs = System.currentTimeMillis();
        // warm-up in windows of whole rounds, until two successive windows agree or maxWarm has passed
        long start = System.nanoTime();
        double previous = Double.NaN;
        boolean steady;
        while (true) {
            double rate = rateOver(step, channels, samples, detect, wallMs);
            steady = steady(previous, rate);
            if (steady || System.nanoTime() - start >= maxWarm.toNanos()) {
                break;
            }
            previous = rate;
        }
        double warmS = (System.nanoTime() - start) / 1e9;
        double rate = rateOver(measure, channels, samples, detect, wallMs);
        if (sink < 0) {
            err.println(sink); // keeps the work observable to the JIT
        }
        return new Rate(rate, warmS, steady);
    }

    private long sink;

    /** Samples per second over whole rounds for at least {@code window}: at least one round is always counted. */
    private double rateOver(Duration window, List<SimChannels.Channel> channels, List<List<Sample>> samples,
                            boolean detect, long wallMs) {
        long from = System.nanoTime();
        long counted = 0;
        while (System.nanoTime() - from < window.toNanos()) {
            counted += round(channels, samples, detect, wallMs);
        }
        return counted / ((System.nanoTime() - from) / 1e9);
    }

    /** Every cell once through, fresh analytics (and detectors); returns the samples fed. */
    private long round(List<SimChannels.Channel> channels, List<List<Sample>> samples, boolean detect, long wallMs) {
        long counted = 0;
        for (int i = 0; i < channels.size(); i++) {
            CellAnalytics a = new CellAnalytics(channels.get(i).metadata(), AnalyticsOptions.defaults());
            CellDetectors d = detect ? new CellDetectors(channels.get(i).metadata(), DetectionConfig.defaults()) : null;
            for (Sample s : samples.get(i)) {
                List<CycleResult> cycles = a.accept(s);
                sink += cycles.size();
                if (d != null) {
                    for (CycleResult r : cycles) {
                        sink += d.onCycle(r).size();
                    }
                    sink += d.onSample(s, wallMs).size();
                }
            }
            counted += samples.get(i).size();
        }
        return counted;
    }

    /**
     * Returns topology/identity. Both read the same records from fresh topics of the run's brokers,
     * one after the other, each under an application id of its own.
     */
    double topologyVsIdentity(BenchEnv env, BenchReport report) throws InterruptedException {
        int records = options.analyticsRecords();
        int cells = options.quick() ? 10 : 200;
        int perCell = records / cells;
        int threads = options.partitions();
        env.freshTopics(options.partitions());
        String identityTopic = env.name("identity");
        env.createTopic(identityTopic, options.partitions());
        long loaded = preload(env, cells, perCell);
        StreamsOptions base = StreamsOptions.of(env.kafka.bootstrapServers(), env.stateDir)
                .withOverrides(Map.of("num.stream.threads", String.valueOf(threads)));

        StreamsOptions identityOptions = base.withApplicationId(env.name("identity"));
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(Topics.TELEMETRY.name(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .to(identityTopic, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        double identity;
        try (KafkaStreams streams = new KafkaStreams(builder.build(), identityOptions.toProperties())) {
            long started = System.nanoTime();
            streams.start();
            identity = drain(env, identityOptions.applicationId(), loaded, "identity topology", started);
            streams.close(CloseOptions.timeout(Duration.ofSeconds(20))
                    .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        } finally {
            env.forgetState(identityOptions.applicationId());
        }
        StreamsOptions topologyOptions = base.withApplicationId(env.name("topology"));
        double topology;
        long started = System.nanoTime();
        try (AnalyticsService analytics = AnalyticsService.start(topologyOptions)) {
            topology = drain(env, topologyOptions.applicationId(), loaded, "analytics topology", started);
        } finally {
            env.forgetState(topologyOptions.applicationId());
        }
        report.add(SECTION, "identity topology (copy, exactly-once)", identity, "samples/s");
        report.add(SECTION, "analytics + detectors topology", topology, "samples/s");
        report.add(SECTION, "topology / identity", topology / identity, "ratio");
        report.add(SECTION, "records pre-loaded for both", loaded, "samples");
        return topology / identity;
    }

    private long preload(BenchEnv env, int cells, int perCell) {
        double startS = 1.7e9;
        List<SimChannels.Channel> channels = SimChannels.create(cells, startS, 17L);
        try (KafkaProducer<String, byte[]> producer = env.bulkProducer();
             Ticker ignored = Ticker.start(err, "analytics preload", () -> "writing " + cells * (long) perCell + " samples")) {
            for (SimChannels.Channel c : channels) {
                producer.send(new ProducerRecord<>(Topics.CELLS.name(), c.cellId(),
                        Topics.CELLS.valueSerde().serializer().serialize(Topics.CELLS.name(), CellStatus.online(c.metadata(), startS))));
            }
            // round-robin over cells, a few samples at a time, as the bridge interleaves channels
            int chunk = 10;
            for (int from = 0; from < perCell; from += chunk) {
                for (SimChannels.Channel c : channels) {
                    for (Sample s : SimChannels.take(c.cell(), Math.min(chunk, perCell - from))) {
                        producer.send(new ProducerRecord<>(Topics.TELEMETRY.name(), c.cellId(),
                                Topics.TELEMETRY.valueSerde().serializer().serialize(Topics.TELEMETRY.name(), s)));
                    }
                }
            }
            producer.flush();
        }
        return env.endOffsets(Topics.TELEMETRY.name());
    }

    /**
     * Waits until the application has committed every pre-loaded record (or time is up). Returns
     * records/s between the first and the last commit seen, so start-up and the first rebalance are
     * left out; when that span holds less than half the records (a short run that committed most of
     * them at once) the rate is taken from the start instead.
     */
    private double drain(BenchEnv env, String group, long total, String phase, long startedNanos)
            throws InterruptedException {
        long cap = System.nanoTime() + Math.max(options.duration().toNanos(), TimeUnit.SECONDS.toNanos(10)) * 2;
        long firstNanos = 0;
        long firstCount = 0;
        long lastNanos = 0;
        long lastCount = 0;
        long[] seen = {0};
        try (Ticker ignored = Ticker.start(err, phase, () -> String.format("%,d of %,d committed", seen[0], total))) {
            while (System.nanoTime() < cap) {
                long c = env.committed(group, Topics.TELEMETRY.name());
                long now = System.nanoTime();
                seen[0] = c;
                if (c > 0 && firstNanos == 0) {
                    firstNanos = now;
                    firstCount = c;
                }
                if (c > lastCount) {
                    lastCount = c;
                    lastNanos = now;
                }
                if (c >= total) {
                    break;
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
        if (lastCount < total) {
            err.printf("  %s: %,d of %,d records done when its time was up%n", phase, lastCount, total);
        }
        if (lastNanos > firstNanos && lastCount - firstCount >= total / 2) {
            return (lastCount - firstCount) / ((lastNanos - firstNanos) / 1e9);
        }
        return lastNanos == 0 ? 0 : lastCount / ((lastNanos - startedNanos) / 1e9);
    }
}
