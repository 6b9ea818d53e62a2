package io.cellwatch.telemetry;

import java.util.Map;

/**
 * A detector's verdict about a cell (or a chamber). Placeholder shape for the safety issue:
 * {@code evidence} carries the values that triggered it, by name with units in the names.
 */
public record Finding(
        FindingType type,
        Severity severity,
        String cellId,
        String lab,
        String chamber,
        Integer cycle,
        Double timeS,
        String summary,
        Map<String, Double> evidence) {
}
