package io.cellwatch.app;

import io.cellwatch.edge.fleet.FaultPlan;
import io.cellwatch.edge.fleet.FleetOptions;
import io.cellwatch.edge.sim.Preset;
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

    @Option(names = "--preset", paramLabel = "PRESET", converter = PresetConverter.class,
            description = {"Only these presets, dealt round-robin (repeatable; default: all of them):",
                    "  core-shell-100c  hkust1-100c  zif8-100c",
                    "  gf-le-100c  core-shell-rt  gf-le-rt",
                    "  symmetric-core-shell  symmetric-short-100c",
                    "  pouch-core-shell"})
    List<Preset> presets = new ArrayList<>();

    @Option(names = "--fault", paramLabel = "TARGET:KIND@WHEN", converter = FaultPlanConverter.class,
            description = {"Inject a fault (repeatable). Cycles are numbers, times are simulated time after the start:",
                    "  ch002:hard-short@3   ch003:soft-short@2",
                    "  ch004:thermal-runaway@2h   ch005:stuck-sensor@1h",
                    "  ch006:jumping-sensor@1h   ch007:silence@1h/30m",
                    "  oven-100c:chamber-hot@3h/15K  (every cell in that chamber)"})
    List<FaultPlan> faults = new ArrayList<>();

    /** {@code core-shell-100c} → {@link Preset#CORE_SHELL_100C}; a wrong name lists the right ones. */
    static final class PresetConverter implements picocli.CommandLine.ITypeConverter<Preset> {
        @Override
        public Preset convert(String value) {
            try {
                return Preset.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("unknown preset '" + value + "'; known: "
                        + java.util.Arrays.stream(Preset.values())
                        .map(p -> p.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')).toList());
            }
        }
    }

    /** The fleet these options describe, starting now, for {@code lab}. */
    FleetOptions options(String lab) {
        return new FleetOptions(lab, cells, samplePeriodS, speed, 500, seed, System.currentTimeMillis() / 1000.0,
                Duration.ofMillis(100), presets);
    }
}
