package io.cellwatch.edge.reader;

import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

/**
 * Unit texts found in cycler headers ({@code Current(mA)}, {@code Test Time / h}, {@code T1(℃)}) turned
 * into conversions to the units of {@link io.cellwatch.telemetry.Sample}: V, A, Ah, s, °C.
 *
 * <p>A missing unit means the vendor's documented default (volts, amperes, ampere-hours, seconds, °C),
 * which every reader passes in. An unknown unit is an error at header time: silently treating
 * {@code mA} as A would be off by 1000 on every row.
 */
final class Units {

    private Units() {
    }

    /** Factor turning a value in {@code unit} into volts. */
    static double voltageFactor(String unit) {
        return switch (key(unit, "v")) {
            case "v", "volt", "volts" -> 1.0;
            case "mv" -> 1e-3;
            default -> throw unknown("voltage", unit);
        };
    }

    /** Factor turning a value in {@code unit} into amperes. */
    static double currentFactor(String unit) {
        return switch (key(unit, "a")) {
            case "a", "amp", "amps", "ampere" -> 1.0;
            case "ma" -> 1e-3;
            case "ua", "µa", "μa" -> 1e-6;
            default -> throw unknown("current", unit);
        };
    }

    /** Factor turning a value in {@code unit} into ampere-hours. */
    static double capacityFactor(String unit) {
        return switch (key(unit, "ah")) {
            case "ah", "ampere_hour", "amp-hr" -> 1.0;
            case "mah" -> 1e-3;
            case "uah", "µah", "μah" -> 1e-6;
            case "as", "c" -> 1.0 / 3600.0;
            default -> throw unknown("capacity", unit);
        };
    }

    /** Factor turning a number of {@code unit} into seconds. */
    static double timeFactor(String unit) {
        return switch (key(unit, "s")) {
            case "s", "sec", "secs", "second", "seconds" -> 1.0;
            case "ms" -> 1e-3;
            case "min" -> 60.0;
            case "h", "hr", "hour", "hours" -> 3600.0;
            case "d", "day", "days" -> 86_400.0;
            default -> throw unknown("time", unit);
        };
    }

    /** Conversion of a temperature in {@code unit} to degrees Celsius. */
    static DoubleUnaryOperator toCelsius(String unit) {
        if (!isTemperature(unit)) {
            throw unknown("temperature", unit);
        }
        return switch (temperatureKey(unit)) {
            case "f" -> f -> (f - 32.0) * 5.0 / 9.0;
            case "k" -> k -> k - 273.15;
            default -> c -> c;
        };
    }

    /** Whether {@code unit} names a temperature scale (Maccor's aux channels may also be volts). */
    static boolean isTemperature(String unit) {
        return switch (temperatureKey(unit)) {
            case "c", "f", "k" -> true;
            default -> false;
        };
    }

    private static String temperatureKey(String unit) {
        String k = key(unit, "c").replace("°", "").replace("deg", "");
        return switch (k) {
            case "℃", "c", "celsius" -> "c";
            case "℉", "f", "fahrenheit" -> "f";
            case "k", "kelvin" -> "k";
            default -> k;
        };
    }

    private static String key(String unit, String missing) {
        if (unit == null || unit.isBlank()) {
            return missing;
        }
        return unit.strip().toLowerCase(Locale.ROOT);
    }

    private static IllegalArgumentException unknown(String quantity, String unit) {
        return new IllegalArgumentException("unknown " + quantity + " unit '" + unit + "'");
    }
}
