package io.cellwatch.telemetry;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The kind of cell on a channel. It decides the Coulombic-efficiency convention and which
 * short-circuit rules apply (see shared/design/DETECTION.md, "Conventions to state, not guess").
 */
public enum CellType {
    /** Full cell, e.g. Li//LFP: starts lithiated, charge first, CE = Q_discharge / Q_charge. */
    FULL,
    /** Li//Li symmetric cell: CE is undefined; overpotential per half-cycle is tracked instead. */
    SYMMETRIC,
    /** Half cell cycled lithiation (discharge) first: CE = Q_delithiation / Q_lithiation. */
    HALF;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
