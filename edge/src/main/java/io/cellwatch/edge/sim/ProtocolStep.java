package io.cellwatch.edge.sim;

/**
 * The steps of the simulated cycler program. {@link #index} is what goes into
 * {@link io.cellwatch.telemetry.Sample#stepIndex()} (the cycler's step number within its program,
 * Neware-style, so charge is step 1 in every cycle).
 */
enum ProtocolStep {
    /** Full cell: constant-current charge to the upper cut-off. */
    CHARGE(1, 1),
    REST_AFTER_CHARGE(2, 0),
    /** Full cell: constant-current discharge to the lower cut-off. */
    DISCHARGE(3, -1),
    REST_AFTER_DISCHARGE(4, 0),
    /** Symmetric cell: positive current for one half-cycle. */
    POSITIVE_HALF(1, 1),
    /** Symmetric cell: negative current for one half-cycle. */
    NEGATIVE_HALF(2, -1);

    final int index;
    /** +1 charge / positive current, −1 discharge / negative, 0 rest. */
    final int currentSign;

    ProtocolStep(int index, int currentSign) {
        this.index = index;
        this.currentSign = currentSign;
    }

    boolean isRest() {
        return currentSign == 0;
    }

    /** The step a new cycle starts with; the cycle counter advances when it begins. */
    boolean startsCycle() {
        return this == CHARGE || this == POSITIVE_HALF;
    }

    /** The step after this one; rests are skipped when the protocol has none. */
    ProtocolStep next(boolean withRests) {
        return switch (this) {
            case CHARGE -> withRests ? REST_AFTER_CHARGE : DISCHARGE;
            case REST_AFTER_CHARGE -> DISCHARGE;
            case DISCHARGE -> withRests ? REST_AFTER_DISCHARGE : CHARGE;
            case REST_AFTER_DISCHARGE -> CHARGE;
            case POSITIVE_HALF -> NEGATIVE_HALF;
            case NEGATIVE_HALF -> POSITIVE_HALF;
        };
    }
}
