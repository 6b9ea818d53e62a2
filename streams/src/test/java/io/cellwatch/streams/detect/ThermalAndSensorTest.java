package io.cellwatch.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellwatch.telemetry.Finding;
import io.cellwatch.telemetry.FindingType;
import io.cellwatch.telemetry.Severity;
import org.junit.jupiter.api.Test;

class ThermalAndSensorTest {

    private static final double CHARGE_A = 0.001;

    @Test
    void aCellHeatingAt2KelvinPerMinuteIsAWarningThenCriticalAndClearsWhenItCoolsDown() {
        Synthetic cell = new Synthetic();
        for (int i = 0; i < 30; i++) {
            cell.sample(3.40, CHARGE_A, 100.0, 100.0);
        }
        for (int i = 0; i < 60; i++) {                            // 10 min at +2 K/min → 120 °C
            cell.sample(3.40, CHARGE_A, 100.0 + i * 2.0 / 6, 100.0);
        }
        for (int i = 0; i < 60; i++) {
            cell.sample(3.40, CHARGE_A, 100.2, 100.0);
        }

        assertThat(cell.of(FindingType.THERMAL)).extracting(Finding::severity, Finding::cleared).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Severity.WARNING, false),
                org.assertj.core.groups.Tuple.tuple(Severity.CRITICAL, false),
                org.assertj.core.groups.Tuple.tuple(Severity.CRITICAL, true));
        Finding warning = cell.of(FindingType.THERMAL).get(0);
        assertThat(warning.evidence()).containsKeys("rate_k_per_min", "above_chamber_k", "cell_temperature_c");
        assertThat(warning.evidence().get("rate_k_per_min")).isBetween(1.5, 2.5);
        assertThat(warning.window()).hasSize(20);
        assertThat(warning.summary()).contains("K/min").contains("°C");
    }

    @Test
    void aCellFollowingItsChamberIsNotAThermalEvent() {
        Synthetic cell = new Synthetic();
        for (int i = 0; i < 200; i++) {
            double chamber = 100.0 + Math.min(12.0, i * 0.3);         // chamber ramps 1.8 K/min to +12 K
            cell.sample(3.40, CHARGE_A, chamber + 0.2, chamber);
        }
        assertThat(cell.of(FindingType.THERMAL)).isEmpty();
    }

    @Test
    void aDisconnectedThermocoupleIsASensorFaultNotAThermalOne() {
        Synthetic cell = new Synthetic();
        for (int i = 0; i < 20; i++) {
            cell.sample(3.40, CHARGE_A, 100.0, 100.0);
        }
        for (int i = 0; i < 20; i++) {
            cell.sample(3.40, CHARGE_A, -2501.7, 100.0);
        }
        for (int i = 0; i < 30; i++) {
            cell.sample(3.40, CHARGE_A, 100.0, 100.0);
        }

        assertThat(cell.of(FindingType.SENSOR_FAULT)).extracting(Finding::cleared).containsExactly(false, true);
        assertThat(cell.of(FindingType.SENSOR_FAULT).get(0).summary()).contains("-2501.7 °C");
        assertThat(cell.of(FindingType.THERMAL)).isEmpty();
    }

    @Test
    void aSingleSampleSpikeIsASensorFaultAndThermalRulesStaySilentWhileItHolds() {
        Synthetic cell = new Synthetic();
        for (int i = 0; i < 20; i++) {
            cell.sample(3.40, CHARGE_A, 100.0, 100.0);
        }
        cell.sampleExactly(3.40, CHARGE_A, 135.0, 100.0);         // +35 K for one sample: above the 130 °C cap
        for (int i = 0; i < 20; i++) {
            cell.sample(3.40, CHARGE_A, 100.0, 100.0);
        }

        assertThat(cell.of(FindingType.SENSOR_FAULT)).hasSize(1).allSatisfy(f ->
                assertThat(f.evidence().get("spikes_last_hour")).isEqualTo(1.0));
        assertThat(cell.of(FindingType.THERMAL)).isEmpty();
    }

    @Test
    void aRealStepThatStaysIsAcceptedAsATemperature() {
        Synthetic cell = new Synthetic();
        for (int i = 0; i < 20; i++) {
            cell.sample(3.40, CHARGE_A, 100.0, 100.0);
        }
        for (int i = 0; i < 20; i++) {
            cell.sample(3.40, CHARGE_A, 120.0, 100.0);            // jumps and stays: not a spike
        }
        assertThat(cell.of(FindingType.THERMAL)).isNotEmpty();
        assertThat(cell.of(FindingType.THERMAL).get(0).severity()).isEqualTo(Severity.CRITICAL);
        assertThat(cell.of(FindingType.SENSOR_FAULT)).isEmpty();
    }

    @Test
    void aStuckReadingWhileCurrentFlowsIsASensorFaultAfter30Samples() {
        Synthetic cell = new Synthetic();
        for (int i = 0; i < 10; i++) {
            cell.sample(3.40, CHARGE_A, 100.0 + 0.01 * i, 100.0);
        }
        for (int i = 0; i < 28; i++) {
            cell.sampleExactly(3.40, CHARGE_A, 100.37, 100.0);
        }
        assertThat(cell.of(FindingType.SENSOR_FAULT)).isEmpty();
        for (int i = 0; i < 10; i++) {
            cell.sampleExactly(3.40, CHARGE_A, 100.37, 100.0);
        }
        assertThat(cell.of(FindingType.SENSOR_FAULT)).hasSize(1);
        assertThat(cell.of(FindingType.SENSOR_FAULT).get(0).summary()).contains("stuck at 100.37 °C");
    }

    @Test
    void anIdenticalReadingAtRestInASteadyChamberIsNotStuck() {
        Synthetic cell = new Synthetic();
        for (int i = 0; i < 100; i++) {
            cell.sampleExactly(3.40, 0.0, 25.0, 25.0);             // a 0.1 K sensor in a quiet room
        }
        assertThat(cell.findings).isEmpty();
    }
}
