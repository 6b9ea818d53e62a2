package io.cellwatch.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellwatch.streams.analytics.DecimatedSeries.Point;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link RecentSlope} keeps its points in a PointList; the points and slopes must be those of the list version. */
class RecentSlopeTest {

    /** The algorithm before PointList, verbatim. */
    private static List<Point> copyingWith(List<Point> points, double timeS, double value, double windowS) {
        List<Point> next = new ArrayList<>(points.size() + 1);
        for (Point p : points) {
            if (timeS - p.x() <= windowS && p.x() <= timeS) {
                next.add(p);
            }
        }
        if (next.isEmpty() || timeS - next.get(next.size() - 1).x() >= windowS / 6) {
            next.add(new Point(timeS, value));
        }
        return List.copyOf(next);
    }

    private static Double copyingPerSecond(List<Point> points, double timeS, double value, double minSpanS) {
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

    @Test
    void keepsTheSamePointsAndGivesTheSameSlopesAsTheListVersion() {
        Random random = new Random(11);
        RecentSlope slope = RecentSlope.EMPTY;
        List<Point> reference = List.of();
        double t = 1_767_225_600.0;
        for (int n = 0; n < 20_000; n++) {
            // irregular sampling, silent spells, and now and then time going back (a cycler clock reset)
            int dice = random.nextInt(100);
            t += dice == 0 ? -300 : dice == 1 ? 900 : 1 + random.nextInt(30);
            double value = 25 + random.nextGaussian();

            assertThat(slope.perSecond(t, value, 60.0)).isEqualTo(copyingPerSecond(reference, t, value, 60.0));
            slope = slope.with(t, value, 120.0);
            reference = copyingWith(reference, t, value, 120.0);
            assertThat(slope.points()).as("sample %d", n).isEqualTo(reference);
        }
    }

    @Test
    void anEarlierSlopeNeverSeesLaterReadings() {
        RecentSlope earlier = RecentSlope.EMPTY.with(0, 20, 120).with(20, 21, 120);
        List<Point> asItWas = List.copyOf(earlier.points());
        RecentSlope later = earlier.with(40, 22, 120);
        RecentSlope fork = earlier.with(40, 99, 120);

        assertThat(earlier.points()).isEqualTo(asItWas);
        assertThat(later.points()).endsWith(new Point(40, 22));
        assertThat(fork.points()).endsWith(new Point(40, 99)).hasSize(3);
    }
}
