package io.cellwatch.telemetry;

/**
 * What the edge agent knows about a cell, sent in its retained birth message and kept on the
 * compacted {@code cellwatch.cells.v1} topic.
 *
 * @param lab                  lab id (MQTT topic level, ACL scope)
 * @param chamber              chamber id; cells in one chamber are siblings for sibling comparison
 * @param channel              cycler channel id
 * @param cellType             full, symmetric or half cell
 * @param chemistry            free text, e.g. {@code "Li||LFP"}
 * @param nominalCapacityAh    nominal capacity in Ah (0.78 mAh coin cell = 0.00078)
 * @param activeMassG          active material mass in grams, for mAh/g; null when unknown
 * @param electrodeAreaCm2     electrode area in cm², for current density; null when unknown
 * @param voltageMinV          protocol lower voltage limit
 * @param voltageMaxV          protocol upper voltage limit
 * @param cRate                protocol C-rate (1.0 = 1C)
 * @param chamberSetpointC     chamber temperature setpoint in °C; null when not controlled
 * @param samplePeriodS        nominal sampling period, for stale-channel detection
 */
public record CellMetadata(
        String cellId,
        String lab,
        String chamber,
        String channel,
        CellType cellType,
        String chemistry,
        Double nominalCapacityAh,
        Double activeMassG,
        Double electrodeAreaCm2,
        Double voltageMinV,
        Double voltageMaxV,
        Double cRate,
        Double chamberSetpointC,
        Double samplePeriodS) {
}
