package io.cellwatch.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the harness working. No timing assertions; numbers are only checked to exist. The default
 * suite runs the sections that need no brokers (seconds); every section, each on fresh embedded
 * brokers, takes about 2.5 min even with {@code --quick}, so that run is in {@code -Psoak}.
 */
class BenchSmokeTest {

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aQuickMemoryRunMeasuresAndWritesJsonThatParses(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("bench.json");
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new BenchCommand());
        cli.setOut(new PrintWriter(out, true));

        int code = cli.execute("--quick", "--only", "memory", "--json", json.toString());

        assertThat(code).as(out.toString()).isZero();
        assertThat(out.toString()).contains("cores");
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertThat(root.path("machine").path("cores").asInt()).isPositive();
        assertPositive(root.path("sections"), "memory", "heap per cell");
        assertPositive(root.path("sections"), "memory", "state store bytes per cell (total)");
    }

    @Test
    @org.junit.jupiter.api.Tag("soak")
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void aQuickRunMeasuresEverySectionAndWritesJsonThatParses(@TempDir Path dir) throws Exception {
        // given
        Path json = dir.resolve("bench.json");
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new BenchCommand());
        cli.setOut(new PrintWriter(out, true));

        // when
        int code = cli.execute("--quick", "--json", json.toString());

        // then
        System.out.println(out);
        assertThat(code).as(out.toString()).isZero();
        assertThat(out.toString()).contains("section").contains("target").contains("cores");
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertThat(root.path("machine").path("cores").asInt()).isPositive();
        JsonNode sections = root.path("sections");
        for (String section : BenchOptions.ALL_SECTIONS) {
            assertThat(sections.has(section)).as("section %s in %s", section, sections).isTrue();
        }
        assertPositive(sections, "ceilings", "kafka producer (telemetry records)");
        assertPositive(sections, "ceilings", "mqtt messages");
        assertPositive(sections, "pipeline", "pipeline / raw Kafka producer");
        assertPositive(sections, "pipeline", "bridge forwarded to Kafka");
        assertPositive(sections, "latency", "offered load (measured window)");
        assertPositive(sections, "latency", "sample -> finding count");
        assertPositive(sections, "latency", "sample -> finding p99");
        assertPositive(sections, "memory", "heap per cell");
        assertPositive(sections, "memory", "state store bytes per cell (total)");
        assertPositive(sections, "scaling", "1 partition(s) / stream thread(s)");
        assertPositive(sections, "scaling", "2 partition(s) / stream thread(s)");
        assertPositive(sections, "scaling", "4 partition(s) / stream thread(s)");
        assertPositive(sections, "analytics", "pure CellAnalytics, one thread");
        assertPositive(sections, "analytics", "topology / identity");
        assertThat(root.path("targets").size()).isEqualTo(6);
    }

    private static void assertPositive(JsonNode sections, String section, String figure) {
        JsonNode value = sections.path(section).path(figure).path("value");
        assertThat(value.isNumber()).as("%s / %s in %s", section, figure, sections.path(section)).isTrue();
        assertThat(value.asDouble()).as("%s / %s", section, figure).isPositive();
    }
}
