package io.cellwatch.telemetry.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapper of the wire schema: snake_case names ({@code voltage_v}), nulls left out,
 * unknown properties ignored (a newer edge may add fields), enums case-insensitive.
 *
 * <p>{@code NaN} and {@code Infinity} tokens are <em>accepted by the parser</em> on purpose: edge
 * firmware does send them, and validation then rejects the sample naming the field
 * ("voltage_v is NaN") instead of the whole message failing with a parser error.
 */
public final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder(jsonFactory())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .build();

    private Json() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    private static JsonFactory jsonFactory() {
        return new JsonFactoryBuilder()
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                // Jackson's own FastDoubleParser: the same correctly rounded doubles as Double.parseDouble in
                // half the time; numbers are most of a sample, and decoding samples was a quarter of the
                // analytics stream thread (see README, performance)
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                .build();
    }
}
