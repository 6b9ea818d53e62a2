/**
 * Safety detectors as plain Java: no Kafka types, one sample (or one finished cycle) at a time, all memory in
 * records so a Kafka Streams processor can store it and {@code cellwatch replay} runs the same code.
 *
 * <p>Entry points: {@link io.cellwatch.streams.detect.CellDetectors} (one per cell: sensor plausibility,
 * thermal, hard and soft short, stale channel, capacity and polarization trends) and
 * {@link io.cellwatch.streams.detect.ChamberDetectors} (one per chamber), configured by
 * {@link io.cellwatch.streams.detect.DetectionConfig}. Criteria and defaults follow shared/design/DETECTION.md;
 * each default is documented beside it with its source or reasoning. Every detector de-duplicates itself with a
 * {@link io.cellwatch.streams.detect.Latch} (foxBMS-style leaky counter): a condition is reported when it
 * starts, when its severity rises, at most every {@code repeatEveryS} while it holds, and once more with
 * {@code cleared = true} when it stops.
 */
package io.cellwatch.streams.detect;
