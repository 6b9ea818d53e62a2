package io.cellwatch.edge.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CyclerFormatTest {

    @Test
    void headersOfTheRealExports() {
        assertThat(CyclerFormat.detect(List.of("DataPoint,Cycle Index,Step Index,Step Type,Time,Cumulative Time,"
                + "Current(A),Voltage(V),Capacity(Ah),Spec. Cap.(mAh/g),Chg. Cap.(Ah),DChg. Cap.(Ah),Date")))
                .contains(CyclerFormat.NEWARE_CSV);
        assertThat(CyclerFormat.detect(List.of("Test Time / h,Current / A,Voltage / V,Protocol Name / 1,"
                + "Step Type / 1,Cycle Count / 1,Step Index / 1,Charge Capacity / Ah,Discharge Capacity / Ah")))
                .contains(CyclerFormat.BDF_CSV);
        assertThat(CyclerFormat.detect(List.of(
                "Today's Date:\t14 December 2020\tDate of Test:\t11 December 2020, 12:22:12 PM",
                "    Filename:\tM50_Validation_0deg_01\tTester Channel:\t1",
                "Procedure:\tM50_Validation.000\tDescription:",
                "Rec#\tCyc#\tStep\tTestTime\tStepTime\tAmp-hr\tWatt-hr\tAmps\tVolts\tState")))
                .contains(CyclerFormat.MACCOR_TEXT);
        assertThat(CyclerFormat.detect(List.of("Data_Point,Test_Time,DateTime,Step_Time,Step_Index,Cycle_Index,"
                + "Current,Voltage,Charge_Capacity,Discharge_Capacity,Temperature")))
                .contains(CyclerFormat.ARBIN_CSV);
        assertThat(CyclerFormat.detect(List.of("\uFEFFData Point,Date Time,Test Time (s),Step Time (s),Cycle Index,"
                + "Step Index,Current (A),Voltage (V),Charge Capacity (Ah),Discharge Capacity (Ah)")))
                .contains(CyclerFormat.ARBIN_CSV);
    }

    @Test
    void bdfMachineForm() {
        assertThat(CyclerFormat.detect(List.of("test_time_second,voltage_volt,current_ampere,cycle_count")))
                .contains(CyclerFormat.BDF_CSV);
        assertThat(CyclerFormat.detect(List.of("unix_time_second,voltage_v,current_a")))
                .contains(CyclerFormat.BDF_CSV);
    }

    @Test
    void somethingElseIsNotGuessed() {
        assertThat(CyclerFormat.detect(List.of("time,volts,amps"))).isEmpty();
        assertThat(CyclerFormat.detect(List.of())).isEmpty();
    }

    @Test
    void everyRealFileIsDetected() throws IOException {
        for (Path file : CyclerDataFiles.all()) {
            String name = file.getFileName().toString();
            CyclerFormat expected = name.endsWith(".txt") || name.endsWith(".070") ? CyclerFormat.MACCOR_TEXT
                    : name.contains("neware") ? CyclerFormat.NEWARE_CSV
                    : name.contains("bdf") ? CyclerFormat.BDF_CSV
                    : CyclerFormat.ARBIN_CSV;
            assertThat(CyclerFormat.detect(file)).as(name).isEqualTo(expected);
        }
    }

    @Test
    void unknownFileSaysWhatWasLookedFor(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("mystery.csv"), "time,volts,amps\n1,3.7,0.5\n");
        assertThatThrownBy(() -> CyclerFormat.detect(f)).isInstanceOf(CyclerFileException.class)
                .hasMessageContaining("mystery.csv").hasMessageContaining("Rec#").hasMessageContaining("time,volts,amps");
    }
}
