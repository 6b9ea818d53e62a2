package io.cellwatch.streams.detect;

import io.cellwatch.streams.analytics.DecimatedSeries.Point;
import io.cellwatch.streams.analytics.PointList;
import java.util.List;

/**
 * The recent trend of one reading (time, value), for rates such as dT/dt. Keeps a handful of points spread
 * over the window (one per {@code window / 6}), so the state stays a few numbers at any sampling rate; the
 * slope is the least-squares line through them and the newest reading. Taken on every sample, so the points
 * are a {@link PointList}: appending the newest and dropping the oldest copy nothing.
 *
 * @param points kept points, oldest first, none older than the window
 */
public record RecentSlope(List<Point> points) {

    public static final RecentSlope EMPTY = new RecentSlope(List.of());

    private static final int POINTS_PER_WINDOW = 6;
    /**
     * Points the arrays under a slope hold: a window keeps about 7 (one per window / 6, both ends), so as old
     * points are dropped and new ones appended the arrays are copied about every 9th new point.
     */
    private static final int CAPACITY = 16;

    public RecentSlope {
        points = PointList.of(points); // as it is when it is one already; a copy of a list from outside (Jackson)
    }

    RecentSlope with(double timeS, double value, double windowS) {
        PointList p = (PointList) points;
        int n = p.size();
        int first = 0;
        while (first < n && !kept(p.x(first), timeS, windowS)) {
            first++;
        }
        boolean rest = true;
        for (int k = first; k < n && rest; k++) {
            rest = kept(p.x(k), timeS, windowS);
        }
        PointList next;
        if (rest) {
            next = p.dropFirst(first); // the usual case: none or the oldest aged out, nothing is copied
        } else {
            // Time went back past some points: the kept ones, wherever they are, in new arrays.
            next = PointList.EMPTY;
            for (int k = 0; k < n; k++) {
                if (kept(p.x(k), timeS, windowS)) {
                    next = next.plus(p.x(k), p.y(k), CAPACITY);
                }
            }
        }
        int size = next.size();
        if (size == 0 || timeS - next.x(size - 1) >= windowS / POINTS_PER_WINDOW) {
            next = next.plus(timeS, value, CAPACITY);
        }
        // Most samples neither add a point nor age one out: then this is the answer.
        return next == p ? this : new RecentSlope(next);
    }

    private static boolean kept(double x, double timeS, double windowS) {
        return timeS - x <= windowS && x <= timeS;
    }

    /** Slope per second through the kept points and ({@code timeS}, {@code value}); null over less than {@code minSpanS}. */
    Double perSecond(double timeS, double value, double minSpanS) {
        PointList p = (PointList) points;
        int size = p.size();
        if (size == 0 || timeS - p.x(0) < minSpanS) {
            return null;
        }
        int n = size + 1;
        double mx = timeS;
        double my = value;
        for (int k = 0; k < size; k++) {
            mx += p.x(k);
            my += p.y(k);
        }
        mx /= n;
        my /= n;
        double sxy = (timeS - mx) * (value - my);
        double sxx = (timeS - mx) * (timeS - mx);
        for (int k = 0; k < size; k++) {
            double dx = p.x(k) - mx;
            sxy += dx * (p.y(k) - my);
            sxx += dx * dx;
        }
        return sxx > 0 ? sxy / sxx : null;
    }
}
