package io.cellwatch.telemetry.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.cellwatch.telemetry.Sample;
import io.cellwatch.telemetry.SampleBatch;
import io.cellwatch.telemetry.validation.PayloadDecoder.DecodedSample;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Decides what of an incoming telemetry message may enter the pipeline, and says why the rest may
 * not. Pure and thread-safe: no state beyond the immutable limits, no I/O, no logging; one instance
 * can serve every bridge thread.
 *
 * <p>Order of judgement for a batch: size (before parsing, so an oversized message costs nothing),
 * JSON syntax, schema version (an unknown version is refused before its fields are read: they may
 * mean something else), batch cell id and sample count; then each sample on its own, with all of
 * its problems. Within a batch {@code seq} must strictly increase and {@code time_s} must not go
 * backwards, compared with the previous <em>accepted</em> sample, so one bad sample does not drag
 * good neighbours with it. Ordering across batches (redeliveries) is not judged here: downstream
 * deduplicates by {@code seq}.
 */
public final class TelemetryValidator {

    /**
     * What a cell id may look like: it becomes the Kafka key, an MQTT topic level and a metric
     * label, so no spaces, slashes, wildcards ({@code +}, {@code #}) or unbounded length.
     */
    public static final Pattern CELL_ID_PATTERN = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

    private final TelemetryLimits limits;
    private final SampleChecks checks;

    public TelemetryValidator(TelemetryLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.checks = new SampleChecks(limits);
    }

    /** A validator with {@link TelemetryLimits#defaults()}. */
    public static TelemetryValidator withDefaults() {
        return new TelemetryValidator(TelemetryLimits.defaults());
    }

    public TelemetryLimits limits() {
        return limits;
    }

    public static boolean isValidCellId(String cellId) {
        return cellId != null && CELL_ID_PATTERN.matcher(cellId).matches();
    }

    /** Judges one raw MQTT telemetry payload (a {@link SampleBatch} as JSON). Never throws for bad input. */
    public BatchVerdict decodeBatch(byte[] payload) {
        if (payload != null && payload.length > limits.maxPayloadBytes()) {
            return BatchVerdict.wholePayloadRejected(List.of(Problem.reject(Problem.ROOT,
                    payload.length + " bytes", Rule.PAYLOAD_TOO_LARGE,
                    "payload is " + payload.length + " bytes, over the limit of " + limits.maxPayloadBytes()
                            + " bytes; it was not read — send smaller batches more often")));
        }
        List<Problem> problems = new ArrayList<>();
        JsonNode root = PayloadDecoder.parse(payload, problems);
        if (root == null) {
            return BatchVerdict.wholePayloadRejected(problems);
        }

        Integer schemaVersion = PayloadDecoder.schemaVersion(root, problems);
        if (problems.isEmpty()) {
            problems.addAll(checks.schemaVersion(schemaVersion));
        }
        if (!problems.isEmpty()) {
            return BatchVerdict.wholePayloadRejected(problems);
        }

        String cellId = PayloadDecoder.text(root, "cell_id", problems);
        JsonNode samples = PayloadDecoder.array(root, "samples", problems);
        problems.addAll(notYetReported(checks.batchShape(cellId, samples == null ? null : samples.size()), problems));
        if (!problems.isEmpty()) {
            return BatchVerdict.wholePayloadRejected(problems);
        }

        List<DecodedSample> decoded = new ArrayList<>(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            decoded.add(PayloadDecoder.sample(samples.get(i), i));
        }
        // Stream.toList keeps nulls (elements that were not objects) and is unmodifiable.
        List<Sample> asSent = decoded.stream().map(DecodedSample::sample).toList();
        return judgeSamples(new SampleBatch(schemaVersion, cellId, asSent), decoded);
    }

    /**
     * Judges a batch that is already a record (a replayed file, a batch built in code): the same
     * checks as {@link #decodeBatch} after JSON decoding.
     */
    public BatchVerdict validateBatch(SampleBatch batch) {
        if (batch == null) {
            return BatchVerdict.wholePayloadRejected(List.of(Problem.reject(Problem.ROOT, Problem.MISSING,
                    Rule.MISSING_FIELD, "batch is missing")));
        }
        List<Problem> problems = new ArrayList<>(checks.schemaVersion(batch.schemaVersion()));
        if (problems.isEmpty()) {
            problems.addAll(checks.batchShape(batch.cellId(), batch.samples() == null ? null : batch.samples().size()));
        }
        if (!problems.isEmpty()) {
            return BatchVerdict.wholePayloadRejected(problems);
        }
        List<DecodedSample> samples = new ArrayList<>(batch.samples().size());
        for (Sample s : batch.samples()) {
            samples.add(new DecodedSample(s, List.of()));
        }
        return judgeSamples(batch, samples);
    }

    /**
     * Every problem of one sample on its own (no batch context): the sample must carry a valid cell
     * id, the required fields, finite and plausible values. Paths are bare field names
     * ({@code voltage_v}). Empty means acceptable; FLAG problems only mean acceptable with those
     * values distrusted — other modules use this to keep flagged values out of safety rules.
     */
    public List<Problem> validateSample(Sample sample) {
        if (sample == null) {
            return List.of(Problem.reject(Problem.ROOT, Problem.MISSING, Rule.MISSING_FIELD, "sample is missing"));
        }
        return List.copyOf(checks.sample(sample, "", true));
    }

    /** Per-sample judgement of a batch whose header is valid. */
    private BatchVerdict judgeSamples(SampleBatch batch, List<DecodedSample> samples) {
        String batchCellId = batch.cellId();
        List<Sample> accepted = new ArrayList<>();
        List<RejectedSample> rejected = new ArrayList<>();
        List<Problem> flags = new ArrayList<>();
        Sample previous = null;
        int previousIndex = -1;

        for (int i = 0; i < samples.size(); i++) {
            DecodedSample decoded = samples.get(i);
            List<Problem> problems = new ArrayList<>(decoded.problems());
            Sample raw = decoded.sample();
            if (raw == null) {
                if (problems.isEmpty()) {
                    problems.add(Problem.reject("samples[" + i + "]", Problem.MISSING, Rule.MISSING_FIELD,
                            "samples[" + i + "] is null; every element of samples must be a sample object"));
                }
                rejected.add(new RejectedSample(i, null, problems));
                continue;
            }
            String prefix = "samples[" + i + "].";
            Sample sample = raw.cellId() == null ? raw.withCellId(batchCellId) : raw;
            problems.addAll(notYetReported(checks.sample(sample, prefix, false), problems));
            if (raw.cellId() != null && !raw.cellId().equals(batchCellId)) {
                problems.add(Problem.reject(prefix + "cell_id", Text.value(raw.cellId()), Rule.CELL_ID_MISMATCH,
                        prefix + "cell_id " + Text.quoted(raw.cellId()) + " differs from the batch's cell_id "
                                + Text.quoted(batchCellId) + "; a batch carries one cell — send each cell's samples in its"
                                + " own batch"));
            }
            if (previous != null) {
                problems.addAll(orderProblems(sample, prefix, previous, previousIndex, problems));
            }

            if (problems.stream().anyMatch(Problem::isReject)) {
                rejected.add(new RejectedSample(i, sample, problems));
            } else {
                accepted.add(sample);
                flags.addAll(problems);
                previous = sample;
                previousIndex = i;
            }
        }
        return new BatchVerdict(batch, List.of(), accepted, rejected, flags);
    }

    /**
     * seq and time_s against the previous accepted sample. A value that already has a problem of
     * its own (missing, NaN, out of range) is not compared: that problem is the explanation.
     */
    private static List<Problem> orderProblems(Sample s, String prefix, Sample previous, int previousIndex,
                                               List<Problem> known) {
        Set<String> troubled = known.stream().map(Problem::field).collect(Collectors.toSet());
        List<Problem> out = new ArrayList<>(2);
        String seqField = prefix + "seq";
        if (s.seq() != null && !troubled.contains(seqField) && s.seq() <= previous.seq()) {
            out.add(Problem.reject(seqField, Text.value(s.seq()), Rule.SEQUENCE_NOT_INCREASING,
                    seqField + " " + s.seq() + " does not increase on seq " + previous.seq()
                            + " of the previous accepted sample (samples[" + previousIndex + "]): a duplicated or"
                            + " reordered sample — the edge agent must number samples strictly increasing"));
        }
        String timeField = prefix + "time_s";
        if (s.timeS() != null && !troubled.contains(timeField) && s.timeS() < previous.timeS()) {
            out.add(Problem.reject(timeField, Text.value(s.timeS()), Rule.TIME_BACKWARDS,
                    timeField + " " + s.timeS() + " (" + Text.unixSeconds(s.timeS()) + ") is "
                            + Text.number(previous.timeS() - s.timeS()) + " s before time_s " + previous.timeS()
                            + " (" + Text.unixSeconds(previous.timeS()) + ") of the previous accepted sample (samples["
                            + previousIndex + "]); samples must be sent oldest first — check the cycler clock"
                            + " and the edge agent's buffering"));
        }
        return out;
    }

    /** Drops missing_field problems for fields already reported (a wrong type left them empty). */
    private static List<Problem> notYetReported(List<Problem> found, List<Problem> known) {
        Set<String> reported = known.stream().map(Problem::field).collect(Collectors.toSet());
        return found.stream()
                .filter(p -> !(p.rule() == Rule.MISSING_FIELD && reported.contains(p.field())))
                .toList();
    }
}
