package io.cellwatch.telemetry;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;

/**
 * One cycle of one cell as the analytics computed it ({@code io.cellwatch.streams.analytics.CellAnalytics}),
 * on {@code cellwatch.cycles.v1}, key = cell id. The same record comes out of the Kafka Streams topology
 * and out of {@code cellwatch replay FILE}.
 *
 * <p>Conventions: capacities in Ah and energies in Wh are positive magnitudes, integrated by the
 * trapezoid rule over the cycler's time ({@code time_s}); an interval across a change of the cycler's
 * step or cycle index is not integrated (cyclers log both ends of a step and reset their counters there).
 * Ratios are fractions (0.995, not 99.5). A figure that is undefined for this cycle is null, never NaN.
 *
 * @param cellId                   the cell
 * @param cycle                    the cycle number: the cycler's own counter under
 *                                 {@link Rule#CYCLER_COUNTER}, else counted from 1 in step order
 * @param rule                     how the cycle's boundaries were found
 * @param provisional              true for an update of a cycle still running
 * @param complete                 true when the next cycle began; false when the data ended (the cycle
 *                                 may be cut short) or the cycle is still running
 * @param startTimeS               time_s of the cycle's first sample
 * @param endTimeS                 time_s of its last sample
 * @param durationS                end minus start
 * @param samples                  samples in the cycle
 * @param startVoltageV            voltage of the first sample
 * @param endVoltageV              voltage of the last sample
 * @param chargeAh                 charge throughput (current > 0)
 * @param dischargeAh              discharge throughput (current < 0), positive
 * @param chargeWh                 energy in on charge
 * @param dischargeWh              energy out on discharge, positive
 * @param specificChargeMahPerG    chargeAh per gram of active material, mAh/g; null when the mass is unknown
 * @param specificDischargeMahPerG dischargeAh per gram of active material, mAh/g
 * @param efficiencyConvention     which quotient {@code coulombicEfficiency} is
 * @param coulombicEfficiency      Q out / Q in by {@code efficiencyConvention}; null when undefined: the
 *                                 cycle lacks one of its halves (rest only, a leading discharge, a charge
 *                                 cut off by the end of the data) or the cell is symmetric
 * @param energyEfficiency         the same quotient of energies
 * @param deliveredAh              the capacity retention is measured on: discharge for charge-first
 *                                 cells, charge (delithiation) for discharge-first half cells; null unless
 *                                 the cycle has both halves
 * @param referenceAh              the retention reference (default: max delivered capacity of cycles 1–3)
 * @param retention                deliveredAh / referenceAh
 * @param fadeRatePerCycle         retention lost per cycle, least squares over the recent window
 *                                 (positive = fading); null until the window has enough cycles
 * @param projectedEndOfLifeCycle  cycle at which that line reaches the end-of-life retention (80 %);
 *                                 null when not fading
 * @param meanChargeVoltageV       chargeWh / chargeAh: capacity-weighted mean charge voltage
 * @param meanDischargeVoltageV    dischargeWh / dischargeAh
 * @param polarizationV            meanChargeVoltageV − meanDischargeVoltageV
 * @param midCapacityGapV          V on charge at 50 % of chargeAh minus V on discharge at 50 % of dischargeAh
 * @param chargeOverpotentialV     symmetric cells only: median |V| over the last half (by time) of the
 *                                 cycle's largest charge half-cycle
 * @param dischargeOverpotentialV  symmetric cells only: the same for the largest discharge half-cycle
 * @param meanTemperatureC         time-weighted mean cell temperature over plausible readings
 * @param maxTemperatureC          maximum plausible cell temperature
 * @param implausibleTemperatures  readings left out as physically implausible (a disconnected
 *                                 thermocouple reads −2,500 °C)
 * @param dcir                     resistances measured at current steps within the cycle
 * @param steps                    the cycle's steps in order (the first ones, if there are very many)
 * @param stepsOmitted             steps not listed in {@code steps} but counted in every total
 */
public record CycleResult(
        String cellId,
        Integer cycle,
        Rule rule,
        Boolean provisional,
        Boolean complete,
        Double startTimeS,
        Double endTimeS,
        Double durationS,
        Long samples,
        Double startVoltageV,
        Double endVoltageV,
        Double chargeAh,
        Double dischargeAh,
        Double chargeWh,
        Double dischargeWh,
        Double specificChargeMahPerG,
        Double specificDischargeMahPerG,
        EfficiencyConvention efficiencyConvention,
        Double coulombicEfficiency,
        Double energyEfficiency,
        Double deliveredAh,
        Double referenceAh,
        Double retention,
        Double fadeRatePerCycle,
        Integer projectedEndOfLifeCycle,
        Double meanChargeVoltageV,
        Double meanDischargeVoltageV,
        Double polarizationV,
        Double midCapacityGapV,
        Double chargeOverpotentialV,
        Double dischargeOverpotentialV,
        Double meanTemperatureC,
        Double maxTemperatureC,
        Long implausibleTemperatures,
        List<Dcir> dcir,
        List<Step> steps,
        Integer stepsOmitted) {

    /** How cycle boundaries were found. */
    public enum Rule {
        /** The cycler's cycle counter: it advanced at least once, so it is trusted. */
        CYCLER_COUNTER,
        /** Step order, charge first: a cycle is charge … discharge; a new one starts at the first charge after a discharge. */
        STEPS_CHARGE_FIRST,
        /** Step order, discharge first (lithiation first): a new cycle starts at the first discharge after a charge. */
        STEPS_DISCHARGE_FIRST;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Which quotient a Coulombic efficiency is (DETECTION.md, "CE pairing"). */
    public enum EfficiencyConvention {
        /** Charge-first cells (Li//LFP full cells): Q_discharge / Q_charge of the same cycle. */
        DISCHARGE_OVER_CHARGE,
        /** Discharge-first cells (anode half cells): Q_delithiation / Q_lithiation = Q_charge / Q_discharge. */
        CHARGE_OVER_DISCHARGE,
        /** Symmetric Li//Li cells: no efficiency; overpotential is tracked instead. */
        UNDEFINED;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What a step does, from the sign and magnitude of its current. */
    public enum StepKind {
        CHARGE,
        /** Charge at constant voltage: the current decays while the voltage is held. */
        CV_CHARGE,
        DISCHARGE,
        /** Discharge at constant voltage (a potentiostatic hold at the lower limit). */
        CV_DISCHARGE,
        REST;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One step: a run of consecutive samples with one cycler step index (when reported) and one kind.
     * Figures as in the cycle; {@code overpotentialV} only for symmetric cells.
     */
    public record Step(
            StepKind kind,
            Integer stepIndex,
            Double startTimeS,
            Double endTimeS,
            Double durationS,
            Long samples,
            Double startVoltageV,
            Double endVoltageV,
            Double chargeAh,
            Double dischargeAh,
            Double chargeWh,
            Double dischargeWh,
            Double specificChargeMahPerG,
            Double specificDischargeMahPerG,
            Double meanTemperatureC,
            Double maxTemperatureC,
            Double overpotentialV) {
    }

    /**
     * A DC resistance from a current step: (V after − V before) / (I after − I before), using the last
     * sample before and the first sample after the change. Compare only values with similar {@code deltaTS}
     * (R at 10 ms is not R at 10 s).
     *
     * @param timeS         time_s of the first sample after the change
     * @param resistanceOhm ΔV / ΔI
     * @param deltaTS       time between the two samples
     * @param currentBeforeA current before the change
     * @param currentAfterA  current after the change
     */
    public record Dcir(
            Double timeS,
            Double resistanceOhm,
            Double deltaTS,
            Double currentBeforeA,
            Double currentAfterA) {
    }
}
