/**
 * Cycle analytics of battery cells, as plain Java: no Kafka types, one sample at a time, all memory in
 * records ({@link io.cellwatch.streams.analytics.CellState}) so a Kafka Streams processor can store it and
 * {@code cellwatch replay FILE} runs exactly the same code.
 *
 * <p>Entry point: {@link io.cellwatch.streams.analytics.CellAnalytics} (one per cell) with
 * {@link io.cellwatch.streams.analytics.AnalyticsOptions}. Inside, in the order a sample meets them:
 * {@link io.cellwatch.streams.analytics.StepSegmenter} (kind of each sample, runs of samples as steps),
 * {@link io.cellwatch.streams.analytics.Throughput} (trapezoid integration over the cycler's time),
 * {@link io.cellwatch.streams.analytics.CycleAssembler} (cycle boundaries: cycler counter or step order),
 * {@link io.cellwatch.streams.analytics.CycleAccumulator} and
 * {@link io.cellwatch.streams.analytics.StepAccumulator} (per-cycle and per-step figures),
 * {@link io.cellwatch.streams.analytics.CapacityTrend} (retention, fade, end-of-life projection), and the
 * report that turns a cycle into {@link io.cellwatch.telemetry.CycleResult}.
 *
 * <p>Conventions (shared/design/DETECTION.md, "Conventions to state, not guess"): current positive on
 * charge; CE = Q out / Q in of the same cycle (discharge/charge charge-first, delithiation/lithiation for
 * discharge-first half cells, undefined for Li//Li); polarization reported both as the capacity-weighted
 * mean voltage gap and as the gap at mid capacity; Li//Li overpotential = median |V| over the last half of
 * a half-cycle; DCIR = ΔV/ΔI across a step change, tagged with Δt.
 */
package io.cellwatch.streams.analytics;
