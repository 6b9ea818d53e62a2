package io.cellwatch.edge.fleet;

import io.cellwatch.edge.sim.Fault;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fault to inject into a running fleet, written the way a person types it on the command line:
 * {@code TARGET:KIND@WHEN}, where TARGET is a channel ({@code ch003}) or, for a chamber fault, a
 * chamber ({@code oven-100c}); cycles are plain numbers and times are simulated time after the
 * fleet's start with a unit ({@code 90s}, {@code 30m}, {@code 2h}).
 *
 * <pre>
 * ch003:hard-short@29            hard short in cycle 29
 * ch004:soft-short@10            soft short growing from cycle 10
 * ch005:thermal-runaway@2h       self-heating running away 2 h in
 * ch006:stuck-sensor@1h          cell thermocouple frozen from 1 h
 * ch007:jumping-sensor@1h        cell thermocouple spiking (6 per hour) from 1 h
 * ch008:silence@1h/30m           channel silent for 30 min from 1 h
 * oven-100c:chamber-hot@3h/15K   chamber air overshooting by 15 K from 3 h (every cell in it)
 * </pre>
 *
 * @param target  channel id, or chamber id for {@code chamber-hot}
 * @param spec    the text it was parsed from, for logs
 */
public record FaultPlan(String target, boolean chamberWide, String spec, FaultFactory factory) {

    /** Makes the fault once the fleet's start time is known. */
    @FunctionalInterface
    public interface FaultFactory {
        Fault at(double fleetStartS);
    }

    private static final Pattern SPEC = Pattern.compile(
            "([A-Za-z0-9._-]+):([a-z-]+)@([0-9.]+[smh]?)(?:/([0-9.]+[smhK]))?");

    public static FaultPlan parse(String text) {
        Matcher m = SPEC.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("fault '" + text + "' is not TARGET:KIND@WHEN[/EXTRA], e.g. "
                    + "ch003:hard-short@29, ch008:silence@1h/30m, oven-100c:chamber-hot@3h/15K");
        }
        String target = m.group(1);
        String kind = m.group(2).toLowerCase(Locale.ROOT);
        String when = m.group(3);
        String extra = m.group(4);
        return switch (kind) {
            case "hard-short" -> {
                Fault f = new Fault.HardShort(cycle(when, text));
                yield new FaultPlan(target, false, text, start -> f);
            }
            case "soft-short" -> {
                Fault f = new Fault.SoftShort(cycle(when, text));
                yield new FaultPlan(target, false, text, start -> f);
            }
            case "thermal-runaway" -> timed(target, text, when, s -> new Fault.ThermalRunaway(s));
            case "stuck-sensor" -> timed(target, text, when, s -> new Fault.StuckTemperatureSensor(s));
            case "jumping-sensor" -> timed(target, text, when, s -> new Fault.JumpingTemperatureSensor(s, 6.0));
            case "silence" -> {
                double duration = seconds(require(extra, text, "a duration, e.g. /30m"), text);
                double after = seconds(when, text);
                yield new FaultPlan(target, false, text, start -> new Fault.ChannelSilence(start + after, duration));
            }
            case "chamber-hot" -> {
                String k = require(extra, text, "an overshoot in kelvin, e.g. /15K");
                if (!k.endsWith("K")) {
                    throw new IllegalArgumentException("fault '" + text + "': the overshoot needs a K unit, e.g. /15K");
                }
                double offsetK = Double.parseDouble(k.substring(0, k.length() - 1));
                double after = seconds(when, text);
                yield new FaultPlan(target, true, text, start -> new Fault.ChamberOverTemperature(start + after, offsetK));
            }
            default -> throw new IllegalArgumentException("fault '" + text + "': unknown kind '" + kind + "' (known: "
                    + "hard-short, soft-short, thermal-runaway, stuck-sensor, jumping-sensor, silence, chamber-hot)");
        };
    }

    private static FaultPlan timed(String target, String text, String when, java.util.function.DoubleFunction<Fault> f) {
        double after = seconds(when, text);
        return new FaultPlan(target, false, text, start -> f.apply(start + after));
    }

    private static int cycle(String when, String text) {
        if (!when.matches("[0-9]+")) {
            throw new IllegalArgumentException("fault '" + text + "': a short starts at a cycle number, e.g. @29");
        }
        return Integer.parseInt(when);
    }

    private static double seconds(String value, String text) {
        if (value.endsWith("K")) {
            throw new IllegalArgumentException("fault '" + text + "': '" + value + "' is a temperature, not a time");
        }
        char unit = value.charAt(value.length() - 1);
        double factor = switch (unit) {
            case 's' -> 1;
            case 'm' -> 60;
            case 'h' -> 3600;
            default -> throw new IllegalArgumentException("fault '" + text + "': time '" + value
                    + "' needs a unit (s, m or h), e.g. 2h");
        };
        return Double.parseDouble(value.substring(0, value.length() - 1)) * factor;
    }

    private static String require(String extra, String text, String what) {
        if (extra == null) {
            throw new IllegalArgumentException("fault '" + text + "' needs " + what);
        }
        return extra;
    }
}
