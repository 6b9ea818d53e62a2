package io.cellwatch.streams.analytics;

import io.cellwatch.telemetry.CellMetadata;
import io.cellwatch.telemetry.CycleResult;
import io.cellwatch.telemetry.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The cycle analytics of one cell, fed one sample at a time: the single entry point for the Kafka Streams
 * processor and for {@code cellwatch replay FILE}, so both give the same answer.
 *
 * <pre>{@code
 * CellAnalytics cell = new CellAnalytics(metadata, AnalyticsOptions.defaults());
 * for (Sample s : samples) {
 *     publish(cell.accept(s));          // cycles that this sample finished
 * }
 * publish(cell.finish());               // end of file: the last cycle, marked incomplete
 * }</pre>
 *
 * <p>Samples must arrive in the cell's order. A sample whose {@code seq} is not above the highest seen so far
 * is a redelivery or out of order: it is ignored and counted ({@link CellState#duplicatesIgnored()}), never
 * merged, because integrating it would count its charge twice or backwards. A sample without time, voltage
 * or current (validation lets none through) is ignored and counted too.
 *
 * <p>Not thread-safe; one instance per cell. {@link #state()} is the whole memory, a plain record.
 *
 * <p>Almost every sample only carries on the open step. Those update a mutable copy of the running cycle(s)
 * in place ({@link CycleAssembler.Running}; the segmenter's memory likewise, {@link StepSegmenter.Running})
 * instead of building a new state record tree per sample, and the record is built when it is asked for
 * ({@link #state()}, {@link #provisional()}) or the next sample needs the full rules. A state handed out is
 * never changed afterwards: the copy's figures are copied out into new records, and the point lists they
 * share only ever grow past what a handed-out record sees.
 */
public final class CellAnalytics {

    private final String cellId;
    private final CellThresholds limits;
    private final double gapLimitS;
    private final StepSegmenter segmenter;
    private final CycleAssembler assembler;
    private final CycleReport report;
    /** The memory as of the last sample that went through the full rules, or as last built by {@link #settle}. */
    private CellState state;
    /** The cycles carried on in place since then; null until a sample carries on a step. */
    private CycleAssembler.Running running;
    /** Samples went into {@link #running} since {@link #state} was built: its cycles, last sample etc. are old. */
    private boolean unsettled;
    /** Highest seq, last sample and the segmenter's memory: always current (in {@link #state} when settled). */
    private Long lastSeq;
    private Sample last;
    private final StepSegmenter.Running segmenting;
    private final Throughput.Sums scratchInterval = new Throughput.Sums();
    private boolean finished;

    public CellAnalytics(CellMetadata cell, AnalyticsOptions options) {
        this(cell, options, CellState.EMPTY);
    }

    private CellAnalytics(CellMetadata cell, AnalyticsOptions options, CellState state) {
        this.cellId = Objects.requireNonNull(cell, "cell").cellId();
        this.limits = CellThresholds.of(cell, Objects.requireNonNull(options, "options"));
        this.gapLimitS = SampleGap.limitS(cell.samplePeriodS());
        this.segmenter = StepSegmenter.of(limits);
        this.assembler = new CycleAssembler(limits);
        this.report = new CycleReport(cellId, limits);
        this.state = Objects.requireNonNull(state, "state");
        this.lastSeq = state.lastSeq();
        this.last = state.last();
        this.segmenting = new StepSegmenter.Running(segmenter, state.segmenter());
    }

    /** Carries on from a stored {@link #state()}, e.g. after a Kafka Streams task moved to another instance. */
    public static CellAnalytics restore(CellMetadata cell, AnalyticsOptions options, CellState state) {
        return new CellAnalytics(cell, options, state);
    }

    /** Takes the next sample; returns the cycles it finished (usually none, at a cycle boundary one or two). */
    public List<CycleResult> accept(Sample s) {
        if (finished) {
            throw new IllegalStateException("finish() was called: this cell's data has ended");
        }
        if (!usable(s)) {
            state = state.ignoringIncomplete();
            return List.of();
        }
        if (s.seq() != null && lastSeq != null && s.seq() <= lastSeq) {
            state = state.ignoringDuplicate();
            return List.of();
        }
        segmenting.take(s);
        Sample last = this.last;
        // Across a change of the cycler's own step or cycle index nothing is integrated: cyclers log a row at
        // both ends of a step and restart their counters there (BattMo export: a 500 s gap between them).
        // Nor across a silent spell (SampleGap): the cycler ran whole steps in it.
        // (The interval goes into a scratch reused for every sample: null when nothing is integrated.)
        Throughput.Sums interval = last == null || segmenting.indexChanged() || SampleGap.between(last, s, gapLimitS)
                || !scratchInterval.setBetween(last, s) ? null : scratchInterval;
        Long seq = s.seq() != null ? s.seq() : lastSeq;
        if (state.cycles() != null) { // almost every sample: it carries on the open step, in place
            if (running == null) {
                running = new CycleAssembler.Running(state.cycles());
            }
            if (running.tryAdd(s, segmenting.newStep(), segmenting.kind(), interval, limits)) {
                lastSeq = seq;
                this.last = s;
                unsettled = true;
                return List.of();
            }
        }
        settle();
        running = null; // the full rules below build new records; a new copy is made from them when needed
        StepSegmenter.Segment seg = segmenting.segment();
        // Throughput.between(last, s) (ZERO when time does not advance), or ZERO when nothing is integrated
        IntervalShares shares = IntervalShares.of(interval == null ? Throughput.ZERO : interval.toRecord(), seg);
        CycleAssembler.Outcome out = assembler.accept(state.cycles(), s, seg, shares.earlier(), shares.later());
        CycleAssembler.State cycles = out.state();
        CycleResult.Dcir dcir = seg.newStep() && last != null ? DcirDetector.at(last, s, limits) : null;
        if (dcir != null) {
            cycles = assembler.withDcir(cycles, dcir);
        }
        lastSeq = seq;
        this.last = s;
        if (out.closed().isEmpty()) {
            state = new CellState(seq, state.duplicatesIgnored(), state.incompleteIgnored(), s, seg.state(), cycles,
                    state.trend());
            return List.of();
        }
        Reported reported = report(out.closed());
        state = new CellState(seq, state.duplicatesIgnored(), state.incompleteIgnored(), s, seg.state(), cycles,
                reported.trend());
        return reported.results();
    }

    /** Builds {@link #state} from the cycles carried on in place, when samples went there since it was built. */
    private void settle() {
        if (unsettled) {
            state = new CellState(lastSeq, state.duplicatesIgnored(), state.incompleteIgnored(), last,
                    segmenting.state(), running.state(), state.trend());
            unsettled = false;
        }
    }

    /** The running cycle as it stands (provisional = true), or empty before the first sample. */
    public Optional<CycleResult> provisional() {
        settle();
        if (state.cycles() == null || finished) {
            return Optional.empty();
        }
        CycleAssembler.Closed running = assembler.running(state.cycles());
        Double delivered = report.deliveredAh(running);
        CapacityTrend trend = state.trend().after(running.cycle().number(), delivered, false, limits.options());
        return Optional.of(report.of(running, trend.figures(delivered, limits.options()), true));
    }

    /** The data has ended (end of file): returns the cycles still open, the last marked incomplete. */
    public List<CycleResult> finish() {
        settle();
        running = null;
        if (finished || state.cycles() == null) {
            finished = true;
            return List.of();
        }
        finished = true;
        Reported reported = report(assembler.finish(state.cycles()));
        state = new CellState(state.lastSeq(), state.duplicatesIgnored(), state.incompleteIgnored(), state.last(),
                state.segmenter(), null, reported.trend());
        return reported.results();
    }

    /** The whole memory of this cell, to store and {@link #restore} later. */
    public CellState state() {
        settle();
        return state;
    }

    /** {@link CellState#duplicatesIgnored()} without building the state. */
    public long duplicatesIgnored() {
        return state.duplicatesIgnored();
    }

    /** {@link CellState#incompleteIgnored()} without building the state. */
    public long incompleteIgnored() {
        return state.incompleteIgnored();
    }

    private record Reported(List<CycleResult> results, CapacityTrend trend) {
    }

    /** Results of ended cycles, each entering the capacity trend before its own figures are taken. */
    private Reported report(List<CycleAssembler.Closed> ended) {
        CapacityTrend trend = state.trend();
        List<CycleResult> results = new ArrayList<>(ended.size());
        for (CycleAssembler.Closed closed : ended) {
            Double delivered = report.deliveredAh(closed);
            trend = trend.after(closed.cycle().number(), delivered, closed.complete(), limits.options());
            results.add(report.of(closed, trend.figures(delivered, limits.options()), false));
        }
        return new Reported(List.copyOf(results), trend);
    }

    private static boolean usable(Sample s) {
        return s != null && finite(s.timeS()) && finite(s.voltageV()) && finite(s.currentA());
    }

    private static boolean finite(Double d) {
        return d != null && Double.isFinite(d);
    }
}
