package io.cellwatch.edge.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class UnitsTest {

    @Test
    void milliampsAndMilliampHoursBecomeAmpsAndAmpHours() {
        // a coin cell at 0.24859 mA and 4.24934 mAh
        assertThat(0.24859 * Units.currentFactor("mA")).isCloseTo(0.00024859, within(1e-15));
        assertThat(4.24934 * Units.capacityFactor("mAh")).isCloseTo(0.00424934, within(1e-15));
        assertThat(Units.currentFactor("A")).isEqualTo(1.0);
        assertThat(Units.currentFactor(null)).isEqualTo(1.0);
        assertThat(Units.capacityFactor("Ah")).isEqualTo(1.0);
        assertThat(Units.capacityFactor("As")).isEqualTo(1.0 / 3600.0);
        assertThat(3411.8 * Units.voltageFactor("mV")).isCloseTo(3.4118, within(1e-12));
    }

    @Test
    void timeUnitsOfTestTimeColumns() {
        // BattMo's "Test Time / h": 0.138888888888889 h is 500 s
        assertThat(0.138888888888889 * Units.timeFactor("h")).isCloseTo(500.0, within(1e-9));
        assertThat(Units.timeFactor("s")).isEqualTo(1.0);
        assertThat(Units.timeFactor("Sec")).isEqualTo(1.0);
        assertThat(Units.timeFactor("ms")).isEqualTo(1e-3);
        assertThat(Units.timeFactor("min")).isEqualTo(60.0);
        assertThat(Units.timeFactor("")).isEqualTo(1.0);
    }

    @Test
    void temperaturesInAllTheSpellingsCyclersUse() {
        assertThat(Units.toCelsius("C").applyAsDouble(24.66422)).isEqualTo(24.66422);
        assertThat(Units.toCelsius("℃").applyAsDouble(25.0)).isEqualTo(25.0);
        assertThat(Units.toCelsius("°C").applyAsDouble(25.0)).isEqualTo(25.0);
        assertThat(Units.toCelsius("degC").applyAsDouble(25.0)).isEqualTo(25.0);
        assertThat(Units.toCelsius("F").applyAsDouble(77.0)).isCloseTo(25.0, within(1e-12));
        assertThat(Units.toCelsius("K").applyAsDouble(298.15)).isCloseTo(25.0, within(1e-12));
        // Maccor's broken thermocouples are a value, not a unit problem
        assertThat(Units.toCelsius("C").applyAsDouble(-2501.71411)).isEqualTo(-2501.71411);
        assertThat(Units.isTemperature("V")).isFalse();
    }

    @Test
    void unknownUnitsAreRefusedNotGuessed() {
        assertThatThrownBy(() -> Units.currentFactor("kA")).hasMessage("unknown current unit 'kA'");
        assertThatThrownBy(() -> Units.capacityFactor("mAh/g")).hasMessageContaining("mAh/g");
        assertThatThrownBy(() -> Units.timeFactor("fortnight")).hasMessageContaining("fortnight");
        assertThatThrownBy(() -> Units.toCelsius("V")).hasMessageContaining("temperature");
    }
}
