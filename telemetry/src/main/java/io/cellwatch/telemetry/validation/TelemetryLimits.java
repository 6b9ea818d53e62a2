package io.cellwatch.telemetry.validation;

import java.time.Instant;
import java.util.Objects;

/**
 * The plausibility limits {@link TelemetryValidator} applies. Everything outside a REJECT limit is
 * not a reading of a cell at all (a unit mistake, a wiring fault, a runaway buffer), so the sample
 * goes to the dead-letter topic with the reason; temperatures outside their band are only FLAGged.
 *
 * @param maxPayloadBytes      largest message accepted, in bytes; checked before parsing
 * @param maxSamplesPerBatch   most samples in one batch
 * @param voltageMinV          lowest plausible voltage, volts (REJECT below)
 * @param voltageMaxV          highest plausible voltage, volts (REJECT above)
 * @param currentMaxAbsA       largest plausible |current|, amperes (REJECT beyond)
 * @param earliestSampleTime   earliest plausible {@code time_s} (inclusive; REJECT before)
 * @param latestSampleTime     latest plausible {@code time_s} (exclusive; REJECT at or after)
 * @param temperatureMinC      lowest plausible cell/chamber temperature, °C (FLAG below)
 * @param temperatureMaxC      highest plausible cell/chamber temperature, °C (FLAG above)
 */
public record TelemetryLimits(
        int maxPayloadBytes,
        int maxSamplesPerBatch,
        double voltageMinV,
        double voltageMaxV,
        double currentMaxAbsA,
        Instant earliestSampleTime,
        Instant latestSampleTime,
        double temperatureMinC,
        double temperatureMaxC) {

    /**
     * 256 KiB. A full sample is about 170 bytes of JSON, so this holds ~1,500 samples: a 10 Hz channel
     * batched for 2.5 minutes, far more than an edge agent sends at once (it batches seconds). Beyond
     * that is a runaway store-and-forward buffer or a wrong topic, and parsing it costs the shared
     * bridge memory for every channel; it is refused unparsed.
     */
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 256 * 1024;

    /**
     * 10,000. At the default byte limit the byte limit binds first; this bounds the per-message work
     * when the byte limit is raised (e.g. bulk replay of a cycler file).
     */
    public static final int DEFAULT_MAX_SAMPLES_PER_BATCH = 10_000;

    /**
     * ±10 V. Full, half and Li//Li symmetric cells live within about [-0.5, 5.5] V (the sensor
     * plausibility band of DETECTION.md, which the downstream sensor-fault detector owns); ±10 V
     * leaves room for reversed leads and high-voltage chemistries. Beyond it is not a cell reading:
     * millivolts sent as volts (3400 for 3.4 V) or a floating input.
     */
    public static final double DEFAULT_VOLTAGE_MAX_ABS_V = 10.0;

    /**
     * 1000 A. Lab cycler channels run from microamperes (coin cells) to a few hundred amperes
     * (large-format channels); more is milliamperes sent as amperes or an overflowed reading.
     */
    public static final double DEFAULT_CURRENT_MAX_ABS_A = 1000.0;

    /**
     * 2000-01-01T00:00:00Z (Unix 946,684,800). Unix seconds today are ≈1.7e9; relative test time
     * (seconds since the test started, 0 to ~1e8) lands before this and is caught.
     */
    public static final Instant DEFAULT_EARLIEST_SAMPLE_TIME = Instant.parse("2000-01-01T00:00:00Z");

    /**
     * 2100-01-01T00:00:00Z (Unix 4,102,444,800), exclusive. Milliseconds (≈1.7e12), microseconds
     * (≈1.7e15) and nanoseconds (≈1.7e18) since 1970 all land far beyond this and are caught.
     */
    public static final Instant DEFAULT_LATEST_SAMPLE_TIME = Instant.parse("2100-01-01T00:00:00Z");

    /**
     * [-40, 200] °C: the sensor-plausibility band of DETECTION.md. Chambers run up to 100 °C and
     * lithium melts at 180.5 °C; a reading outside is a sensor fault (an open thermocouple reads
     * e.g. -2500 °C), so the temperature is flagged while the sample's voltage and current are kept.
     */
    public static final double DEFAULT_TEMPERATURE_MIN_C = -40.0;
    /** See {@link #DEFAULT_TEMPERATURE_MIN_C}. */
    public static final double DEFAULT_TEMPERATURE_MAX_C = 200.0;

    public TelemetryLimits {
        Objects.requireNonNull(earliestSampleTime, "earliestSampleTime");
        Objects.requireNonNull(latestSampleTime, "latestSampleTime");
        require(maxPayloadBytes > 0, "maxPayloadBytes must be positive, got " + maxPayloadBytes);
        require(maxSamplesPerBatch > 0, "maxSamplesPerBatch must be positive, got " + maxSamplesPerBatch);
        require(Double.isFinite(voltageMinV) && Double.isFinite(voltageMaxV) && voltageMinV < voltageMaxV,
                "voltage range must be finite with min < max, got [" + voltageMinV + ", " + voltageMaxV + "]");
        require(Double.isFinite(currentMaxAbsA) && currentMaxAbsA > 0,
                "currentMaxAbsA must be finite and positive, got " + currentMaxAbsA);
        require(earliestSampleTime.isBefore(latestSampleTime),
                "earliestSampleTime must be before latestSampleTime");
        require(Double.isFinite(temperatureMinC) && Double.isFinite(temperatureMaxC)
                        && temperatureMinC < temperatureMaxC,
                "temperature range must be finite with min < max, got [" + temperatureMinC + ", "
                        + temperatureMaxC + "]");
    }

    /** The documented defaults above. */
    public static TelemetryLimits defaults() {
        return new TelemetryLimits(
                DEFAULT_MAX_PAYLOAD_BYTES,
                DEFAULT_MAX_SAMPLES_PER_BATCH,
                -DEFAULT_VOLTAGE_MAX_ABS_V,
                DEFAULT_VOLTAGE_MAX_ABS_V,
                DEFAULT_CURRENT_MAX_ABS_A,
                DEFAULT_EARLIEST_SAMPLE_TIME,
                DEFAULT_LATEST_SAMPLE_TIME,
                DEFAULT_TEMPERATURE_MIN_C,
                DEFAULT_TEMPERATURE_MAX_C);
    }

    public TelemetryLimits withMaxPayloadBytes(int bytes) {
        return new TelemetryLimits(bytes, maxSamplesPerBatch, voltageMinV, voltageMaxV, currentMaxAbsA,
                earliestSampleTime, latestSampleTime, temperatureMinC, temperatureMaxC);
    }

    public TelemetryLimits withMaxSamplesPerBatch(int samples) {
        return new TelemetryLimits(maxPayloadBytes, samples, voltageMinV, voltageMaxV, currentMaxAbsA,
                earliestSampleTime, latestSampleTime, temperatureMinC, temperatureMaxC);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException("invalid telemetry limits: " + message);
        }
    }
}
