package io.cellwatch.streams.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.smile.databind.SmileMapper;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import io.cellwatch.streams.analytics.DecimatedSeries.Point;
import io.cellwatch.telemetry.json.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * {@link DecimatedSeries} appends in place to shared arrays ({@link PointList}); it must keep exactly the points
 * the copying version kept, and every earlier version must stay as it was.
 */
class DecimatedSeriesTest {

    /** The state-store encoding of {@code io.cellwatch.streams.topology.StateSerde}. */
    private static final SmileMapper SMILE = SmileMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addModule(new BlackbirdModule())
            .build();

    /** The algorithm before PointList, verbatim but for the record: a full copy on every kept point. */
    private record CopyingSeries(List<Point> points, int stride, long offered) {

        static final CopyingSeries EMPTY = new CopyingSeries(List.of(), 1, 0);

        CopyingSeries append(double x, double y, int maxPoints) {
            if (offered % stride != 0) {
                return new CopyingSeries(points, stride, offered + 1);
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
            return new CopyingSeries(List.copyOf(next), nextStride, offered + 1);
        }

        Double medianFrom(double fromX) {
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

    @Test
    void keepsTheSamePointsAsTheCopyingAlgorithmThroughManyThinnings() {
        Random random = new Random(7);
        for (int maxPoints : new int[] {4, 5, 7, 16, 128}) {
            DecimatedSeries series = DecimatedSeries.EMPTY;
            CopyingSeries reference = CopyingSeries.EMPTY;
            for (int n = 0; n < 20_000; n++) {
                double x = n * 0.001;
                double y = 3.3 + random.nextGaussian();
                series = series.append(x, y, maxPoints);
                reference = reference.append(x, y, maxPoints);

                assertThat(series.points()).as("maxPoints %d after %d", maxPoints, n).isEqualTo(reference.points());
                assertThat(series.stride()).isEqualTo(reference.stride());
                assertThat(series.offered()).isEqualTo(reference.offered());
            }
            assertThat(series.stride()).as("thinned many times").isGreaterThan(64);
            double from = series.points().get(series.points().size() / 3).x();
            assertThat(series.medianFrom(from)).isEqualTo(reference.medianFrom(from));
        }
    }

    @Test
    void anEarlierVersionNeverSeesLaterAppends() {
        List<DecimatedSeries> versions = new ArrayList<>();
        List<List<Point>> asTheyWere = new ArrayList<>();
        DecimatedSeries series = DecimatedSeries.EMPTY;
        for (int n = 0; n < 2_000; n++) {
            series = series.append(n, -n, 16);
            versions.add(series);
            asTheyWere.add(List.copyOf(series.points()));
        }
        for (int n = 0; n < versions.size(); n++) {
            assertThat(versions.get(n).points()).as("version %d", n).isEqualTo(asTheyWere.get(n));
        }
    }

    @Test
    void anEarlierVersionAppendedToAgainForksWithoutDisturbingTheNewerOne() {
        // what a restored snapshot does: it carries on from where the snapshot was taken
        DecimatedSeries snapshot = DecimatedSeries.EMPTY;
        CopyingSeries snapshotReference = CopyingSeries.EMPTY;
        for (int n = 0; n < 10; n++) {
            snapshot = snapshot.append(n, n, 128);
            snapshotReference = snapshotReference.append(n, n, 128);
        }
        DecimatedSeries live = snapshot;
        CopyingSeries liveReference = snapshotReference;
        DecimatedSeries fork = snapshot;
        CopyingSeries forkReference = snapshotReference;
        for (int n = 10; n < 400; n++) {
            live = live.append(n, 1.0, 128);
            liveReference = liveReference.append(n, 1.0, 128);
            fork = fork.append(n, 2.0, 128);
            forkReference = forkReference.append(n, 2.0, 128);
        }

        assertThat(live.points()).isEqualTo(liveReference.points());
        assertThat(fork.points()).isEqualTo(forkReference.points());
        assertThat(snapshot.points()).isEqualTo(snapshotReference.points());
    }

    @Test
    void twoThreadsAppendingToOneVersionEachGetTheirOwnPoint() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            DecimatedSeries base = DecimatedSeries.EMPTY;
            for (int round = 0; round < 2_000; round++) {
                base = base.append(round, 0, 1_000_000);
                DecimatedSeries from = base;
                CountDownLatch go = new CountDownLatch(1);
                Future<DecimatedSeries> one = pool.submit(() -> {
                    go.await();
                    return from.append(-1, 1, 1_000_000);
                });
                Future<DecimatedSeries> two = pool.submit(() -> {
                    go.await();
                    return from.append(-2, 2, 1_000_000);
                });
                go.countDown();
                List<Point> a = one.get().points();
                List<Point> b = two.get().points();

                assertThat(a.get(a.size() - 1)).isEqualTo(new Point(-1, 1));
                assertThat(b.get(b.size() - 1)).isEqualTo(new Point(-2, 2));
                assertThat(a.subList(0, a.size() - 1)).isEqualTo(from.points()).isEqualTo(b.subList(0, b.size() - 1));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void survivesTheStoreEncodingInTheShapeItAlwaysHadAndCarriesOnIdentically() throws Exception {
        DecimatedSeries series = DecimatedSeries.EMPTY;
        CopyingSeries reference = CopyingSeries.EMPTY;
        for (int n = 0; n < 300; n++) {
            series = series.append(n * 0.5, 4.2 - n * 0.001, 32);
            reference = reference.append(n * 0.5, 4.2 - n * 0.001, 32);
        }

        DecimatedSeries back = SMILE.readValue(SMILE.writeValueAsBytes(series), DecimatedSeries.class);
        ObjectMapper json = Json.mapper();

        assertThat(back).isEqualTo(series);
        assertThat(json.writeValueAsString(series)).isEqualTo(json.writeValueAsString(reference));
        for (int n = 300; n < 700; n++) {
            back = back.append(n * 0.5, 4.2 - n * 0.001, 32);
            series = series.append(n * 0.5, 4.2 - n * 0.001, 32);
        }
        assertThat(back).isEqualTo(series);
    }

    @Test
    void interpolatesBetweenThePointsAndHoldsTheEnds() {
        DecimatedSeries series = DecimatedSeries.EMPTY.append(1, 10, 8).append(2, 20, 8).append(4, 40, 8);

        assertThat(series.interpolate(0)).isEqualTo(10.0);
        assertThat(series.interpolate(1.5)).isEqualTo(15.0);
        assertThat(series.interpolate(3)).isEqualTo(30.0);
        assertThat(series.interpolate(9)).isEqualTo(40.0);
        assertThat(DecimatedSeries.EMPTY.interpolate(1)).isNull();
    }
}
