package io.cellwatch.streams.detect;

import io.cellwatch.telemetry.Severity;

/**
 * The de-duplication memory of one condition of one detector (one cell, one rule family): whether it is
 * reported as holding, at which severity, and when it was last reported.
 *
 * <p>Debounce and hysteresis follow foxBMS 2 ({@code diag.c}): a leaky up/down counter. While the condition
 * is not reported, each violating evaluation adds one and each good one takes one away; at {@code setAfter}
 * the condition is raised. Once raised, the counter holds {@code clearAfter} credits: each violation refills
 * them, each good evaluation spends one, and at zero the condition clears. A raised condition escalates at
 * once when a more severe level is seen, and never de-escalates inside one episode (a critical that eases to
 * warning stays critical until it clears: on-call should not see "resolved" noise while it is still wrong).
 * While it holds it is re-reported at most every {@code repeatEveryS} of cycler time.
 *
 * @param severity   the severity reported, null while the condition is not reported
 * @param counter    the leaky counter (raise credits while not reported, clear credits while reported)
 * @param reportedAtS cycler time of the last report, null before the first
 */
public record Latch(Severity severity, int counter, Double reportedAtS) {

    public static final Latch IDLE = new Latch(null, 0, null);

    private static final Step IDLE_STEP = new Step(IDLE, Action.NONE);

    /** What a detector should report after one evaluation. */
    public enum Action {
        NONE, RAISE, ESCALATE, REPEAT, CLEAR
    }

    /** The latch after one evaluation and what to report. */
    public record Step(Latch latch, Action action) {
        public boolean reports() {
            return action != Action.NONE;
        }
    }

    public boolean holding() {
        return severity != null;
    }

    /**
     * One evaluation: {@code level} is the severity the condition has now, null when it does not hold.
     *
     * @param setAfter     consecutive (leaky) violations before it is raised, ≥ 1
     * @param clearAfter   good evaluations, net, before it clears, ≥ 1
     * @param repeatEveryS least cycler time between two reports of an unchanged condition
     */
    public Step evaluate(Severity level, double timeS, int setAfter, int clearAfter, double repeatEveryS) {
        if (!holding()) {
            if (level == null) {
                if (counter == 0 && reportedAtS == null) {
                    return IDLE_STEP; // idle: most conditions of most cells, on every sample, with no new Step
                }
                return new Step(counter == 0 ? this : new Latch(null, counter - 1, reportedAtS), Action.NONE);
            }
            int up = counter + 1;
            if (up < Math.max(1, setAfter)) {
                return new Step(new Latch(null, up, reportedAtS), Action.NONE);
            }
            return new Step(new Latch(level, Math.max(1, clearAfter), timeS), Action.RAISE);
        }
        if (level == null) {
            int down = counter - 1;
            if (down <= 0) {
                return new Step(new Latch(null, 0, timeS), Action.CLEAR);
            }
            return new Step(new Latch(severity, down, reportedAtS), Action.NONE);
        }
        int credits = Math.max(1, clearAfter);
        if (level.compareTo(severity) > 0) {
            return new Step(new Latch(level, credits, timeS), Action.ESCALATE);
        }
        if (reportedAtS == null || timeS - reportedAtS >= repeatEveryS) {
            return new Step(new Latch(severity, credits, timeS), Action.REPEAT);
        }
        return new Step(new Latch(severity, credits, reportedAtS), Action.NONE);
    }
}
