package io.cellwatch.app.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Runs the chosen sections in an order that keeps measurements apart (memory first, on a heap no
 * broker has touched yet; the pure analytics before any broker competes for the cores; then one
 * set of embedded brokers, {@link BenchEnv}, for every other section) and judges the targets of
 * issues #9 and #6 against what was measured. A section that fails is reported and the others
 * still run; {@link #failures()} says which failed.
 */
final class BenchRun {

    static final double PIPELINE_TARGET = 100_000;
    static final double PIPELINE_TO_KAFKA_TARGET = 0.5;
    static final double ALERT_P99_TARGET_MS = 1_000;
    static final double HEAP_TARGET_MIB = 1_024;
    static final int HEAP_TARGET_CELLS = 10_000;
    static final double ANALYTICS_TARGET = 5_000_000;
    static final double TOPOLOGY_TO_IDENTITY_TARGET = 0.8;
    /** The auto latency rate is never below this (one cell at 1,000x real time). */
    static final int AUTO_RATE_FLOOR = 100;
    /** Sections that need the embedded brokers. */
    static final List<String> BROKER_SECTIONS = List.of("ceilings", "pipeline", "latency", "scaling", "analytics");

    private final BenchOptions options;
    private final BenchReport report;
    private final PrintStream err;
    private final Map<String, Throwable> failures = new LinkedHashMap<>();
    private double kafkaCeiling = Double.NaN;
    private double mqttCeiling = Double.NaN;
    private double pipelineRate = Double.NaN;
    private PipelineRun.Result pipelineResult;
    private int judgedRate = -1;
    private final long startedNanos = System.nanoTime();

    BenchRun(BenchOptions options, BenchReport report, PrintStream err) {
        this.options = options;
        this.report = report;
        this.err = err;
    }

    /** Sections that threw, with what they threw. */
    Map<String, Throwable> failures() {
        return Map.copyOf(failures);
    }

    private CompletableFuture<BenchEnv> startBrokers() {
        phase("embedded Kafka (KRaft) and MQTT brokers for the rest of the run");
        return CompletableFuture.supplyAsync(() -> BenchEnv.start(err),
                r -> new Thread(r, "cellwatch-bench-brokers").start());
    }

    /** One section's work; a failure is reported and the run goes on. */
    private interface Section {
        void run() throws Exception;
    }

    private void section(String name, Section work) {
        try {
            work.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed(name, e);
        } catch (Exception | Error e) {
            failed(name, e);
        }
    }

    private void failed(String name, Throwable e) {
        failures.putIfAbsent(name, e);
        err.println("  " + name + " FAILED: " + e);
        e.printStackTrace(err);
        report.note(name, "FAILED: " + e);
    }

    void run() {
        boolean brokers = BROKER_SECTIONS.stream().anyMatch(options::runs);
        // --quick does not need clean memory and pure-analytics figures: the brokers start meanwhile
        CompletableFuture<BenchEnv> early = brokers && options.quick() ? startBrokers() : null;
        if (options.runs("memory")) {
            phase("memory: " + options.cells() + " cells' analytics and detectors in memory");
            section("memory", () -> new MemoryProbe(options, err).run(report));
        }
        AnalyticsBench analytics = new AnalyticsBench(options, err);
        if (options.runs("analytics")) {
            phase("analytics: pure CellAnalytics on one thread");
            section("analytics", () -> analytics.pure(report));
        }
        if (early != null) {
            for (String s : List.of("memory", "analytics")) {
                if (options.runs(s)) {
                    report.note(s, "--quick: measured while the embedded brokers were starting");
                }
            }
        }
        if (!brokers) {
            targets();
            return;
        }
        BenchEnv env;
        try {
            env = (early != null ? early : startBrokers()).join();
        } catch (java.util.concurrent.CompletionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            for (String s : BROKER_SECTIONS) {
                if (options.runs(s)) {
                    failed(s, cause);
                }
            }
            targets();
            return;
        }
        try (env) {
            if (options.runs("ceilings") || options.runs("pipeline")) {
                section("ceilings", () -> ceilings(env));
            }
            if (options.runs("pipeline")) {
                section("pipeline", () -> pipeline(env));
            }
            if (options.runs("scaling")) {
                section("scaling", () -> scaling(env));
            }
            if (options.runs("latency")) {
                section("latency", () -> latency(env));
            }
            // the rest needs Kafka only: HiveMQ's stop (seconds of waiting on its store) overlaps it
            env.stopMqtt();
            if (options.runs("analytics")) {
                phase("analytics: topology vs identity topology, " + options.partitions() + " partitions");
                section("analytics", () -> analytics.topologyVsIdentity(env, report));
            }
        }
        phase("done");
        targets();
    }

    private void ceilings(BenchEnv env) throws Exception {
        Ceilings ceilings = new Ceilings(env, options, err);
        phase("ceilings: raw Kafka producer");
        kafkaCeiling = ceilings.kafka(report);
        phase("ceilings: raw MQTT publish -> receive");
        mqttCeiling = ceilings.mqtt(report);
    }

    private void pipeline(BenchEnv env) throws Exception {
        phase("pipeline: fleet -> MQTT -> bridge -> Kafka -> analytics + detectors -> alerts, full speed, "
                + options.partitions() + " partitions");
        PipelineRun.Result r = PipelineRun.run(env, options.partitions(), options.pipelineCells(), options.warmup(),
                options.duration(), err, "pipeline");
        pipelineRate = r.analyticsRate();
        pipelineResult = r;
        String s = "pipeline";
        report.add(s, "sustained, analytics input (" + r.partitions() + " partitions)", r.analyticsRate(), "samples/s");
        report.add(s, "bridge forwarded to Kafka", r.bridgeRate(), "samples/s");
        report.add(s, "fleet published to MQTT", r.fleetRate(), "samples/s");
        report.add(s, "analytics behind Kafka at the end", r.lagAtEnd(), "samples");
        report.add(s, "pipeline / raw Kafka producer", r.analyticsRate() / kafkaCeiling, "ratio");
        report.add(s, "pipeline / raw MQTT", r.analyticsRate() / mqttCeiling, "ratio");
        report.add(s, "bridge reconnects: MQTT broker stopped feeding it", r.bridgeReconnects(), "times");
        report.note(s, options.pipelineCells() + " simulated cells at full speed for " + seconds(options.duration())
                + " s after " + seconds(options.warmup()) + " s warm-up; the alert stage runs too (AlertsService)");
    }

    /**
     * Every partition count {@code repeat} times, interleaved (1, 2, 4, 1, 2, 4, ...) so that a
     * change in the machine's load over the section touches every count alike; each run on fresh
     * topics. The pipeline section's run, the same measurement, counts as the first run at its own
     * partition count. Reported per count: the median, and the lowest and highest run as the spread.
     */
    private void scaling(BenchEnv env) throws Exception {
        Map<Integer, List<Double>> runs = new TreeMap<>();
        boolean reused = pipelineResult != null && BenchOptions.SCALING_PARTITIONS.contains(pipelineResult.partitions());
        if (reused) {
            runs.put(pipelineResult.partitions(), new ArrayList<>(List.of(pipelineResult.analyticsRate())));
        }
        int repeat = options.repeat();
        long stalls = 0;
        for (int round = 1; round <= repeat; round++) {
            for (int p : BenchOptions.SCALING_PARTITIONS) {
                List<Double> done = runs.computeIfAbsent(p, k -> new ArrayList<>());
                if (done.size() >= round) {
                    continue;
                }
                phase("scaling: pipeline at " + p + " partition(s) / stream thread(s), run " + round + " of " + repeat);
                PipelineRun.Result r = PipelineRun.run(env, p, options.pipelineCells(), options.warmup(),
                        options.scalingDuration(), err, "scaling " + p + " #" + round);
                done.add(r.analyticsRate());
                stalls += r.bridgeReconnects();
            }
        }
        if (stalls > 0) {
            report.note("scaling", "the bridge reconnected " + stalls + " time(s) in these runs because the MQTT broker had"
                    + " stopped feeding it (hivemq-community-edition#558); each stall costs up to "
                    + Deployment.BRIDGE_IDLE_RECONNECT.toSeconds() + " s");
        }
        for (Map.Entry<Integer, List<Double>> e : runs.entrySet()) {
            List<Double> sorted = e.getValue().stream().sorted().toList();
            String p = e.getKey() + " partition(s) / stream thread(s)";
            report.add("scaling", p + ", median", median(sorted), "samples/s", e.getValue());
            if (sorted.size() > 1) {
                report.add("scaling", p + ", lowest run", sorted.get(0), "samples/s");
                report.add("scaling", p + ", highest run", sorted.get(sorted.size() - 1), "samples/s");
            }
        }
        report.note("scaling", repeat + " run(s) per partition count, interleaved, each " + seconds(options.scalingDuration())
                + " s after " + seconds(options.warmup()) + " s warm-up on fresh topics; " + options.pipelineCells()
                + " simulated cells at full speed" + (reused ? "; the pipeline run (" + seconds(options.duration())
                + " s) is the first at " + pipelineResult.partitions() + " partitions" : ""));
    }

    static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** One latency run per offered load, lowest first, each on fresh topics. */
    private void latency(BenchEnv env) throws Exception {
        List<Integer> rates = resolvedRates();
        judgedRate = rates.get(rates.size() - 1);
        for (int rate : rates) {
            int cells = LatencyRun.cellsFor(rate, judgedRate, options.latencyCells());
            phase("latency: " + rate + " samples/s offered, " + cells + " cells");
            new LatencyRun(env, options, rate, cells, err).run(report);
        }
        if (options.rates().contains(BenchOptions.AUTO_RATE)) {
            int auto = autoRate(pipelineRate);
            report.note("latency", Double.isFinite(pipelineRate)
                    ? String.format(Locale.ROOT, "auto rate %d/s = half the pipeline's sustained %,.0f samples/s, to two"
                            + " digits, at least %d/s", auto, pipelineRate, AUTO_RATE_FLOOR)
                    : "auto rate " + auto + "/s (the pipeline section did not run)");
        }
        report.note("latency", "lower rates run proportionally fewer cells (at least one), so each cell runs at about"
                + " the highest rate's " + Math.round((double) judgedRate * SimChannels.SAMPLE_PERIOD_S
                / options.latencyCells()) + "x real time and every rate sees the same cycles and faults per second;"
                + " one cell in ten (at least one) has a thermal runaway in the window");
    }

    /** The offered loads, auto resolved (half the pipeline throughput, to 2 significant digits), in increasing order. */
    List<Integer> resolvedRates() {
        java.util.TreeSet<Integer> out = new java.util.TreeSet<>();
        for (int r : options.rates()) {
            out.add(r != BenchOptions.AUTO_RATE ? r : autoRate(pipelineRate));
        }
        return List.copyOf(out);
    }

    static int autoRate(double pipelineRate) {
        if (!Double.isFinite(pipelineRate) || pipelineRate <= 0) {
            return BenchOptions.AUTO_RATE_WITHOUT_PIPELINE;
        }
        double half = pipelineRate / 2;
        double unit = Math.pow(10, Math.max(0, Math.floor(Math.log10(half)) - 1));
        return (int) Math.max(AUTO_RATE_FLOOR, Math.round(half / unit) * unit);
    }

    private void targets() {
        double pipeline = firstValue("pipeline", "sustained, analytics input");
        double toKafka = report.value("pipeline", "pipeline / raw Kafka producer");
        report.target("pipeline >= 100,000 samples/s", ">= 100,000 /s", rate(pipeline), met(pipeline, PIPELINE_TARGET, true));
        report.target("pipeline >= 0.5 x raw Kafka producer", ">= 0.5", ratio(toKafka), met(toKafka, PIPELINE_TO_KAFKA_TARGET, true));
        String at = LatencyRun.label(judgedRate);
        // judged only at the load the target is stated at (or more): a lower load says nothing about it
        boolean atTargetRate = judgedRate >= BenchOptions.TARGET_RATE;
        double alertP99 = report.value("latency", at + "sample -> alert p99");
        if (Double.isFinite(alertP99)) {
            report.target("p99 sample -> alert at " + judgedRate + "/s", "<= 1,000 ms", ms(alertP99),
                    atTargetRate ? met(alertP99, ALERT_P99_TARGET_MS, false) : null);
        } else {
            double findingP99 = report.value("latency", at + "sample -> finding p99");
            report.target("p99 sample -> finding at " + (judgedRate < 0 ? "-" : judgedRate) + "/s (no alert timed)",
                    "<= 1,000 ms", ms(findingP99), atTargetRate ? met(findingP99, ALERT_P99_TARGET_MS, false) : null);
        }
        double heap = report.value("memory", "heap used after GC, whole process");
        boolean tenThousand = options.cells() == HEAP_TARGET_CELLS;
        report.target("heap for " + HEAP_TARGET_CELLS + " cells", "<= 1,024 MiB",
                Double.isFinite(heap) ? String.format(Locale.ROOT, "%.0f MiB (%d cells)", heap, options.cells()) : "-",
                tenThousand ? met(heap, HEAP_TARGET_MIB, false) : null);
        double pure = report.value("analytics", "pure CellAnalytics, one thread");
        report.target("pure analytics >= 5 M samples/s/core", ">= 5,000,000 /s", rate(pure), met(pure, ANALYTICS_TARGET, true));
        double ratio = report.value("analytics", "topology / identity, median of the pairs");
        report.target("topology / identity >= 0.8", ">= 0.8", ratio(ratio), met(ratio, TOPOLOGY_TO_IDENTITY_TARGET, true));
    }

    private double firstValue(String section, String prefix) {
        return report.rows().stream().filter(r -> r.section().equals(section) && r.name().startsWith(prefix))
                .mapToDouble(BenchReport.Row::value).findFirst().orElse(Double.NaN);
    }

    private static Boolean met(double value, double goal, boolean atLeast) {
        if (!Double.isFinite(value)) {
            return null;
        }
        return atLeast ? value >= goal : value <= goal;
    }

    private static String rate(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%,.0f /s", v) : "-";
    }

    private static String ratio(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f", v) : "-";
    }

    private static String ms(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%,.0f ms", v) : "-";
    }

    private static String seconds(java.time.Duration d) {
        return BenchReport.format(d.toMillis() / 1000.0);
    }

    /** Progress on stderr, with the seconds since the run started. */
    private void phase(String what) {
        err.printf(Locale.ROOT, "== [%.1f s] %s%n", (System.nanoTime() - startedNanos) / 1e9, what);
    }
}
