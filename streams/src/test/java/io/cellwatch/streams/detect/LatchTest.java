package io.cellwatch.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellwatch.streams.detect.Latch.Action;
import io.cellwatch.telemetry.Severity;
import org.junit.jupiter.api.Test;

class LatchTest {

    private static Latch.Step step(Latch l, Severity level, double t) {
        return l.evaluate(level, t, 3, 2, 1800);
    }

    @Test
    void aConditionIsRaisedAfterItsDebounceAndALoneViolationLeaksAway() {
        Latch l = Latch.IDLE;
        l = step(l, Severity.WARNING, 0).latch();
        l = step(l, null, 10).latch();                      // leaky: back to 0
        assertThat(l.counter()).isZero();
        Latch.Step a = step(l, Severity.WARNING, 20);
        Latch.Step b = step(a.latch(), Severity.WARNING, 30);
        Latch.Step c = step(b.latch(), Severity.WARNING, 40);
        assertThat(a.action()).isEqualTo(Action.NONE);
        assertThat(b.action()).isEqualTo(Action.NONE);
        assertThat(c.action()).isEqualTo(Action.RAISE);
        assertThat(c.latch().severity()).isEqualTo(Severity.WARNING);
    }

    @Test
    void escalationIsReportedAtOnceRepeatsAreRateLimitedAndThereIsNoDeEscalationInsideAnEpisode() {
        Latch l = new Latch(Severity.WARNING, 2, 0.0);
        Latch.Step same = step(l, Severity.WARNING, 100);
        Latch.Step up = step(same.latch(), Severity.CRITICAL, 110);
        Latch.Step down = step(up.latch(), Severity.WARNING, 120);
        Latch.Step later = step(down.latch(), Severity.WARNING, 110 + 1800);

        assertThat(same.action()).isEqualTo(Action.NONE);
        assertThat(up.action()).isEqualTo(Action.ESCALATE);
        assertThat(down.action()).isEqualTo(Action.NONE);
        assertThat(down.latch().severity()).isEqualTo(Severity.CRITICAL);
        assertThat(later.action()).isEqualTo(Action.REPEAT);
    }

    @Test
    void clearingNeedsItsHysteresisAndAViolationRefillsIt() {
        Latch l = new Latch(Severity.WARNING, 2, 0.0);
        Latch.Step ok1 = step(l, null, 10);
        Latch.Step bad = step(ok1.latch(), Severity.WARNING, 20);
        Latch.Step ok2 = step(bad.latch(), null, 30);
        Latch.Step ok3 = step(ok2.latch(), null, 40);

        assertThat(ok1.action()).isEqualTo(Action.NONE);
        assertThat(ok2.action()).isEqualTo(Action.NONE);
        assertThat(ok3.action()).isEqualTo(Action.CLEAR);
        assertThat(ok3.latch().holding()).isFalse();
    }
}
