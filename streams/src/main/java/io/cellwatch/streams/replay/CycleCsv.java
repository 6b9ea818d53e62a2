package io.cellwatch.streams.replay;

import io.cellwatch.telemetry.CycleResult;
import java.math.BigDecimal;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Cycle results as CSV, one row per cycle: the per-cycle figures of {@link CycleResult} with their units in
 * the column names, capacities in Ah and ratios as fractions (0.995, not 99.5), exactly as on the wire. The
 * first four columns are fixed ({@value #HEADER_START}) so scripts can rely on them; later columns may be
 * added, never reordered.
 *
 * <p>An unknown figure (null in the result) is an empty field, never {@code null} or {@code NaN} text.
 * Numbers are written in plain decimal notation with every digit a double has ({@code 0.00025}, not
 * {@code 2.5E-4}), so a spreadsheet reads them and a parse gives back the same double ({@code -0.0}, a fade
 * rate of a flat line, is written {@code 0.0}). The per-step and
 * DCIR lists are summarised by counts; the JSON output has them in full.
 */
public final class CycleCsv {

    public static final String HEADER_START = "cycle,charge_ah,discharge_ah,coulombic_efficiency";

    private record Column(String name, Function<CycleResult, Object> value) {
    }

    private static final List<Column> COLUMNS = List.of(
            new Column("cycle", CycleResult::cycle),
            new Column("charge_ah", CycleResult::chargeAh),
            new Column("discharge_ah", CycleResult::dischargeAh),
            new Column("coulombic_efficiency", CycleResult::coulombicEfficiency),
            new Column("energy_efficiency", CycleResult::energyEfficiency),
            new Column("charge_energy_wh", CycleResult::chargeWh),
            new Column("discharge_energy_wh", CycleResult::dischargeWh),
            new Column("specific_charge_capacity_mah_g", CycleResult::specificChargeMahPerG),
            new Column("specific_discharge_capacity_mah_g", CycleResult::specificDischargeMahPerG),
            new Column("delivered_ah", CycleResult::deliveredAh),
            new Column("reference_ah", CycleResult::referenceAh),
            new Column("retention_ratio", CycleResult::retention),
            new Column("fade_rate_per_cycle", CycleResult::fadeRatePerCycle),
            new Column("projected_end_of_life_cycle", CycleResult::projectedEndOfLifeCycle),
            new Column("mean_charge_voltage_v", CycleResult::meanChargeVoltageV),
            new Column("mean_discharge_voltage_v", CycleResult::meanDischargeVoltageV),
            new Column("polarization_v", CycleResult::polarizationV),
            new Column("mid_capacity_gap_v", CycleResult::midCapacityGapV),
            new Column("charge_overpotential_v", CycleResult::chargeOverpotentialV),
            new Column("discharge_overpotential_v", CycleResult::dischargeOverpotentialV),
            new Column("mean_temperature_c", CycleResult::meanTemperatureC),
            new Column("max_temperature_c", CycleResult::maxTemperatureC),
            new Column("implausible_temperatures", CycleResult::implausibleTemperatures),
            new Column("start_time_s", CycleResult::startTimeS),
            new Column("end_time_s", CycleResult::endTimeS),
            new Column("duration_s", CycleResult::durationS),
            new Column("samples", CycleResult::samples),
            new Column("start_voltage_v", CycleResult::startVoltageV),
            new Column("end_voltage_v", CycleResult::endVoltageV),
            new Column("steps", CycleCsv::stepCount),
            new Column("dcir_measurements", c -> c.dcir() == null ? null : c.dcir().size()),
            new Column("rule", c -> c.rule() == null ? null : c.rule().wireName()),
            new Column("efficiency_convention",
                    c -> c.efficiencyConvention() == null ? null : c.efficiencyConvention().wireName()),
            new Column("complete", CycleResult::complete),
            new Column("cell_id", CycleResult::cellId));

    private CycleCsv() {
    }

    /** The column names in order. */
    public static List<String> columns() {
        return COLUMNS.stream().map(Column::name).toList();
    }

    /** The header line, without a line terminator. */
    public static String header() {
        return String.join(",", columns());
    }

    /** One cycle as a CSV line, without a line terminator. */
    public static String row(CycleResult c) {
        return COLUMNS.stream().map(col -> field(col.value().apply(c))).collect(Collectors.joining(","));
    }

    /** Steps in the cycle, including those the result counts but does not list. */
    private static Integer stepCount(CycleResult c) {
        if (c.steps() == null && c.stepsOmitted() == null) {
            return null;
        }
        return (c.steps() == null ? 0 : c.steps().size()) + (c.stepsOmitted() == null ? 0 : c.stepsOmitted());
    }

    static String field(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double d) {
            // BigDecimal.valueOf takes Double.toString's digits, which parse back to the same double.
            return Double.isFinite(d) ? BigDecimal.valueOf(d).toPlainString() : "";
        }
        if (value instanceof Float f) {
            return field(f.doubleValue());
        }
        if (value instanceof String s) {
            return quoted(s);
        }
        return value.toString();
    }

    /** RFC 4180: a field holding a separator, quote or line break is quoted, quotes doubled. */
    private static String quoted(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
