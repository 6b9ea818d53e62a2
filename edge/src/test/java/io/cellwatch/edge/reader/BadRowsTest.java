package io.cellwatch.edge.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unreadable rows are named (file, line, column, text), counted, skipped; the rest of the file is read. */
class BadRowsTest {

    private static final String NEWARE_HEADER = "DataPoint,Cycle Index,Step Index,Step Type,Time,Cumulative Time,"
            + "Current(mA),Voltage(V),Chg. Cap.(mAh),DChg. Cap.(mAh),Date\n";

    @TempDir
    Path dir;

    private List<CyclerRow> readAll(CyclerRows rows) {
        List<CyclerRow> out = new ArrayList<>();
        rows.forEach(out::add);
        return out;
    }

    @Test
    void eachBadRowIsReportedAndSkippedAndReadingGoesOn() throws IOException {
        Path file = Files.writeString(dir.resolve("neware_bad.csv"), NEWARE_HEADER
                + "1,1,1,Rest,00:00:00,00:00:00,0.00000,2.9170,0,0,2022-05-18 16:27:52\n"            // line 2
                + "2,1,2,CC_DChg,00:00:00,00:01:00,-0.24859,2.9100,0,0.00414,2022-05-18 16:28:52\n"    // line 3
                + "3,1,2,CC_DChg,00:01:00,00:02:00,-0.24859,3.41x,0,0.00829,2022-05-18 16:29:52\n"     // line 4 bad V
                + "4,1,2,CC_DChg,00:02:00,12:75:00,-0.24859,2.9000,0,0.01243,2022-05-18 16:30:52\n"    // line 5 bad time
                + "5,1,2,CC_DChg,00:03:00,00:04:00,-0.2\n"                                             // line 6 cut
                + "\n"                                                                                 // line 7 blank
                + "6,1,2,CC_DChg,00:04:00,00:05:00,-0.24859,,0,0.02072,2022-05-18 16:32:52\n"          // line 8 no V
                + "7,1,2,CC_DChg,00:05:00,00:06:00,-0.24859,2,89,0,0.02486,2022-05-18 16:33:52\n"      // line 9 comma
                + "8,1.5,2,CC_DChg,00:06:00,00:07:00,-0.24859,2.8800,0,0.02900,2022-05-18 16:34:52\n"  // line 10 cycle
                + "9,1,2,CC_DChg,00:07:00,00:08:00,-0.24859,2.8700,0,0.03314,yesterday\n"             // line 11 date
                + "10,1,2,CC_DChg,00:08:00,00:09:00,-0.24859,2.8600,0,0.03729,2022-05-18 16:36:52");  // line 12, no EOL

        try (CyclerRows rows = CyclerFileReader.open(file, ReaderOptions.forCell("c1").withMaxErrorsKept(4))) {
            List<CyclerRow> good = readAll(rows);
            ReaderStats stats = rows.stats();

            assertThat(good).extracting(CyclerRow::lineNumber).containsExactly(2L, 3L, 12L);
            // seq counts data rows, skipped ones included, so a gap shows where rows were lost
            assertThat(good).extracting(r -> r.sample().seq()).containsExactly(1L, 2L, 10L);
            assertThat(stats.rowsRead()).isEqualTo(3);
            assertThat(stats.rowsSkipped()).isEqualTo(7);
            assertThat(stats.firstErrors()).hasSize(4);

            RowError badVoltage = stats.firstErrors().get(0);
            assertThat(badVoltage.file()).isEqualTo(file);
            assertThat(badVoltage.lineNumber()).isEqualTo(4);
            assertThat(badVoltage.column()).isEqualTo("Voltage(V)");
            assertThat(badVoltage.text()).isEqualTo("3.41x");
            assertThat(badVoltage.message()).isEqualTo(file + " line 4, column 'Voltage(V)': not a number: '3.41x'");

            RowError badTime = stats.firstErrors().get(1);
            assertThat(badTime.lineNumber()).isEqualTo(5);
            assertThat(badTime.column()).isEqualTo("Cumulative Time");
            assertThat(badTime.text()).isEqualTo("12:75:00");

            RowError truncated = stats.firstErrors().get(2);
            assertThat(truncated.lineNumber()).isEqualTo(6);
            assertThat(truncated.column()).isNull();
            assertThat(truncated.message()).contains("line 6").contains("row has 7 fields, the header has 11");

            RowError missingVoltage = stats.firstErrors().get(3);
            assertThat(missingVoltage.lineNumber()).isEqualTo(8);
            assertThat(missingVoltage.message()).contains("'Voltage(V)'").contains("value is missing");

            // mA and mAh came in as A and Ah
            CyclerRow discharging = good.get(1);
            assertThat(discharging.sample().currentA()).isCloseTo(-0.00024859, within(1e-15));
            assertThat(discharging.dischargeCapacityAh()).isCloseTo(0.00000414, within(1e-15));
        }
    }

    @Test
    void theRemainingReasonsAreClearToo() throws IOException {
        Path file = Files.writeString(dir.resolve("neware_more.csv"), NEWARE_HEADER
                + "7,1,2,CC_DChg,00:05:00,00:06:00,-0.24859,2,89,0,0.02486,2022-05-18 16:33:52\n"
                + "8,1.5,2,CC_DChg,00:06:00,00:07:00,-0.24859,2.8800,0,0.02900,2022-05-18 16:34:52\n"
                + "9,1,2,CC_DChg,00:07:00,00:08:00,-0.24859,2.8700,0,0.03314,yesterday\n");
        try (CyclerRows rows = CyclerFileReader.open(file, ReaderOptions.forCell("c1"))) {
            assertThat(readAll(rows)).isEmpty();
            assertThat(rows.stats().firstErrors()).extracting(RowError::message).containsExactly(
                    file + " line 2: row has 12 fields, the header has 11 (a separator inside a value, e.g. a"
                            + " decimal comma?)",
                    file + " line 3, column 'Cycle Index': not a whole number: '1.5'",
                    file + " line 4, column 'Date': not a date/time like 2022-05-18 16:27:52 or 12/11/2020"
                            + " 12:22:12: 'yesterday'");
        }
    }

    @Test
    void aFileOfGarbageRowsIsReadToTheEndWithoutThrowing() throws IOException {
        StringBuilder sb = new StringBuilder("Data_Point,Test_Time,DateTime,Step_Index,Cycle_Index,Current,Voltage,"
                + "Charge_Capacity,Discharge_Capacity\n");
        for (int k = 0; k < 100; k++) {
            sb.append("\u0000\u00ff garbage ,,,\"unterminated\n");
        }
        Path file = Files.writeString(dir.resolve("arbin_garbage.csv"), sb);
        try (CyclerRows rows = CyclerFileReader.open(file, ReaderOptions.forCell("c1"))) {
            assertThat(readAll(rows)).isEmpty();
            assertThat(rows.stats().rowsSkipped()).isEqualTo(100);
            assertThat(rows.stats().firstErrors()).hasSize(ReaderOptions.DEFAULT_MAX_ERRORS_KEPT);
        }
    }

    @Test
    void fileLevelProblemsFailAtOpenWithTheFileNamed() throws IOException {
        Path noVoltage = Files.writeString(dir.resolve("no_voltage.csv"),
                "Data_Point,Test_Time,Current,Charge_Capacity,Cycle_Index\n1,0,0,0,1\n");
        assertThatThrownBy(() -> CyclerFileReader.open(noVoltage, ReaderOptions.forCell("c1")
                .withFormat(CyclerFormat.ARBIN_CSV)))
                .isInstanceOf(CyclerFileException.class)
                .hasMessage(noVoltage + ": no voltage column (looked for voltage)");

        Path kiloAmps = Files.writeString(dir.resolve("kilo.csv"),
                "Data_Point,Test_Time(s),Current(kA),Voltage(V),Charge_Capacity(Ah),Cycle_Index\n1,0,0,3.3,0,1\n");
        assertThatThrownBy(() -> CyclerFileReader.open(kiloAmps, ReaderOptions.forCell("c1")))
                .isInstanceOf(CyclerFileException.class)
                .hasMessage(kiloAmps + ": column 'Current(kA)': unknown current unit 'kA'");

        Path noMaccorHeader = Files.writeString(dir.resolve("m.txt"), "Today's Date\n1\t0\t1\n");
        assertThatThrownBy(() -> CyclerFileReader.open(noMaccorHeader, ReaderOptions.forCell("c1")
                .withFormat(CyclerFormat.MACCOR_TEXT)))
                .isInstanceOf(CyclerFileException.class).hasMessageContaining("'Rec#'");

        Path empty = Files.writeString(dir.resolve("empty.csv"), "");
        assertThatThrownBy(() -> CyclerFileReader.open(empty, ReaderOptions.forCell("c1")))
                .isInstanceOf(CyclerFileException.class).hasMessageContaining("empty.csv");
    }
}
