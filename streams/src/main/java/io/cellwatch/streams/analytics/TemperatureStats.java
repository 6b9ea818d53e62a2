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
        if (temperatureC == null) {
            return lastC == null && lastTimeS == null ? this
                    : new TemperatureStats(degreeSeconds, seconds, readings, readingSum, maxC, implausible, null, null);
        }
        double t = temperatureC;
        if (!Double.isFinite(t) || !limits.plausibleTemperature(t)) {
            return new TemperatureStats(degreeSeconds, seconds, readings, readingSum, maxC, implausible + 1, null, null);
        }
        double ds = 0;
        double dt = 0;
        if (lastC != null && timeS > lastTimeS) {
            dt = timeS - lastTimeS;
            ds = (lastC + t) / 2 * dt;
        }
        // Double.compare orders -0.0 below 0.0, so this picks the value Math.max(maxC, t) would (t is finite).
        Double max = maxC == null || Double.compare(t, maxC) > 0 ? temperatureC : maxC;
        return new TemperatureStats(degreeSeconds + ds, seconds + dt, readings + 1, readingSum + t, max, implausible,
                temperatureC, timeS);
    }

    public Double meanC() {
        if (seconds > 0) {
            return degreeSeconds / seconds;
        }
        return readings > 0 ? readingSum / readings : null;
    }
}
