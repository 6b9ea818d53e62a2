package io.cellwatch.telemetry;

import java.util.List;
import java.util.Map;

/**
 * A detector's verdict about a cell, or about a whole chamber ({@code cellId} null, {@code scope}
 * {@link Scope#CHAMBER}). Travels on {@code cellwatch.findings.v1} keyed by cell id (chamber
 * findings by {@code lab/chamber}).
 *
 * <p>Detectors that follow a condition over time report it while it holds and once more with
 * {@code cleared = true} when it stops holding (after their own hysteresis), so an alert can
 * resolve on evidence rather than on silence.
 *
 * @param type      what was found
 * @param severity  how urgent
 * @param scope     a single cell, or a chamber
 * @param cellId    the cell, null for a chamber finding
 * @param lab       lab id, when the registry knows it
 * @param chamber   chamber id, when the registry knows it
 * @param cycle     the cell's cycle index when it was found, if any
 * @param timeS     cycler time (Unix seconds) of the sample that triggered it
 * @param detector  the detector that produced it, e.g. {@code HardShortDetector}
 * @param summary   one sentence a person on call can act on, with the numbers in it
 * @param evidence  the values that triggered it, by name with units in the names
 *                  ({@code charge_throughput_ah}, {@code limit_ah}, …)
 * @param window    the most recent raw samples the decision looked at (bounded, oldest first)
 * @param cleared   true when this reports that the condition no longer holds
 */
public record Finding(
        FindingType type,
        Severity severity,
        Scope scope,
        String cellId,
        String lab,
        String chamber,
        Integer cycle,
        Double timeS,
        String detector,
        String summary,
        Map<String, Double> evidence,
        List<Sample> window,
        boolean cleared) {

    public enum Scope {
        CELL, CHAMBER;

        @com.fasterxml.jackson.annotation.JsonValue
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Finding {
        evidence = evidence == null ? Map.of() : Map.copyOf(evidence);
        window = window == null ? List.of() : List.copyOf(window);
        scope = scope == null ? (cellId == null ? Scope.CHAMBER : Scope.CELL) : scope;
    }

    /** The record key on {@code cellwatch.findings.v1}: the cell, or {@code lab/chamber}. */
    public String key() {
        return cellId != null ? cellId : lab + "/" + chamber;
    }
}
