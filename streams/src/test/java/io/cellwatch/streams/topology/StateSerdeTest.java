package io.cellwatch.streams.topology;

import io.cellwatch.streams.analytics.AnalyticsOptions;
import io.cellwatch.streams.analytics.CellAnalytics;
import io.cellwatch.streams.analytics.CellState;
import io.cellwatch.streams.detect.ChamberDetector;
import io.cellwatch.streams.detect.ChamberDetectors;
import io.cellwatch.streams.detect.DetectionConfig;
import io.cellwatch.streams.detect.Latch;
import io.cellwatch.streams.detect.SiblingEfficiencyDetector;
import io.cellwatch.streams.detect.SiblingNoiseDetector;
import io.cellwatch.streams.detect.SiblingRestDecayDetector;
import io.cellwatch.telemetry.CellMetadata;
import io.cellwatch.telemetry.CellType;
import io.cellwatch.telemetry.Sample;
import io.cellwatch.telemetry.json.JsonSerde;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StateSerdeTest {

    @Test
    void aCellStateMidCycleSurvivesTheStoreEncodingUnchanged() {
        CellMetadata meta = new CellMetadata("c", null, null, null, CellType.FULL, null, 0.00078, 0.0049, null,
                2.0, 4.2, 1.0, null, 10.0);
        CellAnalytics cell = new CellAnalytics(meta, AnalyticsOptions.defaults());
        double t = 1_767_225_600.0;
        for (int i = 0; i < 500; i++) {
            double current = i < 300 ? 0.00078 : -0.00078;
            cell.accept(new Sample("c", (long) i, t + 10 * i, 10.0 * i, 3.3 + 0.001 * (i % 300), current, 25.0 + i * 1e-3, 25.0, null, null));
        }
        StateSerde<CellState> serde = StateSerde.of(CellState.class);

        byte[] bytes = serde.serializer().serialize("store", cell.state());
        CellState back = serde.deserializer().deserialize("store", bytes);

        assertThat(back).isEqualTo(cell.state());
        CellAnalytics restored = CellAnalytics.restore(meta, AnalyticsOptions.defaults(), back);
        assertThat(restored.provisional()).isEqualTo(cell.provisional());
    }

    /** A chamber's state as stored before the sibling rules: no {@code sibling_noise}, no {@code sibling_efficiency}. */
    record ChamberStateBeforeSiblingNoise(Map<String, ChamberDetector.Reading> cells, List<Sample> window,
            Latch latch) {
    }

    @Test
    void aChambersSiblingReadingsSurviveTheStoreEncodingAndAnOlderChamberStateRestoresWithNone() {
        ChamberDetectors chamber = new ChamberDetectors("lab1", "oven1", 100.0, DetectionConfig.defaults());
        double t = 1_767_225_600.0;
        for (int i = 0; i < 20; i++) {
            String id = "c" + (i % 5);
            chamber.onSample(new Sample(id, (long) i, t + 10 * i, null, 3.4, 0.001, 100.2, 100.0, 1, 1),
                    new ChamberDetectors.CellReading(CellType.FULL, "Li||LFP", id.equals("c4") ? 0.003 : 0.0003,
                            new SiblingEfficiencyDetector.CycleEfficiency(3, id.equals("c4") ? 0.98 : 0.995),
                            new SiblingRestDecayDetector.RestDecay(t, id.equals("c4") ? 0.004 : 0.0005)));
        }
        ChamberDetector.State st = chamber.state();
        assertThat(st.siblingNoise().cells()).hasSize(5);
        assertThat(st.siblingEfficiency().cells()).hasSize(5);
        assertThat(st.siblingRestDecay().cells()).hasSize(5);
        StateSerde<ChamberDetector.State> serde = StateSerde.of(ChamberDetector.State.class);

        assertThat(serde.deserializer().deserialize("store", serde.serializer().serialize("store", st))).isEqualTo(st);

        byte[] old = StateSerde.of(ChamberStateBeforeSiblingNoise.class).serializer().serialize("store",
                new ChamberStateBeforeSiblingNoise(st.cells(), st.window(), st.latch()));
        ChamberDetector.State restored = serde.deserializer().deserialize("store", old);
        assertThat(restored.siblingNoise()).isEqualTo(SiblingNoiseDetector.State.INITIAL);
        assertThat(restored.siblingEfficiency()).isEqualTo(SiblingEfficiencyDetector.State.INITIAL);
        assertThat(restored.siblingRestDecay()).isEqualTo(SiblingRestDecayDetector.State.INITIAL);
        assertThat(restored.cells()).isEqualTo(st.cells());
        assertThat(restored.window()).isEqualTo(st.window());
    }

    @Test
    void chamberSamplesTravelAsSmileAndOnesAnOlderVersionWroteAsJsonStillRead() {
        ChamberSample cs = new ChamberSample("lab1", "oven1", 100.0,
                new Sample("c1", 42L, 1_767_225_600.5, 4200.5, 3.912345, -0.00078, 100.3, 99.8, 4, 12), CellType.FULL, 0.00031,
                "Li||LFP", 11, 0.99512, 1_767_225_000.0, 0.0004);
        StateSerde<ChamberSample> serde = StateSerde.readingJsonToo(ChamberSample.class);

        byte[] smile = serde.serializer().serialize("chamber-samples", cs);
        byte[] json = JsonSerde.of(ChamberSample.class).serialize("chamber-samples", cs);

        assertThat(smile[0]).isEqualTo((byte) ':'); // Smile's header, not wire JSON
        assertThat(serde.deserializer().deserialize("chamber-samples", smile)).isEqualTo(cs);
        assertThat(serde.deserializer().deserialize("chamber-samples", json)).isEqualTo(cs);
        assertThatThrownBy(() -> StateSerde.of(ChamberSample.class).deserializer().deserialize("chamber-samples", json))
                .as("only the serde made for a topic that changed encoding reads JSON").hasMessageContaining("ChamberSample");
    }

    /** A chamber sample as an older version sent it: no chemistry, no efficiency. */
    record ChamberSampleBeforeEfficiency(String lab, String chamber, Double setpointC, Sample sample, CellType cellType,
            Double noiseSigmaV) {
    }

    @Test
    void aChamberSampleOfAnOlderVersionReadsWithNoEfficiencySoNothingIsJudgedOnIt() {
        Sample s = new Sample("c1", 42L, 1_767_225_600.5, 4200.5, 3.91, -0.00078, 100.3, 99.8, 4, 12);
        byte[] older = StateSerde.of(ChamberSampleBeforeEfficiency.class).serializer().serialize("chamber-samples",
                new ChamberSampleBeforeEfficiency("lab1", "oven1", 100.0, s, CellType.FULL, 0.00031));

        ChamberSample read = StateSerde.readingJsonToo(ChamberSample.class).deserializer().deserialize("chamber-samples",
                older);

        assertThat(read.sample()).isEqualTo(s);
        assertThat(read.noiseSigmaV()).isEqualTo(0.00031);
        assertThat(read.reading().lastEfficiency()).isNull();
        assertThat(read.reading().chemistry()).isNull();
        assertThat(read.reading().lastRestDecay()).isNull();
        ChamberSample now = new ChamberSample("lab1", "oven1", 100.0, s, CellType.FULL, null, "Li||LFP", 11, 0.99,
                1_767_225_000.0, 0.0004);
        assertThat(now.reading().lastEfficiency()).isEqualTo(new SiblingEfficiencyDetector.CycleEfficiency(11, 0.99));
        assertThat(now.reading().lastRestDecay()).isEqualTo(new SiblingRestDecayDetector.RestDecay(1_767_225_000.0,
                0.0004));
    }

    @Test
    void chamberBatchesTravelAsSmileAndTheSingleReadingsOfOlderVersionsReadAsBatchesOfOne() {
        ChamberSample a = new ChamberSample("lab1", "oven1", 100.0,
                new Sample("c1", 42L, 1_767_225_600.5, 4200.5, 3.912345, -0.00078, 100.3, 99.8, 4, 12), CellType.FULL, 0.00031,
                "Li||LFP", 11, 0.99512, 1_767_225_000.0, 0.0004);
        ChamberSample b = new ChamberSample("lab1", "oven1", 100.0,
                new Sample("c2", 7L, 1_767_225_601.0, 61.0, 3.5, 0.0, 100.1, 99.9, 1, 1), CellType.FULL, null,
                null, null, null, null, null);
        Serde<ChamberBatch> serde = ChamberBatch.serde();
        ChamberBatch batch = new ChamberBatch(List.of(a, b));

        byte[] smile = serde.serializer().serialize("chamber-samples", batch);
        assertThat(smile[0]).isEqualTo((byte) ':');
        assertThat(serde.deserializer().deserialize("chamber-samples", smile)).isEqualTo(batch);
        assertThat(batch.chamberKey()).isEqualTo("lab1/oven1");

        byte[] olderSmile = StateSerde.of(ChamberSample.class).serializer().serialize("chamber-samples", a);
        byte[] olderJson = JsonSerde.of(ChamberSample.class).serialize("chamber-samples", a);
        assertThat(serde.deserializer().deserialize("chamber-samples", olderSmile)).isEqualTo(new ChamberBatch(List.of(a)));
        assertThat(serde.deserializer().deserialize("chamber-samples", olderJson)).isEqualTo(new ChamberBatch(List.of(a)));
        assertThat(serde.deserializer().deserialize("chamber-samples", null)).isNull();
        assertThatThrownBy(() -> serde.deserializer().deserialize("chamber-samples", new byte[]{1, 2, 3}))
                .hasMessageContaining("ChamberBatch");
    }

    @Test
    void unreadableStateFailsWithTheTypeNamed() {
        StateSerde<CellState> serde = StateSerde.of(CellState.class);
        assertThatThrownBy(() -> serde.deserializer().deserialize("store", new byte[]{1, 2, 3}))
                .hasMessageContaining("CellState");
    }
}
