package io.cellwatch.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.cellwatch.telemetry.Topics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Helm chart, with real Helm in the JVM (helm-java): lint --strict, then template with the
 * defaults and with every optional part on, and checks on the rendered objects.
 */
class HelmChartTest {

    private static List<JsonNode> defaults;
    private static List<JsonNode> everything;

    @BeforeAll
    static void render() {
        defaults = template(t -> t);
        everything = template(t -> t
                .set("metrics.serviceMonitor.enabled", true)
                .set("metrics.serviceMonitor.labels.release", "kube-prometheus-stack")
                .set("metrics.prometheusRule.enabled", true)
                .set("metrics.prometheusRule.labels.release", "kube-prometheus-stack")
                .set("edge.simulator.enabled", true)
                .set("kafka.clientConfigSecret", "cellwatch-kafka-client")
                .set("strimzi.apiVersion", "kafka.strimzi.io/v1beta2"));
    }

    @Test
    void lintStrictPasses() {
        LintResult lint = new Helm(Assets.CHART).lint().strict().call();
        assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();
    }

    @Test
    void theWorkloadsAreThere() {
        assertThat(names(defaults, "Deployment")).containsExactlyInAnyOrder("cw-cellwatch-ingest", "cw-cellwatch-alerts");
        assertThat(names(defaults, "StatefulSet")).containsExactly("cw-cellwatch-streams");
        assertThat(names(defaults, "HorizontalPodAutoscaler")).containsExactly("cw-cellwatch-ingest");
        assertThat(names(defaults, "Service")).contains("cw-cellwatch-ingest", "cw-cellwatch-streams",
                "cw-cellwatch-streams-headless", "cw-cellwatch-alerts");
        assertThat(names(defaults, "ConfigMap")).contains("cw-cellwatch-config");
        // optional parts are off by default
        assertThat(names(defaults, "ServiceMonitor")).isEmpty();
        assertThat(names(defaults, "PrometheusRule")).isEmpty();
        assertThat(names(everything, "Deployment")).contains("cw-cellwatch-edge-simulator");
        // the HPA owns the replica count
        assertThat(only(defaults, "Deployment", "cw-cellwatch-ingest").path("spec").has("replicas")).isFalse();
    }

    @Test
    void everyContainerHasProbesResourcesAndRunsAsNonRoot() {
        int containers = 0;
        for (JsonNode pod : podSpecs(everything)) {
            JsonNode psc = pod.path("securityContext");
            assertThat(psc.path("runAsNonRoot").asBoolean()).isTrue();
            assertThat(psc.path("runAsUser").asInt()).isPositive();
            for (JsonNode c : pod.path("containers")) {
                containers++;
                String name = c.path("name").asText();
                assertThat(c.path("resources").path("requests").path("memory").asText()).as(name).isNotBlank();
                assertThat(c.path("securityContext").path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
                assertThat(c.path("securityContext").path("readOnlyRootFilesystem").asBoolean()).isTrue();
                assertThat(c.path("image").asText()).isEqualTo("cellwatch:0.1.0-SNAPSHOT");
                assertThat(mountPaths(c)).contains("/tmp", "/etc/cellwatch/kafka");
                if (name.equals("edge-simulator")) {
                    assertThat(c.path("args").get(0).asText()).isEqualTo("simulate");
                    continue; // `cellwatch simulate` serves no HTTP: no probes
                }
                assertThat(c.path("readinessProbe").path("httpGet").path("path").asText()).as(name).isEqualTo("/health/ready");
                assertThat(c.path("livenessProbe").path("httpGet").path("path").asText()).as(name).isEqualTo("/health/live");
                assertThat(c.path("readinessProbe").path("httpGet").path("port").asText()).isEqualTo("http");
                assertThat(c.path("ports").get(0).path("name").asText()).isEqualTo("http");
            }
        }
        assertThat(containers).isEqualTo(4);
    }

    @Test
    void streamsKeepsItsStateOnAVolumeAtStateDir() {
        JsonNode sts = only(defaults, "StatefulSet", "cw-cellwatch-streams");
        JsonNode config = only(defaults, "ConfigMap", "cw-cellwatch-config").path("data");
        String stateDir = config.path("CELLWATCH_STATE_DIR").asText();
        assertThat(stateDir).isEqualTo("/var/lib/cellwatch/streams");
        assertThat(sts.path("spec").path("volumeClaimTemplates").get(0).path("metadata").path("name").asText()).isEqualTo("state");
        JsonNode container = sts.path("spec").path("template").path("spec").path("containers").get(0);
        assertThat(mountPaths(container)).contains(stateDir);
        assertThat(sts.path("spec").path("replicas").asInt()).isEqualTo(2);
        assertThat(config.path("CELLWATCH_STREAMS_NUM_STANDBY_REPLICAS").asText()).isEqualTo("1");
        assertThat(container.path("args").toString()).contains("streams");
        assertThat(container.path("env").toString()).contains("CELLWATCH_ADVERTISED_HOST");
    }

    @Test
    void everyTopicHasAKafkaTopic() {
        for (List<JsonNode> rendered : List.of(defaults, everything)) {
            List<JsonNode> topics = ofKind(rendered, "KafkaTopic");
            Set<String> names = topics.stream().map(t -> t.path("spec").path("topicName").asText()).collect(Collectors.toSet());
            for (Topics.Topic<?, ?> t : Topics.ALL) {
                assertThat(names).as("KafkaTopic for " + t.name()).contains(t.name());
                JsonNode kt = topics.stream().filter(k -> k.path("spec").path("topicName").asText().equals(t.name())).findFirst().orElseThrow();
                t.configs().forEach((k, v) -> assertThat(kt.path("spec").path("config").path(k).asText()).isEqualTo(v));
                assertThat(kt.path("spec").path("partitions").asInt()).isPositive();
            }
            for (JsonNode t : topics) {
                assertThat(t.path("metadata").path("labels").path("strimzi.io/cluster").asText()).isEqualTo("cellwatch");
            }
        }
        assertThat(ofKind(defaults, "KafkaTopic").get(0).path("apiVersion").asText()).isEqualTo("kafka.strimzi.io/v1");
        assertThat(ofKind(everything, "KafkaTopic").get(0).path("apiVersion").asText()).isEqualTo("kafka.strimzi.io/v1beta2");
    }

    @Test
    void prometheusRuleIsTheRulesFileAndServiceMonitorSelectsTheServices() {
        JsonNode rule = ofKind(everything, "PrometheusRule").get(0);
        assertThat(rule.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(rule.path("metadata").path("labels").path("release").asText()).isEqualTo("kube-prometheus-stack");
        assertThat(rule.path("spec")).isEqualTo(Assets.yaml(Assets.RULES));
        JsonNode sm = ofKind(everything, "ServiceMonitor").get(0);
        assertThat(sm.path("metadata").path("labels").path("release").asText()).isEqualTo("kube-prometheus-stack");
        assertThat(sm.path("spec").path("endpoints").get(0).path("path").asText()).isEqualTo("/metrics");
        assertThat(sm.path("spec").path("endpoints").get(0).path("port").asText()).isEqualTo("http");
    }

    @Test
    void dashboardsAreConfigMapsForTheGrafanaSidecar() throws IOException {
        List<JsonNode> maps = ofKind(defaults, "ConfigMap").stream()
                .filter(m -> "1".equals(m.path("metadata").path("labels").path("grafana_dashboard").asText())).toList();
        assertThat(maps).hasSize(Assets.dashboards().size());
        for (Path file : Assets.dashboards()) {
            String key = file.getFileName().toString();
            JsonNode map = maps.stream().filter(m -> m.path("data").has(key)).findFirst().orElseThrow(
                    () -> new AssertionError("no dashboard ConfigMap has " + key));
            assertThat(Assets.JSON.readTree(map.path("data").path(key).asText())).isEqualTo(Assets.json(file));
        }
    }

    @Test
    void theChartsCopiesEqualTheSourceFiles() throws IOException {
        // Helm reads nothing outside the chart folder, so the chart carries copies: keep them equal.
        // To refresh: cp deploy/prometheus/rules/cellwatch-rules.yml deploy/helm/cellwatch/files/ &&
        //             cp deploy/grafana/dashboards/*.json deploy/helm/cellwatch/files/dashboards/
        assertThat(Files.readString(Assets.CHART.resolve("files/cellwatch-rules.yml")))
                .as("deploy/helm/cellwatch/files/cellwatch-rules.yml equals deploy/prometheus/rules/cellwatch-rules.yml")
                .isEqualTo(Files.readString(Assets.RULES));
        Path copies = Assets.CHART.resolve("files/dashboards");
        Set<String> names = new TreeSet<>();
        Assets.dashboards().forEach(p -> names.add(p.getFileName().toString()));
        Set<String> copyNames = new TreeSet<>();
        Assets.list(copies, ".json").forEach(p -> copyNames.add(p.getFileName().toString()));
        assertThat(copyNames).isEqualTo(names);
        for (String n : names) {
            assertThat(Files.readString(copies.resolve(n))).as("chart copy of " + n).isEqualTo(Files.readString(Assets.DASHBOARDS.resolve(n)));
        }
    }

    private static List<JsonNode> template(UnaryOperator<TemplateCommand> values) {
        String out = values.apply(new Helm(Assets.CHART).template().withName("cw").withNamespace("lab").withKubeVersion("1.30.0")).call();
        return Assets.yamlDocuments(out);
    }

    private static List<JsonNode> ofKind(List<JsonNode> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    }

    private static List<String> names(List<JsonNode> docs, String kind) {
        return ofKind(docs, kind).stream().map(d -> d.path("metadata").path("name").asText()).toList();
    }

    private static JsonNode only(List<JsonNode> docs, String kind, String name) {
        List<JsonNode> found = ofKind(docs, kind).stream().filter(d -> name.equals(d.path("metadata").path("name").asText())).toList();
        assertThat(found).as(kind + " " + name).hasSize(1);
        return found.get(0);
    }

    private static List<JsonNode> podSpecs(List<JsonNode> docs) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode d : docs) {
            if (Set.of("Deployment", "StatefulSet").contains(d.path("kind").asText())) {
                out.add(d.path("spec").path("template").path("spec"));
            }
        }
        return out;
    }

    private static List<String> mountPaths(JsonNode container) {
        List<String> out = new ArrayList<>();
        container.path("volumeMounts").forEach(m -> out.add(m.path("mountPath").asText()));
        return out;
    }

}
