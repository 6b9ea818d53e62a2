package io.cellwatch.streams.analytics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A bounded record of (x, y) points, e.g. voltage against capacity. It keeps every {@code stride}-th
 * offered point; when it holds more than its limit it drops every other point and doubles the stride, so
 * the points stay evenly spread over everything offered and the state stays small whatever the step length.
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
        points = List.copyOf(points); // a no-op for the immutable lists built here
    }

    public DecimatedSeries append(double x, double y, int maxPoints) {
        if (offered % stride != 0) {
            return new DecimatedSeries(points, stride, offered + 1);
        }
        List<Point> next = new ArrayList<>(points.size() + 1);
        next.addAll(points);
        next.add(new Point(x, y));
        int nextStride = stride;
        if (next.size() > maxPoints) {
            List<Point> thinned = new ArrayList<>(next.size() / 2 + 1);
            for (int k = 0; k < next.size(); k += 2) {
                thinned.add(next.get(k));
            }
            next = thinned;
            nextStride = stride * 2;
        }
        return new DecimatedSeries(List.copyOf(next), nextStride, offered + 1);
    }

    /** y linearly interpolated at {@code x} (points in increasing x); null when empty. */
    public Double interpolate(double x) {
        if (points.isEmpty()) {
            return null;
        }
        Point prev = points.get(0);
        if (x <= prev.x()) {
            return prev.y();
        }
        for (Point p : points) {
            if (p.x() >= x) {
                double span = p.x() - prev.x();
                return span <= 0 ? p.y() : prev.y() + (p.y() - prev.y()) * (x - prev.x()) / span;
            }
            prev = p;
        }
        return prev.y();
    }

    /** Median of y over the points with x at or after {@code fromX}; null when there are none. */
    public Double medianFrom(double fromX) {
        List<Double> ys = new ArrayList<>();
        for (Point p : points) {
            if (p.x() >= fromX) {
                ys.add(p.y());
            }
        }
        if (ys.isEmpty()) {
            return null;
        }
        Collections.sort(ys);
        int n = ys.size();
        return n % 2 == 1 ? ys.get(n / 2) : (ys.get(n / 2 - 1) + ys.get(n / 2)) / 2;
    }
}
