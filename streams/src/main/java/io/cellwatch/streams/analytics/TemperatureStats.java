package io.cellwatch.streams.analytics;

/**
 * Mean and maximum cell temperature over a step or cycle. The mean is weighted by time (trapezoid between
 * consecutive plausible readings), so 10 ms pulse sampling does not outweigh 30 s logging; with a single
 * reading it is that reading. Implausible readings (a disconnected thermocouple reads −2,500 °C) are left
 * out and counted: they are a data-quality matter, not a temperature.
 *
 * @param degreeSeconds sum of T·dt over intervals between plausible readings
 * @param seconds       sum of those dt
 * @param readings      plausible readings
 * @param readingSum    their plain sum (for the mean without any interval)
 * @param maxC          highest plausible reading, null before the first
 * @param implausible   readings left out
 * @param lastC         previous plausible reading, null after a gap or an implausible one
 * @param lastTimeS     its time
 */
public record TemperatureStats(double degreeSeconds, double seconds, long readings, double readingSum, Double maxC,
        long implausible, Double lastC, Double lastTimeS) {

    public static final TemperatureStats EMPTY = new TemperatureStats(0, 0, 0, 0, null, 0, null, null);

    /**
     * The statistics with a reading {@code temperatureC} (null: none) at {@code timeS}. Called twice per sample
     * (step and cycle), so it keeps the sample's own boxes rather than boxing the same numbers again.
     */
    public TemperatureStats with(Double temperatureC, Double timeS, CellThresholds limits) {
        Running r = new Running(this);
        r.add(temperatureC, timeS, limits);
        return r.toRecord();
    }

    /**
     * The same statistics in mutable fields, for a step or cycle that takes sample after sample in place
     * ({@link CycleAccumulator.Running}); {@link #with} is this too, so there is one rule, not two.
     */
    static final class Running {
        private double degreeSeconds;
        private double seconds;
        private long readings;
        private double readingSum;
        private Double maxC;
        private long implausible;
        private Double lastC;
        private Double lastTimeS;

        Running(TemperatureStats t) {
            degreeSeconds = t.degreeSeconds;
            seconds = t.seconds;
            readings = t.readings;
            readingSum = t.readingSum;
            maxC = t.maxC;
            implausible = t.implausible;
            lastC = t.lastC;
            lastTimeS = t.lastTimeS;
        }

        void add(Double temperatureC, Double timeS, CellThresholds limits) {
            if (temperatureC == null) {
                lastC = null;
                lastTimeS = null;
                return;
            }
            double t = temperatureC;
            if (!Double.isFinite(t) || !limits.plausibleTemperature(t)) {
                implausible++;
                lastC = null;
                lastTimeS = null;
                return;
            }
            double ds = 0;
            double dt = 0;
            if (lastC != null && timeS > lastTimeS) {
                dt = timeS - lastTimeS;
                ds = (lastC + t) / 2 * dt;
            }
            // Double.compare orders -0.0 below 0.0, so this picks the value Math.max(maxC, t) would (t is finite).
            if (maxC == null || Double.compare(t, maxC) > 0) {
                maxC = temperatureC;
            }
            degreeSeconds += ds;
            seconds += dt;
            readings++;
            readingSum += t;
            lastC = temperatureC;
            lastTimeS = timeS;
        }

        TemperatureStats toRecord() {
            return new TemperatureStats(degreeSeconds, seconds, readings, readingSum, maxC, implausible, lastC,
                    lastTimeS);
        }
    }

    public Double meanC() {
        if (seconds > 0) {
            return degreeSeconds / seconds;
        }
        return readings > 0 ? readingSum / readings : null;
    }
}
