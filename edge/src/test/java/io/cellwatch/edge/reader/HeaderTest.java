package io.cellwatch.edge.reader;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeaderTest {

    private static Column only(String cell) {
        return Header.parse(new String[] {cell}).columns().get(0);
    }

    @Test
    void vendorSpellingsOfOneColumnMeetOnOneName() {
        assertThat(only("Test_Time").name()).isEqualTo("test time");
        assertThat(only("Test Time (s)").name()).isEqualTo("test time");
        assertThat(only("Test Time (s)").unit()).isEqualTo("s");
        assertThat(only("Test_Time(s)").name()).isEqualTo("test time");
        assertThat(only("Chg. Cap.(Ah)").name()).isEqualTo("chg. cap.");
        assertThat(only("Chg. Cap.(mAh)").unit()).isEqualTo("mAh");
        assertThat(only("Aux_Temperature_1 (C)").name()).isEqualTo("aux temperature 1");
        assertThat(only("Test (Sec)").name()).isEqualTo("test");
        assertThat(only("Cyc#").name()).isEqualTo("cyc#");
        assertThat(only("\uFEFFData Point").name()).isEqualTo("data point");
        assertThat(only("\uFEFFData Point").label()).isEqualTo("Data Point");
    }

    @Test
    void bdfLabelsCarryTheirUnitAfterASlash() {
        assertThat(only("Test Time / h").name()).isEqualTo("test time");
        assertThat(only("Test Time / h").unit()).isEqualTo("h");
        assertThat(only("Step Type / 1").name()).isEqualTo("step type");
        assertThat(only("Ambient Temperature / degC").unit()).isEqualTo("degC");
        // dQ/dV has a slash but no spaced " / unit"
        assertThat(only("dQ/dV(mAh/V)").name()).isEqualTo("dq/dv");
    }

    @Test
    void bdfMachineNamesAreRenamedToLabels() {
        Header h = Header.parse(new String[] {"test_time_second", "voltage_volt", "current_ampere", "cycle_count",
                "step_type", "unix_time_millisecond", "temperature_t1_celsius"}, BdfNames::label);
        assertThat(h.columns()).extracting(Column::name).containsExactly("test time", "voltage", "current",
                "cycle count", "step type", "unix time", "temperature t1");
        assertThat(h.columns()).extracting(Column::unit).containsExactly("s", "V", "A", "1", null, "ms", "degC");
        assertThat(h.find("current").orElseThrow().label()).isEqualTo("current_ampere");
    }

    @Test
    void findPrefersTheFirstNameGiven() {
        Header h = Header.parse(new String[] {"Step Count / 1", "Step ID"});
        assertThat(h.find("step id", "step count").orElseThrow().index()).isEqualTo(1);
        assertThat(h.find("nope")).isEmpty();
    }
}
