package io.cellwatch.streams.topology;

import io.cellwatch.streams.detect.ChamberDetector;
import io.cellwatch.streams.ordering.ReorderBuffer;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Repartitioned;
import io.cellwatch.streams.metrics.CellObserver;
import io.cellwatch.telemetry.CycleResult;
import io.cellwatch.telemetry.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * Telemetry in, cycle results out: per cell, the samples run through the same
 * {@link io.cellwatch.streams.analytics.CellAnalytics} that {@code cellwatch replay} uses.
 *
 * <pre>
 * cellwatch.cells.v1 ──► table "cell-registry" (metadata per cell) ─┐
 * cellwatch.telemetry.v1 ──► "cell-analytics" (state: "cell-journal") ──► cellwatch.cycles.v1
 *                                  └─ recent cycles per cell: "cell-cycles", the running one: "cell-running-cycle" (queried over HTTP)
 * </pre>
 *
 * Both inputs are keyed by cell id and have the same partition count, so a cell's metadata and
 * samples meet in the same task. Every name is a constant, so internal topic names stay stable.
 */
public final class CellAnalyticsTopology {

    public static final String CELL_REGISTRY_STORE = "cell-registry";
    /** Per cell: a snapshot of analytics and detectors under the cell id, and the inputs after it (see {@link CellJournalRecord}). */
    public static final String CELL_JOURNAL_STORE = "cell-journal";
    /** Recent cycles per cell, for the query API ({@code GET /cells/{id}/cycles}). */
    public static final String CELL_CYCLES_STORE = "cell-cycles";
    /**
     * The running cycle per cell as of the last provisional update, apart from the finished ones: it
     * changes every provisional interval, and rewriting a cell's whole recent history with it cost
     * a few hundred KB per cell per update.
     */
    public static final String CELL_RUNNING_CYCLE_STORE = "cell-running-cycle";
    /** Samples held back while a gap in a cell's sequence may still fill; empty for most cells most of the time. */
    public static final String CELL_ORDER_STORE = "cell-reorder-state";
    public static final String CHAMBER_DETECTORS_STORE = "chamber-detectors-state";
    public static final String CHAMBER_REPARTITION = "chamber-samples";

    /** The Kafka topic Kafka Streams makes of {@link #CHAMBER_REPARTITION} for an application id. */
    public static String chamberRepartitionTopic(String applicationId) {
        return applicationId + "-" + CHAMBER_REPARTITION + "-repartition";
    }

    public static final String CHAMBER_PROCESSOR = "chamber-detectors";
    public static final String SINK_CELL_FINDINGS = "cell-findings-sink";
    public static final String SINK_CHAMBER_FINDINGS = "chamber-findings-sink";
    public static final String SOURCE_TELEMETRY = "telemetry-source";
    public static final String SOURCE_CELLS = "cells-source";
    public static final String ANALYTICS_PROCESSOR = "cell-analytics";
    public static final String SINK_CYCLES = "cycles-sink";

    private CellAnalyticsTopology() {
    }

    /** Builds the topology; no I/O, so tests and production build the same thing. */
    public static Topology build(StreamsOptions options) {
        return build(options, CellObserver.NONE);
    }

    /** As {@link #build(StreamsOptions)}, telling {@code observer} about every sample, cycle, finding and drop. */
    public static Topology build(StreamsOptions options, CellObserver observer) {
        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(options.toProperties())));
        builder.table(Topics.CELLS.name(),
                Consumed.with(Topics.CELLS.keySerde(), Topics.CELLS.valueSerde()).withName(SOURCE_CELLS),
                Materialized.as(CELL_REGISTRY_STORE));
        // A cell's analytics and detector state changes with every sample: the processor keeps the live
        // objects and journals them (an input per sample, a snapshot now and then), written once per
        // commit (WriteBehindStore). The other per-cell stores change rarely (a finished cycle, a
        // provisional update, a held-back sample) and are cached: one RocksDB and changelog write per
        // key per commit interval (exactly-once is unchanged: both are written as part of the commit).
        builder.addStateStore(WriteBehindStore.builder(CELL_JOURNAL_STORE, StateSerde.of(CellJournalRecord.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(CELL_RUNNING_CYCLE_STORE), Serdes.String(), StateSerde.of(CycleResult.class))
                .withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(CELL_CYCLES_STORE), Serdes.String(), StateSerde.of(CellCycles.class))
                .withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(CELL_ORDER_STORE), Serdes.String(), StateSerde.of(ReorderBuffer.State.class))
                .withCachingEnabled());
        builder.addStateStore(WriteBehindStore.builder(CHAMBER_DETECTORS_STORE, StateSerde.of(ChamberDetector.State.class)));

        KStream<String, CellOutput> out = builder.stream(Topics.TELEMETRY.name(),
                        Consumed.with(Topics.TELEMETRY.keySerde(), Topics.TELEMETRY.valueSerde()).withName(SOURCE_TELEMETRY))
                .process(() -> new CellAnalyticsProcessor(options.analytics(), options.detection(),
                                options.provisionalInterval(), options.staleCheckInterval(), options.reorder(), observer),
                        Named.as(ANALYTICS_PROCESSOR), CELL_JOURNAL_STORE, CELL_CYCLES_STORE, CELL_RUNNING_CYCLE_STORE,
                        CELL_ORDER_STORE, CELL_REGISTRY_STORE);
        out.filter((k, v) -> v.cycle() != null, Named.as("cycles-only"))
                .mapValues(CellOutput::cycle, Named.as("cycle-values"))
                .to(Topics.CYCLES.name(), Produced.with(Topics.CYCLES.keySerde(), Topics.CYCLES.valueSerde())
                        .withName(SINK_CYCLES));
        out.filter((k, v) -> v.finding() != null, Named.as("cell-findings-only"))
                .mapValues(CellOutput::finding, Named.as("cell-finding-values"))
                .to(Topics.FINDINGS.name(), Produced.with(Topics.FINDINGS.keySerde(), Topics.FINDINGS.valueSerde())
                        .withName(SINK_CELL_FINDINGS));
        // Chambers span partitions (cells are keyed by cell id): thinned samples are repartitioned
        // by lab/chamber so one task sees every cell of a chamber, a task's readings of a chamber
        // batched per flush (ChamberBatch). The topic is internal, so binary Smile like the stores: a
        // quarter of the bytes the analytics wrote went there as JSON (see README, performance).
        out.filter((k, v) -> v.chamberBatch() != null, Named.as("chamber-samples-only"))
                .mapValues(CellOutput::chamberBatch, Named.as("chamber-sample-values"))
                .repartition(Repartitioned.with(Serdes.String(), ChamberBatch.serde()).withName(CHAMBER_REPARTITION))
                .process(() -> new ChamberProcessor(options.detection(), observer), Named.as(CHAMBER_PROCESSOR),
                        CHAMBER_DETECTORS_STORE)
                .to(Topics.FINDINGS.name(), Produced.with(Topics.FINDINGS.keySerde(), Topics.FINDINGS.valueSerde())
                        .withName(SINK_CHAMBER_FINDINGS));
        return builder.build();
    }
}
