package io.cellwatch.streams.topology;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.smile.SmileFactory;
import com.fasterxml.jackson.dataformat.smile.SmileGenerator;
import com.fasterxml.jackson.dataformat.smile.databind.SmileMapper;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import io.cellwatch.telemetry.json.Json;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.io.IOException;

/**
 * Serde for state-store values: the same records and names as the wire JSON, encoded as binary
 * Smile. State is written after every sample, and formatting doubles as decimal text was the cost
 * that bounded the topology's throughput; state is internal to cellwatch, so no reader needs text.
 */
public final class StateSerde<T> implements Serde<T> {

    // Shared string values: a journal record holds a commit's samples of one cell, each naming the cell;
    // with back-references the id is written once per record instead of once per sample (10 samples of a
    // cell with a 22-character id: 1,374 -> 1,176 bytes). Older records, written without, read the same.
    private static final SmileMapper MAPPER = SmileMapper.builder(SmileFactory.builder()
                    .enable(SmileGenerator.Feature.CHECK_SHARED_STRING_VALUES).build())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addModule(new BlackbirdModule())
            .build();

    private final Class<T> type;
    private final ObjectReader reader;
    private final ObjectWriter writer;
    /** Set when records written as wire JSON by an older version may still be read (see {@link #readingJsonToo}). */
    private final ObjectReader jsonReader;

    private StateSerde(Class<T> type, ObjectReader jsonReader) {
        this.type = type;
        this.reader = MAPPER.readerFor(type);
        this.writer = MAPPER.writerFor(type);
        this.jsonReader = jsonReader;
    }

    static <T> StateSerde<T> of(Class<T> type) {
        return new StateSerde<>(type, null);
    }

    /**
     * Writes Smile, and still reads a record that an older version wrote as wire JSON (it starts with
     * '{'; Smile starts with its ":)" header): for an internal topic that changed encoding, so that the
     * records in flight at an upgrade are read, not dropped.
     */
    static <T> StateSerde<T> readingJsonToo(Class<T> type) {
        return new StateSerde<>(type, Json.mapper().readerFor(type));
    }

    /** The store encoding itself, for tests of state records kept in stores (round trips, older shapes). */
    public static SmileMapper mapper() {
        return MAPPER;
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            try {
                return writer.writeValueAsBytes(value);
            } catch (IOException e) {
                throw new SerializationException("cannot encode " + type.getSimpleName() + " state: " + e.getMessage(), e);
            }
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return jsonReader != null && bytes.length > 0 && bytes[0] == '{' ? jsonReader.readValue(bytes)
                        : reader.readValue(bytes);
            } catch (IOException e) {
                throw new SerializationException("state in " + topic + " is not a " + type.getSimpleName() + ": " + e.getMessage(), e);
            }
        };
    }
}
