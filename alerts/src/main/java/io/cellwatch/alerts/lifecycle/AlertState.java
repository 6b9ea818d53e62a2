package io.cellwatch.alerts.lifecycle;

import io.cellwatch.telemetry.Alert;
import io.cellwatch.telemetry.Command;
import io.cellwatch.telemetry.Finding;
import io.cellwatch.telemetry.FindingType;
import io.cellwatch.telemetry.Severity;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One condition (cell or chamber, finding type) as the lifecycle tracks it: while debouncing
 * ({@link Phase#PENDING}), while active, and briefly after resolution. Kept in a state store, so it
 * is a plain record; {@link #toAlert()} gives the wire view.
 *
 * <p>Two clocks: {@code *AtS} fields from findings are event time (the cycler's sample time);
 * {@code lastSeenAtS} is the wall-clock time the latest finding arrived, which is what the quiet
 * period is measured against (a replayed old finding must not count as silence).
 *
 * @param alertKey       {@code cellId/type} or {@code lab/chamber/type}
 * @param alertId        null while pending; {@code alertKey/openedAtMillis} once open
 * @param phase          pending, active or resolved
 * @param escalated      severity rose after opening
 * @param pendingSinceS  event time of the first finding of the debounce
 * @param lastSeenAtS    wall clock of the latest finding's arrival
 * @param mutedUntilS    expiry of the mute covering it, null when not muted (derived from the book's mutes)
 * @param inhibitedBy    alert id of the chamber alert explaining it, null when none (derived)
 * @param raisedBy       the detectors whose latest finding about it is not a clear, sorted. Two rules can
 *                       report one condition (a soft short seen in the cell's own noise and against its
 *                       siblings): one rule's clear must not resolve what the other still sees. Null in a
 *                       state stored before this field: then {@code detector} alone
 */
public record AlertState(
        String alertKey,
        String alertId,
        Phase phase,
        boolean escalated,
        FindingType type,
        Severity severity,
        Finding.Scope scope,
        String cellId,
        String lab,
        String chamber,
        String channel,
        Integer cycle,
        String detector,
        Double pendingSinceS,
        Double openedAtS,
        Double updatedAtS,
        Double resolvedAtS,
        double lastSeenAtS,
        String summary,
        Map<String, Double> evidence,
        int findingCount,
        Double mutedUntilS,
        String inhibitedBy,
        String commandId,
        Command.Action commandAction,
        Double commandIssuedAtS,
        Double commandAckedAtS,
        Boolean commandDone,
        String commandRefusal,
        List<String> raisedBy) {

    public enum Phase { PENDING, ACTIVE, RESOLVED }

    public AlertState {
        evidence = evidence == null ? Map.of() : Map.copyOf(evidence);
        raisedBy = raisedBy != null ? List.copyOf(new TreeSet<>(raisedBy))
                : detector != null ? List.of(detector) : List.of();
    }

    /** The alert key of a finding: what one alert is about. */
    public static String keyOf(Finding f) {
        String subject = f.scope() == Finding.Scope.CHAMBER ? AlertBook.groupKey(f.lab(), f.chamber()) : f.cellId();
        return subject + "/" + f.type().wireName();
    }

    /** A condition seen for the first time: pending until the debounce opens it. */
    static AlertState pending(Finding f, String channel, double eventS, double nowS) {
        return new AlertState(keyOf(f), null, Phase.PENDING, false, f.type(), f.severity(), f.scope(), f.cellId(),
                f.lab(), f.chamber(), channel, f.cycle(), f.detector(), eventS, null, eventS, null, nowS,
                f.summary(), f.evidence(), 1, null, null, null, null, null, null, null, null, raisedBy(f));
    }

    /** The detectors that raised it, with the one of {@code f} added or (for a clear) taken out. */
    List<String> raisedByAfter(Finding f) {
        TreeSet<String> by = new TreeSet<>(raisedBy);
        if (f.cleared()) {
            by.remove(detectorOf(f));
        } else {
            by.add(detectorOf(f));
        }
        return List.copyOf(by);
    }

    private static List<String> raisedBy(Finding f) {
        return f.cleared() ? List.of() : List.of(detectorOf(f));
    }

    /** A finding without a detector name counts as one anonymous detector. */
    private static String detectorOf(Finding f) {
        return f.detector() != null ? f.detector() : "";
    }

    public boolean isPending() {
        return phase == Phase.PENDING;
    }

    public boolean isActive() {
        return phase == Phase.ACTIVE;
    }

    public boolean isResolved() {
        return phase == Phase.RESOLVED;
    }

    /** The wire view; null while pending (a pending condition is not an alert yet). */
    public Alert toAlert() {
        if (isPending()) {
            return null;
        }
        return new Alert(alertId, alertKey, wireState(), type, severity, scope, cellId, lab, chamber, channel, cycle,
                detector, openedAtS, updatedAtS, resolvedAtS, summary, evidence, findingCount, inhibitedBy,
                mutedUntilS, commandId, commandAction, commandIssuedAtS, commandAckedAtS, commandDone, commandRefusal);
    }

    /** Muted wins over inhibited: a person's explicit decision is the more useful thing to show. */
    Alert.State wireState() {
        if (isResolved()) {
            return Alert.State.RESOLVED;
        }
        if (mutedUntilS != null) {
            return Alert.State.MUTED;
        }
        if (inhibitedBy != null) {
            return Alert.State.INHIBITED;
        }
        return escalated ? Alert.State.ESCALATED : Alert.State.OPEN;
    }

    Builder toBuilder() {
        return new Builder(this);
    }

    /** Field-by-field copy for the lifecycle's state changes; records have no withers. */
    static final class Builder {
        String alertId;
        Phase phase;
        boolean escalated;
        Severity severity;
        String lab;
        String chamber;
        String channel;
        Integer cycle;
        String detector;
        Double openedAtS;
        Double updatedAtS;
        Double resolvedAtS;
        double lastSeenAtS;
        String summary;
        Map<String, Double> evidence;
        int findingCount;
        Double mutedUntilS;
        String inhibitedBy;
        String commandId;
        Command.Action commandAction;
        Double commandIssuedAtS;
        Double commandAckedAtS;
        Boolean commandDone;
        String commandRefusal;
        List<String> raisedBy;
        private final AlertState from;

        private Builder(AlertState s) {
            from = s;
            alertId = s.alertId;
            phase = s.phase;
            escalated = s.escalated;
            severity = s.severity;
            lab = s.lab;
            chamber = s.chamber;
            channel = s.channel;
            cycle = s.cycle;
            detector = s.detector;
            openedAtS = s.openedAtS;
            updatedAtS = s.updatedAtS;
            resolvedAtS = s.resolvedAtS;
            lastSeenAtS = s.lastSeenAtS;
            summary = s.summary;
            evidence = s.evidence;
            findingCount = s.findingCount;
            mutedUntilS = s.mutedUntilS;
            inhibitedBy = s.inhibitedBy;
            commandId = s.commandId;
            commandAction = s.commandAction;
            commandIssuedAtS = s.commandIssuedAtS;
            commandAckedAtS = s.commandAckedAtS;
            commandDone = s.commandDone;
            commandRefusal = s.commandRefusal;
            raisedBy = s.raisedBy;
        }

        AlertState build() {
            return new AlertState(from.alertKey, alertId, phase, escalated, from.type, severity, from.scope, from.cellId,
                    lab, chamber, channel, cycle, detector, from.pendingSinceS, openedAtS, updatedAtS, resolvedAtS,
                    lastSeenAtS, summary, evidence, findingCount, mutedUntilS, inhibitedBy, commandId, commandAction,
                    commandIssuedAtS, commandAckedAtS, commandDone, commandRefusal, raisedBy);
        }
    }
}
