package io.cellwatch.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellwatch.edge.sim.Fault;
import io.cellwatch.edge.sim.Preset;
import io.cellwatch.edge.sim.SimulatedCell;
import io.cellwatch.telemetry.CellMetadata;
import io.cellwatch.telemetry.ChannelAddress;
import io.cellwatch.telemetry.Finding;
import io.cellwatch.telemetry.FindingType;
import io.cellwatch.telemetry.Sample;
import io.cellwatch.telemetry.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The paper's scenarios (shared/design/SCENARIOS.md) and the 100 °C safety situations, simulated and run
 * through the analytics and the detectors as the topology and replay run them.
 */
class SimulatedScenariosTest {

    private static final double START_S = SimulatedRun.START_S;

    @Test
    void hkust1ShortIsCriticalInTheCycleItHappensAndNothingIsRaisedBefore() {
        SimulatedRun run = SimulatedRun.of(new SimulatedCell("hkust1", Preset.HKUST1_100C, 11L, 10.0, START_S), 30);

        Finding shortFinding = run.first(FindingType.HARD_SHORT, Severity.CRITICAL).orElseThrow(
                () -> new AssertionError("no critical hard short:\n" + run.describe()));
        System.out.printf("HKUST-1: hard short critical in cycle %d: %s%n", shortFinding.cycle(), shortFinding.summary());
        assertThat(shortFinding.cycle()).isBetween(28, 30);
        assertThat(shortFinding.evidence()).containsKeys("charge_throughput_ah", "reference_ah");
        assertThat(shortFinding.window()).isNotEmpty().hasSizeLessThanOrEqualTo(20);
        assertThat(run.alarms()).as("warnings or worse before the short").filteredOn(f -> f.cycle() < shortFinding.cycle())
                .isEmpty();
    }

    @Test
    void glassFibreWithLiquidElectrolyteShortsCriticallyInCycle1Or2() {
        SimulatedRun run = SimulatedRun.of(new SimulatedCell("gfle", Preset.GF_LE_100C, 12L, 10.0, START_S), 3);

        Finding shortFinding = run.first(FindingType.HARD_SHORT, Severity.CRITICAL).orElseThrow(
                () -> new AssertionError("no critical hard short:\n" + run.describe()));
        System.out.printf("GF+LE: hard short critical in cycle %d: %s%n", shortFinding.cycle(), shortFinding.summary());
        assertThat(shortFinding.cycle()).isBetween(1, 2);
    }

    @Test
    void coreShellCellsRaiseNoWarningIn100Cycles() {
        for (long seed : new long[] {1L, 2L, 3L}) {
            SimulatedRun run = SimulatedRun.of(new SimulatedCell("cs" + seed, Preset.CORE_SHELL_100C, seed, 60.0,
                    START_S), 100);

            assertThat(run.cycles).as("seed %d cycles", seed).hasSizeGreaterThanOrEqualTo(99);
            assertThat(run.alarms()).as("seed %d warnings or worse:%n%s", seed, run.describe()).isEmpty();
        }
    }

    @Test
    void softShortIsWarnedAboutBeforeTheHardShort() {
        SimulatedCell cell = new SimulatedCell("soft", Preset.CORE_SHELL_100C, 21L, 10.0, START_S)
                .withFault(new Fault.SoftShort(15)).withFault(new Fault.HardShort(20));
        SimulatedRun run = SimulatedRun.of(cell, 20);

        Finding soft = run.first(FindingType.SOFT_SHORT, Severity.WARNING).orElseThrow(
                () -> new AssertionError("no soft short warning:\n" + run.describe()));
        Finding hard = run.first(FindingType.HARD_SHORT, Severity.CRITICAL).orElseThrow();
        System.out.printf("soft short from cycle 15: warned in cycle %d (%s); hard short (cycle 20) critical in"
                + " cycle %d (%s)%n", soft.cycle(), soft.summary(), hard.cycle(), hard.summary());
        assertThat(soft.cycle()).isBetween(15, 19);
        assertThat(soft.timeS()).isLessThan(hard.timeS());
        assertThat(hard.cycle()).isEqualTo(20);
        assertThat(run.alarms()).as("nothing before the soft short's onset").filteredOn(f -> f.cycle() < 15).isEmpty();
    }

    @Test
    void symmetricCellShortIsCriticalWhenItsOverpotentialCollapses() {
        SimulatedRun run = SimulatedRun.of(new SimulatedCell("sym", Preset.SYMMETRIC_SHORT_100C, 5L, 30.0, START_S), 31);

        Finding hard = run.first(FindingType.HARD_SHORT, Severity.CRITICAL).orElseThrow(
                () -> new AssertionError("no hard short:\n" + run.describe()));
        System.out.printf("Li//Li short (hard short formed in cycle 31): critical in cycle %d: %s%n", hard.cycle(),
                hard.summary());
        assertThat(hard.cycle()).isEqualTo(31);
        assertThat(run.of(FindingType.HARD_SHORT)).filteredOn(f -> f.cycle() < 31).isEmpty();
    }

    @Test
    void stableSymmetricCellRaisesNothing() {
        SimulatedRun run = SimulatedRun.of(new SimulatedCell("sym", Preset.SYMMETRIC_CORE_SHELL, 5L, 60.0, START_S), 60);

        assertThat(run.cycles).hasSizeGreaterThanOrEqualTo(59);
        assertThat(run.alarms()).as(run.describe()).isEmpty();
    }

    @Test
    void zif8FadeAndPolarizationAreReportedOnlyAfterTheKnee() {
        SimulatedRun run = SimulatedRun.of(new SimulatedCell("zif8", Preset.ZIF8_100C, 8L, 30.0, START_S), 90);

        Finding fade = run.first(FindingType.CAPACITY_FADE, Severity.WARNING).orElseThrow(
                () -> new AssertionError("no fade warning:\n" + run.describe()));
        Finding polarization = run.first(FindingType.POLARIZATION_RISE, Severity.WARNING).orElseThrow(
                () -> new AssertionError("no polarization warning:\n" + run.describe()));
        System.out.printf("ZIF-8: fade warning in cycle %d (%s); polarization warning in cycle %d (%s)%n",
                fade.cycle(), fade.summary(), polarization.cycle(), polarization.summary());
        assertThat(fade.cycle()).isBetween(51, 70);
        assertThat(polarization.cycle()).isBetween(51, 75);
        assertThat(run.findings).as("nothing before the knee at cycle 50").filteredOn(f -> f.cycle() <= 50).isEmpty();
        assertThat(run.of(FindingType.HARD_SHORT)).isEmpty();
    }

    @Test
    void thermalRunawayIsAWarningThenCritical() {
        double runawayS = START_S + 5 * 3600;
        SimulatedCell cell = new SimulatedCell("hot", Preset.CORE_SHELL_100C, 31L, 10.0, START_S)
                .withFault(new Fault.ThermalRunaway(runawayS));
        SimulatedRun run = new SimulatedRun(cell.metadata(SimulatedRun.ADDRESS), DetectionConfig.defaults(), false);
        run.feedUntil(cell, s -> s.timeS() > runawayS + 1800);

        List<Finding> thermal = run.of(FindingType.THERMAL).stream().filter(f -> !f.cleared()).toList();
        Finding warning = run.first(FindingType.THERMAL, Severity.WARNING).orElseThrow(
                () -> new AssertionError("no thermal warning:\n" + run.describe()));
        Finding critical = run.first(FindingType.THERMAL, Severity.CRITICAL).orElseThrow();
        System.out.printf("runaway: thermal %s after %.0f s (%s), critical after %.0f s (%s)%n",
                warning.severity().wireName(), warning.timeS() - runawayS, warning.summary(),
                critical.timeS() - runawayS, critical.summary());
        assertThat(thermal.get(0).timeS()).isGreaterThan(runawayS);
        assertThat(warning.severity()).as("the first warning-level finding").isEqualTo(Severity.WARNING);
        assertThat(warning.timeS()).isLessThan(critical.timeS());
        assertThat(critical.timeS() - runawayS).isLessThan(900);
        assertThat(run.of(FindingType.SENSOR_FAULT)).as("a real temperature is not a sensor fault").isEmpty();
        assertThat(run.findings).filteredOn(f -> f.timeS() < runawayS).isEmpty();
    }

    @Test
    void stuckTemperatureSensorIsASensorFaultAndNeverThermal() {
        SimulatedCell cell = new SimulatedCell("stuck", Preset.CORE_SHELL_100C, 41L, 10.0, START_S)
                .withFault(new Fault.StuckTemperatureSensor(START_S + 3 * 3600))
                .withFault(new Fault.ChamberOverTemperature(START_S + 4 * 3600, 4.0));
        SimulatedRun run = SimulatedRun.of(cell, 4);

        Finding fault = run.first(FindingType.SENSOR_FAULT, Severity.WARNING).orElseThrow(
                () -> new AssertionError("no sensor fault:\n" + run.describe()));
        System.out.printf("stuck sensor: %s after %.0f s%n", fault.summary(), fault.timeS() - (START_S + 3 * 3600));
        assertThat(fault.timeS()).isGreaterThan(START_S + 3 * 3600);
        assertThat(fault.summary()).contains("stuck");
        assertThat(run.of(FindingType.THERMAL)).isEmpty();
    }

    @Test
    void jumpingTemperatureSensorIsASensorFaultAndItsSpikesAreNotThermal() {
        SimulatedCell cell = new SimulatedCell("jumpy", Preset.CORE_SHELL_100C, 42L, 10.0, START_S)
                .withFault(new Fault.JumpingTemperatureSensor(START_S + 3600, 20.0));
        SimulatedRun run = SimulatedRun.of(cell, 3);

        assertThat(run.first(FindingType.SENSOR_FAULT, Severity.WARNING)).isPresent();
        assertThat(run.of(FindingType.THERMAL)).as(run.describe()).isEmpty();
    }

    @Test
    void silentChannelIsStaleAndClearedWhenDataReturns() {
        double silenceS = START_S + 2 * 3600;
        Fault.ChannelSilence silence = new Fault.ChannelSilence(silenceS, 1800);
        SimulatedCell cell = new SimulatedCell("quiet", Preset.CORE_SHELL_100C, 51L, 10.0, START_S);
        SimulatedRun run = new SimulatedRun(cell.metadata(SimulatedRun.ADDRESS), DetectionConfig.defaults(), false);

        List<Finding> stale = new ArrayList<>();
        while (true) {
            Sample s = cell.next();
            if (s.timeS() > silenceS + 3600) {
                break;
            }
            long wall = (long) (s.timeS() * 1000);
            stale.addAll(run.detectors.onWallClock(wall));
            if (!silence.silences(s.timeS())) {
                stale.addAll(run.feed(s, wall).stream().filter(f -> f.type() == FindingType.STALE_CHANNEL).toList());
            }
        }

        assertThat(stale).extracting(Finding::cleared).containsExactly(false, true);
        assertThat(stale.get(0).severity()).isEqualTo(Severity.WARNING);
        assertThat(stale.get(0).evidence().get("silence_s")).isGreaterThan(60.0).isLessThan(90.0);
        assertThat(stale.get(1).evidence().get("silence_s")).isCloseTo(1800.0, org.assertj.core.data.Offset.offset(20.0));
        assertThat(run.alarms()).filteredOn(f -> f.type() != FindingType.STALE_CHANNEL).isEmpty();
    }

    @Test
    void chamberOverTemperatureOnAllCellsIsOneChamberFindingAndNoCellThermal() {
        double overS = START_S + 3 * 3600;
        List<SimulatedCell> cells = new ArrayList<>();
        List<CellDetectors> detectors = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            SimulatedCell cell = new SimulatedCell("oven-ch" + i, Preset.CORE_SHELL_100C, 60L + i, 10.0, START_S)
                    .withFault(new Fault.ChamberOverTemperature(overS, 12.0));
            cells.add(cell);
            CellMetadata meta = cell.metadata(new ChannelAddress("lab1", "oven1", "ch" + i));
            detectors.add(new CellDetectors(meta, DetectionConfig.defaults()));
        }
        ChamberDetectors chamber = ChamberDetectors.of(cells.get(0).metadata(SimulatedRun.ADDRESS),
                DetectionConfig.defaults());
        List<Finding> chamberFindings = new ArrayList<>();
        List<Finding> cellFindings = new ArrayList<>();
        for (double t = START_S; t < overS + 3 * 3600; t += 60) {
            for (int i = 0; i < cells.size(); i++) {
                for (Sample s : cells.get(i).transmittedUntil(t)) {
                    cellFindings.addAll(detectors.get(i).onSample(s, (long) (s.timeS() * 1000)));
                    chamberFindings.addAll(chamber.onSample(s));
                }
            }
        }

        System.out.printf("chamber +12 K: %s%n", chamberFindings.isEmpty() ? "none" : chamberFindings.get(0).summary());
        assertThat(chamberFindings).isNotEmpty().allSatisfy(f -> {
            assertThat(f.scope()).isEqualTo(Finding.Scope.CHAMBER);
            assertThat(f.type()).isEqualTo(FindingType.CHAMBER_TEMPERATURE);
            assertThat(f.cellId()).isNull();
            assertThat(f.key()).isEqualTo("lab1/oven1");
            assertThat(f.cleared()).isFalse();
            assertThat(f.timeS()).isGreaterThan(overS);
        });
        assertThat(chamberFindings.get(chamberFindings.size() - 1).severity()).isEqualTo(Severity.CRITICAL);
        assertThat(cellFindings).as("per-cell findings").filteredOn(f -> f.type() == FindingType.THERMAL).isEmpty();
        Optional<Finding> anyCell = cellFindings.stream().filter(f -> f.severity() != Severity.INFO).findAny();
        assertThat(anyCell).isEmpty();
    }
}
