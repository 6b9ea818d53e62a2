package io.cellwatch.streams.metrics;

import io.cellwatch.telemetry.CellMetadata;
import io.cellwatch.telemetry.CycleResult;
import io.cellwatch.telemetry.Finding;
import io.cellwatch.telemetry.Sample;

/**
 * What the analytics topology tells the outside world besides its output topics: the latest values
 * of each cell for dashboards, and how far behind it runs. No Kafka types, so the same observer
 * serves {@code cellwatch replay} and tests.
 */
public interface CellObserver {

    CellObserver NONE = new CellObserver() {
    };

    /** A sample was taken into the cell's analytics; {@code recordTimeMs} is when the bridge received it. */
    default void onSample(CellMetadata cell, Sample sample, long recordTimeMs) {
    }

    /** A cycle finished (never called for provisional updates). */
    default void onCycle(CellMetadata cell, CycleResult cycle) {
    }

    /** A detector reported something. */
    default void onFinding(Finding finding) {
    }

    /** A sample of a cell the registry does not know (no birth message) was accepted. */
    default void onUnregistered(String cellId) {
    }

    /** A sample was not used; {@code reason} is a small fixed vocabulary (metric tag). */
    default void onDropped(String cellId, String reason) {
    }
}
