package io.cellwatch.streams.metrics;

import io.cellwatch.telemetry.CellMetadata;
import io.cellwatch.telemetry.CycleResult;
import io.cellwatch.telemetry.Finding;
import io.cellwatch.telemetry.MetricNames;
import io.cellwatch.telemetry.Sample;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;

/**
 * Per-cell gauges for Prometheus: the latest voltage, current and temperatures, the last finished
 * cycle's capacity, efficiency, retention and polarization, and the age of the last sample; plus
 * the pipeline's counters and lag.
 *
 * <p>Labels are {@code lab}, {@code chamber}, {@code channel}, {@code cell}: bounded by the lab's
 * hardware. A cell's gauges are registered the first time this instance processes it; after a
 * rebalance moves a cell away, its gauges here stop changing and their {@code last_sample_age}
 * grows, which is what a dashboard should show until the process restarts.
 * Unknown values read as NaN (Prometheus shows a gap, not a false zero).
 */
public final class CellGauges implements CellObserver {

    private final MeterRegistry registry;
    private final LongSupplier wallClockMs;
    private final Map<String, Latest> cells = new ConcurrentHashMap<>();
    private final Counter samplesProcessed;
    private final Counter cyclesCompleted;
    private final Counter unregistered;
    private final Map<String, Counter> dropped = new ConcurrentHashMap<>();
    private final Map<String, Counter> findings = new ConcurrentHashMap<>();
    private volatile double lagSeconds = Double.NaN;

    public CellGauges(MeterRegistry registry) {
        this(registry, System::currentTimeMillis);
    }

    public CellGauges(MeterRegistry registry, LongSupplier wallClockMs) {
        this.registry = registry;
        this.wallClockMs = wallClockMs;
        this.samplesProcessed = Counter.builder(MetricNames.STREAMS_SAMPLES_PROCESSED)
                .description("Samples taken into the per-cell analytics").register(registry);
        this.cyclesCompleted = Counter.builder(MetricNames.STREAMS_CYCLES_COMPLETED)
                .description("Cycles finished and written to cellwatch.cycles.v1").register(registry);
        this.unregistered = Counter.builder(MetricNames.STREAMS_SAMPLES_UNREGISTERED)
                .description("Samples of cells that never sent a birth message (accepted, analysed with defaults)")
                .register(registry);
        Gauge.builder(MetricNames.STREAMS_LAG, this, g -> g.lagSeconds)
                .description("Wall-clock time from the bridge receiving a sample to the analytics processing it")
                .baseUnit("seconds").register(registry);
    }

    /** The latest values of one cell, read by its gauges. */
    private static final class Latest {
        volatile double voltageV = Double.NaN;
        volatile double currentA = Double.NaN;
        volatile double temperatureC = Double.NaN;
        volatile double chamberTemperatureC = Double.NaN;
        volatile double cycle = Double.NaN;
        volatile long lastSampleWallMs;
        volatile double chargeAh = Double.NaN;
        volatile double dischargeAh = Double.NaN;
        volatile double coulombicEfficiency = Double.NaN;
        volatile double retention = Double.NaN;
        volatile double polarizationV = Double.NaN;
    }

    @Override
    public void onSample(CellMetadata cell, Sample s, long recordTimeMs) {
        Latest l = cells.computeIfAbsent(cell.cellId(), id -> register(cell));
        l.voltageV = orNaN(s.voltageV());
        l.currentA = orNaN(s.currentA());
        l.temperatureC = orNaN(s.cellTemperatureC());
        l.chamberTemperatureC = orNaN(s.chamberTemperatureC());
        if (s.cycleIndex() != null) {
            l.cycle = s.cycleIndex();
        }
        long now = wallClockMs.getAsLong();
        l.lastSampleWallMs = now;
        lagSeconds = Math.max(0, now - recordTimeMs) / 1000.0;
        samplesProcessed.increment();
    }

    @Override
    public void onCycle(CellMetadata cell, CycleResult c) {
        if (Boolean.TRUE.equals(c.provisional())) {
            return;
        }
        Latest l = cells.computeIfAbsent(cell.cellId(), id -> register(cell));
        l.cycle = c.cycle() == null ? l.cycle : c.cycle();
        l.chargeAh = orNaN(c.chargeAh());
        l.dischargeAh = orNaN(c.dischargeAh());
        l.coulombicEfficiency = orNaN(c.coulombicEfficiency());
        l.retention = orNaN(c.retention());
        l.polarizationV = orNaN(c.polarizationV());
        cyclesCompleted.increment();
    }

    @Override
    public void onFinding(Finding f) {
        String key = f.type().wireName() + "/" + f.severity().wireName();
        findings.computeIfAbsent(key, k -> Counter.builder(MetricNames.STREAMS_FINDINGS)
                .description("Detector findings by type and severity")
                .tags("type", f.type().wireName(), "severity", f.severity().wireName())
                .register(registry)).increment();
    }

    @Override
    public void onUnregistered(String cellId) {
        unregistered.increment();
    }

    @Override
    public void onDropped(String cellId, String reason) {
        dropped.computeIfAbsent(reason, r -> Counter.builder(MetricNames.STREAMS_SAMPLES_DROPPED)
                .description("Samples the analytics did not use (duplicates, too late, incomplete)")
                .tag("reason", r).register(registry)).increment();
    }

    /** Cells with gauges on this instance. */
    public int cellsTracked() {
        return cells.size();
    }

    private Latest register(CellMetadata cell) {
        Latest l = new Latest();
        Tags tags = Tags.of("lab", orUnknown(cell.lab()), "chamber", orUnknown(cell.chamber()),
                "channel", orUnknown(cell.channel()), "cell", cell.cellId());
        gauge(MetricNames.CELL_VOLTAGE, "Latest cell voltage", tags, l, x -> x.voltageV);
        gauge(MetricNames.CELL_CURRENT, "Latest current, positive on charge", tags, l, x -> x.currentA);
        gauge(MetricNames.CELL_TEMPERATURE, "Latest cell temperature", tags, l, x -> x.temperatureC);
        gauge(MetricNames.CHAMBER_TEMPERATURE, "Latest chamber temperature seen by the cell's channel", tags, l,
                x -> x.chamberTemperatureC);
        gauge(MetricNames.CELL_CYCLE, "Cycle index the cell is in", tags, l, x -> x.cycle);
        gauge(MetricNames.CELL_LAST_SAMPLE_AGE, "Wall-clock seconds since this instance processed a sample of the cell",
                tags, l, x -> x.lastSampleWallMs == 0 ? Double.NaN : (wallClockMs.getAsLong() - x.lastSampleWallMs) / 1000.0);
        gauge(MetricNames.CELL_CHARGE_CAPACITY, "Charge capacity of the last finished cycle", tags, l, x -> x.chargeAh);
        gauge(MetricNames.CELL_DISCHARGE_CAPACITY, "Discharge capacity of the last finished cycle", tags, l,
                x -> x.dischargeAh);
        gauge(MetricNames.CELL_COULOMBIC_EFFICIENCY, "Coulombic efficiency of the last finished cycle (0-1)", tags, l,
                x -> x.coulombicEfficiency);
        gauge(MetricNames.CELL_RETENTION, "Capacity retention of the last finished cycle against the reference (0-1)",
                tags, l, x -> x.retention);
        gauge(MetricNames.CELL_POLARIZATION, "Polarization of the last finished cycle", tags, l, x -> x.polarizationV);
        return l;
    }

    private void gauge(String name, String description, Tags tags, Latest l, ToDoubleFunction<Latest> value) {
        Gauge.builder(name, l, value).description(description).tags(tags).strongReference(true).register(registry);
    }

    private static double orNaN(Number n) {
        return n == null ? Double.NaN : n.doubleValue();
    }

    private static String orUnknown(String s) {
        return s == null || s.isBlank() ? "unknown" : s;
    }
}
