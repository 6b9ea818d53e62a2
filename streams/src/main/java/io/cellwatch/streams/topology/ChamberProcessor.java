package io.cellwatch.streams.topology;

import io.cellwatch.streams.detect.ChamberDetector;
import io.cellwatch.streams.detect.ChamberDetectors;
import io.cellwatch.streams.detect.DetectionConfig;
import io.cellwatch.streams.metrics.CellObserver;
import io.cellwatch.telemetry.Finding;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * The chamber detectors, keyed by {@code lab/chamber}: fed the thinned samples of every cell in the
 * chamber after a repartition (each with the cell's noise σ), so one instance sees the whole chamber. A chamber's state holds a
 * reading per cell, so it is written at commit ({@link WriteBehindStore}), not per sample.
 */
final class ChamberProcessor implements Processor<String, ChamberBatch, String, Finding> {

    private static final Logger log = LoggerFactory.getLogger(ChamberProcessor.class);
    private final FindingLog findingLog = new FindingLog(log);

    private final DetectionConfig config;
    private final CellObserver observer;
    private final Map<String, ChamberDetectors> live = new HashMap<>();
    private ProcessorContext<String, Finding> context;
    private WriteBehindStore<ChamberDetector.State> states;

    ChamberProcessor(DetectionConfig config, CellObserver observer) {
        this.config = config;
        this.observer = observer;
    }

    @Override
    public void init(ProcessorContext<String, Finding> context) {
        this.context = context;
        live.clear(); // re-initialised after a failed commit: only the store's state is committed
        this.states = context.getStateStore(CellAnalyticsTopology.CHAMBER_DETECTORS_STORE);
        states.writeFrom(key -> {
            ChamberDetectors chamber = live.get(key);
            return chamber == null ? null : chamber.state();
        });
    }

    @Override
    public void process(Record<String, ChamberBatch> record) {
        ChamberBatch batch = record.value();
        if (record.key() == null || batch == null || batch.readings() == null) {
            return;
        }
        ChamberDetectors chamber = null;
        for (ChamberSample cs : batch.readings()) {
            if (cs == null || cs.sample() == null) {
                continue;
            }
            if (chamber == null) {
                chamber = live.computeIfAbsent(record.key(), k -> {
                    ChamberDetector.State stored = states.get(k);
                    return stored == null ? new ChamberDetectors(cs.lab(), cs.chamber(), cs.setpointC(), config)
                            : ChamberDetectors.restore(cs.lab(), cs.chamber(), cs.setpointC(), config, stored);
                });
            }
            for (Finding f : chamber.onSample(cs.sample(), cs.reading())) {
                context.forward(new Record<>(f.key(), f, record.timestamp()));
                observer.onFinding(f);
                // a chamber finding, or a cell judged against its siblings (keyed by the cell)
                findingLog.log(f, (f.cellId() == null ? "chamber " : "cell ") + f.key());
            }
        }
        if (chamber != null) {
            states.markDirty(record.key());
        }
    }
}
