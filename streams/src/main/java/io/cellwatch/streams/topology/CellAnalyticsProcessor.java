package io.cellwatch.streams.topology;

import io.cellwatch.streams.analytics.AnalyticsOptions;
import io.cellwatch.streams.analytics.CellAnalytics;
import io.cellwatch.streams.analytics.CellState;
import io.cellwatch.streams.detect.CellDetectors;
import io.cellwatch.streams.detect.CellDetectorsState;
import io.cellwatch.streams.detect.DetectionConfig;
import io.cellwatch.streams.metrics.CellObserver;
import io.cellwatch.streams.ordering.ReorderBuffer;
import io.cellwatch.telemetry.CellMetadata;
import io.cellwatch.telemetry.CellStatus;
import io.cellwatch.telemetry.CellType;
import io.cellwatch.telemetry.CycleResult;
import io.cellwatch.telemetry.Finding;
import io.cellwatch.telemetry.Sample;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Puts each cell's samples back in sequence order within a bound ({@link ReorderBuffer}), feeds
 * them to the cell's {@link CellAnalytics} and {@link CellDetectors}, and forwards
 * finished cycles, findings, and (thinned) samples for the chamber detectors. Every
 * {@code provisionalInterval} it forwards the running cycle of cells that had new samples, and
 * every {@code staleCheckInterval} of wall clock it asks every cell's detectors whether the
 * channel went silent.
 *
 * <p>The live objects are kept in memory for speed. Their state goes to the changelogged stores at
 * commit ({@link WriteBehindStore}): each cell changed since the last commit is written once, in the
 * same transaction as the input offsets, so what is committed is exactly the state those inputs
 * produced (exactly-once), and a restarted task resumes from the stores.
 */
final class CellAnalyticsProcessor implements Processor<String, Sample, String, CellOutput> {

    private static final Logger log = LoggerFactory.getLogger(CellAnalyticsProcessor.class);
    /** Which samples go on to the chamber detectors (report by exception). */
    private static final ChamberFeed CHAMBER_FEED = ChamberFeed.DEFAULT;

    private final AnalyticsOptions options;
    private final DetectionConfig detection;
    private final Duration provisionalInterval;
    private final Duration staleCheckInterval;
    private final CellObserver observer;
    private final ReorderBuffer reorder;
    private final long reorderMaxWaitMs;
    private final Map<String, Cell> live = new HashMap<>();
    private final Set<String> changedSinceProvisional = new LinkedHashSet<>();
    private ProcessorContext<String, CellOutput> context;
    private WriteBehindStore<CellState> states;
    private WriteBehindStore<CellDetectorsState> detectorStates;
    private KeyValueStore<String, ReorderBuffer.State> orderStates;
    private KeyValueStore<String, CellCycles> recent;
    private KeyValueStore<String, ValueAndTimestamp<CellStatus>> registry;
    private boolean allLoaded;

    /** Everything this task holds for one cell. */
    private static final class Cell {
        final CellMetadata metadata;
        final CellAnalytics analytics;
        final CellDetectors detectors;
        final boolean registered;
        ReorderBuffer.State order;
        final ChamberFeed.Sent sentToChamber = new ChamberFeed.Sent();

        Cell(CellMetadata metadata, boolean registered, CellAnalytics analytics, CellDetectors detectors,
             ReorderBuffer.State order) {
            this.metadata = metadata;
            this.registered = registered;
            this.analytics = analytics;
            this.detectors = detectors;
            this.order = order;
        }
    }

    CellAnalyticsProcessor(AnalyticsOptions options, DetectionConfig detection, Duration provisionalInterval,
                           Duration staleCheckInterval, ReorderBuffer.Bounds reorder, CellObserver observer) {
        this.reorder = new ReorderBuffer(reorder);
        this.reorderMaxWaitMs = Math.round(reorder.maxWaitS() * 1000);
        this.options = options;
        this.detection = detection;
        this.provisionalInterval = provisionalInterval;
        this.staleCheckInterval = staleCheckInterval;
        this.observer = observer;
    }

    @Override
    public void init(ProcessorContext<String, CellOutput> context) {
        this.context = context;
        // A task closed without committing (e.g. a failed transaction) is initialised again with this
        // same processor: whatever the live objects hold beyond the stores is not committed, so forget it.
        live.clear();
        changedSinceProvisional.clear();
        allLoaded = false;
        this.states = context.getStateStore(CellAnalyticsTopology.CELL_STATE_STORE);
        this.detectorStates = context.getStateStore(CellAnalyticsTopology.CELL_DETECTORS_STORE);
        states.writeFrom(cellId -> {
            Cell cell = live.get(cellId);
            return cell == null ? null : cell.analytics.state();
        });
        detectorStates.writeFrom(cellId -> {
            Cell cell = live.get(cellId);
            return cell == null ? null : cell.detectors.state();
        });
        this.orderStates = context.getStateStore(CellAnalyticsTopology.CELL_ORDER_STORE);
        this.recent = context.getStateStore(CellAnalyticsTopology.CELL_CYCLES_STORE);
        this.registry = context.getStateStore(CellAnalyticsTopology.CELL_REGISTRY_STORE);
        context.schedule(provisionalInterval, PunctuationType.WALL_CLOCK_TIME, this::forwardProvisional);
        context.schedule(staleCheckInterval, PunctuationType.WALL_CLOCK_TIME, this::checkSilentChannels);
    }

    @Override
    public void process(Record<String, Sample> record) {
        String cellId = record.key();
        if (cellId == null || record.value() == null) {
            return;
        }
        Cell cell = live.computeIfAbsent(cellId, this::load);
        if (!cell.registered) {
            cell = upgradeIfRegistered(cellId, cell);
        }
        ReorderBuffer.Outcome ordered = reorder.accept(cell.order, record.value(), context.currentSystemTimeMs());
        if (ordered.dropped() != ReorderBuffer.Drop.NONE) {
            observer.onDropped(cellId, ordered.dropped().reason());
        }
        inOrder(cellId, cell, ordered, record.timestamp());
    }

    /** The samples the reorder buffer let go, through analytics and detectors; its state kept only while it holds some. */
    private void inOrder(String cellId, Cell cell, ReorderBuffer.Outcome ordered, long timestampMs) {
        boolean wasHolding = cell.order.holding();
        cell.order = ordered.state();
        for (Sample s : ordered.released()) {
            analyse(cellId, cell, new Record<>(cellId, s, timestampMs));
        }
        if (cell.order.holding()) {
            orderStates.put(cellId, cell.order);
        } else if (wasHolding) {
            orderStates.delete(cellId);
        }
    }

    private void analyse(String cellId, Cell cell, Record<String, Sample> record) {
        Sample sample = record.value();
        CellState before = cell.analytics.state();
        long wallMs = context.currentSystemTimeMs();
        // Cycles this sample finished go to the detectors before the sample itself (CellDetectors' contract).
        for (CycleResult cycle : cell.analytics.accept(sample)) {
            context.forward(record.withValue(CellOutput.of(cycle)));
            recent.put(cellId, recentOf(cellId).withFinished(cycle));
            observer.onCycle(cell.metadata, cycle);
            emit(cell.detectors.onCycle(cycle), record.timestamp());
        }
        emit(cell.detectors.onSample(sample, wallMs), record.timestamp());
        CellState after = cell.analytics.state();
        if (after.duplicatesIgnored() > before.duplicatesIgnored()) {
            observer.onDropped(cellId, "duplicate_or_out_of_order");
        } else if (after.incompleteIgnored() > before.incompleteIgnored()) {
            observer.onDropped(cellId, "incomplete");
        } else {
            observer.onSample(cell.metadata, sample, record.timestamp());
            if (!cell.registered) {
                observer.onUnregistered(cellId);
            }
            toChamber(cell, sample, record.timestamp());
        }
        states.markDirty(cellId);
        detectorStates.markDirty(cellId);
        changedSinceProvisional.add(cellId);
    }

    private void emit(List<Finding> findings, long timestampMs) {
        for (Finding f : findings) {
            context.forward(new Record<>(f.key(), CellOutput.of(f), timestampMs));
            observer.onFinding(f);
            if (!f.cleared()) {
                log.info("{} {} for {} (cycle {}): {}", f.severity().wireName(), f.type().wireName(), f.key(), f.cycle(),
                        f.summary());
            }
        }
    }

    private void toChamber(Cell cell, Sample s, long timestampMs) {
        CellMetadata m = cell.metadata;
        if (m.lab() == null || m.chamber() == null || !CHAMBER_FEED.send(cell.sentToChamber, s)) {
            return;
        }
        ChamberSample cs = new ChamberSample(m.lab(), m.chamber(), m.chamberSetpointC(), s);
        context.forward(new Record<>(cs.chamberKey(), CellOutput.of(cs), timestampMs));
    }

    private Cell load(String cellId) {
        CellMetadata meta = metadataOf(cellId);
        CellState stored = states.get(cellId);
        CellDetectorsState storedDetectors = detectorStates.get(cellId);
        CellAnalytics analytics = stored == null ? new CellAnalytics(meta, options)
                : CellAnalytics.restore(meta, options, stored);
        CellDetectors detectors = storedDetectors == null ? new CellDetectors(meta, detection)
                : CellDetectors.restore(meta, detection, storedDetectors);
        ReorderBuffer.State order = orderStates.get(cellId);
        return new Cell(meta, meta.lab() != null || meta.chamber() != null, analytics, detectors,
                order == null ? ReorderBuffer.State.EMPTY : order);
    }

    /**
     * A cell first seen before its birth message reached the registry (they race at start-up) carries
     * on with its real metadata as soon as the registry has it: same state, now judged with its
     * capacity, chamber and setpoint.
     */
    private Cell upgradeIfRegistered(String cellId, Cell cell) {
        ValueAndTimestamp<CellStatus> status = registry.get(cellId);
        if (status == null || status.value() == null || status.value().metadata() == null) {
            return cell;
        }
        CellMetadata meta = status.value().metadata();
        Cell upgraded = new Cell(meta, true, CellAnalytics.restore(meta, options, cell.analytics.state()),
                CellDetectors.restore(meta, detection, cell.detectors.state()), cell.order);
        live.put(cellId, upgraded);
        log.info("cell {} announced itself after its first samples: now analysed as {} in {}/{}", cellId,
                meta.cellType(), meta.lab(), meta.chamber());
        return upgraded;
    }

    /** The registry's metadata, or a full cell of unknown capacity when the cell never announced itself. */
    private CellMetadata metadataOf(String cellId) {
        ValueAndTimestamp<CellStatus> status = registry.get(cellId);
        if (status != null && status.value() != null && status.value().metadata() != null) {
            return status.value().metadata();
        }
        log.info("cell {} has no birth message in the registry: analysing it as a full cell of unknown capacity", cellId);
        return new CellMetadata(cellId, null, null, null, CellType.FULL, null, null, null, null, null, null, null, null, null);
    }

    private CellCycles recentOf(String cellId) {
        CellCycles stored = recent.get(cellId);
        return stored == null ? CellCycles.empty(cellId) : stored;
    }

    private void forwardProvisional(long nowMs) {
        for (String cellId : changedSinceProvisional) {
            Cell cell = live.get(cellId);
            if (cell != null) {
                cell.analytics.provisional().ifPresent(c -> {
                    context.forward(new Record<>(cellId, CellOutput.of(c), nowMs));
                    recent.put(cellId, recentOf(cellId).withRunning(c));
                });
            }
        }
        changedSinceProvisional.clear();
    }

    /** Wall clock: every cell this task owns, including those silent since the task started here. */
    private void checkSilentChannels(long nowMs) {
        if (!allLoaded) {
            try (KeyValueIterator<String, CellDetectorsState> all = detectorStates.all()) {
                while (all.hasNext()) {
                    KeyValue<String, CellDetectorsState> kv = all.next();
                    live.computeIfAbsent(kv.key, this::load);
                }
            }
            allLoaded = true;
        }
        for (Map.Entry<String, Cell> e : live.entrySet()) {
            Cell cell = e.getValue();
            if (cell.order.holding()) {
                inOrder(e.getKey(), cell, reorder.flushOlderThan(cell.order, nowMs, reorderMaxWaitMs), nowMs);
            }
            List<Finding> findings = cell.detectors.onWallClock(nowMs);
            if (!findings.isEmpty()) {
                emit(findings, nowMs);
                detectorStates.markDirty(e.getKey());
            }
        }
    }
}
