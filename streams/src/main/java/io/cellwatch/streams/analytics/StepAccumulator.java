package io.cellwatch.streams.analytics;

import io.cellwatch.telemetry.CycleResult;
import io.cellwatch.telemetry.CycleResult.StepKind;
import io.cellwatch.telemetry.Sample;

/**
 * The figures of one open step, updated one sample at a time.
 *
 * @param kind        the step's kind (the kind of its latest sample: a step relabelled CV changes kind)
 * @param stepIndex   the cycler's step index, null when not reported
 * @param span        first and last sample
 * @param throughput  charge and energy integrated so far
 * @param temperature cell temperature statistics
 * @param absVoltage  |V| against time, kept for symmetric cells only (for the overpotential), else empty
 */
public record StepAccumulator(StepKind kind, Integer stepIndex, Span span, Throughput throughput,
        TemperatureStats temperature, DecimatedSeries absVoltage) {

    /** Nothing yet: what {@link #open} adds the first sample to. */
    private static final StepAccumulator BLANK = new StepAccumulator(null, null, null, Throughput.ZERO,
            TemperatureStats.EMPTY, DecimatedSeries.EMPTY);

    /** A step starting at {@code s}, already holding {@code carried} (its share of the interval before it). */
    static StepAccumulator open(Sample s, StepKind kind, Throughput carried, CellThresholds limits) {
        return BLANK.track(s, kind, s.stepIndex(), Span.of(s), carried, limits);
    }

    StepAccumulator with(Sample s, StepKind newKind, Throughput interval, CellThresholds limits) {
        return track(s, newKind, stepIndex == null ? s.stepIndex() : stepIndex, span.with(s), interval, limits);
    }

    /** Adds the share of an interval that belongs to this step, without a new sample (the step is ending). */
    StepAccumulator plus(Throughput interval) {
        return new StepAccumulator(kind, stepIndex, span, throughput.plus(interval), temperature, absVoltage);
    }

    /** This step with sample {@code s} in it, as {@code newKind}: one new record per sample. */
    private StepAccumulator track(Sample s, StepKind newKind, Integer newStepIndex, Span newSpan, Throughput interval,
            CellThresholds limits) {
        DecimatedSeries v = limits.symmetric() && StepSegmenter.direction(newKind) != 0
                ? absVoltage.append(s.timeS(), Math.abs(s.voltageV()), limits.options().curvePoints())
                : absVoltage;
        return new StepAccumulator(newKind, newStepIndex, newSpan, throughput.plus(interval),
                temperature.with(s.cellTemperatureC(), s.timeS(), limits), v);
    }

    /**
     * Overpotential of a symmetric cell's half-cycle: the median |V| over the last half of the step by time
     * (DETECTION.md: "η, median |V| over the last half of the half-cycle"); null for other steps.
     */
    Double overpotentialV() {
        if (absVoltage.points().isEmpty()) {
            return null;
        }
        return absVoltage.medianFrom(span.startTimeS() + span.durationS() / 2);
    }

    CycleResult.Step toResult(CellThresholds limits) {
        return new CycleResult.Step(kind, stepIndex, span.startTimeS(), span.endTimeS(), span.durationS(),
                span.samples(), span.startVoltageV(), span.endVoltageV(),
                throughput.chargeAh(), throughput.dischargeAh(), throughput.chargeWh(), throughput.dischargeWh(),
                limits.specificMahPerG(throughput.chargeAh()), limits.specificMahPerG(throughput.dischargeAh()),
                temperature.meanC(), temperature.maxC(), overpotentialV());
    }
}
