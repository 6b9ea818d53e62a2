package io.cellwatch.streams.detect;

import io.cellwatch.streams.analytics.DecimatedSeries.Point;
import java.util.ArrayList;
import java.util.List;

/**
 * The recent trend of one reading (time, value), for rates such as dT/dt. Keeps a handful of points spread
 * over the window (one per {@code window / 6}), so the state stays a few numbers at any sampling rate; the
 * slope is the least-squares line through them and the newest reading.
 *
 * @param points kept points, oldest first, none older than the window
 */
public record RecentSlope(List<Point> points) {

    public static final RecentSlope EMPTY = new RecentSlope(List.of());

    private static final int POINTS_PER_WINDOW = 6;

    public RecentSlope {
        points = List.copyOf(points);
    }

    RecentSlope with(double timeS, double value, double windowS) {
        List<Point> next = new ArrayList<>(points.size() + 1);
        for (Point p : points) {
            if (timeS - p.x() <= windowS && p.x() <= timeS) {
                next.add(p);
            }
        }
        if (next.isEmpty() || timeS - next.get(next.size() - 1).x() >= windowS / POINTS_PER_WINDOW) {
            next.add(new Point(timeS, value));
        }
        return new RecentSlope(next);
    }

    /** Slope per second through the kept points and ({@code timeS}, {@code value}); null over less than {@code minSpanS}. */
    Double perSecond(double timeS, double value, double minSpanS) {
        if (points.isEmpty() || timeS - points.get(0).x() < minSpanS) {
            return null;
        }
        int n = points.size() + 1;
        double mx = timeS;
        double my = value;
        for (Point p : points) {
            mx += p.x();
            my += p.y();
        }
        mx /= n;
        my /= n;
        double sxy = (timeS - mx) * (value - my);
        double sxx = (timeS - mx) * (timeS - mx);
        for (Point p : points) {
            sxy += (p.x() - mx) * (p.y() - my);
            sxx += (p.x() - mx) * (p.x() - mx);
        }
        return sxx > 0 ? sxy / sxx : null;
    }
}
