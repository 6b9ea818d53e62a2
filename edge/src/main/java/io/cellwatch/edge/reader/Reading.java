package io.cellwatch.edge.reader;

/**
 * One row as a format parser understood it, already in SI units and positive-on-charge; the reader
 * adds what is common to all formats (cell id, sequence number, absolute time).
 */
record Reading(
        double voltageV,
        double currentA,
        Double testTimeS,
        Double dateEpochS,
        Double cellTemperatureC,
        Double chamberTemperatureC,
        Integer stepIndex,
        Integer cycleIndex,
        Double chargeCapacityAh,
        Double dischargeCapacityAh,
        String stepType,
        StepKind stepKind) {
}
