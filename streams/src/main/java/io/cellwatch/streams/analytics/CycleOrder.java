package io.cellwatch.streams.analytics;

import io.cellwatch.telemetry.CellType;

/**
 * Which half comes first in a cycle. It decides where step order puts a cycle boundary (when the
 * cycler's counter cannot be used) and the Coulombic-efficiency quotient: CE = Q of the second half
 * (what comes back out) / Q of the first half (what went in).
 */
public enum CycleOrder {
    /** Full cells such as Li//LFP start lithiated: charge, then discharge. CE = Q_dis / Q_ch. */
    CHARGE_FIRST,
    /** Anode half cells start with lithiation (discharge), then delithiation. CE = Q_ch / Q_dis. */
    DISCHARGE_FIRST,
    /** Symmetric Li//Li cells: whichever direction the data shows first leads. */
    FIRST_DIRECTION;

    /** The order a cell type is cycled in (see {@link CellType}); charge first when the type is unknown. */
    public static CycleOrder defaultFor(CellType type) {
        if (type == null) {
            return CHARGE_FIRST;
        }
        return switch (type) {
            case FULL -> CHARGE_FIRST;
            case HALF -> DISCHARGE_FIRST;
            case SYMMETRIC -> FIRST_DIRECTION;
        };
    }
}
