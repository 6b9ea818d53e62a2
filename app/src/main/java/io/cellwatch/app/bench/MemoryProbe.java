package io.cellwatch.app.bench;

import io.cellwatch.streams.analytics.AnalyticsOptions;
import io.cellwatch.streams.analytics.CellAnalytics;
import io.cellwatch.streams.analytics.CellState;
import io.cellwatch.streams.detect.CellDetectors;
import io.cellwatch.streams.detect.CellDetectorsState;
import io.cellwatch.streams.detect.DetectionConfig;
import io.cellwatch.telemetry.CycleResult;
import io.cellwatch.telemetry.Sample;
import org.apache.kafka.common.serialization.Serde;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Heap with N cells active: N cells' {@link CellAnalytics} and {@link CellDetectors} (what a
 * stream task keeps in memory per cell), each fed a simulated cell's first 800 samples (a 1C cycle
 * is about 720 at 10 s), measured as used heap after full GCs. State-store bytes per cell are the
 * two per-sample state values encoded exactly as the topology's stores encode them.
 */
final class MemoryProbe {

    static final String SECTION = "memory";
    private static final int SAMPLES_PER_CELL = 800;
    private static final int SAMPLES_PER_CELL_QUICK = 100;
    private static final int DISTINCT_SIMULATIONS = 40;

    private final BenchOptions options;
    private final PrintStream err;

    MemoryProbe(BenchOptions options, PrintStream err) {
        this.options = options;
        this.err = err;
    }

    void run(BenchReport report) {
        int n = options.cells();
        List<SimChannels.Channel> channels = SimChannels.create(Math.min(n, DISTINCT_SIMULATIONS), 1.7e9, 99L);
        List<List<Sample>> samples = new ArrayList<>();
        int perCell = options.quick() ? SAMPLES_PER_CELL_QUICK : SAMPLES_PER_CELL;
        channels.forEach(c -> samples.add(SimChannels.take(c.cell(), perCell)));
        long before = usedAfterGc();
        CellAnalytics[] analytics = new CellAnalytics[n];
        CellDetectors[] detectors = new CellDetectors[n];
        AtomicInteger done = new AtomicInteger();
        long wallMs = System.currentTimeMillis();
        try (Ticker ignored = Ticker.start(err, "memory", () -> String.format("%,d of %,d cells fed", done.get(), n))) {
            for (int i = 0; i < n; i++) {
                SimChannels.Channel c = channels.get(i % channels.size());
                analytics[i] = new CellAnalytics(c.metadata(), AnalyticsOptions.defaults());
                detectors[i] = new CellDetectors(c.metadata(), DetectionConfig.defaults());
                for (Sample s : samples.get(i % channels.size())) {
                    for (CycleResult r : analytics[i].accept(s)) {
                        detectors[i].onCycle(r);
                    }
                    detectors[i].onSample(s, wallMs);
                }
                done.incrementAndGet();
            }
        }
        long after = usedAfterGc(); // the cells stay reachable: they are encoded below
        Serde<CellState> stateSerde = stateSerde(CellState.class);
        Serde<CellDetectorsState> detectorSerde = stateSerde(CellDetectorsState.class);
        long stateBytes = 0;
        long detectorBytes = 0;
        for (int i = 0; i < n; i++) {
            stateBytes += stateSerde.serializer().serialize("", analytics[i].state()).length;
            detectorBytes += detectorSerde.serializer().serialize("", detectors[i].state()).length;
        }
        report.add(SECTION, "cells active", n, "cells");
        report.add(SECTION, "heap used after GC, whole process", after / 1048576.0, "MiB");
        report.add(SECTION, "heap used by the cells", (after - before) / 1048576.0, "MiB");
        report.add(SECTION, "heap per cell", (after - before) / 1024.0 / n, "KiB");
        report.add(SECTION, "snapshot bytes per cell (analytics)", (double) stateBytes / n, "bytes");
        report.add(SECTION, "snapshot bytes per cell (detectors)", (double) detectorBytes / n, "bytes");
        report.add(SECTION, "snapshot bytes per cell (total)", (double) (stateBytes + detectorBytes) / n, "bytes");
        report.add(SECTION, "max heap (-Xmx)", Runtime.getRuntime().maxMemory() / 1048576.0, "MiB");
        report.note(SECTION, "heap = the cells' CellAnalytics + CellDetectors after " + perCell
                + " samples each, no brokers running; a stream task also holds RocksDB (off-heap) and its record cache");
        report.note(SECTION, "snapshot bytes = CellState and CellDetectorsState encoded by the topology's StateSerde (Smile): "
                + "what a cell's snapshot in the cell-journal store holds; it is written every 128 inputs, and in between "
                + "each commit writes only the samples the cell took since the last one");
    }

    static long usedAfterGc() {
        var memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /**
     * The topology's own state serde. It is package-private in the streams module (state encoding
     * is the topology's business), so the bench reaches it reflectively rather than copying its
     * settings and risking measuring a different encoding.
     */
    @SuppressWarnings("unchecked")
    static <T> Serde<T> stateSerde(Class<T> type) {
        try {
            Class<?> serde = Class.forName("io.cellwatch.streams.topology.StateSerde");
            Method of = serde.getDeclaredMethod("of", Class.class);
            of.setAccessible(true);
            return (Serde<T>) of.invoke(null, type);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot reach the topology's StateSerde: " + e, e);
        }
    }
}
