package io.cellwatch.streams.analytics;

import java.util.Arrays;
import java.util.List;

/**
 * A bounded record of (x, y) points, e.g. voltage against capacity. It keeps every {@code stride}-th
 * offered point; when it holds more than its limit it drops every other point and doubles the stride, so
 * the points stay evenly spread over everything offered and the state stays small whatever the step length.
 *
 * <p>A value like every other part of the state: {@link #append} returns a new series and leaves this one
 * as it was. The points are a {@link PointList}, so appending to the newest series adds the point in place,
 * in O(1), instead of copying up to {@code maxPoints} points on every kept sample.
 *
 * @param points  kept points, in the order offered
 * @param stride  keep one point in this many
 * @param offered points offered so far
 */
public record DecimatedSeries(List<Point> points, int stride, long offered) {

    public record Point(double x, double y) {
    }

    public static final DecimatedSeries EMPTY = new DecimatedSeries(List.of(), 1, 0);

    public DecimatedSeries {
        points = PointList.of(points); // as it is when it is one already; a copy of a list from outside (Jackson)
    }

    public DecimatedSeries append(double x, double y, int maxPoints) {
        Running r = new Running(this);
        r.append(x, y, maxPoints);
        return r.toRecord();
    }

    /**
     * The same series in mutable fields, for a step or cycle that takes sample after sample in place
     * ({@link CycleAccumulator.Running}); {@link #append} is this too. The points stay a {@link PointList},
     * so a record made by {@link #toRecord} keeps its points whatever is appended here afterwards.
     */
    static final class Running {
        private PointList.Appender points;
        private int stride;
        private long offered;

        Running(DecimatedSeries series) {
            points = new PointList.Appender((PointList) series.points);
            stride = series.stride;
            offered = series.offered;
        }

        void append(double x, double y, int maxPoints) {
            if (kept(offered, stride)) {
                points.add(x, y, maxPoints + 1);
                if (points.size() > maxPoints) {
                    points = new PointList.Appender(points.list().everyOther());
                    stride = stride * 2;
                }
            }
            offered++;
        }

        /**
         * {@code offered % stride == 0}. The stride is a power of two (1, doubled when thinning), and a mask
         * tests that without a 64-bit division, the slowest instruction of a sample; a stride from elsewhere
         * (a stored state) is divided as before.
         */
        private static boolean kept(long offered, int stride) {
            return stride > 0 && (stride & (stride - 1)) == 0 ? (offered & (stride - 1)) == 0 : offered % stride == 0;
        }

        DecimatedSeries toRecord() {
            return new DecimatedSeries(points.list(), stride, offered);
        }
    }

    /** y linearly interpolated at {@code x} (points in increasing x); null when empty. */
    public Double interpolate(double x) {
        PointList p = (PointList) points;
        int n = p.size();
        if (n == 0) {
            return null;
        }
        double prevX = p.x(0);
        double prevY = p.y(0);
        if (x <= prevX) {
            return prevY;
        }
        for (int k = 0; k < n; k++) {
            double px = p.x(k);
            double py = p.y(k);
            if (px >= x) {
                double span = px - prevX;
                return span <= 0 ? py : prevY + (py - prevY) * (x - prevX) / span;
            }
            prevX = px;
            prevY = py;
        }
        return prevY;
    }

    /** Median of y over the points with x at or after {@code fromX}; null when there are none. */
    public Double medianFrom(double fromX) {
        PointList p = (PointList) points;
        double[] ys = new double[p.size()];
        int n = 0;
        for (int k = 0; k < p.size(); k++) {
            if (p.x(k) >= fromX) {
                ys[n++] = p.y(k);
            }
        }
        if (n == 0) {
            return null;
        }
        // Arrays.sort(double[]) orders as Double.compareTo does, so this is the median Collections.sort gave.
        Arrays.sort(ys, 0, n);
        return n % 2 == 1 ? ys[n / 2] : (ys[n / 2 - 1] + ys[n / 2]) / 2;
    }
}
