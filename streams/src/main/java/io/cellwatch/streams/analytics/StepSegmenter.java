package io.cellwatch.streams.analytics;

import io.cellwatch.telemetry.CycleResult.StepKind;
import io.cellwatch.telemetry.Sample;
import java.util.Objects;

/**
 * Classifies each sample and cuts the sample stream into steps.
 *
 * <p>Kind of a sample, from its current: |I| ≤ the rest tolerance is {@code REST}; otherwise
 * {@code CHARGE} (I > 0) or {@code DISCHARGE}. A polarized sample becomes constant-voltage
 * ({@code CV_CHARGE}/{@code CV_DISCHARGE}) when |I| has fallen {@code cvCurrentDropFraction} below the
 * peak of its run while the voltage moved less than {@code cvVoltageBandV} since the previous sample; it
 * stays CV while the voltage stays within that band of the voltage where CV began.
 *
 * <p>A step is a <em>run</em> of rows, not a step number: a new step starts when the cycler's step index
 * or cycle index changes (when both samples report it) or when the kind changes. Step numbers repeat
 * inside a cycle in looped protocols (HPPC), so the same number twice in a row of runs is two steps.
 * Exception: a step that turns CV within its first {@code cvOnsetSamples} samples is relabelled CV rather
 * than split, because the first sample of a cycler's CV step still carries the CC current.
 */
public final class StepSegmenter {

    /**
     * What the segmenter remembers between samples.
     *
     * @param stepIndex  cycler step index of the previous sample (null when not reported)
     * @param cycleIndex cycler cycle index of the previous sample
     * @param kind       kind of the current step
     * @param runSamples samples in the current step so far
     * @param peakAbsA   largest |I| of the current polarized run (reset by index changes and CV exits)
     * @param voltageV   voltage of the previous sample
     * @param cvVoltageV voltage where the current CV phase began, null outside CV
     */
    public record State(Integer stepIndex, Integer cycleIndex, StepKind kind, long runSamples, double peakAbsA,
            double voltageV, Double cvVoltageV) {
    }

    /**
     * The segmenter's verdict on one sample.
     *
     * @param kind         kind of this sample's step
     * @param previousKind kind of the step before this sample (null for the first sample)
     * @param newStep      this sample starts a new step
     * @param indexChanged the cycler's step or cycle index changed at this sample: the interval before it
     *                     is a step boundary of the cycler's own, not integrated
     * @param state        state after this sample
     */
    public record Segment(StepKind kind, StepKind previousKind, boolean newStep, boolean indexChanged, State state) {
    }

    private final double restToleranceA;
    private final double cvCurrentDropFraction;
    private final double cvVoltageBandV;
    private final int cvOnsetSamples;

    public StepSegmenter(double restToleranceA, double cvCurrentDropFraction, double cvVoltageBandV,
            int cvOnsetSamples) {
        this.restToleranceA = restToleranceA;
        this.cvCurrentDropFraction = cvCurrentDropFraction;
        this.cvVoltageBandV = cvVoltageBandV;
        this.cvOnsetSamples = cvOnsetSamples;
    }

    static StepSegmenter of(CellThresholds t) {
        AnalyticsOptions o = t.options();
        return new StepSegmenter(t.restToleranceA(), o.cvCurrentDropFraction(), o.cvVoltageBandV(), o.cvOnsetSamples());
    }

    /** +1 for charge kinds, −1 for discharge kinds, 0 for rest (or null). */
    public static int direction(StepKind kind) {
        if (kind == null) {
            return 0;
        }
        return switch (kind) {
            case CHARGE, CV_CHARGE -> 1;
            case DISCHARGE, CV_DISCHARGE -> -1;
            case REST -> 0;
        };
    }

    public Segment next(State prev, Sample s) {
        double i = s.currentA();
        double v = s.voltageV();
        double absI = Math.abs(i);
        StepKind polarity = absI <= restToleranceA ? StepKind.REST : i > 0 ? StepKind.CHARGE : StepKind.DISCHARGE;
        if (prev == null) {
            return fresh(null, s, polarity, false);
        }
        boolean indexChanged = changed(prev.stepIndex(), s.stepIndex()) || changed(prev.cycleIndex(), s.cycleIndex());
        if (indexChanged || direction(polarity) != direction(prev.kind())) {
            return fresh(prev, s, polarity, indexChanged);
        }
        double peak = Math.max(prev.peakAbsA(), absI);
        Double cvVoltage = prev.cvVoltageV();
        if (polarity != StepKind.REST) {
            if (cvVoltage != null && Math.abs(v - cvVoltage) > cvVoltageBandV) {
                // The voltage left the hold: constant current again, a new step with a new peak.
                return fresh(prev, s, polarity, false);
            }
            if (cvVoltage == null && absI < (1 - cvCurrentDropFraction) * peak
                    && Math.abs(v - prev.voltageV()) <= cvVoltageBandV) {
                cvVoltage = v;
            }
        }
        StepKind kind = cvVoltage == null ? polarity
                : polarity == StepKind.CHARGE ? StepKind.CV_CHARGE : StepKind.CV_DISCHARGE;
        boolean relabel = kind != prev.kind() && prev.runSamples() <= cvOnsetSamples;
        boolean newStep = kind != prev.kind() && !relabel;
        State state = new State(known(s.stepIndex(), prev.stepIndex()), known(s.cycleIndex(), prev.cycleIndex()),
                kind, newStep ? 1 : prev.runSamples() + 1, peak, v, cvVoltage);
        return new Segment(kind, prev.kind(), newStep, false, state);
    }

    /** The first sample of a new step (every sample starts one when {@code prev} is null). */
    private static Segment fresh(State prev, Sample s, StepKind kind, boolean indexChanged) {
        State state = new State(known(s.stepIndex(), prev == null ? null : prev.stepIndex()),
                known(s.cycleIndex(), prev == null ? null : prev.cycleIndex()),
                kind, 1, Math.abs(s.currentA()), s.voltageV(), null);
        return new Segment(kind, prev == null ? null : prev.kind(), true, indexChanged, state);
    }

    /** The latest reported counter: a sample without one keeps the last known value. */
    private static Integer known(Integer now, Integer before) {
        return now != null ? now : before;
    }

    /** A counter changed when both samples report it and the values differ; a missing value is no news. */
    private static boolean changed(Integer before, Integer now) {
        return before != null && now != null && !Objects.equals(before, now);
    }
}
