package io.cellwatch.edge.sim;

/**
 * The overpotential of a cell at one temperature: an ohmic part (electrolyte, SEI, contacts; it
 * follows the current instantly) and a charge-transfer part (Butler–Volmer with symmetric transfer
 * coefficients; the simulator lets it lag the current, which is what relaxes during a rest).
 *
 * @param ohmicOhm          ohmic resistance, Ω
 * @param chargeTransferOhm small-signal charge-transfer resistance (the EIS semicircle), Ω
 * @param temperatureK      temperature the two are valid at, K
 */
record Kinetics(double ohmicOhm, double chargeTransferOhm, double temperatureK) {

    static final double FARADAY_C_PER_MOL = 96_485.332;
    static final double GAS_J_PER_MOL_K = 8.314_462_618;
    static final double BOLTZMANN_EV_PER_K = 8.617_333e-5;
    static final double ROOM_K = 298.15;

    /** Activation energy of ionic conduction in the core–shell QSSE, eV (paper: 0.123 eV). */
    static final double ION_CONDUCTION_ACTIVATION_EV = 0.123;
    /**
     * Activation energy of interfacial charge transfer, eV (*assumed*: 0.3–0.6 eV is the usual range
     * for Li metal and LFP interfaces; 0.35 makes Rct fall ≈ 15× from 25 to 100 °C).
     */
    static final double CHARGE_TRANSFER_ACTIVATION_EV = 0.35;

    /** Room-temperature values carried to {@code celsius} with the Arrhenius law. */
    static Kinetics fromRoomTemperature(double ohmicOhmAt25C, double chargeTransferOhmAt25C, double celsius) {
        double t = celsius + 273.15;
        return new Kinetics(
                ohmicOhmAt25C * arrheniusFactor(ION_CONDUCTION_ACTIVATION_EV, t),
                chargeTransferOhmAt25C * arrheniusFactor(CHARGE_TRANSFER_ACTIVATION_EV, t),
                t);
    }

    /** R(T) / R(25 °C) for a thermally activated conductance. */
    static double arrheniusFactor(double activationEv, double temperatureK) {
        return Math.exp(activationEv / BOLTZMANN_EV_PER_K * (1.0 / temperatureK - 1.0 / ROOM_K));
    }

    /** Both resistances multiplied by {@code factor} (ageing). */
    Kinetics scaled(double factor) {
        return new Kinetics(ohmicOhm * factor, chargeTransferOhm * factor, temperatureK);
    }

    /**
     * Steady charge-transfer overpotential at {@code currentA}, volts, signed like the current:
     * η = 2(RT/F)·asinh(I / 2I₀) with the exchange current I₀ = (RT/F)/Rct, so that dη/dI = Rct at 0.
     */
    double chargeTransferOverpotentialV(double currentA) {
        if (chargeTransferOhm <= 0) {
            return 0.0;
        }
        double thermalV = GAS_J_PER_MOL_K * temperatureK / FARADAY_C_PER_MOL;
        double exchangeA = thermalV / chargeTransferOhm;
        return 2 * thermalV * asinh(currentA / (2 * exchangeA));
    }

    /** Steady total overpotential at {@code currentA}, volts. */
    double overpotentialV(double currentA) {
        return currentA * ohmicOhm + chargeTransferOverpotentialV(currentA);
    }

    private static double asinh(double x) {
        return Math.signum(x) * Math.log(Math.abs(x) + Math.sqrt(x * x + 1));
    }
}
