package io.cellwatch.telemetry;

/**
 * One measurement of one cell, as it travels on {@code cellwatch.telemetry.v1} (key: {@link #cellId()}).
 *
 * <p>Conventions, defined here and nowhere else:
 * <ul>
 *   <li>{@code voltageV} in volts, {@code currentA} in amperes, <b>positive on charge</b> (the Battery Data
 *       Format convention); readers convert vendor conventions at the edge.</li>
 *   <li>{@code timeS} is the cycler's sample time as Unix seconds (fractional), the event time of every
 *       computation; {@code testTimeS} is seconds since the test started, when the cycler reports it.</li>
 *   <li>{@code seq} is a per-channel sequence number assigned by the edge agent, strictly increasing;
 *       downstream uses it to drop redelivered duplicates.</li>
 *   <li>{@code stepIndex} and {@code cycleIndex} are the cycler's own counters when it reports them
 *       (null otherwise); they are hints, never trusted blindly.</li>
 * </ul>
 *
 * <p>Numeric fields are boxed on purpose: a missing field must be reported as missing by
 * validation, not silently read as 0.0. After {@code TelemetryValidator} accepts a sample, the
 * required fields ({@code cellId}, {@code seq}, {@code timeS}, {@code voltageV}, {@code currentA}) are non-null.
 */
public record Sample(
        String cellId,
        Long seq,
        Double timeS,
        Double testTimeS,
        Double voltageV,
        Double currentA,
        Double cellTemperatureC,
        Double chamberTemperatureC,
        Integer stepIndex,
        Integer cycleIndex) {

    /** The same sample attributed to {@code id}: batches name the cell once, samples inherit it. */
    public Sample withCellId(String id) {
        return new Sample(id, seq, timeS, testTimeS, voltageV, currentA, cellTemperatureC,
                chamberTemperatureC, stepIndex, cycleIndex);
    }
}
