package io.cellwatch.streams.analytics;

import static io.cellwatch.streams.analytics.SyntheticCell.ONE_C_A;
import static io.cellwatch.streams.analytics.SyntheticCell.RESISTANCE_OHM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.cellwatch.telemetry.CellType;
import io.cellwatch.telemetry.CycleResult;
import io.cellwatch.telemetry.CycleResult.EfficiencyConvention;
import io.cellwatch.telemetry.Sample;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolarizationAndResistanceTest {

    @Test
    void fullCellPolarizationIsTheGapBetweenMeanChargeAndMeanDischargeVoltage() {
        // cycle 2 charges and discharges over the same range of the OCV curve, so both gaps are 2·I·R
        SyntheticCell cell = SyntheticCell.coinCell().oneCCycle().nextCycle().oneCCycle().nextCycle();

        CycleResult second = SyntheticCell.analyse(CellType.FULL, cell.samples()).get(1);

        double twoIr = 2 * ONE_C_A * RESISTANCE_OHM; // 46.8 mV
        assertThat(second.polarizationV()).isCloseTo(twoIr, within(0.0005));
        assertThat(second.polarizationV()).isCloseTo(second.meanChargeVoltageV() - second.meanDischargeVoltageV(),
                within(1e-12));
        assertThat(second.midCapacityGapV()).isCloseTo(twoIr, within(0.0005));
        assertThat(second.chargeOverpotentialV()).isNull();
    }

    /** Li//Li at ±0.5 mA, 1 h half-cycles sampled each minute: a nucleation spike, then a noisy plateau. */
    private static List<Sample> symmetricCell(double... plateausV) {
        List<Sample> out = new ArrayList<>();
        long seq = 0;
        double t = 1_700_000_000.0;
        for (int half = 0; half < plateausV.length; half++) {
            double sign = half % 2 == 0 ? -1 : 1; // stripping (discharge) first
            for (int minute = 0; minute < 60; minute++) {
                double eta = minute < 5 ? 1.6 * plateausV[half] : plateausV[half] + (minute % 2 == 0 ? 0.001 : -0.001);
                out.add(new Sample("li-li-3", ++seq, t + 60 * minute, null, sign * eta, sign * 0.0005, 25.0, 25.0,
                        half + 1, null));
            }
            t += 3600.01;
        }
        return out;
    }

    @Test
    void symmetricCellOverpotentialIsTheMedianOfTheLastHalfOfEachHalfCycle() {
        List<CycleResult> cycles = SyntheticCell.analyse(SyntheticCell.metadata(CellType.SYMMETRIC, 0.0005, null),
                AnalyticsOptions.defaults(), symmetricCell(0.050, 0.040, 0.030, 0.020));

        assertThat(cycles).hasSize(2);
        assertThat(cycles.get(0).dischargeOverpotentialV()).isCloseTo(0.050, within(1e-12));
        assertThat(cycles.get(0).chargeOverpotentialV()).isCloseTo(0.040, within(1e-12));
        assertThat(cycles.get(1).dischargeOverpotentialV()).isCloseTo(0.030, within(1e-12));
        assertThat(cycles.get(1).steps()).extracting(CycleResult.Step::overpotentialV)
                .containsExactly(0.030, 0.020);
    }

    @Test
    void symmetricCellHasNoEfficiencyAndNoRetention() {
        List<CycleResult> cycles = SyntheticCell.analyse(SyntheticCell.metadata(CellType.SYMMETRIC, 0.0005, null),
                AnalyticsOptions.defaults(), symmetricCell(0.05, 0.05, 0.05, 0.05));

        assertThat(cycles).allSatisfy(c -> {
            assertThat(c.efficiencyConvention()).isEqualTo(EfficiencyConvention.UNDEFINED);
            assertThat(c.coulombicEfficiency()).isNull();
            assertThat(c.retention()).isNull();
        });
    }

    @Test
    void dcirIsTheVoltageJumpOverTheCurrentJumpAtAStepTaggedWithItsDeltaT() {
        SyntheticCell cell = SyntheticCell.coinCell().rest(600).constantCurrent(ONE_C_A, 4.2).rest(600);

        CycleResult c = SyntheticCell.analyse(CellType.FULL, cell.samples()).get(0);

        // rest → 1C and 1C → rest: both read the 30 Ω of the model, 10 ms after the change
        assertThat(c.dcir()).hasSize(2).allSatisfy(d -> {
            assertThat(d.resistanceOhm()).isCloseTo(RESISTANCE_OHM, within(0.01));
            assertThat(d.deltaTS()).isCloseTo(0.01, within(1e-5));
        });
        assertThat(c.dcir().get(0).currentBeforeA()).isZero();
        assertThat(c.dcir().get(0).currentAfterA()).isEqualTo(ONE_C_A);
    }

    @Test
    void aCurrentStepBelowATenthOfCIsNoDcir() {
        SyntheticCell cell = SyntheticCell.coinCell().rest(600).pulse(ONE_C_A / 20, 600).rest(600);

        CycleResult c = SyntheticCell.analyse(CellType.FULL, cell.samples()).get(0);

        assertThat(c.dcir()).isEmpty();
    }

    @Test
    void aStepChangeAcrossADataGapIsNoDcir() {
        List<Sample> samples = List.of(
                new Sample("c", 1L, 0.0, null, 3.30, 0.0, null, null, 1, 1),
                new Sample("c", 2L, 60.0, null, 3.33, 0.00078, null, null, 2, 1));

        CycleResult c = SyntheticCell.analyse(CellType.FULL, samples).get(0);

        assertThat(c.dcir()).isEmpty();
    }
}
