package io.cellwatch.streams.topology;

import io.cellwatch.streams.analytics.AnalyticsOptions;
import io.cellwatch.streams.analytics.CellAnalytics;
import io.cellwatch.streams.detect.CellDetectors;
import io.cellwatch.streams.detect.CellDetectorsState;
import io.cellwatch.streams.detect.DetectionConfig;
import io.cellwatch.streams.ordering.ReorderBuffer;
import io.cellwatch.telemetry.CellMetadata;
import io.cellwatch.telemetry.CycleResult;
import io.cellwatch.telemetry.Finding;
import io.cellwatch.telemetry.Sample;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Everything a task holds in memory for one cell: its {@link CellAnalytics} and {@link CellDetectors},
 * and the journal that makes them durable ({@link CellJournalRecord}): every input fed to them is
 * kept until the next commit writes it, and every {@link #SNAPSHOT_EVERY_INPUTS} inputs (or when the
 * metadata changes) the commit writes a snapshot instead. {@link #restore} rebuilds the same objects
 * from the last snapshot and the inputs after it. No Kafka types: the processor wires it.
 *
 * <p>Not thread-safe; one per cell, used by the task's stream thread only.
 */
final class LiveCell {

    /**
     * Inputs between snapshots. 128: a snapshot (several KB) then costs about as much changelog as the
     * 128 inputs after it (~0.1 KB each), and rebuilding a cell replays at most 128 samples (well under
     * a millisecond) when its task moves.
     */
    static final int SNAPSHOT_EVERY_INPUTS = 128;
    private static final char INPUT_KEY_SEPARATOR = '#'; // not allowed in a cell id (TelemetryValidator)

    final CellMetadata metadata;
    final boolean registered;
    final CellAnalytics analytics;
    final CellDetectors detectors;
    ReorderBuffer.State order = ReorderBuffer.State.EMPTY;
    final ChamberFeed.Sent sentToChamber = new ChamberFeed.Sent();

    private long nextInput;
    private long inputsFrom;
    private boolean snapshotDue;
    private final List<CellJournalRecord.Input> unwritten = new ArrayList<>();

    /** What one sample did: the cycles it finished and the detectors' findings, in order. */
    record Fed(List<CycleResult> cycles, List<Finding> findings) {
    }

    private LiveCell(CellMetadata metadata, boolean registered, CellAnalytics analytics, CellDetectors detectors) {
        this.metadata = metadata;
        this.registered = registered;
        this.analytics = analytics;
        this.detectors = detectors;
    }

    /** A cell never seen before: its first commit writes a snapshot, so the metadata it is analysed as is kept. */
    static LiveCell fresh(CellMetadata metadata, boolean registered, AnalyticsOptions options, DetectionConfig detection) {
        LiveCell cell = new LiveCell(metadata, registered, new CellAnalytics(metadata, options),
                new CellDetectors(metadata, detection));
        cell.snapshotDue = true;
        return cell;
    }

    /**
     * The cell as it was at the last commit: {@code snapshot} with {@code inputs} (any order; those before
     * the snapshot and any after a gap are ignored) fed again.
     */
    static LiveCell restore(CellJournalRecord.Snapshot snapshot, List<CellJournalRecord.Input> inputs,
            AnalyticsOptions options, DetectionConfig detection) {
        CellMetadata meta = snapshot.metadata();
        LiveCell cell = new LiveCell(meta, snapshot.registered(), CellAnalytics.restore(meta, options, snapshot.analytics()),
                CellDetectors.restore(meta, detection, snapshot.detectors()));
        List<CellJournalRecord.Input> tail = new ArrayList<>();
        for (CellJournalRecord.Input in : inputs) {
            if (in.index() >= snapshot.inputsFrom()) {
                tail.add(in);
            }
        }
        tail.sort((a, b) -> Long.compare(a.index(), b.index()));
        long next = snapshot.inputsFrom();
        for (CellJournalRecord.Input in : tail) {
            if (in.index() != next) {
                break; // cannot happen when commits write every input; never feed past a hole
            }
            cell.apply(in);
            next++;
        }
        cell.inputsFrom = snapshot.inputsFrom();
        cell.nextInput = next;
        return cell;
    }

    /** The same cell, its state carried on, now judged as {@code newMetadata}; the next commit snapshots it. */
    LiveCell withMetadata(CellMetadata newMetadata, boolean nowRegistered, AnalyticsOptions options,
            DetectionConfig detection) {
        LiveCell moved = new LiveCell(newMetadata, nowRegistered, CellAnalytics.restore(newMetadata, options, analytics.state()),
                CellDetectors.restore(newMetadata, detection, detectors.state()));
        moved.order = order;
        moved.nextInput = nextInput;
        moved.inputsFrom = inputsFrom;
        moved.snapshotDue = true;
        return moved;
    }

    /** Feeds one sample to the analytics, then its finished cycles and the sample to the detectors; journals it. */
    Fed sample(Sample s, long wallClockMs) {
        journal(new CellJournalRecord.Input(nextInput, s, wallClockMs));
        return feed(s, wallClockMs);
    }

    /** The detectors' wall-clock check; journalled only when it changed their state. */
    List<Finding> wallClock(long nowMs) {
        CellDetectorsState before = detectors.state();
        List<Finding> findings = detectors.onWallClock(nowMs);
        if (!before.equals(detectors.state())) {
            journal(new CellJournalRecord.Input(nextInput, null, nowMs));
        }
        return findings;
    }

    private void journal(CellJournalRecord.Input in) {
        nextInput++;
        if (snapshotDue || nextInput - inputsFrom >= SNAPSHOT_EVERY_INPUTS) {
            snapshotDue = true; // the snapshot will cover this input: no need to keep it
            unwritten.clear();
        } else {
            unwritten.add(in);
        }
    }

    private void apply(CellJournalRecord.Input in) {
        if (in.sample() == null) {
            detectors.onWallClock(in.wallClockMs());
        } else {
            feed(in.sample(), in.wallClockMs());
        }
    }

    private Fed feed(Sample s, long wallClockMs) {
        List<CycleResult> cycles = analytics.accept(s);
        List<Finding> findings = new ArrayList<>(0);
        // a sample's finished cycles go to the detectors before the sample itself (CellDetectors' contract)
        for (CycleResult cycle : cycles) {
            findings.addAll(detectors.onCycle(cycle));
        }
        findings.addAll(detectors.onSample(s, wallClockMs));
        return new Fed(cycles, findings);
    }

    /** At commit: a snapshot when one is due, else the inputs since the last commit, as one record. */
    void writeJournal(String cellId, BiConsumer<String, CellJournalRecord> put) {
        if (snapshotDue) {
            put.accept(cellId, CellJournalRecord.of(new CellJournalRecord.Snapshot(metadata, registered,
                    analytics.state(), detectors.state(), nextInput)));
            inputsFrom = nextInput;
            snapshotDue = false;
        } else if (!unwritten.isEmpty()) {
            put.accept(inputKey(cellId, unwritten.get(0).index()), CellJournalRecord.of(unwritten));
        }
        unwritten.clear();
    }

    /**
     * A commit's inputs go under the slot of their first index, of {@link #SNAPSHOT_EVERY_INPUTS} slots
     * per cell reused round after round: the inputs after a snapshot are always fewer than that, so
     * their records never share a slot, and the older ones a slot still holds have indexes below the
     * snapshot's and are ignored. No deletes needed, and a compacted changelog keeps one record per slot.
     */
    static String inputKey(String cellId, long index) {
        return inputPrefix(cellId) + (index % SNAPSHOT_EVERY_INPUTS);
    }

    static String inputPrefix(String cellId) {
        return cellId + INPUT_KEY_SEPARATOR;
    }
}
