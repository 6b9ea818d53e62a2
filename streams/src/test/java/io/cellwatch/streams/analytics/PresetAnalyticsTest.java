package io.cellwatch.streams.analytics;

import io.cellwatch.edge.sim.Preset;
import io.cellwatch.edge.sim.SimulatedCell;
import io.cellwatch.telemetry.ChannelAddress;
import io.cellwatch.telemetry.CycleResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The analytics over the simulator's presets reproduce what SCENARIOS.md says the paper measured:
 * the analytics, not the simulator, are under test here (the simulator's own figures are tested in
 * edge/). 30 s samples keep a hundred cycles to a few seconds.
 */
class PresetAnalyticsTest {

    private static final double T0 = 1_767_225_600.0;

    @Test
    void coreShellAt100CRetainsAbout97PercentAtCycle100() {
        List<CycleResult> cycles = run(Preset.CORE_SHELL_100C, 100);
        CycleResult c100 = cycles.get(99);
        assertThat(c100.cycle()).isEqualTo(100);
        assertThat(c100.retention()).isCloseTo(0.97, within(0.01));
        assertThat(c100.coulombicEfficiency()).isGreaterThan(0.99);
    }

    @Test
    void zif8PolarizationRisesWithCycleNumber() {
        List<CycleResult> cycles = run(Preset.ZIF8_100C, 80);
        double early = meanPolarization(cycles.subList(4, 14));
        double late = meanPolarization(cycles.subList(cycles.size() - 10, cycles.size()));
        assertThat(late).as("mean polarization, cycles 71-80 vs 5-14").isGreaterThan(early * 1.2);
    }

    @Test
    void gfLeAtRoomTemperatureIsMorePolarizedThanCoreShell() {
        double gfLe = meanPolarization(run(Preset.GF_LE_RT, 10).subList(2, 10));
        double coreShell = meanPolarization(run(Preset.CORE_SHELL_RT, 10).subList(2, 10));
        assertThat(gfLe).as("GF+LE vs core-shell at room temperature, V").isGreaterThan(coreShell);
    }

    private static List<CycleResult> run(Preset preset, int cycles) {
        SimulatedCell cell = new SimulatedCell("cell", preset, 3, 30.0, T0);
        CellAnalytics analytics = new CellAnalytics(cell.metadata(new ChannelAddress("lab", "oven", "ch1")),
                AnalyticsOptions.defaults());
        List<CycleResult> out = new ArrayList<>();
        while (out.size() < cycles) {
            out.addAll(analytics.accept(cell.next()));
        }
        return out;
    }

    private static double meanPolarization(List<CycleResult> cycles) {
        return cycles.stream().mapToDouble(CycleResult::polarizationV).average().orElseThrow();
    }
}
