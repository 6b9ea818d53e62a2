package io.cellwatch.streams.topology;

import io.cellwatch.streams.analytics.AnalyticsOptions;
import io.cellwatch.streams.analytics.CellAnalytics;
import io.cellwatch.streams.analytics.CellState;
import io.cellwatch.streams.metrics.CellObserver;
import io.cellwatch.telemetry.CellMetadata;
import io.cellwatch.telemetry.CellStatus;
import io.cellwatch.telemetry.CellType;
import io.cellwatch.telemetry.CycleResult;
import io.cellwatch.telemetry.Sample;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Feeds each cell's samples to its {@link CellAnalytics} and forwards finished cycles; every
 * {@code provisionalInterval} it also forwards the running cycle of cells that had new samples.
 *
 * <p>The live analytics objects are kept in memory for speed; their state is written to the
 * changelogged store after every sample, so what is committed with the input offsets is exactly the
 * state those inputs produced (exactly-once), and a restarted task resumes from the store.
 */
final class CellAnalyticsProcessor implements Processor<String, Sample, String, CycleResult> {

    private static final Logger log = LoggerFactory.getLogger(CellAnalyticsProcessor.class);

    private final AnalyticsOptions options;
    private final Duration provisionalInterval;
    private final CellObserver observer;
    private final Map<String, CellMetadata> metadata = new HashMap<>();
    private final Map<String, CellAnalytics> live = new HashMap<>();
    private final Set<String> changedSinceProvisional = new LinkedHashSet<>();
    private ProcessorContext<String, CycleResult> context;
    private KeyValueStore<String, CellState> states;
    private KeyValueStore<String, CellCycles> recent;
    private KeyValueStore<String, ValueAndTimestamp<CellStatus>> registry;

    CellAnalyticsProcessor(AnalyticsOptions options, Duration provisionalInterval, CellObserver observer) {
        this.options = options;
        this.provisionalInterval = provisionalInterval;
        this.observer = observer;
    }

    @Override
    public void init(ProcessorContext<String, CycleResult> context) {
        this.context = context;
        this.states = context.getStateStore(CellAnalyticsTopology.CELL_STATE_STORE);
        this.recent = context.getStateStore(CellAnalyticsTopology.CELL_CYCLES_STORE);
        this.registry = context.getStateStore(CellAnalyticsTopology.CELL_REGISTRY_STORE);
        context.schedule(provisionalInterval, PunctuationType.WALL_CLOCK_TIME, now -> forwardProvisional(now));
    }

    @Override
    public void process(Record<String, Sample> record) {
        String cellId = record.key();
        if (cellId == null || record.value() == null) {
            return;
        }
        CellAnalytics cell = live.computeIfAbsent(cellId, this::load);
        CellMetadata meta = metadata.get(cellId);
        CellState before = cell.state();
        for (CycleResult cycle : cell.accept(record.value())) {
            context.forward(record.withValue(cycle));
            recent.put(cellId, recentOf(cellId).withFinished(cycle));
            observer.onCycle(meta, cycle);
        }
        CellState after = cell.state();
        if (after.duplicatesIgnored() > before.duplicatesIgnored()) {
            observer.onDropped(cellId, "duplicate_or_out_of_order");
        } else if (after.incompleteIgnored() > before.incompleteIgnored()) {
            observer.onDropped(cellId, "incomplete");
        } else {
            observer.onSample(meta, record.value(), record.timestamp());
        }
        states.put(cellId, after);
        changedSinceProvisional.add(cellId);
    }

    private CellAnalytics load(String cellId) {
        CellMetadata meta = metadataOf(cellId);
        metadata.put(cellId, meta);
        CellState stored = states.get(cellId);
        return stored == null ? new CellAnalytics(meta, options) : CellAnalytics.restore(meta, options, stored);
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
            CellAnalytics cell = live.get(cellId);
            if (cell != null) {
                cell.provisional().ifPresent(c -> {
                    context.forward(new Record<>(cellId, c, nowMs));
                    recent.put(cellId, recentOf(cellId).withRunning(c));
                });
            }
        }
        changedSinceProvisional.clear();
    }
}
