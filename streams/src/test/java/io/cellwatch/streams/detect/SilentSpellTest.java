package io.cellwatch.streams.detect;

import io.cellwatch.edge.sim.Fault;
import io.cellwatch.edge.sim.Preset;
import io.cellwatch.edge.sim.SimulatedCell;
import io.cellwatch.streams.analytics.AnalyticsOptions;
import io.cellwatch.streams.analytics.CellAnalytics;
import io.cellwatch.telemetry.CellMetadata;
import io.cellwatch.telemetry.ChannelAddress;
import io.cellwatch.telemetry.CycleResult;
import io.cellwatch.telemetry.Finding;
import io.cellwatch.telemetry.Sample;
import io.cellwatch.telemetry.Severity;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A healthy cell whose channel goes silent for 16 h while the cycler goes on: the first sample after
 * the silence must not be integrated against the last one before it (hours of current booked as one
 * step looked exactly like a short, and paused a healthy channel in an end-to-end run).
 */
class SilentSpellTest {

    private static final double T0 = 1_767_225_600.0;

    @Test
    void aLongSilenceIsNeitherAShortNorExtraCapacity() {
        SimulatedCell cell = new SimulatedCell("c", Preset.CORE_SHELL_RT, 5, 10.0, T0)
                .withFault(new Fault.ChannelSilence(T0 + 1200, 16 * 3600));
        CellMetadata meta = cell.metadata(new ChannelAddress("lab", "bench", "ch1"));
        CellAnalytics analytics = new CellAnalytics(meta, AnalyticsOptions.defaults());
        CellDetectors detectors = new CellDetectors(meta, DetectionConfig.defaults());
        List<Finding> findings = new ArrayList<>();
        List<CycleResult> cycles = new ArrayList<>();
        while (cell.timeS() < T0 + 30 * 3600) {
            Optional<Sample> s = cell.nextIfTransmitting();
            if (s.isEmpty()) {
                continue;
            }
            for (CycleResult c : analytics.accept(s.get())) {
                cycles.add(c);
                findings.addAll(detectors.onCycle(c));
            }
            findings.addAll(detectors.onSample(s.get(), Math.round(s.get().timeS() * 1000)));
        }
        assertThat(findings).noneMatch(f -> f.severity().compareTo(Severity.WARNING) >= 0);
        double nominalAh = meta.nominalCapacityAh();
        assertThat(cycles).isNotEmpty().allSatisfy(c ->
                assertThat(c.chargeAh()).as("charge of cycle %d", c.cycle()).isLessThan(1.2 * nominalAh));
    }
}
