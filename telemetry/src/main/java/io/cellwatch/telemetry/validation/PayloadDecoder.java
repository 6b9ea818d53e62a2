package io.cellwatch.telemetry.validation;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cellwatch.telemetry.Sample;
import io.cellwatch.telemetry.json.Json;
import io.cellwatch.telemetry.validation.Problem.Severity;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * JSON bytes to records, reporting wrong JSON types per field instead of failing the whole message.
 *
 * <p>The payload is read as a tree first and each sample bound on its own, so a string voltage in
 * sample 3 costs sample 3 only, and every wrong-typed field of it is named (data binding would stop
 * at the first). Stateless and thread-safe: readers are immutable.
 */
final class PayloadDecoder {

    /**
     * The wire mapper ({@link Json#mapper()}: NaN/Infinity tokens allowed) made strict where
     * leniency would hide a broken encoder: a field given twice (which of the two values is the
     * reading?) is malformed, and so is content after the JSON value (checked in {@link #parse}).
     */
    private static final ObjectReader TREE_READER = Json.mapper().reader()
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    private static final ObjectReader SAMPLE_READER = Json.mapper().readerFor(Sample.class);

    /** Jackson redacts the source in locations; keep just "line L, column C". */
    private static final Pattern SOURCE_LOCATION =
            Pattern.compile("\\[Source: [^\\]]*?; line: (\\d+), column: (\\d+)]");

    /** What Jackson writes for non-finite doubles (WRITE_NAN_AS_STRINGS), so our own serde's output reads back. */
    private static final Map<String, Double> NON_FINITE_STRINGS = Map.of(
            "NaN", Double.NaN,
            "Infinity", Double.POSITIVE_INFINITY,
            "-Infinity", Double.NEGATIVE_INFINITY);

    private enum Kind { TEXT, WHOLE_64, WHOLE_32, NUMBER }

    private record FieldSpec(String name, Kind kind, Severity severity, String expected) {
    }

    /** Every field of {@link Sample} on the wire, in wire order; a wrong-typed temperature only FLAGs. */
    private static final List<FieldSpec> SAMPLE_FIELDS = List.of(
            new FieldSpec("cell_id", Kind.TEXT, Severity.REJECT, "a string"),
            new FieldSpec("seq", Kind.WHOLE_64, Severity.REJECT, "a whole number"),
            new FieldSpec("time_s", Kind.NUMBER, Severity.REJECT, "a number (Unix seconds)"),
            new FieldSpec("test_time_s", Kind.NUMBER, Severity.REJECT, "a number (seconds)"),
            new FieldSpec("voltage_v", Kind.NUMBER, Severity.REJECT, "a number (volts)"),
            new FieldSpec("current_a", Kind.NUMBER, Severity.REJECT, "a number (amperes)"),
            new FieldSpec("cell_temperature_c", Kind.NUMBER, Severity.FLAG, "a number (°C)"),
            new FieldSpec("chamber_temperature_c", Kind.NUMBER, Severity.FLAG, "a number (°C)"),
            new FieldSpec("step_index", Kind.WHOLE_32, Severity.REJECT, "a whole number"),
            new FieldSpec("cycle_index", Kind.WHOLE_32, Severity.REJECT, "a whole number"));

    /** The wire names above; a test holds them equal to {@link Sample}'s components. */
    static final List<String> SAMPLE_FIELD_NAMES = SAMPLE_FIELDS.stream().map(FieldSpec::name).toList();

    /** A sample as read from JSON, and the problems met while reading it (wrong types). */
    record DecodedSample(Sample sample, List<Problem> problems) {
        DecodedSample {
            problems = List.copyOf(problems);
        }
    }

    private PayloadDecoder() {
    }

    // ---- whole payload -------------------------------------------------------------------------

    /** The JSON tree, or null with the problem added to {@code out}. */
    static JsonNode parse(byte[] payload, List<Problem> out) {
        if (payload == null || payload.length == 0) {
            out.add(Problem.reject(Problem.ROOT, "<empty>", Rule.MALFORMED_JSON,
                    "payload is empty; the edge agent must send one JSON object per message"));
            return null;
        }
        JsonNode root;
        try (JsonParser parser = TREE_READER.createParser(payload)) {
            root = TREE_READER.readTree(parser);
            if (root != null && !root.isMissingNode() && parser.nextToken() != null) {
                out.add(trailingContent(parser, payload));
                return null;
            }
        } catch (JsonProcessingException e) {
            out.add(malformed(e, payload));
            return null;
        } catch (IOException e) {
            out.add(Problem.reject(Problem.ROOT, "<unreadable>", Rule.MALFORMED_JSON,
                    "payload could not be read as JSON: " + clean(e.getMessage())));
            return null;
        }
        if (root == null || root.isMissingNode()) {
            out.add(Problem.reject(Problem.ROOT, "<empty>", Rule.MALFORMED_JSON,
                    "payload holds only whitespace; the edge agent must send one JSON object per message"));
            return null;
        }
        if (!root.isObject()) {
            out.add(Problem.reject(Problem.ROOT, Text.json(root), Rule.WRONG_TYPE,
                    "payload is " + Text.jsonType(root) + " but must be a JSON object with schema_version,"
                            + " cell_id and samples"));
            return null;
        }
        return root;
    }

    /** A second value after the first: two messages glued together, or garbage after a good one. */
    private static Problem trailingContent(JsonParser parser, byte[] payload) {
        JsonLocation where = parser.currentTokenLocation();
        return Problem.reject(Problem.ROOT, excerpt(payload, where), Rule.MALFORMED_JSON,
                "payload is not valid JSON: more content follows the end of the JSON object, at line "
                        + where.getLineNr() + ", column " + where.getColumnNr() + "; the edge agent must send"
                        + " exactly one JSON object per message");
    }

    private static Problem malformed(JsonProcessingException e, byte[] payload) {
        JsonLocation where = e.getLocation();
        String at = where == null || where.getLineNr() < 0
                ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
        String advice = e instanceof JsonEOFException
                ? "the message ends before the JSON does, so it was probably cut off — check the edge agent's"
                        + " buffer and the MQTT maximum packet size"
                : "the edge agent must send one well-formed JSON object per message";
        return Problem.reject(Problem.ROOT, excerpt(payload, where), Rule.MALFORMED_JSON,
                "payload is not valid JSON" + at + ": " + clean(e.getOriginalMessage()) + "; " + advice);
    }

    /** Up to 40 characters of the payload ending at the parse error: where a person should look. */
    private static String excerpt(byte[] payload, JsonLocation where) {
        long offset = where == null ? -1 : where.getByteOffset();
        if (offset < 0 || offset > payload.length) {
            return "<unparseable>";
        }
        int end = (int) Math.min(payload.length, offset + 1);
        int start = Math.max(0, end - 40);
        String text = new String(payload, start, end - start, StandardCharsets.UTF_8).replaceAll("\\s+", " ");
        return (start > 0 ? "…" : "") + text;
    }

    private static String clean(String jacksonMessage) {
        if (jacksonMessage == null) {
            return "unknown error";
        }
        String s = SOURCE_LOCATION.matcher(jacksonMessage).replaceAll("line $1, column $2");
        s = s.replaceAll("\\s+", " ").trim();
        return s.length() <= 300 ? s : s.substring(0, 299) + "…";
    }

    // ---- batch header --------------------------------------------------------------------------

    /**
     * {@code schema_version} as an Integer (null when absent); a value that is not a whole number
     * adds an {@code unknown_schema_version} problem and returns null.
     */
    static Integer schemaVersion(JsonNode root, List<Problem> out) {
        JsonNode node = root.get("schema_version");
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isNumber() && isWhole(node) && node.canConvertToInt()) {
            return node.asInt();
        }
        out.add(SampleChecks.unknownSchemaVersion(Text.json(node)));
        return null;
    }

    /** A text field of the batch, or null (absent, or wrong type with a problem added). */
    static String text(JsonNode root, String field, List<Problem> out) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            out.add(wrongType(field, node, Severity.REJECT, "a string"));
            return null;
        }
        return node.textValue();
    }

    /** An array field of the batch, or null (absent, or wrong type with a problem added). */
    static JsonNode array(JsonNode root, String field, List<Problem> out) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            out.add(wrongType(field, node, Severity.REJECT, "an array of sample objects"));
            return null;
        }
        return node;
    }

    // ---- one sample ----------------------------------------------------------------------------

    /**
     * One element of {@code samples}. Wrong-typed fields are reported and left out of the bound
     * sample, so later checks see them as absent (and must not report them a second time).
     */
    static DecodedSample sample(JsonNode node, int index) {
        String path = "samples[" + index + "]";
        if (node.isNull()) {
            return new DecodedSample(null, List.of()); // reported as a missing sample by the validator
        }
        if (!node.isObject()) {
            return new DecodedSample(null, List.of(wrongType(path, node, Severity.REJECT,
                    "a sample object with seq, time_s, voltage_v and current_a")));
        }
        List<Problem> problems = new ArrayList<>();
        ObjectNode cleaned = ((ObjectNode) node).deepCopy();
        for (FieldSpec spec : SAMPLE_FIELDS) {
            JsonNode value = cleaned.get(spec.name());
            if (value == null || value.isNull()) {
                continue;
            }
            String field = path + "." + spec.name();
            switch (spec.kind()) {
                case TEXT -> {
                    if (!value.isTextual()) {
                        problems.add(wrongType(field, value, spec.severity(), spec.expected()));
                        cleaned.remove(spec.name());
                    }
                }
                case NUMBER -> {
                    if (value.isTextual() && NON_FINITE_STRINGS.containsKey(value.textValue())) {
                        cleaned.set(spec.name(), DoubleNode.valueOf(NON_FINITE_STRINGS.get(value.textValue())));
                    } else if (!value.isNumber()) {
                        problems.add(wrongType(field, value, spec.severity(), spec.expected()));
                        cleaned.remove(spec.name());
                    }
                }
                case WHOLE_64, WHOLE_32 -> {
                    Problem p = wholeNumberProblem(field, value, spec.kind());
                    if (p != null) {
                        problems.add(p);
                        cleaned.remove(spec.name());
                    }
                }
            }
        }
        try {
            return new DecodedSample(SAMPLE_READER.readValue(cleaned), problems);
        } catch (IOException e) {
            // Not expected after the checks above; still a bad message, never a crash.
            problems.add(bindingProblem(path, e));
            return new DecodedSample(null, problems);
        }
    }

    /** Null when {@code value} is a whole number that fits; accepts 3.0 as 3 (some encoders write floats). */
    private static Problem wholeNumberProblem(String field, JsonNode value, Kind kind) {
        if (!value.isNumber()) {
            return wrongType(field, value, Severity.REJECT, "a whole number");
        }
        double d = value.doubleValue();
        if (Double.isNaN(d)) {
            return Problem.reject(field, "NaN", Rule.NOT_A_NUMBER,
                    field + " is NaN but must be a whole number — fix the edge agent's counter");
        }
        if (Double.isInfinite(d)) {
            return Problem.reject(field, Text.value(d), Rule.INFINITE,
                    field + " is " + d + " but must be a whole number — fix the edge agent's counter");
        }
        if (!isWhole(value)) {
            return Problem.reject(field, Text.json(value), Rule.WRONG_TYPE,
                    field + " " + Text.json(value) + " is not a whole number — send counters as integers");
        }
        boolean fits = kind == Kind.WHOLE_64 ? value.canConvertToLong() : value.canConvertToInt();
        if (!fits) {
            return Problem.reject(field, Text.json(value), Rule.OUT_OF_RANGE,
                    field + " " + Text.json(value) + " does not fit a " + (kind == Kind.WHOLE_64 ? 64 : 32)
                            + "-bit counter — check the edge agent's counter");
        }
        return null;
    }

    private static boolean isWhole(JsonNode number) {
        if (number.isIntegralNumber()) {
            return true;
        }
        double d = number.doubleValue();
        if (!Double.isFinite(d)) {
            return false;
        }
        BigDecimal exact = number.isBigDecimal() ? number.decimalValue() : BigDecimal.valueOf(d);
        return exact.stripTrailingZeros().scale() <= 0;
    }

    private static Problem wrongType(String field, JsonNode value, Severity severity, String expected) {
        String consequence = severity == Severity.FLAG
                ? "; the sample is kept without this temperature — fix the edge agent's JSON encoding"
                : " — fix the edge agent's JSON encoding";
        return new Problem(field, Text.json(value), Rule.WRONG_TYPE, severity,
                field + " is " + Text.jsonType(value) + " (" + Text.json(value) + ") but must be " + expected
                        + consequence);
    }

    /** A data-binding failure, named by Jackson's path into the sample where it has one. */
    private static Problem bindingProblem(String path, IOException e) {
        String field = path;
        if (e instanceof JsonMappingException m) {
            field = path + jsonPath(m.getPath());
        }
        String why = e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage();
        return Problem.reject(field, "<unreadable>", Rule.WRONG_TYPE,
                field + " cannot be read: " + clean(why) + " — fix the edge agent's JSON encoding");
    }

    /** ".voltage_v", "[2]" ... from Jackson's reference chain. */
    static String jsonPath(List<JsonMappingException.Reference> references) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : references) {
            if (ref.getFieldName() != null) {
                sb.append('.').append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }
}
