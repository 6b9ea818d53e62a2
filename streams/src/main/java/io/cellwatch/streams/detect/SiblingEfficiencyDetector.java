package io.cellwatch.streams.detect;

import io.cellwatch.telemetry.CellType;
import io.cellwatch.telemetry.CycleResult;
import io.cellwatch.telemetry.Finding;
import io.cellwatch.telemetry.FindingType;
import io.cellwatch.telemetry.Sample;
import io.cellwatch.telemetry.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Soft short: a cell's Coulombic efficiency against its sibling cells' (DETECTION.md, Principle 1 and the row
 * "Coulombic efficiency": below the sibling median − 3·MAD → warning).
 *
 * <p>Why beside the own rule of {@link SoftShortDetector} (median CE of the last cycles below 97 %): a batch of
 * Li-metal cells runs at 99.0–99.5 % (Adams et al. 2018), so a cell whose leak costs it a percentage point is
 * still far above 97 % while it is plainly the odd one out in its chamber. Its siblings, same protocol, same
 * chamber, same day, show what its efficiency should be, without a threshold per chemistry or temperature.
 *
 * <p>Siblings are the cells of the same chamber with the same {@link CellType} <b>and the same chemistry label</b>
 * (CE depends on the electrolyte and separator, unlike the voltage noise of {@link SiblingNoiseDetector}, which is
 * mostly the channel's), that reported within {@link Config#freshS()} and whose latest judged cycle is within
 * {@link Config#maxCycleGap()} of the judged one (early cycles run lower). Symmetric Li//Li cells have no CE.
 *
 * <p>Fed by the chamber's detectors with each cell's latest judged cycle ({@link CellDetectors#lastEfficiency()}),
 * carried on every reading a cell sends its chamber; a cell is judged once per cycle, when a reading brings a cycle
 * the chamber has not judged for it yet. Each cell has its own {@link Latch} counted in cycles; the finding is the
 * cell's (cell scope, keyed by the cell id).
 */
public final class SiblingEfficiencyDetector {

    static final String NAME = "SiblingEfficiencyDetector";

    /**
     * @param madMultiple     a cell is below its siblings when its CE is under their median − this × their median
     *                        absolute deviation… Default 3 (DETECTION.md)
     * @param floor           …and under the median − this. Default 0.005 (0.5 percentage points) [D]: healthy
     *                        Li-metal cells of one batch spread over 99.0–99.5 % (Adams et al. 2018), so half a point
     *                        below the batch is the edge of normal; when the siblings agree closely (a MAD of a few
     *                        hundredths of a point, as the simulator's do) the floor, not the MAD, decides
     * @param minSiblings     fewer comparable fresh siblings and nothing is judged. Default 3 [D], as the noise
     *                        rule's: the median of three outvotes one odd sibling
     * @param freshS          a sibling whose last reading is older than this (cycler time, behind the judged
     *                        reading) has left the batch (stopped, paused, removed). Default 600 s [D], as the noise
     *                        rule's: ten heartbeats of the chamber feed
     * @param maxCycleGap     a sibling whose latest judged cycle is further than this from the judged cycle is not
     *                        compared. Default 5 [D]: cells of a batch started on different days are at different
     *                        stages, and the first cycles after formation run lower
         * @param setAfterCycles  cycles below, net, before it is raised. Default 2 [S: Lai et al. 2020 vote 2 of 2]
     * @param clearAfterCycles cycles not below, net, before it clears. Default 2 [D]
     */
    public record Config(double madMultiple, double floor, int minSiblings, double freshS, int maxCycleGap,
            int setAfterCycles, int clearAfterCycles) {

        public static Config defaults() {
            return new Config(3.0, 0.005, 3, 600.0, 5, 2, 2);
        }
    }

    /**
     * A cell's efficiency in one finished cycle, as its chamber is told it.
     *
     * @param cycle               the cycle
     * @param coulombicEfficiency its CE as a fraction, by the cell type's convention
     */
    public record CycleEfficiency(int cycle, double coulombicEfficiency) {

        /**
         * The efficiency of {@code r} when the rule judges it: a complete, final cycle of a cell with a CE (not
         * Li//Li), past the formation cycles the cell's own efficiency rule skips too
         * ({@link SoftShortDetector.Config#formationCycles()}); else null.
         */
        public static CycleEfficiency of(CycleResult r, CellType cellType, int formationCycles) {
            if (r == null || Boolean.TRUE.equals(r.provisional()) || !Boolean.TRUE.equals(r.complete())
                    || cellType == CellType.SYMMETRIC || r.cycle() == null || r.cycle() <= formationCycles
                    || r.coulombicEfficiency() == null || !Double.isFinite(r.coulombicEfficiency())
                    || r.coulombicEfficiency() <= 0) {
                return null;
            }
            return new CycleEfficiency(r.cycle(), r.coulombicEfficiency());
        }
    }

    /**
     * One cell's latest efficiency and its reporting state.
     *
     * @param cellId    the cell
     * @param timeS     cycler time of the cell's latest reading (freshness)
     * @param cycle     the latest judged cycle
     * @param ce        its Coulombic efficiency
     * @param cellType  null when unknown (taken as full)
     * @param chemistry the cell's chemistry label, null when unknown (then its siblings are the unlabelled ones)
     * @param latch     this cell's reporting state
     */
    public record Reading(String cellId, double timeS, int cycle, double ce, CellType cellType, String chemistry,
            Latch latch) implements Siblings.Reading {

        public Reading {
            if (latch == null) {
                latch = Latch.IDLE;
            }
        }
    }

    /** @param cells latest reading per cell, in the order the cells first reported */
    public record State(List<Reading> cells) {

        public static final State INITIAL = new State(List.of());

        public State {
            cells = cells == null ? List.of() : List.copyOf(cells);
        }

        /** The reading of {@code cellId}, null when it has none. */
        public Reading reading(String cellId) {
            int k = Siblings.indexOf(cells, cellId);
            return k < 0 ? null : cells.get(k);
        }
    }

    public record Outcome(State state, List<Finding> findings) {
    }

    private final Config config;
    private final double repeatEveryS;

    SiblingEfficiencyDetector(Config config, double repeatEveryS) {
        this.config = config;
        this.repeatEveryS = repeatEveryS;
    }


    /** The pure form: {@code st} is left as it is; the outcome carries the next state. */
    public Outcome onReading(State st, Sample s, CycleEfficiency latest, CellType cellType, String chemistry,
            FindingContext ctx) {
        Siblings.Live<Reading> live = new Siblings.Live<>(st.cells());
        List<Finding> findings = onReading(live, s, latest, cellType, chemistry, () -> ctx);
        return new Outcome(new State(live.cells), findings);
    }

    /**
     * A reading of the cell of {@code s}, whose latest judged cycle is {@code latest} (null: none yet, then nothing
     * changes). Judged when the cycle is new for this chamber; otherwise only the reading's time is kept.
     */
    List<Finding> onReading(Siblings.Live<Reading> live, Sample s, CycleEfficiency latest, CellType cellType,
            String chemistry, Supplier<FindingContext> ctx) {
        if (latest == null) {
            return List.of();
        }
        double t = s.timeS();
        String id = s.cellId();
        List<Reading> all = live.cells;
        int mine = Siblings.indexOf(all, id);
        Reading before = mine < 0 ? null : all.get(mine);
        Latch latch = before == null ? Latch.IDLE : before.latch();
        if (before != null && before.cycle() == latest.cycle()) {
            all.set(mine, new Reading(id, t, before.cycle(), before.ce(), cellType, chemistry, latch));
            return List.of();
        }
        CellType type = Siblings.typeOf(cellType);
        double[] siblings = live.scratch(all.size());
        int n = 0;
        for (Reading r : all) {
            if (!r.cellId().equals(id) && Siblings.typeOf(r.cellType()) == type
                    && Objects.equals(r.chemistry(), chemistry) && t - r.timeS() <= config.freshS()
                    && Math.abs(r.cycle() - latest.cycle()) <= config.maxCycleGap()) {
                siblings[n++] = r.ce();
            }
        }
        if (n < config.minSiblings()) {
            Siblings.put(all, mine,
                    new Reading(id, t, latest.cycle(), latest.coulombicEfficiency(), cellType, chemistry, latch));
            return List.of();
        }
        double median = Stats.medianInPlace(siblings, n);
        for (int k = 0; k < n; k++) {
            siblings[k] = Math.abs(siblings[k] - median); // the values are not needed again, their deviations are
        }
        double mad = Stats.medianInPlace(siblings, n);
        double margin = Math.max(config.madMultiple() * mad, config.floor());
        double threshold = median - margin;
        double ce = latest.coulombicEfficiency();
        Severity level = ce < threshold ? Severity.WARNING : null;
        Latch.Step step = latch.evaluate(level, t, config.setAfterCycles(), config.clearAfterCycles(), repeatEveryS);
        Siblings.put(all, mine, new Reading(id, t, latest.cycle(), ce, cellType, chemistry, step.latch()));
        if (!step.reports()) {
            return List.of();
        }
        String summary = Evidence.fmt("Coulombic efficiency %.2f %% in cycle %d, %.2f points below the median %.2f %%"
                        + " of its %d sibling cells in the chamber (warning below median − max(%.0f×MAD, %.1f points)):"
                        + " charge lost inside the cell, a soft short", ce * 100, latest.cycle(), (median - ce) * 100,
                median * 100, n, config.madMultiple(), config.floor() * 100);
        Finding f = ctx.get().report(latch, step, FindingType.SOFT_SHORT, level, t, NAME, summary,
                Evidence.of().with("coulombic_efficiency", ce).with("sibling_median_coulombic_efficiency", median)
                        .with("sibling_mad_coulombic_efficiency", mad).with("threshold_coulombic_efficiency", threshold)
                        .with("siblings", (double) n).map());
        return List.of(f);
    }
}
