package io.cellwatch.alerts.lifecycle;

import io.cellwatch.telemetry.Alert;
import io.cellwatch.telemetry.Mute;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every alert of one lab and chamber, with the mutes that apply there: the unit of state of the
 * alerts service. Chamber alerts inhibit the cell alerts of their own chamber, so keeping a
 * chamber's alerts together makes inhibition a local decision (one state-store entry, one task).
 *
 * @param group    {@code lab/chamber} ({@code -} for a part the registry does not know)
 * @param alerts   pending and active conditions by alert key, in the order they were first seen
 * @param resolved resolved episodes still waiting for their interlock command's ack, by alert id
 * @param mutes    mutes not yet expired
 */
public record AlertBook(String group, Map<String, AlertState> alerts, Map<String, AlertState> resolved,
                        List<Mute> mutes) {

    /** Stands in for a lab or chamber the registry does not know. */
    public static final String UNKNOWN = "-";

    public AlertBook {
        // Insertion-ordered copies: emission order and the stored JSON stay deterministic.
        alerts = alerts == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(alerts));
        resolved = resolved == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(resolved));
        mutes = mutes == null ? List.of() : List.copyOf(mutes);
    }

    public static AlertBook empty(String group) {
        return new AlertBook(group, Map.of(), Map.of(), List.of());
    }

    /** The group (and state-store key) of a lab and chamber. */
    public static String groupKey(String lab, String chamber) {
        return (lab == null ? UNKNOWN : lab) + "/" + (chamber == null ? UNKNOWN : chamber);
    }

    /** The alerts a person would see now (active, including muted and inhibited ones), in wire form. */
    public List<Alert> activeAlerts() {
        List<Alert> out = new ArrayList<>();
        for (AlertState s : alerts.values()) {
            if (s.isActive()) {
                out.add(s.toAlert());
            }
        }
        return out;
    }

    /** True when the book holds nothing worth keeping, so the store entry can be deleted. */
    public boolean isEmpty() {
        return alerts.isEmpty() && resolved.isEmpty() && mutes.isEmpty();
    }
}
