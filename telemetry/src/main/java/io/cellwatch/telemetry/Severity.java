package io.cellwatch.telemetry;

/** How urgent a finding or alert is; ordered, so {@code compareTo} means "more severe". */
public enum Severity {
    INFO, WARNING, CRITICAL;

    @com.fasterxml.jackson.annotation.JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
