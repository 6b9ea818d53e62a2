package io.cellwatch.app;

import io.cellwatch.embedded.EmbeddedMqttBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class EdgeCommandTest {

    private static final Path NEWARE = Path.of("/work/shared/data/cyclers/cellpy/neware_uio.csv");

    @TempDir
    Path dir;

    @Test
    void edgeReplaysAFileToMqttAndExitsWhenEverythingIsAcknowledged() throws Exception {
        try (EmbeddedMqttBroker broker = EmbeddedMqttBroker.start()) {
            Path config = dir.resolve("edge.yaml");
            Files.writeString(config, """
                    lab: labC
                    mqtt: {uri: "%s", client-id: edge-cli}
                    queue: {dir: queue}
                    batch: {max-samples: 500}
                    progress-interval-s: 0.5
                    channels:
                      - chamber: A
                        channel: ch1
                        source: {type: file, path: %s, speed: max}
                    """.formatted(broker.serverUri(), NEWARE));

            int code = Cellwatch.commandLine().execute("edge", "--config", config.toString(), "--exit-when-done",
                    "--http-port", "-1");

            assertThat(code).isZero();
            try (var queue = io.cellwatch.edge.agent.DiskQueue.open(dir.resolve("queue"), 1 << 30, 1)) {
                assertThat(queue.size()).as("every batch acknowledged").isZero();
                assertThat(queue.ackedIndex()).isEqualTo(19); // 9,065 rows in batches of 500
            }
        }
    }

    /** What Prometheus scrapes from a running agent (the rules in deploy/prometheus watch these). */
    @Test
    void aRunningAgentServesItsMetricsAndIsReadyOnceConnected() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (EmbeddedMqttBroker broker = EmbeddedMqttBroker.start()) {
            Path config = dir.resolve("edge.yaml");
            // 40 simulated samples, 10 s apart, at 100x: about 4 s of publishing to scrape during
            Files.writeString(config, """
                    lab: labM
                    mqtt: {uri: "%s", client-id: edge-metrics}
                    queue: {dir: queue}
                    batch: {max-samples: 5, max-delay-ms: 200}
                    channels:
                      - chamber: A
                        channel: ch1
                        source: {type: simulator, preset: core-shell-100c, sample-period-s: 10, speed: 100x, max-samples: 40}
                    """.formatted(broker.serverUri()));
            CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> Cellwatch.commandLine().execute(
                    "edge", "--config", config.toString(), "--exit-when-done", "--http-port", String.valueOf(port)));
            HttpClient http = HttpClient.newHttpClient();
            String metrics = null;
            boolean ready = false;
            long deadline = System.nanoTime() + 20_000_000_000L;
            while ((metrics == null || !ready) && !run.isDone() && System.nanoTime() < deadline) {
                try {
                    HttpResponse<String> m = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
                    if (m.statusCode() == 200 && m.body().contains("cellwatch_edge_mqtt_connected 1")) {
                        metrics = m.body();
                    }
                    ready |= http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).build(),
                            HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
                } catch (java.net.ConnectException notYet) {
                    // the agent is still starting
                }
                Thread.sleep(50); // polling the agent's HTTP port; nothing to wait on from here
            }
            assertThat(metrics).as("a scrape while connected").isNotNull();
            assertThat(ready).as("/health/ready answered 200 while connected").isTrue();
            // exactly the names the Prometheus rules use (a unit suffix added twice would break them silently)
            for (String name : List.of("cellwatch_edge_samples_queued_total", "cellwatch_edge_batches_acked_total",
                    "cellwatch_edge_queue_bytes", "cellwatch_edge_queue_limit_bytes", "cellwatch_edge_queue_batches",
                    "cellwatch_edge_mqtt_connected")) {
                assertThat(metrics).as(name).containsPattern("(?m)^" + name + "(\\{[^}]*\\})? \\S+$");
            }
            assertThat(metrics).containsPattern("(?m)^cellwatch_edge_queue_full_total(\\{[^}]*\\})? 0\\.0$");
            assertThat(run.get(60, TimeUnit.SECONDS)).isZero();
        }
    }

    @Test
    void aConfigurationErrorNamesTheFieldAndIsAUsageError() throws Exception {
        Path config = dir.resolve("edge.yaml");
        Files.writeString(config, """
                lab: labC
                mqtt: {uri: "tcp://localhost:1883", client-id: edge-cli}
                queue: {dir: queue}
                channels:
                  - {chamber: A, channel: ch1, source: {type: tail}}
                """);
        StringWriter err = new StringWriter();
        CommandLine cli = Cellwatch.commandLine();
        cli.setErr(new PrintWriter(err));

        int code = cli.execute("edge", "--config", config.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("channels[0].source.path: required for a tail source")
                .doesNotContain("Exception");
    }
}
