package io.cellwatch.app.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One bench run's settings, after {@code --quick} has been applied.
 *
 * @param duration       measured time of the full-speed pipeline run; the other phases take fractions of it
 * @param warmup         unmeasured time before each pipeline, scaling and latency measurement
 * @param cells          cells held in memory for the memory figure
 * @param rates          offered loads of the latency runs, samples/s, in the order given; {@link #AUTO_RATE}
 *                       stands for half the full-speed pipeline throughput measured in the same run
 * @param partitions     partitions per topic and stream threads of the pipeline, latency and analytics phases
 * @param pipelineCells  simulated channels of the full-speed pipeline and scaling runs
 * @param latencyCells   simulated channels of the latency run at the highest rate (speed-up = rate x sample
 *                       period / cells); lower rates run proportionally fewer
 * @param sections       which sections to run
 * @param json           where to write the JSON report, or null
 * @param repeat         runs per partition count in the scaling section
 * @param analyticsRecords telemetry records pre-loaded for each topology-vs-identity run
 * @param quick          a smoke run: seconds per phase, small fleets
 */
record BenchOptions(Duration duration, Duration warmup, int cells, List<Integer> rates, int partitions,
                    int pipelineCells, int latencyCells, int repeat, int analyticsRecords, Set<String> sections, Path json,
                    boolean quick) {

    static final List<String> ALL_SECTIONS = List.of("ceilings", "pipeline", "latency", "memory", "scaling", "analytics");
    /** Samples per MQTT message of the fleet at full speed (its default max batch). */
    static final int FLEET_BATCH = 500;
    static final List<Integer> SCALING_PARTITIONS = List.of(1, 2, 4);
    /** In {@link #rates()}: half the pipeline's sustained throughput measured in this run. */
    static final int AUTO_RATE = 0;
    /** The auto rate when the pipeline section does not run. */
    static final int AUTO_RATE_WITHOUT_PIPELINE = 1_000;
    /** The load the latency target of issue #9 is stated at. */
    static final int TARGET_RATE = 10_000;

    boolean runs(String section) {
        return sections.contains(section);
    }

    Duration ceilingWarmup() {
        return warmup.dividedBy(2);
    }

    Duration ceilingDuration() {
        return duration.dividedBy(4);
    }

    Duration scalingDuration() {
        return duration.dividedBy(2);
    }

    Duration latencyDuration() {
        return duration.dividedBy(2);
    }

    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("duration_s", duration.toMillis() / 1000.0);
        m.put("warmup_s", warmup.toMillis() / 1000.0);
        m.put("cells", cells);
        m.put("rates_samples_per_s", rates.stream().map(r -> r == AUTO_RATE ? (Object) "auto" : r).toList());
        m.put("partitions", partitions);
        m.put("pipeline_cells", pipelineCells);
        m.put("latency_cells", latencyCells);
        m.put("repeat", repeat);
        m.put("analytics_records", analyticsRecords);
        m.put("sections", List.copyOf(sections));
        m.put("quick", quick);
        return m;
    }
}
