package io.cellwatch.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rules and dashboards name only metrics cellwatch exports (see {@link ExportedMetrics} for how
 * the names are derived from MetricNames, and its one leniency).
 */
class MetricNamesTest {

    private static final Set<String> EXPORTED = ExportedMetrics.prometheusNames();

    @Test
    void theTokenizerFindsMetricsAndSkipsFunctionsLabelsAndKeywords() {
        assertThat(PromQl.metricNames(
                "histogram_quantile(0.99, sum by (le) (rate(cellwatch_a_seconds_bucket{x=\"y\", le=~\"1.*\"}[$__rate_interval])))"))
                .containsExactly("cellwatch_a_seconds_bucket");
        assertThat(PromQl.metricNames(
                "count by (lab, chamber) (a - b > 5) / on (lab) group_left(cell) c >= 0.5 or vector(0) unless d offset 5m"))
                .containsExactly("a", "b", "c", "d");
        assertThat(PromQl.metricNames("(sum(rate(x_total[10m])) or vector(0)) == 0 and 1e3 > bool 2"))
                .containsExactly("x_total");
    }

    @Test
    void theExportedNamesFollowMicrometersPrometheusForm() {
        assertThat(EXPORTED).contains(
                "cellwatch_ingest_samples_dead_lettered_total",
                "cellwatch_ingest_kafka_send_seconds_bucket", "cellwatch_ingest_kafka_send_seconds_count",
                "cellwatch_ingest_kafka_send_seconds_sum", "cellwatch_ingest_kafka_send_seconds_max",
                "cellwatch_cell_voltage_volts", "cellwatch_alerts_open", "cellwatch_streams_sample_lag_seconds");
        // kinds are known for these, so the wrong form is not accepted
        assertThat(EXPORTED).doesNotContain("cellwatch_alerts_open_total", "cellwatch_ingest_samples_forwarded",
                "cellwatch_ingest_kafka_send");
    }

    @Test
    void rulesUseOnlyExportedMetrics() {
        Map<String, String> exprs = new LinkedHashMap<>();
        for (JsonNode rule : PrometheusRulesTest.rules()) {
            exprs.put(rule.path("alert").asText(), rule.path("expr").asText());
        }
        assertOnlyExported("rule", exprs);
    }

    @Test
    void dashboardsUseOnlyExportedMetrics() {
        Map<String, String> exprs = new LinkedHashMap<>();
        for (Path file : Assets.dashboards()) {
            JsonNode d = Assets.json(file);
            for (JsonNode panel : GrafanaDashboardsTest.panels(d)) {
                for (JsonNode target : panel.path("targets")) {
                    exprs.put(file.getFileName() + " / " + panel.path("title").asText() + " / " + target.path("refId").asText(),
                            target.path("expr").asText());
                }
            }
            // template variables: label_values(metric{...}, label) reads the metric
            Pattern labelValues = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)");
            for (JsonNode v : d.path("templating").path("list")) {
                if ("query".equals(v.path("type").asText())) {
                    String q = v.path("query").isTextual() ? v.path("query").asText() : v.path("query").path("query").asText();
                    Matcher m = labelValues.matcher(q);
                    assertThat(m.find()).as(file.getFileName() + " variable " + v.path("name").asText() + " uses label_values").isTrue();
                    exprs.put(file.getFileName() + " / variable " + v.path("name").asText(), m.group(1));
                }
            }
        }
        assertThat(exprs).hasSizeGreaterThan(30);
        assertOnlyExported("dashboard query", exprs);
    }

    private static void assertOnlyExported(String what, Map<String, String> exprs) {
        List<String> unknown = new ArrayList<>();
        exprs.forEach((where, expr) -> {
            Set<String> names = PromQl.metricNames(expr);
            if (names.isEmpty()) {
                unknown.add(where + ": reads no metric: " + expr);
            }
            names.stream().filter(n -> !EXPORTED.contains(n))
                    .forEach(n -> unknown.add(where + ": " + n + " is not exported (MetricNames)"));
        });
        assertThat(unknown).as("every %s names only metrics from MetricNames; exported: %s", what, EXPORTED).isEmpty();
    }
}
