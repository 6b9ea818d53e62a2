package io.cellwatch.streams.topology;

import io.cellwatch.streams.analytics.CellState;
import io.cellwatch.streams.detect.CellDetectorsState;
import io.cellwatch.telemetry.CellMetadata;
import io.cellwatch.telemetry.Sample;

import java.util.List;

/**
 * A value of the per-cell journal store: either a snapshot of the cell (under the cell id) or the
 * inputs fed to it during one commit interval (under {@code cellId#slot}). A cell's state is its latest
 * snapshot with the inputs from {@link Snapshot#inputsFrom()} on fed to it again, in index order,
 * through the same pure code ({@code CellAnalytics}, {@code CellDetectors}): that code is
 * deterministic, so the result is the state the live objects had.
 *
 * <p>Why: the whole state of a cell is several kilobytes and changes with every sample; an input is
 * a sample, a tenth of a kilobyte. Writing the input and a snapshot now and then costs the
 * changelog a few dozen times less than writing the state per sample.
 *
 * @param snapshot set on the record under the cell id
 * @param inputs   set on the records under {@code cellId#slot}: consecutive inputs, oldest first (one
 *                 record per cell per commit, however many samples the cell had in between)
 */
record CellJournalRecord(Snapshot snapshot, List<Input> inputs) {

    /**
     * @param metadata   what the cell was analysed as (replay must use the same)
     * @param registered whether that metadata came from the registry (else: a full cell of unknown capacity)
     * @param analytics  {@code CellAnalytics.state()}
     * @param detectors  {@code CellDetectors.state()}
     * @param inputsFrom index of the first input after this snapshot
     */
    record Snapshot(CellMetadata metadata, boolean registered, CellState analytics, CellDetectorsState detectors,
            long inputsFrom) {
    }

    /**
     * @param index       the cell's input counter, from 0
     * @param sample      a sample fed to the analytics and detectors; null for a wall-clock check
     * @param wallClockMs the wall clock the detectors were given with it
     */
    record Input(long index, Sample sample, long wallClockMs) {
    }

    static CellJournalRecord of(Snapshot snapshot) {
        return new CellJournalRecord(snapshot, null);
    }

    static CellJournalRecord of(List<Input> inputs) {
        return new CellJournalRecord(null, List.copyOf(inputs));
    }
}
