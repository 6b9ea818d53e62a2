package io.cellwatch.alerts.lifecycle;

import io.cellwatch.telemetry.Alert;
import io.cellwatch.telemetry.Command;

import java.util.List;

/**
 * What one input did: the book to store, the alert transitions to publish (each the alert's whole
 * current picture), and the commands to send to channels.
 */
public record AlertStep(AlertBook book, List<Alert> alerts, List<Command> commands) {

    public AlertStep {
        alerts = List.copyOf(alerts);
        commands = List.copyOf(commands);
    }
}
