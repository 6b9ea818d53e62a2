package io.cellwatch.streams.detect;

import io.cellwatch.telemetry.CellType;
import io.cellwatch.telemetry.Finding;
import io.cellwatch.telemetry.FindingType;
import io.cellwatch.telemetry.Sample;
import io.cellwatch.telemetry.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Soft short: a cell's voltage noise against its sibling cells in the same chamber (DETECTION.md, Principles 1 and
 * the row "voltage noise": above max(2 mV, 3× the sibling median) → warning).
 *
 * <p>Why beside the own-history rule of {@link SoftShortDetector}: a cell that is noisy from its first sample (a bad
 * contact, a soft short from formation) learns a noisy baseline, so against its own history nothing ever changes.
 * Its siblings, on the same protocol in the same chamber, show what the noise should be.
 *
 * <p>Fed by the chamber's detectors with each cell's current noise σ (the short-term steady-current σ of
 * {@link SoftShortDetector}, see {@link CellDetectors#noiseSigmaV()}), it keeps the latest σ per cell and judges
 * only the cell whose reading just came, against the median of its fresh siblings: O(cells) per reading, no sort.
 * Siblings are cells of the same chamber <b>and the same {@link CellType}</b>: a Li//Li cell's voltage wanders
 * with plating and stripping, and its σ is not comparable with a full cell's on a flat LFP plateau; an unknown
 * type counts as full (as {@link CellScale} does). Chemistry is not required to match: the σ is mostly the
 * channel's and the contacts', and a chamber of one type with mixed cathodes is still one batch for this purpose.
 *
 * <p>Each cell has its own {@link Latch}; the finding is the cell's (cell scope, keyed by the cell id).
 */
public final class SiblingNoiseDetector {

    static final String NAME = "SiblingNoiseDetector";

    /**
     * @param floorV            a cell's σ must exceed this absolute level… Default 0.002 V (DETECTION.md "voltage
     *                          noise", 2 mV). Healthy cells on 24-bit channels sit near 0.3 mV (the simulator's
     *                          VOLTAGE_NOISE_V), so the floor, not the multiple, decides in a healthy chamber: a
     *                          flickering soft short that doubles the noise is left to the own-history rule, this
     *                          one catches a cell several times noisier than the batch
     * @param siblingMultiple   …and this × the median σ of its fresh siblings. Default 3 (DETECTION.md)
     * @param minSiblings       fewer fresh siblings of the same type (the cell itself not counted) and nothing is
     *                          judged. Default 3 [D]: the median of three already outvotes one odd sibling; with
     *                          two, one noisy neighbour would set the reference
     * @param freshS            a sibling's reading older than this (cycler time, behind the judged sample) is
     *                          ignored. Default 600 s [D]: as {@link ChamberDetector}'s, ten heartbeats of the
     *                          chamber feed (one reading per cell per 60 s at least)
     * @param minOwnSamples     a cell's σ is sent (and taken as a reading) only once measured over this many steady
     *                          second differences. Default 30 [D]: the first σ is one clipped second difference,
     *                          the mean of thirty scatters by ≈ 15 %
     * @param setAfterSamples   leaky counter (+1 above, −1 not, per reading of the cell): raised at this. Default 5
     *                          [D]: five readings, about five minutes at the 60 s heartbeat; the σ is an EWMA over
     *                          about 100 steady samples already, the debounce only keeps one reading from deciding
     * @param clearAfterSamples readings, net, not above before clearing. Default 10 [D], as the chamber detector's
     */
    public record Config(double floorV, double siblingMultiple, int minSiblings, double freshS, int minOwnSamples,
            int setAfterSamples, int clearAfterSamples) {

        public static Config defaults() {
            return new Config(0.002, 3.0, 3, 600.0, 30, 5, 10);
        }
    }

    /**
     * One cell's latest noise reading and its reporting state.
     *
     * @param cellId   the cell
     * @param timeS    cycler time of the reading
     * @param sigmaV   the cell's noise σ, V
     * @param cellType its type, null when unknown (taken as full)
     * @param latch    this cell's reporting state
     */
    public record Reading(String cellId, double timeS, double sigmaV, CellType cellType, Latch latch)
            implements Siblings.Reading {

        public Reading {
            if (latch == null) {
                latch = Latch.IDLE;
            }
        }
    }

    /**
     * @param cells latest reading per cell, in the order the cells first reported. A list, not a map: finding the
     *              cell is part of the scan the median needs anyway, and the stored order is stable
     */
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

    SiblingNoiseDetector(Config config, double repeatEveryS) {
        this.config = config;
        this.repeatEveryS = repeatEveryS;
    }

    /** The pure form: {@code st} is left as it is; the outcome carries the next state. */
    public Outcome onReading(State st, Sample s, Double sigmaV, CellType cellType, FindingContext ctx) {
        Siblings.Live<Reading> live = new Siblings.Live<>(st.cells());
        List<Finding> findings = onReading(live, s, sigmaV, cellType, () -> ctx);
        return new Outcome(new State(live.cells), findings);
    }

    /**
     * The cell of {@code s} has noise σ {@code sigmaV} now (null: not measured yet, then nothing changes).
     *
     * @param ctx the cell's context (cell id, chamber, cycle, its recent samples), asked for only when a finding
     *            is reported
     */
    List<Finding> onReading(Siblings.Live<Reading> live, Sample s, Double sigmaV, CellType cellType,
            Supplier<FindingContext> ctx) {
        if (sigmaV == null || !Double.isFinite(sigmaV) || sigmaV < 0) {
            return List.of();
        }
        double t = s.timeS();
        String id = s.cellId();
        CellType type = Siblings.typeOf(cellType);
        List<Reading> all = live.cells;
        double[] siblings = live.scratch(all.size());
        int n = 0;
        int mine = -1;
        for (int k = 0; k < all.size(); k++) {
            Reading r = all.get(k);
            if (r.cellId().equals(id)) {
                mine = k;
            } else if (Siblings.typeOf(r.cellType()) == type && t - r.timeS() <= config.freshS()) {
                siblings[n++] = r.sigmaV();
            }
        }
        Latch latch = mine < 0 ? Latch.IDLE : all.get(mine).latch();
        if (n < config.minSiblings()) {
            // too few to call a median the batch's: not judged, the latch stays as it is
            Siblings.put(all, mine, new Reading(id, t, sigmaV, cellType, latch));
            return List.of();
        }
        double median = Stats.medianInPlace(siblings, n);
        double threshold = Math.max(config.floorV(), config.siblingMultiple() * median);
        Severity level = sigmaV > threshold ? Severity.WARNING : null;
        Latch.Step step = latch.evaluate(level, t, config.setAfterSamples(), config.clearAfterSamples(),
                repeatEveryS);
        Siblings.put(all, mine, new Reading(id, t, sigmaV, cellType, step.latch()));
        if (!step.reports()) {
            return List.of();
        }
        Double ratio = median > 0 ? sigmaV / median : null;
        String summary = Evidence.fmt("Voltage noise during steady current %.2f mV, %.1f× the median %.2f mV of its"
                + " %d sibling cells in the chamber (warning above max(%.1f mV, %.0f×)): a bad contact or a soft"
                + " short", sigmaV * 1000, ratio == null ? Double.NaN : ratio, median * 1000, n,
                config.floorV() * 1000, config.siblingMultiple());
        Finding f = ctx.get().report(latch, step, FindingType.SOFT_SHORT, level, t, NAME, summary,
                Evidence.of().with("noise_sigma_v", sigmaV).with("sibling_median_noise_sigma_v", median)
                        .with("siblings", (double) n).with("ratio", ratio).map());
        return List.of(f);
    }
}
