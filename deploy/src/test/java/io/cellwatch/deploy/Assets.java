package io.cellwatch.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Where the operations assets are, and how to read them. */
final class Assets {

    static final ObjectMapper JSON = new ObjectMapper();
    static final YAMLMapper YAML = new YAMLMapper();

    /** The deploy module (Surefire runs the tests in the module's folder). */
    static final Path DEPLOY = findDeploy();
    static final Path REPO = DEPLOY.getParent();

    static final Path RULES = DEPLOY.resolve("prometheus/rules/cellwatch-rules.yml");
    static final Path RULE_TESTS = DEPLOY.resolve("prometheus/tests");
    static final Path PROMETHEUS_CONFIG = DEPLOY.resolve("prometheus/prometheus.yml");
    static final Path ALERTMANAGER = DEPLOY.resolve("alertmanager/alertmanager.yml");
    static final Path DASHBOARDS = DEPLOY.resolve("grafana/dashboards");
    static final Path GRAFANA_PROVISIONING = DEPLOY.resolve("grafana/provisioning");
    static final Path CHART = DEPLOY.resolve("helm/cellwatch");
    static final Path COMPOSE = REPO.resolve("docker-compose.yml");
    static final Path METRIC_NAMES_SOURCE = REPO.resolve("telemetry/src/main/java/io/cellwatch/telemetry/MetricNames.java");

    private Assets() {
    }

    private static Path findDeploy() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p : List.of(here, here.resolve("deploy"))) {
            if (Files.isRegularFile(p.resolve("tools/ensure-tools.sh"))) {
                return p;
            }
        }
        throw new IllegalStateException("run the tests from the deploy module or the repository root, not " + here);
    }

    static JsonNode yaml(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
    }

    /**
     * YAML with merge keys ({@code <<: *anchor}) resolved, as docker-compose reads it: SnakeYAML
     * (Jackson's YAML reader leaves {@code <<} as a plain key).
     */
    static JsonNode yamlWithMerges(Path file) {
        try (var in = Files.newBufferedReader(file)) {
            Object tree = new org.yaml.snakeyaml.Yaml().load(in);
            return JSON.valueToTree(tree);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
    }

    static JsonNode json(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
    }

    /** Every document of a multi-document YAML stream (Helm's rendered output), empty ones dropped. */
    static List<JsonNode> yamlDocuments(String text) {
        try (var parser = new YAMLFactory().createParser(text)) {
            List<JsonNode> docs = new ArrayList<>();
            var it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode() && doc.size() > 0) {
                    docs.add(doc);
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse rendered YAML", e);
        }
    }

    static List<Path> dashboards() {
        return list(DASHBOARDS, ".json");
    }

    static List<Path> ruleTests() {
        return list(RULE_TESTS, ".yml");
    }

    static List<Path> list(Path dir, String suffix) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
