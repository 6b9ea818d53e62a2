package io.cellwatch.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Alertmanager routes and inhibitions: amtool's checks and our conventions. */
class AlertmanagerConfigTest {

    @BeforeAll
    static void tools() {
        Tools.ensure();
    }

    @Test
    void amtoolChecksTheConfig() {
        String out = Tools.check(Assets.DEPLOY, Map.of(), "amtool", "check-config", Assets.ALERTMANAGER.toString());
        assertThat(out).contains("SUCCESS");
    }

    @Test
    void criticalPagesAndWarningsGoToChat() {
        assertThat(route("severity=critical", "scope=cell", "alertname=CellwatchCellTemperatureHigh")).isEqualTo("pager");
        assertThat(route("severity=critical", "scope=pipeline")).isEqualTo("pager");
        assertThat(route("severity=warning", "scope=cell")).isEqualTo("chat");
        assertThat(route("severity=info")).isEqualTo("chat");
    }

    @Test
    void chamberInhibitsCellsOfTheSameLabAndChamberWithTheNewMatcherSyntax() {
        JsonNode config = Assets.yaml(Assets.ALERTMANAGER);
        assertThat(keysNamed(config, "match")).as("deprecated match").isEmpty();
        assertThat(keysNamed(config, "match_re")).as("deprecated match_re").isEmpty();
        assertThat(keysNamed(config, "source_match")).isEmpty();
        assertThat(keysNamed(config, "target_match")).isEmpty();
        boolean found = false;
        for (JsonNode rule : config.path("inhibit_rules")) {
            List<String> source = texts(rule.path("source_matchers"));
            List<String> target = texts(rule.path("target_matchers"));
            if (source.contains("scope=\"chamber\"") && target.contains("scope=\"cell\"")) {
                found = true;
                assertThat(texts(rule.path("equal"))).containsExactlyInAnyOrder("lab", "chamber");
            }
        }
        assertThat(found).as("an inhibit rule scope=chamber -> scope=cell").isTrue();
    }

    @Test
    void receiversArePlaceholdersOnLoopbackWithNoSecrets() {
        JsonNode config = Assets.yaml(Assets.ALERTMANAGER);
        int urls = 0;
        for (JsonNode r : config.path("receivers")) {
            for (JsonNode w : r.path("webhook_configs")) {
                urls++;
                assertThat(w.path("url").asText()).startsWith("http://127.0.0.1:");
            }
            assertThat(r.has("slack_configs") || r.has("pagerduty_configs") || r.has("email_configs")).isFalse();
        }
        assertThat(urls).isEqualTo(2);
    }

    private static String route(String... labels) {
        List<String> args = new ArrayList<>(List.of("config", "routes", "test", "--config.file=" + Assets.ALERTMANAGER));
        args.addAll(List.of(labels));
        // amtool also prints a warning that --config.file overrides --alertmanager.url
        return Tools.check(Assets.DEPLOY, Map.of(), "amtool", args.toArray(String[]::new)).lines()
                .filter(l -> !l.isBlank() && !l.startsWith("Warning:")).reduce((a, b) -> b).orElse("").strip();
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText().replace(" ", "")));
        return out;
    }

    private static List<String> keysNamed(JsonNode node, String key) {
        List<String> found = new ArrayList<>();
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals(key)) {
                    found.add(e.getKey());
                }
                found.addAll(keysNamed(e.getValue(), key));
            }
        } else if (node.isArray()) {
            node.forEach(n -> found.addAll(keysNamed(n, key)));
        }
        return found;
    }
}
