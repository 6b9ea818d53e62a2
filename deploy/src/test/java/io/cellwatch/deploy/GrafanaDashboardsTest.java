package io.cellwatch.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Dashboard JSON and Grafana provisioning, checked without a Grafana binary. */
class GrafanaDashboardsTest {

    static final String PINNED_UID = "cellwatch-prometheus";
    private static final Pattern RATE = Pattern.compile("\\b(rate|irate|increase)\\(");

    @Test
    void thereAreTheThreeDashboards() {
        Set<String> uids = new HashSet<>();
        for (Path file : Assets.dashboards()) {
            uids.add(Assets.json(file).path("uid").asText());
        }
        assertThat(uids).contains("cellwatch-fleet", "cellwatch-cell", "cellwatch-pipeline");
    }

    @Test
    void uidsAreStableAndUniqueAndIdsNull() {
        Set<String> uids = new HashSet<>();
        for (Path file : Assets.dashboards()) {
            JsonNode d = Assets.json(file);
            String uid = d.path("uid").asText();
            assertThat(uid).as(file + " uid").matches("[a-z0-9-]{1,40}");
            assertThat(uids.add(uid)).as("unique uid " + uid).isTrue();
            assertThat(d.has("id")).as(file + " has id").isTrue();
            assertThat(d.get("id").isNull()).as(file + " \"id\": null").isTrue();
            assertThat(d.path("title").asText()).isNotBlank();
            Set<Integer> panelIds = new HashSet<>();
            for (JsonNode p : panels(d)) {
                assertThat(panelIds.add(p.path("id").asInt())).as(file + " unique panel id " + p.path("id")).isTrue();
                assertThat(p.path("gridPos").path("w").asInt()).as(file + " panel width").isPositive();
            }
        }
    }

    @Test
    void everyDashboardHasADatasourceVariableAndEveryQueryUsesItOrThePinnedUid() {
        for (Path file : Assets.dashboards()) {
            JsonNode d = Assets.json(file);
            boolean hasVar = false;
            for (JsonNode v : d.path("templating").path("list")) {
                if ("datasource".equals(v.path("type").asText()) && "prometheus".equals(v.path("query").asText())) {
                    hasVar = "datasource".equals(v.path("name").asText());
                }
                if ("query".equals(v.path("type").asText())) {
                    assertDatasource(file + " variable " + v.path("name").asText(), v.path("datasource"));
                }
            }
            assertThat(hasVar).as(file + " has a Prometheus datasource variable named datasource").isTrue();
            for (JsonNode p : panels(d)) {
                String where = file.getFileName() + " / " + p.path("title").asText();
                assertDatasource(where, p.path("datasource"));
                assertThat(p.path("targets")).as(where + " targets").isNotEmpty();
                for (JsonNode t : p.path("targets")) {
                    assertDatasource(where + " / " + t.path("refId").asText(), t.path("datasource"));
                }
            }
        }
    }

    @Test
    void everyPanelHasAUnit() {
        for (Path file : Assets.dashboards()) {
            for (JsonNode p : panels(Assets.json(file))) {
                assertThat(p.path("fieldConfig").path("defaults").path("unit").asText())
                        .as(file.getFileName() + " / " + p.path("title").asText() + " unit").isNotBlank();
            }
        }
    }

    @Test
    void ratesUseRateInterval() {
        int rates = 0;
        for (Path file : Assets.dashboards()) {
            for (JsonNode p : panels(Assets.json(file))) {
                for (JsonNode t : p.path("targets")) {
                    String expr = t.path("expr").asText();
                    Matcher m = RATE.matcher(expr);
                    while (m.find()) {
                        rates++;
                        int open = expr.indexOf('[', m.end());
                        String range = open < 0 ? "" : expr.substring(open + 1, expr.indexOf(']', open));
                        assertThat(range).as(file.getFileName() + " / " + p.path("title").asText() + ": " + expr)
                                .isEqualTo("$__rate_interval");
                    }
                }
            }
        }
        assertThat(rates).isGreaterThan(10);
    }

    @Test
    void cellDetailHasLabChamberCellVariablesAndTheAnalyticsPanels() {
        JsonNode d = Assets.json(Assets.DASHBOARDS.resolve("cell-detail.json"));
        List<String> vars = new ArrayList<>();
        d.path("templating").path("list").forEach(v -> vars.add(v.path("name").asText()));
        assertThat(vars).containsSubsequence("lab", "chamber", "cell");
        String all = d.toString();
        assertThat(all).contains("cellwatch_cell_voltage_volts", "cellwatch_cell_current_amperes",
                "cellwatch_cell_temperature_celsius", "cellwatch_cell_discharge_capacity_ampere_hours",
                "cellwatch_cell_coulombic_efficiency_ratio", "cellwatch_cell_capacity_retention_ratio",
                "cellwatch_cell_polarization_volts");
    }

    @Test
    void provisioningPinsTheDatasourceUidAndPointsAtTheDashboards() {
        JsonNode ds = Assets.yaml(Assets.GRAFANA_PROVISIONING.resolve("datasources/prometheus.yaml"));
        assertThat(ds.path("datasources").get(0).path("uid").asText()).isEqualTo(PINNED_UID);
        assertThat(ds.path("datasources").get(0).path("type").asText()).isEqualTo("prometheus");
        JsonNode dash = Assets.yaml(Assets.GRAFANA_PROVISIONING.resolve("dashboards/cellwatch.yaml"));
        JsonNode provider = dash.path("providers").get(0);
        assertThat(provider.path("type").asText()).isEqualTo("file");
        // docker-compose mounts deploy/grafana/dashboards at this path
        String path = provider.path("options").path("path").asText();
        assertThat(Assets.read(Assets.COMPOSE)).contains("./deploy/grafana/dashboards:" + path + ":ro");
        // and each dashboard's datasource variable defaults to the pinned uid
        for (Path file : Assets.dashboards()) {
            for (JsonNode v : Assets.json(file).path("templating").path("list")) {
                if ("datasource".equals(v.path("type").asText())) {
                    assertThat(v.path("current").path("value").asText()).isEqualTo(PINNED_UID);
                }
            }
        }
    }

    private static void assertDatasource(String where, JsonNode ds) {
        assertThat(ds.path("type").asText()).as(where + " datasource type").isEqualTo("prometheus");
        assertThat(ds.path("uid").asText()).as(where + " datasource uid").isIn("${datasource}", PINNED_UID);
    }

    /** Every panel, rows' nested panels included. */
    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode p : dashboard.path("panels")) {
            if ("row".equals(p.path("type").asText())) {
                p.path("panels").forEach(out::add);
            } else {
                out.add(p);
            }
        }
        return out;
    }
}
