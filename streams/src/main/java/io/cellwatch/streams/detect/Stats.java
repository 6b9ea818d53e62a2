package io.cellwatch.streams.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Small statistics over short lists of figures. */
final class Stats {

    /** Lists up to this long are sorted by insertion. */
    private static final int SHORT = 16;

    private Stats() {
    }

    /** Median, null for an empty list. */
    static Double median(List<Double> values) {
        int n = values.size();
        if (n == 0) {
            return null;
        }
        if (n == 1) {
            return values.get(0);
        }
        // Sorted as primitives in Double.compare's order (as sorting the List<Double> was), so the median is
        // the same number. The short-detectors take one of a few figures on every sample: insertion sort for
        // those; a chamber's median over its cells can be long.
        double[] sorted = new double[n];
        for (int k = 0; k < n; k++) {
            sorted[k] = values.get(k);
        }
        if (n <= SHORT) {
            for (int k = 1; k < n; k++) {
                double v = sorted[k];
                int j = k;
                while (j > 0 && Double.compare(sorted[j - 1], v) > 0) {
                    sorted[j] = sorted[j - 1];
                    j--;
                }
                sorted[j] = v;
            }
        } else {
            Arrays.sort(sorted);
        }
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /**
     * Median of the first {@code n} values of {@code scratch}, which it reorders; null for n = 0. Quickselect in
     * {@link Double#compare}'s order, so the number is the one {@link #median(List)} gives, without sorting: a
     * chamber judges one cell against all its siblings on every sample it gets.
     */
    static Double medianInPlace(double[] scratch, int n) {
        if (n <= 0) {
            return null;
        }
        // Plain < and > order numbers as Double.compare does except NaN and the two zeros, and cost far less
        // on a chamber's many equal readings of one probe (Double.compare had a tenth of the analytics
        // stream thread in the bench, JFR): they are used unless one of those is among the values.
        boolean exact = false;
        for (int k = 0; k < n && !exact; k++) {
            exact = Double.isNaN(scratch[k]) || scratch[k] == 0;
        }
        double upper = select(scratch, n, n / 2, exact);
        if (n % 2 == 1) {
            return upper;
        }
        // after select, everything left of n/2 is no greater: the lower middle is their largest
        double lower = scratch[0];
        for (int k = 1; k < n / 2; k++) {
            if (before(lower, scratch[k], exact)) {
                lower = scratch[k];
            }
        }
        return (lower + upper) / 2;
    }

    /** The k-th smallest of a[0..n) (Hoare's selection, middle pivot); leaves smaller ones left of k. */
    private static double select(double[] a, int n, int k, boolean exact) {
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            double pivot = a[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (before(a[i], pivot, exact)) {
                    i++;
                }
                while (before(pivot, a[j], exact)) {
                    j--;
                }
                if (i <= j) {
                    double t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }

    /** x comes before y: in {@link Double#compare}'s order when {@code exact}, else as plain numbers. */
    private static boolean before(double x, double y, boolean exact) {
        return exact ? Double.compare(x, y) < 0 : x < y;
    }

    /**
     * The times in {@code times} no more than {@code memoryS} before {@code t}, in order: the list itself
     * when none has expired (the usual case, so a sample costs no copy).
     */
    static List<Double> within(List<Double> times, double t, double memoryS) {
        int expired = 0;
        for (int k = 0; k < times.size(); k++) {
            if (!(t - times.get(k) <= memoryS)) {
                expired++;
            }
        }
        if (expired == 0) {
            return times;
        }
        List<Double> kept = new ArrayList<>(times.size() - expired);
        for (Double when : times) {
            if (t - when <= memoryS) {
                kept.add(when);
            }
        }
        return kept;
    }

    /** {@code values} and then {@code value}. */
    static List<Double> plus(List<Double> values, double value) {
        List<Double> next = new ArrayList<>(values.size() + 1);
        next.addAll(values);
        next.add(value);
        return next;
    }

    /** {@code values} plus {@code value}, keeping the last {@code keep}. */
    static List<Double> appendBounded(List<Double> values, double value, int keep) {
        List<Double> next = new ArrayList<>(values.size() + 1);
        next.addAll(values);
        next.add(value);
        return List.copyOf(next.subList(Math.max(0, next.size() - keep), next.size()));
    }
}
