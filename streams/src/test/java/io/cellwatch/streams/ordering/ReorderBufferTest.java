package io.cellwatch.streams.ordering;

import io.cellwatch.streams.ordering.ReorderBuffer.Drop;
import io.cellwatch.streams.ordering.ReorderBuffer.Outcome;
import io.cellwatch.streams.ordering.ReorderBuffer.State;
import io.cellwatch.telemetry.Sample;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReorderBufferTest {

    private final ReorderBuffer buffer = new ReorderBuffer(new ReorderBuffer.Bounds(4, 60.0, 2.0));
    private State state = State.EMPTY;
    private final List<Long> released = new ArrayList<>();
    private final List<Drop> drops = new ArrayList<>();

    @Test
    void samplesInOrderPassStraightThroughWithoutBeingHeld() {
        feed(1, 2, 3, 4);
        assertThat(released).containsExactly(1L, 2L, 3L, 4L);
        assertThat(state.holding()).isFalse();
    }

    @Test
    void aSwappedPairComesOutInSequence() {
        feed(1, 2, 4, 3, 5);
        assertThat(released).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(drops).containsOnly(Drop.NONE);
    }

    @Test
    void redeliveredAndLateSamplesAreDroppedAndSaidSo() {
        feed(1, 2, 3, 2, 3, 1);
        assertThat(released).containsExactly(1L, 2L, 3L);
        assertThat(drops).filteredOn(d -> d == Drop.DUPLICATE_OR_LATE).hasSize(3);
    }

    @Test
    void aGapThatNeverFillsIsGivenUpOnceMoreThanTheBoundIsWaiting() {
        feed(1, 3, 4, 5, 6); // 2 never comes; bound is 4 held
        assertThat(released).containsExactly(1L);
        feed(7);             // a fifth waiting sample: give up on 2
        assertThat(released).containsExactly(1L, 3L, 4L, 5L, 6L, 7L);
        feed(2);             // too late now
        assertThat(drops.get(drops.size() - 1)).isEqualTo(Drop.DUPLICATE_OR_LATE);
    }

    @Test
    void aGapIsGivenUpWhenTheWaitingSpanExceedsTheCyclerTimeBound() {
        feed(1, 3);
        assertThat(released).containsExactly(1L);
        state = accept(sample(4, 10.0 * 4 + 60.0)); // 70 s after sample 3 at 30 s: beyond 60 s of waiting span
        assertThat(released).containsExactly(1L, 3L, 4L);
    }

    @Test
    void theWallClockFlushesWhatWaitsTooLong() {
        feed(1, 3);
        Outcome early = buffer.flushOlderThan(state, 1_000 + 500, 2_000);
        assertThat(early.released()).isEmpty();
        Outcome late = buffer.flushOlderThan(state, 1_000 + 2_500, 2_000);
        assertThat(late.released()).extracting(Sample::seq).containsExactly(3L);
        assertThat(late.state().holding()).isFalse();
    }

    private void feed(long... seqs) {
        for (long seq : seqs) {
            state = accept(sample(seq, 10.0 * seq));
        }
    }

    private State accept(Sample s) {
        Outcome o = buffer.accept(state, s, 1_000);
        o.released().forEach(r -> released.add(r.seq()));
        drops.add(o.dropped());
        return o.state();
    }

    private static Sample sample(long seq, double t) {
        return new Sample("c", seq, 1_767_225_600.0 + t, t, 3.4, 0.001, 25.0, 25.0, null, null);
    }
}
