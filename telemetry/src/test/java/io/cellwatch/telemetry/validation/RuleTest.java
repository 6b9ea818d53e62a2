package io.cellwatch.telemetry.validation;

import io.cellwatch.telemetry.validation.Problem.Severity;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class RuleTest {

    @Test
    void wireNamesAreTheStableMachineCodesDeadLettersAndMetricsUse() {
        // Changing one of these breaks dashboards, alert rules and dead-letter consumers.
        assertThat(Arrays.stream(Rule.values()).map(Rule::wireName)).containsExactlyInAnyOrder(
                "malformed_json", "payload_too_large", "unknown_schema_version", "missing_field",
                "wrong_type", "not_a_number", "infinite", "out_of_range", "time_backwards",
                "sequence_not_increasing", "cell_id_mismatch", "invalid_cell_id", "empty_batch",
                "too_many_samples");
    }

    @Test
    void aWireNameReadsBackToItsRule() {
        for (Rule rule : Rule.values()) {
            assertThat(Rule.fromWireName(rule.wireName())).contains(rule);
        }
        assertThat(Rule.fromWireName("NOT_A_NUMBER")).isEmpty();
        assertThat(Rule.fromWireName(null)).isEmpty();
    }

    @Test
    void severitiesHaveLowerCaseWireNames() {
        assertThat(Severity.REJECT.wireName()).isEqualTo("reject");
        assertThat(Severity.FLAG.wireName()).isEqualTo("flag");
    }

    @Test
    void problemsNeedEveryComponent() {
        assertThatNullPointerException().isThrownBy(() -> Problem.reject(null, "x", Rule.INFINITE, "m"));
        assertThatNullPointerException().isThrownBy(() -> Problem.flag("f", "x", null, "m"));
        assertThat(Problem.flag("f", "x", Rule.OUT_OF_RANGE, "m").isReject()).isFalse();
        assertThat(Problem.reject("f", "x", Rule.OUT_OF_RANGE, "m").isReject()).isTrue();
    }

    @Test
    void aRejectedSampleMustHaveAReasonToBeRejected() {
        Problem flag = Problem.flag("samples[0].cell_temperature_c", "NaN", Rule.NOT_A_NUMBER, "m");

        assertThatIllegalArgumentException().isThrownBy(() ->
                new RejectedSample(0, null, java.util.List.of(flag)));
    }
}
