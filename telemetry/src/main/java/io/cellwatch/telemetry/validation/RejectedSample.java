package io.cellwatch.telemetry.validation;

import io.cellwatch.telemetry.Sample;

import java.util.List;

/**
 * A sample of an otherwise accepted batch that goes to the dead-letter topic.
 *
 * @param index    position in the batch's {@code samples} array (the {@code cellwatch.sample.index} header)
 * @param sample   the sample as decoded, with the batch's cell id filled in; null when the array
 *                 element was not a JSON object at all
 * @param problems every problem found in this sample (at least one REJECT), in check order
 */
public record RejectedSample(int index, Sample sample, List<Problem> problems) {

    public RejectedSample {
        problems = List.copyOf(problems);
        if (problems.stream().noneMatch(Problem::isReject)) {
            throw new IllegalArgumentException("a rejected sample needs at least one REJECT problem: " + problems);
        }
    }

    /** The first REJECT problem: the reason to put in the dead-letter header. */
    public Problem primaryProblem() {
        return problems.stream().filter(Problem::isReject).findFirst().orElseThrow();
    }

    public Rule primaryReason() {
        return primaryProblem().rule();
    }
}
