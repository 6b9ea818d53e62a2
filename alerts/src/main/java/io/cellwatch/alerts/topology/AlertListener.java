package io.cellwatch.alerts.topology;

import io.cellwatch.telemetry.Alert;
import io.cellwatch.telemetry.Command;

/**
 * Told about every alert transition and command the topology publishes (metrics, logs). Called on
 * the stream thread: keep it quick and never throw. Under exactly-once a task that is retried calls
 * it again for the same transition, so counts are at-least-once.
 */
public interface AlertListener {

    AlertListener NONE = new AlertListener() {
    };

    /**
     * @param alert       the transition as published
     * @param causeTimeS  event time of the finding that caused it, or null for ticks, mutes and acks
     * @param nowS        wall clock when it was published
     */
    default void onAlert(Alert alert, Double causeTimeS, double nowS) {
    }

    default void onCommand(Command command) {
    }
}
