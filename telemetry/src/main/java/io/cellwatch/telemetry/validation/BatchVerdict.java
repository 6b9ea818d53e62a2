package io.cellwatch.telemetry.validation;

import io.cellwatch.telemetry.Sample;
import io.cellwatch.telemetry.SampleBatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@link TelemetryValidator} decided about one telemetry message.
 *
 * <p>Either the whole message is refused ({@link #payloadProblems()} non-empty, {@link #batch()}
 * null, nothing accepted), or it was understood and each sample was judged on its own: accepted
 * samples go on to Kafka, rejected ones to the dead-letter topic, and FLAGged values of accepted
 * samples are listed in {@link #flags()}.
 *
 * @param batch           the message as decoded (samples as sent, nulls where an element was not an
 *                        object); null when the whole payload was rejected
 * @param payloadProblems problems that refuse the whole message
 * @param accepted        samples to publish, oldest first, each with the batch's cell id filled in
 * @param rejected        samples to dead-letter, each with all of its problems
 * @param flags           FLAG problems of accepted samples; {@link Problem#field()} carries the
 *                        sample's index, e.g. {@code samples[4].cell_temperature_c}
 */
public record BatchVerdict(
        SampleBatch batch,
        List<Problem> payloadProblems,
        List<Sample> accepted,
        List<RejectedSample> rejected,
        List<Problem> flags) {

    public BatchVerdict {
        payloadProblems = List.copyOf(payloadProblems);
        accepted = List.copyOf(accepted);
        rejected = List.copyOf(rejected);
        flags = List.copyOf(flags);
        if ((batch == null) == payloadProblems.isEmpty()) {
            throw new IllegalArgumentException("batch must be null exactly when the whole payload is rejected");
        }
        if (batch == null && !(accepted.isEmpty() && rejected.isEmpty() && flags.isEmpty())) {
            throw new IllegalArgumentException("a rejected payload has no per-sample verdicts");
        }
    }

    static BatchVerdict wholePayloadRejected(List<Problem> problems) {
        return new BatchVerdict(null, problems, List.of(), List.of(), List.of());
    }

    /** True when the message as a whole goes to the dead-letter topic. */
    public boolean isWholePayloadRejected() {
        return !payloadProblems.isEmpty();
    }

    /** True when every sample was accepted (possibly with flags). */
    public boolean isFullyAccepted() {
        return payloadProblems.isEmpty() && rejected.isEmpty();
    }

    /**
     * The problem that best explains a refusal: the first whole-message problem, otherwise the first
     * REJECT problem of the first rejected sample; empty when nothing was refused.
     */
    public Optional<Problem> primaryProblem() {
        if (!payloadProblems.isEmpty()) {
            return Optional.of(payloadProblems.get(0));
        }
        return rejected.stream().findFirst().map(RejectedSample::primaryProblem);
    }

    /** The {@link Rule} of {@link #primaryProblem()}: the dead-letter reason code. */
    public Optional<Rule> primaryReason() {
        return primaryProblem().map(Problem::rule);
    }

    /** Every problem, for logs and per-rule counters: whole-message, then per rejected sample, then flags. */
    public List<Problem> allProblems() {
        List<Problem> all = new ArrayList<>(payloadProblems);
        rejected.forEach(r -> all.addAll(r.problems()));
        all.addAll(flags);
        return List.copyOf(all);
    }
}
