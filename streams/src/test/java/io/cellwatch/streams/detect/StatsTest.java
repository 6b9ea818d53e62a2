package io.cellwatch.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StatsTest {

    /** The median before it sorted primitives: a sorted copy of the List<Double>. */
    private static Double sortedListMedian(List<Double> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    @Test
    void theMedianIsTheNumberASortedListGaveForShortAndLongLists() {
        Random random = new Random(5);
        double[] awkward = {0.0, -0.0, 1e-300, -1e-300, 0.1, 0.2, 0.30000000000000004, Double.MAX_VALUE};
        for (int round = 0; round < 5_000; round++) {
            int n = random.nextInt(40);
            List<Double> values = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                values.add(random.nextBoolean() ? awkward[random.nextInt(awkward.length)] : random.nextGaussian());
            }
            assertThat(Stats.median(values)).as("%s", values).isEqualTo(sortedListMedian(values));
        }
    }

    @Test
    void theMedianInPlaceIsTheNumberASortedListGaveWithoutSorting() {
        Random random = new Random(7);
        double[] awkward = {0.0, -0.0, 1e-300, -1e-300, 0.1, 0.2, 0.30000000000000004, Double.MAX_VALUE};
        for (int round = 0; round < 5_000; round++) {
            int n = random.nextInt(60);
            List<Double> values = new ArrayList<>();
            double[] scratch = new double[n + random.nextInt(3)]; // longer than n: only the first n count
            for (int k = 0; k < scratch.length; k++) {
                double v = random.nextBoolean() ? awkward[random.nextInt(awkward.length)] : random.nextGaussian();
                scratch[k] = v;
                if (k < n) {
                    values.add(v);
                }
            }
            assertThat(Stats.medianInPlace(scratch, n)).as("%s", values).isEqualTo(sortedListMedian(values));
        }
    }

    @Test
    void theMedianInPlaceOfAChambersManyEqualReadingsIsTheSortedListsAlsoWithANaNAmongThem() {
        Random random = new Random(11);
        double[] probe = {99.8, 99.9, 100.0, 100.0, 100.1};
        for (int round = 0; round < 2_000; round++) {
            int n = 1 + random.nextInt(250);
            boolean withNaN = round % 3 == 0;
            List<Double> values = new ArrayList<>();
            double[] scratch = new double[n];
            for (int k = 0; k < n; k++) {
                double v = withNaN && k == random.nextInt(n) ? Double.NaN : probe[random.nextInt(probe.length)];
                scratch[k] = v;
                values.add(v);
            }
            assertThat(Stats.medianInPlace(scratch, n)).as("%s", values).isEqualTo(sortedListMedian(values));
        }
    }

    @Test
    void withinKeepsTheSameListWhenNothingExpiredAndDropsWhatDid() {
        List<Double> times = List.of(100.0, 200.0, 300.0);

        assertThat(Stats.within(times, 350.0, 3600.0)).isSameAs(times);
        assertThat(Stats.within(times, 3850.0, 3600.0)).containsExactly(300.0);
        assertThat(Stats.within(List.of(), 1.0, 1.0)).isEmpty();
        assertThat(Stats.plus(times, 400.0)).containsExactly(100.0, 200.0, 300.0, 400.0);
    }
}
