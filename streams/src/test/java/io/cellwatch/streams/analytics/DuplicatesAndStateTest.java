package io.cellwatch.streams.analytics;

import static io.cellwatch.streams.analytics.SyntheticCell.ONE_C_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Percentage.withPercentage;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cellwatch.streams.analytics.SyntheticCell.CycleIndex;
import io.cellwatch.telemetry.CellMetadata;
import io.cellwatch.telemetry.CellType;
import io.cellwatch.telemetry.CycleResult;
import io.cellwatch.telemetry.Sample;
import io.cellwatch.telemetry.json.Json;
import io.cellwatch.telemetry.json.JsonSerde;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DuplicatesAndStateTest {

    private static final CellMetadata COIN_CELL = SyntheticCell.metadata(CellType.FULL, 0.00078, 0.0051);

    private static SyntheticCell threeCycles(CycleIndex index) {
        SyntheticCell cell = SyntheticCell.coinCell(index).rest(600);
        for (int n = 0; n < 3; n++) {
            cell.oneCCycle().nextCycle();
        }
        return cell;
    }

    @Test
    void aRedeliveredSampleIsIgnoredAndCounted() {
        List<Sample> clean = threeCycles(CycleIndex.COUNTING).samples();
        List<Sample> redelivered = new ArrayList<>();
        for (int k = 0; k < clean.size(); k++) {
            redelivered.add(clean.get(k));
            if (k % 100 == 50) {
                redelivered.add(clean.get(k)); // at-least-once delivery: the same sample again
                redelivered.add(clean.get(k - 10)); // and an older one
            }
        }
        CellAnalytics analytics = new CellAnalytics(COIN_CELL, AnalyticsOptions.defaults());
        List<CycleResult> results = new ArrayList<>();
        redelivered.forEach(s -> results.addAll(analytics.accept(s)));
        results.addAll(analytics.finish());

        assertThat(results).isEqualTo(SyntheticCell.analyse(COIN_CELL, AnalyticsOptions.defaults(), clean));
        assertThat(analytics.state().duplicatesIgnored()).isEqualTo(redelivered.size() - clean.size());
    }

    @Test
    void aSampleArrivingAfterALaterOneIsIgnoredAndTheChargeStillAddsUp() {
        SyntheticCell cell = SyntheticCell.coinCell().oneCCycle();
        List<Sample> swapped = new ArrayList<>(cell.samples());
        swapped.set(100, cell.samples().get(101));
        swapped.set(101, cell.samples().get(100));

        CellAnalytics analytics = new CellAnalytics(COIN_CELL, AnalyticsOptions.defaults());
        swapped.forEach(analytics::accept);
        CycleResult c = analytics.finish().get(0);

        assertThat(analytics.state().duplicatesIgnored()).isEqualTo(1);
        // one 10 s sample missing inside a constant-current step: the trapezoid spans 20 s instead
        assertThat(c.chargeAh()).isCloseTo(cell.chargeAh(1), withPercentage(0.1));
    }

    @Test
    void samplesWithoutVoltageCurrentOrTimeAreIgnoredAndCounted() {
        CellAnalytics analytics = new CellAnalytics(COIN_CELL, AnalyticsOptions.defaults());
        analytics.accept(new Sample("c", 1L, 100.0, null, 3.3, null, null, null, 1, 1));
        analytics.accept(new Sample("c", 2L, 110.0, null, Double.NaN, 0.0, null, null, 1, 1));
        analytics.accept(new Sample("c", 3L, null, null, 3.3, 0.0, null, null, 1, 1));

        assertThat(analytics.state().incompleteIgnored()).isEqualTo(3);
        assertThat(analytics.provisional()).isEmpty();
    }

    @Test
    void stateSurvivesAJsonRoundTripAndTheAnalyticsCarryOnExactly() throws Exception {
        // a stuck counter exercises every part of the state: held cycle and step-order candidate included
        for (CycleIndex index : CycleIndex.values()) {
            List<Sample> samples = threeCycles(index).samples();
            List<CycleResult> uninterrupted = SyntheticCell.analyse(COIN_CELL, AnalyticsOptions.defaults(), samples);

            ObjectMapper json = Json.mapper();
            CellAnalytics analytics = new CellAnalytics(COIN_CELL, AnalyticsOptions.defaults());
            List<CycleResult> results = new ArrayList<>();
            for (int k = 0; k < samples.size(); k++) {
                if (k % 997 == 0) { // a task migration now and then, mid-step and mid-cycle
                    byte[] stored = json.writeValueAsBytes(analytics.state());
                    analytics = CellAnalytics.restore(COIN_CELL, AnalyticsOptions.defaults(),
                            json.readValue(stored, CellState.class));
                }
                results.addAll(analytics.accept(samples.get(k)));
            }
            results.addAll(analytics.finish());

            assertThat(results).as("cycle index " + index).isEqualTo(uninterrupted);
        }
    }

    @Test
    void cycleResultsSurviveTheWireSerde() {
        JsonSerde<CycleResult> serde = JsonSerde.of(CycleResult.class);
        List<CycleResult> cycles = SyntheticCell.analyse(COIN_CELL, AnalyticsOptions.defaults(),
                threeCycles(CycleIndex.COUNTING).samples());

        assertThat(cycles).allSatisfy(c -> assertThat(serde.deserialize("t", serde.serialize("t", c))).isEqualTo(c));
    }

    @Test
    void provisionalDescribesTheRunningCycleSoFar() {
        SyntheticCell cell = SyntheticCell.coinCell().rest(600).pulse(ONE_C_A, 1800);
        CellAnalytics analytics = new CellAnalytics(COIN_CELL, AnalyticsOptions.defaults());
        cell.samples().forEach(analytics::accept);

        assertThat(analytics.provisional()).hasValueSatisfying(c -> {
            assertThat(c.provisional()).isTrue();
            assertThat(c.complete()).isFalse();
            assertThat(c.chargeAh()).isCloseTo(ONE_C_A / 2, withPercentage(0.01));
            assertThat(c.steps()).hasSize(2);
        });
        // asking does not change anything
        assertThat(analytics.finish()).singleElement().satisfies(c -> assertThat(c.provisional()).isFalse());
    }

    @Test
    void implausibleTemperaturesAreLeftOutAndCounted() {
        // a disconnected thermocouple reads about −2,500 °C (the shared Maccor file)
        SyntheticCell cell = SyntheticCell.coinCell().temperature(25.0).rest(600).temperature(-2501.7).rest(300)
                .temperature(26.0).rest(600);

        CycleResult c = SyntheticCell.analyse(COIN_CELL, AnalyticsOptions.defaults(), cell.samples()).get(0);

        assertThat(c.implausibleTemperatures()).isEqualTo(31);
        assertThat(c.maxTemperatureC()).isEqualTo(26.0);
        assertThat(c.meanTemperatureC()).isBetween(25.0, 26.0);
    }

    @Test
    void noSampleIsAcceptedAfterFinish() {
        CellAnalytics analytics = new CellAnalytics(COIN_CELL, AnalyticsOptions.defaults());
        List<Sample> samples = SyntheticCell.coinCell().rest(60).samples();
        samples.forEach(analytics::accept);
        analytics.finish();

        assertThat(analytics.finish()).isEmpty();
        assertThatThrownBy(() -> analytics.accept(samples.get(0))).isInstanceOf(IllegalStateException.class);
    }
}
