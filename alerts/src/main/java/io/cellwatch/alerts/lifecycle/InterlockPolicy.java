package io.cellwatch.alerts.lifecycle;

import io.cellwatch.telemetry.FindingType;
import io.cellwatch.telemetry.Severity;

import java.util.Map;
import java.util.Set;

/**
 * When an alert pauses its channel on the cycler.
 *
 * <p>Default: <b>enabled</b> in every lab, for HARD_SHORT and THERMAL cell alerts at CRITICAL.
 * Pausing is reversible (a person resumes the channel) and not pausing may not be: a hard-shorted
 * Li-metal cell in a 100 °C chamber heats toward lithium's 180 °C melting point faster than a
 * night-time page is answered. Labs that want a person to decide opt out by name
 * ({@link #withLab(String, boolean)}); the opt-out is explicit and visible in configuration, while
 * an opt-in default would leave a new lab unprotected without anyone deciding so.
 *
 * <p>SOFT_SHORT is not interlocked: its critical level (CE under 0.90, a leak over 0.05 C) develops
 * over cycles and is a judgement about the cell's future, not an emergency. Chamber-scope alerts
 * are not interlocked either: they name no channel.
 *
 * @param enabledByDefault labs not named in {@code labs} follow this
 * @param labs             lab id → enabled, overriding the default
 * @param types            the finding types that may pause a channel
 * @param atSeverity       the severity at which they do
 */
public record InterlockPolicy(boolean enabledByDefault, Map<String, Boolean> labs, Set<FindingType> types,
                              Severity atSeverity) {

    public InterlockPolicy {
        labs = labs == null ? Map.of() : Map.copyOf(labs);
        types = types == null ? Set.of() : Set.copyOf(types);
        if (atSeverity == null) {
            throw new IllegalArgumentException("atSeverity is required");
        }
    }

    public static InterlockPolicy defaults() {
        return new InterlockPolicy(true, Map.of(), Set.of(FindingType.HARD_SHORT, FindingType.THERMAL), Severity.CRITICAL);
    }

    /** Interlock off everywhere, for labs where only people pause channels. */
    public static InterlockPolicy disabled() {
        return new InterlockPolicy(false, Map.of(), defaults().types(), Severity.CRITICAL);
    }

    /** The same policy with {@code lab} switched on or off. */
    public InterlockPolicy withLab(String lab, boolean enabled) {
        Map<String, Boolean> merged = new java.util.HashMap<>(labs);
        merged.put(lab, enabled);
        return new InterlockPolicy(enabledByDefault, merged, types, atSeverity);
    }

    public boolean enabledFor(String lab) {
        return lab == null ? enabledByDefault : labs.getOrDefault(lab, enabledByDefault);
    }

    /** True when a cell alert of this type and severity in this lab must pause its channel. */
    public boolean pauses(String lab, FindingType type, Severity severity) {
        return enabledFor(lab) && types.contains(type) && severity.compareTo(atSeverity) >= 0;
    }
}
