package io.cellwatch.streams.topology;

import io.cellwatch.streams.analytics.AnalyticsOptions;
import io.cellwatch.streams.analytics.CellAnalytics;
import io.cellwatch.telemetry.CellMetadata;
import io.cellwatch.telemetry.CellStatus;
import io.cellwatch.telemetry.CellType;
import io.cellwatch.telemetry.CycleResult;
import io.cellwatch.telemetry.Sample;
import io.cellwatch.telemetry.Topics;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CellAnalyticsTopologyTest {

    private static final double T0 = 1_767_225_600.0;
    private static final double CAPACITY_AH = 0.00078;

    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<String, Sample> telemetry;
    private TestInputTopic<String, CellStatus> cells;
    private TestOutputTopic<String, CycleResult> cycles;

    @BeforeEach
    void start() {
        StreamsOptions options = StreamsOptions.of("unused:9092", stateDir).withApplicationId("topology-test");
        driver = new TopologyTestDriver(CellAnalyticsTopology.build(options), options.toProperties(), Instant.ofEpochSecond(1_767_225_600L));
        telemetry = driver.createInputTopic(Topics.TELEMETRY.name(), Topics.TELEMETRY.keySerde().serializer(), Topics.TELEMETRY.valueSerde().serializer());
        cells = driver.createInputTopic(Topics.CELLS.name(), Topics.CELLS.keySerde().serializer(), Topics.CELLS.valueSerde().serializer());
        cycles = driver.createOutputTopic(Topics.CYCLES.name(), Topics.CYCLES.keySerde().deserializer(), Topics.CYCLES.valueSerde().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void finishedCyclesOnTheTopicAreExactlyWhatTheAnalyticsGiveInBatch() {
        // given: a coin cell announced in the registry, then three 1C cycles of samples
        CellMetadata meta = metadata("cell-a");
        List<Sample> samples = cycles("cell-a", 3);
        List<CycleResult> batch = new ArrayList<>();
        CellAnalytics direct = new CellAnalytics(meta, AnalyticsOptions.defaults());
        samples.forEach(s -> batch.addAll(direct.accept(s)));

        // when
        cells.pipeInput("cell-a", CellStatus.online(meta, T0));
        samples.forEach(s -> telemetry.pipeInput(s.cellId(), s));

        // then: same cycles, same numbers, keyed by cell
        List<CycleResult> streamed = cycles.readValuesToList().stream().filter(c -> !Boolean.TRUE.equals(c.provisional())).toList();
        assertThat(batch).hasSize(2); // the third cycle is still open until a fourth begins
        assertThat(streamed).isEqualTo(batch);
        assertThat(streamed.get(0).dischargeAh()).isCloseTo(CAPACITY_AH * 0.98, org.assertj.core.data.Percentage.withPercentage(3));
    }

    @Test
    void redeliveredSamplesDoNotChangeTheResult() {
        CellMetadata meta = metadata("cell-b");
        List<Sample> samples = cycles("cell-b", 3);
        cells.pipeInput("cell-b", CellStatus.online(meta, T0));
        for (int i = 0; i < samples.size(); i++) {
            telemetry.pipeInput("cell-b", samples.get(i));
            if (i % 50 == 0 && i > 0) {
                telemetry.pipeInput("cell-b", samples.get(i - 1)); // a bridge restart replays a message
            }
        }
        CellAnalytics direct = new CellAnalytics(meta, AnalyticsOptions.defaults());
        List<CycleResult> batch = new ArrayList<>();
        samples.forEach(s -> batch.addAll(direct.accept(s)));
        List<CycleResult> streamed = cycles.readValuesToList().stream().filter(c -> !Boolean.TRUE.equals(c.provisional())).toList();
        assertThat(streamed).isEqualTo(batch);
    }

    @Test
    void samplesSwappedOnTheWayAreAnalysedInSequenceOrder() {
        CellMetadata meta = metadata("cell-e");
        List<Sample> samples = cycles("cell-e", 3);
        cells.pipeInput("cell-e", CellStatus.online(meta, T0));
        List<Sample> shuffled = new ArrayList<>(samples);
        for (int i = 10; i + 1 < shuffled.size(); i += 97) {
            java.util.Collections.swap(shuffled, i, i + 1); // an edge retry overtaken by the next batch
        }
        java.util.Collections.swap(shuffled, 500, 503);
        shuffled.forEach(s -> telemetry.pipeInput("cell-e", s));

        CellAnalytics direct = new CellAnalytics(meta, AnalyticsOptions.defaults());
        List<CycleResult> inOrder = new ArrayList<>();
        samples.forEach(s -> inOrder.addAll(direct.accept(s)));
        List<CycleResult> streamed = cycles.readValuesToList().stream().filter(c -> !Boolean.TRUE.equals(c.provisional())).toList();
        assertThat(streamed).isEqualTo(inOrder);
    }

    @Test
    void theRunningCycleIsPublishedAsProvisionalOnTheWallClockInterval() {
        CellMetadata meta = metadata("cell-c");
        cells.pipeInput("cell-c", CellStatus.online(meta, T0));
        cycles("cell-c", 1).subList(0, 100).forEach(s -> telemetry.pipeInput("cell-c", s));
        assertThat(cycles.readValuesToList()).isEmpty();

        driver.advanceWallClockTime(StreamsOptions.DEFAULT_PROVISIONAL_INTERVAL.plus(Duration.ofSeconds(1)));

        List<CycleResult> out = cycles.readValuesToList();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).provisional()).isTrue();
        assertThat(out.get(0).chargeAh()).isPositive();

        driver.advanceWallClockTime(StreamsOptions.DEFAULT_PROVISIONAL_INTERVAL.plus(Duration.ofSeconds(1)));
        assertThat(cycles.readValuesToList()).as("no new samples, no new provisional").isEmpty();
    }

    @Test
    void aCellThatNeverAnnouncedItselfIsStillAnalysed() {
        cycles("cell-d", 3).forEach(s -> telemetry.pipeInput("cell-d", s));
        assertThat(cycles.readValuesToList()).filteredOn(c -> !Boolean.TRUE.equals(c.provisional())).hasSize(2);
    }

    private static CellMetadata metadata(String cellId) {
        return new CellMetadata(cellId, "lab", "oven", "ch1", CellType.FULL, "Li||LFP", CAPACITY_AH, 0.0049, 1.54,
                2.0, 4.2, 1.0, 100.0, 10.0);
    }

    /** A simple galvanostatic Li//LFP-like cycle: 1C charge to ~4.2 V, rest, 1C discharge, rest; 10 s samples. */
    private static List<Sample> cycles(String cellId, int n) {
        List<Sample> out = new ArrayList<>();
        double t = T0;
        long seq = 0;
        double i = CAPACITY_AH; // 1C
        for (int c = 0; c < n; c++) {
            double fade = 1 - 0.002 * c;
            for (int k = 0; k <= 350 * fade; k++) {
                out.add(sample(cellId, seq++, t, 3.35 + 0.25 * k / 350.0, i));
                t += 10;
            }
            for (int k = 0; k < 30; k++) {
                out.add(sample(cellId, seq++, t, 3.45, 0.0));
                t += 10;
            }
            for (int k = 0; k <= 345 * fade; k++) {
                out.add(sample(cellId, seq++, t, 3.40 - 0.4 * k / 345.0, -i));
                t += 10;
            }
            for (int k = 0; k < 30; k++) {
                out.add(sample(cellId, seq++, t, 3.30, 0.0));
                t += 10;
            }
        }
        return out;
    }

    private static Sample sample(String cellId, long seq, double t, double v, double i) {
        return new Sample(cellId, seq, t, t - T0, v, i, 100.3, 100.0, null, null);
    }
}
