package io.cellwatch.streams.detect;

import io.cellwatch.telemetry.Sample;
import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The latest raw samples of a cell, oldest first ({@link CellDetectorsState#window()}, attached to findings):
 * an immutable list that {@link #plus} extends by one sample per sample without copying the whole window.
 *
 * <p>It is a view of the slots {@code [from, to)} of an array that the windows appended from it share. The
 * newest window on an array writes the next slot in place; any other (an older version: a state snapshot
 * that is appended to again, e.g. after a restore) copies, as does a full array, which then keeps only the
 * last {@code keep} samples in a new one with room for {@code keep} more. A slot, once inside some window,
 * is never written again, so no window ever sees a later change. The claim on the next slot is a
 * compare-and-set, so even two appenders to one window on two threads cannot write the same slot.
 *
 * <p>For Jackson and {@code equals} it is an ordinary {@code List<Sample>}.
 */
final class SampleWindow extends AbstractList<Sample> implements RandomAccess {

    static final SampleWindow EMPTY = new SampleWindow(new Sample[0], 0, 0, new AtomicInteger());

    private final Sample[] items;
    private final int from;
    private final int to;
    /** Slots of {@code items} written so far by any window sharing it. */
    private final AtomicInteger written;

    private SampleWindow(Sample[] items, int from, int to, AtomicInteger written) {
        this.items = items;
        this.from = from;
        this.to = to;
        this.written = written;
    }

    /** {@code samples} as a window: as it is when it is one, else a copy (a list from Jackson or a test). */
    static SampleWindow of(List<Sample> samples) {
        if (samples instanceof SampleWindow w) {
            return w;
        }
        if (samples.isEmpty()) {
            return EMPTY;
        }
        Sample[] items = new Sample[samples.size()];
        for (int k = 0; k < items.length; k++) {
            items[k] = Objects.requireNonNull(samples.get(k), "sample");
        }
        return new SampleWindow(items, 0, items.length, new AtomicInteger(items.length));
    }

    /** The last {@code keep} (≥ 1) of this window and {@code s}. */
    SampleWindow plus(Sample s, int keep) {
        int nextFrom = Math.max(from, to + 1 - keep);
        if (to < items.length && written.compareAndSet(to, to + 1)) {
            items[to] = s;
            return new SampleWindow(items, nextFrom, to + 1, written);
        }
        int kept = to - nextFrom;
        Sample[] fresh = new Sample[Math.max(2 * keep, kept + 1)];
        System.arraycopy(items, nextFrom, fresh, 0, kept);
        fresh[kept] = s;
        return new SampleWindow(fresh, 0, kept + 1, new AtomicInteger(kept + 1));
    }

    @Override
    public Sample get(int index) {
        Objects.checkIndex(index, to - from);
        return items[from + index];
    }

    @Override
    public int size() {
        return to - from;
    }
}
