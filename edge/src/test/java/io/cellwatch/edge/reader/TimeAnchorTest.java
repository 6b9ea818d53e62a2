package io.cellwatch.edge.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TimeAnchorTest {

    private static final double T0 = 1607689332.0; // 12/11/2020 12:22:12 UTC

    @Test
    void wholeSecondDatesGetTheTestClocksResolution() {
        TimeAnchor a = new TimeAnchor(0.0);
        assertThat(a.timeOf(0.0, T0)).isEqualTo(T0);
        // Maccor row 3: TestTime 5.05 s, DPt Time still ...:17 (whole seconds)
        assertThat(a.timeOf(5.05, T0 + 5)).isCloseTo(T0 + 5.05, within(1e-6));
        assertThat(a.timeOf(9.31, T0 + 9)).isCloseTo(T0 + 9.31, within(1e-6));
        assertThat(a.maxDriftS()).isCloseTo(0.31, within(1e-6));
    }

    @Test
    void driftIsToleratedButAJumpReanchors() {
        TimeAnchor a = new TimeAnchor(0.0);
        a.timeOf(0.0, T0);
        // 9 s of drift after two days: still the test clock
        assertThat(a.timeOf(183171.57, T0 + 183171.57 + 9.4)).isCloseTo(T0 + 183171.57, within(1e-6));
        assertThat(a.resyncs()).isZero();
        // the test clock was paused for an hour: follow the wall clock from here
        assertThat(a.timeOf(183200.0, T0 + 183200.0 + 3600.0)).isEqualTo(T0 + 183200.0 + 3600.0);
        assertThat(a.resyncs()).isEqualTo(1);
        assertThat(a.timeOf(183210.0, T0 + 183210.0 + 3600.0)).isCloseTo(T0 + 183210.0 + 3600.0, within(1e-6));
    }

    @Test
    void withoutADateColumnTheStartEpochIsTheAnchor() {
        TimeAnchor a = new TimeAnchor(1_700_000_000.0);
        assertThat(a.timeOf(500.0, null)).isEqualTo(1_700_000_500.0);
        assertThat(a.maxDriftS()).isNull();
        assertThat(a.sawDate()).isFalse();
    }

    @Test
    void aDateWithoutTestTimeIsUsedAsIs() {
        TimeAnchor a = new TimeAnchor(0.0);
        assertThat(a.timeOf(null, T0 + 0.25)).isEqualTo(T0 + 0.25);
        assertThat(a.sawDate()).isTrue();
    }
}
