package io.cellwatch.streams.topology;

import io.cellwatch.telemetry.Finding;
import io.cellwatch.telemetry.Severity;
import org.slf4j.Logger;

import java.util.HashMap;
import java.util.Map;

/**
 * One log line per change a person cares about: a condition raised, escalated or cleared. A detector
 * re-reports a condition that still holds (every few minutes of cycler time, and many times a second
 * when cells run at 1000x, as in the demo and the bench); those repeats go to the findings topic and the metrics as before, and to
 * the log only at DEBUG. Kept per processor, in memory: after a restart a condition still holding
 * is logged once more.
 */
final class FindingLog {

    private final Logger log;
    /** Severity last logged per (key, finding type), for conditions not cleared since. */
    private final Map<String, Severity> raised = new HashMap<>();

    FindingLog(Logger log) {
        this.log = log;
    }

    /** Logs {@code f} at INFO if it raises, escalates, lowers or clears its condition, else at DEBUG. */
    void log(Finding f, String subject) {
        String slot = f.key() + '\u0000' + f.type().wireName();
        if (f.cleared()) {
            if (raised.remove(slot) != null) {
                log.info("{} for {}: {}", f.type().wireName(), subject, f.summary()); // the summary says "Cleared: ..."
            }
            return;
        }
        Severity before = raised.put(slot, f.severity());
        if (before != f.severity()) {
            log.info("{} {} for {}: {}", f.severity().wireName(), f.type().wireName(), subject, f.summary());
        } else if (log.isDebugEnabled()) {
            log.debug("still {} {} for {}: {}", f.severity().wireName(), f.type().wireName(), subject, f.summary());
        }
    }

    /** Conditions currently logged as holding. */
    int holding() {
        return raised.size();
    }
}
