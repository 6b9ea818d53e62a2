package io.cellwatch.streams.ordering;

import io.cellwatch.telemetry.Sample;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Puts one cell's samples back in sequence order before the analytics see them, within a bound.
 *
 * <p>Kafka keeps a cell's records in the order the bridge wrote them, and the bridge keeps each
 * channel's MQTT order, so out-of-order samples only come from the edge (a store-and-forward queue
 * draining after an outage while new samples flow, a retried batch). A sample that arrives ahead of
 * a missing one is held until the missing one arrives, or until holding on would delay the cell too
 * much: more than {@code maxHeld} samples waiting, or the newest waiting sample more than
 * {@code maxHoldS} of cycler time after the oldest, or (see {@link #flushOlderThan}) the wall clock
 * says the gap is not going to fill. Then the gap is accepted and the held samples go on in order.
 * A sample at or below what was already released is late or a duplicate: dropped, and counted by
 * the caller, because integrating it would count its charge twice or backwards.
 *
 * <p>In the common case (each sample the next one) nothing is held and the sample passes straight
 * through. The state is a plain record for the changelogged store.
 */
public final class ReorderBuffer {

    /** What the buffer did with one arrival. */
    public record Outcome(State state, List<Sample> released, Drop dropped) {
    }

    /** Why a sample was not used. */
    public enum Drop {
        NONE,
        /**
         * Its seq was already passed on or is already waiting: a redelivered copy, or a sample so
         * late its gap was given up on. The two cannot be told apart by seq alone.
         */
        DUPLICATE_OR_LATE;

        /** The metric tag. */
        public String reason() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * @param lastReleasedSeq the highest seq passed on, null before the first
     * @param held            samples waiting for a gap to fill, in seq order
     * @param heldSinceMs     wall-clock time the oldest held sample started waiting, null when none
     */
    public record State(Long lastReleasedSeq, List<Sample> held, Long heldSinceMs) {
        public static final State EMPTY = new State(null, List.of(), null);

        public State {
            held = held == null ? List.of() : List.copyOf(held);
        }

        public boolean holding() {
            return !held.isEmpty();
        }
    }

    /**
     * @param maxHeld  most samples held at once (default 32: at 10 s sampling, about 5 min)
     * @param maxHoldS most cycler time between the oldest and newest held sample (default 60 s: a
     *                 short enough delay for safety detection, long enough for a retried batch)
     * @param maxWaitS most wall-clock time a gap may hold samples back when nothing else arrives
     *                 (default 30 s, checked by the topology's wall-clock punctuation)
     */
    public record Bounds(int maxHeld, double maxHoldS, double maxWaitS) {
        public static Bounds defaults() {
            return new Bounds(32, 60.0, 30.0);
        }

        /** No reordering: every sample passes or is dropped as late. */
        public static Bounds none() {
            return new Bounds(0, 0.0, 0.0);
        }
    }

    private static final Comparator<Sample> BY_SEQ = Comparator.comparingLong(Sample::seq);

    private final Bounds bounds;

    public ReorderBuffer(Bounds bounds) {
        this.bounds = bounds;
    }

    /** One arriving sample at wall-clock {@code nowMs}. Samples without a seq pass straight through. */
    public Outcome accept(State st, Sample s, long nowMs) {
        if (s.seq() == null) {
            return new Outcome(st, List.of(s), Drop.NONE);
        }
        long seq = s.seq();
        if ((st.lastReleasedSeq() != null && seq <= st.lastReleasedSeq()) || isHeld(st, seq)) {
            return new Outcome(st, List.of(), Drop.DUPLICATE_OR_LATE);
        }
        boolean next = st.lastReleasedSeq() == null || seq == st.lastReleasedSeq() + 1;
        if (next && st.held().isEmpty()) {
            return new Outcome(new State(seq, List.of(), null), List.of(s), Drop.NONE); // the common case
        }
        List<Sample> held = new ArrayList<>(st.held());
        held.add(s);
        held.sort(BY_SEQ);
        return release(new State(st.lastReleasedSeq(), held, st.heldSinceMs() == null ? nowMs : st.heldSinceMs()), false);
    }

    // a loop, not a stream: this runs for every sample, and a stream pipeline cost ~0.2 us each
    private static boolean isHeld(State st, long seq) {
        for (Sample h : st.held()) {
            if (h.seq() == seq) {
                return true;
            }
        }
        return false;
    }

    /** Wall clock: gives up on a gap that has kept samples waiting longer than {@code maxWaitMs}. */
    public Outcome flushOlderThan(State st, long nowMs, long maxWaitMs) {
        if (!st.holding() || st.heldSinceMs() == null || nowMs - st.heldSinceMs() < maxWaitMs) {
            return new Outcome(st, List.of(), Drop.NONE);
        }
        return release(st, true);
    }

    private Outcome release(State st, boolean force) {
        List<Sample> held = new ArrayList<>(st.held());
        List<Sample> out = new ArrayList<>();
        Long last = st.lastReleasedSeq();
        while (!held.isEmpty()) {
            Sample head = held.get(0);
            boolean inSequence = last != null && head.seq() == last + 1;
            boolean overBound = held.size() > bounds.maxHeld() || spanS(held) > bounds.maxHoldS();
            if (inSequence || overBound || force) {
                out.add(held.remove(0));
                last = head.seq();
            } else {
                break;
            }
        }
        State next = new State(last, held, held.isEmpty() ? null : st.heldSinceMs());
        return new Outcome(next, out, Drop.NONE);
    }

    private static double spanS(List<Sample> held) {
        Double first = held.get(0).timeS();
        Double newest = held.stream().map(Sample::timeS).filter(t -> t != null).max(Double::compare).orElse(null);
        return first == null || newest == null ? 0 : newest - first;
    }
}
