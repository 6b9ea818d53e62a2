package io.cellwatch.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cellwatch.telemetry.Topics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** docker-compose.yml at the repository root: valid, pinned, and every mounted file exists. */
class DockerComposeTest {

    private static final Map<String, String> ENV = Map.of("CELLWATCH_MQTT_LAB_PASSWORD", "test-only");

    @BeforeAll
    static void tools() {
        Tools.ensure();
    }

    @Test
    void dockerComposeAcceptsTheFileWithEveryProfile() {
        Tools.check(Assets.REPO, ENV, "docker-compose", "config", "--quiet");
        String services = Tools.check(Assets.REPO, ENV, "docker-compose", "config", "--services");
        assertThat(services.lines().toList()).contains("kafka", "kafka-init", "mosquitto", "ingest", "streams-1",
                "streams-2", "alerts", "edge-sim", "prometheus", "alertmanager", "grafana");
        // every service runs by default: nothing waits behind a profile for a command that does not exist
        for (Map.Entry<String, JsonNode> s : services()) {
            assertThat(s.getValue().path("profiles").isMissingNode()).as(s.getKey() + " has no profile").isTrue();
        }
    }

    @Test
    void theLabPasswordIsRequiredNotDefaulted() {
        Tools.Result r = Tools.run(Assets.REPO, Map.of("CELLWATCH_MQTT_LAB_PASSWORD", ""), 60,
                Tools.require("docker-compose"), "config", "--quiet");
        assertThat(r.exit()).isNotZero();
        assertThat(r.output()).contains("CELLWATCH_MQTT_LAB_PASSWORD");
    }

    @Test
    void everyImageTagIsPinned() {
        for (Map.Entry<String, JsonNode> s : services()) {
            String image = s.getValue().path("image").asText();
            assertThat(image).as(s.getKey() + " image").isNotBlank();
            String tag = image.substring(image.lastIndexOf(':') + 1);
            assertThat(image).as(s.getKey() + " has a tag").contains(":");
            assertThat(tag).as(s.getKey() + " tag").isNotIn("latest", "").doesNotStartWith("$");
        }
        assertThat(image("kafka")).startsWith("apache/kafka:");
        assertThat(image("ingest")).startsWith("cellwatch:");
    }

    @Test
    void everyBindMountSourceExists() {
        int mounts = 0;
        for (Map.Entry<String, JsonNode> s : services()) {
            for (JsonNode v : s.getValue().path("volumes")) {
                String spec = v.isTextual() ? v.asText() : v.path("source").asText();
                String source = spec.split(":", 2)[0];
                if (source.startsWith(".") || source.startsWith("/")) {
                    mounts++;
                    Path p = Assets.REPO.resolve(source).normalize();
                    assertThat(Files.exists(p)).as(s.getKey() + " mounts " + source + " (" + p + ")").isTrue();
                }
            }
        }
        assertThat(mounts).isGreaterThanOrEqualTo(7);
    }

    @Test
    void kafkaIsSingleNodeKraftReadyForExactlyOnce() {
        JsonNode env = service("kafka").path("environment");
        assertThat(env.path("KAFKA_PROCESS_ROLES").asText()).isEqualTo("broker,controller");
        assertThat(env.path("CLUSTER_ID").asText()).isNotBlank();
        assertThat(env.path("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR").asInt()).isEqualTo(1);
        assertThat(env.path("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR").asInt()).isEqualTo(1);
        assertThat(env.path("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR").asInt()).isEqualTo(1);
    }

    @Test
    void kafkaInitCreatesEveryTopic() {
        String script = service("kafka-init").path("command").toString();
        for (Topics.Topic<?, ?> t : Topics.ALL) {
            assertThat(script).as("kafka-init creates " + t.name()).contains("create " + t.name() + " ");
            t.configs().forEach((k, v) -> assertThat(script).contains(k + "=" + v));
        }
    }

    @Test
    void prometheusLoadsTheSameRulesFile() {
        List<String> volumes = new ArrayList<>();
        service("prometheus").path("volumes").forEach(v -> volumes.add(v.asText()));
        assertThat(volumes).contains("./deploy/prometheus/rules:/etc/prometheus/rules:ro",
                "./deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro");
    }

    @Test
    void mosquittoHasPerLabAcl() {
        String acl = Assets.read(Assets.DEPLOY.resolve("mosquitto/acl"));
        assertThat(acl).contains("pattern readwrite cellwatch/v1/%u/#");
        String conf = Assets.read(Assets.DEPLOY.resolve("mosquitto/mosquitto.conf"));
        assertThat(conf).contains("password_file /mosquitto/passwd/passwd", "acl_file /mosquitto/config/acl");
    }

    private static String image(String service) {
        return service(service).path("image").asText();
    }

    private static JsonNode service(String name) {
        JsonNode s = Assets.yamlWithMerges(Assets.COMPOSE).path("services").path(name);
        assertThat(s.isMissingNode()).as("service " + name).isFalse();
        return s;
    }

    private static List<Map.Entry<String, JsonNode>> services() {
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = Assets.yamlWithMerges(Assets.COMPOSE).path("services").fields(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }
}
