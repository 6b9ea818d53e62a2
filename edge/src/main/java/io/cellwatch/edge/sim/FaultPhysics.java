package io.cellwatch.edge.sim;

import java.util.SplittableRandom;

/**
 * The numbers behind each {@link Fault}: leakage conductances, micro-short drops, the runaway
 * temperature ramp, the chamber overshoot, sensor spikes. Pure functions of a fault, the cell's scale
 * and the time or cycle; the caller owns all state and randomness.
 *
 * <p>Short resistances are expressed as a leak at a reference voltage relative to the test current,
 * so one fault means the same thing on a 0.78 mAh coin cell and a 6.80 mAh pouch: the reference is
 * the LFP plateau for a full cell and the cell's own cycle-1 overpotential for a Li//Li cell.
 */
final class FaultPhysics {

    /** Hard short in a full cell: leak = 1.25 × test current at 3.42 V (*assumed*; > 1 so the charge stalls). */
    static final double FULL_HARD_SHORT_LEAK = 1.25;
    /** Hard short in a Li//Li cell: resistance 1/20 of the cell's (*assumed*): the overpotential collapses ~20×. */
    static final double SYMMETRIC_HARD_SHORT_LEAK = 20.0;
    /** Soft short at onset: leak 1 % (full) or 5 % (Li//Li) of the test current (*assumed*). */
    static final double FULL_SOFT_SHORT_ONSET_LEAK = 0.01;
    static final double SYMMETRIC_SOFT_SHORT_ONSET_LEAK = 0.05;
    /** The soft-short leak doubles every this many cycles (*assumed*)… */
    static final double SOFT_SHORT_DOUBLING_CYCLES = 5.0;
    /** …up to this share of the test current (*assumed*). */
    static final double FULL_SOFT_SHORT_MAX_LEAK = 0.5;
    static final double SYMMETRIC_SOFT_SHORT_MAX_LEAK = 0.6;
    /** Micro-short events per hour of current at onset, their growth per cycle and cap (*assumed*). */
    static final double DIPS_PER_HOUR_AT_ONSET = 1.5;
    static final double DIPS_PER_HOUR_GROWTH_PER_CYCLE = 0.5;
    static final double DIPS_PER_HOUR_MAX = 6.0;
    /** A micro-short drop in a full cell: 20–80 mV (arXiv 2506.13394, 2505.14283 via DETECTION.md). */
    static final double DIP_MIN_V = 0.020;
    static final double DIP_MAX_V = 0.080;
    /** A dip in a Li//Li cell removes 30–70 % of the overpotential (*assumed*). */
    static final double SYMMETRIC_DIP_MIN_SHARE = 0.3;
    static final double SYMMETRIC_DIP_MAX_SHARE = 0.7;
    /** Drops recover with this time constant, s: 95 % within 3 samples at 10 s (*assumed*). */
    static final double DIP_RECOVERY_TIME_CONSTANT_S = 10.0;
    /** Voltage noise multiplier while a soft short flickers (*assumed*); a hard short adds none. */
    static final double SOFT_SHORT_NOISE_FACTOR = 2.0;

    /** Hard short forms at 30–70 % of the nominal charge time of its cycle (*assumed*). */
    static final double SHORT_ONSET_EARLIEST = 0.3;
    static final double SHORT_ONSET_SPREAD = 0.4;

    /** Runaway: initial self-heating rate, K/s (0.5 K/min), e-folding time, s, and cap, °C (*assumed*). */
    static final double RUNAWAY_INITIAL_RATE_K_PER_S = 0.5 / 60.0;
    static final double RUNAWAY_E_FOLDING_S = 300.0;
    static final double RUNAWAY_MAX_C = 500.0;
    /** Lithium melts at 180.5 °C: beyond this the separator is bridged (*assumed* threshold). */
    static final double MELTDOWN_C = 180.0;
    /** Leak of the meltdown short: 20 × test current at the reference voltage (*assumed*). */
    static final double MELTDOWN_LEAK = 20.0;

    /** Chamber controller overshoot time constant, s (*assumed*). */
    static final double CHAMBER_OVERSHOOT_TIME_CONSTANT_S = 300.0;
    /** A jumping thermocouple's spike: 8–40 K, either way (*assumed*; DETECTION.md's spike rule is > 5 K). */
    static final double SPIKE_MIN_K = 8.0;
    static final double SPIKE_MAX_K = 40.0;

    private final boolean symmetric;
    private final double testCurrentA;
    private final double referenceV;

    /**
     * @param symmetric    Li//Li (true) or Li//LFP (false)
     * @param testCurrentA the protocol's current magnitude
     * @param referenceV   the LFP plateau (full cell) or the cycle-1 overpotential (Li//Li)
     */
    FaultPhysics(boolean symmetric, double testCurrentA, double referenceV) {
        this.symmetric = symmetric;
        this.testCurrentA = testCurrentA;
        this.referenceV = referenceV;
    }

    double hardShortConductanceS() {
        return leakConductance(symmetric ? SYMMETRIC_HARD_SHORT_LEAK : FULL_HARD_SHORT_LEAK);
    }

    double meltdownConductanceS() {
        return leakConductance(MELTDOWN_LEAK * (symmetric ? 5 : 1));
    }

    /** Soft-short leak in {@code cycle}, 0 before onset. */
    double softShortConductanceS(Fault.SoftShort f, int cycle) {
        if (cycle < f.onsetCycle()) {
            return 0.0;
        }
        double onset = symmetric ? SYMMETRIC_SOFT_SHORT_ONSET_LEAK : FULL_SOFT_SHORT_ONSET_LEAK;
        double max = symmetric ? SYMMETRIC_SOFT_SHORT_MAX_LEAK : FULL_SOFT_SHORT_MAX_LEAK;
        double leak = onset * Math.pow(2, (cycle - f.onsetCycle()) / SOFT_SHORT_DOUBLING_CYCLES);
        return leakConductance(Math.min(max, leak));
    }

    /** Micro-short events per hour of current in {@code cycle}, 0 before onset. */
    static double dipsPerHour(Fault.SoftShort f, int cycle) {
        if (cycle < f.onsetCycle()) {
            return 0.0;
        }
        return Math.min(DIPS_PER_HOUR_MAX,
                DIPS_PER_HOUR_AT_ONSET + DIPS_PER_HOUR_GROWTH_PER_CYCLE * (cycle - f.onsetCycle()));
    }

    /**
     * A new micro-short drop, volts, signed to pull the voltage toward 0: 20–80 mV in a full cell, a
     * 30–70 % share of the present voltage in a Li//Li cell.
     */
    double dipV(double presentV, SplittableRandom random) {
        if (symmetric) {
            return -presentV * random.nextDouble(SYMMETRIC_DIP_MIN_SHARE, SYMMETRIC_DIP_MAX_SHARE);
        }
        return -random.nextDouble(DIP_MIN_V, DIP_MAX_V);
    }

    /** Seconds into the charge (or positive half-cycle) step of its cycle at which a hard short forms. */
    static double hardShortOnsetS(Fault.HardShort f, long seed, double nominalStepS) {
        // Its own generator per (seed, cycle): injecting the fault does not disturb any other stream.
        double u = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + f.cycle()).nextDouble();
        return (SHORT_ONSET_EARLIEST + SHORT_ONSET_SPREAD * u) * nominalStepS;
    }

    /** Temperature the runaway adds to the cell at {@code timeS}, K (0 before it starts). */
    static double runawayRiseK(Fault.ThermalRunaway f, double timeS, double chamberC) {
        double since = timeS - f.startTimeS();
        if (since <= 0) {
            return 0.0;
        }
        double rise = RUNAWAY_INITIAL_RATE_K_PER_S * RUNAWAY_E_FOLDING_S * Math.expm1(since / RUNAWAY_E_FOLDING_S);
        return Math.min(rise, Math.max(0.0, RUNAWAY_MAX_C - chamberC));
    }

    /** Chamber overshoot at {@code timeS}, K (0 before it starts). */
    static double chamberOffsetK(Fault.ChamberOverTemperature f, double timeS) {
        double since = timeS - f.startTimeS();
        if (since <= 0) {
            return 0.0;
        }
        return f.offsetK() * -Math.expm1(-since / CHAMBER_OVERSHOOT_TIME_CONSTANT_S);
    }

    /** A thermocouple spike, K, up or down. */
    static double spikeK(SplittableRandom random) {
        double size = random.nextDouble(SPIKE_MIN_K, SPIKE_MAX_K);
        return random.nextBoolean() ? size : -size;
    }

    private double leakConductance(double leakShareOfTestCurrent) {
        return leakShareOfTestCurrent * testCurrentA / referenceV;
    }
}
