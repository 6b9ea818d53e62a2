package io.cellwatch.streams.topology;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.cellwatch.telemetry.Finding;
import io.cellwatch.telemetry.FindingType;
import io.cellwatch.telemetry.Severity;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FindingLogTest {

    private static Finding finding(String cell, FindingType type, Severity severity, String summary, boolean cleared) {
        return new Finding(type, severity, Finding.Scope.CELL, cell, "lab1", "oven1", 3, 1000.0, "test", summary,
                Map.of(), List.of(), cleared);
    }

    @Test
    void aConditionIsLoggedWhenRaisedEscalatedAndClearedNotAtEveryRepeat() {
        Logger logger = new LoggerContext().getLogger("findings");
        logger.setLevel(Level.INFO);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        FindingLog log = new FindingLog(logger);

        log.log(finding("c1", FindingType.SOFT_SHORT, Severity.WARNING, "noise up", false), "c1");
        log.log(finding("c1", FindingType.SOFT_SHORT, Severity.WARNING, "noise up again", false), "c1");
        log.log(finding("c1", FindingType.SOFT_SHORT, Severity.WARNING, "noise up still", false), "c1");
        log.log(finding("c2", FindingType.SOFT_SHORT, Severity.WARNING, "other cell", false), "c2");
        log.log(finding("c1", FindingType.HARD_SHORT, Severity.CRITICAL, "leaking", false), "c1");
        log.log(finding("c1", FindingType.SOFT_SHORT, Severity.CRITICAL, "worse", false), "c1");
        log.log(finding("c1", FindingType.SOFT_SHORT, Severity.CRITICAL, "worse still", false), "c1");
        log.log(finding("c1", FindingType.SOFT_SHORT, Severity.CRITICAL, "Cleared: quiet", true), "c1");
        log.log(finding("c1", FindingType.SOFT_SHORT, Severity.CRITICAL, "Cleared: quiet", true), "c1");
        log.log(finding("c1", FindingType.SOFT_SHORT, Severity.WARNING, "back", false), "c1");

        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                "warning soft_short for c1: noise up",
                "warning soft_short for c2: other cell",
                "critical hard_short for c1: leaking",
                "critical soft_short for c1: worse",
                "soft_short for c1: Cleared: quiet",
                "warning soft_short for c1: back");
        assertThat(log.holding()).isEqualTo(3);
    }
}
