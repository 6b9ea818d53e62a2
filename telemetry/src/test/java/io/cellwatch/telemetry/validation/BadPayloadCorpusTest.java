package io.cellwatch.telemetry.validation;

import io.cellwatch.telemetry.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The corpus of bad payloads in {@code src/test/resources/bad-payloads/}: each file with the exact
 * problems ({@code severity rule field}) and the indexes of the samples that survive. New files
 * must be added to {@link #corpus()}; a test fails on files without an expectation.
 */
class BadPayloadCorpusTest {

    private static final String DIR = "/bad-payloads/";
    private final TelemetryValidator validator = TelemetryValidator.withDefaults();

    /** One corpus file and what the validator must say about it. */
    record Case(String file, boolean wholePayloadRejected, List<Integer> acceptedIndexes, List<String> problems) {
        @Override
        public String toString() {
            return file;
        }
    }

    static Stream<Case> corpus() {
        return Stream.of(
                whole("malformed-json.json", "reject malformed_json $"),
                whole("truncated.json", "reject malformed_json $"),
                whole("trailing-garbage.json", "reject malformed_json $"),
                whole("duplicate-field.json", "reject malformed_json $"),
                whole("payload-is-an-array.json", "reject wrong_type $"),
                whole("schema-version-2.json", "reject unknown_schema_version schema_version"),
                whole("missing-schema-version.json", "reject unknown_schema_version schema_version"),
                whole("missing-cell-id.json", "reject missing_field cell_id"),
                whole("cell-id-with-space.json", "reject invalid_cell_id cell_id"),
                whole("cell-id-with-slash.json", "reject invalid_cell_id cell_id"),
                whole("empty-samples.json", "reject empty_batch samples"),
                whole("samples-not-an-array.json", "reject wrong_type samples"),

                samples("nan-voltage.json", List.of(), "reject not_a_number samples[0].voltage_v"),
                samples("nan-as-string.json", List.of(),
                        "reject not_a_number samples[0].voltage_v",
                        "reject infinite samples[0].current_a"),
                samples("infinity-current.json", List.of(), "reject infinite samples[0].current_a"),
                samples("missing-voltage.json", List.of(), "reject missing_field samples[0].voltage_v"),
                samples("string-voltage.json", List.of(), "reject wrong_type samples[0].voltage_v"),
                samples("milliseconds-time.json", List.of(), "reject out_of_range samples[0].time_s"),
                samples("relative-time.json", List.of(), "reject out_of_range samples[0].time_s"),
                samples("millivolts-as-volts.json", List.of(), "reject out_of_range samples[0].voltage_v"),
                samples("negative-test-time.json", List.of(), "reject out_of_range samples[0].test_time_s"),
                samples("negative-step-and-cycle-index.json", List.of(),
                        "reject out_of_range samples[0].step_index",
                        "reject out_of_range samples[0].cycle_index"),
                samples("time-reversal-mid-batch.json", List.of(0, 1, 3), "reject time_backwards samples[2].time_s"),
                samples("duplicate-seq.json", List.of(0, 1, 3), "reject sequence_not_increasing samples[2].seq"),
                samples("sample-cell-id-mismatch.json", List.of(0, 2), "reject cell_id_mismatch samples[1].cell_id"),
                samples("sample-not-an-object.json", List.of(0, 3),
                        "reject wrong_type samples[1]",
                        "reject missing_field samples[2]"),
                samples("disconnected-thermocouple.json", List.of(0),
                        "flag out_of_range samples[0].cell_temperature_c"),
                samples("mixed-good-and-bad.json", List.of(0, 2, 4, 5),
                        "reject not_a_number samples[1].voltage_v",
                        "reject missing_field samples[1].current_a",
                        "reject out_of_range samples[3].time_s",
                        "flag not_a_number samples[4].cell_temperature_c"),
                samples("sample-with-every-problem.json", List.of(),
                        "reject wrong_type samples[0].time_s",
                        "flag wrong_type samples[0].cell_temperature_c",
                        "reject wrong_type samples[0].cycle_index",
                        "reject missing_field samples[0].seq",
                        "reject out_of_range samples[0].test_time_s",
                        "reject not_a_number samples[0].voltage_v",
                        "reject infinite samples[0].current_a",
                        "flag out_of_range samples[0].chamber_temperature_c",
                        "reject out_of_range samples[0].step_index"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void eachBadPayloadIsJudgedWithExactRulesAndFieldPaths(Case c) {
        BatchVerdict verdict = validator.decodeBatch(read(c.file()));

        assertThat(verdict.allProblems())
                .extracting(p -> p.severity().wireName() + " " + p.rule().wireName() + " " + p.field())
                .containsExactlyInAnyOrderElementsOf(c.problems());
        assertThat(verdict.isWholePayloadRejected()).isEqualTo(c.wholePayloadRejected());
        if (c.wholePayloadRejected()) {
            assertThat(verdict.batch()).isNull();
            assertThat(verdict.accepted()).isEmpty();
        } else {
            List<Sample> sent = verdict.batch().samplesWithCellId();
            assertThat(verdict.accepted())
                    .containsExactlyElementsOf(c.acceptedIndexes().stream().map(sent::get).toList());
            List<Integer> rejectedIndexes = IntStream.range(0, sent.size())
                    .filter(i -> !c.acceptedIndexes().contains(i)).boxed().toList();
            assertThat(verdict.rejected()).extracting(RejectedSample::index)
                    .containsExactlyElementsOf(rejectedIndexes);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void everyMessageNamesItsFieldAndNeverCarriesAStackTrace(Case c) {
        BatchVerdict verdict = validator.decodeBatch(read(c.file()));

        assertThat(verdict.allProblems()).isNotEmpty().allSatisfy(p -> {
            assertThat(p.message()).doesNotContain("Exception", "\tat ", "REDACTED", "Source:");
            assertThat(p.message()).startsWith(p.field().equals(Problem.ROOT) ? "payload" : p.field());
            assertThat(p.value()).isNotBlank();
        });
    }

    @Test
    void everyCorpusFileHasAnExpectation() throws IOException, URISyntaxException {
        Path dir = Path.of(BadPayloadCorpusTest.class.getResource(DIR).toURI());
        try (Stream<Path> files = Files.list(dir)) {
            List<String> onDisk = files.map(p -> p.getFileName().toString()).toList();
            assertThat(onDisk).containsExactlyInAnyOrderElementsOf(corpus().map(Case::file).toList());
        }
    }

    private static Case whole(String file, String... problems) {
        return new Case(file, true, List.of(), List.of(problems));
    }

    private static Case samples(String file, List<Integer> accepted, String... problems) {
        return new Case(file, false, accepted, List.of(problems));
    }

    private static byte[] read(String file) {
        try (InputStream in = BadPayloadCorpusTest.class.getResourceAsStream(DIR + file)) {
            assertThat(in).as("corpus file %s", file).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
