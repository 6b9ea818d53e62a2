package io.cellwatch.streams.detect;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Small statistics over short lists of figures. */
final class Stats {

    private Stats() {
    }

    /** Median, null for an empty list. */
    static Double median(List<Double> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** {@code values} plus {@code value}, keeping the last {@code keep}. */
    static List<Double> appendBounded(List<Double> values, double value, int keep) {
        List<Double> next = new ArrayList<>(values.size() + 1);
        next.addAll(values);
        next.add(value);
        return List.copyOf(next.subList(Math.max(0, next.size() - keep), next.size()));
    }
}
