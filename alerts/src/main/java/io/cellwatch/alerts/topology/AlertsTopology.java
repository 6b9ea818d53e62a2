package io.cellwatch.alerts.topology;

import io.cellwatch.alerts.lifecycle.AlertBook;
import io.cellwatch.alerts.lifecycle.AlertLifecycle;
import io.cellwatch.telemetry.Topics;
import io.cellwatch.telemetry.json.JsonSerde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.GlobalKTable;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * Findings, acks and mutes in; alert transitions and pause commands out.
 *
 * <pre>
 * cellwatch.cells.v1 ──► global table "alerts-cell-registry" (lab, chamber, channel per cell) ─┐
 * cellwatch.findings.v1 ──┐                                                                   │
 * cellwatch.commands.v1 ──┼─(answers only)─► merge ─► registry lookup ◄──────────────────────────┘
 * cellwatch.mutes.v1 ─────┘                              │
 *                 re-key by lab/chamber ─► "alerts-by-chamber" repartition
 *                                                        │
 *                 "alert-lifecycle" (state: "alert-books", one book per chamber; wall-clock tick)
 *                        ├─► cellwatch.alerts.v1   (key: alert key)
 *                        └─► cellwatch.commands.v1 (key: cell id; pause requests)
 * </pre>
 *
 * Chamber alerts inhibit the cell alerts of their chamber, so every input is routed to the task
 * that owns its chamber and the decision stays local. Chambers are few and findings rare, so
 * parallelism by chamber is ample. Our own pause requests come back on the commands topic and are
 * dropped by the answers-only filter (a request has no {@code ack} field; true is done, false refused). Every name is a constant, so internal topic names stay stable.
 */
public final class AlertsTopology {

    public static final String CELL_REGISTRY_STORE = "alerts-cell-registry";
    public static final String BOOK_STORE = "alert-books";
    public static final String REPARTITION_BY_CHAMBER = "alerts-by-chamber";
    public static final String SOURCE_FINDINGS = "findings-source";
    public static final String SOURCE_COMMANDS = "commands-source";
    public static final String SOURCE_MUTES = "mutes-source";
    public static final String SOURCE_CELLS = "alerts-cells-source";
    public static final String LIFECYCLE_PROCESSOR = "alert-lifecycle";
    public static final String SINK_ALERTS = "alerts-sink";
    public static final String SINK_COMMANDS = "commands-sink";

    private AlertsTopology() {
    }

    /** Builds the topology; no I/O, so tests and production build the same thing. */
    public static Topology build(AlertsOptions options, AlertListener listener) {
        AlertLifecycle lifecycle = new AlertLifecycle(options.policy(), options.interlock());
        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(options.toProperties())));
        GlobalKTable<String, io.cellwatch.telemetry.CellStatus> cells = builder.globalTable(Topics.CELLS.name(),
                Consumed.with(Topics.CELLS.keySerde(), Topics.CELLS.valueSerde()).withName(SOURCE_CELLS),
                Materialized.as(CELL_REGISTRY_STORE));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(BOOK_STORE), Serdes.String(), JsonSerde.of(AlertBook.class)));

        KStream<String, AlertInput> findings = builder.stream(Topics.FINDINGS.name(),
                        Consumed.with(Topics.FINDINGS.keySerde(), Topics.FINDINGS.valueSerde()).withName(SOURCE_FINDINGS))
                .filter((k, f) -> f != null && f.type() != null, Named.as("findings-readable"))
                .mapValues(AlertInput::of, Named.as("findings-as-input"));
        KStream<String, AlertInput> acks = builder.stream(Topics.COMMANDS.name(),
                        Consumed.with(Topics.COMMANDS.keySerde(), Topics.COMMANDS.valueSerde()).withName(SOURCE_COMMANDS))
                .filter((k, c) -> c != null && c.isAcknowledgement(), Named.as("acks-only"))
                .mapValues(AlertInput::of, Named.as("acks-as-input"));
        KStream<String, AlertInput> mutes = builder.stream(Topics.MUTES.name(),
                        Consumed.with(Topics.MUTES.keySerde(), Topics.MUTES.valueSerde()).withName(SOURCE_MUTES))
                .filter((k, m) -> m != null, Named.as("mutes-readable"))
                .mapValues(AlertInput::of, Named.as("mutes-as-input"));

        findings.merge(acks, Named.as("merge-acks")).merge(mutes, Named.as("merge-mutes"))
                .leftJoin(cells, (k, in) -> in.registryKey(), AlertInput::withRegistry, Named.as("registry-lookup"))
                .selectKey((k, in) -> in.groupKey(), Named.as("key-by-chamber"))
                .repartition(Repartitioned.with(Serdes.String(), JsonSerde.of(AlertInput.class)).withName(REPARTITION_BY_CHAMBER))
                .process(() -> new AlertsProcessor(lifecycle, options.tickInterval(), listener),
                        Named.as(LIFECYCLE_PROCESSOR), BOOK_STORE)
                .split(Named.as("outputs-"))
                .branch((k, out) -> out.alert() != null, Branched.withConsumer(s -> s
                        .mapValues(AlertOutput::alert, Named.as("alert-of-output"))
                        .to(Topics.ALERTS.name(), Produced.with(Topics.ALERTS.keySerde(), Topics.ALERTS.valueSerde())
                                .withName(SINK_ALERTS)), "alerts"))
                .branch((k, out) -> out.command() != null, Branched.withConsumer(s -> s
                        .mapValues(AlertOutput::command, Named.as("command-of-output"))
                        .to(Topics.COMMANDS.name(), Produced.with(Topics.COMMANDS.keySerde(), Topics.COMMANDS.valueSerde())
                                .withName(SINK_COMMANDS)), "commands"))
                .noDefaultBranch();
        return builder.build();
    }
}
