package io.cellwatch.telemetry;

import java.util.Locale;
import java.util.Map;

/**
 * One alert lifecycle event on {@code cellwatch.alerts.v1}: the whole current picture of an alert
 * episode each time its state, severity, muting, inhibition or interlock command changes, so a
 * consumer (on-call tooling, an Alertmanager-like router) never has to merge events.
 *
 * <p>Times ending in {@code _s} are Unix seconds. {@code opened_at_s} and {@code updated_at_s} are
 * the cycler's event time of the findings; {@code resolved_at_s} is the cleared finding's time, or
 * the wall-clock time when the alert resolved after its quiet period.
 *
 * @param alertId          stable id of this episode: {@code alertKey/openedAtMillis}; a new episode
 *                         of the same condition on the same cell gets a new id
 * @param alertKey         what the alert is about: {@code cellId/type} or {@code lab/chamber/type};
 *                         the record key on the alerts topic (so compaction keeps the latest per condition)
 * @param state            where the episode is; only {@code open} and {@code escalated} page
 * @param type             what was found
 * @param severity         the highest severity seen in this episode (alerts latch, they do not de-escalate)
 * @param scope            cell or chamber
 * @param cellId           the cell, null for a chamber alert
 * @param lab              lab id, when known
 * @param chamber          chamber id, when known
 * @param channel          cycler channel, when the cell registry knows it
 * @param cycle            the cell's cycle index at the latest finding, if any
 * @param detector         the detector of the latest finding
 * @param openedAtS        event time of the finding that opened the alert
 * @param updatedAtS       event time of the latest finding folded into the alert
 * @param resolvedAtS      when it resolved, null while active
 * @param summary          the latest finding's sentence for a person on call
 * @param evidence         the latest finding's evidence, by name with units in the names
 * @param findingCount     how many findings this episode has folded in (debounce included)
 * @param inhibitedBy      alert id of the chamber alert that explains this cell alert, while it does
 * @param mutedUntilS      the mute's expiry while the alert is muted
 * @param commandId        the interlock command issued for this episode, if any
 * @param commandAction    what that command asked (pause)
 * @param commandIssuedAtS when it was issued
 * @param commandAckedAtS  when the edge answered it (the edge's clock), null until then
 * @param commandDone      the edge's answer: true carried out, false refused; null until answered
 * @param commandRefusal   the edge's (or relay's) reason when it refused: the channel is NOT paused
 */
public record Alert(
        String alertId,
        String alertKey,
        State state,
        FindingType type,
        Severity severity,
        Finding.Scope scope,
        String cellId,
        String lab,
        String chamber,
        String channel,
        Integer cycle,
        String detector,
        Double openedAtS,
        Double updatedAtS,
        Double resolvedAtS,
        String summary,
        Map<String, Double> evidence,
        Integer findingCount,
        String inhibitedBy,
        Double mutedUntilS,
        String commandId,
        Command.Action commandAction,
        Double commandIssuedAtS,
        Double commandAckedAtS,
        Boolean commandDone,
        String commandRefusal) {

    public enum State {
        /** active and paging */
        OPEN,
        /** active and paging, severity rose since it opened */
        ESCALATED,
        /** over: a cleared finding, or no finding for the quiet period */
        RESOLVED,
        /** active, recorded, but a person muted it: does not page */
        MUTED,
        /** active, recorded, but an open chamber alert explains it: does not page */
        INHIBITED;

        @com.fasterxml.jackson.annotation.JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Alert {
        evidence = evidence == null ? Map.of() : Map.copyOf(evidence);
    }

    /** True when a person should be paged for it: open or escalated (not muted, inhibited or resolved). */
    public boolean paging() {
        return state == State.OPEN || state == State.ESCALATED;
    }
}
