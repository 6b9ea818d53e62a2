package io.cellwatch.telemetry.validation;

import io.cellwatch.telemetry.Sample;
import io.cellwatch.telemetry.validation.Problem.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** {@link TelemetryValidator#validateSample}: one sample, no batch context, default limits. */
class SampleValidationTest {

    /** 2024-06-10T06:13:20Z in Unix seconds. */
    private static final double T = 1_718_000_000.0;

    private final TelemetryValidator validator = TelemetryValidator.withDefaults();

    private static Sample good() {
        return new Sample("coin-07", 42L, T, 3600.0, 3.412, 0.00078, 25.1, 25.0, 3, 12);
    }

    private static Sample withVoltage(Double v) {
        Sample s = good();
        return new Sample(s.cellId(), s.seq(), s.timeS(), s.testTimeS(), v, s.currentA(),
                s.cellTemperatureC(), s.chamberTemperatureC(), s.stepIndex(), s.cycleIndex());
    }

    private static Sample withCurrent(Double a) {
        Sample s = good();
        return new Sample(s.cellId(), s.seq(), s.timeS(), s.testTimeS(), s.voltageV(), a,
                s.cellTemperatureC(), s.chamberTemperatureC(), s.stepIndex(), s.cycleIndex());
    }

    private static Sample withTime(Double t) {
        Sample s = good();
        return new Sample(s.cellId(), s.seq(), t, s.testTimeS(), s.voltageV(), s.currentA(),
                s.cellTemperatureC(), s.chamberTemperatureC(), s.stepIndex(), s.cycleIndex());
    }

    private static Sample withTemperatures(Double cell, Double chamber) {
        Sample s = good();
        return new Sample(s.cellId(), s.seq(), s.timeS(), s.testTimeS(), s.voltageV(), s.currentA(),
                cell, chamber, s.stepIndex(), s.cycleIndex());
    }

    private static Problem only(List<Problem> problems) {
        assertThat(problems).hasSize(1);
        return problems.get(0);
    }

    @Test
    void aPlausibleSampleHasNoProblems() {
        assertThat(validator.validateSample(good())).isEmpty();
    }

    @Test
    void optionalFieldsMayBeLeftOut() {
        Sample minimal = new Sample("coin-07", 0L, T, null, 3.412, 0.0, null, null, null, null);

        assertThat(validator.validateSample(minimal)).isEmpty();
    }

    @Test
    void nanVoltageIsRejectedNamingTheField() {
        Problem p = only(validator.validateSample(withVoltage(Double.NaN)));

        assertThat(p.field()).isEqualTo("voltage_v");
        assertThat(p.value()).isEqualTo("NaN");
        assertThat(p.rule()).isEqualTo(Rule.NOT_A_NUMBER);
        assertThat(p.severity()).isEqualTo(Severity.REJECT);
        assertThat(p.message()).startsWith("voltage_v is NaN").contains("dead-letter");
    }

    @Test
    void infiniteCurrentIsRejectedInBothDirections() {
        assertThat(validator.validateSample(withCurrent(Double.POSITIVE_INFINITY)))
                .extracting(Problem::field, Problem::value, Problem::rule, Problem::severity)
                .containsExactly(tuple("current_a", "Infinity", Rule.INFINITE, Severity.REJECT));
        assertThat(validator.validateSample(withCurrent(Double.NEGATIVE_INFINITY)))
                .extracting(Problem::value).containsExactly("-Infinity");
    }

    @Test
    void everyMissingRequiredFieldIsReportedNotOnlyTheFirst() {
        Sample empty = new Sample(null, null, null, null, null, null, null, null, null, null);

        assertThat(validator.validateSample(empty))
                .extracting(Problem::field, Problem::value, Problem::rule)
                .containsExactly(
                        tuple("cell_id", Problem.MISSING, Rule.MISSING_FIELD),
                        tuple("seq", Problem.MISSING, Rule.MISSING_FIELD),
                        tuple("time_s", Problem.MISSING, Rule.MISSING_FIELD),
                        tuple("voltage_v", Problem.MISSING, Rule.MISSING_FIELD),
                        tuple("current_a", Problem.MISSING, Rule.MISSING_FIELD));
    }

    @Test
    void millivoltsSentAsVoltsAreRejectedWithTheVoltageTheyProbablyMeant() {
        Problem p = only(validator.validateSample(withVoltage(3400.0)));

        assertThat(p.rule()).isEqualTo(Rule.OUT_OF_RANGE);
        assertThat(p.value()).isEqualTo("3400.0");
        assertThat(p.message()).contains("[-10, 10] V", "millivolts (3.4 V)", "send volts");
    }

    @Test
    void aVoltageNoUnitMistakeExplainsIsBlamedOnTheWiring() {
        Problem p = only(validator.validateSample(withVoltage(-250_000.0)));

        assertThat(p.rule()).isEqualTo(Rule.OUT_OF_RANGE);
        assertThat(p.message()).contains("wiring").doesNotContain("millivolts");
    }

    @ParameterizedTest
    @ValueSource(doubles = {-10.0, -0.35, 0.0, 3.4, 4.9, 10.0})
    void voltagesWithinTenVoltsEitherWayAreAccepted(double volts) {
        assertThat(validator.validateSample(withVoltage(volts))).isEmpty();
    }

    @Test
    void milliamperesSentAsAmperesBeyondTheLimitAreRejectedWithAHint() {
        Problem p = only(validator.validateSample(withCurrent(-1500.0)));

        assertThat(p.rule()).isEqualTo(Rule.OUT_OF_RANGE);
        assertThat(p.message()).contains("±1000 A", "milliamperes (-1.5 A)", "send amperes");
    }

    @ParameterizedTest
    @ValueSource(doubles = {-1000.0, -0.00078, 0.0, 250.0, 1000.0})
    void currentsUpToAThousandAmperesEitherWayAreAccepted(double amperes) {
        assertThat(validator.validateSample(withCurrent(amperes))).isEmpty();
    }

    @Test
    void millisecondTimestampsAreRejectedAsMilliseconds() {
        Problem p = only(validator.validateSample(withTime(1.7e12)));

        assertThat(p.field()).isEqualTo("time_s");
        assertThat(p.value()).isEqualTo("1.7E12");
        assertThat(p.rule()).isEqualTo(Rule.OUT_OF_RANGE);
        assertThat(p.message()).isEqualTo("time_s 1.7E12 is far beyond 2100-01-01; it looks like milliseconds"
                + " since 1970 (2023-11-14T22:13:20Z) — send Unix seconds");
    }

    @Test
    void microAndNanosecondTimestampsAreNamedAsSuch() {
        assertThat(only(validator.validateSample(withTime(1.7e15))).message()).contains("microseconds");
        assertThat(only(validator.validateSample(withTime(1.7e18))).message()).contains("nanoseconds");
    }

    @Test
    void timeSinceTheTestStartedIsRejectedPointingToTestTime() {
        Problem p = only(validator.validateSample(withTime(3600.0)));

        assertThat(p.rule()).isEqualTo(Rule.OUT_OF_RANGE);
        assertThat(p.message()).contains("before 2000-01-01", "seconds since the test started", "test_time_s");
    }

    @Test
    void negativeAndPre2000TimesAreRejected() {
        assertThat(only(validator.validateSample(withTime(-5.0))).message()).contains("negative");
        assertThat(only(validator.validateSample(withTime(6.5e8))).message())
                .contains("1990-08-07", "clock");
        assertThat(only(validator.validateSample(withTime(5e9))).message())
                .contains("at or after 2100-01-01").doesNotContain("milliseconds");
    }

    @Test
    void theTimeWindowIncludesItsStartAndExcludesItsEnd() {
        double start = Instant.parse("2000-01-01T00:00:00Z").getEpochSecond();
        double end = Instant.parse("2100-01-01T00:00:00Z").getEpochSecond();

        assertThat(validator.validateSample(withTime(start))).isEmpty();
        assertThat(validator.validateSample(withTime(end))).extracting(Problem::rule)
                .containsExactly(Rule.OUT_OF_RANGE);
        assertThat(validator.validateSample(withTime(end - 0.001))).isEmpty();
    }

    @Test
    void disconnectedThermocoupleIsFlaggedAndTheSampleKept() {
        Problem p = only(validator.validateSample(withTemperatures(-2500.0, 25.0)));

        assertThat(p.field()).isEqualTo("cell_temperature_c");
        assertThat(p.value()).isEqualTo("-2500.0");
        assertThat(p.rule()).isEqualTo(Rule.OUT_OF_RANGE);
        assertThat(p.severity()).isEqualTo(Severity.FLAG);
        assertThat(p.isReject()).isFalse();
        assertThat(p.message()).contains("[-40, 200] °C", "sensor fault", "kept", "no safety rule");
    }

    @Test
    void nanAndInfiniteTemperaturesAreFlaggedNotRejected() {
        assertThat(validator.validateSample(withTemperatures(Double.NaN, Double.NEGATIVE_INFINITY)))
                .extracting(Problem::field, Problem::rule, Problem::severity)
                .containsExactly(
                        tuple("cell_temperature_c", Rule.NOT_A_NUMBER, Severity.FLAG),
                        tuple("chamber_temperature_c", Rule.INFINITE, Severity.FLAG));
    }

    @ParameterizedTest
    @ValueSource(doubles = {-40.0, 0.0, 100.0, 180.5, 200.0})
    void temperaturesInsideTheSensorBandAreTrusted(double celsius) {
        assertThat(validator.validateSample(withTemperatures(celsius, celsius))).isEmpty();
    }

    @Test
    void chamberTemperatureOutsideTheBandIsFlagged() {
        assertThat(validator.validateSample(withTemperatures(25.0, 250.0)))
                .extracting(Problem::field, Problem::severity)
                .containsExactly(tuple("chamber_temperature_c", Severity.FLAG));
    }

    @Test
    void negativeTestTimeIsRejected() {
        Sample s = new Sample("coin-07", 1L, T, -12.5, 3.4, 0.0, null, null, null, null);

        assertThat(validator.validateSample(s))
                .extracting(Problem::field, Problem::value, Problem::rule, Problem::severity)
                .containsExactly(tuple("test_time_s", "-12.5", Rule.OUT_OF_RANGE, Severity.REJECT));
    }

    @Test
    void nanTestTimeIsRejected() {
        Sample s = new Sample("coin-07", 1L, T, Double.NaN, 3.4, 0.0, null, null, null, null);

        assertThat(validator.validateSample(s)).extracting(Problem::field, Problem::rule)
                .containsExactly(tuple("test_time_s", Rule.NOT_A_NUMBER));
    }

    @Test
    void negativeStepAndCycleIndexesAreRejectedButZeroIsFine() {
        Sample negative = new Sample("coin-07", 1L, T, null, 3.4, 0.0, null, null, -1, -2);
        Sample zero = new Sample("coin-07", 1L, T, null, 3.4, 0.0, null, null, 0, 0);

        assertThat(validator.validateSample(negative))
                .extracting(Problem::field, Problem::value, Problem::rule)
                .containsExactly(
                        tuple("step_index", "-1", Rule.OUT_OF_RANGE),
                        tuple("cycle_index", "-2", Rule.OUT_OF_RANGE));
        assertThat(validator.validateSample(zero)).isEmpty();
    }

    @Test
    void cellIdWithASpaceIsRejectedNamingTheCharacterAndPosition() {
        Sample s = good().withCellId("coin 07");

        Problem p = only(validator.validateSample(s));
        assertThat(p.rule()).isEqualTo(Rule.INVALID_CELL_ID);
        assertThat(p.value()).isEqualTo("coin 07");
        assertThat(p.message()).contains("a space at position 5", "A-Z a-z 0-9 _ . : -");
    }

    @ParameterizedTest
    @ValueSource(strings = {"lab/coin-07", "coin+07", "coin#07", "", "coin\t07", "cellé"})
    void cellIdsThatCannotBeKafkaKeysOrTopicLevelsAreRejected(String id) {
        assertThat(validator.validateSample(good().withCellId(id)))
                .extracting(Problem::field, Problem::rule)
                .containsExactly(tuple("cell_id", Rule.INVALID_CELL_ID));
    }

    @Test
    void cellIdsAreLimitedTo128Characters() {
        String longest = "c".repeat(128);

        assertThat(validator.validateSample(good().withCellId(longest))).isEmpty();
        Problem p = only(validator.validateSample(good().withCellId(longest + "c")));
        assertThat(p.message()).contains("129 characters long");
        assertThat(p.value()).hasSizeLessThanOrEqualTo(80);
    }

    @ParameterizedTest
    @ValueSource(strings = {"coin-07", "LAB1.ch2:cell_07", "0", "a-b_c.d:e"})
    void cellIdsOfLettersDigitsAndSeparatorsAreValid(String id) {
        assertThat(TelemetryValidator.isValidCellId(id)).isTrue();
        assertThat(validator.validateSample(good().withCellId(id))).isEmpty();
    }

    @Test
    void allProblemsOfASampleAreReportedInWireOrder() {
        Sample bad = new Sample("coin 07", null, 1.7e12, -1.0, Double.NaN, Double.POSITIVE_INFINITY,
                -2500.0, Double.NaN, -1, null);

        assertThat(validator.validateSample(bad))
                .extracting(Problem::field, Problem::rule, Problem::severity)
                .containsExactly(
                        tuple("cell_id", Rule.INVALID_CELL_ID, Severity.REJECT),
                        tuple("seq", Rule.MISSING_FIELD, Severity.REJECT),
                        tuple("time_s", Rule.OUT_OF_RANGE, Severity.REJECT),
                        tuple("test_time_s", Rule.OUT_OF_RANGE, Severity.REJECT),
                        tuple("voltage_v", Rule.NOT_A_NUMBER, Severity.REJECT),
                        tuple("current_a", Rule.INFINITE, Severity.REJECT),
                        tuple("cell_temperature_c", Rule.OUT_OF_RANGE, Severity.FLAG),
                        tuple("chamber_temperature_c", Rule.NOT_A_NUMBER, Severity.FLAG),
                        tuple("step_index", Rule.OUT_OF_RANGE, Severity.REJECT));
    }

    @Test
    void aNullSampleIsReportedNotThrown() {
        assertThat(validator.validateSample(null))
                .extracting(Problem::field, Problem::rule)
                .containsExactly(tuple(Problem.ROOT, Rule.MISSING_FIELD));
    }

    @Test
    void limitsAreConfigurable() {
        TelemetryLimits tight = new TelemetryLimits(1024, 10, 0.0, 5.0, 2.0,
                Instant.parse("2020-01-01T00:00:00Z"), Instant.parse("2030-01-01T00:00:00Z"), 0.0, 120.0);
        TelemetryValidator strict = new TelemetryValidator(tight);

        assertThat(strict.validateSample(withVoltage(5.5))).extracting(Problem::rule)
                .containsExactly(Rule.OUT_OF_RANGE);
        assertThat(strict.validateSample(withCurrent(-2.5))).extracting(Problem::rule)
                .containsExactly(Rule.OUT_OF_RANGE);
        assertThat(strict.validateSample(withTemperatures(-5.0, 25.0))).extracting(Problem::severity)
                .containsExactly(Severity.FLAG);
        assertThat(only(strict.validateSample(withTime(1.0e9))).message()).contains("before 2020-01-01");
        assertThat(strict.validateSample(good())).isEmpty();
    }
}
