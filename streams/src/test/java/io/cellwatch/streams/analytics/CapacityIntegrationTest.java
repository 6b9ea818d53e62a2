package io.cellwatch.streams.analytics;

import static io.cellwatch.streams.analytics.SyntheticCell.ONE_C_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.data.Percentage.withPercentage;

import io.cellwatch.telemetry.CellType;
import io.cellwatch.telemetry.CycleResult;
import io.cellwatch.telemetry.CycleResult.StepKind;
import io.cellwatch.telemetry.Sample;
import java.util.List;
import org.junit.jupiter.api.Test;

class CapacityIntegrationTest {

    private static Sample sample(long seq, double t, double v, double i, Integer step, Integer cycle) {
        return new Sample("cell-07", seq, 1_700_000_000.0 + t, t, v, i, null, null, step, cycle);
    }

    @Test
    void coinCellCyclesAtOneCMatchTheChargePassedWithinATenthOfAPercent() {
        // given: a 0.78 mAh Li//LFP coin cell at 1C (0.78 mA) to 4.2 V, rest, to 2.0 V, three times
        SyntheticCell cell = SyntheticCell.coinCell();
        for (int n = 0; n < 3; n++) {
            cell.rest(1800).oneCCycle().nextCycle();
        }

        // when
        List<CycleResult> cycles = SyntheticCell.analyse(CellType.FULL, cell.samples());

        // then
        assertThat(cycles).hasSize(3);
        for (CycleResult c : cycles) {
            assertThat(c.chargeAh()).isCloseTo(cell.chargeAh(c.cycle()), withPercentage(0.1));
            assertThat(c.dischargeAh()).isCloseTo(cell.dischargeAh(c.cycle()), withPercentage(0.1));
            assertThat(c.coulombicEfficiency())
                    .isCloseTo(cell.dischargeAh(c.cycle()) / cell.chargeAh(c.cycle()), within(1e-4));
            // about an hour at 1C, at the LFP plateau
            assertThat(c.chargeAh() / ONE_C_A).isBetween(0.95, 1.01);
            assertThat(c.chargeWh() / c.chargeAh()).isBetween(3.40, 3.55);
            assertThat(c.dischargeWh() / c.dischargeAh()).isBetween(3.35, 3.45);
        }
    }

    @Test
    void constantVoltageTailCountsWithTheCharge() {
        SyntheticCell cell = SyntheticCell.coinCell().constantCurrent(ONE_C_A, 4.2)
                .constantVoltage(ONE_C_A, 900, ONE_C_A / 20).rest(600).constantCurrent(-ONE_C_A, 2.0);

        CycleResult c = SyntheticCell.analyse(CellType.FULL, cell.samples()).get(0);

        assertThat(c.chargeAh()).isCloseTo(cell.chargeAh(1), withPercentage(0.1));
        assertThat(c.steps()).extracting(CycleResult.Step::kind)
                .containsExactly(StepKind.CHARGE, StepKind.CV_CHARGE, StepKind.REST, StepKind.DISCHARGE);
    }

    @Test
    void intervalAcrossAChangeOfTheCyclersStepIndexIsNotIntegrated() {
        // BattMo's export: the last discharge row, then 500 s later the first rest row. The cycler's counter
        // stops at the last discharge row; a trapezoid across the gap would add 0.5 × 1 mA × 500 s.
        List<Sample> samples = List.of(
                sample(1, 0, 3.4, -0.001, 1, 1), sample(2, 500, 3.3, -0.001, 1, 1),
                sample(3, 1000, 3.2, -0.001, 1, 1), sample(4, 1500, 3.3, 0.0, 2, 1), sample(5, 2000, 3.3, 0.0, 2, 1));

        CycleResult c = SyntheticCell.analyse(CellType.FULL, samples).get(0);

        assertThat(c.dischargeAh()).isCloseTo(0.001 * 1000 / 3600, within(1e-15));
    }

    @Test
    void withoutAStepIndexTheIntervalOfASwitchGoesByTrapezoidToTheChargingStep() {
        // rest, rest, then charging at 1 mA: the switch happened somewhere in the 10 s between, the
        // trapezoid counts half of it, and it belongs to the charge step, not the rest.
        List<Sample> samples = List.of(
                sample(1, 0, 3.3, 0, null, null), sample(2, 10, 3.3, 0, null, null),
                sample(3, 20, 3.4, 0.001, null, null), sample(4, 30, 3.4, 0.001, null, null),
                sample(5, 40, 3.3, 0, null, null));

        CycleResult c = SyntheticCell.analyse(CellType.FULL, samples).get(0);

        assertThat(c.chargeAh()).isCloseTo(0.001 * (5 + 10 + 5) / 3600, within(1e-15));
        assertThat(c.steps()).extracting(CycleResult.Step::kind)
                .containsExactly(StepKind.REST, StepKind.CHARGE, StepKind.REST);
        assertThat(c.steps().get(1).chargeAh()).isEqualTo(c.chargeAh());
        assertThat(c.steps().get(0).chargeAh()).isZero();
        assertThat(c.steps().get(2).chargeAh()).isZero();
    }

    @Test
    void aChargeToDischargeSwitchInsideOneIntervalIsSplitAtTheZeroCrossing() {
        Throughput t = Throughput.between(sample(1, 0, 3.5, 1.0, null, null), sample(2, 10, 3.3, -1.0, null, null));

        // +1 A falling linearly to −1 A over 10 s: 2.5 A·s each way, not a net zero
        assertThat(t.chargeAh()).isCloseTo(2.5 / 3600, within(1e-15));
        assertThat(t.dischargeAh()).isCloseTo(2.5 / 3600, within(1e-15));
        assertThat(t.chargeWh()).isCloseTo(3.5 * 2.5 / 3600, within(1e-15));
        assertThat(t.dischargeWh()).isCloseTo(3.3 * 2.5 / 3600, within(1e-15));
    }

    @Test
    void timeThatDoesNotAdvanceIntegratesNothing() {
        assertThat(Throughput.between(sample(1, 10, 3.5, 1.0, null, null), sample(2, 10, 3.5, 1.0, null, null)))
                .isEqualTo(Throughput.ZERO);
        assertThat(Throughput.between(sample(1, 10, 3.5, 1.0, null, null), sample(2, 5, 3.5, 1.0, null, null)))
                .isEqualTo(Throughput.ZERO);
    }

    @Test
    void specificCapacityIsPerGramOfActiveMaterial() {
        SyntheticCell cell = SyntheticCell.coinCell().oneCCycle();

        CycleResult c = SyntheticCell.analyse(SyntheticCell.metadata(CellType.FULL, 0.00078, 0.0051),
                AnalyticsOptions.defaults(), cell.samples()).get(0);

        // 0.78 mAh on 5.1 mg of LFP ≈ 150 mAh/g, about what LFP delivers at 1C
        assertThat(c.specificDischargeMahPerG()).isCloseTo(c.dischargeAh() * 1000 / 0.0051, within(1e-9));
        assertThat(c.specificDischargeMahPerG()).isBetween(140.0, 160.0);
        assertThat(c.steps().get(0).specificChargeMahPerG()).isCloseTo(c.chargeAh() * 1000 / 0.0051, within(1e-9));
    }

    @Test
    void withoutActiveMassThereIsNoSpecificCapacity() {
        CycleResult c = SyntheticCell.analyse(CellType.FULL, SyntheticCell.coinCell().oneCCycle().samples()).get(0);

        assertThat(c.specificChargeMahPerG()).isNull();
        assertThat(c.specificDischargeMahPerG()).isNull();
    }

    @Test
    void stepsCarryTheirOwnCapacityDurationVoltagesAndTemperature() {
        SyntheticCell cell = SyntheticCell.coinCell().temperature(25.0).rest(600).temperature(27.0)
                .constantCurrent(ONE_C_A, 4.2).temperature(25.0).rest(600).constantCurrent(-ONE_C_A, 2.0);

        CycleResult c = SyntheticCell.analyse(CellType.FULL, cell.samples()).get(0);

        CycleResult.Step charge = c.steps().get(1);
        assertThat(charge.kind()).isEqualTo(StepKind.CHARGE);
        assertThat(charge.stepIndex()).isEqualTo(2);
        assertThat(charge.chargeAh()).isCloseTo(cell.chargeAh(1), withPercentage(0.1));
        assertThat(charge.endVoltageV()).isCloseTo(4.2, within(1e-6));
        assertThat(charge.durationS()).isCloseTo(charge.chargeAh() / ONE_C_A * 3600, within(1e-3));
        assertThat(charge.meanTemperatureC()).isCloseTo(27.0, within(1e-9));
        assertThat(c.maxTemperatureC()).isEqualTo(27.0);
        assertThat(c.meanTemperatureC()).isBetween(25.0, 27.0);
        assertThat(c.steps().get(3).endVoltageV()).isCloseTo(2.0, within(1e-6));
        assertThat(c.startVoltageV()).isEqualTo(cell.samples().get(0).voltageV());
    }
}
