package io.cellwatch.edge.reader;

/**
 * The sign rules that turn vendor currents into cellwatch's convention (positive on charge), kept
 * together so each reader applies exactly one of them.
 */
final class SignRules {

    private SignRules() {
    }

    /**
     * Maccor: {@code Amps} is unsigned in some exports ({@code maccor_001.txt}) and negative on
     * discharge in others ({@code xTESLADIAG}); the {@code State} letter is the one reliable
     * direction, so the magnitude takes the state's sign. Without a direction (rest, other) the value
     * is kept as reported: it is normally zero, and inventing a sign would hide it if it is not.
     */
    static double maccorCurrent(double amps, StepKind state) {
        if (state == StepKind.CHARGE) {
            return Math.abs(amps);
        }
        if (state == StepKind.DISCHARGE) {
            return noNegativeZero(-Math.abs(amps));
        }
        return amps;
    }

    /** A signed current in a file whose convention is {@code fileSign}, as positive on charge. */
    static double positiveOnCharge(double current, CurrentSign fileSign) {
        if (fileSign == CurrentSign.AUTO) {
            throw new IllegalArgumentException("the file's current sign must be decided before reading rows");
        }
        return fileSign == CurrentSign.POSITIVE_ON_DISCHARGE ? noNegativeZero(-current) : current;
    }

    /** Flipping 0.0 gives -0.0, which prints as "-0.0" downstream and fails equality with 0.0. */
    private static double noNegativeZero(double v) {
        return v + 0.0;
    }

    /**
     * Counts, over rows with non-zero current in a charge or discharge step, whether the current's sign
     * agrees with positive-on-charge. The file's convention is the majority; a file whose labels never
     * meet a current keeps the default (the vendor's or the spec's convention).
     */
    static final class Vote {
        private long agree;
        private long disagree;

        void add(StepKind kind, double current) {
            if (current == 0.0 || kind == null) {
                return;
            }
            if (kind == StepKind.CHARGE) {
                if (current > 0) {
                    agree++;
                } else {
                    disagree++;
                }
            } else if (kind == StepKind.DISCHARGE) {
                if (current < 0) {
                    agree++;
                } else {
                    disagree++;
                }
            }
        }

        long decisiveRows() {
            return agree + disagree;
        }

        long agreeing() {
            return agree;
        }

        long disagreeing() {
            return disagree;
        }

        CurrentSign decide(CurrentSign whenUndecided) {
            if (agree == disagree) {
                return whenUndecided;
            }
            return agree > disagree ? CurrentSign.POSITIVE_ON_CHARGE : CurrentSign.POSITIVE_ON_DISCHARGE;
        }
    }
}
