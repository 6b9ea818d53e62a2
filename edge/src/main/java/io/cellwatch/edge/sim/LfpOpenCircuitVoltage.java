package io.cellwatch.edge.sim;

/**
 * Open-circuit voltage of a Li//LiFePO4 cell against its state of charge (0 = LFP fully lithiated,
 * discharged; 1 = delithiated, charged). A phenomenological curve, not a thermodynamic model: the
 * two-phase plateau at ≈ 3.42 V vs Li (the paper's figure) with a slight slope, rounded knees, and
 * steep exponential walls at both ends that set where a 1C step meets the 2.0 V and 4.2 V cut-offs.
 *
 * <p>The walls are continued a little beyond [0, 1] on purpose: the simulator evaluates the curve at
 * the particle-<em>surface</em> state of charge (bulk plus a diffusion lag, see {@link SimulatedCell}),
 * which overshoots the bulk during a step, and a shorted cell drained past empty must fall to 0 V.
 * All shape constants are *assumed*, chosen so that a 1C cell leaves ≈ 1 % of its capacity unused at
 * each end, relaxes to ≈ 3.0 V after discharge and ≈ 3.6 V after charge.
 */
final class LfpOpenCircuitVoltage {

    /** The LFP two-phase plateau vs Li/Li+, volts (paper: ≈ 3.42 V). */
    static final double PLATEAU_V = 3.42;
    /** Rise of the plateau from 0 to 100 % state of charge, volts (*assumed*). */
    private static final double PLATEAU_SLOPE_V = 0.04;
    /** Discharged end: a steep wall and a rounded knee (*assumed*). */
    private static final double LOW_WALL_V = 0.5;
    private static final double LOW_WALL_WIDTH = 0.012;
    private static final double LOW_KNEE_V = 0.12;
    private static final double LOW_KNEE_WIDTH = 0.06;
    /** Charged end: a steep wall and a rounded knee (*assumed*). */
    private static final double HIGH_WALL_V = 0.3;
    private static final double HIGH_WALL_WIDTH = 0.008;
    private static final double HIGH_KNEE_V = 0.05;
    private static final double HIGH_KNEE_WIDTH = 0.05;
    /** How far beyond [0, 1] the curve is continued before it is clamped. */
    private static final double OVERRUN = 0.06;
    /** Output clamp, volts: no negative open-circuit voltage, nothing above the electrolyte window. */
    private static final double MAX_V = 5.0;

    private LfpOpenCircuitVoltage() {
    }

    static double volts(double stateOfCharge) {
        double x = Math.max(-OVERRUN, Math.min(1 + OVERRUN, stateOfCharge));
        double v = PLATEAU_V + PLATEAU_SLOPE_V * (x - 0.5)
                - LOW_WALL_V * Math.exp(-x / LOW_WALL_WIDTH)
                - LOW_KNEE_V * Math.exp(-x / LOW_KNEE_WIDTH)
                + HIGH_WALL_V * Math.exp(-(1 - x) / HIGH_WALL_WIDTH)
                + HIGH_KNEE_V * Math.exp(-(1 - x) / HIGH_KNEE_WIDTH);
        return Math.max(0.0, Math.min(MAX_V, v));
    }

    /**
     * The state of charge at which the curve reaches {@code volts} (bisection; the curve is
     * monotonic). Used once per cell to find the part of the capacity a given overpotential leaves
     * unused.
     */
    static double stateOfChargeAt(double volts) {
        double lo = -OVERRUN;
        double hi = 1 + OVERRUN;
        for (int i = 0; i < 60; i++) {
            double mid = 0.5 * (lo + hi);
            if (volts(mid) < volts) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }
}
