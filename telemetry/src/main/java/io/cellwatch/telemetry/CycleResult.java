package io.cellwatch.telemetry;

/**
 * One cycle of one cell as the analytics computed it. Placeholder shape for the analytics issue:
 * the fields named there (capacity, energy, efficiency, retention, polarization) will be filled in
 * by {@code streams}; {@code provisional} marks an update of a cycle still running.
 */
public record CycleResult(
        String cellId,
        Integer cycle,
        Boolean provisional,
        Double startTimeS,
        Double endTimeS,
        Double chargeAh,
        Double dischargeAh,
        Double chargeWh,
        Double dischargeWh,
        Double coulombicEfficiency,
        Double retention,
        Double polarizationV) {
}
