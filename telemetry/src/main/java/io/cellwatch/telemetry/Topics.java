package io.cellwatch.telemetry;

import io.cellwatch.telemetry.json.JsonSerde;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import java.util.List;
import java.util.Map;

/**
 * Every Kafka topic cellwatch uses, with its key and value serdes: production code and tests use
 * these and nothing else, so a topic name or a serde is defined exactly once.
 */
public final class Topics {

    /** Valid samples, one record per sample, key = cell id (so a cell's samples stay in order). */
    public static final Topic<String, Sample> TELEMETRY =
            new Topic<>("cellwatch.telemetry.v1", Serdes.String(), JsonSerde.of(Sample.class), Map.of());

    /** Rejected input, key = MQTT topic (the channel): original bytes as value, the reason in headers (see {@link DeadLetterHeaders}). */
    public static final Topic<String, byte[]> TELEMETRY_DLQ =
            new Topic<>("cellwatch.telemetry.dlq.v1", Serdes.String(), Serdes.ByteArray(), Map.of());

    /** Cell registry: latest status (online/offline + metadata) per cell id; compacted. */
    public static final Topic<String, CellStatus> CELLS =
            new Topic<>("cellwatch.cells.v1", Serdes.String(), JsonSerde.of(CellStatus.class),
                    Map.of("cleanup.policy", "compact"));

    /** Finished (and provisional) cycle results, key = cell id. */
    public static final Topic<String, CycleResult> CYCLES =
            new Topic<>("cellwatch.cycles.v1", Serdes.String(), JsonSerde.of(CycleResult.class), Map.of());

    /** Detector findings, key = cell id (or chamber id for chamber-wide findings). */
    public static final Topic<String, Finding> FINDINGS =
            new Topic<>("cellwatch.findings.v1", Serdes.String(), JsonSerde.of(Finding.class), Map.of());

    /** Alert lifecycle events, key = alert key ({@code cellId/type} or {@code lab/chamber/type}): compaction keeps each condition's latest. */
    public static final Topic<String, Alert> ALERTS =
            new Topic<>("cellwatch.alerts.v1", Serdes.String(), JsonSerde.of(Alert.class), Map.of());

    /** Commands to channels (pause / resume) and their acknowledgements, key = cell id. */
    public static final Topic<String, Command> COMMANDS =
            new Topic<>("cellwatch.commands.v1", Serdes.String(), JsonSerde.of(Command.class), Map.of());

    /** Mute requests from people (see {@link Mute}), key = {@link Mute#key()}; compacted, latest per target. */
    public static final Topic<String, Mute> MUTES =
            new Topic<>("cellwatch.mutes.v1", Serdes.String(), JsonSerde.of(Mute.class),
                    Map.of("cleanup.policy", "compact"));

    public static final List<Topic<?, ?>> ALL =
            List.of(TELEMETRY, TELEMETRY_DLQ, CELLS, CYCLES, FINDINGS, ALERTS, COMMANDS, MUTES);

    private Topics() {
    }

    /** A topic with its serdes and the topic-level configs it must be created with. */
    public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, Map<String, String> configs) {
        @Override
        public String toString() {
            return name;
        }
    }
}
