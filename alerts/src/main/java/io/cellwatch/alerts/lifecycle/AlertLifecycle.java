package io.cellwatch.alerts.lifecycle;

import io.cellwatch.telemetry.Alert;
import io.cellwatch.telemetry.Command;
import io.cellwatch.telemetry.Finding;
import io.cellwatch.telemetry.FindingType;
import io.cellwatch.telemetry.Mute;
import io.cellwatch.telemetry.Severity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The alert state machine, as a pure function of one chamber's {@link AlertBook} and one input:
 * a finding, a command acknowledgement, a mute, or a wall-clock tick. No Kafka types: the same
 * code runs in the topology, in replay and in the tests.
 *
 * <pre>
 *  finding ≥ minimum ─► PENDING ─(N findings, or 2 over the hold time, or CRITICAL)─► OPEN
 *  OPEN ─(higher severity)─► ESCALATED            (alerts latch: they never de-escalate)
 *  OPEN/ESCALATED ─(mute)─► MUTED ─(mute expires)─► back;  ─(chamber alert explains it, or for a warning
 *                                                           a critical of its cell, or for a soft short
 *                                                           its cell's hard short)─► INHIBITED ─► back
 *  any active ─(cleared finding, or no finding for the quiet period)─► RESOLVED
 *  active cell alert of an interlock type at its severity ─► one PAUSE command per episode
 * </pre>
 *
 * An alert is published when what a person or a router acts on changes: state, severity, mute,
 * inhibition, command issued or acknowledged. Repeated findings are folded in silently (count,
 * latest evidence): DETECTION.md's "latch per (cell, rule), re-emit only on escalation".
 *
 * <p>Time: alert times come from the findings (event time); the quiet period, mute expiry and the
 * ack wait use {@code nowS}, the wall clock the caller passes in (replay passes event time).
 */
public final class AlertLifecycle {

    private final AlertPolicy policy;
    private final InterlockPolicy interlock;

    public AlertLifecycle(AlertPolicy policy, InterlockPolicy interlock) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.interlock = Objects.requireNonNull(interlock, "interlock");
    }

    public AlertPolicy policy() {
        return policy;
    }

    public InterlockPolicy interlock() {
        return interlock;
    }

    public AlertStep onFinding(AlertBook book, Finding finding, double nowS) {
        return onFinding(book, finding, null, nowS);
    }

    /**
     * Folds one finding into the book.
     *
     * @param channel the cell's cycler channel from the registry, if known (for the alert and the pause command)
     */
    public AlertStep onFinding(AlertBook book, Finding finding, String channel, double nowS) {
        Work w = new Work(book, nowS);
        double t = finding.timeS() != null ? finding.timeS() : nowS;
        String key = AlertState.keyOf(finding);
        AlertState current = w.alerts.get(key);
        if (finding.cleared()) {
            List<String> stillRaising = current == null ? List.of() : current.raisedByAfter(finding);
            if (current != null && !stillRaising.isEmpty()) {
                // another rule still sees the condition: this one's clear is noted, the alert stays
                AlertState.Builder b = current.toBuilder();
                b.raisedBy = stillRaising;
                w.alerts.put(key, b.build());
            } else if (current != null && current.isPending()) {
                w.alerts.remove(key);
            } else if (current != null) {
                w.resolve(current, t);
            }
        } else if (finding.severity() != null && finding.severity().compareTo(policy.minimumSeverity()) >= 0) {
            AlertState next = current == null
                    ? AlertState.pending(finding, channel, t, nowS)
                    : fold(current, finding, channel, t, nowS);
            if (next.isPending() && opensNow(next, t)) {
                next = open(next, t);
            }
            w.alerts.put(key, next);
        }
        return w.finish();
    }

    /**
     * Records the answer to an interlock command on its alert: carried out ({@code ack} true) or
     * refused ({@code ack} false, the reason in {@code reason}: the channel is not paused and a
     * person must act). Requests (no {@code ack}) are ignored, and so is a second answer.
     */
    public AlertStep onCommand(AlertBook book, Command command, double nowS) {
        Work w = new Work(book, nowS);
        if (command.isAcknowledgement() && command.commandId() != null) {
            w.alerts.replaceAll((k, s) -> answered(s, command, nowS));
            w.resolved.replaceAll((k, s) -> answered(s, command, nowS));
        }
        return w.finish();
    }

    /**
     * Applies a mute: it replaces any mute for the same target, and one already expired at
     * {@code nowS} lifts it (unmute). Alerts it covers become {@code muted} now and whenever they open
     * until it expires.
     */
    public AlertStep mute(AlertBook book, Mute mute, double nowS) {
        Work w = new Work(book, nowS);
        w.mutes.removeIf(m -> m.sameTarget(mute));
        if (mute.untilS() > nowS) {
            w.mutes.add(mute);
        }
        return w.finish();
    }

    /** Wall-clock housekeeping: quiet-period resolution, pending debounces forgotten, mutes expired. */
    public AlertStep tick(AlertBook book, double nowS) {
        Work w = new Work(book, nowS);
        for (AlertState s : List.copyOf(w.alerts.values())) {
            if (nowS - s.lastSeenAtS() >= policy.quietPeriodOf(s.type()).toMillis() / 1000.0) {
                if (s.isPending()) {
                    w.alerts.remove(s.alertKey());
                } else {
                    w.resolve(s, nowS);
                }
            }
        }
        return w.finish();
    }

    private boolean opensNow(AlertState pending, double t) {
        return pending.severity() == Severity.CRITICAL // a shorted cell at 100 °C must not wait
                || pending.findingCount() >= policy.openAfterFindings()
                || (pending.findingCount() >= 2
                && t - pending.pendingSinceS() >= policy.openAfterHold().toMillis() / 1000.0);
    }

    private static AlertState open(AlertState pending, double t) {
        AlertState.Builder b = pending.toBuilder();
        b.phase = AlertState.Phase.ACTIVE;
        b.alertId = pending.alertKey() + "/" + Math.round(t * 1000);
        b.openedAtS = t;
        return b.build();
    }

    /** A repeat of a known condition: count it, keep the latest evidence, raise the severity if it rose. */
    private static AlertState fold(AlertState s, Finding f, String channel, double t, double nowS) {
        AlertState.Builder b = s.toBuilder();
        b.findingCount = s.findingCount() + 1;
        b.raisedBy = s.raisedByAfter(f);
        b.lastSeenAtS = Math.max(s.lastSeenAtS(), nowS);
        if (s.updatedAtS() == null || t >= s.updatedAtS()) { // a late, older finding counts but does not overwrite
            b.updatedAtS = t;
            b.summary = f.summary();
            b.evidence = f.evidence();
            b.cycle = f.cycle() != null ? f.cycle() : s.cycle();
            b.detector = f.detector();
        }
        b.lab = s.lab() != null ? s.lab() : f.lab();
        b.chamber = s.chamber() != null ? s.chamber() : f.chamber();
        b.channel = s.channel() != null ? s.channel() : channel;
        if (f.severity().compareTo(s.severity()) > 0) {
            b.severity = f.severity();
            b.escalated = s.isActive();
        }
        return b.build();
    }

    private static AlertState answered(AlertState s, Command answer, double nowS) {
        if (!answer.commandId().equals(s.commandId()) || s.commandDone() != null) {
            return s;
        }
        AlertState.Builder b = s.toBuilder();
        b.commandAckedAtS = answer.ackedAtS() != null ? answer.ackedAtS() : nowS;
        b.commandDone = answer.isAck();
        b.commandRefusal = answer.isAck() ? null : (answer.reason() == null ? "refused, no reason given" : answer.reason());
        return b.build();
    }

    /** The fields that, when they change, make a transition worth publishing. */
    private record Significant(Alert.State state, Severity severity, String inhibitedBy, Double mutedUntilS,
                               String commandId, Double commandAckedAtS, Boolean commandDone, Double resolvedAtS) {
        static Significant of(Alert a) {
            return new Significant(a.state(), a.severity(), a.inhibitedBy(), a.mutedUntilS(), a.commandId(),
                    a.commandAckedAtS(), a.commandDone(), a.resolvedAtS());
        }
    }

    /** One step's mutable working copy of a book. */
    private final class Work {
        final String group;
        final double nowS;
        final Map<String, AlertState> alerts;
        final Map<String, AlertState> resolved;
        final List<Mute> mutes;
        final Map<String, Alert> before = new LinkedHashMap<>();
        final List<Command> commands = new ArrayList<>();

        Work(AlertBook book, double nowS) {
            this.group = book.group();
            this.nowS = nowS;
            this.alerts = new LinkedHashMap<>(book.alerts());
            this.resolved = new LinkedHashMap<>(book.resolved());
            this.mutes = new ArrayList<>(book.mutes());
            visible().forEach(s -> before.put(s.alertId(), s.toAlert()));
        }

        List<AlertState> visible() {
            List<AlertState> out = new ArrayList<>();
            alerts.values().stream().filter(s -> !s.isPending()).forEach(out::add);
            out.addAll(resolved.values());
            return out;
        }

        void resolve(AlertState s, double atS) {
            AlertState.Builder b = s.toBuilder();
            b.phase = AlertState.Phase.RESOLVED;
            b.resolvedAtS = atS;
            b.lastSeenAtS = nowS; // the ack wait runs from here
            b.mutedUntilS = null;
            b.inhibitedBy = null;
            alerts.remove(s.alertKey());
            resolved.put(s.alertId(), b.build());
        }

        AlertStep finish() {
            mutes.removeIf(m -> m.untilS() <= nowS);
            alerts.replaceAll((k, s) -> s.isActive() ? withCoverage(s) : s);
            alerts.replaceAll((k, s) -> s.isActive() ? withInterlock(s) : s);
            List<Alert> out = new ArrayList<>();
            for (AlertState s : visible()) {
                Alert now = s.toAlert();
                Alert was = before.get(s.alertId());
                if (was == null || !Significant.of(was).equals(Significant.of(now))) {
                    out.add(now);
                }
            }
            resolved.values().removeIf(s -> !awaitingAck(s));
            return new AlertStep(new AlertBook(group, alerts, resolved, mutes), out, commands);
        }

        /** Resolved episodes are kept only while their pause command may still be answered. */
        boolean awaitingAck(AlertState s) {
            return s.commandId() != null && s.commandDone() == null
                    && nowS - s.lastSeenAtS() < policy.ackWaitAfterResolve().toMillis() / 1000.0;
        }

        /** Mute and inhibition are derived from the book each step, so expiry and resolution undo them. */
        AlertState withCoverage(AlertState s) {
            Double mutedUntil = null;
            for (Mute m : mutes) {
                if (m.covers(s.type(), s.cellId(), s.lab(), s.chamber())
                        && (mutedUntil == null || m.untilS() > mutedUntil)) {
                    mutedUntil = m.untilS();
                }
            }
            String inhibitedBy = null;
            if (s.scope() == Finding.Scope.CELL) {
                for (AlertState c : alerts.values()) {
                    if (c.isActive() && explains(c, s)) {
                        inhibitedBy = c.alertId();
                        break;
                    }
                }
            }
            if (Objects.equals(mutedUntil, s.mutedUntilS()) && Objects.equals(inhibitedBy, s.inhibitedBy())) {
                return s;
            }
            AlertState.Builder b = s.toBuilder();
            b.mutedUntilS = mutedUntil;
            b.inhibitedBy = inhibitedBy;
            return b.build();
        }

        /**
         * An active chamber alert of a type that explains it; or, of the same cell, a critical alert for a warning
         * or a hard short for a soft short.
         */
        private boolean explains(AlertState by, AlertState cellAlert) {
            if (by.scope() == Finding.Scope.CHAMBER) {
                return policy.inhibits(by.type(), cellAlert.type());
            }
            if (by.scope() != Finding.Scope.CELL || by.cellId() == null || !by.cellId().equals(cellAlert.cellId())) {
                return false;
            }
            return policy.criticalInhibitsCellWarnings() && by.severity() == Severity.CRITICAL
                    && cellAlert.severity() == Severity.WARNING
                    || policy.hardShortInhibitsSoftShort() && by.type() == FindingType.HARD_SHORT
                    && cellAlert.type() == FindingType.SOFT_SHORT;
        }

        /** Mutes and inhibition silence people, not the interlock: a muted shorted cell is still paused. */
        AlertState withInterlock(AlertState s) {
            if (s.commandId() != null || s.scope() != Finding.Scope.CELL || s.cellId() == null
                    || !interlock.pauses(s.lab(), s.type(), s.severity())) {
                return s;
            }
            String commandId = s.alertId() + "/pause";
            String reason = "cellwatch interlock: " + s.severity().wireName() + " " + s.type().wireName()
                    + (s.summary() == null ? "" : ": " + s.summary());
            // No ack field at all: on the commands topic ack=false means "refused", and the relay only
            // forwards requests.
            commands.add(new Command(commandId, s.cellId(), Command.Action.PAUSE, reason, nowS, null, null,
                    s.lab(), s.chamber(), s.channel(), s.alertId()));
            AlertState.Builder b = s.toBuilder();
            b.commandId = commandId;
            b.commandAction = Command.Action.PAUSE;
            b.commandIssuedAtS = nowS;
            return b.build();
        }
    }
}
