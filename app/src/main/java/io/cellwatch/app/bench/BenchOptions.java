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
 * @param rate           offered load of the latency phase, samples/s
 * @param partitions     partitions per topic and stream threads of the pipeline, latency and analytics phases
 * @param pipelineCells  simulated channels of the full-speed pipeline and scaling runs
 * @param latencyCells   simulated channels of the latency phase (speed-up = rate x sample period / cells)
 * @param sections       which sections to run
 * @param json           where to write the JSON report, or null
 * @param quick          a smoke run: seconds per phase, small fleets
 */
record BenchOptions(Duration duration, Duration warmup, int cells, int rate, int partitions, int pipelineCells,
                    int latencyCells, Set<String> sections, Path json, boolean quick) {

    static final List<String> ALL_SECTIONS = List.of("ceilings", "pipeline", "latency", "memory", "scaling", "analytics");
    /** Samples per MQTT message of the fleet at full speed (its default max batch). */
    static final int FLEET_BATCH = 500;
    static final List<Integer> SCALING_PARTITIONS = List.of(1, 2, 4);

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

    /** Telemetry records pre-loaded for the topology-vs-identity comparison. */
    int analyticsRecords() {
        return quick ? 20_000 : 400_000;
    }

    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("duration_s", duration.toMillis() / 1000.0);
        m.put("warmup_s", warmup.toMillis() / 1000.0);
        m.put("cells", cells);
        m.put("rate_samples_per_s", rate);
        m.put("partitions", partitions);
        m.put("pipeline_cells", pipelineCells);
        m.put("latency_cells", latencyCells);
        m.put("sections", List.copyOf(sections));
        m.put("quick", quick);
        return m;
    }
}
