package io.cellwatch.edge.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.cellwatch.telemetry.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Variants the shared files do not cover: BDF machine form, mA exports, sign overrides, the API contract. */
class SyntheticFilesTest {

    @TempDir
    Path dir;

    private static List<CyclerRow> readAll(Path file, ReaderOptions options) throws IOException {
        try (CyclerRows rows = CyclerFileReader.open(file, options)) {
            return rows.stream().toList();
        }
    }

    @Test
    void bdfMachineFormInSpecConventionIsNotFlipped() throws IOException {
        Path file = Files.writeString(dir.resolve("cell.bdf.csv"),
                "unix_time_second,test_time_second,voltage_volt,current_ampere,step_type,cycle_count,step_id,"
                        + "charging_capacity_ah,discharging_capacity_ah,ambient_temperature_celsius,"
                        + "temperature_t1_celsius\n"
                        + "1700000000.5,0,3.60,1.5,charge,1,1,0,0,25.0,26.1\n"
                        + "1700000010.5,10,3.65,1.5,charge,1,1,0.0041667,0,25.0,26.3\n"
                        + "1700000020.5,20,3.64,-1.5,discharge,1,2,0.0041667,0.0041667,25.1,26.2\n");
        List<CyclerRow> rows = readAll(file, ReaderOptions.forCell("c1"));

        assertThat(rows).extracting(r -> r.sample().currentA()).containsExactly(1.5, 1.5, -1.5);
        Sample second = rows.get(1).sample();
        assertThat(second.timeS()).isEqualTo(1700000010.5);
        assertThat(second.testTimeS()).isEqualTo(10.0);
        assertThat(second.cellTemperatureC()).isEqualTo(26.3);
        assertThat(second.chamberTemperatureC()).isEqualTo(25.0);
        assertThat(second.cycleIndex()).isEqualTo(1);
        assertThat(second.stepIndex()).isEqualTo(1);
        assertThat(rows.get(2).dischargeCapacityAh()).isEqualTo(0.0041667);
    }

    @Test
    void bdfWithoutStepTypesFollowsTheSpecUnlessTheOptionsSayOtherwise() throws IOException {
        Path file = Files.writeString(dir.resolve("sim.csv"),
                "Test Time / s,Voltage / V,Current / A\n0,3.3,0.5\n60,3.29,0.5\n");
        assertThat(readAll(file, ReaderOptions.forCell("c1")))
                .extracting(r -> r.sample().currentA()).containsExactly(0.5, 0.5);
        assertThat(readAll(file, ReaderOptions.forCell("c1").withCurrentSign(CurrentSign.POSITIVE_ON_DISCHARGE)))
                .extracting(r -> r.sample().currentA()).containsExactly(-0.5, -0.5);
        // no wall clock: the options' start epoch + test time
        assertThat(readAll(file, ReaderOptions.forCell("c1").withStartEpochS(1.6e9)).get(1).sample().timeS())
                .isEqualTo(1.6e9 + 60);
    }

    @Test
    void arbinInMilliampsWithIsoDates() throws IOException {
        Path file = Files.writeString(dir.resolve("arbin_ma.csv"),
                "Data_Point,Test_Time(s),Date_Time,Step_Time(s),Step_Index,Cycle_Index,Current(mA),Voltage(V),"
                        + "Charge_Capacity(mAh),Discharge_Capacity(mAh),Temperature(F)\n"
                        + "1,30.000115914725605,2010-09-27 14:12:48,30.0001165,1,1,0.0,3.4518258,0.0,0.0,77\n"
                        + "5,150.03065875569462,2010-09-27 14:14:48,30.0153318,2,1,550.0248,3.5848209,4.58498,0.0,77.9\n");
        List<CyclerRow> rows = readAll(file, ReaderOptions.forCell("c1"));
        CyclerRow charging = rows.get(1);
        assertThat(charging.sample().currentA()).isCloseTo(0.5500248, within(1e-12));
        assertThat(charging.chargeCapacityAh()).isCloseTo(0.00458498, within(1e-12));
        assertThat(charging.sample().cellTemperatureC()).isCloseTo(25.5, within(1e-9));
        assertThat(charging.sample().timeS() - rows.get(0).sample().timeS()).isCloseTo(120.0305428, within(1e-6));
    }

    @Test
    void rowsIterateOnceAndStreamsCloseTheFile() throws IOException {
        Path file = Files.writeString(dir.resolve("sim.csv"), "Test Time / s,Voltage / V,Current / A\n0,3.3,0.5\n");
        try (CyclerRows rows = CyclerFileReader.open(file, ReaderOptions.forCell("c1"))) {
            assertThat(rows.iterator().hasNext()).isTrue();
            assertThatThrownBy(rows::iterator).isInstanceOf(IllegalStateException.class);
        }
    }
}
