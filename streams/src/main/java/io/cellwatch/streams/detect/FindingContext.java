package io.cellwatch.streams.detect;

import io.cellwatch.telemetry.CellMetadata;
import io.cellwatch.telemetry.Finding;
import io.cellwatch.telemetry.FindingType;
import io.cellwatch.telemetry.Sample;
import io.cellwatch.telemetry.Severity;
import java.util.List;
import java.util.Map;

/**
 * Where a finding comes from: the cell (or chamber), its cycle at the time, and the raw samples the decision
 * looked at. Built by the facades ({@link CellDetectors}, {@link ChamberDetectors}) and handed to each
 * detector, so a detector only decides and describes.
 *
 * @param cellId  the cell, null for a chamber
 * @param lab     lab id, may be null
 * @param chamber chamber id, may be null
 * @param cycle   the cell's cycle now, may be null
 * @param window  the most recent raw samples, oldest first (bounded by the facade)
 */
public record FindingContext(String cellId, String lab, String chamber, Integer cycle, List<Sample> window) {

    public FindingContext {
        // A SampleWindow is immutable already: copying it again on every sample was a hot spot.
        window = window == null ? List.of() : window instanceof SampleWindow ? window : List.copyOf(window);
    }

    public static FindingContext of(CellMetadata cell, Integer cycle, List<Sample> window) {
        return new FindingContext(cell.cellId(), cell.lab(), cell.chamber(), cycle, window);
    }

    /**
     * The finding a latch step calls for, or null when it calls for none. A cleared finding keeps the
     * severity that was reported, so an alert can match it; its summary says it cleared. Detectors call it
     * only when {@link Latch.Step#reports()}: formatting the summary and filling the evidence on every sample,
     * to throw them away on almost every one, cost far more than the rules themselves.
     */
    Finding report(Latch before, Latch.Step step, FindingType type, Severity level, double timeS, String detector,
            String summary, Map<String, Double> evidence) {
        return switch (step.action()) {
            case NONE -> null;
            case CLEAR -> finding(type, before.severity(), timeS, detector, "Cleared: " + summary, evidence, true);
            case RAISE, ESCALATE, REPEAT -> finding(type, step.latch().severity(), timeS, detector, summary,
                    evidence, false);
        };
    }

    Finding finding(FindingType type, Severity severity, double timeS, String detector, String summary,
            Map<String, Double> evidence, boolean cleared) {
        return new Finding(type, severity, cellId == null ? Finding.Scope.CHAMBER : Finding.Scope.CELL, cellId, lab,
                chamber, cycle, timeS, detector, summary, evidence, window, cleared);
    }
}
