package io.cellwatch.streams.analytics;

import io.cellwatch.streams.analytics.DecimatedSeries.Point;
import java.util.ArrayList;
import java.util.List;

/**
 * Capacity retention and fade of one cell across cycles.
 *
 * <p>Retention = delivered capacity / reference, the reference being the largest delivered capacity of the
 * reference cycles (by number, default 1–3; until they are all seen, the largest so far). Fade rate = minus
 * the least-squares slope of retention against cycle number over the last {@code fadeWindowCycles} complete
 * cycles, in retention per cycle (0.001 = 0.1 % of the reference lost per cycle). The projected
 * end-of-life cycle is where that line reaches {@code endOfLifeRetention}; null when the cell is not fading.
 * Only cycles with a delivering half count (a rest-only cycle measures nothing).
 *
 * @param referenceAh the reference capacity, null before the first reference cycle
 * @param window      (cycle, delivered Ah) of the latest complete cycles, oldest first
 */
public record CapacityTrend(Double referenceAh, List<Point> window) {

    public static final CapacityTrend EMPTY = new CapacityTrend(null, List.of());

    /** What the trend says about one cycle. */
    public record Figures(Double referenceAh, Double retention, Double fadeRatePerCycle, Integer projectedEndOfLifeCycle) {
    }

    public CapacityTrend {
        window = List.copyOf(window);
    }

    /** The trend once cycle {@code cycle} delivered {@code deliveredAh} (null: it has no delivering half). */
    CapacityTrend after(int cycle, Double deliveredAh, boolean complete, AnalyticsOptions o) {
        if (deliveredAh == null) {
            return this;
        }
        Double reference = referenceAh;
        int first = o.referenceFirstCycle();
        if (cycle >= first && cycle < first + o.referenceCycleCount()) {
            reference = reference == null ? deliveredAh : Math.max(reference, deliveredAh);
        }
        List<Point> points = window;
        if (complete) {
            List<Point> more = new ArrayList<>(window);
            more.add(new Point(cycle, deliveredAh));
            points = more.subList(Math.max(0, more.size() - o.fadeWindowCycles()), more.size());
        }
        return new CapacityTrend(reference, points);
    }

    Figures figures(Double deliveredAh, AnalyticsOptions o) {
        if (referenceAh == null || referenceAh <= 0) {
            return new Figures(referenceAh, null, null, null);
        }
        Double retention = deliveredAh == null ? null : deliveredAh / referenceAh;
        if (window.size() < o.fadeMinCycles()) {
            return new Figures(referenceAh, retention, null, null);
        }
        double n = window.size();
        double mx = window.stream().mapToDouble(Point::x).sum() / n;
        double my = window.stream().mapToDouble(Point::y).sum() / n;
        double sxy = 0;
        double sxx = 0;
        for (Point p : window) {
            sxy += (p.x() - mx) * (p.y() - my);
            sxx += (p.x() - mx) * (p.x() - mx);
        }
        if (sxx == 0) {
            return new Figures(referenceAh, retention, null, null);
        }
        double slope = sxy / sxx / referenceAh;          // retention per cycle
        double fade = -slope;
        Integer eol = null;
        if (fade > 0) {
            double cycleAtEol = mx + (o.endOfLifeRetention() - my / referenceAh) / slope;
            if (cycleAtEol < Integer.MAX_VALUE) {
                eol = (int) Math.ceil(cycleAtEol);
            }
        }
        return new Figures(referenceAh, retention, fade, eol);
    }
}
