package io.cellwatch.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The alerting rules: promtool's own checks and unit tests, and our conventions. */
class PrometheusRulesTest {

    @BeforeAll
    static void tools() {
        Tools.ensure();
    }

    @Test
    void promtoolChecksTheRules() {
        String out = Tools.check(Assets.DEPLOY, Map.of(), "promtool", "check", "rules", Assets.RULES.toString());
        assertThat(out).contains("SUCCESS");
    }

    @Test
    void promtoolUnitTestsPass() {
        List<String> args = new ArrayList<>(List.of("test", "rules"));
        Assets.ruleTests().forEach(p -> args.add(p.toString()));
        assertThat(Assets.ruleTests()).isNotEmpty();
        String out = Tools.check(Assets.RULE_TESTS, Map.of(), "promtool", args.toArray(String[]::new));
        assertThat(out).contains("SUCCESS").doesNotContain("FAILED");
    }

    @Test
    void promtoolChecksTheComposePrometheusConfigWithTheSameRules() {
        String out = Tools.check(Assets.DEPLOY, Map.of(), "promtool", "check", "config", Assets.PROMETHEUS_CONFIG.toString());
        assertThat(out).contains("rules/cellwatch-rules.yml").contains("SUCCESS");
    }

    @Test
    void everyRuleFollowsTheConventions() {
        Set<String> names = new HashSet<>();
        for (JsonNode rule : rules()) {
            String name = rule.path("alert").asText();
            assertThat(name).as("alert name").matches("Cellwatch[A-Z][A-Za-z]+");
            assertThat(names.add(name)).as("unique alert name " + name).isTrue();
            assertThat(rule.path("expr").asText()).as(name + " expr").isNotBlank();
            assertThat(rule.path("for").asText()).as(name + " for").matches("\\d+[smh]");
            assertThat(rule.path("labels").path("severity").asText()).as(name + " severity").isIn("critical", "warning");
            // cell/chamber: the lab's hardware (chamber inhibits cell); pipeline: cellwatch's own health
            assertThat(rule.path("labels").path("scope").asText()).as(name + " scope").isIn("cell", "chamber", "pipeline");
            assertThat(rule.path("annotations").path("summary").asText()).as(name + " summary").isNotBlank();
            assertThat(rule.path("annotations").path("description").asText()).as(name + " description").isNotBlank();
        }
        assertThat(names).hasSizeGreaterThanOrEqualTo(10);
    }

    @Test
    void chamberRulesKeepTheLabelsTheInhibitionMatchesOn() {
        // Alertmanager inhibits scope=cell by scope=chamber with equal [lab, chamber]: a chamber
        // rule that aggregates must keep both labels (or carry none of them and inhibit nothing).
        for (JsonNode rule : rules()) {
            String expr = rule.path("expr").asText();
            if ("chamber".equals(rule.path("labels").path("scope").asText()) && expr.contains(" by (")) {
                boolean keepsBoth = expr.matches("(?s).*by \\(lab, chamber\\).*");
                boolean alertGauge = expr.contains("cellwatch_alerts_open");
                assertThat(keepsBoth || alertGauge).as(rule.path("alert").asText() + " keeps lab and chamber").isTrue();
            }
        }
    }

    @Test
    void everyRuleHasAUnitTestWhereItFiresAndOneWhereItDoesNot() {
        Set<String> fires = new HashSet<>();
        Set<String> silent = new HashSet<>();
        for (Path file : Assets.ruleTests()) {
            JsonNode doc = Assets.yaml(file);
            for (JsonNode test : doc.path("tests")) {
                for (JsonNode t : test.path("alert_rule_test")) {
                    String name = t.path("alertname").asText();
                    (t.path("exp_alerts").isEmpty() ? silent : fires).add(name);
                }
            }
        }
        for (JsonNode rule : rules()) {
            String name = rule.path("alert").asText();
            assertThat(fires).as("a promtool test where " + name + " fires").contains(name);
            assertThat(silent).as("a promtool test where " + name + " must not fire (exp_alerts: [])").contains(name);
        }
    }

    static List<JsonNode> rules() {
        List<JsonNode> rules = new ArrayList<>();
        for (JsonNode group : Assets.yaml(Assets.RULES).path("groups")) {
            group.path("rules").forEach(rules::add);
        }
        return rules;
    }
}
