package io.cellwatch.app;

import io.cellwatch.edge.fleet.FaultPlan;
import io.cellwatch.edge.fleet.FleetOptions;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The simulated fleet's options, shared by {@code cellwatch demo} and {@code cellwatch simulate}. */
final class FleetMixin {

    @Option(names = "--cells", defaultValue = "${CELLWATCH_SIM_CELLS:-18}",
            description = "Simulated channels (presets dealt round-robin). Env CELLWATCH_SIM_CELLS. Default: ${DEFAULT-VALUE}.")
    int cells;

    @Option(names = "--speed", defaultValue = "${CELLWATCH_SIM_SPEED:-3600}",
            description = "Simulated seconds per real second; 0 = as fast as possible. Env CELLWATCH_SIM_SPEED. Default: ${DEFAULT-VALUE}.")
    double speed;

    @Option(names = "--sample-period", defaultValue = "10", paramLabel = "SECONDS",
            description = "Simulated seconds between samples of one cell. Default: ${DEFAULT-VALUE}.")
    double samplePeriodS;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the simulation; same seed, same samples. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--fault", paramLabel = "TARGET:KIND@WHEN", converter = FaultPlanConverter.class,
            description = {"Inject a fault (repeatable). Cycles are numbers, times are simulated time after the start:",
                    "  ch002:hard-short@3   ch003:soft-short@2   ch004:thermal-runaway@2h",
                    "  ch005:stuck-sensor@1h   ch006:jumping-sensor@1h   ch007:silence@1h/30m",
                    "  oven-100c:chamber-hot@3h/15K   (every cell in that chamber)"})
    List<FaultPlan> faults = new ArrayList<>();

    /** The fleet these options describe, starting now, for {@code lab}. */
    FleetOptions options(String lab) {
        return new FleetOptions(lab, cells, samplePeriodS, speed, 500, seed, System.currentTimeMillis() / 1000.0,
                Duration.ofMillis(100));
    }
}
