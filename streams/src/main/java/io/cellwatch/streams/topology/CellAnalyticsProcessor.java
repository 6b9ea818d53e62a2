package io.cellwatch.streams.topology;

import io.cellwatch.streams.analytics.AnalyticsOptions;
import io.cellwatch.streams.detect.ChamberDetectors;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Puts each cell's samples back in sequence order within a bound ({@link ReorderBuffer}), feeds
 * them to the cell's {@link io.cellwatch.streams.analytics.CellAnalytics} and
 * {@link io.cellwatch.streams.detect.CellDetectors}, and forwards
 * finished cycles, findings, and (thinned) samples for the chamber detectors, batched per chamber
 * and sent every {@link ChamberFeed#FLUSH_INTERVAL}. Every
 * {@code provisionalInterval} it forwards the running cycle of cells that had new samples, and
 * every {@code staleCheckInterval} of wall clock it asks every cell's detectors whether the
 * channel went silent.
 *
 * <p>The live objects ({@link LiveCell}) are kept in memory for speed. They are made durable by a
 * journal ({@link CellJournalRecord}): at commit ({@link WriteBehindStore}) each changed cell writes
 * the inputs it was fed since the last commit, or now and then a snapshot of its whole state, in the
 * same transaction as the input offsets; so what is committed is exactly the state those inputs
 * produced (exactly-once), and a task that moves rebuilds its cells from snapshot and inputs.
 */
final class CellAnalyticsProcessor implements Processor<String, Sample, String, CellOutput> {

    private static final Logger log = LoggerFactory.getLogger(CellAnalyticsProcessor.class);
    private final FindingLog findingLog = new FindingLog(log);
    /** Which samples go on to the chamber detectors (report by exception). */
    private static final ChamberFeed CHAMBER_FEED = ChamberFeed.DEFAULT;

    private final AnalyticsOptions options;
    private final DetectionConfig detection;
    private final Duration provisionalInterval;
    private final Duration staleCheckInterval;
    private final CellObserver observer;
    private final ReorderBuffer reorder;
    private final long reorderMaxWaitMs;
    private final Map<String, LiveCell> live = new HashMap<>();
    private final Set<String> changedSinceProvisional = new LinkedHashSet<>();
    /** Readings for the chamber detectors not yet sent, by chamber key, each in the order analysed. */
    private final Map<String, List<ChamberSample>> toChambers = new LinkedHashMap<>();
    private long toChambersTimestampMs;
    private ProcessorContext<String, CellOutput> context;
    private WriteBehindStore<CellJournalRecord> journal;
    private KeyValueStore<String, ReorderBuffer.State> orderStates;
    private KeyValueStore<String, CellCycles> recent;
    private KeyValueStore<String, CycleResult> running;
    private KeyValueStore<String, ValueAndTimestamp<CellStatus>> registry;
    private boolean allLoaded;

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
        toChambers.clear();
        allLoaded = false;
        this.journal = context.getStateStore(CellAnalyticsTopology.CELL_JOURNAL_STORE);
        journal.writeWith((cellId, put) -> {
            LiveCell cell = live.get(cellId);
            if (cell != null) {
                cell.writeJournal(cellId, put);
            }
        });
        this.orderStates = context.getStateStore(CellAnalyticsTopology.CELL_ORDER_STORE);
        this.recent = context.getStateStore(CellAnalyticsTopology.CELL_CYCLES_STORE);
        this.running = context.getStateStore(CellAnalyticsTopology.CELL_RUNNING_CYCLE_STORE);
        this.registry = context.getStateStore(CellAnalyticsTopology.CELL_REGISTRY_STORE);
        context.schedule(provisionalInterval, PunctuationType.WALL_CLOCK_TIME, this::forwardProvisional);
        context.schedule(ChamberFeed.FLUSH_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> flushChambers());
        context.schedule(staleCheckInterval, PunctuationType.WALL_CLOCK_TIME, this::checkSilentChannels);
    }

    @Override
    public void process(Record<String, Sample> record) {
        String cellId = record.key();
        if (cellId == null || record.value() == null) {
            return;
        }
        LiveCell cell = live.computeIfAbsent(cellId, this::load);
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
    private void inOrder(String cellId, LiveCell cell, ReorderBuffer.Outcome ordered, long timestampMs) {
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

    private void analyse(String cellId, LiveCell cell, Record<String, Sample> record) {
        Sample sample = record.value();
        long duplicatesBefore = cell.analytics.duplicatesIgnored();
        long incompleteBefore = cell.analytics.incompleteIgnored();
        LiveCell.Fed fed = cell.sample(sample, context.currentSystemTimeMs());
        for (CycleResult cycle : fed.cycles()) {
            context.forward(record.withValue(CellOutput.of(cycle)));
            recent.put(cellId, recentOf(cellId).withFinished(cycle));
            running.delete(cellId);
            observer.onCycle(cell.metadata, cycle);
        }
        emit(fed.findings(), record.timestamp());
        if (cell.analytics.duplicatesIgnored() > duplicatesBefore) {
            observer.onDropped(cellId, "duplicate_or_out_of_order");
        } else if (cell.analytics.incompleteIgnored() > incompleteBefore) {
            observer.onDropped(cellId, "incomplete");
        } else {
            observer.onSample(cell.metadata, sample, record.timestamp());
            if (!cell.registered) {
                observer.onUnregistered(cellId);
            }
            toChamber(cell, sample, record.timestamp());
        }
        journal.markDirty(cellId);
        changedSinceProvisional.add(cellId);
    }

    private void emit(List<Finding> findings, long timestampMs) {
        for (Finding f : findings) {
            context.forward(new Record<>(f.key(), CellOutput.of(f), timestampMs));
            observer.onFinding(f);
            findingLog.log(f, f.key() + " (cycle " + f.cycle() + ")");
        }
    }

    private void toChamber(LiveCell cell, Sample s, long timestampMs) {
        CellMetadata m = cell.metadata;
        if (m.lab() == null || m.chamber() == null || !CHAMBER_FEED.send(cell.sentToChamber, s)) {
            return;
        }
        ChamberSample cs = ChamberSample.of(m.lab(), m.chamber(), m.chamberSetpointC(), s,
                ChamberDetectors.CellReading.of(cell.detectors));
        List<ChamberSample> pending = toChambers.computeIfAbsent(cs.chamberKey(), k -> new ArrayList<>());
        pending.add(cs);
        toChambersTimestampMs = Math.max(toChambersTimestampMs, timestampMs);
        if (pending.size() >= ChamberFeed.MAX_BATCH) {
            forwardChamber(cs.chamberKey(), pending);
            toChambers.remove(cs.chamberKey());
        }
    }

    /** Every chamber's pending readings, one record each. */
    private void flushChambers() {
        for (Map.Entry<String, List<ChamberSample>> e : toChambers.entrySet()) {
            forwardChamber(e.getKey(), e.getValue());
        }
        toChambers.clear();
    }

    private void forwardChamber(String chamberKey, List<ChamberSample> readings) {
        context.forward(new Record<>(chamberKey, CellOutput.of(new ChamberBatch(readings)), toChambersTimestampMs));
    }

    /** The cell as of the last commit: its snapshot and the inputs after it, or a new cell. */
    private LiveCell load(String cellId) {
        CellJournalRecord stored = journal.get(cellId);
        LiveCell cell;
        if (stored == null || stored.snapshot() == null) {
            CellMetadata meta = metadataOf(cellId);
            cell = LiveCell.fresh(meta, meta.lab() != null || meta.chamber() != null, options, detection);
        } else {
            List<CellJournalRecord.Input> inputs = new ArrayList<>();
            try (KeyValueIterator<String, CellJournalRecord> it = journal.prefixScan(LiveCell.inputPrefix(cellId))) {
                while (it.hasNext()) {
                    CellJournalRecord r = it.next().value;
                    if (r != null && r.inputs() != null) {
                        inputs.addAll(r.inputs());
                    }
                }
            }
            cell = LiveCell.restore(stored.snapshot(), inputs, options, detection);
            CellMetadata current = registeredMetadata(cellId);
            if (current != null && !current.equals(cell.metadata)) {
                // the registry changed while the cell was away (or it was unregistered): judged as it says now
                cell = cell.withMetadata(current, true, options, detection);
            }
        }
        ReorderBuffer.State order = orderStates.get(cellId);
        cell.order = order == null ? ReorderBuffer.State.EMPTY : order;
        return cell;
    }

    /**
     * A cell first seen before its birth message reached the registry (they race at start-up) carries
     * on with its real metadata as soon as the registry has it: same state, now judged with its
     * capacity, chamber and setpoint.
     */
    private LiveCell upgradeIfRegistered(String cellId, LiveCell cell) {
        CellMetadata meta = registeredMetadata(cellId);
        if (meta == null) {
            return cell;
        }
        LiveCell upgraded = cell.withMetadata(meta, true, options, detection);
        live.put(cellId, upgraded);
        journal.markDirty(cellId);
        log.info("cell {} announced itself after its first samples: now analysed as {} in {}/{}", cellId,
                meta.cellType(), meta.lab(), meta.chamber());
        return upgraded;
    }

    private CellMetadata registeredMetadata(String cellId) {
        ValueAndTimestamp<CellStatus> status = registry.get(cellId);
        return status == null || status.value() == null ? null : status.value().metadata();
    }

    /** The registry's metadata, or a full cell of unknown capacity when the cell never announced itself. */
    private CellMetadata metadataOf(String cellId) {
        CellMetadata registered = registeredMetadata(cellId);
        if (registered != null) {
            return registered;
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
            LiveCell cell = live.get(cellId);
            if (cell != null) {
                cell.analytics.provisional().ifPresent(c -> {
                    context.forward(new Record<>(cellId, CellOutput.of(c), nowMs));
                    running.put(cellId, c);
                });
            }
        }
        changedSinceProvisional.clear();
    }

    /** Wall clock: every cell this task owns, including those silent since the task started here. */
    private void checkSilentChannels(long nowMs) {
        if (!allLoaded) {
            try (KeyValueIterator<String, CellJournalRecord> all = journal.all()) {
                while (all.hasNext()) {
                    KeyValue<String, CellJournalRecord> kv = all.next();
                    if (kv.value != null && kv.value.snapshot() != null) {
                        live.computeIfAbsent(kv.key, this::load);
                    }
                }
            }
            allLoaded = true;
        }
        for (Map.Entry<String, LiveCell> e : live.entrySet()) {
            LiveCell cell = e.getValue();
            if (cell.order.holding()) {
                inOrder(e.getKey(), cell, reorder.flushOlderThan(cell.order, nowMs, reorderMaxWaitMs), nowMs);
            }
            emit(cell.wallClock(nowMs), nowMs);
            journal.markDirty(e.getKey());
        }
    }
}
