package io.cellwatch.streams.detect;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Evidence maps and summary numbers: values that are null or not finite are left out, never sent as NaN. */
final class Evidence {

    private final Map<String, Double> values = new LinkedHashMap<>();

    private Evidence() {
    }

    static Evidence of() {
        return new Evidence();
    }

    /** Adds {@code name} (units in the name, e.g. {@code temperature_c}) unless the value is null or NaN. */
    Evidence with(String name, Double value) {
        if (value != null && Double.isFinite(value)) {
            values.put(name, value);
        }
        return this;
    }

    Map<String, Double> map() {
        return Map.copyOf(values);
    }

    /** A number for a summary sentence, locale-independent. */
    static String fmt(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
