package io.cellwatch.alerts.topology;

import io.cellwatch.telemetry.Alert;
import io.cellwatch.telemetry.Command;

/** One output of the alert processor: an alert transition or a command, split to their topics. */
record AlertOutput(Alert alert, Command command) {

    static AlertOutput of(Alert a) {
        return new AlertOutput(a, null);
    }

    static AlertOutput of(Command c) {
        return new AlertOutput(null, c);
    }
}
