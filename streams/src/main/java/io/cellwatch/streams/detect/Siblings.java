package io.cellwatch.streams.detect;

import io.cellwatch.telemetry.CellType;
import java.util.ArrayList;
import java.util.List;

/**
 * What the sibling comparisons ({@link SiblingNoiseDetector}, {@link SiblingEfficiencyDetector},
 * {@link SiblingRestDecayDetector}) share: a chamber's
 * latest reading per cell kept in a list in the order the cells first reported (finding a cell is part of the scan
 * the median needs anyway, and the stored order is stable), and which cells count as one type.
 */
final class Siblings {

    /** A reading of one cell. */
    interface Reading {
        String cellId();
    }

    private Siblings() {
    }

    /**
     * A chamber's readings of one rule while it runs, updated in place: a reading replaces its cell's element
     * instead of copying the list, and the siblings' values go into a scratch array reused for every reading. The
     * rule builds its state record from {@link #cells} when asked (at commit). One per chamber, never shared.
     */
    static final class Live<R extends Reading> {
        final ArrayList<R> cells;
        private double[] scratch = new double[16];

        Live(List<R> cells) {
            this.cells = new ArrayList<>(cells);
        }

        /** The scratch array, at least {@code n} long. */
        double[] scratch(int n) {
            if (scratch.length < n) {
                scratch = new double[Math.max(2 * scratch.length, n)];
            }
            return scratch;
        }
    }

    /** Index of {@code cellId}'s reading in {@code cells}, −1 when it has none. */
    static int indexOf(List<? extends Reading> cells, String cellId) {
        for (int k = 0; k < cells.size(); k++) {
            if (cells.get(k).cellId().equals(cellId)) {
                return k;
            }
        }
        return -1;
    }

    /** Element {@code at} of {@code cells} replaced by {@code r} (appended when {@code at} < 0). */
    static <R> void put(List<R> cells, int at, R r) {
        if (at < 0) {
            cells.add(r);
        } else {
            cells.set(at, r);
        }
    }

    /** An unknown type counts as full, as {@link CellScale} takes it. */
    static CellType typeOf(CellType t) {
        return t == null ? CellType.FULL : t;
    }
}
