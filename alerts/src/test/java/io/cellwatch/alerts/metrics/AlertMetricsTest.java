package io.cellwatch.alerts.metrics;

import io.cellwatch.telemetry.Alert;
import io.cellwatch.telemetry.Command;
import io.cellwatch.telemetry.Finding;
import io.cellwatch.telemetry.FindingType;
import io.cellwatch.telemetry.MetricNames;
import io.cellwatch.telemetry.Severity;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AlertMetricsTest {

    private static final double T0 = 1_767_225_600.0;

    private final List<Alert> active = new ArrayList<>();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AlertMetrics metrics = new AlertMetrics(() -> List.copyOf(active), Duration.ZERO);

    @Test
    void openAlertsCountOnlyPagingAlertsByTypeSeverityAndScope() {
        metrics.bindTo(registry);
        active.add(alert("c1", FindingType.HARD_SHORT, Severity.CRITICAL, Alert.State.OPEN));
        active.add(alert("c2", FindingType.HARD_SHORT, Severity.CRITICAL, Alert.State.ESCALATED));
        active.add(alert("c3", FindingType.HARD_SHORT, Severity.CRITICAL, Alert.State.MUTED));
        active.add(alert("c4", FindingType.THERMAL, Severity.WARNING, Alert.State.INHIBITED));
        active.add(alert("c5", FindingType.THERMAL, Severity.WARNING, Alert.State.OPEN));

        assertThat(open("hard_short", "critical", "cell")).isEqualTo(2.0);
        assertThat(open("thermal", "warning", "cell")).isEqualTo(1.0);
        assertThat(open("thermal", "critical", "cell")).as("every combination exists, at zero").isEqualTo(0.0);

        active.clear();
        assertThat(open("hard_short", "critical", "cell")).isEqualTo(0.0);
    }

    @Test
    void transitionsCommandsAndLatencyAreExportedUnderTheNamesRulesUse() {
        metrics.bindTo(registry);
        Alert opened = alert("c1", FindingType.HARD_SHORT, Severity.CRITICAL, Alert.State.OPEN);

        metrics.onAlert(opened, T0, T0 + 1.5);
        metrics.onAlert(alert("c1", FindingType.HARD_SHORT, Severity.CRITICAL, Alert.State.RESOLVED), T0 + 60, T0 + 61);
        metrics.onCommand(new Command("x/pause", "c1", Command.Action.PAUSE, "r", T0, null, null, "lab1", "oven", "ch", "x"));

        assertThat(registry.get(MetricNames.ALERTS_TRANSITIONS).tags("state", "open", "type", "hard_short").counter().count())
                .isEqualTo(1.0);
        assertThat(registry.get(MetricNames.ALERTS_TRANSITIONS).tags("state", "resolved").counter().count()).isEqualTo(1.0);
        assertThat(registry.get(MetricNames.ALERTS_COMMANDS).tag("action", "pause").counter().count()).isEqualTo(1.0);
        assertThat(registry.get(MetricNames.ALERTS_FINDING_TO_ALERT).timer().count()).as("resolutions are not latency").isEqualTo(1);
        assertThat(registry.get(MetricNames.ALERTS_FINDING_TO_ALERT).timer().max(java.util.concurrent.TimeUnit.MILLISECONDS))
                .isEqualTo(1500.0);

        String scrape = registry.scrape();
        assertThat(scrape).contains(
                MetricNames.prometheus(MetricNames.ALERTS_OPEN, false) + "{",
                MetricNames.prometheus(MetricNames.ALERTS_TRANSITIONS, true) + "{",
                MetricNames.prometheus(MetricNames.ALERTS_COMMANDS, true) + "{action=\"pause\"",
                MetricNames.prometheus(MetricNames.ALERTS_FINDING_TO_ALERT, false) + "_seconds_bucket");
        assertThat(scrape).contains("cellwatch_alerts_open{scope=\"chamber\",severity=\"critical\",type=\"chamber_temperature\"}");
    }

    @Test
    void eventsBeforeBindingAreIgnoredRatherThanFailing() {
        metrics.onAlert(alert("c1", FindingType.THERMAL, Severity.CRITICAL, Alert.State.OPEN), T0, T0 + 1);
        metrics.onCommand(new Command("x", "c1", Command.Action.PAUSE, null, T0, null, null, null, null, null, null));
        metrics.bindTo(registry);
        assertThat(registry.find(MetricNames.ALERTS_TRANSITIONS).counter()).isNull();
    }

    private double open(String type, String severity, String scope) {
        return registry.get(MetricNames.ALERTS_OPEN).tags("type", type, "severity", severity, "scope", scope).gauge().value();
    }

    private static Alert alert(String cellId, FindingType type, Severity severity, Alert.State state) {
        return new Alert(cellId + "/" + type.wireName() + "/1", cellId + "/" + type.wireName(), state, type, severity,
                Finding.Scope.CELL, cellId, "lab1", "oven", "ch", 1, "d", T0, T0, null, "s", Map.of(), 1, null, null,
                null, null, null, null, null, null);
    }
}
