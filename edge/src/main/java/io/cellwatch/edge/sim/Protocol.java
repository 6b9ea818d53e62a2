package io.cellwatch.edge.sim;

/**
 * What the cycler does to a simulated cell.
 *
 * <p>Full cells (Li//LFP): constant-current charge at {@code currentA} until {@code voltageMaxV}, rest
 * {@code restS}, constant-current discharge at {@code currentA} until {@code voltageMinV}, rest
 * {@code restS}; either current step also ends after {@code stepTimeLimitS} (the cycler's safety
 * limit, which is what ends the charge of a shorted cell). No constant-voltage phase: the paper
 * cycles galvanostatically.
 *
 * <p>Symmetric cells (Li//Li): {@code +currentA} for {@code stepTimeLimitS}, then {@code -currentA}
 * for {@code stepTimeLimitS}, no rest, no voltage limits (both null).
 *
 * @param cRate          the current as a C-rate of the nominal capacity (for metadata)
 * @param currentA       magnitude of the constant current, amperes
 * @param voltageMinV    discharge cut-off; null for symmetric cells
 * @param voltageMaxV    charge cut-off; null for symmetric cells
 * @param restS          rest after each current step, seconds; 0 = no rest
 * @param stepTimeLimitS longest current step (full cells) or the half-cycle length (symmetric cells)
 */
public record Protocol(double cRate, double currentA, Double voltageMinV, Double voltageMaxV,
                       double restS, double stepTimeLimitS) {

    /**
     * 10 min rest after each current step (*assumed*; the paper does not state its rest, and 5–10 min
     * is the common coin-cell choice).
     */
    public static final double DEFAULT_REST_S = 600.0;

    /**
     * A current step ends at the latest after twice its nominal duration (*assumed*, a common cycler
     * safety setting). Twice, not 1.2×, so a shorted cell's charge throughput clearly passes the
     * 1.5 × Q_ref "charge runaway" level of DETECTION.md before the cycler stops it.
     */
    public static final double STEP_TIME_LIMIT_FACTOR = 2.0;

    public Protocol {
        if (!(currentA > 0) || !(cRate > 0) || !(stepTimeLimitS > 0) || !(restS >= 0)) {
            throw new IllegalArgumentException("current, C-rate and step time limit must be > 0, rest >= 0: "
                    + currentA + " A, " + cRate + " C, " + stepTimeLimitS + " s, " + restS + " s");
        }
        if ((voltageMinV == null) != (voltageMaxV == null)
                || (voltageMinV != null && !(voltageMinV < voltageMaxV))) {
            throw new IllegalArgumentException("voltage limits must both be set (min < max) or both null: "
                    + voltageMinV + " / " + voltageMaxV);
        }
    }

    /** The paper's Li//LFP protocol: {@code cRate} C between 2.0 and 4.2 V. */
    public static Protocol fullCell(double nominalCapacityAh, double cRate) {
        return new Protocol(cRate, nominalCapacityAh * cRate, 2.0, 4.2, DEFAULT_REST_S,
                STEP_TIME_LIMIT_FACTOR * 3600.0 / cRate);
    }

    /** The paper's Li//Li protocol: {@code mAPerCm2} for {@code halfCycleS} each way. */
    public static Protocol symmetricCell(double electrodeAreaCm2, double mAPerCm2, double halfCycleS) {
        return new Protocol(3600.0 / halfCycleS, electrodeAreaCm2 * mAPerCm2 / 1000.0, null, null, 0.0, halfCycleS);
    }

    /** The same protocol with another rest, e.g. 30 min so rest-voltage slopes can be fitted. */
    public Protocol withRestS(double newRestS) {
        return new Protocol(cRate, currentA, voltageMinV, voltageMaxV, newRestS, stepTimeLimitS);
    }

    boolean hasVoltageLimits() {
        return voltageMinV != null;
    }
}
