package io.cellwatch.telemetry;

/** An alert lifecycle event. Placeholder shape for the safety issue. */
public record Alert(
        String alertId,
        State state,
        FindingType type,
        Severity severity,
        String cellId,
        String lab,
        String chamber,
        Double openedAtS,
        Double updatedAtS,
        String summary,
        String commandId) {

    public enum State {
        OPEN, ESCALATED, RESOLVED, MUTED;

        @com.fasterxml.jackson.annotation.JsonValue
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
