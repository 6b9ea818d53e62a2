package io.cellwatch.edge.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @Test
    void newareCumulativeTimeRunsPast24Hours() {
        assertThat(Durations.parseSeconds("138:59:44")).isEqualTo(138 * 3600 + 59 * 60 + 44.0);
        assertThat(Durations.parseSeconds("00:01:00")).isEqualTo(60.0);
        assertThat(Durations.parseSeconds("00:00:00")).isZero();
        assertThat(Durations.parseSeconds("1:02:03.250")).isEqualTo(3723.25);
    }

    @Test
    void maccorDaysPrefixAndFloatNoiseInSeconds() {
        assertThat(Durations.parseSeconds("1d 06:27:47.15")).isCloseTo(86400 + 6 * 3600 + 27 * 60 + 47.15, within(1e-9));
        assertThat(Durations.parseSeconds("  0d 00:00:5.05000019073486")).isCloseTo(5.05, within(1e-6));
        assertThat(Durations.parseSeconds("  0d 00:00:0")).isZero();
        assertThat(Durations.parseSeconds("2d 02:52:51.5699996948242")).isCloseTo(183171.57, within(1e-6));
    }

    @Test
    void minutesAndSecondsOnly() {
        assertThat(Durations.parseSeconds("05:30.5")).isEqualTo(330.5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"12:xx:00", "1:60:00", "0:00:61", "abc", "1d", "12", "-1:00:00"})
    void rejectsWhatIsNotADuration(String text) {
        assertThatThrownBy(() -> Durations.parseSeconds(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void clockTextIsRecognisedByItsColon() {
        assertThat(Durations.isClockText("138:59:44")).isTrue();
        assertThat(Durations.isClockText("5.0100")).isFalse();
    }
}
