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
        CycleAccumulator empty = new CycleAccumulator(number, Span.of(s), Throughput.ZERO, TemperatureStats.EMPTY,
                DecimatedSeries.EMPTY, DecimatedSeries.EMPTY, null, List.of(), 0, HalfCycles.NONE, List.of());
        return empty.track(s, kind, carried, empty.span(), StepAccumulator.open(s, kind, carried, limits), limits);
    }

    /** Takes the next sample of this cycle: {@code earlier} closes the previous step when a new one starts. */
    CycleAccumulator with(Sample s, StepSegmenter.Segment seg, Throughput earlier, Throughput later,
            CellThresholds limits) {
        if (seg.newStep()) {
            return closeOpenStep(earlier, limits).track(s, seg.kind(), later, span.with(s),
                    StepAccumulator.open(s, seg.kind(), later, limits), limits);
        }
        return track(s, seg.kind(), later, span.with(s), openStep.with(s, seg.kind(), later, limits), limits);
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

    /** This cycle with sample {@code s} in it and {@code step} as its open step: one new record per sample. */
    private CycleAccumulator track(Sample s, StepKind kind, Throughput interval, Span newSpan, StepAccumulator step,
            CellThresholds limits) {
        Throughput total = throughput.plus(interval);
        int d = StepSegmenter.direction(kind);
        int points = limits.options().curvePoints();
        DecimatedSeries ch = d > 0 ? chargeCurve.append(total.chargeAh(), s.voltageV(), points) : chargeCurve;
        DecimatedSeries dis = d < 0 ? dischargeCurve.append(total.dischargeAh(), s.voltageV(), points) : dischargeCurve;
        return new CycleAccumulator(number, newSpan, total, temperature.with(s.cellTemperatureC(), s.timeS(), limits),
                ch, dis, step, steps, stepsOmitted, halfCycles, dcir);
    }
}
