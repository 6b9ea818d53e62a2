package io.cellwatch.streams.analytics;

import static io.cellwatch.streams.analytics.SyntheticCell.ONE_C_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;

import io.cellwatch.streams.analytics.SyntheticCell.CycleIndex;
import io.cellwatch.telemetry.CellType;
import io.cellwatch.telemetry.CycleResult;
import io.cellwatch.telemetry.CycleResult.EfficiencyConvention;
import io.cellwatch.telemetry.CycleResult.Rule;
import io.cellwatch.telemetry.Sample;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CycleBoundariesTest {

    @Test
    void aCyclerCounterThatAdvancesDecidesTheCycles() {
        SyntheticCell cell = SyntheticCell.coinCell();
        for (int n = 0; n < 3; n++) {
            cell.oneCCycle().nextCycle();
        }

        List<CycleResult> cycles = SyntheticCell.analyse(CellType.FULL, cell.samples());

        assertThat(cycles).extracting(CycleResult::cycle).containsExactly(1, 2, 3);
        assertThat(cycles).extracting(CycleResult::rule).containsOnly(Rule.CYCLER_COUNTER);
        assertThat(cycles).extracting(CycleResult::complete).containsExactly(true, true, false);
    }

    @Test
    void withoutACycleIndexAFullCellCyclesChargeFirstAndSaysSo() {
        SyntheticCell cell = SyntheticCell.coinCell(CycleIndex.ABSENT).rest(600);
        for (int n = 0; n < 3; n++) {
            cell.oneCCycle().nextCycle();
        }

        List<CycleResult> cycles = SyntheticCell.analyse(CellType.FULL, cell.samples());

        assertThat(cycles).extracting(CycleResult::cycle).containsExactly(1, 2, 3);
        assertThat(cycles).extracting(CycleResult::rule).containsOnly(Rule.STEPS_CHARGE_FIRST);
        for (CycleResult c : cycles) {
            assertThat(c.chargeAh()).isCloseTo(cell.chargeAh(c.cycle()), withPercentage(0.1));
            assertThat(c.dischargeAh()).isCloseTo(cell.dischargeAh(c.cycle()), withPercentage(0.1));
        }
    }

    @Test
    void aLeadingDischargeBeforeTheFirstChargeIsACycleWithoutEfficiency() {
        // A cell delivered half charged: discharged first, then cycled.
        SyntheticCell cell = SyntheticCell.coinCell(CycleIndex.ABSENT).stateOfCharge(0.5)
                .constantCurrent(-ONE_C_A, 2.0).rest(600).nextCycle().oneCCycle();

        List<CycleResult> cycles = SyntheticCell.analyse(CellType.FULL, cell.samples());

        assertThat(cycles).hasSize(2);
        assertThat(cycles.get(0).chargeAh()).isZero();
        assertThat(cycles.get(0).dischargeAh()).isCloseTo(cell.dischargeAh(1), withPercentage(0.1));
        assertThat(cycles.get(0).coulombicEfficiency()).isNull();
        assertThat(cycles.get(0).retention()).isNull();
        assertThat(cycles.get(1).coulombicEfficiency()).isNotNull();
    }

    @Test
    void aHalfCellWithoutACycleIndexCyclesDischargeFirstWithDelithiationOverLithiation() {
        // anode half cell: lithiation (discharge) first, then delithiation (charge)
        SyntheticCell cell = SyntheticCell.coinCell(CycleIndex.ABSENT).stateOfCharge(0.98);
        for (int n = 0; n < 2; n++) {
            cell.constantCurrent(-ONE_C_A, 2.0).rest(600).constantCurrent(ONE_C_A, 4.2).rest(600).nextCycle();
        }

        List<CycleResult> cycles = SyntheticCell.analyse(CellType.HALF, cell.samples());

        assertThat(cycles).hasSize(2).extracting(CycleResult::rule).containsOnly(Rule.STEPS_DISCHARGE_FIRST);
        CycleResult first = cycles.get(0);
        assertThat(first.efficiencyConvention()).isEqualTo(EfficiencyConvention.CHARGE_OVER_DISCHARGE);
        assertThat(first.coulombicEfficiency()).isEqualTo(first.chargeAh() / first.dischargeAh());
        assertThat(first.deliveredAh()).isEqualTo(first.chargeAh());
        assertThat(first.dischargeAh()).isCloseTo(cell.dischargeAh(1), withPercentage(0.1));
    }

    @Test
    void aCounterStuckAtZeroGivesWayToStepOrderOnceAWholeStepOrderCyclePassesWithoutIt() {
        // Maccor's Cyc# stays 0 through every charge and discharge.
        SyntheticCell cell = SyntheticCell.coinCell(CycleIndex.STUCK_AT_ZERO).rest(600);
        for (int n = 0; n < 3; n++) {
            cell.oneCCycle().nextCycle();
        }
        CellAnalytics analytics = new CellAnalytics(SyntheticCell.metadata(CellType.FULL, 0.00078, null),
                AnalyticsOptions.defaults());
        List<List<CycleResult>> emissions = new ArrayList<>();
        for (Sample s : cell.samples()) {
            List<CycleResult> done = analytics.accept(s);
            if (!done.isEmpty()) {
                emissions.add(done);
            }
        }
        emissions.add(analytics.finish());

        // the second step-order boundary (third charge) proves the counter constant: cycles 1 and 2 at once
        assertThat(emissions).extracting(List::size).containsExactly(2, 1);
        List<CycleResult> cycles = emissions.stream().flatMap(List::stream).toList();
        assertThat(cycles).extracting(CycleResult::cycle).containsExactly(1, 2, 3);
        assertThat(cycles).extracting(CycleResult::rule).containsOnly(Rule.STEPS_CHARGE_FIRST);
        for (CycleResult c : cycles) {
            assertThat(c.chargeAh()).isCloseTo(cell.chargeAh(c.cycle()), withPercentage(0.1));
            assertThat(c.dischargeAh()).isCloseTo(cell.dischargeAh(c.cycle()), withPercentage(0.1));
        }
    }

    @Test
    void aFormationCycleUnderOneCounterValueStaysOneCycle() {
        // BattMo: cycle 1 = discharge, charge, discharge; the counter advances at cycle 2.
        SyntheticCell cell = SyntheticCell.coinCell().stateOfCharge(0.6).constantCurrent(-ONE_C_A / 10, 2.0)
                .rest(600).constantCurrent(ONE_C_A / 10, 4.2).rest(600).constantCurrent(-ONE_C_A / 10, 2.0).nextCycle();
        for (int n = 0; n < 2; n++) {
            cell.rest(600).oneCCycle().nextCycle();
        }

        List<CycleResult> cycles = SyntheticCell.analyse(CellType.FULL, cell.samples());

        assertThat(cycles).extracting(CycleResult::cycle).containsExactly(1, 2, 3);
        assertThat(cycles).extracting(CycleResult::rule).containsOnly(Rule.CYCLER_COUNTER);
        assertThat(cycles.get(0).dischargeAh()).isCloseTo(cell.dischargeAh(1), withPercentage(0.1));
        assertThat(cycles.get(0).coulombicEfficiency()).isGreaterThan(1.3); // two discharges over one charge
    }

    @Test
    void aShortDischargePulseDoesNotSplitACycleInStepOrder() {
        // a 10 s 1C discharge pulse in the middle of the charge (0.3 % of capacity, below the 5 % half-cycle)
        SyntheticCell cell = SyntheticCell.coinCell(CycleIndex.ABSENT).pulse(ONE_C_A, 1800).rest(60)
                .pulse(-ONE_C_A, 10).rest(60).constantCurrent(ONE_C_A, 4.2).rest(600).constantCurrent(-ONE_C_A, 2.0)
                .nextCycle().oneCCycle();

        List<CycleResult> cycles = SyntheticCell.analyse(CellType.FULL, cell.samples());

        assertThat(cycles).hasSize(2);
        assertThat(cycles.get(0).chargeAh()).isCloseTo(cell.chargeAh(1), withPercentage(0.1));
    }

    @Test
    void aCounterThatNeverAdvancesInTheWholeDataIsNotTrusted() {
        SyntheticCell cell = SyntheticCell.coinCell(CycleIndex.STUCK_AT_ZERO).oneCCycle();

        List<CycleResult> cycles = SyntheticCell.analyse(CellType.FULL, cell.samples());

        assertThat(cycles).singleElement().satisfies(c -> {
            assertThat(c.rule()).isEqualTo(Rule.STEPS_CHARGE_FIRST);
            assertThat(c.cycle()).isEqualTo(1);
            assertThat(c.complete()).isFalse();
        });
    }

    @Test
    void whileTheCounterIsUnprovenProvisionalResultsCarryItsNumber() {
        SyntheticCell cell = SyntheticCell.coinCell(CycleIndex.STUCK_AT_ZERO).constantCurrent(ONE_C_A, 4.2);
        CellAnalytics analytics = new CellAnalytics(SyntheticCell.metadata(CellType.FULL, 0.00078, null),
                AnalyticsOptions.defaults());
        cell.samples().forEach(analytics::accept);

        assertThat(analytics.provisional()).hasValueSatisfying(c -> {
            assertThat(c.cycle()).isZero();
            assertThat(c.rule()).isEqualTo(Rule.CYCLER_COUNTER);
            assertThat(c.provisional()).isTrue();
        });
    }

    @Test
    void aSymmetricCellCyclesFromWhicheverDirectionCameFirst() {
        SyntheticCell cell = SyntheticCell.coinCell(CycleIndex.ABSENT).stateOfCharge(0.5);
        for (int n = 0; n < 3; n++) {
            cell.pulse(-ONE_C_A / 2, 3600).pulse(ONE_C_A / 2, 3600).nextCycle();
        }

        List<CycleResult> cycles = SyntheticCell.analyse(CellType.SYMMETRIC, cell.samples());

        assertThat(cycles).hasSize(3).extracting(CycleResult::rule).containsOnly(Rule.STEPS_DISCHARGE_FIRST);
        assertThat(cycles.get(0).dischargeAh()).isCloseTo(ONE_C_A / 2, withPercentage(0.1));
    }

    @Test
    void theCycleOrderCanBeSetExplicitly() {
        // a cathode half cell (Li//NMC) is cycled charge first although it is a half cell
        SyntheticCell cell = SyntheticCell.coinCell(CycleIndex.ABSENT).oneCCycle().nextCycle().oneCCycle();

        List<CycleResult> cycles = SyntheticCell.analyse(SyntheticCell.metadata(CellType.HALF, 0.00078, null),
                AnalyticsOptions.defaults().withCycleOrder(CycleOrder.CHARGE_FIRST), cell.samples());

        assertThat(cycles).hasSize(2).extracting(CycleResult::rule).containsOnly(Rule.STEPS_CHARGE_FIRST);
        assertThat(cycles.get(0).efficiencyConvention()).isEqualTo(EfficiencyConvention.DISCHARGE_OVER_CHARGE);
    }
}
