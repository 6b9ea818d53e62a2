package io.cellwatch.streams.detect;

import io.cellwatch.edge.sim.SimulatedCell;
import io.cellwatch.streams.analytics.AnalyticsOptions;
import io.cellwatch.streams.analytics.CellAnalytics;
import io.cellwatch.telemetry.CellMetadata;
import io.cellwatch.telemetry.ChannelAddress;
import io.cellwatch.telemetry.CycleResult;
import io.cellwatch.telemetry.Finding;
import io.cellwatch.telemetry.FindingType;
import io.cellwatch.telemetry.Sample;
import io.cellwatch.telemetry.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A simulated cell through the analytics and the detectors, as the topology and the replay run them: the
 * cycles a sample finishes go to the detectors before the sample. Wall clock = cycler time (replay).
 */
final class SimulatedRun {

    static final double START_S = 1_767_225_600.0; // 2026-01-01T00:00:00Z
    static final ChannelAddress ADDRESS = new ChannelAddress("lab1", "oven1", "ch01");

    final List<Finding> findings = new ArrayList<>();
    final List<CycleResult> cycles = new ArrayList<>();
    final List<Sample> samples = new ArrayList<>();
    final CellMetadata meta;
    final CellDetectors detectors;
    private final CellAnalytics analytics;
    private final boolean keepSamples;

    SimulatedRun(CellMetadata meta, DetectionConfig config, boolean keepSamples) {
        this.meta = meta;
        this.detectors = new CellDetectors(meta, config);
        this.analytics = new CellAnalytics(meta, AnalyticsOptions.defaults());
        this.keepSamples = keepSamples;
    }

    /** Runs {@code cell} until it starts cycle {@code cycles + 1} (or {@code stop} says so). */
    static SimulatedRun of(SimulatedCell cell, int cycles) {
        SimulatedRun run = new SimulatedRun(cell.metadata(ADDRESS), DetectionConfig.defaults(), false);
        run.feedUntil(cell, s -> s.cycleIndex() > cycles);
        return run;
    }

    void feedUntil(SimulatedCell cell, Predicate<Sample> stop) {
        while (true) {
            Optional<Sample> next = cell.nextIfTransmitting();
            if (next.isEmpty()) {
                continue;
            }
            Sample s = next.get();
            if (stop.test(s)) {
                return;
            }
            feed(s, (long) (s.timeS() * 1000));
        }
    }

    List<Finding> feed(Sample s, long wallMillis) {
        List<Finding> out = new ArrayList<>();
        for (CycleResult c : analytics.accept(s)) {
            cycles.add(c);
            out.addAll(detectors.onCycle(c));
        }
        out.addAll(detectors.onSample(s, wallMillis));
        if (keepSamples) {
            samples.add(s);
        }
        findings.addAll(out);
        return out;
    }

    List<Finding> of(FindingType type) {
        return findings.stream().filter(f -> f.type() == type).toList();
    }

    /** Findings that open or raise a condition at warning or above. */
    List<Finding> alarms() {
        return findings.stream().filter(f -> !f.cleared() && f.severity().compareTo(Severity.WARNING) >= 0).toList();
    }

    Optional<Finding> first(FindingType type, Severity atLeast) {
        return findings.stream().filter(f -> f.type() == type && !f.cleared() && f.severity().compareTo(atLeast) >= 0)
                .findFirst();
    }

    String describe() {
        StringBuilder b = new StringBuilder();
        for (Finding f : findings) {
            b.append(String.format("  cycle %s %s %s%s: %s%n", f.cycle(), f.type().wireName(),
                    f.severity().wireName(), f.cleared() ? " (cleared)" : "", f.summary()));
        }
        return b.toString();
    }
}
