package io.cellwatch.streams.analytics;

import io.cellwatch.streams.analytics.DecimatedSeries.Point;
import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An immutable list of (x, y) points held in two {@code double} arrays, for the point lists of the state
 * ({@link DecimatedSeries}, the detectors' recent slopes): no object per point, {@link #plus} appends in
 * O(1) and {@link #dropFirst} drops the oldest points in O(1), instead of copying the list on every sample.
 *
 * <p>It is a view of the slots {@code [from, from + size)} of arrays that the lists made from it share. The
 * newest list on the arrays writes the next slot in place; any other (an older version: a state snapshot
 * appended to again, e.g. after a restore) copies first, as does a list whose arrays are full. A slot, once
 * inside some list, is never written again, so no list ever sees a later change. The claim on the next
 * slot is a compare-and-set, so even two appenders to one list on two threads cannot write the same slot.
 *
 * <p>For Jackson and {@code equals} it is an ordinary {@code List<Point>}: it serializes as the list of
 * points it always was, and is equal to any list of the same points. Records holding one take any list
 * in their constructor through {@link #of}.
 */
public final class PointList extends AbstractList<Point> implements RandomAccess {

    public static final PointList EMPTY = new PointList(new double[0], new double[0], 0, 0, new AtomicInteger());

    private static final int MIN_CAPACITY = 16;

    private final double[] xs;
    private final double[] ys;
    private final int from;
    private final int size;
    /** Slots of {@code xs}/{@code ys} written so far by any list sharing them. */
    private final AtomicInteger written;

    private PointList(double[] xs, double[] ys, int from, int size, AtomicInteger written) {
        this.xs = xs;
        this.ys = ys;
        this.from = from;
        this.size = size;
        this.written = written;
    }

    /** {@code points} as a PointList: itself when it is one, else a copy (a list from Jackson or a test). */
    public static PointList of(List<Point> points) {
        if (points instanceof PointList p) {
            return p;
        }
        int n = points.size();
        if (n == 0) {
            return EMPTY;
        }
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int k = 0; k < n; k++) {
            Point p = Objects.requireNonNull(points.get(k), "point");
            xs[k] = p.x();
            ys[k] = p.y();
        }
        return new PointList(xs, ys, 0, n, new AtomicInteger(n));
    }

    public double x(int index) {
        return xs[from + Objects.checkIndex(index, size)];
    }

    public double y(int index) {
        return ys[from + Objects.checkIndex(index, size)];
    }

    /**
     * This list and then (x, y). {@code maxCapacity} bounds the arrays' growth (the most points the caller
     * ever holds, or more to copy less often when it drops old points).
     */
    public PointList plus(double x, double y, int maxCapacity) {
        Appender appender = new Appender(this);
        appender.add(x, y, maxCapacity);
        return appender.list();
    }

    /**
     * Appends to a list in place, point after point, for a series that takes sample after sample
     * ({@link DecimatedSeries.Running}): the same slots and the same compare-and-set claims as {@link #plus}
     * (which is this too), without a list object per point. {@link #list} makes the list as it stands; the
     * appender goes on past it, never into a slot the list holds.
     */
    static final class Appender {
        private double[] xs;
        private double[] ys;
        private int from;
        private int size;
        private AtomicInteger written;

        Appender(PointList list) {
            xs = list.xs;
            ys = list.ys;
            from = list.from;
            size = list.size;
            written = list.written;
        }

        void add(double x, double y, int maxCapacity) {
            int end = from + size;
            if (end < xs.length && written.compareAndSet(end, end + 1)) {
                xs[end] = x;
                ys[end] = y;
                size++;
                return;
            }
            // Full, or not the newest list on these arrays: the points go to arrays of our own.
            int capacity = Math.max(size + 1, Math.min(maxCapacity, Math.max(MIN_CAPACITY, 2 * size)));
            double[] nx = new double[capacity];
            double[] ny = new double[capacity];
            System.arraycopy(xs, from, nx, 0, size);
            System.arraycopy(ys, from, ny, 0, size);
            nx[size] = x;
            ny[size] = y;
            xs = nx;
            ys = ny;
            from = 0;
            size++;
            written = new AtomicInteger(size);
        }

        int size() {
            return size;
        }

        PointList list() {
            return new PointList(xs, ys, from, size, written);
        }
    }

    /** This list without its first {@code count} points, on the same arrays. */
    public PointList dropFirst(int count) {
        Objects.checkFromToIndex(0, count, size);
        return count == 0 ? this : new PointList(xs, ys, from + count, size - count, written);
    }

    /** Points 0, 2, 4, … in new arrays of the same capacity, so the thinned list grows back into them. */
    PointList everyOther() {
        int n = (size + 1) / 2;
        double[] nx = new double[xs.length];
        double[] ny = new double[ys.length];
        for (int k = 0; k < n; k++) {
            nx[k] = xs[from + 2 * k];
            ny[k] = ys[from + 2 * k];
        }
        return new PointList(nx, ny, 0, n, new AtomicInteger(n));
    }

    @Override
    public Point get(int index) {
        return new Point(x(index), y(index));
    }

    @Override
    public int size() {
        return size;
    }
}
