package io.cellwatch.app.bench;

import io.cellwatch.streams.analytics.AnalyticsOptions;
import io.cellwatch.streams.analytics.CellAnalytics;
import io.cellwatch.streams.detect.CellDetectors;
import io.cellwatch.streams.detect.DetectionConfig;
import io.cellwatch.streams.topology.AnalyticsService;
import io.cellwatch.streams.topology.CellAnalyticsTopology;
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
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
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
                + " %.1f s windows agree within %.0f %% and the JIT compiled for at most %.0f %% of the second"
                + " (analytics: %s; with detectors: %s): until then the JIT"
                + " compiles and the heap grows, and first touches of new heap pages cost more than the analytics",
                step.toMillis() / 1000.0, STEADY_WITHIN * 100, STEADY_JIT_SHARE * 100, analyticsOnly.describe(maxWarm),
                withDetectors.describe(maxWarm)));
        return analyticsOnly.perS();
    }

    /** Two successive warm-up windows within this share of each other count as steady. */
    static final double STEADY_WITHIN = 0.10;

    /**
     * ... and the JIT compiled for at most this share of the later window. Rates alone were fooled:
     * on one machine two windows of the interpreter-and-C1 code agreed (4.7 and 4.8 M samples/s) a
     * second before C2's code ran at 16 M, and 3.3 M was reported as steady.
     */
    static final double STEADY_JIT_SHARE = 0.05;

    /** A measured rate and how long the warm-up before it took. */
    record Rate(double perS, double warmS, boolean steady) {

        String describe(Duration maxWarm) {
            return steady ? String.format("steady after %.1f s", warmS)
                    : String.format("not steady by the %.1f s cap", maxWarm.toMillis() / 1000.0);
        }
    }

    /**
     * True when two successive window rates agree within {@link #STEADY_WITHIN} and the JIT compiled
     * for at most {@link #STEADY_JIT_SHARE} of the later window (NaN, when the JVM does not say, counts as quiet).
     */
    static boolean steady(double previous, double current, double windowJitS, double windowS) {
        return previous > 0 && Math.abs(current - previous) <= STEADY_WITHIN * previous
                && !(windowJitS > STEADY_JIT_SHARE * windowS);
    }

    private Rate rounds(List<SimChannels.Channel> channels, List<List<Sample>> samples, boolean detect,
                        Duration step, Duration maxWarm, Duration measure) {
        long wallMs = System.currentTimeMillis();
        // warm-up in windows of whole rounds, until two successive windows agree while the JIT is
        // quiet, or maxWarm has passed
        long start = System.nanoTime();
        double previous = Double.NaN;
        boolean steady;
        while (true) {
            double jitBefore = jitSeconds();
            long windowStart = System.nanoTime();
            double rate = rateOver(step, channels, samples, detect, wallMs);
            steady = steady(previous, rate, jitSeconds() - jitBefore, (System.nanoTime() - windowStart) / 1e9);
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
     * one after the other, each under an application id of its own. Warm-up pairs of runs are not
     * measured (unless quick): on 2 cores the JIT compiling Kafka's and the topology's code took a
     * third of the CPU of the first runs in the JVM, so a first run measures the compiler, and the
     * topology (more code) more than the identity. Then {@code --repeat} measured pairs: single runs
     * of a few seconds on a shared machine ranged over 2x, so the table shows medians, and the ratio
     * judged is the median of the pairs' own ratios (each taken side by side).
     */
    double topologyVsIdentity(BenchEnv env, BenchReport report) throws InterruptedException {
        int records = options.analyticsRecords();
        int warmUps = 0;
        while (!options.quick() && warmUps < MAX_WARM_UP_PAIRS) {
            Pair warm = pair(env, records, "warm-up " + ++warmUps + ": ");
            double jitS = warm.identityJitS() + warm.topologyJitS();
            err.printf("  warm-up pair %d (not measured): identity %,.0f/s, topology %,.0f/s, ratio %.2f; JIT %.1f s%n",
                    warmUps, warm.identity(), warm.topology(), warm.ratio(), jitS);
            if (jitS <= WARM_JIT_S) {
                break;
            }
        }
        List<Pair> pairs = new ArrayList<>();
        for (int i = 1; i <= options.repeat(); i++) {
            Pair p = pair(env, records, "pair " + i + " of " + options.repeat() + ": ");
            err.printf("  pair %d: identity %,.0f/s, topology %,.0f/s, ratio %.2f; process CPU per record %.1f / %.1f us;"
                            + " JIT in the measured span %.2f / %.2f s%n", i, p.identity(), p.topology(), p.ratio(),
                    p.identityCpuUs(), p.topologyCpuUs(), p.identitySpanJitS(), p.topologySpanJitS());
            pairs.add(p);
        }
        List<Double> identities = pairs.stream().map(Pair::identity).toList();
        List<Double> topologies = pairs.stream().map(Pair::topology).toList();
        List<Double> ratios = pairs.stream().map(Pair::ratio).toList();
        double ratio = BenchRun.median(ratios.stream().sorted().toList());
        report.add(SECTION, "identity topology (copy, exactly-once), median", BenchRun.median(identities.stream().sorted().toList()),
                "samples/s", identities);
        report.add(SECTION, "analytics + detectors topology, median", BenchRun.median(topologies.stream().sorted().toList()),
                "samples/s", topologies);
        report.add(SECTION, "topology / identity, median of the pairs", ratio, "ratio", ratios);
        List<Double> identityCpu = pairs.stream().map(Pair::identityCpuUs).toList();
        List<Double> topologyCpu = pairs.stream().map(Pair::topologyCpuUs).toList();
        report.add(SECTION, "process CPU per record, identity, median", BenchRun.median(identityCpu.stream().sorted().toList()),
                "us", identityCpu);
        report.add(SECTION, "process CPU per record, topology, median", BenchRun.median(topologyCpu.stream().sorted().toList()),
                "us", topologyCpu);
        report.add(SECTION, "records pre-loaded for each run", pairs.get(0).records(), "samples");
        Pair last = pairs.get(pairs.size() - 1);
        report.note(SECTION, String.format("topology vs identity: %d measured pair(s)%s; each rate is taken while the"
                        + " committed offsets went from %.0f %% to %.0f %% of the records (start-up and the last"
                        + " stragglers left out). JIT compilation during the last pair: identity %.1f s, topology %.1f s"
                        + " of compiler time", pairs.size(), options.quick() ? "" : " after " + warmUps
                        + " warm-up pair(s) (until the JIT compiled for at most " + WARM_JIT_S + " s in one, at most "
                        + MAX_WARM_UP_PAIRS + ")",
                100 * STEADY_FROM, 100 * STEADY_TO, last.identityJitS(), last.topologyJitS()));
        report.note(SECTION, "stream threads' time in the last pair (Kafka Streams' own ratios, mean of the threads): identity "
                + last.identityTime() + "; topology " + last.topologyTime());
        return ratio;
    }

    /**
     * Warm-up pairs run until the JIT compiled for at most this long during one (summed over both of
     * its runs), or {@link #MAX_WARM_UP_PAIRS} have run. After one pair it was still ~13 s on 2 cores
     * (a third of the CPU), and the next pair's CPU per record was 40 % lower. At most 4 pairs often
     * ended the warm-up with the JIT still above 2 s (on one machine 25.8, 10.9, 6.4, 2.5 s), and the
     * topology's measured spans then held 0.4-1.0 s of compiling in ~1.5 s: the pairs with the least
     * measured highest. The JIT goes on compiling a long tail (Kafka's per-poll and per-commit code,
     * the broker's) for a dozen pairs, so the cap is 8.
     */
    static final double WARM_JIT_S = 2.0;
    static final int MAX_WARM_UP_PAIRS = 8;

    /** The share of the pre-loaded records committed when the measured span of a run starts and ends. */
    static final double STEADY_FROM = 0.10;
    static final double STEADY_TO = 0.90;

    /** One identity run and one topology run over the same fresh pre-loaded telemetry. */
    record Pair(double identity, double topology, long records, ThreadTime identityTime, ThreadTime topologyTime,
                double identityJitS, double topologyJitS, double identityCpuUs, double topologyCpuUs,
                double identitySpanJitS, double topologySpanJitS) {

        double ratio() {
            return topology / identity;
        }
    }

    private Pair pair(BenchEnv env, int records, String label) throws InterruptedException {
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
        Drained identity;
        ThreadTime identityTime;
        double jit0 = jitSeconds();
        try (KafkaStreams streams = new KafkaStreams(builder.build(), identityOptions.toProperties())) {
            long started = System.nanoTime();
            streams.start();
            identity = drain(env, identityOptions.applicationId(), loaded, label + "identity topology", started);
            identityTime = ThreadTime.of(streams);
            streams.close(CloseOptions.timeout(Duration.ofSeconds(20))
                    .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        } finally {
            env.forgetState(identityOptions.applicationId());
        }
        double jit1 = jitSeconds();
        StreamsOptions topologyOptions = base.withApplicationId(env.name("topology"));
        Drained topology;
        ThreadTime topologyTime;
        // The internal repartition topic exists before the start, as at any start but an application's
        // very first: created during the first assignment, it changed the leader's metadata, and the
        // rebalance that followed held one stream thread back until the other's next heartbeat (1-3 s,
        // inside the measured span; Kafka Streams' INFO log: "cached metadata has changed").
        env.createTopic(CellAnalyticsTopology.chamberRepartitionTopic(topologyOptions.applicationId()), options.partitions());
        long started = System.nanoTime();
        try (AnalyticsService analytics = AnalyticsService.start(topologyOptions)) {
            topology = drain(env, topologyOptions.applicationId(), loaded, label + "analytics topology", started);
            topologyTime = ThreadTime.of(analytics.kafkaStreams());
        } finally {
            env.forgetState(topologyOptions.applicationId());
        }
        double jit2 = jitSeconds();
        return new Pair(identity.perS(), topology.perS(), loaded, identityTime, topologyTime, jit1 - jit0, jit2 - jit1,
                identity.cpuUsPerRecord(), topology.cpuUsPerRecord(), identity.spanJitS(), topology.spanJitS());
    }

    /**
     * CPU time of the whole process so far (broker, clients, stream threads, JIT, GC), or 0 when the
     * JVM does not say. Per record over a run's measured span it is a steadier figure than throughput
     * on a shared machine: another process's load slows a run down but does not add to its CPU.
     */
    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? Math.max(0, os.getProcessCpuTime()) : 0;
    }

    /** Total time the JIT compilers have spent so far (summed over compiler threads), or NaN when not reported. */
    private static double jitSeconds() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() / 1000.0 : Double.NaN;
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
     * A run's records/s, the whole process's CPU per record over its measured span, and the JIT
     * compiler time inside that span (CPU the run's own code did not get); NaN when there was no span.
     */
    record Drained(double perS, double cpuUsPerRecord, double spanJitS) {
    }

    /**
     * Waits until the application has committed every pre-loaded record (or time is up). Returns
     * records/s over the span in which its committed offsets went from {@link #STEADY_FROM} to
     * {@link #STEADY_TO} of them: start-up, the first rebalance and the tail, when one thread has
     * finished and the other has not, are left out. When the span is too short to tell (a quick run that
     * committed most records at once) the rate is taken from the start instead.
     */
    private Drained drain(BenchEnv env, String group, long total, String phase, long startedNanos)
            throws InterruptedException {
        long cap = System.nanoTime() + Math.max(options.duration().toNanos(), TimeUnit.SECONDS.toNanos(10)) * 2;
        long fromNanos = 0;
        long fromCount = 0;
        long fromCpu = 0;
        double fromJit = 0;
        double toJit = 0;
        long toNanos = 0;
        long toCount = 0;
        long toCpu = 0;
        long lastNanos = 0;
        long lastCount = 0;
        long[] seen = {0};
        try (Ticker ignored = Ticker.start(err, phase, () -> String.format("%,d of %,d committed", seen[0], total))) {
            while (System.nanoTime() < cap) {
                long c = env.committed(group, Topics.TELEMETRY.name());
                long now = System.nanoTime();
                seen[0] = c;
                if (fromNanos == 0 && c >= STEADY_FROM * total) {
                    fromNanos = now;
                    fromCount = c;
                    fromCpu = processCpuNanos();
                    fromJit = jitSeconds();
                }
                if (toNanos == 0 && c >= STEADY_TO * total) {
                    toNanos = now;
                    toCount = c;
                    toCpu = processCpuNanos();
                    toJit = jitSeconds();
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
        if (toNanos > fromNanos && toCount - fromCount >= total / 2) {
            double cpuUs = fromCpu > 0 && toCpu > fromCpu ? (toCpu - fromCpu) / 1e3 / (toCount - fromCount) : Double.NaN;
            return new Drained((toCount - fromCount) / ((toNanos - fromNanos) / 1e9), cpuUs, toJit - fromJit);
        }
        return new Drained(lastNanos == 0 ? 0 : lastCount / ((lastNanos - startedNanos) / 1e9), Double.NaN, Double.NaN);
    }

    /**
     * Where the stream threads' wall-clock time went, from Kafka Streams' thread metrics (the share of
     * each loop iteration spent processing, committing, polling and punctuating), averaged over the
     * threads: tells a topology that is busy computing from one waiting on the broker.
     */
    record ThreadTime(double process, double commit, double poll, double punctuate) {

        static ThreadTime of(KafkaStreams streams) {
            double[] sum = new double[4];
            int[] n = {0};
            List<String> names = List.of("process-ratio", "commit-ratio", "poll-ratio", "punctuate-ratio");
            streams.metrics().forEach((name, metric) -> {
                int i = names.indexOf(name.name());
                if (i >= 0 && name.group().equals("stream-thread-metrics") && metric.metricValue() instanceof Double d
                        && !d.isNaN()) {
                    sum[i] += d;
                    if (i == 0) {
                        n[0]++;
                    }
                }
            });
            int threads = Math.max(1, n[0]);
            return new ThreadTime(sum[0] / threads, sum[1] / threads, sum[2] / threads, sum[3] / threads);
        }

        @Override
        public String toString() {
            return String.format("process %.0f %%, commit %.0f %%, poll %.0f %%, punctuate %.0f %%",
                    100 * process, 100 * commit, 100 * poll, 100 * punctuate);
        }
    }
}
