package io.cellwatch.alerts.lifecycle;

import io.cellwatch.telemetry.Finding;
import io.cellwatch.telemetry.FindingType;
import io.cellwatch.telemetry.Severity;

import java.util.List;
import java.util.Map;

/** Findings as the detectors send them, for the lifecycle tests. */
final class Findings {

    static final String LAB = "lab1";
    static final String CHAMBER = "oven-2";
    static final String GROUP = LAB + "/" + CHAMBER;
    /** 2026-01-01T00:00:00Z */
    static final double T0 = 1_767_225_600.0;

    private Findings() {
    }

    static Finding cell(String cellId, FindingType type, Severity severity, double timeS) {
        return cell(cellId, type, severity, timeS, Map.of("value", timeS - T0));
    }

    static Finding cell(String cellId, FindingType type, Severity severity, double timeS, Map<String, Double> evidence) {
        return new Finding(type, severity, Finding.Scope.CELL, cellId, LAB, CHAMBER, 7, timeS, type + "Detector",
                type.wireName() + " on " + cellId + " at +" + (timeS - T0) + " s", evidence, List.of(), false);
    }

    static Finding cleared(String cellId, FindingType type, double timeS) {
        return new Finding(type, Severity.INFO, Finding.Scope.CELL, cellId, LAB, CHAMBER, 7, timeS, type + "Detector",
                type.wireName() + " cleared on " + cellId, Map.of(), List.of(), true);
    }

    static Finding chamber(FindingType type, Severity severity, double timeS) {
        return new Finding(type, severity, Finding.Scope.CHAMBER, null, LAB, CHAMBER, null, timeS, "ChamberDetector",
                "chamber " + CHAMBER + " " + type.wireName(), Map.of("chamber_temperature_c", 112.0), List.of(), false);
    }

    static Finding chamberCleared(FindingType type, double timeS) {
        return new Finding(type, Severity.INFO, Finding.Scope.CHAMBER, null, LAB, CHAMBER, null, timeS, "ChamberDetector",
                "chamber back in band", Map.of(), List.of(), true);
    }
}
