package io.cellwatch.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.smile.databind.SmileMapper;
import io.cellwatch.streams.topology.StateSerde;
import io.cellwatch.edge.sim.Fault;
import io.cellwatch.edge.sim.Preset;
import io.cellwatch.edge.sim.SimulatedCell;
import io.cellwatch.streams.analytics.AnalyticsOptions;
import io.cellwatch.streams.analytics.CellAnalytics;
import io.cellwatch.telemetry.CellMetadata;
import io.cellwatch.telemetry.CycleResult;
import io.cellwatch.telemetry.Finding;
import io.cellwatch.telemetry.Sample;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The detectors' memory is a plain record tree: stored the way the topology stores analytics state (Smile,
 * snake case, nulls left out) and restored mid-run, it carries on exactly as the instance that never stopped.
 */
class DetectorStateTest {

    /** The state stores' encoding. */
    private static final SmileMapper MAPPER = StateSerde.mapper();

    @Test
    void aCellsDetectorStateSurvivesTheStoreEncodingMidShortAndCarriesOnIdentically() throws Exception {
        SimulatedCell sim = new SimulatedCell("hkust1", Preset.HKUST1_100C, 11L, 30.0, SimulatedRun.START_S)
                .withFault(new Fault.JumpingTemperatureSensor(SimulatedRun.START_S + 3600, 10.0));
        CellMetadata meta = sim.metadata(SimulatedRun.ADDRESS);
        CellAnalytics analytics = new CellAnalytics(meta, AnalyticsOptions.defaults());
        CellDetectors original = new CellDetectors(meta, DetectionConfig.defaults());
        CellDetectors restored = null;
        List<Finding> fromOriginal = new ArrayList<>();
        List<Finding> fromRestored = new ArrayList<>();
        while (true) {
            Sample s = sim.next();
            if (s.cycleIndex() > 30) {
                break;
            }
            if (restored == null && s.cycleIndex() == 29 && s.testTimeS() > 28.5 * 8100) {
                byte[] bytes = MAPPER.writeValueAsBytes(original.state());
                CellDetectorsState back = MAPPER.readValue(bytes, CellDetectorsState.class);
                assertThat(back).isEqualTo(original.state());
                restored = CellDetectors.restore(meta, DetectionConfig.defaults(), back);
            }
            for (CycleResult c : analytics.accept(s)) {
                fromOriginal.addAll(original.onCycle(c));
                if (restored != null) {
                    fromRestored.addAll(restored.onCycle(c));
                }
            }
            long wall = (long) (s.timeS() * 1000);
            List<Finding> now = original.onSample(s, wall);
            if (restored != null) {
                fromOriginal.addAll(now);
                fromRestored.addAll(restored.onSample(s, wall));
            }
        }

        assertThat(restored).as("restored in cycle 29").isNotNull();
        assertThat(fromRestored).isNotEmpty().isEqualTo(fromOriginal.subList(fromOriginal.size() - fromRestored.size(),
                fromOriginal.size()));
        assertThat(restored.state()).isEqualTo(original.state());
    }

    @Test
    void aChambersStateSurvivesTheStoreEncoding() throws Exception {
        ChamberDetectors chamber = new ChamberDetectors("lab1", "oven1", 100.0, DetectionConfig.defaults());
        for (int i = 0; i < 10; i++) {
            chamber.onSample(new Sample("c" + (i % 3), (long) i, Synthetic.T0 + i, null, 3.4, 0.001, 104.0 + i,
                    104.0, null, null));
        }
        byte[] bytes = MAPPER.writeValueAsBytes(chamber.state());

        assertThat(MAPPER.readValue(bytes, ChamberDetector.State.class)).isEqualTo(chamber.state());
    }
}
