package io.cellwatch.edge.reader;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Battery Data Format machine names ({@code voltage_volt}) and their labels ({@code Voltage / V}), from
 * the BDF ontology (battery-data-alliance/battery-data-format-ontology, release 1.3.0: each term's
 * altLabels). The reader works on labels; machine-form headers are renamed first, so both forms go
 * through the same column lookup and the unit comes from the label.
 */
final class BdfNames {

    private static final Map<String, String> LABELS = new HashMap<>();

    static {
        put("Test Time / s", "test_time_s", "test_time_second");
        put("Test Time / ms", "test_time_ms", "test_time_millisecond");
        // Not an ontology term, but the BattMo export writes "Test Time / h"; accept its machine twin too.
        put("Test Time / h", "test_time_h", "test_time_hour");
        put("Unix Time / s", "unix_time_s", "unix_time_second");
        put("Unix Time / ms", "unix_time_ms", "unix_time_millisecond");
        put("Voltage / V", "voltage_v", "voltage_volt");
        put("Current / A", "current_a", "current_ampere");
        put("Cycle Count / 1", "cycle_count", "cycle_count_1", "cycle_dimensionless");
        put("Step Count / 1", "step_count", "step_count_1", "step_dimensionless");
        put("Step ID", "step_id");
        put("Step Index / 1", "step_index", "step_index_1");
        put("Step Type", "step_type");
        put("Charging Capacity / Ah", "charging_capacity_ah", "charging_capacity_ampere_hour");
        put("Discharging Capacity / Ah", "discharging_capacity_ah", "discharging_capacity_ampere_hour");
        put("Step Charging Capacity / Ah", "step_charge_capacity_ah", "step_charging_capacity_ah",
                "step_charging_capacity_ampere_hour");
        put("Step Discharging Capacity / Ah", "step_discharge_capacity_ah", "step_discharging_capacity_ah",
                "step_discharging_capacity_ampere_hour");
        put("Cycle Charging Capacity / Ah", "cycle_charge_capacity_ah", "cycle_charging_capacity_ah",
                "cycle_charging_capacity_ampere_hour");
        put("Cycle Discharging Capacity / Ah", "cycle_discharge_capacity_ah", "cycle_discharging_capacity_ah",
                "cycle_discharging_capacity_ampere_hour");
        put("Ambient Temperature / degC", "ambient_temperature_celsius", "ambient_temperature_degc");
        put("Surface Temperature / degC", "surface_temperature_celsius", "surface_temperature_degc");
        for (int k = 1; k <= 5; k++) {
            put("Temperature T" + k + " / degC", "temperature_t" + k + "_celsius", "temperature_t" + k + "_degc",
                    "surface_temperature_t" + k + "_celsius");
        }
    }

    private BdfNames() {
    }

    /** The label for a machine name, or the text unchanged when it is not one. */
    static String label(String header) {
        return LABELS.getOrDefault(header.strip().toLowerCase(Locale.ROOT), header);
    }

    private static void put(String label, String... machineNames) {
        for (String m : machineNames) {
            LABELS.put(m, label);
        }
    }
}
