package io.cellwatch.streams.analytics;

import static io.cellwatch.streams.analytics.SyntheticCell.ONE_C_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.cellwatch.streams.analytics.SyntheticCell.CycleIndex;
import io.cellwatch.telemetry.CellType;
import io.cellwatch.telemetry.CycleResult;
import io.cellwatch.telemetry.CycleResult.EfficiencyConvention;
import io.cellwatch.telemetry.json.JsonSerde;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class EfficiencyAndRetentionTest {

    private final AnalyticsOptions options = AnalyticsOptions.defaults();

    @Test
    void restOnlyDataGivesZeroCapacityAndNullFiguresNeverNaN() {
        SyntheticCell cell = SyntheticCell.coinCell().rest(7200);

        List<CycleResult> cycles = SyntheticCell.analyse(CellType.FULL, cell.samples());

        assertThat(cycles).singleElement().satisfies(c -> {
            assertThat(c.chargeAh()).isZero();
            assertThat(c.dischargeAh()).isZero();
            assertThat(c.coulombicEfficiency()).isNull();
            assertThat(c.energyEfficiency()).isNull();
            assertThat(c.retention()).isNull();
            assertThat(c.polarizationV()).isNull();
            assertThat(c.midCapacityGapV()).isNull();
            assertThat(c.samples()).isEqualTo(721);
            String json = new String(JsonSerde.of(CycleResult.class).toBytes(c), StandardCharsets.UTF_8);
            assertThat(json).doesNotContain("NaN").doesNotContain("Infinity");
        });
    }

    @Test
    void fullCellEfficiencyIsDischargeOverChargeOfTheSameCycle() {
        SyntheticCell cell = SyntheticCell.coinCell().oneCCycle().nextCycle().oneCCycle();

        List<CycleResult> cycles = SyntheticCell.analyse(CellType.FULL, cell.samples());

        for (CycleResult c : cycles) {
            assertThat(c.efficiencyConvention()).isEqualTo(EfficiencyConvention.DISCHARGE_OVER_CHARGE);
            assertThat(c.coulombicEfficiency()).isCloseTo(cell.dischargeAh(c.cycle()) / cell.chargeAh(c.cycle()),
                    within(1e-6));
            assertThat(c.energyEfficiency()).isEqualTo(c.dischargeWh() / c.chargeWh());
            assertThat(c.deliveredAh()).isEqualTo(c.dischargeAh());
        }
    }

    @Test
    void aChargeCutOffByTheEndOfTheDataHasNoEfficiency() {
        SyntheticCell cell = SyntheticCell.coinCell().oneCCycle().nextCycle().constantCurrent(ONE_C_A, 4.2);

        List<CycleResult> cycles = SyntheticCell.analyse(CellType.FULL, cell.samples());

        assertThat(cycles.get(1).complete()).isFalse();
        assertThat(cycles.get(1).coulombicEfficiency()).isNull();
        assertThat(cycles.get(1).deliveredAh()).isNull();
    }

    @Test
    void retentionIsMeasuredAgainstTheLargestDeliveredCapacityOfCyclesOneToThree() {
        SyntheticCell cell = SyntheticCell.coinCell();
        double[] fade = {1.0, 1.0, 0.99, 0.98, 0.97};
        for (double f : fade) {
            cell.fade(f).oneCCycle().nextCycle();
        }

        List<CycleResult> cycles = SyntheticCell.analyse(CellType.FULL, cell.samples());

        double reference = Math.max(cell.dischargeAh(1), Math.max(cell.dischargeAh(2), cell.dischargeAh(3)));
        CycleResult fifth = cycles.get(4);
        assertThat(fifth.referenceAh()).isCloseTo(reference, within(1e-9));
        assertThat(fifth.retention()).isCloseTo(cell.dischargeAh(5) / reference, within(1e-6));
        assertThat(fifth.retention()).isBetween(0.93, 0.96);
        // before cycle 3 the reference is the largest so far
        assertThat(cycles.get(0).retention()).isEqualTo(1.0);
    }

    @Test
    void theReferenceIsTheLargestDeliveredCapacityOfTheReferenceCycles() {
        CapacityTrend trend = CapacityTrend.EMPTY.after(1, 0.00077, true, options).after(2, 0.00078, true, options)
                .after(3, 0.000775, true, options).after(4, 0.00079, true, options);

        assertThat(trend.referenceAh()).isEqualTo(0.00078);
        assertThat(trend.figures(0.000741, options).retention()).isCloseTo(0.95, within(1e-12));
    }

    @Test
    void aLinearFadeGivesItsSlopeAndTheCycleAtEightyPercent() {
        // delivered = 1.0 − 0.002·n Ah: reference = cycle 1 (0.998), 0.2004 % of it lost per cycle
        CapacityTrend trend = CapacityTrend.EMPTY;
        for (int n = 1; n <= 30; n++) {
            trend = trend.after(n, 1.0 - 0.002 * n, true, options);
        }

        CapacityTrend.Figures f = trend.figures(1.0 - 0.002 * 30, options);

        assertThat(f.referenceAh()).isCloseTo(0.998, within(1e-12));
        assertThat(f.fadeRatePerCycle()).isCloseTo(0.002 / 0.998, within(1e-12));
        // 0.8 × 0.998 = 1 − 0.002·n  →  n = 100.8
        assertThat(f.projectedEndOfLifeCycle()).isEqualTo(101);
    }

    @Test
    void noProjectionWhenCapacityIsNotFading() {
        CapacityTrend trend = CapacityTrend.EMPTY;
        for (int n = 1; n <= 10; n++) {
            trend = trend.after(n, 0.00078 + 1e-7 * n, true, options);
        }

        CapacityTrend.Figures f = trend.figures(0.00078, options);

        assertThat(f.fadeRatePerCycle()).isNegative();
        assertThat(f.projectedEndOfLifeCycle()).isNull();
    }

    @Test
    void noFadeRateUntilTheWindowHoldsEnoughCompleteCycles() {
        CapacityTrend trend = CapacityTrend.EMPTY;
        for (int n = 1; n <= 4; n++) {
            trend = trend.after(n, 0.00078 - 1e-6 * n, true, options);
        }
        trend = trend.after(5, 0.0005, false, options); // cut short by the end of the data: not in the window

        assertThat(trend.window()).hasSize(4);
        assertThat(trend.figures(0.0005, options).fadeRatePerCycle()).isNull();
    }

    @Test
    void theFadeWindowKeepsOnlyTheLatestCycles() {
        CapacityTrend trend = CapacityTrend.EMPTY;
        for (int n = 1; n <= 50; n++) {
            trend = trend.after(n, 1.0, true, options.withFadeWindow(20, 5));
        }

        assertThat(trend.window()).hasSize(20);
        assertThat(trend.window().get(0).x()).isEqualTo(31);
    }

    @Test
    void aFadingCellThroughTheAnalyticsShowsItsFadeRate() {
        SyntheticCell cell = SyntheticCell.coinCell(CycleIndex.ABSENT);
        for (int n = 0; n < 8; n++) {
            cell.fade(n < 3 ? 1.0 : 0.99).oneCCycle().nextCycle();
        }

        List<CycleResult> cycles = SyntheticCell.analyse(CellType.FULL, cell.samples());

        CycleResult last = cycles.get(cycles.size() - 1);
        assertThat(last.fadeRatePerCycle()).isBetween(0.005, 0.015);
        assertThat(last.projectedEndOfLifeCycle()).isBetween(15, 40);
    }
}
