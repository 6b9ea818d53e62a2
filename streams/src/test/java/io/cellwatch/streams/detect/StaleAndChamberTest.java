package io.cellwatch.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellwatch.telemetry.Finding;
import io.cellwatch.telemetry.FindingType;
import io.cellwatch.telemetry.Sample;
import io.cellwatch.telemetry.Severity;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StaleAndChamberTest {

    @Test
    void aChannelSilentForLongerThanMaxOf3PeriodsAndAMinuteIsStaleRepeatedHalfHourlyThenCleared() {
        Synthetic cell = new Synthetic();
        cell.sample(3.4, 0.001, 100.0, 100.0);
        long last = (long) ((cell.timeS() - Synthetic.PERIOD_S) * 1000);

        assertThat(cell.detectors.onWallClock(last + 59_000)).isEmpty();        // 3 × 10 s < 60 s floor
        List<Finding> stale = cell.detectors.onWallClock(last + 61_000);
        assertThat(cell.detectors.onWallClock(last + 120_000)).isEmpty();
        List<Finding> repeat = cell.detectors.onWallClock(last + 61_000 + 1_800_000);
        Sample back = new Sample("syn", 99L, cell.timeS() + 2000, null, 3.4, 0.001, 100.0, 100.0, null, null);
        List<Finding> cleared = cell.detectors.onSample(back, last + 2_000_000);

        assertThat(stale).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(FindingType.STALE_CHANNEL);
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.evidence().get("limit_s")).isEqualTo(60.0);
            assertThat(f.summary()).contains("1.0 min");
        });
        assertThat(repeat).hasSize(1);
        assertThat(cleared).filteredOn(f -> f.type() == FindingType.STALE_CHANNEL).singleElement()
                .satisfies(f -> assertThat(f.cleared()).isTrue());
    }

    @Test
    void mostCellsWarmTogetherWithoutAChamberProbeIsOneChamberFinding() {
        ChamberDetectors chamber = new ChamberDetectors("lab1", "oven1", 100.0, DetectionConfig.defaults());
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            double t = Synthetic.T0 + 10 * i;
            double warm = i < 20 ? 100.0 : 107.0;
            for (int c = 0; c < 4; c++) {
                double cellC = c == 3 ? 100.0 : warm;                // 3 of 4 cells warm
                findings.addAll(chamber.onSample(new Sample("c" + c, (long) i, t, null, 3.4, 0.001, cellC, null,
                        null, null)));
            }
        }
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.scope()).isEqualTo(Finding.Scope.CHAMBER);
            assertThat(f.evidence().get("warm_cells")).isEqualTo(3.0);
            assertThat(f.summary()).contains("3 of 4 cells");
        });
    }

    @Test
    void oneHotCellIsNotAChamberMatter() {
        ChamberDetectors chamber = new ChamberDetectors("lab1", "oven1", 100.0, DetectionConfig.defaults());
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            for (int c = 0; c < 4; c++) {
                findings.addAll(chamber.onSample(new Sample("c" + c, (long) i, Synthetic.T0 + 10 * i, null, 3.4, 0.001,
                        c == 0 ? 112.0 : 100.0, 100.0 + 0.1 * c, null, null)));
            }
        }
        assertThat(findings).isEmpty();
    }
}
