package io.cellwatch.streams.analytics;

import io.cellwatch.telemetry.CycleResult;
import io.cellwatch.telemetry.CycleResult.StepKind;
import io.cellwatch.telemetry.Sample;
import java.util.ArrayList;
import java.util.List;

/**
 * The figures of one cycle, updated one sample at a time: totals, the charge and discharge voltage curves
 * (voltage against the capacity moved so far in the cycle, for the mid-capacity gap), the closed steps,
 * the step still open, and DCIR points.
 *
 * @param number         the cycle number
 * @param span           first and last sample
 * @param throughput     charge and energy of the whole cycle
 * @param temperature    cell temperature statistics of the whole cycle
 * @param chargeCurve    (charge Ah so far, V) on charge samples
 * @param dischargeCurve (discharge Ah so far, V) on discharge samples
 * @param openStep       the step still open, null once the cycle is closed
 * @param steps          closed steps, at most {@code maxStepsPerCycle}
 * @param stepsOmitted   closed steps beyond that
 * @param halfCycles     which directions the cycle has had steps in, and its largest half-cycles
 * @param dcir           DCIR points measured in this cycle
 */
public record CycleAccumulator(int number, Span span, Throughput throughput, TemperatureStats temperature,
        DecimatedSeries chargeCurve, DecimatedSeries dischargeCurve, StepAccumulator openStep,
        List<CycleResult.Step> steps, int stepsOmitted, HalfCycles halfCycles, List<CycleResult.Dcir> dcir) {

    /**
     * Directions seen in closed steps, and the capacity and overpotential of the largest closed step in each
     * direction (symmetric cells report the overpotential of the cycle's main half-cycles).
     */
    public record HalfCycles(boolean sawCharge, boolean sawDischarge, double chargeAh, Double chargeOverpotentialV,
            double dischargeAh, Double dischargeOverpotentialV) {

        static final HalfCycles NONE = new HalfCycles(false, false, 0, null, 0, null);

        HalfCycles with(StepAccumulator step) {
            int d = StepSegmenter.direction(step.kind());
            double ah = step.throughput().ah(d);
            if (d > 0) {
                return ah >= chargeAh ? new HalfCycles(true, sawDischarge, ah, step.overpotentialV(), dischargeAh,
                        dischargeOverpotentialV) : new HalfCycles(true, sawDischarge, chargeAh, chargeOverpotentialV,
                        dischargeAh, dischargeOverpotentialV);
            }
            if (d < 0) {
                return ah >= dischargeAh ? new HalfCycles(sawCharge, true, chargeAh, chargeOverpotentialV, ah,
                        step.overpotentialV()) : new HalfCycles(sawCharge, true, chargeAh, chargeOverpotentialV,
                        dischargeAh, dischargeOverpotentialV);
            }
            return this;
        }
    }

    public CycleAccumulator {
        // List.copyOf returns an immutable list as it is, so this copies only lists from outside (Jackson).
        steps = List.copyOf(steps);
        dcir = List.copyOf(dcir);
    }

    static CycleAccumulator open(int number, Sample s, StepKind kind, Throughput carried, CellThresholds limits) {
        CycleAccumulator empty = new CycleAccumulator(number, Span.startingAt(s), Throughput.ZERO,
                TemperatureStats.EMPTY, DecimatedSeries.EMPTY, DecimatedSeries.EMPTY,
                StepAccumulator.open(s, kind, carried, limits), List.of(), 0, HalfCycles.NONE, List.of());
        Running cycle = new Running(empty);
        cycle.addToCycle(s, kind, Throughput.Sums.interval(carried), limits);
        return cycle.toRecord();
    }

    /** Takes the next sample of this cycle: {@code earlier} closes the previous step when a new one starts. */
    CycleAccumulator with(Sample s, StepSegmenter.Segment seg, Throughput earlier, Throughput later,
            CellThresholds limits) {
        if (seg.newStep()) {
            CycleAccumulator closed = closeOpenStep(earlier, limits);
            Running cycle = new Running(new CycleAccumulator(number, span, closed.throughput, temperature,
                    chargeCurve, dischargeCurve, StepAccumulator.open(s, seg.kind(), later, limits), closed.steps,
                    closed.stepsOmitted, closed.halfCycles, dcir));
            cycle.addToCycle(s, seg.kind(), Throughput.Sums.interval(later), limits);
            return cycle.toRecord();
        }
        Running cycle = new Running(this);
        cycle.add(s, seg.kind(), Throughput.Sums.interval(later), limits);
        return cycle.toRecord();
    }

    /** Ends the cycle before the next sample: {@code earlier} is its share of the interval to that sample. */
    CycleAccumulator closing(Throughput earlier, CellThresholds limits) {
        return closeOpenStep(earlier, limits);
    }

    CycleAccumulator withDcir(CycleResult.Dcir point) {
        List<CycleResult.Dcir> more = new ArrayList<>(dcir);
        more.add(point);
        return new CycleAccumulator(number, span, throughput, temperature, chargeCurve, dischargeCurve, openStep,
                steps, stepsOmitted, halfCycles, more);
    }

    CycleAccumulator renumbered(int newNumber) {
        return new CycleAccumulator(newNumber, span, throughput, temperature, chargeCurve, dischargeCurve, openStep,
                steps, stepsOmitted, halfCycles, dcir);
    }

    /** The cycle has had a step in this direction (+1 charge, −1 discharge), the open step included. */
    boolean saw(int direction) {
        if (openStep != null && StepSegmenter.direction(openStep.kind()) == direction) {
            return true;
        }
        return direction > 0 ? halfCycles.sawCharge() : direction < 0 && halfCycles.sawDischarge();
    }

    /** The cycle as if it ended now: its open step closed (for provisional results). */
    CycleAccumulator snapshot(CellThresholds limits) {
        return openStep == null ? this : closeOpenStep(Throughput.ZERO, limits);
    }

    private CycleAccumulator closeOpenStep(Throughput earlier, CellThresholds limits) {
        if (openStep == null) {
            return this;
        }
        StepAccumulator closed = openStep.plus(earlier);
        List<CycleResult.Step> listed = steps;
        int omitted = stepsOmitted;
        if (steps.size() < limits.options().maxStepsPerCycle()) {
            List<CycleResult.Step> more = new ArrayList<>(steps);
            more.add(closed.toResult(limits));
            listed = List.copyOf(more);
        } else {
            omitted++;
        }
        return new CycleAccumulator(number, span, throughput.plus(earlier), temperature, chargeCurve,
                dischargeCurve, null, listed, omitted, halfCycles.with(closed), dcir);
    }

    /**
     * The same cycle in mutable fields, for the samples that carry on inside its open step (almost all of
     * them): {@link CellAnalytics} keeps one and updates it in place instead of building a new record tree
     * per sample, and {@link #toRecord} makes the record when the state is wanted. This is the one rule for
     * a cycle taking a sample: {@link #open} and {@link #with} use it too. What a sample inside the open step
     * leaves alone (number, start, closed steps, half-cycles, DCIR points) stays in {@code base}.
     */
    static final class Running {
        private final CycleAccumulator base;
        private double endTimeS;
        private double endVoltageV;
        private long samples;
        private final Throughput.Sums throughput;
        private final TemperatureStats.Running temperature;
        private final DecimatedSeries.Running chargeCurve;
        private final DecimatedSeries.Running dischargeCurve;
        private final StepAccumulator.Running openStep;

        /** {@code cycle} must have an open step (every running cycle has). */
        Running(CycleAccumulator cycle) {
            base = cycle;
            endTimeS = cycle.span.endTimeS();
            endVoltageV = cycle.span.endVoltageV();
            samples = cycle.span.samples();
            throughput = new Throughput.Sums(cycle.throughput);
            temperature = new TemperatureStats.Running(cycle.temperature);
            chargeCurve = new DecimatedSeries.Running(cycle.chargeCurve);
            dischargeCurve = new DecimatedSeries.Running(cycle.dischargeCurve);
            openStep = new StepAccumulator.Running(cycle.openStep);
        }

        /** Sample {@code s}, inside the open step (as {@code kind}), with its share {@code interval} (null: none). */
        void add(Sample s, StepKind kind, Throughput.Sums interval, CellThresholds limits) {
            openStep.add(s, kind, interval, limits);
            addToCycle(s, kind, interval, limits);
        }

        /** The cycle's own figures with sample {@code s} (the open step has taken it already). */
        private void addToCycle(Sample s, StepKind kind, Throughput.Sums interval, CellThresholds limits) {
            endTimeS = s.timeS();
            endVoltageV = s.voltageV();
            samples++;
            throughput.add(interval);
            // the voltage curves against the capacity moved so far in this cycle, this sample's share included
            int d = StepSegmenter.direction(kind);
            int points = limits.options().curvePoints();
            if (d > 0) {
                chargeCurve.append(throughput.chargeAh(), s.voltageV(), points);
            } else if (d < 0) {
                dischargeCurve.append(throughput.dischargeAh(), s.voltageV(), points);
            }
            temperature.add(s.cellTemperatureC(), s.timeS(), limits);
        }

        CycleAccumulator toRecord() {
            Span span = new Span(base.span.startTimeS(), endTimeS, base.span.startVoltageV(), endVoltageV, samples);
            return new CycleAccumulator(base.number, span,
                    throughput.toRecord(), temperature.toRecord(),
                    chargeCurve.toRecord(), dischargeCurve.toRecord(), openStep.toRecord(), base.steps,
                    base.stepsOmitted, base.halfCycles, base.dcir);
        }
    }
}
