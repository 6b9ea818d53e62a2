package io.cellwatch.edge.reader;

/** Which direction of current a file writes as positive. */
public enum CurrentSign {
    /** Let the reader decide from the file (step type labels) or the vendor's documented convention. */
    AUTO,
    /** Positive while charging: Arbin, Neware, the Battery Data Format spec, and cellwatch's {@code Sample}. */
    POSITIVE_ON_CHARGE,
    /** Positive while discharging: e.g. the BattMo simulation export in BDF style. */
    POSITIVE_ON_DISCHARGE
}
