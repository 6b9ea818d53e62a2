package io.cellwatch.app.bench;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the chosen sections in an order that keeps measurements apart (memory first, on a heap no
 * broker has touched yet; the pure analytics before any broker competes for the cores) and judges
 * the targets of issues #9 and #6 against what was measured.
 */
final class BenchRun {

    static final double PIPELINE_TARGET = 100_000;
    static final double PIPELINE_TO_KAFKA_TARGET = 0.5;
    static final double ALERT_P99_TARGET_MS = 1_000;
    static final double HEAP_TARGET_MIB = 1_024;
    static final int HEAP_TARGET_CELLS = 10_000;
    static final double ANALYTICS_TARGET = 5_000_000;
    static final double TOPOLOGY_TO_IDENTITY_TARGET = 0.8;

    private final BenchOptions options;
    private final BenchReport report;
    private final PrintStream err;

    BenchRun(BenchOptions options, BenchReport report, PrintStream err) {
        this.options = options;
        this.report = report;
        this.err = err;
    }

    void run() throws Exception {
        if (options.runs("memory")) {
            phase("memory: " + options.cells() + " cells' analytics and detectors in memory");
            new MemoryProbe(options, err).run(report);
        }
        AnalyticsBench analytics = new AnalyticsBench(options, err);
        if (options.runs("analytics")) {
            phase("analytics: pure CellAnalytics on one thread");
            analytics.pure(report);
        }
        double kafkaCeiling = Double.NaN;
        double mqttCeiling = Double.NaN;
        if (options.runs("ceilings") || options.runs("pipeline")) {
            Ceilings ceilings = new Ceilings(options, err);
            phase("ceilings: raw Kafka producer");
            kafkaCeiling = ceilings.kafka(report);
            phase("ceilings: raw MQTT publish -> receive");
            mqttCeiling = ceilings.mqtt(report);
        }
        Map<Integer, PipelineRun.Result> byPartitions = new LinkedHashMap<>();
        if (options.runs("pipeline")) {
            phase("pipeline: fleet -> MQTT -> bridge -> Kafka -> analytics + detectors -> alerts, full speed, "
                    + options.partitions() + " partitions");
            PipelineRun.Result r = PipelineRun.run(options.partitions(), options.pipelineCells(), options.warmup(),
                    options.duration(), err, "pipeline");
            byPartitions.put(options.partitions(), r);
            String s = "pipeline";
            report.add(s, "sustained, analytics input (" + r.partitions() + " partitions)", r.analyticsRate(), "samples/s");
            report.add(s, "bridge forwarded to Kafka", r.bridgeRate(), "samples/s");
            report.add(s, "fleet published to MQTT", r.fleetRate(), "samples/s");
            report.add(s, "analytics behind Kafka at the end", r.lagAtEnd(), "samples");
            report.add(s, "pipeline / raw Kafka producer", r.analyticsRate() / kafkaCeiling, "ratio");
            report.add(s, "pipeline / raw MQTT", r.analyticsRate() / mqttCeiling, "ratio");
            report.note(s, options.pipelineCells() + " simulated cells at full speed for " + seconds(options.duration())
                    + " s after " + seconds(options.warmup()) + " s warm-up; the alert stage runs too (AlertsService)");
        }
        if (options.runs("scaling")) {
            for (int p : BenchOptions.SCALING_PARTITIONS) {
                PipelineRun.Result r = byPartitions.get(p);
                if (r == null) {
                    phase("scaling: pipeline at " + p + " partition(s) / stream thread(s)");
                    r = PipelineRun.run(p, options.pipelineCells(), options.warmup(), options.scalingDuration(), err,
                            "scaling " + p);
                    byPartitions.put(p, r);
                }
                report.add("scaling", p + " partition(s) / stream thread(s)", r.analyticsRate(), "samples/s");
            }
            report.note("scaling", "the pipeline run itself stands for its own partition count; the others measure "
                    + seconds(options.scalingDuration()) + " s after " + seconds(options.warmup()) + " s warm-up");
        }
        if (options.runs("latency")) {
            phase("latency: " + options.rate() + " samples/s offered, " + options.latencyCells() + " cells");
            new LatencyRun(options, err).run(report);
        }
        if (options.runs("analytics")) {
            phase("analytics: topology vs identity topology, " + options.partitions() + " partitions");
            analytics.topologyVsIdentity(report);
        }
        targets();
    }

    private void targets() {
        double pipeline = firstValue("pipeline", "sustained, analytics input");
        double toKafka = report.value("pipeline", "pipeline / raw Kafka producer");
        report.target("pipeline >= 100,000 samples/s", ">= 100,000 /s", rate(pipeline), met(pipeline, PIPELINE_TARGET, true));
        report.target("pipeline >= 0.5 x raw Kafka producer", ">= 0.5", ratio(toKafka), met(toKafka, PIPELINE_TO_KAFKA_TARGET, true));
        double alertP99 = report.value("latency", "sample -> alert p99");
        if (Double.isFinite(alertP99)) {
            report.target("p99 sample -> alert at " + options.rate() + "/s", "<= 1,000 ms", ms(alertP99),
                    met(alertP99, ALERT_P99_TARGET_MS, false));
        } else {
            double findingP99 = report.value("latency", "sample -> finding p99");
            report.target("p99 sample -> finding (no alert timed)", "<= 1,000 ms", ms(findingP99),
                    met(findingP99, ALERT_P99_TARGET_MS, false));
        }
        double heap = report.value("memory", "heap used after GC, whole process");
        boolean tenThousand = options.cells() == HEAP_TARGET_CELLS;
        report.target("heap for " + HEAP_TARGET_CELLS + " cells", "<= 1,024 MiB",
                Double.isFinite(heap) ? String.format(Locale.ROOT, "%.0f MiB (%d cells)", heap, options.cells()) : "-",
                tenThousand ? met(heap, HEAP_TARGET_MIB, false) : null);
        double pure = report.value("analytics", "pure CellAnalytics, one thread");
        report.target("pure analytics >= 5 M samples/s/core", ">= 5,000,000 /s", rate(pure), met(pure, ANALYTICS_TARGET, true));
        double ratio = report.value("analytics", "topology / identity");
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

    private void phase(String what) {
        err.println("== " + what);
    }
}
