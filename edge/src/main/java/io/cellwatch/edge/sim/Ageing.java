package io.cellwatch.edge.sim;

/**
 * How a cell changes from cycle to cycle: capacity retention and a resistance factor, both as
 * functions of the 1-based cycle number n.
 *
 * <pre>
 * retention(n)         = 1 − fadePerCycle·(n−1) − fadeAfterKnee·max(0, n−knee)²
 * resistanceFactor(n)  = 1 + earlyGrowth·(1 − e^(−(n−1)/earlyCycles))
 *                          + growthPerCycle·(n−1) + growthAfterKnee·max(0, n−knee)²
 * </pre>
 * The quadratic terms give the accelerating "knee" of a cell whose interface gives way (ZIF-8 after
 * ≈ 50 cycles); the early term gives SEI growth that settles within ~10 cycles (GF + LE at RT).
 */
record Ageing(double fadePerCycle, double kneeCycle, double fadeAfterKnee,
              double growthPerCycle, double growthAfterKnee, double earlyGrowth, double earlyCycles) {

    static final Ageing NONE = new Ageing(0, Double.POSITIVE_INFINITY, 0, 0, 0, 0, 1);

    /** Linear fade from 1 to {@code retentionAtCycle} at cycle {@code cycle}; resistance flat. */
    static Ageing linearFade(double retentionAtCycle, int cycle) {
        return new Ageing((1 - retentionAtCycle) / (cycle - 1), Double.POSITIVE_INFINITY, 0, 0, 0, 0, 1);
    }

    Ageing withResistanceGrowth(double perCycle) {
        return new Ageing(fadePerCycle, kneeCycle, fadeAfterKnee, perCycle, growthAfterKnee, earlyGrowth, earlyCycles);
    }

    Ageing withEarlyResistanceGrowth(double growth, double cycles) {
        return new Ageing(fadePerCycle, kneeCycle, fadeAfterKnee, growthPerCycle, growthAfterKnee, growth, cycles);
    }

    Ageing withKnee(double cycle, double fadeAfter, double growthAfter) {
        return new Ageing(fadePerCycle, cycle, fadeAfter, growthPerCycle, growthAfter, earlyGrowth, earlyCycles);
    }

    double retention(int cycle) {
        double n = cycle - 1;
        double pastKnee = Math.max(0, cycle - kneeCycle);
        return Math.max(0.05, 1 - fadePerCycle * n - fadeAfterKnee * pastKnee * pastKnee);
    }

    double resistanceFactor(int cycle) {
        double n = cycle - 1;
        double pastKnee = Math.max(0, cycle - kneeCycle);
        return 1 + earlyGrowth * (1 - Math.exp(-n / earlyCycles)) + growthPerCycle * n
                + growthAfterKnee * pastKnee * pastKnee;
    }
}
