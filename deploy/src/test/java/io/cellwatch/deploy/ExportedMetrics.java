package io.cellwatch.deploy;

import io.cellwatch.telemetry.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Prometheus names cellwatch exports, derived from {@link MetricNames}: every {@code String}
 * constant is registered in a real {@link PrometheusMeterRegistry} and the scrape says what
 * Prometheus sees ({@code _total} on counters, {@code _seconds_count/_sum/_bucket/_max} on timers).
 *
 * <p>MetricNames holds names, not kinds. The kind comes from the comment after each constant in
 * MetricNames.java ({@code // counter}, {@code // timer}, {@code // gauge}). LENIENT: a constant
 * with no such comment (the per-cell gauges today) is accepted both as a gauge and as a counter,
 * so for those the check proves the name is cellwatch's but not that a {@code _total} suffix is
 * right or wrong.
 */
final class ExportedMetrics {

    enum Kind { COUNTER, TIMER, GAUGE, UNKNOWN }

    private ExportedMetrics() {
    }

    /** Micrometer name → kind, from the constants (reflection) and their source comments. */
    static Map<String, Kind> constants() {
        String source = Assets.read(Assets.METRIC_NAMES_SOURCE);
        Map<String, Kind> kinds = new LinkedHashMap<>();
        for (Field f : MetricNames.class.getDeclaredFields()) {
            if (f.getType() != String.class || !Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            try {
                String name = (String) f.get(null);
                kinds.put(name, kindFromSource(source, f.getName()));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        return kinds;
    }

    static Kind kindFromSource(String source, String constant) {
        Matcher m = Pattern.compile("\\b" + constant + "\\s*=\\s*\"[^\"]*\"\\s*;[ \\t]*(//[^\\n]*)?").matcher(source);
        if (!m.find() || m.group(1) == null) {
            return Kind.UNKNOWN;
        }
        String comment = m.group(1).toLowerCase();
        if (comment.matches("//\\s*counter.*")) {
            return Kind.COUNTER;
        }
        if (comment.matches("//\\s*timer.*")) {
            return Kind.TIMER;
        }
        if (comment.matches("//\\s*gauge.*")) {
            return Kind.GAUGE;
        }
        return Kind.UNKNOWN;
    }

    /** Every sample name Prometheus scrapes for the constants (with the leniency above). */
    static Set<String> prometheusNames() {
        Set<String> names = new TreeSet<>();
        // UNKNOWN kinds registered as gauges in one registry and as counters in the other.
        for (Kind asUnknown : new Kind[]{Kind.GAUGE, Kind.COUNTER}) {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            constants().forEach((name, kind) -> register(registry, name, kind == Kind.UNKNOWN ? asUnknown : kind));
            for (String line : registry.scrape().split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    names.add(line.split("[{ ]", 2)[0]);
                }
            }
            registry.close();
        }
        return names;
    }

    private static void register(PrometheusMeterRegistry registry, String name, Kind kind) {
        switch (kind) {
            case COUNTER -> Counter.builder(name).register(registry).increment();
            case TIMER -> Timer.builder(name).publishPercentileHistogram().register(registry)
                    .record(java.time.Duration.ofMillis(5));
            default -> Gauge.builder(name, () -> 1.0).register(registry);
        }
    }
}
