package io.cellwatch.edge.reader;

import java.util.Locale;

/** What a cycler step does to the cell, as far as its step type or state label says. */
public enum StepKind {
    CHARGE,
    DISCHARGE,
    REST,
    /** A label that is none of the above (pulse, impedance, end, a vendor code nobody mapped). */
    OTHER;

    /**
     * Kind of a step-type label such as Neware's {@code CC_DChg}, BDF's {@code discharge}, or the
     * Chinese labels of Neware exports ({@code 恒流放电}); null for a blank label.
     * Discharge is checked first because "discharge" contains "charge".
     */
    public static StepKind ofLabel(String label) {
        if (label == null || label.isBlank()) {
            return null;
        }
        String s = label.strip().toLowerCase(Locale.ROOT);
        if (s.contains("dchg") || s.contains("dischg") || s.contains("discharg") || s.contains("放电")) {
            return DISCHARGE;
        }
        if (s.contains("chg") || s.contains("charg") || s.contains("充电")) {
            return CHARGE;
        }
        if (s.contains("rest") || s.contains("idle") || s.contains("pause") || s.equals("ocv")
                || s.contains("搁置") || s.contains("静置")) {
            return REST;
        }
        return OTHER;
    }

    /** Kind of a Maccor {@code State} letter: C charge, D discharge, R rest, anything else (O, S, ...) other. */
    public static StepKind ofMaccorState(String state) {
        if (state == null || state.isBlank()) {
            return null;
        }
        return switch (state.strip().toUpperCase(Locale.ROOT)) {
            case "C" -> CHARGE;
            case "D" -> DISCHARGE;
            case "R" -> REST;
            default -> OTHER;
        };
    }
}
