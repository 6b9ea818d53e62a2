package io.cellwatch.streams.detect;

import io.cellwatch.streams.analytics.AnalyticsOptions;
import io.cellwatch.telemetry.CellMetadata;
import io.cellwatch.telemetry.CellType;

/**
 * What the detectors need to know about a cell, computed once from its metadata (not state: rebuilt on
 * restore).
 *
 * @param restToleranceA |I| at or below this is rest; the analytics' own definition
 *                       ({@link AnalyticsOptions#restToleranceCRate()} × nominal, floor
 *                       {@link AnalyticsOptions#restToleranceFloorA()}), so both agree on what "current flows" means
 * @param nominalAh      nominal capacity, null when unknown
 * @param inputDirection +1 when the cell stores charge on positive current (full cells: charge first), −1 for
 *                       half cells cycled lithiation (discharge) first, 0 for symmetric cells
 * @param inputCutoffV   the voltage limit that ends the storing step (V max for full cells, V min for half
 *                       cells), null when unknown
 * @param symmetric      a Li//Li cell: overpotential rules instead of capacity rules
 * @param setpointC      chamber setpoint, null when not controlled or unknown
 * @param samplePeriodS  nominal sampling period, null when unknown
 */
record CellScale(double restToleranceA, Double nominalAh, int inputDirection, Double inputCutoffV,
        boolean symmetric, Double setpointC, Double samplePeriodS) {

    static CellScale of(CellMetadata cell) {
        AnalyticsOptions analytics = AnalyticsOptions.defaults();
        Double nominal = cell.nominalCapacityAh() != null && cell.nominalCapacityAh() > 0
                ? cell.nominalCapacityAh() : null;
        double rest = nominal == null ? analytics.restToleranceFloorA()
                : Math.max(analytics.restToleranceFloorA(), analytics.restToleranceCRate() * nominal);
        CellType type = cell.cellType() == null ? CellType.FULL : cell.cellType();
        int direction = switch (type) {
            case FULL -> 1;
            case HALF -> -1;
            case SYMMETRIC -> 0;
        };
        Double cutoff = direction > 0 ? cell.voltageMaxV() : direction < 0 ? cell.voltageMinV() : null;
        Double period = cell.samplePeriodS() != null && cell.samplePeriodS() > 0 ? cell.samplePeriodS() : null;
        return new CellScale(rest, nominal, direction, cutoff, type == CellType.SYMMETRIC, cell.chamberSetpointC(),
                period);
    }

    boolean flowing(double currentA) {
        return Math.abs(currentA) > restToleranceA;
    }

    /** +1 charge, −1 discharge, 0 rest. */
    int direction(double currentA) {
        return flowing(currentA) ? (currentA > 0 ? 1 : -1) : 0;
    }
}
