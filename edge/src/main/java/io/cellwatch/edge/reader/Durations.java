package io.cellwatch.edge.reader;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Elapsed-time texts written by cyclers, as seconds.
 *
 * <p>Cyclers write test time as clock-like text that is <i>not</i> a time of day: Neware's
 * {@code Cumulative Time} runs past 24 h ({@code 138:59:44}), Maccor prefixes whole days and writes
 * seconds with float noise ({@code "  0d 00:00:5.05000019073486"}, {@code 1d 06:27:47.15}).
 * {@link java.time.LocalTime} refuses both, hence this parser.
 */
final class Durations {

    // [Nd ]h:mm:ss[.frac] | mm:ss[.frac]; hours unbounded, minutes/seconds checked below.
    private static final Pattern CLOCK = Pattern.compile(
            "(?:(\\d+)d\\s*)?(?:(\\d+):)?(\\d{1,2}):(\\d{1,2}(?:\\.\\d*)?)");

    private Durations() {
    }

    /** True when the text looks like clock notation rather than a plain number of units. */
    static boolean isClockText(String text) {
        return text.indexOf(':') >= 0;
    }

    /**
     * Seconds in {@code "138:59:44"}, {@code "1d 06:27:47.15"}, {@code "00:05.5"}.
     *
     * @throws IllegalArgumentException with the reason when the text is not such a duration
     */
    static double parseSeconds(String text) {
        String s = text.strip();
        Matcher m = CLOCK.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration like 138:59:44 or 1d 06:27:47.15");
        }
        long days = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
        long hours = m.group(2) == null ? 0 : Long.parseLong(m.group(2));
        int minutes = Integer.parseInt(m.group(3));
        double seconds = Double.parseDouble(m.group(4));
        if (minutes >= 60 || seconds >= 60.0) {
            throw new IllegalArgumentException("minutes and seconds must be below 60");
        }
        return days * 86_400.0 + hours * 3_600.0 + minutes * 60.0 + seconds;
    }
}
