package io.cellwatch.telemetry.validation;

import io.cellwatch.telemetry.Sample;
import io.cellwatch.telemetry.SampleBatch;
import io.cellwatch.telemetry.json.Json;
import io.cellwatch.telemetry.json.JsonSerde;
import io.cellwatch.telemetry.validation.Problem.Severity;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** {@link TelemetryValidator#decodeBatch} and {@link TelemetryValidator#validateBatch}: whole messages. */
class BatchDecodingTest {

    /** 2024-06-10T06:13:20Z in Unix seconds. */
    private static final double T = 1_718_000_000.0;

    private final TelemetryValidator validator = TelemetryValidator.withDefaults();

    private static String sample(long seq, double timeS, String voltage) {
        return "{\"seq\": " + seq + ", \"time_s\": " + timeS + ", \"voltage_v\": " + voltage
                + ", \"current_a\": 0.00078}";
    }

    private static String sample(long seq, double timeS) {
        return sample(seq, timeS, "3.412");
    }

    private static byte[] batch(String... samples) {
        return ("{\"schema_version\": 1, \"cell_id\": \"coin-07\", \"samples\": ["
                + String.join(", ", samples) + "]}").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Problem onlyPayloadProblem(BatchVerdict verdict) {
        assertThat(verdict.isWholePayloadRejected()).isTrue();
        assertThat(verdict.batch()).isNull();
        assertThat(verdict.payloadProblems()).hasSize(1);
        return verdict.payloadProblems().get(0);
    }

    // ---- accepted input ------------------------------------------------------------------------

    @Test
    void aGoodBatchIsAcceptedWithTheBatchCellIdFilledIntoEverySample() {
        BatchVerdict verdict = validator.decodeBatch(batch(sample(1, T), sample(2, T + 1)));

        assertThat(verdict.isFullyAccepted()).isTrue();
        assertThat(verdict.primaryReason()).isEmpty();
        assertThat(verdict.allProblems()).isEmpty();
        assertThat(verdict.accepted())
                .extracting(Sample::cellId, Sample::seq, Sample::timeS, Sample::voltageV, Sample::currentA)
                .containsExactly(
                        tuple("coin-07", 1L, T, 3.412, 0.00078),
                        tuple("coin-07", 2L, T + 1, 3.412, 0.00078));
        assertThat(verdict.batch().cellId()).isEqualTo("coin-07");
        assertThat(verdict.batch().schemaVersion()).isEqualTo(1);
    }

    @Test
    void aSampleRepeatingTheBatchCellIdIsAccepted() {
        String same = "{\"cell_id\": \"coin-07\", \"seq\": 1, \"time_s\": " + T
                + ", \"voltage_v\": 3.4, \"current_a\": 0.0}";

        assertThat(validator.decodeBatch(batch(same)).isFullyAccepted()).isTrue();
    }

    @Test
    void unknownFieldsAreIgnoredSoANewerEdgeMayAddThem() {
        String withExtra = "{\"seq\": 1, \"time_s\": " + T + ", \"voltage_v\": 3.4, \"current_a\": 0.0,"
                + " \"anode_potential_v\": 0.1, \"firmware\": {\"rev\": \"b\"}}";

        BatchVerdict verdict = validator.decodeBatch(batch(withExtra));

        assertThat(verdict.isFullyAccepted()).isTrue();
    }

    @Test
    void equalTimestampsAreNotGoingBackwards() {
        BatchVerdict verdict = validator.decodeBatch(batch(sample(1, T), sample(2, T), sample(3, T)));

        assertThat(verdict.accepted()).hasSize(3);
    }

    @Test
    void wholeNumbersWrittenAsFloatsAreAcceptedAsCounters() {
        String floats = "{\"seq\": 7.0, \"time_s\": " + T + ", \"voltage_v\": 3.4, \"current_a\": 0.0,"
                + " \"step_index\": 2.0, \"cycle_index\": 1E1}";

        BatchVerdict verdict = validator.decodeBatch(batch(floats));

        assertThat(verdict.accepted()).extracting(Sample::seq, Sample::stepIndex, Sample::cycleIndex)
                .containsExactly(tuple(7L, 2, 10));
    }

    @Test
    void schemaVersionWrittenAsAFloatIsStillVersionOne() {
        BatchVerdict verdict = validator.decodeBatch(json(
                "{\"schema_version\": 1.0, \"cell_id\": \"coin-07\", \"samples\": [" + sample(1, T) + "]}"));

        assertThat(verdict.isFullyAccepted()).isTrue();
    }

    // ---- size ----------------------------------------------------------------------------------

    @Test
    void anOversizedPayloadIsRefusedWithoutBeingParsed() {
        // Not JSON at all: if it were parsed, the problem would be malformed_json.
        byte[] garbage = new byte[TelemetryLimits.DEFAULT_MAX_PAYLOAD_BYTES + 1];
        java.util.Arrays.fill(garbage, (byte) '{');

        Problem p = onlyPayloadProblem(validator.decodeBatch(garbage));

        assertThat(p.rule()).isEqualTo(Rule.PAYLOAD_TOO_LARGE);
        assertThat(p.field()).isEqualTo(Problem.ROOT);
        assertThat(p.value()).isEqualTo("262145 bytes");
        assertThat(p.message()).contains("262145 bytes", "262144", "smaller batches");
    }

    @Test
    void aHugeButValidBatchOverTheByteLimitIsRefused() {
        String[] samples = IntStream.range(0, 5_000).mapToObj(i -> sample(i, T + i)).toArray(String[]::new);
        byte[] huge = batch(samples);
        assertThat(huge.length).isGreaterThan(TelemetryLimits.DEFAULT_MAX_PAYLOAD_BYTES);

        BatchVerdict verdict = validator.decodeBatch(huge);

        assertThat(verdict.primaryReason()).contains(Rule.PAYLOAD_TOO_LARGE);
        assertThat(verdict.accepted()).isEmpty();
    }

    @Test
    void aPayloadExactlyAtTheByteLimitIsRead() {
        byte[] small = batch(sample(1, T));
        byte[] padded = new byte[TelemetryLimits.DEFAULT_MAX_PAYLOAD_BYTES];
        java.util.Arrays.fill(padded, (byte) ' ');
        System.arraycopy(small, 0, padded, 0, small.length);

        assertThat(validator.decodeBatch(padded).isFullyAccepted()).isTrue();
    }

    @Test
    void tooManySamplesRefuseTheWholeBatch() {
        TelemetryValidator three = new TelemetryValidator(TelemetryLimits.defaults().withMaxSamplesPerBatch(3));

        Problem p = onlyPayloadProblem(three.decodeBatch(batch(
                sample(1, T), sample(2, T + 1), sample(3, T + 2), sample(4, T + 3))));

        assertThat(p.rule()).isEqualTo(Rule.TOO_MANY_SAMPLES);
        assertThat(p.field()).isEqualTo("samples");
        assertThat(p.value()).isEqualTo("4 samples");
        assertThat(three.decodeBatch(batch(sample(1, T), sample(2, T + 1), sample(3, T + 2))).isFullyAccepted())
                .isTrue();
    }

    // ---- JSON syntax ---------------------------------------------------------------------------

    @Test
    void malformedJsonIsReportedWithLineAndColumnAndNoStackTrace() {
        byte[] payload = json("{\"schema_version\": 1,\n \"cell_id\": \"coin-07\",\n \"samples\": [}\n");

        Problem p = onlyPayloadProblem(validator.decodeBatch(payload));

        assertThat(p.rule()).isEqualTo(Rule.MALFORMED_JSON);
        assertThat(p.field()).isEqualTo(Problem.ROOT);
        assertThat(p.message()).startsWith("payload is not valid JSON at line 3, column 14: Unexpected close marker '}'");
        assertThat(p.message()).doesNotContain("Exception", "\tat ", "\n", "REDACTED");
        assertThat(p.value()).endsWith("\"samples\": [}");
    }

    @Test
    void aTruncatedPayloadIsSaidToBeCutOff() {
        byte[] full = batch(sample(1, T));
        byte[] cut = java.util.Arrays.copyOf(full, full.length - 10);

        Problem p = onlyPayloadProblem(validator.decodeBatch(cut));

        assertThat(p.rule()).isEqualTo(Rule.MALFORMED_JSON);
        assertThat(p.message()).contains("end-of-input", "cut off");
    }

    @Test
    void emptyBlankAndNullPayloadsAreMalformed() {
        assertThat(onlyPayloadProblem(validator.decodeBatch(new byte[0])).rule()).isEqualTo(Rule.MALFORMED_JSON);
        assertThat(onlyPayloadProblem(validator.decodeBatch(json("  \n "))).rule()).isEqualTo(Rule.MALFORMED_JSON);
        assertThat(onlyPayloadProblem(validator.decodeBatch(null)).rule()).isEqualTo(Rule.MALFORMED_JSON);
    }

    @Test
    void aJsonValueThatIsNotAnObjectIsTheWrongType() {
        for (String notAnObject : List.of("null", "42", "\"coin-07\"", "[]")) {
            Problem p = onlyPayloadProblem(validator.decodeBatch(json(notAnObject)));
            assertThat(p.rule()).as(notAnObject).isEqualTo(Rule.WRONG_TYPE);
            assertThat(p.field()).isEqualTo(Problem.ROOT);
        }
    }

    @Test
    void absurdlyDeepNestingIsRefusedNotACrash() {
        byte[] deep = json("{\"schema_version\": 1, \"x\": " + "[".repeat(5_000) + "]".repeat(5_000) + "}");

        assertThat(onlyPayloadProblem(validator.decodeBatch(deep)).rule()).isEqualTo(Rule.MALFORMED_JSON);
    }

    @Test
    void invalidUtf8IsMalformed() {
        byte[] payload = batch(sample(1, T));
        payload[30] = (byte) 0xC3; // start of a two-byte sequence, followed by an ASCII byte

        assertThat(onlyPayloadProblem(validator.decodeBatch(payload)).rule()).isEqualTo(Rule.MALFORMED_JSON);
    }

    // ---- batch header --------------------------------------------------------------------------

    @Test
    void theSchemaVersionIsJudgedBeforeAnythingElse() {
        Problem p = onlyPayloadProblem(validator.decodeBatch(json("{\"schema_version\": 2, \"samples\": []}")));

        assertThat(p.rule()).isEqualTo(Rule.UNKNOWN_SCHEMA_VERSION);
        assertThat(p.value()).isEqualTo("2");
        assertThat(p.message()).contains("version 1");
    }

    @Test
    void aSchemaVersionThatIsNotAWholeNumberIsUnknown() {
        for (String version : List.of("\"1\"", "1.5", "true", "{}")) {
            Problem p = onlyPayloadProblem(validator.decodeBatch(json(
                    "{\"schema_version\": " + version + ", \"cell_id\": \"coin-07\", \"samples\": ["
                            + sample(1, T) + "]}")));
            assertThat(p.rule()).as(version).isEqualTo(Rule.UNKNOWN_SCHEMA_VERSION);
            assertThat(p.value()).isEqualTo(version);
        }
    }

    @Test
    void cellIdAndSampleProblemsOfTheHeaderAreReportedTogether() {
        BatchVerdict verdict = validator.decodeBatch(json("{\"schema_version\": 1, \"samples\": []}"));

        assertThat(verdict.payloadProblems())
                .extracting(Problem::field, Problem::rule)
                .containsExactly(tuple("cell_id", Rule.MISSING_FIELD), tuple("samples", Rule.EMPTY_BATCH));
        assertThat(verdict.primaryReason()).contains(Rule.MISSING_FIELD);
    }

    @Test
    void aWrongTypedCellIdIsNotAlsoReportedMissing() {
        BatchVerdict verdict = validator.decodeBatch(json(
                "{\"schema_version\": 1, \"cell_id\": 7, \"samples\": [" + sample(1, T) + "]}"));

        assertThat(verdict.payloadProblems())
                .extracting(Problem::field, Problem::value, Problem::rule)
                .containsExactly(tuple("cell_id", "7", Rule.WRONG_TYPE));
    }

    @Test
    void missingSamplesRefuseTheBatch() {
        Problem p = onlyPayloadProblem(validator.decodeBatch(json("{\"schema_version\": 1, \"cell_id\": \"c\"}")));

        assertThat(p.field()).isEqualTo("samples");
        assertThat(p.rule()).isEqualTo(Rule.MISSING_FIELD);
    }

    // ---- samples -------------------------------------------------------------------------------

    @Test
    void aWrongTypedFieldCostsOnlyItsSampleAndIsNamedByPath() {
        BatchVerdict verdict = validator.decodeBatch(batch(
                sample(1, T), sample(2, T + 1, "\"abc\""), sample(3, T + 2)));

        assertThat(verdict.accepted()).extracting(Sample::seq).containsExactly(1L, 3L);
        assertThat(verdict.rejected()).singleElement().satisfies(r -> {
            assertThat(r.index()).isEqualTo(1);
            assertThat(r.sample().seq()).isEqualTo(2L);
            assertThat(r.sample().voltageV()).isNull();
            assertThat(r.problems()).extracting(Problem::field, Problem::value, Problem::rule)
                    .containsExactly(tuple("samples[1].voltage_v", "\"abc\"", Rule.WRONG_TYPE));
            assertThat(r.primaryReason()).isEqualTo(Rule.WRONG_TYPE);
        });
    }

    @Test
    void aStringTemperatureIsFlaggedAndTheSampleKeptWithoutIt() {
        String hot = "{\"seq\": 1, \"time_s\": " + T + ", \"voltage_v\": 3.4, \"current_a\": 0.0,"
                + " \"cell_temperature_c\": \"hot\"}";

        BatchVerdict verdict = validator.decodeBatch(batch(hot));

        assertThat(verdict.accepted()).singleElement()
                .satisfies(s -> assertThat(s.cellTemperatureC()).isNull());
        assertThat(verdict.flags()).extracting(Problem::field, Problem::rule, Problem::severity)
                .containsExactly(tuple("samples[0].cell_temperature_c", Rule.WRONG_TYPE, Severity.FLAG));
    }

    @Test
    void flaggedValuesOfAcceptedSamplesKeepTheRawReadingAndCarryTheSampleIndex() {
        String broken = "{\"seq\": 2, \"time_s\": " + (T + 1) + ", \"voltage_v\": 3.4, \"current_a\": 0.0,"
                + " \"cell_temperature_c\": -2500.0}";

        BatchVerdict verdict = validator.decodeBatch(batch(sample(1, T), broken));

        assertThat(verdict.isFullyAccepted()).isTrue();
        assertThat(verdict.accepted().get(1).cellTemperatureC()).isEqualTo(-2500.0);
        assertThat(verdict.flags()).extracting(Problem::field, Problem::value)
                .containsExactly(tuple("samples[1].cell_temperature_c", "-2500.0"));
        assertThat(verdict.primaryReason()).isEmpty();
    }

    @Test
    void nonFiniteNumbersWrittenByOurOwnSerdeAreReportedAsSuchNotAsWrongTypes() {
        // Jackson writes NaN as the string "NaN" (WRITE_NAN_AS_STRINGS), so this is what a Java
        // edge agent using JsonSerde sends for a missing reading.
        Sample nan = new Sample(null, 1L, T, null, Double.NaN, Double.NEGATIVE_INFINITY, null, null, null, null);
        byte[] payload = JsonSerde.of(SampleBatch.class).toBytes(SampleBatch.of("coin-07", List.of(nan)));
        assertThat(new String(payload, StandardCharsets.UTF_8)).contains("\"voltage_v\":\"NaN\"");

        BatchVerdict verdict = validator.decodeBatch(payload);

        assertThat(verdict.rejected()).singleElement().satisfies(r -> assertThat(r.problems())
                .extracting(Problem::field, Problem::rule)
                .containsExactly(
                        tuple("samples[0].voltage_v", Rule.NOT_A_NUMBER),
                        tuple("samples[0].current_a", Rule.INFINITE)));
    }

    @Test
    void countersThatAreNotWholeOrDoNotFitAreRejected() {
        String bad = "{\"seq\": 1.5, \"time_s\": " + T + ", \"voltage_v\": 3.4, \"current_a\": 0.0,"
                + " \"step_index\": 3000000000, \"cycle_index\": NaN}";

        BatchVerdict verdict = validator.decodeBatch(batch(bad));

        assertThat(verdict.rejected()).singleElement().satisfies(r -> assertThat(r.problems())
                .extracting(Problem::field, Problem::rule)
                .containsExactly(
                        tuple("samples[0].seq", Rule.WRONG_TYPE),
                        tuple("samples[0].step_index", Rule.OUT_OF_RANGE),
                        tuple("samples[0].cycle_index", Rule.NOT_A_NUMBER)));
    }

    @Test
    void aSampleNamingAnotherCellIsRejectedAndTheOthersKept() {
        String other = "{\"cell_id\": \"coin-08\", \"seq\": 2, \"time_s\": " + (T + 1)
                + ", \"voltage_v\": 3.4, \"current_a\": 0.0}";

        BatchVerdict verdict = validator.decodeBatch(batch(sample(1, T), other, sample(3, T + 2)));

        assertThat(verdict.accepted()).extracting(Sample::seq).containsExactly(1L, 3L);
        assertThat(verdict.rejected()).singleElement().satisfies(r -> {
            assertThat(r.sample().cellId()).isEqualTo("coin-08");
            assertThat(r.problems()).extracting(Problem::field, Problem::value, Problem::rule)
                    .containsExactly(tuple("samples[1].cell_id", "coin-08", Rule.CELL_ID_MISMATCH));
            assertThat(r.problems().get(0).message()).contains("\"coin-08\"", "\"coin-07\"");
        });
    }

    @Test
    void aDuplicateSeqIsRejectedAndTheFollowingSamplesSurvive() {
        BatchVerdict verdict = validator.decodeBatch(batch(
                sample(1, T), sample(2, T + 1), sample(2, T + 1), sample(3, T + 2)));

        assertThat(verdict.accepted()).extracting(Sample::seq).containsExactly(1L, 2L, 3L);
        assertThat(verdict.rejected()).singleElement().satisfies(r -> {
            assertThat(r.index()).isEqualTo(2);
            assertThat(r.problems()).extracting(Problem::field, Problem::value, Problem::rule)
                    .containsExactly(tuple("samples[2].seq", "2", Rule.SEQUENCE_NOT_INCREASING));
        });
    }

    @Test
    void orderIsJudgedAgainstThePreviousAcceptedSampleNotThePreviousOne() {
        // Sample 1 is rejected (NaN voltage) and claims a late time; sample 2 is earlier than sample 1
        // but later than sample 0, the last accepted one, so it is in order.
        BatchVerdict verdict = validator.decodeBatch(batch(
                sample(1, T), sample(5, T + 100, "NaN"), sample(2, T + 10), sample(3, T + 5)));

        assertThat(verdict.accepted()).extracting(Sample::seq).containsExactly(1L, 2L);
        assertThat(verdict.rejected()).extracting(RejectedSample::index, RejectedSample::primaryReason)
                .containsExactly(tuple(1, Rule.NOT_A_NUMBER), tuple(3, Rule.TIME_BACKWARDS));
        assertThat(verdict.rejected().get(1).primaryProblem().message())
                .contains("samples[3].time_s", "5 s before", "(samples[2])");
    }

    @Test
    void aSampleOutOfOrderInBothSeqAndTimeGetsBothProblems() {
        BatchVerdict verdict = validator.decodeBatch(batch(sample(5, T + 5), sample(4, T + 4)));

        assertThat(verdict.rejected()).singleElement().satisfies(r -> assertThat(r.problems())
                .extracting(Problem::rule)
                .containsExactly(Rule.SEQUENCE_NOT_INCREASING, Rule.TIME_BACKWARDS));
    }

    @Test
    void aValueWithItsOwnProblemIsNotAlsoJudgedForOrder() {
        // 3600 s is relative time: its out_of_range problem explains it; "backwards" would be noise.
        BatchVerdict verdict = validator.decodeBatch(batch(sample(1, T), sample(2, 3600.0)));

        assertThat(verdict.rejected()).singleElement().satisfies(r -> assertThat(r.problems())
                .extracting(Problem::rule).containsExactly(Rule.OUT_OF_RANGE));
    }

    @Test
    void primaryReasonIsTheFirstRejectOfTheFirstRejectedSample() {
        String flaggedThenRejected = "{\"seq\": 2, \"time_s\": " + (T + 1) + ", \"voltage_v\": 3.4,"
                + " \"current_a\": 0.0, \"cell_temperature_c\": \"hot\", \"chamber_temperature_c\": NaN,"
                + " \"step_index\": -1}";

        BatchVerdict verdict = validator.decodeBatch(batch(sample(1, T), flaggedThenRejected));

        assertThat(verdict.rejected().get(0).problems()).extracting(Problem::severity)
                .containsExactly(Severity.FLAG, Severity.FLAG, Severity.REJECT);
        assertThat(verdict.primaryReason()).contains(Rule.OUT_OF_RANGE);
        assertThat(verdict.primaryProblem()).get().extracting(Problem::field).isEqualTo("samples[1].step_index");
    }

    @Test
    void aControlCharacterInACellIdIsEscapedInTheMessage() {
        Problem p = onlyPayloadProblem(validator.decodeBatch(json(
                "{\"schema_version\": 1, \"cell_id\": \"coin\\n07\", \"samples\": [" + sample(1, T) + "]}")));

        assertThat(p.rule()).isEqualTo(Rule.INVALID_CELL_ID);
        assertThat(p.value()).isEqualTo("coin\n07");
        assertThat(p.message()).contains("\"coin\\n07\" contains the control character U+000A at position 5")
                .doesNotContain("\n");
    }

    @Test
    void jacksonBindingErrorsAreNamedByTheirJsonPath() {
        // The fallback for binding failures the decoder's own type checks do not foresee.
        Throwable error = org.assertj.core.api.Assertions.catchThrowable(() -> Json.mapper().readValue(
                "{\"samples\": [{}, {\"voltage_v\": [1]}]}", SampleBatch.class));

        assertThat(error).isInstanceOf(com.fasterxml.jackson.databind.JsonMappingException.class);
        assertThat(PayloadDecoder.jsonPath(((com.fasterxml.jackson.databind.JsonMappingException) error).getPath()))
                .isEqualTo(".samples[1].voltage_v");
    }

    // ---- the validator as a component ----------------------------------------------------------

    @Test
    void validateBatchJudgesARecordLikeDecodeBatchJudgesItsJson() {
        SampleBatch batch = SampleBatch.of("coin-07", List.of(
                new Sample(null, 1L, T, null, 3.4, 0.0, 25.0, null, null, null),
                new Sample(null, 2L, T + 1, null, Double.NaN, 0.0, null, null, null, null),
                new Sample(null, 3L, T - 1, null, 3.4, 0.0, null, null, null, null),
                new Sample("coin-08", 4L, T + 3, null, 3.4, 0.0, null, null, null, null),
                new Sample(null, 5L, T + 4, null, 3.4, 0.0, -2500.0, null, null, null)));

        BatchVerdict fromRecord = validator.validateBatch(batch);
        BatchVerdict fromJson = validator.decodeBatch(JsonSerde.of(SampleBatch.class).toBytes(batch));

        assertThat(fromRecord.accepted()).isEqualTo(fromJson.accepted()).extracting(Sample::seq)
                .containsExactly(1L, 5L);
        assertThat(fromRecord.rejected()).isEqualTo(fromJson.rejected());
        assertThat(fromRecord.flags()).isEqualTo(fromJson.flags());
        assertThat(validator.validateBatch(new SampleBatch(3, "coin-07", List.of())).primaryReason())
                .contains(Rule.UNKNOWN_SCHEMA_VERSION);
        assertThat(validator.validateBatch(null).isWholePayloadRejected()).isTrue();
    }

    @Test
    void everyFieldOfSampleIsTypeCheckedOnTheWire() {
        // Guards the decoder's field table against a component added to Sample without it.
        Sample full = new Sample("c", 1L, T, 1.0, 3.4, 0.1, 25.0, 25.0, 1, 1);
        Iterator<String> names = Json.mapper().valueToTree(full).fieldNames();
        List<String> wireNames = new ArrayList<>();
        names.forEachRemaining(wireNames::add);

        assertThat(PayloadDecoder.SAMPLE_FIELD_NAMES).containsExactlyInAnyOrderElementsOf(wireNames);
    }

    @Test
    void oneValidatorCanJudgeFromManyThreadsAtOnce() throws Exception {
        List<byte[]> payloads = IntStream.range(0, 200).mapToObj(i -> batch(
                sample(1, T), sample(2, T + 1, i % 2 == 0 ? "NaN" : "3.4"), sample(3, T + i))).toList();
        List<String> sequential = payloads.stream().map(p -> validator.decodeBatch(p).toString()).toList();

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (byte[] p : payloads) {
                futures.add(pool.submit(() -> validator.decodeBatch(p).toString()));
            }
            List<String> parallel = new ArrayList<>();
            for (Future<String> f : futures) {
                parallel.add(f.get());
            }
            assertThat(parallel).isEqualTo(sequential);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void verdictsSerializeWithWireNamesForLogsAndApis() throws Exception {
        BatchVerdict verdict = validator.decodeBatch(batch(sample(1, T, "NaN")));

        String text = Json.mapper().writeValueAsString(verdict.rejected().get(0).problems());

        assertThat(text).contains("\"rule\":\"not_a_number\"", "\"severity\":\"reject\"",
                "\"field\":\"samples[0].voltage_v\"", "\"value\":\"NaN\"");
        assertThat(verdict.rejected().stream().map(r -> r.primaryReason().wireName())
                .collect(Collectors.joining())).isEqualTo("not_a_number");
    }
}
