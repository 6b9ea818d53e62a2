package io.cellwatch.streams.analytics;

import io.cellwatch.telemetry.CycleResult;
import io.cellwatch.telemetry.CycleResult.Rule;
import io.cellwatch.telemetry.CycleResult.StepKind;
import io.cellwatch.telemetry.Sample;
import java.util.List;

/**
 * Decides where cycles begin and end, and keeps the running cycle.
 *
 * <p><b>The rule.</b> The cycler's cycle counter is used when it is <em>meaningful</em>, i.e. it advances.
 * Otherwise cycles come from step order: charge first (full cells): a cycle is charge … discharge and a new
 * one starts at the first charge step after the cycle has discharged at least {@code minHalfCycleAh};
 * discharge first (anode half cells) the mirror image; symmetric cells: whichever direction came first.
 * Step-order cycles are numbered from 1; a leading discharge of a charge-first cell (a "cycle 0" in cycler
 * terms) is cycle 1 with no charge, so its efficiency is null.
 *
 * <p><b>Deciding online.</b> A stream cannot look ahead to see whether the counter will ever advance, so a
 * cell whose first sample has a counter starts {@link Mode#COUNTER_UNPROVEN}. Where step order would put a
 * boundary, the step-order cycle is held back and a candidate for the next one is kept alongside. If the
 * counter then advances, it has proven itself: the cycle ends by the counter and the held cycles are
 * dropped. If a second step-order boundary arrives first, a whole step-order cycle went by with a constant
 * counter (Maccor {@code Cyc#} stuck at 0): step order wins for good and both held cycles are emitted. A
 * formation cycle discharge–charge–discharge under one counter value (BattMo export) therefore stays one
 * cycle, as the cycler numbered it. At the end of the data a counter that never advanced is not trusted.
 */
public final class CycleAssembler {

    public enum Mode { COUNTER_UNPROVEN, COUNTER, STEPS }

    /**
     * @param mode             the rule in force
     * @param counter          the cycler's cycle counter at the previous sample (latest known)
     * @param leadingDirection +1 charge first, −1 discharge first, 0 not known yet (symmetric, no current yet)
     * @param current          the running cycle (under COUNTER_UNPROVEN: the counter's candidate)
     * @param held             COUNTER_UNPROVEN only: the first step-order cycle, held back
     * @param candidate        COUNTER_UNPROVEN only: the step-order cycle running after {@code held}
     */
    public record State(Mode mode, Integer counter, int leadingDirection, CycleAccumulator current,
            CycleAccumulator held, CycleAccumulator candidate) {
    }

    /** A cycle that has ended, with the rule that ended it and the direction that led it. */
    public record Closed(CycleAccumulator cycle, Rule rule, boolean complete, int leadingDirection) {
    }

    public record Outcome(State state, List<Closed> closed) {
    }

    private final CellThresholds limits;

    CycleAssembler(CellThresholds limits) {
        this.limits = limits;
    }

    Outcome accept(State st, Sample s, StepSegmenter.Segment seg, Throughput earlier, Throughput later) {
        int d = StepSegmenter.direction(seg.kind());
        if (st == null) {
            int lead = switch (limits.order()) {
                case CHARGE_FIRST -> 1;
                case DISCHARGE_FIRST -> -1;
                case FIRST_DIRECTION -> d;
            };
            Mode mode = s.cycleIndex() != null ? Mode.COUNTER_UNPROVEN : Mode.STEPS;
            int number = s.cycleIndex() != null ? s.cycleIndex() : 1;
            return new Outcome(new State(mode, s.cycleIndex(), lead,
                    CycleAccumulator.open(number, s, seg.kind(), later, limits), null, null), List.of());
        }
        int lead = st.leadingDirection() != 0 ? st.leadingDirection() : d;
        Integer counter = s.cycleIndex() != null ? s.cycleIndex() : st.counter();
        // The two things that end a cycle: the counter advanced, or a step boundary (only at a new step).
        // Running.tryAdd takes the samples with neither in place (the last case below): a change to when a
        // cycle ends belongs there too.
        boolean counterAdvanced = st.mode() != Mode.STEPS && st.counter() != null && !counter.equals(st.counter());
        CycleAccumulator stepCycle = st.candidate() != null ? st.candidate() : st.current();
        boolean stepBoundary = seg.newStep() && lead != 0 && d == lead && armed(stepCycle, -lead);

        if (counterAdvanced) {
            return new Outcome(new State(Mode.COUNTER, counter, lead, open(counter, s, seg, later), null, null),
                    List.of(closed(st.current().closing(earlier, limits), Rule.CYCLER_COUNTER, lead)));
        }
        if (stepBoundary && st.mode() == Mode.STEPS) {
            CycleAccumulator ended = st.current().closing(earlier, limits);
            return new Outcome(new State(Mode.STEPS, counter, lead, open(ended.number() + 1, s, seg, later), null,
                    null), List.of(closed(ended, stepsRule(lead), lead)));
        }
        if (stepBoundary && st.mode() == Mode.COUNTER_UNPROVEN) {
            if (st.held() == null) {
                CycleAccumulator held = st.current().closing(earlier, limits).renumbered(1);
                return new Outcome(new State(st.mode(), counter, lead, continued(st.current(), s, seg, earlier, later),
                        held, open(2, s, seg, later)), List.of());
            }
            // A whole step-order cycle passed and the counter did not move: it is constant, not a cycle counter.
            CycleAccumulator second = st.candidate().closing(earlier, limits);
            return new Outcome(new State(Mode.STEPS, counter, lead, open(second.number() + 1, s, seg, later), null,
                    null), List.of(closed(st.held(), stepsRule(lead), lead), closed(second, stepsRule(lead), lead)));
        }
        CycleAccumulator candidate = st.candidate() == null ? null
                : st.candidate().with(s, seg, earlier, later, limits);
        return new Outcome(new State(st.mode(), counter, lead, continued(st.current(), s, seg, earlier, later),
                st.held(), candidate), List.of());
    }

    /**
     * The cycles carried on in place, one sample after another, while the samples only continue the open step:
     * what {@link #accept} does for such a sample (its last case: no boundary possible without a new step or
     * an advancing counter), without building a new state per sample. {@link #state} builds one.
     */
    static final class Running {
        private final State base;
        private Integer counter;
        private int leadingDirection;
        private final CycleAccumulator.Running current;
        private final CycleAccumulator.Running candidate;

        Running(State st) {
            base = st;
            counter = st.counter();
            leadingDirection = st.leadingDirection();
            current = new CycleAccumulator.Running(st.current());
            candidate = st.candidate() == null ? null : new CycleAccumulator.Running(st.candidate());
        }

        /**
         * Takes {@code s} when it only continues the open step: not a new step, and not an advance of a
         * cycle counter still in use (either can end a cycle). False: nothing taken, {@link #accept} decides.
         */
        boolean tryAdd(Sample s, boolean newStep, StepKind kind, Throughput.Sums interval, CellThresholds limits) {
            if (newStep) {
                return false;
            }
            Integer now = s.cycleIndex() != null ? s.cycleIndex() : counter;
            if (base.mode() != Mode.STEPS && counter != null && !now.equals(counter)) {
                return false;
            }
            counter = now;
            if (leadingDirection == 0) {
                leadingDirection = StepSegmenter.direction(kind);
            }
            // Inside a step the whole interval is the step's own (IntervalShares: later = the interval).
            current.add(s, kind, interval, limits);
            if (candidate != null) {
                candidate.add(s, kind, interval, limits);
            }
            return true;
        }

        State state() {
            return new State(base.mode(), counter, leadingDirection, current.toRecord(), base.held(),
                    candidate == null ? null : candidate.toRecord());
        }
    }

    /** Adds a DCIR point to the running cycle (and to the step-order candidate while one is kept). */
    State withDcir(State st, CycleResult.Dcir point) {
        return new State(st.mode(), st.counter(), st.leadingDirection(), st.current().withDcir(point), st.held(),
                st.candidate() == null ? null : st.candidate().withDcir(point));
    }

    /** The cycle running now, as a result would describe it if the data ended here. */
    Closed running(State st) {
        Rule rule = st.mode() == Mode.STEPS ? stepsRule(st.leadingDirection()) : Rule.CYCLER_COUNTER;
        return new Closed(st.current().snapshot(limits), rule, false, st.leadingDirection());
    }

    /** The data has ended: the running cycle(s), the last one marked incomplete. */
    List<Closed> finish(State st) {
        int lead = st.leadingDirection();
        if (st.mode() != Mode.COUNTER_UNPROVEN) {
            return List.of(running(st));
        }
        // The counter never advanced in the whole data: it is not trusted, step order decides.
        Rule rule = stepsRule(lead);
        if (st.held() != null) {
            return List.of(closed(st.held(), rule, lead),
                    new Closed(st.candidate().snapshot(limits), rule, false, lead));
        }
        return List.of(new Closed(st.current().snapshot(limits).renumbered(1), rule, false, lead));
    }

    private boolean armed(CycleAccumulator cycle, int trailingDirection) {
        return cycle.saw(trailingDirection) && cycle.throughput().ah(trailingDirection) >= limits.minHalfCycleAh();
    }

    private CycleAccumulator open(int number, Sample s, StepSegmenter.Segment seg, Throughput later) {
        return CycleAccumulator.open(number, s, seg.kind(), later, limits);
    }

    private CycleAccumulator continued(CycleAccumulator c, Sample s, StepSegmenter.Segment seg, Throughput earlier,
            Throughput later) {
        return c.with(s, seg, earlier, later, limits);
    }

    private static Closed closed(CycleAccumulator c, Rule rule, int lead) {
        return new Closed(c, rule, true, lead);
    }

    private static Rule stepsRule(int lead) {
        return lead < 0 ? Rule.STEPS_DISCHARGE_FIRST : Rule.STEPS_CHARGE_FIRST;
    }
}
