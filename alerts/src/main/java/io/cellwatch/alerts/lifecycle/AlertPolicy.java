package io.cellwatch.alerts.lifecycle;

import io.cellwatch.telemetry.FindingType;
import io.cellwatch.telemetry.Severity;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * When findings become alerts and when alerts end. Defaults are suggestions with the reasoning
 * beside them ([D] in DETECTION.md terms): tune them on the simulator presets and real files.
 *
 * @param minimumSeverity    findings below this neither open nor refresh an alert. Default
 *                           WARNING: INFO findings are for dashboards (foxBMS's "operating limit"
 *                           level), not for people at night.
 * @param openAfterFindings  a WARNING opens on this many findings of one condition in a row.
 *                           Default 1: cellwatch's detectors debounce themselves (a leaky counter
 *                           over consecutive samples, or several cycles for per-cycle rules) and then
 *                           report a held condition once, again only when its severity changes or
 *                           every 30 min ({@code DetectionConfig.repeatEveryS}). Asking for a second
 *                           report here would hold every warning back by half an hour (found end to
 *                           end: a silent channel's stale warning never opened). Raise it for a
 *                           detector that reports every sample. CRITICAL never waits.
 * @param openAfterHold      ...or on a second report at least this long after the first. Default
 *                           60 s: per-cycle detectors (CE, fade) report once a cycle, so "seen on
 *                           two cycles" opens them (Lai 2020's 2-of-2 voting) without waiting for a
 *                           third cycle that may be a day away.
 * @param quietPeriod        an active alert with no finding for this long (wall clock) resolves,
 *                           and a pending one is forgotten. This is the hysteresis: detectors send
 *                           {@code cleared} when a condition ends (after their own hysteresis), so
 *                           silence is the backstop for a detector that stopped talking. Default
 *                           30 min: for per-sample detectors that is hundreds of missed reports,
 *                           and a flapping condition pages at most once per half hour (reopening
 *                           needs the debounce again).
 * @param quietPeriodByType  per-type overrides. Default 48 h for SOFT_SHORT, CAPACITY_FADE and
 *                           POLARIZATION_RISE: they are judged per cycle or half-cycle, and a C/10
 *                           cycle takes 20 h, so 48 h is two missed cycles, not one slow one.
 * @param ackWaitAfterResolve a resolved alert whose interlock command is not yet acknowledged is
 *                           kept this long, so a late ack is still recorded on it. Default 1 h:
 *                           an edge that was offline re-sends its acks when it reconnects.
 * @param inhibits           chamber-scope alert type → the cell-scope types it explains in the same
 *                           lab and chamber; while such a chamber alert is active (open, escalated
 *                           or muted) those cell alerts are recorded as {@code inhibited} and do not
 *                           page. Default: CHAMBER_TEMPERATURE (chamber off its setpoint) explains
 *                           cell THERMAL and CHAMBER_TEMPERATURE; a chamber-wide THERMAL (most cells
 *                           warming together) explains cell THERMAL; a chamber-wide STALE_CHANNEL
 *                           (cycler or edge agent silent) explains cell STALE_CHANNEL. Electrical
 *                           findings (shorts, sensor faults, fade) are never inhibited: a chamber
 *                           problem does not explain them.
 * @param criticalInhibitsCellWarnings while a cell has an active critical alert, its warnings are
 *                           recorded as {@code inhibited} and do not page. Default true, as the
 *                           Alertmanager rule "a critical alert of a cell makes its warnings noise"
 *                           (deploy/alertmanager): a hard-shorted cell that the interlock paused
 *                           delivers nothing in its next cycle, and "capacity fell 100 %" paging
 *                           beside "hard short" told on-call nothing new.
 * @param hardShortInhibitsSoftShort while a cell has an active hard-short alert, its soft-short alert
 *                           (any severity) is recorded as {@code inhibited}. Default true: the soft
 *                           short is the same dendrite before it bridged the cell, so once the hard
 *                           short is open it tells on-call nothing new; the cycles the cell ran
 *                           between the short and the pause read "Coulombic efficiency 0 %", which
 *                           made the soft-short rule go critical beside it (seen in the demo).
 */
public record AlertPolicy(
        Severity minimumSeverity,
        int openAfterFindings,
        Duration openAfterHold,
        Duration quietPeriod,
        Map<FindingType, Duration> quietPeriodByType,
        Duration ackWaitAfterResolve,
        Map<FindingType, Set<FindingType>> inhibits,
        boolean criticalInhibitsCellWarnings,
        boolean hardShortInhibitsSoftShort) {

    public AlertPolicy {
        if (minimumSeverity == null || minimumSeverity == Severity.CRITICAL) {
            throw new IllegalArgumentException("minimumSeverity must be INFO or WARNING, was " + minimumSeverity);
        }
        if (openAfterFindings < 1) {
            throw new IllegalArgumentException("openAfterFindings must be at least 1, was " + openAfterFindings);
        }
        requirePositive("openAfterHold", openAfterHold);
        requirePositive("quietPeriod", quietPeriod);
        requirePositive("ackWaitAfterResolve", ackWaitAfterResolve);
        quietPeriodByType = quietPeriodByType == null ? Map.of() : Map.copyOf(quietPeriodByType);
        quietPeriodByType.forEach((type, d) -> requirePositive("quietPeriodByType." + type, d));
        inhibits = inhibits == null ? Map.of() : Map.copyOf(inhibits);
    }

    public static AlertPolicy defaults() {
        Map<FindingType, Duration> slow = new EnumMap<>(FindingType.class);
        slow.put(FindingType.SOFT_SHORT, Duration.ofHours(48));
        slow.put(FindingType.CAPACITY_FADE, Duration.ofHours(48));
        slow.put(FindingType.POLARIZATION_RISE, Duration.ofHours(48));
        return new AlertPolicy(Severity.WARNING, 1, Duration.ofSeconds(60), Duration.ofMinutes(30), slow,
                Duration.ofHours(1),
                Map.of(FindingType.CHAMBER_TEMPERATURE, Set.of(FindingType.THERMAL, FindingType.CHAMBER_TEMPERATURE),
                        FindingType.THERMAL, Set.of(FindingType.THERMAL),
                        FindingType.STALE_CHANNEL, Set.of(FindingType.STALE_CHANNEL)),
                true, true);
    }

    /** The quiet period of one finding type. */
    public Duration quietPeriodOf(FindingType type) {
        return quietPeriodByType.getOrDefault(type, quietPeriod);
    }

    /** True when an active chamber alert of {@code chamberType} explains a cell alert of {@code cellType}. */
    public boolean inhibits(FindingType chamberType, FindingType cellType) {
        return inhibits.getOrDefault(chamberType, Set.of()).contains(cellType);
    }

    public AlertPolicy withCriticalInhibitingCellWarnings(boolean on) {
        return new AlertPolicy(minimumSeverity, openAfterFindings, openAfterHold, quietPeriod, quietPeriodByType,
                ackWaitAfterResolve, inhibits, on,
                hardShortInhibitsSoftShort);
    }

    public AlertPolicy withHardShortInhibitingSoftShort(boolean on) {
        return new AlertPolicy(minimumSeverity, openAfterFindings, openAfterHold, quietPeriod, quietPeriodByType,
                ackWaitAfterResolve, inhibits, criticalInhibitsCellWarnings, on);
    }

    public AlertPolicy withOpenAfterFindings(int n) {
        return new AlertPolicy(minimumSeverity, n, openAfterHold, quietPeriod, quietPeriodByType, ackWaitAfterResolve, inhibits,
                criticalInhibitsCellWarnings, hardShortInhibitsSoftShort);
    }

    public AlertPolicy withOpenAfterHold(Duration hold) {
        return new AlertPolicy(minimumSeverity, openAfterFindings, hold, quietPeriod, quietPeriodByType, ackWaitAfterResolve, inhibits,
                criticalInhibitsCellWarnings, hardShortInhibitsSoftShort);
    }

    public AlertPolicy withQuietPeriod(Duration quiet) {
        return new AlertPolicy(minimumSeverity, openAfterFindings, openAfterHold, quiet, quietPeriodByType, ackWaitAfterResolve, inhibits,
                criticalInhibitsCellWarnings, hardShortInhibitsSoftShort);
    }

    private static void requirePositive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was " + d);
        }
    }
}
