package io.cellwatch.app;

import io.cellwatch.embedded.EmbeddedMqttBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

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

            int code = Cellwatch.commandLine().execute("edge", "--config", config.toString(), "--exit-when-done");

            assertThat(code).isZero();
            try (var queue = io.cellwatch.edge.agent.DiskQueue.open(dir.resolve("queue"), 1 << 30, 1)) {
                assertThat(queue.size()).as("every batch acknowledged").isZero();
                assertThat(queue.ackedIndex()).isEqualTo(19); // 9,065 rows in batches of 500
            }
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
