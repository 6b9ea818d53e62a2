package io.cellwatch.streams.detect;

import io.cellwatch.telemetry.CellType;
import io.cellwatch.telemetry.Finding;
import io.cellwatch.telemetry.FindingType;
import io.cellwatch.telemetry.Sample;
import io.cellwatch.telemetry.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Soft short: how fast a cell's rest voltage falls after a charge, against its sibling cells' (DETECTION.md,
 * Principle 1 and the row "rest self-discharge": > 3× sibling median → warning).
 *
 * <p>Why beside the own rule of {@link SoftShortDetector} (faster than 1 mV/h and 3× the cell's own earlier rests):
 * that rule needs a few rests of history to know what is usual for the cell, and a cell leaking from its first
 * cycle has no healthy history; and a real cell still relaxes for hours after a charge (the shared LG M50 file
 * falls 5–14 mV/h into every rest), so an absolute limit alone cannot tell. Its siblings, relaxing in the same
 * chamber on the same protocol, show what the decay should be.
 *
 * <p>Siblings as for {@link SiblingEfficiencyDetector}: same chamber, {@link CellType} and chemistry label
 * (self-discharge depends on the chemistry), reporting within {@link Config#freshS()}, and here with a rest that
 * ended within {@link Config#maxRestAgeS()} of the judged one. A cell is judged once per rest, when a reading brings
 * a rest the chamber has not judged for it; its {@link Latch} counts rests.
 */
public final class SiblingRestDecayDetector {

    static final String NAME = "SiblingRestDecayDetector";

    /**
     * @param siblingMultiple  a cell's rest decay must exceed this × the median of its siblings'… Default 3
     *                         (DETECTION.md)
     * @param floorVPerH       …and this. Default 0.001 V/h (DETECTION.md's absolute level): three times a sibling
     *                         median of a few tenths of a mV/h is still well inside a healthy cell's relaxation
     * @param minSiblings      fewer comparable siblings and nothing is judged. Default 3 [D], as the other sibling
     *                         rules
     * @param freshS           a sibling whose last reading is older than this (cycler time) has left the batch.
     *                         Default 600 s [D], as the other sibling rules
     * @param maxRestAgeS      a sibling's latest rest must have ended within this of the judged one. Default 86,400 s
     *                         [D]: one rest per cycle, and a cycle at C/10 to C/2 takes 2–20 h
     * @param setAfterRests    rests above, net, before it is raised. Default 2 [S: Lai et al. 2020 vote 2 of 2]
     * @param clearAfterRests  rests not above, net, before it clears. Default 2 [D]
     */
    public record Config(double siblingMultiple, double floorVPerH, int minSiblings, double freshS, double maxRestAgeS,
            int setAfterRests, int clearAfterRests) {

        public static Config defaults() {
            return new Config(3.0, 0.001, 3, 600.0, 86_400.0, 2, 2);
        }
    }

    /**
     * A cell's latest rest after a charge, as its chamber is told it.
     *
     * @param endS       when the rest ended (cycler time): which rest it is
     * @param decayVPerH how fast the relaxed rest voltage fell, V/h (positive: falling)
     */
    public record RestDecay(double endS, double decayVPerH) {
    }

    /**
     * One cell's latest rest and its reporting state.
     *
     * @param timeS time of the cell's latest reading (freshness)
     */
    public record Reading(String cellId, double timeS, double restEndS, double decayVPerH, CellType cellType,
            String chemistry, Latch latch) implements Siblings.Reading {

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
    }

    private final Config config;
    private final double repeatEveryS;

    SiblingRestDecayDetector(Config config, double repeatEveryS) {
        this.config = config;
        this.repeatEveryS = repeatEveryS;
    }


    /**
     * A reading of the cell of {@code s}, whose latest rest is {@code latest} (null: none yet, nothing changes).
     * Judged when the rest is new for this chamber; otherwise only the reading's time is kept.
     */
    List<Finding> onReading(Siblings.Live<Reading> live, Sample s, RestDecay latest, CellType cellType,
            String chemistry, Supplier<FindingContext> ctx) {
        if (latest == null || !Double.isFinite(latest.decayVPerH())) {
            return List.of();
        }
        double t = s.timeS();
        String id = s.cellId();
        List<Reading> all = live.cells;
        int mine = Siblings.indexOf(all, id);
        Reading before = mine < 0 ? null : all.get(mine);
        Latch latch = before == null ? Latch.IDLE : before.latch();
        if (before != null && before.restEndS() == latest.endS()) {
            all.set(mine, new Reading(id, t, before.restEndS(), before.decayVPerH(), cellType, chemistry, latch));
            return List.of();
        }
        CellType type = Siblings.typeOf(cellType);
        double[] siblings = live.scratch(all.size());
        int n = 0;
        for (Reading r : all) {
            if (!r.cellId().equals(id) && Siblings.typeOf(r.cellType()) == type
                    && Objects.equals(r.chemistry(), chemistry) && t - r.timeS() <= config.freshS()
                    && Math.abs(r.restEndS() - latest.endS()) <= config.maxRestAgeS()) {
                siblings[n++] = r.decayVPerH();
            }
        }
        double decay = latest.decayVPerH();
        if (n < config.minSiblings()) {
            Siblings.put(all, mine, new Reading(id, t, latest.endS(), decay, cellType, chemistry, latch));
            return List.of();
        }
        double median = Stats.medianInPlace(siblings, n);
        double threshold = Math.max(config.floorVPerH(), config.siblingMultiple() * Math.max(median, 0));
        Severity level = decay > threshold ? Severity.WARNING : null;
        Latch.Step step = latch.evaluate(level, t, config.setAfterRests(), config.clearAfterRests(), repeatEveryS);
        Siblings.put(all, mine, new Reading(id, t, latest.endS(), decay, cellType, chemistry, step.latch()));
        if (!step.reports()) {
            return List.of();
        }
        String summary = Evidence.fmt("Rest voltage after charge fell %.2f mV/h, against a median %.2f mV/h of its %d"
                        + " sibling cells in the chamber (warning above max(%.1f mV/h, %.0f×)): self-discharge through"
                        + " a soft short", decay * 1000, median * 1000, n, config.floorVPerH() * 1000,
                config.siblingMultiple());
        Finding f = ctx.get().report(latch, step, FindingType.SOFT_SHORT, level, t, NAME, summary,
                Evidence.of().with("rest_decay_v_per_h", decay).with("sibling_median_rest_decay_v_per_h", median)
                        .with("siblings", (double) n).with("threshold_rest_decay_v_per_h", threshold).map());
        return List.of(f);
    }
}
