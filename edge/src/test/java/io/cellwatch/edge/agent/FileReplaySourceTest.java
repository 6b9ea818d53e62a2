package io.cellwatch.edge.agent;

import io.cellwatch.telemetry.Sample;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FileReplaySourceTest {

    /** Rows every 60 s of cycler time. */
    private static final Path NEWARE = Path.of("/work/shared/data/cyclers/cellpy/neware_uio.csv");

    private static EdgeConfig.Channel channel(String speed) throws Exception {
        return EdgeConfig.parse("""
                lab: lab1
                mqtt: {uri: "tcp://localhost:1883", client-id: edge1}
                queue: {dir: q}
                channels:
                  - {chamber: A, channel: ch1, source: {type: file, path: %s, speed: %s}}
                """.formatted(NEWARE, speed), Path.of("/tmp")).channels().get(0);
    }

    private static List<Sample> take(SampleSource source, int n) throws Exception {
        List<Sample> out = new ArrayList<>();
        while (out.size() < n) {
            Sample s = source.next(50);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    @Test
    void aFactorPacesRowsByTheirOwnTimestamps() throws Exception {
        try (FileReplaySource source = new FileReplaySource(channel("1200x"), ChannelCheckpoints.State.NONE)) {
            long t0 = System.nanoTime();
            List<Sample> rows = take(source, 11); // 10 intervals of 60 s = 600 s of cycler time = 0.5 s at 1200x
            double elapsedS = (System.nanoTime() - t0) / 1e9;

            assertThat(rows.get(10).timeS() - rows.get(0).timeS()).isEqualTo(600.0);
            assertThat(elapsedS).isBetween(0.45, 3.0);
        }
    }

    @Test
    void asFastAsPossibleDoesNotWaitAndARestartSkipsWhatWasQueued() throws Exception {
        try (FileReplaySource source = new FileReplaySource(channel("max"), new ChannelCheckpoints.State(101, 0, null, null))) {
            long t0 = System.nanoTime();
            List<Sample> rows = take(source, 1000);

            assertThat((System.nanoTime() - t0) / 1e9).as("1000 rows = 16 h of cycler time").isLessThan(5.0);
            assertThat(rows.get(0).seq()).as("line 102: the first row not yet queued").isEqualTo(102);
            assertThat(rows.get(999).seq()).isEqualTo(1101);
        }
    }
}
