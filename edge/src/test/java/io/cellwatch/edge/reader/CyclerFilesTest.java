package io.cellwatch.edge.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.cellwatch.telemetry.Sample;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What each real file must come out as: units, the sign of current, time, temperatures, indices.
 * Expected values are read off the files by eye (line numbers given) or, where stated, computed with
 * reference.py's method.
 */
class CyclerFilesTest {

    private static final ReaderOptions OPTIONS = ReaderOptions.forCell("cell-A");

    /** All rows of a file plus the reader's stats. */
    private record Read(List<CyclerRow> rows, ReaderStats stats, CyclerFormat format) {
        List<Sample> samples() {
            return rows.stream().map(CyclerRow::sample).toList();
        }
    }

    private static Read read(String relative, ReaderOptions options) throws IOException {
        Path file = CyclerDataFiles.file(relative);
        try (CyclerRows rows = CyclerFileReader.open(file, options)) {
            List<CyclerRow> all = new ArrayList<>();
            rows.forEach(all::add);
            return new Read(all, rows.stats(), rows.format());
        }
    }

    private static Read read(String relative) throws IOException {
        return read(relative, OPTIONS);
    }

    @Test
    void newareHalfCellDischargesFirstInAmperesWithHoursPast24() throws IOException {
        Read r = read("cellpy/neware_uio.csv");

        assertThat(r.format()).isEqualTo(CyclerFormat.NEWARE_CSV);
        assertThat(r.rows()).hasSize(9065);
        CyclerRow firstWithCurrent = r.rows().stream().filter(x -> x.sample().currentA() != 0).findFirst().orElseThrow();
        // line 723: "CC DChg,...,-0.00024859": lithiation of the half cell, written negative = discharge
        assertThat(firstWithCurrent.lineNumber()).isEqualTo(723);
        assertThat(firstWithCurrent.sample().currentA()).isEqualTo(-0.00024859);
        assertThat(firstWithCurrent.stepKind()).isEqualTo(StepKind.DISCHARGE);
        // a coin cell: currents stay within 1 mA, i.e. the column really is in A
        assertThat(r.samples()).allSatisfy(s -> assertThat(Math.abs(s.currentA())).isLessThan(1.0e-3));
        // line 8717: Cumulative Time 138:59:44 (past 24 h)
        CyclerRow late = r.rows().stream().filter(x -> x.lineNumber() == 8717).findFirst().orElseThrow();
        assertThat(late.sample().testTimeS()).isEqualTo(138 * 3600.0 + 59 * 60 + 44);
        // the first row's Date 2022-05-18 16:27:52 in the default zone (UTC)
        Sample first = r.rows().get(0).sample();
        assertThat(first.timeS()).isEqualTo(1652891272.0);
        assertThat(first.seq()).isEqualTo(1L);
        assertThat(first.cellId()).isEqualTo("cell-A");
        assertThat(first.cycleIndex()).isEqualTo(1);
        assertThat(first.stepIndex()).isEqualTo(1);
        assertThat(r.stats().notes()).anyMatch(n -> n.contains("positive on charge"));
        assertThat(r.stats().maxClockDriftS()).isBetween(0.0, 60.0);
    }

    @Test
    void batmoBdfIsHoursAndPositiveOnDischargeFlippedByStepType() throws IOException {
        Read r = read("cellpy/batmo_bdf.csv", OPTIONS.withStartEpochS(1_700_000_000.0));

        assertThat(r.format()).isEqualTo(CyclerFormat.BDF_CSV);
        Sample first = r.rows().get(0).sample();
        // line 2: Test Time / h 0.138888888888889 = 500 s; Current / A +0.00605 in a discharge step
        assertThat(first.testTimeS()).isCloseTo(500.0, within(1e-9));
        assertThat(first.timeS()).isCloseTo(1_700_000_500.0, within(1e-6));
        assertThat(first.currentA()).isCloseTo(-0.00605515800906498, within(1e-15));
        assertThat(r.rows()).allSatisfy(row -> {
            if (row.stepKind() == StepKind.CHARGE) {
                assertThat(row.sample().currentA()).isPositive();
            } else if (row.stepKind() == StepKind.DISCHARGE) {
                assertThat(row.sample().currentA()).isNegative();
            } else {
                assertThat(row.sample().currentA()).isZero();
            }
        });
        assertThat(r.stats().notes()).anyMatch(n -> n.contains("file positive on discharge"));
        assertThat(r.samples().get(r.rows().size() - 1).cycleIndex()).isEqualTo(109);
    }

    @Test
    void maccorUnsignedAmpsTakeTheStateAndTheBrokenThermocouplesComeThroughAsWritten() throws IOException {
        Read r = read("cellpy/maccor_001.txt");

        assertThat(r.format()).isEqualTo(CyclerFormat.MACCOR_TEXT);
        assertThat(r.rows()).hasSize(6704);
        assertThat(r.samples()).allSatisfy(s -> assertThat(s.cycleIndex()).isZero());
        assertThat(r.rows()).allSatisfy(row -> {
            switch (row.stepType()) {
                case "C" -> assertThat(row.sample().currentA()).isPositive();
                case "D" -> assertThat(row.sample().currentA()).isNegative();
                default -> assertThat(row.sample().currentA()).isZero();
            }
        });
        // line 5 (Rec# 1): Aux #1 = -2501.71411 C, a disconnected thermocouple: data, not a reader error
        Sample first = r.rows().get(0).sample();
        assertThat(r.rows().get(0).lineNumber()).isEqualTo(5);
        assertThat(first.cellTemperatureC()).isEqualTo(-2501.71411);
        assertThat(first.timeS()).isEqualTo(1607689332.0); // DPt Time 12/11/2020 12:22:12, UTC
        // line 7 (Rec# 3): State D, Amps 0.50401 unsigned, TestTime "  0d 00:00:5.05000019073486"
        Sample third = r.rows().get(2).sample();
        assertThat(third.currentA()).isEqualTo(-0.50401);
        assertThat(third.testTimeS()).isCloseTo(5.05, within(1e-6));
        // last row: TestTime 2d 02:52:51.5699996948242
        Sample last = r.samples().get(r.rows().size() - 1);
        assertThat(last.testTimeS()).isCloseTo(2 * 86400 + 2 * 3600 + 52 * 60 + 51.57, within(1e-6));
        assertThat(r.stats().rowsSkipped()).isZero();
        // the 10 A discharge (step 22) is the largest current
        assertThat(r.samples().stream().mapToDouble(Sample::currentA).min().orElseThrow())
                .isCloseTo(-10.0, within(0.1));
    }

    @Test
    void maccorDiagnosticSignedAmpsAndRepeatingSteps() throws IOException {
        Read r = read("beep/xTESLADIAG_000019_CH70.070");

        assertThat(r.format()).isEqualTo(CyclerFormat.MACCOR_TEXT);
        // line 5 (Rec# 3): State D, Amps -9.0750743877 (this export signs it), Test (Sec) 5.0100
        Sample third = r.rows().get(2).sample();
        assertThat(third.currentA()).isEqualTo(-9.0750743877);
        assertThat(third.testTimeS()).isEqualTo(5.01);
        assertThat(r.rows().get(2).dischargeCapacityAh()).isEqualTo(0.0);
        assertThat(r.rows().get(2).chargeCapacityAh()).isNull();
        assertThat(r.samples()).allSatisfy(s -> assertThat(s.cellTemperatureC()).isNull());
        assertThat(r.samples().stream().map(Sample::cycleIndex).distinct().toList()).containsExactly(0, 1, 2);
    }

    @Test
    void arbinRestOnlyFileGivesZeroCapacityWithoutDividingByZero() throws IOException {
        Read r = read("beep/FastCharge_000025_CH8.csv");

        assertThat(r.format()).isEqualTo(CyclerFormat.ARBIN_CSV);
        assertThat(r.samples()).allSatisfy(s -> assertThat(s.currentA()).isZero());
        CycleCapacity capacity = new CycleCapacity();
        r.rows().forEach(capacity::add);
        CycleCapacity.Cycle only = capacity.cycles().get(0);
        assertThat(only.chargeIntegratedAh).isZero();
        assertThat(only.dischargeIntegratedAh).isZero();
        assertThat(only.chargeCounterAh).isZero();
        assertThat(only.dischargeCounterAh).isZero();
        Sample first = r.rows().get(0).sample();
        // line 2: DateTime 1494645243.4715 (already Unix seconds), Temperature 30.109268, indices "0.0"
        assertThat(first.timeS()).isCloseTo(1494645243.4715, within(1e-6));
        assertThat(first.cellTemperatureC()).isEqualTo(30.109268);
        assertThat(first.cycleIndex()).isZero();
        assertThat(first.stepIndex()).isZero();
    }

    /**
     * No reference table: reference.py drops rows with an empty cycle index, i.e. all of them. Expected
     * figures computed with reference.py's rules over all rows as one cycle: 287 rows, integrated charge
     * 0.60295171 Ah, Charge_Capacity rise 0.60309171 Ah, no discharge.
     */
    @Test
    void arbinWithEmptyCycleAndStepColumnsGivesNullIndices() throws IOException {
        Read r = read("beep/2017-05-09_test-TC-contact_CH33.csv");

        assertThat(r.format()).isEqualTo(CyclerFormat.ARBIN_CSV);
        assertThat(r.rows()).hasSize(287);
        assertThat(r.stats().rowsSkipped()).isZero();
        assertThat(r.samples()).allSatisfy(s -> {
            assertThat(s.cycleIndex()).isNull();
            assertThat(s.stepIndex()).isNull();
        });
        Sample first = r.rows().get(0).sample();
        assertThat(first.currentA()).isCloseTo(6.6, within(0.01)); // charging at 6.6 A, positive
        assertThat(first.cellTemperatureC()).isCloseTo(25.17, within(0.01));

        CycleCapacity capacity = new CycleCapacity();
        r.rows().forEach(capacity::add);
        assertThat(capacity.cycles()).containsOnlyKeys((Integer) null);
        CycleCapacity.Cycle all = capacity.cycles().get(null);
        CyclerFilesAgainstReferenceTest.check("integrated charge", all.chargeIntegratedAh, 0.6029517146);
        CyclerFilesAgainstReferenceTest.check("counter charge", all.chargeCounterAh, 0.6030917079);
        CyclerFilesAgainstReferenceTest.check("integrated vs own counter", all.chargeIntegratedAh,
                all.chargeCounterAh);
        assertThat(all.dischargeIntegratedAh).isZero();
    }

    @Test
    void newerArbinWithByteOrderMarkAndTabbedDate() throws IOException {
        Read r = read("pyprobe/sample_data_arbin.csv");

        assertThat(r.format()).isEqualTo(CyclerFormat.ARBIN_CSV);
        assertThat(r.rows()).hasSize(13); // the README says 12: the last line has no newline
        Sample first = r.rows().get(0).sample();
        assertThat(first.timeS()).isCloseTo(
                Instant.parse("2024-09-20T08:32:34.558Z").toEpochMilli() / 1000.0, within(1e-6));
        assertThat(first.testTimeS()).isEqualTo(30.0005);
        assertThat(first.cellTemperatureC()).isEqualTo(24.66422);
        // line 13: Step 3, Current (A) 2.647604: charge, positive
        CyclerRow charging = r.rows().get(11);
        assertThat(charging.lineNumber()).isEqualTo(13);
        assertThat(charging.sample().currentA()).isEqualTo(2.647604);
        assertThat(charging.sample().stepIndex()).isEqualTo(3);
        assertThat(charging.chargeCapacityAh()).isEqualTo(2.01404E-05);
        // time_s keeps the test clock's spacing: 300.6979 - 300.0039 s
        assertThat(charging.sample().timeS() - r.rows().get(10).sample().timeS()).isCloseTo(0.694, within(1e-5));
    }

    @Test
    void zoneOfTheCyclerClockIsApplied() throws IOException {
        Read utc = read("cellpy/neware_uio.csv");
        Read oslo = read("cellpy/neware_uio.csv", OPTIONS.withZone(java.time.ZoneId.of("Europe/Oslo")));

        // 2022-05-18 is summer time in Oslo: UTC+2
        assertThat(utc.samples().get(0).timeS() - oslo.samples().get(0).timeS()).isEqualTo(7200.0);
    }
}
