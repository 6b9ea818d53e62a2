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
        Running r = new Running(this, prev);
        r.take(s);
        return r.segment();
    }

    /**
     * The segmenter's memory in mutable fields, with its verdict on the latest sample: {@link CellAnalytics}
     * takes sample after sample with one, instead of building a {@link State} and a {@link Segment} for each
     * sample, and builds them only when they are wanted. {@link #next} is this too, so the rule is written once.
     */
    static final class Running {
        private final StepSegmenter rules;
        /** False before the first sample. */
        private boolean started;
        private Integer stepIndex;
        private Integer cycleIndex;
        private StepKind kind;
        private long runSamples;
        private double peakAbsA;
        private double voltageV;
        private Double cvVoltageV;
        /** The verdict on the latest sample (see {@link Segment}). */
        private StepKind previousKind;
        private boolean newStep;
        private boolean indexChanged;

        Running(StepSegmenter rules, State st) {
            this.rules = rules;
            if (st != null) {
                started = true;
                stepIndex = st.stepIndex();
                cycleIndex = st.cycleIndex();
                kind = st.kind();
                runSamples = st.runSamples();
                peakAbsA = st.peakAbsA();
                voltageV = st.voltageV();
                cvVoltageV = st.cvVoltageV();
            }
        }

        void take(Sample s) {
            double i = s.currentA();
            double v = s.voltageV();
            double absI = Math.abs(i);
            StepKind polarity = absI <= rules.restToleranceA ? StepKind.REST
                    : i > 0 ? StepKind.CHARGE : StepKind.DISCHARGE;
            previousKind = kind; // null before the first sample
            if (!started) {
                started = true;
                fresh(s, polarity, false);
                return;
            }
            boolean changedIndex = changed(stepIndex, s.stepIndex()) || changed(cycleIndex, s.cycleIndex());
            if (changedIndex || direction(polarity) != direction(kind)) {
                fresh(s, polarity, changedIndex);
                return;
            }
            double peak = Math.max(peakAbsA, absI);
            Double cvVoltage = cvVoltageV;
            if (polarity != StepKind.REST) {
                if (cvVoltage != null && Math.abs(v - cvVoltage) > rules.cvVoltageBandV) {
                    // The voltage left the hold: constant current again, a new step with a new peak.
                    fresh(s, polarity, false);
                    return;
                }
                if (cvVoltage == null && absI < (1 - rules.cvCurrentDropFraction) * peak
                        && Math.abs(v - voltageV) <= rules.cvVoltageBandV) {
                    cvVoltage = v;
                }
            }
            StepKind now = cvVoltage == null ? polarity
                    : polarity == StepKind.CHARGE ? StepKind.CV_CHARGE : StepKind.CV_DISCHARGE;
            boolean relabel = now != kind && runSamples <= rules.cvOnsetSamples;
            newStep = now != kind && !relabel;
            indexChanged = false;
            stepIndex = known(s.stepIndex(), stepIndex);
            cycleIndex = known(s.cycleIndex(), cycleIndex);
            kind = now;
            runSamples = newStep ? 1 : runSamples + 1;
            peakAbsA = peak;
            voltageV = v;
            cvVoltageV = cvVoltage;
        }

        /** Sample {@code s} starts a new step of {@code newKind}. */
        private void fresh(Sample s, StepKind newKind, boolean changedIndex) {
            stepIndex = known(s.stepIndex(), stepIndex);
            cycleIndex = known(s.cycleIndex(), cycleIndex);
            kind = newKind;
            runSamples = 1;
            peakAbsA = Math.abs(s.currentA());
            voltageV = s.voltageV();
            cvVoltageV = null;
            newStep = true;
            indexChanged = changedIndex;
        }

        StepKind kind() {
            return kind;
        }

        boolean newStep() {
            return newStep;
        }

        boolean indexChanged() {
            return indexChanged;
        }

        /** The memory after the latest sample, null before the first. */
        State state() {
            return started ? new State(stepIndex, cycleIndex, kind, runSamples, peakAbsA, voltageV, cvVoltageV) : null;
        }

        /** The verdict on the latest sample. */
        Segment segment() {
            return new Segment(kind, previousKind, newStep, indexChanged, state());
        }
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
