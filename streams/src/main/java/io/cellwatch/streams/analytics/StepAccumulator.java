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

    /** A step starting at {@code s}, already holding {@code carried} (its share of the interval before it). */
    static StepAccumulator open(Sample s, StepKind kind, Throughput carried, CellThresholds limits) {
        Running step = new Running(new StepAccumulator(null, null, Span.startingAt(s), Throughput.ZERO,
                TemperatureStats.EMPTY, DecimatedSeries.EMPTY));
        step.add(s, kind, Throughput.Sums.interval(carried), limits);
        return step.toRecord();
    }

    StepAccumulator with(Sample s, StepKind newKind, Throughput interval, CellThresholds limits) {
        Running step = new Running(this);
        step.add(s, newKind, Throughput.Sums.interval(interval), limits);
        return step.toRecord();
    }

    /** Adds the share of an interval that belongs to this step, without a new sample (the step is ending). */
    StepAccumulator plus(Throughput interval) {
        return new StepAccumulator(kind, stepIndex, span, throughput.plus(interval), temperature, absVoltage);
    }

    /**
     * The same step in mutable fields, so that a sample inside the step updates it in place instead of
     * building a new record and its parts ({@link CycleAccumulator.Running}). This is the one rule for a
     * step taking a sample: {@link #open} and {@link #with} use it too. {@link #toRecord} copies the figures
     * out, so a record it made never changes afterwards.
     */
    static final class Running {
        private StepKind kind;
        private Integer stepIndex;
        private final double startTimeS;
        private final double startVoltageV;
        private double endTimeS;
        private double endVoltageV;
        private long samples;
        private final Throughput.Sums throughput;
        private final TemperatureStats.Running temperature;
        private final DecimatedSeries.Running absVoltage;

        Running(StepAccumulator step) {
            kind = step.kind;
            stepIndex = step.stepIndex;
            startTimeS = step.span.startTimeS();
            startVoltageV = step.span.startVoltageV();
            endTimeS = step.span.endTimeS();
            endVoltageV = step.span.endVoltageV();
            samples = step.span.samples();
            throughput = new Throughput.Sums(step.throughput);
            temperature = new TemperatureStats.Running(step.temperature);
            absVoltage = new DecimatedSeries.Running(step.absVoltage);
        }

        StepKind kind() {
            return kind;
        }

        /**
         * Sample {@code s} as {@code newKind}, with {@code interval}, its share of the interval before it (null:
         * none, {@link Throughput#ZERO}).
         */
        void add(Sample s, StepKind newKind, Throughput.Sums interval, CellThresholds limits) {
            // |V| against time, for a symmetric cell's overpotential (polarized samples only)
            if (limits.symmetric() && StepSegmenter.direction(newKind) != 0) {
                absVoltage.append(s.timeS(), Math.abs(s.voltageV()), limits.options().curvePoints());
            }
            kind = newKind;
            if (stepIndex == null) {
                stepIndex = s.stepIndex();
            }
            endTimeS = s.timeS();
            endVoltageV = s.voltageV();
            samples++;
            throughput.add(interval);
            temperature.add(s.cellTemperatureC(), s.timeS(), limits);
        }

        StepAccumulator toRecord() {
            return new StepAccumulator(kind, stepIndex,
                    new Span(startTimeS, endTimeS, startVoltageV, endVoltageV, samples),
                    throughput.toRecord(), temperature.toRecord(),
                    absVoltage.toRecord());
        }
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
