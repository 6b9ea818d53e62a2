package io.cellwatch.streams.analytics;

import io.cellwatch.telemetry.Sample;

/**
 * When two consecutive samples of a cell are too far apart to integrate between them: a channel
 * that went silent (network or edge outage) while the cycler went on. The cycler ran whole steps in
 * the gap; a trapezoid from the last sample before to the first after would book hours of current
 * as one step, inflate the charge, and look exactly like a short. Nothing is integrated across a
 * gap: capacity comes out low for that cycle (data missing), never high.
 *
 * <p>The limit is 30 min, or 20 sample periods when the cell samples more slowly than every 90 s.
 * Cyclers log at least every few minutes under current (the shared real files: at most 10 min, on
 * rest), so no real interval under current comes near it.
 */
public final class SampleGap {

    /** Floor of the limit, seconds. */
    public static final double MIN_LIMIT_S = 1800.0;
    /** Sample periods in the limit when the cell's period is known. */
    public static final int PERIODS = 20;

    private SampleGap() {
    }

    /** The gap limit for a cell sampled every {@code samplePeriodS} seconds (null when unknown). */
    public static double limitS(Double samplePeriodS) {
        return samplePeriodS == null || !(samplePeriodS > 0) ? MIN_LIMIT_S : Math.max(MIN_LIMIT_S, PERIODS * samplePeriodS);
    }

    /** True when nothing may be integrated from {@code a} to {@code b}. */
    public static boolean between(Sample a, Sample b, double limitS) {
        return b.timeS() - a.timeS() > limitS;
    }
}
