package io.cellwatch.streams.topology;

import io.cellwatch.edge.sim.Preset;
import io.cellwatch.edge.sim.SimulatedCell;
import io.cellwatch.streams.analytics.AnalyticsOptions;
import io.cellwatch.streams.analytics.CellState;
import io.cellwatch.streams.detect.CellDetectorsState;
import io.cellwatch.streams.detect.DetectionConfig;
import io.cellwatch.telemetry.CellMetadata;
import io.cellwatch.telemetry.ChannelAddress;
import io.cellwatch.telemetry.Sample;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cell rebuilt from its journal (the last snapshot and the inputs after it, as a commit wrote them,
 * through the state serde) is the cell that was live at that commit, byte for byte.
 */
class LiveCellTest {

    private static final StateSerde<CellJournalRecord> SERDE = StateSerde.of(CellJournalRecord.class);
    private static final StateSerde<CellState> ANALYTICS = StateSerde.of(CellState.class);
    private static final StateSerde<CellDetectorsState> DETECTORS = StateSerde.of(CellDetectorsState.class);

    /** The store as the changelog leaves it: the latest bytes per key. */
    private final Map<String, byte[]> store = new TreeMap<>();

    private void commit(String cellId, LiveCell cell) {
        cell.writeJournal(cellId, (key, value) -> store.put(key, SERDE.serializer().serialize("t", value)));
    }

    private LiveCell restored(String cellId) {
        CellJournalRecord snapshot = SERDE.deserializer().deserialize("t", store.get(cellId));
        List<CellJournalRecord.Input> inputs = new ArrayList<>();
        store.forEach((key, bytes) -> {
            if (key.startsWith(LiveCell.inputPrefix(cellId))) {
                inputs.addAll(SERDE.deserializer().deserialize("t", bytes).inputs());
            }
        });
        return LiveCell.restore(snapshot.snapshot(), inputs, AnalyticsOptions.defaults(), DetectionConfig.defaults());
    }

    private static void assertSameState(LiveCell restored, LiveCell live) {
        assertThat(ANALYTICS.serializer().serialize("t", restored.analytics.state()))
                .isEqualTo(ANALYTICS.serializer().serialize("t", live.analytics.state()));
        assertThat(DETECTORS.serializer().serialize("t", restored.detectors.state()))
                .isEqualTo(DETECTORS.serializer().serialize("t", live.detectors.state()));
        assertThat(restored.metadata).isEqualTo(live.metadata);
    }

    @Test
    void aCellRebuiltFromSnapshotAndInputsEqualsTheLiveCellAtEveryCommit() {
        SimulatedCell sim = new SimulatedCell("lab.oven.ch1", Preset.HKUST1_100C, 7, 10.0, 1.7e9);
        CellMetadata meta = sim.metadata(new ChannelAddress("lab", "oven", "ch1"));
        LiveCell live = LiveCell.fresh(meta, true, AnalyticsOptions.defaults(), DetectionConfig.defaults());
        long wallMs = 1_000_000;
        int snapshotsSeen = 0;
        boolean restoredWithInputs = false;
        for (int i = 1; i <= 1_000; i++) {
            Sample s = sim.next();
            wallMs += 10;
            live.sample(s, wallMs);
            if (i % 250 == 0) {
                // the channel goes quiet for long enough that the wall-clock check changes the detectors
                wallMs += 3_600_000;
                live.wallClock(wallMs);
            }
            if (i % 7 == 0 || i % 250 == 0) {
                byte[] snapshotBefore = store.get("lab.oven.ch1");
                commit("lab.oven.ch1", live);
                if (store.get("lab.oven.ch1") != snapshotBefore) {
                    snapshotsSeen++;
                }
                LiveCell again = restored("lab.oven.ch1");
                assertSameState(again, live);
                restoredWithInputs |= store.keySet().stream().anyMatch(k -> k.startsWith("lab.oven.ch1#"));
                live = again; // carry on from the rebuilt cell, as a task that moved would
            }
        }
        assertThat(snapshotsSeen).as("a snapshot at the first commit and then every %d inputs", LiveCell.SNAPSHOT_EVERY_INPUTS)
                .isGreaterThanOrEqualTo(1_000 / LiveCell.SNAPSHOT_EVERY_INPUTS);
        assertThat(restoredWithInputs).isTrue();
        assertThat(store.keySet().stream().filter(k -> k.contains("#")).count())
                .as("inputs reuse their slots").isLessThanOrEqualTo(LiveCell.SNAPSHOT_EVERY_INPUTS);
    }

    @Test
    void newMetadataIsSnapshottedAtTheNextCommitAndKeptForReplay() {
        SimulatedCell sim = new SimulatedCell("lab.oven.ch2", Preset.CORE_SHELL_100C, 3, 10.0, 1.7e9);
        CellMetadata unknown = new CellMetadata("lab.oven.ch2", null, null, null, io.cellwatch.telemetry.CellType.FULL,
                null, null, null, null, null, null, null, null, null);
        LiveCell live = LiveCell.fresh(unknown, false, AnalyticsOptions.defaults(), DetectionConfig.defaults());
        for (int i = 0; i < 20; i++) {
            live.sample(sim.next(), 1_000L * i);
        }
        commit("lab.oven.ch2", live);
        for (int i = 20; i < 30; i++) {
            live.sample(sim.next(), 1_000L * i);
        }
        commit("lab.oven.ch2", live);
        assertThat(restored("lab.oven.ch2").registered).isFalse();

        CellMetadata known = sim.metadata(new ChannelAddress("lab", "oven", "ch2"));
        live = live.withMetadata(known, true, AnalyticsOptions.defaults(), DetectionConfig.defaults());
        live.sample(sim.next(), 31_000);
        commit("lab.oven.ch2", live);
        LiveCell again = restored("lab.oven.ch2");
        assertThat(again.registered).isTrue();
        assertSameState(again, live);
    }
}
