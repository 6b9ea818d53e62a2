package io.cellwatch.edge.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DateTimesTest {

    private final DateTimes utc = new DateTimes(ZoneOffset.UTC);

    private static double epoch(String iso) {
        Instant i = Instant.parse(iso);
        return i.getEpochSecond() + i.getNano() / 1e9;
    }

    @Test
    void newareIsoLikeLocalTime() {
        assertThat(utc.epochSeconds("2022-05-18 16:27:52")).isEqualTo(epoch("2022-05-18T16:27:52Z"));
    }

    @Test
    void arbinTabbedMonthFirstWithMilliseconds() {
        assertThat(utc.epochSeconds("\t09/20/2024 08:32:34.558")).isCloseTo(epoch("2024-09-20T08:32:34.558Z"),
                within(1e-6));
    }

    @Test
    void maccorMonthFirstToTheSecond() {
        assertThat(utc.epochSeconds("12/11/2020 12:22:12")).isEqualTo(epoch("2020-12-11T12:22:12Z"));
        assertThat(utc.epochSeconds("07/11/2019 14:02:33")).isEqualTo(epoch("2019-07-11T14:02:33Z"));
        assertThat(utc.epochSeconds("12/11/2020 12:22:12 PM")).isEqualTo(epoch("2020-12-11T12:22:12Z"));
        assertThat(utc.epochSeconds("12/11/2020 12:22:12 am")).isEqualTo(epoch("2020-12-11T00:22:12Z"));
    }

    @Test
    void beepArbinDateTimeIsAlreadyUnixSeconds() {
        assertThat(utc.epochSeconds("1494645243.4715")).isCloseTo(1494645243.4715, within(1e-6));
        assertThat(utc.epochSeconds("1494645243471")).isCloseTo(1494645243.471, within(1e-6));
    }

    @Test
    void localTimesAreInTheCyclerZoneAndOffsetsWin() {
        DateTimes oslo = new DateTimes(ZoneId.of("Europe/Oslo"));
        assertThat(oslo.epochSeconds("2022-05-18 16:27:52")).isEqualTo(epoch("2022-05-18T14:27:52Z"));
        assertThat(oslo.epochSeconds("2020-12-11 12:22:12")).isEqualTo(epoch("2020-12-11T11:22:12Z"));
        assertThat(oslo.epochSeconds("2022-05-18T16:27:52Z")).isEqualTo(epoch("2022-05-18T16:27:52Z"));
    }

    @Test
    void garbageIsRefusedWithAReason() {
        assertThatThrownBy(() -> utc.epochSeconds("yesterday")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a date/time");
        assertThatThrownBy(() -> utc.epochSeconds("13/45/2020 12:22:12")).isInstanceOf(IllegalArgumentException.class);
    }
}
