package io.cellwatch.streams.analytics;

import io.cellwatch.telemetry.Sample;

/**
 * Everything {@link CellAnalytics} remembers about one cell between samples: a plain record of records, so
 * a Kafka Streams processor can keep it in a state store as JSON and {@link CellAnalytics#restore} can carry
 * on exactly where it stopped.
 *
 * @param lastSeq            highest {@code seq} accepted, null before the first sample
 * @param duplicatesIgnored  samples ignored because their seq was not above {@code lastSeq} (redelivered
 *                           or out of order)
 * @param incompleteIgnored  samples ignored because time, voltage or current was missing or not finite
 * @param last               the previous accepted sample (one end of the next integration interval)
 * @param segmenter          step segmentation state
 * @param cycles             cycle boundary state and the running cycle
 * @param trend              retention reference and fade window
 */
public record CellState(
        Long lastSeq,
        long duplicatesIgnored,
        long incompleteIgnored,
        Sample last,
        StepSegmenter.State segmenter,
        CycleAssembler.State cycles,
        CapacityTrend trend) {

    public static final CellState EMPTY = new CellState(null, 0, 0, null, null, null, CapacityTrend.EMPTY);

    CellState ignoringDuplicate() {
        return new CellState(lastSeq, duplicatesIgnored + 1, incompleteIgnored, last, segmenter, cycles, trend);
    }

    CellState ignoringIncomplete() {
        return new CellState(lastSeq, duplicatesIgnored, incompleteIgnored + 1, last, segmenter, cycles, trend);
    }
}
