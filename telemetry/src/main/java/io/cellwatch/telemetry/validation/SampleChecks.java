package io.cellwatch.telemetry.validation;

import io.cellwatch.telemetry.Sample;
import io.cellwatch.telemetry.SampleBatch;
import io.cellwatch.telemetry.validation.Problem.Severity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The value checks of one sample and of a batch's header, on decoded records. Pure: the same
 * sample always gives the same problems, in the same order.
 */
final class SampleChecks {

    /** Below this, a time_s before 2000 is most likely seconds since the test started (~10 years). */
    private static final double RELATIVE_TIME_HORIZON_S = 10 * 365.25 * 86_400;

    private static final String SCHEMA_VERSION = "schema_version";
    private static final String CELL_ID = "cell_id";
    private static final String SAMPLES = "samples";

    private final TelemetryLimits limits;
    private final double earliestS;
    private final double latestS;

    SampleChecks(TelemetryLimits limits) {
        this.limits = limits;
        this.earliestS = epochSeconds(limits.earliestSampleTime());
        this.latestS = epochSeconds(limits.latestSampleTime());
    }

    // ---- batch header --------------------------------------------------------------------------

    /** An unknown version is refused before anything else is read: its fields may mean something else. */
    List<Problem> schemaVersion(Integer version) {
        if (version == null) {
            return List.of(Problem.reject(SCHEMA_VERSION, Problem.MISSING, Rule.UNKNOWN_SCHEMA_VERSION,
                    "schema_version is missing; this pipeline reads schema version "
                            + SampleBatch.CURRENT_SCHEMA_VERSION + " and will not guess what an unversioned"
                            + " message means — make the edge agent send \"schema_version\": "
                            + SampleBatch.CURRENT_SCHEMA_VERSION));
        }
        if (version != SampleBatch.CURRENT_SCHEMA_VERSION) {
            return List.of(unknownSchemaVersion(String.valueOf(version)));
        }
        return List.of();
    }

    static Problem unknownSchemaVersion(String valueText) {
        return Problem.reject(SCHEMA_VERSION, valueText, Rule.UNKNOWN_SCHEMA_VERSION,
                "schema_version " + valueText + " is not understood here; this pipeline reads version "
                        + SampleBatch.CURRENT_SCHEMA_VERSION + " — a newer or misconfigured edge agent is"
                        + " talking to it: upgrade the pipeline or make the edge agent send version "
                        + SampleBatch.CURRENT_SCHEMA_VERSION);
    }

    /** The batch's cell id and sample count ({@code null} = no samples array). */
    List<Problem> batchShape(String cellId, Integer sampleCount) {
        List<Problem> out = new ArrayList<>();
        if (cellId == null) {
            out.add(Problem.reject(CELL_ID, Problem.MISSING, Rule.MISSING_FIELD,
                    "cell_id is missing; a batch names its cell once in cell_id (it becomes the Kafka key)"
                            + " — check the edge agent's channel configuration"));
        } else {
            cellId(cellId, CELL_ID).ifPresent(out::add);
        }
        if (sampleCount == null) {
            out.add(Problem.reject(SAMPLES, Problem.MISSING, Rule.MISSING_FIELD,
                    "samples is missing; a batch carries its measurements in a \"samples\" array"));
        } else if (sampleCount == 0) {
            out.add(Problem.reject(SAMPLES, "[]", Rule.EMPTY_BATCH,
                    "samples is empty; a batch must carry at least one sample — the edge agent should"
                            + " skip empty batches (the channel's status message says it is alive)"));
        } else if (sampleCount > limits.maxSamplesPerBatch()) {
            out.add(Problem.reject(SAMPLES, sampleCount + " samples", Rule.TOO_MANY_SAMPLES,
                    "samples has " + sampleCount + " entries, over the limit of " + limits.maxSamplesPerBatch()
                            + " per batch — send smaller batches more often"));
        }
        return out;
    }

    /** Empty unless {@code id} breaks {@link TelemetryValidator#CELL_ID_PATTERN}; says which character. */
    static Optional<Problem> cellId(String id, String field) {
        if (TelemetryValidator.isValidCellId(id)) {
            return Optional.empty();
        }
        String rule = "cell ids become Kafka keys, MQTT topic levels and metric labels, so they may only use"
                + " A-Z a-z 0-9 _ . : - (1 to 128 characters) — rename the cell in the edge agent's configuration";
        String what;
        if (id.isEmpty()) {
            what = field + " is empty";
        } else if (id.length() > 128) {
            what = field + " is " + id.length() + " characters long";
        } else {
            int at = firstInvalidChar(id);
            what = field + " " + Text.quoted(id) + " contains " + describe(id.codePointAt(at)) + " at position " + (at + 1);
        }
        return Optional.of(Problem.reject(field, Text.value(id), Rule.INVALID_CELL_ID, what + "; " + rule));
    }

    private static int firstInvalidChar(String id) {
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '.' || c == ':' || c == '-';
            if (!ok) {
                return i;
            }
        }
        return 0;
    }

    private static String describe(int codePoint) {
        if (codePoint == ' ') {
            return "a space";
        }
        if (Character.isISOControl(codePoint) || Character.isWhitespace(codePoint)) {
            return String.format("the control character U+%04X", codePoint);
        }
        return "'" + new String(Character.toChars(codePoint)) + "'";
    }

    // ---- one sample ----------------------------------------------------------------------------

    /**
     * Every problem of one sample, fields in wire order.
     *
     * @param prefix      path prefix, {@code ""} for a lone sample or {@code "samples[3]."} in a batch
     * @param checkCellId whether the sample must carry a valid cell id itself (a lone sample must;
     *                    in a batch it inherits the batch's, and a different one is a mismatch)
     */
    List<Problem> sample(Sample s, String prefix, boolean checkCellId) {
        List<Problem> out = new ArrayList<>();
        if (checkCellId) {
            if (s.cellId() == null) {
                out.add(missing(prefix + CELL_ID, "cell_id (the cell it measures)"));
            } else {
                cellId(s.cellId(), prefix + CELL_ID).ifPresent(out::add);
            }
        }
        if (s.seq() == null) {
            out.add(missing(prefix + "seq", "seq (the edge agent's per-channel sequence number)"));
        }
        time(s.timeS(), prefix + "time_s", out);
        testTime(s.testTimeS(), prefix + "test_time_s", out);
        voltage(s.voltageV(), prefix + "voltage_v", out);
        current(s.currentA(), prefix + "current_a", out);
        temperature(s.cellTemperatureC(), prefix + "cell_temperature_c", "cell thermocouple", out);
        temperature(s.chamberTemperatureC(), prefix + "chamber_temperature_c", "chamber temperature sensor", out);
        counter(s.stepIndex(), prefix + "step_index", "step", out);
        counter(s.cycleIndex(), prefix + "cycle_index", "cycle", out);
        return out;
    }

    private void time(Double t, String field, List<Problem> out) {
        if (t == null) {
            out.add(missing(field, "time_s (the cycler's sample time, Unix seconds)"));
            return;
        }
        if (!finite(t, field, Severity.REJECT, "check the cycler's time column and the edge agent's time conversion", out)) {
            return;
        }
        if (t < earliestS || t >= latestS) {
            out.add(Problem.reject(field, Text.value(t), Rule.OUT_OF_RANGE, field + " " + t + " " + timeAdvice(t)));
        }
    }

    /** Names the likely unit mistake: ms/µs/ns since 1970 above the window, relative time below it. */
    private String timeAdvice(double t) {
        String earliest = Text.date(limits.earliestSampleTime());
        String latest = Text.date(limits.latestSampleTime());
        if (t >= latestS) {
            String[] units = {"milliseconds", "microseconds", "nanoseconds"};
            double factor = 1.0;
            for (String unit : units) {
                factor *= 1000;
                double seconds = t / factor;
                if (seconds >= earliestS && seconds < latestS) {
                    return "is far beyond " + latest + "; it looks like " + unit + " since 1970 ("
                            + Text.unixSeconds(seconds) + ") — send Unix seconds";
                }
            }
            return "is at or after " + latest + "; send Unix seconds and check the cycler PC's clock";
        }
        if (t < 0) {
            return "is negative; time_s must be Unix seconds (seconds since 1970-01-01 UTC)";
        }
        if (t < RELATIVE_TIME_HORIZON_S) {
            return "is before " + earliest + "; it looks like seconds since the test started — send Unix"
                    + " seconds in time_s (relative time belongs in test_time_s)";
        }
        return "is before " + earliest + " (" + Text.unixSeconds(t) + "); check the cycler PC's clock and"
                + " send Unix seconds";
    }

    private static void testTime(Double t, String field, List<Problem> out) {
        if (t == null || !finite(t, field, Severity.REJECT,
                "send seconds since the test started, or leave test_time_s out", out)) {
            return;
        }
        if (t < 0) {
            out.add(Problem.reject(field, Text.value(t), Rule.OUT_OF_RANGE, field + " " + t
                    + " is negative; test_time_s counts seconds since the test started — send 0 or more,"
                    + " or leave it out"));
        }
    }

    private void voltage(Double v, String field, List<Problem> out) {
        if (v == null) {
            out.add(missing(field, "voltage_v (volts)"));
            return;
        }
        if (!finite(v, field, Severity.REJECT, "check the voltage sense leads and the cycler channel", out)) {
            return;
        }
        double min = limits.voltageMinV();
        double max = limits.voltageMaxV();
        if (v < min || v > max) {
            double asVolts = v / 1000;
            String advice = asVolts >= min && asVolts <= max
                    ? "it looks like millivolts (" + Text.number(asVolts) + " V) — send volts"
                    : "check the channel's wiring and the unit of the voltage column";
            out.add(Problem.reject(field, Text.value(v), Rule.OUT_OF_RANGE, field + " " + v + " is outside ["
                    + Text.number(min) + ", " + Text.number(max) + "] V, which no cell reaches; " + advice));
        }
    }

    private void current(Double i, String field, List<Problem> out) {
        if (i == null) {
            out.add(missing(field, "current_a (amperes, positive on charge)"));
            return;
        }
        if (!finite(i, field, Severity.REJECT, "check the cycler channel's current range and the edge agent's"
                + " conversion", out)) {
            return;
        }
        double max = limits.currentMaxAbsA();
        if (Math.abs(i) > max) {
            double asAmperes = i / 1000;
            String advice = Math.abs(asAmperes) <= max
                    ? "it looks like milliamperes (" + Text.number(asAmperes) + " A) — send amperes"
                    : "check the channel's current range and the unit of the current column";
            out.add(Problem.reject(field, Text.value(i), Rule.OUT_OF_RANGE, field + " " + i + " is beyond ±"
                    + Text.number(max) + " A, more than a lab cycler channel delivers; " + advice));
        }
    }

    /** Temperatures are FLAGged, never rejected: a broken sensor must not cost the sample's V and I. */
    private void temperature(Double c, String field, String sensor, List<Problem> out) {
        if (c == null || !finite(c, field, Severity.FLAG, "check the " + sensor, out)) {
            return;
        }
        if (c < limits.temperatureMinC() || c > limits.temperatureMaxC()) {
            out.add(Problem.flag(field, Text.value(c), Rule.OUT_OF_RANGE, field + " " + c
                    + " °C is outside the plausible [" + Text.number(limits.temperatureMinC()) + ", "
                    + Text.number(limits.temperatureMaxC()) + "] °C: a sensor fault such as an open"
                    + " thermocouple — the sample is kept, but this temperature feeds no safety rule;"
                    + " check the " + sensor));
        }
    }

    private static void counter(Integer n, String field, String what, List<Problem> out) {
        if (n != null && n < 0) {
            out.add(Problem.reject(field, Text.value(n), Rule.OUT_OF_RANGE, field + " " + n
                    + " is negative; the cycler's " + what + " counter starts at 0 or 1 — send it as the"
                    + " cycler reports it, or leave it out"));
        }
    }

    /** Adds a not_a_number / infinite problem and returns false when {@code v} is not finite. */
    private static boolean finite(double v, String field, Severity severity, String hint, List<Problem> out) {
        if (Double.isFinite(v)) {
            return true;
        }
        String consequence = severity == Severity.REJECT
                ? "so the sample goes to the dead-letter topic"
                : "the sample is kept, but this temperature feeds no safety rule";
        String message = Double.isNaN(v)
                ? field + " is NaN: the instrument gave no valid reading, " + consequence + " — " + hint
                : field + " is " + v + ": an overflowed reading or a division by zero in the edge conversion, "
                        + consequence + " — " + hint;
        Rule rule = Double.isNaN(v) ? Rule.NOT_A_NUMBER : Rule.INFINITE;
        out.add(new Problem(field, Text.value(v), rule, severity, message));
        return false;
    }

    private static Problem missing(String field, String what) {
        return Problem.reject(field, Problem.MISSING, Rule.MISSING_FIELD,
                field + " is missing; every sample needs " + what + " — check the edge agent's field mapping");
    }

    private static double epochSeconds(Instant instant) {
        return instant.getEpochSecond() + instant.getNano() / 1e9;
    }
}
