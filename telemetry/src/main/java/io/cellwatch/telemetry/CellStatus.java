package io.cellwatch.telemetry;

/**
 * A channel's status message: the retained birth ({@code online}, with metadata) and the last-will
 * ({@code offline}) on {@code cellwatch/v1/{lab}/{chamber}/{channel}/status}.
 */
public record CellStatus(Integer schemaVersion, String cellId, State state, Double timeS, CellMetadata metadata) {

    public enum State {
        ONLINE, OFFLINE;

        @com.fasterxml.jackson.annotation.JsonValue
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static CellStatus online(CellMetadata metadata, double timeS) {
        return new CellStatus(SampleBatch.CURRENT_SCHEMA_VERSION, metadata.cellId(), State.ONLINE, timeS, metadata);
    }

    public static CellStatus offline(String cellId, double timeS) {
        return new CellStatus(SampleBatch.CURRENT_SCHEMA_VERSION, cellId, State.OFFLINE, timeS, null);
    }
}
