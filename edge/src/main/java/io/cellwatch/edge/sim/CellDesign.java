package io.cellwatch.edge.sim;

import io.cellwatch.telemetry.CellType;

import java.util.List;

/**
 * Everything the simulator needs to know about one kind of cell: what the lab would write on the
 * label (type, chemistry, capacity, mass, area, chamber), the protocol, and the model parameters
 * behind the voltage curve. {@link Preset} holds one per paper scenario.
 *
 * @param firstDischargeMahPerG      specific capacity of the first 1C discharge (full cells; null for
 *                                   symmetric cells, which have no capacity to fade)
 * @param ohmicOhmAt25C              ohmic resistance at 25 °C, Ω; carried to the chamber setpoint with
 *                                   {@link Kinetics#fromRoomTemperature}
 * @param chargeTransferOhmAt25C     charge-transfer resistance at 25 °C, Ω (ditto)
 * @param sideReactionFraction       share of the charge current lost to side reactions (electrolyte
 *                                   oxidation, SEI repair); Coulombic efficiency ≈ 1 − this
 * @param formationSideReactionFraction the same for cycle 1, where the SEI/CEI forms
 * @param thermalResistanceKPerW     cell-to-chamber thermal resistance, K/W
 * @param thermalTimeConstantS       cell thermal time constant, s
 * @param builtInFaults              what the paper saw happen to this cell (e.g. HKUST-1's short)
 */
record CellDesign(
        CellType cellType,
        String chemistry,
        double chamberSetpointC,
        double nominalCapacityAh,
        Double activeMassG,
        double electrodeAreaCm2,
        Double firstDischargeMahPerG,
        double ohmicOhmAt25C,
        double chargeTransferOhmAt25C,
        Ageing ageing,
        double sideReactionFraction,
        double formationSideReactionFraction,
        double thermalResistanceKPerW,
        double thermalTimeConstantS,
        List<Fault> builtInFaults,
        Protocol protocol,
        String description) {

    /** CR2032 coin cell to chamber air on a cell holder, K/W (*assumed*; 30–60 K/W is typical). */
    static final double COIN_CELL_THERMAL_RESISTANCE_K_PER_W = 40.0;
    /** CR2032 coin cell thermal time constant: ≈ 1.5 J/K × 40 K/W (*assumed*). */
    static final double COIN_CELL_THERMAL_TIME_CONSTANT_S = 60.0;

    CellDesign {
        builtInFaults = List.copyOf(builtInFaults);
    }

    /** Kinetics at the chamber setpoint, before ageing. */
    Kinetics kineticsAtSetpoint() {
        return Kinetics.fromRoomTemperature(ohmicOhmAt25C, chargeTransferOhmAt25C, chamberSetpointC);
    }

    /** The first discharge in Ah, for full cells. */
    double firstDischargeAh() {
        return firstDischargeMahPerG * activeMassG / 1000.0; // mAh/g × g = mAh
    }
}
