package io.cellwatch.edge.reader;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Date/time columns of cycler exports, as Unix seconds.
 *
 * <p>Cyclers write the PC's local wall clock without a zone ({@code 2022-05-18 16:27:52},
 * {@code 12/11/2020 12:22:12}, Arbin's {@code \t09/20/2024 08:32:34.558} with a tab that keeps Excel
 * from reformatting it), or already Unix seconds (beep's Arbin {@code DateTime}: {@code 1494645243.4715}).
 * Local texts are placed in the zone the lab gives in {@link ReaderOptions#zone()}; texts carrying an
 * offset keep theirs. Slash dates are read month first (US order, as Arbin and Maccor write them).
 *
 * <p>One instance per file: the first pattern that fits is remembered, so a file is read with one
 * pattern throughout and the search is not repeated per row.
 */
final class DateTimes {

    private static final Pattern UNIX_SECONDS = Pattern.compile("\\d{9,11}(\\.\\d*)?");
    private static final Pattern UNIX_MILLIS = Pattern.compile("\\d{12,14}(\\.\\d*)?");

    private static final List<DateTimeFormatter> PATTERNS = List.of(
            pattern("uuuu-MM-dd['T'][' ']HH:mm:ss"),
            pattern("uuuu/MM/dd HH:mm:ss"),
            pattern("M/d/uuuu H:mm:ss"),
            pattern("M/d/uuuu h:mm:ss a"),
            pattern("d-MMM-yy h:mm:ss a"),
            pattern("d-MMM-uuuu H:mm:ss"));

    private final ZoneId zone;
    private DateTimeFormatter chosen;

    DateTimes(ZoneId zone) {
        this.zone = zone;
    }

    /**
     * Unix seconds of {@code text}.
     *
     * @throws IllegalArgumentException with the reason when no known pattern fits
     */
    double epochSeconds(String text) {
        String s = text.strip();
        if (UNIX_SECONDS.matcher(s).matches()) {
            return Double.parseDouble(s);
        }
        if (UNIX_MILLIS.matcher(s).matches()) {
            return Double.parseDouble(s) / 1000.0;
        }
        if (chosen != null) {
            try {
                return toEpoch(chosen.parse(s));
            } catch (DateTimeException e) {
                // The file changed pattern (rare; e.g. a concatenated export): fall through and search again.
            }
        }
        for (DateTimeFormatter f : PATTERNS) {
            try {
                double epoch = toEpoch(f.parse(s));
                chosen = f;
                return epoch;
            } catch (DateTimeException e) {
                // try the next pattern
            }
        }
        throw new IllegalArgumentException("not a date/time like 2022-05-18 16:27:52 or 12/11/2020 12:22:12");
    }

    private double toEpoch(TemporalAccessor t) {
        LocalDateTime local = LocalDateTime.of(
                t.get(ChronoField.YEAR), t.get(ChronoField.MONTH_OF_YEAR), t.get(ChronoField.DAY_OF_MONTH),
                t.get(ChronoField.HOUR_OF_DAY), t.get(ChronoField.MINUTE_OF_HOUR), t.get(ChronoField.SECOND_OF_MINUTE),
                t.get(ChronoField.NANO_OF_SECOND));
        ZoneId z = t.isSupported(ChronoField.OFFSET_SECONDS)
                ? ZoneOffset.ofTotalSeconds(t.get(ChronoField.OFFSET_SECONDS))
                : zone;
        ZonedDateTime zoned = local.atZone(z);
        return zoned.toEpochSecond() + zoned.getNano() / 1e9;
    }

    private static DateTimeFormatter pattern(String dateAndTime) {
        boolean twelveHour = dateAndTime.endsWith(" a");
        DateTimeFormatterBuilder b = new DateTimeFormatterBuilder()
                .parseCaseInsensitive()
                .appendPattern(twelveHour ? dateAndTime.substring(0, dateAndTime.length() - 2) : dateAndTime)
                .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd();
        if (twelveHour) {
            b.appendLiteral(' ').appendPattern("a");
        }
        return b.optionalStart().appendOffsetId().optionalEnd().toFormatter(Locale.US);
    }
}
