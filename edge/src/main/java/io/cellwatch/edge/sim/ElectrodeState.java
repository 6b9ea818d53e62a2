package io.cellwatch.edge.sim;

/**
 * The electrochemical state of a cell between two integration steps.
 *
 * @param stateOfCharge       bulk state of charge of the LFP (0 discharged, 1 charged); 0 for Li//Li
 * @param surfaceLag          how far the particle-surface state of charge runs ahead of the bulk
 *                            (solid-state diffusion): steady value {@link SimulatedCell#DIFFUSION_LAG_AT_1C}
 *                            × C-rate, relaxing with {@link SimulatedCell#DIFFUSION_TIME_CONSTANT_S}
 * @param chargeTransferV     charge-transfer overpotential, volts; lags the current with
 *                            {@link SimulatedCell#CHARGE_TRANSFER_TIME_CONSTANT_S}
 */
record ElectrodeState(double stateOfCharge, double surfaceLag, double chargeTransferV) {

    double surfaceStateOfCharge() {
        return stateOfCharge + surfaceLag;
    }
}
