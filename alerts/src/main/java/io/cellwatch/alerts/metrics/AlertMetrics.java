package io.cellwatch.alerts.metrics;

import io.cellwatch.alerts.topology.AlertListener;
import io.cellwatch.telemetry.Alert;
import io.cellwatch.telemetry.Command;
import io.cellwatch.telemetry.Finding;
import io.cellwatch.telemetry.FindingType;
import io.cellwatch.telemetry.MetricNames;
import io.cellwatch.telemetry.Severity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The alerts service's meters, for Prometheus rules and Grafana:
 * <ul>
 *   <li>{@code cellwatch_alerts_open{type,severity,scope}}: alerts paging now (open or escalated;
 *       muted and inhibited ones are not counted), read from the state the service owns at scrape
 *       time, so it is right after restarts and rebalances. Every combination is registered up
 *       front (bounded: types × severities × scopes), so a rule sees 0 rather than no series.</li>
 *   <li>{@code cellwatch_alerts_transitions_total{state,type}}: alert transitions published.</li>
 *   <li>{@code cellwatch_alerts_commands_total{action}}: interlock commands sent.</li>
 *   <li>{@code cellwatch_alerts_finding_to_alert_seconds}: from the sample behind a finding to the
 *       alert transition it caused (cycler clock to service clock).</li>
 * </ul>
 */
public final class AlertMetrics implements MeterBinder, AlertListener {

    /** A scrape reads every gauge; one snapshot serves them all for this long. */
    private static final Duration SNAPSHOT_TTL = Duration.ofSeconds(1);

    private final Supplier<? extends Collection<Alert>> activeAlerts;
    private final Duration snapshotTtl;
    private final Map<String, Counter> transitions = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Counter> commands = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile MeterRegistry registry;
    private volatile Timer findingToAlert;
    private Map<String, Long> snapshot = Map.of();
    private long snapshotAtNanos;
    private boolean hasSnapshot;

    /** @param activeAlerts the active alerts this instance owns (muted and inhibited included; they are filtered here) */
    public AlertMetrics(Supplier<? extends Collection<Alert>> activeAlerts) {
        this(activeAlerts, SNAPSHOT_TTL);
    }

    AlertMetrics(Supplier<? extends Collection<Alert>> activeAlerts, Duration snapshotTtl) {
        this.activeAlerts = activeAlerts;
        this.snapshotTtl = snapshotTtl;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (FindingType type : FindingType.values()) {
            for (Severity severity : Severity.values()) {
                for (Finding.Scope scope : Finding.Scope.values()) {
                    String key = openKey(type, severity, scope);
                    Gauge.builder(MetricNames.ALERTS_OPEN, () -> openCounts().getOrDefault(key, 0L))
                            .description("Alerts paging now (open or escalated; muted and inhibited alerts are not counted)")
                            .tag("type", type.wireName()).tag("severity", severity.wireName()).tag("scope", scope.wireName())
                            .register(registry);
                }
            }
        }
        findingToAlert = Timer.builder(MetricNames.ALERTS_FINDING_TO_ALERT)
                .description("Time from the sample behind a finding to the alert transition it caused")
                .publishPercentileHistogram().register(registry);
        this.registry = registry;
    }

    @Override
    public void onAlert(Alert alert, Double causeTimeS, double nowS) {
        MeterRegistry r = registry;
        if (r == null) {
            return;
        }
        transitions.computeIfAbsent(alert.state().wireName() + "|" + alert.type().wireName(), k -> Counter
                .builder(MetricNames.ALERTS_TRANSITIONS)
                .description("Alert transitions published, by the state entered")
                .tag("state", alert.state().wireName()).tag("type", alert.type().wireName()).register(r)).increment();
        if (causeTimeS != null && nowS >= causeTimeS && alert.state() != Alert.State.RESOLVED) {
            findingToAlert.record(Duration.ofNanos(Math.round((nowS - causeTimeS) * 1e9)));
        }
    }

    @Override
    public void onCommand(Command command) {
        MeterRegistry r = registry;
        if (r == null) {
            return;
        }
        commands.computeIfAbsent(command.action().wireName(), a -> Counter.builder(MetricNames.ALERTS_COMMANDS)
                .description("Interlock commands sent to channels")
                .tag("action", a).register(r)).increment();
    }

    private synchronized Map<String, Long> openCounts() {
        long now = System.nanoTime();
        if (!hasSnapshot || now - snapshotAtNanos >= snapshotTtl.toNanos()) {
            Map<String, Long> counts = new HashMap<>();
            for (Alert a : activeAlerts.get()) {
                if (a.paging()) {
                    counts.merge(openKey(a.type(), a.severity(), a.scope()), 1L, Long::sum);
                }
            }
            snapshot = counts;
            snapshotAtNanos = now;
            hasSnapshot = true;
        }
        return snapshot;
    }

    private static String openKey(FindingType type, Severity severity, Finding.Scope scope) {
        return type + "|" + severity + "|" + scope;
    }
}
