package io.cellwatch.streams.analytics;

import io.cellwatch.telemetry.CellMetadata;
import io.cellwatch.telemetry.CellType;

/**
 * The options turned into numbers for one cell (C-rates times its nominal capacity), computed once. Not
 * state: it is rebuilt from the cell's metadata and the options whenever the analytics are restored.
 *
 * @param restToleranceA      |I| at or below this is rest
 * @param minHalfCycleAh      capacity a second half-cycle must move before step order closes a cycle
 * @param dcirMinCurrentStepA |ΔI| that makes a current step a DCIR measurement
 * @param activeMassG         grams of active material, null when unknown
 * @param symmetric           a Li//Li cell: track overpotential, no efficiency or retention
 * @param order               the cycle order in force
 */
record CellThresholds(
        double restToleranceA,
        double minHalfCycleAh,
        double dcirMinCurrentStepA,
        Double activeMassG,
        boolean symmetric,
        CycleOrder order,
        AnalyticsOptions options) {

    static CellThresholds of(CellMetadata cell, AnalyticsOptions o) {
        Double nominal = cell.nominalCapacityAh() != null && cell.nominalCapacityAh() > 0
                ? cell.nominalCapacityAh() : null;
        double rest = nominal == null ? o.restToleranceFloorA()
                : Math.max(o.restToleranceFloorA(), o.restToleranceCRate() * nominal);
        double halfCycle = nominal == null ? 0.0 : o.minHalfCycleCRate() * nominal;
        // The DCIR floor stands in for a C-rate only when there is none: 1 mA would hide every coin-cell step.
        double dcir = nominal == null ? o.dcirMinCurrentStepFloorA() : o.dcirMinCurrentStepCRate() * nominal;
        Double mass = cell.activeMassG() != null && cell.activeMassG() > 0 ? cell.activeMassG() : null;
        CycleOrder order = o.cycleOrder() != null ? o.cycleOrder() : CycleOrder.defaultFor(cell.cellType());
        return new CellThresholds(rest, halfCycle, dcir, mass, cell.cellType() == CellType.SYMMETRIC, order, o);
    }

    /** mAh per gram of active material, or null without a mass. */
    Double specificMahPerG(double ah) {
        return activeMassG == null ? null : ah * 1000.0 / activeMassG;
    }

    boolean plausibleTemperature(double c) {
        return c >= options.temperatureMinPlausibleC() && c <= options.temperatureMaxPlausibleC();
    }
}
