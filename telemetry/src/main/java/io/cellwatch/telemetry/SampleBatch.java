package io.cellwatch.telemetry;

import java.util.List;

/**
 * What one MQTT telemetry message carries: many samples of one channel, oldest first.
 *
 * <p>{@code cellId} names the cell once for the whole batch; samples may omit their own
 * {@code cell_id} and inherit it (a sample naming a different cell is a validation error).
 * {@code schemaVersion} is {@link #CURRENT_SCHEMA_VERSION}; anything else is rejected so that a
 * newer edge agent never feeds an older pipeline data it would misread.
 */
public record SampleBatch(Integer schemaVersion, String cellId, List<Sample> samples) {

    public static final int CURRENT_SCHEMA_VERSION = 1;

    public static SampleBatch of(String cellId, List<Sample> samples) {
        return new SampleBatch(CURRENT_SCHEMA_VERSION, cellId, List.copyOf(samples));
    }

    /** The samples with the batch's cell id filled in where a sample left it out. */
    public List<Sample> samplesWithCellId() {
        if (samples == null) {
            return List.of();
        }
        return samples.stream()
                .map(s -> s == null || s.cellId() != null ? s : s.withCellId(cellId))
                .toList();
    }
}
