package io.cellwatch.edge.agent;

import io.cellwatch.edge.sim.Preset;
import io.cellwatch.telemetry.ChannelAddress;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EdgeConfigTest {

    private static final Path BASE = Path.of("/etc/cellwatch");
    private static final String MINIMAL = """
            lab: lab1
            mqtt: {uri: "tcp://localhost:1883", client-id: edge1}
            queue: {dir: queue}
            channels:
              - chamber: A
                channel: ch1
                source: {type: file, path: data/ch1.csv}
            """;

    @Test
    void theExampleInDeployParsesWithEveryKindOfSource() throws Exception {
        Path example = Path.of("../deploy/edge/edge.example.yaml");
        if (!Files.exists(example)) {
            example = Path.of("deploy/edge/edge.example.yaml");
        }
        EdgeConfig config = EdgeConfig.load(example);

        assertThat(config.lab()).isEqualTo("lab1");
        assertThat(config.queue().syncEveryAppends()).isEqualTo(1);
        assertThat(config.channels()).extracting(c -> c.source().type())
                .containsExactly(EdgeConfig.SourceType.TAIL, EdgeConfig.SourceType.FILE, EdgeConfig.SourceType.SIMULATOR);
        assertThat(config.channels().get(0).cellId()).isEqualTo("cs-100c-01");
        assertThat(config.channels().get(1).cellId()).isEqualTo("lab1.chamberA.ch02");
        assertThat(config.channels().get(1).source().speed()).isEqualTo(60.0);
        assertThat(config.channels().get(2).source().preset()).isEqualTo(Preset.CORE_SHELL_100C);
        assertThat(config.channels().get(2).metadata().chamberSetpointC()).isEqualTo(100.0);
    }

    @Test
    void defaultsFillWhatTheFileLeavesOutAndPathsAreRelativeToIt() throws Exception {
        EdgeConfig config = EdgeConfig.parse(MINIMAL, BASE);

        assertThat(config.queue().dir()).isEqualTo(Path.of("/etc/cellwatch/queue"));
        assertThat(config.queue().maxBytes()).isEqualTo(1L << 30);
        assertThat(config.batch()).isEqualTo(new EdgeConfig.Batch(100, 1000));
        assertThat(config.mqtt().sessionExpiryS()).isEqualTo(86_400);
        EdgeConfig.Channel ch = config.channels().get(0);
        assertThat(ch.address()).isEqualTo(new ChannelAddress("lab1", "A", "ch1"));
        assertThat(ch.source().path()).isEqualTo(Path.of("/etc/cellwatch/data/ch1.csv"));
        assertThat(ch.source().speed()).as("files replay as fast as possible by default").isZero();
    }

    @Test
    void errorsNameTheFieldAtFault() {
        assertThatThrownBy(() -> EdgeConfig.parse(MINIMAL.replace("type: file, path: data/ch1.csv", "type: file"), BASE))
                .hasMessage("channels[0].source.path: required for a file source");
        assertThatThrownBy(() -> EdgeConfig.parse(MINIMAL.replace("type: file", "type: ftp"), BASE))
                .hasMessageStartingWith("channels[0].source.type: 'ftp' is not one of file, tail, simulator");
        assertThatThrownBy(() -> EdgeConfig.parse(MINIMAL.replace("path: data/ch1.csv", "path: x, speed: fast"), BASE))
                .hasMessageStartingWith("channels[0].source.speed: 'fast' is not a speed");
        assertThatThrownBy(() -> EdgeConfig.parse(MINIMAL.replace("client-id: edge1", "client-id: edge1, clientid: x"), BASE))
                .hasMessageStartingWith("mqtt.clientid: unknown field");
        assertThatThrownBy(() -> EdgeConfig.parse(MINIMAL.replace("{dir: queue}", "{dir: queue, max-bytes: -5}"), BASE))
                .hasMessageStartingWith("queue.max-bytes: must be between 1024");
        assertThatThrownBy(() -> EdgeConfig.parse(MINIMAL.replace("tcp://", "http://"), BASE))
                .hasMessageStartingWith("mqtt.uri: 'http://localhost:1883' is not an MQTT URI");
        assertThatThrownBy(() -> EdgeConfig.parse(MINIMAL.replace("channel: ch1", "channel: ch 1"), BASE))
                .hasMessageStartingWith("channels[0].channel: 'ch 1' is not a valid id");
        assertThatThrownBy(() -> EdgeConfig.parse(MINIMAL.replace("lab: lab1\n", ""), BASE))
                .hasMessage("lab: required");
        assertThatThrownBy(() -> EdgeConfig.parse(MINIMAL + """
                  - chamber: A
                    channel: ch1
                    source: {type: simulator, preset: core-shell-100c}
                """, BASE)).hasMessage("channels[1]: channel lab1/A/ch1 is listed twice");
        assertThatThrownBy(() -> EdgeConfig.parse(MINIMAL + """
                  - chamber: A
                    channel: ch2
                    source: {type: simulator}
                """, BASE)).hasMessage("channels[1].source.preset: required");
    }
}
