package io.cellwatch.edge.agent;

import io.cellwatch.telemetry.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A cycler file written while the agent follows it: the test is the cycler software. */
class FileTailSourceTest {

    private static final Path NEWARE = Path.of("/work/shared/data/cyclers/cellpy/neware_uio.csv");

    @TempDir
    Path dir;

    private List<String> lines;

    private EdgeConfig.Channel channel(Path file) throws IOException {
        return EdgeConfig.parse("""
                lab: lab1
                mqtt: {uri: "tcp://localhost:1883", client-id: edge1}
                queue: {dir: q}
                channels:
                  - chamber: A
                    channel: ch1
                    source: {type: tail, path: %s, poll-ms: 10}
                """.formatted(file), dir).channels().get(0);
    }

    private void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private String rows(int from, int to) {
        return String.join("\n", lines.subList(from, to)) + "\n";
    }

    private static List<Sample> drain(SampleSource source) throws Exception {
        List<Sample> out = new ArrayList<>();
        Sample s;
        while ((s = source.next(100)) != null) {
            out.add(s);
        }
        return out;
    }

    @Test
    void newCompleteRowsAreReadAsTheyAppearAndAHalfWrittenLineWaits() throws Exception {
        lines = Files.readAllLines(NEWARE);
        Path file = dir.resolve("ch1.csv");
        append(file, rows(0, 11)); // header + 10 rows
        try (FileTailSource tail = new FileTailSource(channel(file), ChannelCheckpoints.State.NONE)) {
            assertThat(drain(tail)).extracting(Sample::seq).containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);

            String row12 = lines.get(11);
            append(file, row12.substring(0, 20)); // the cycler is in the middle of a line
            assertThat(drain(tail)).isEmpty();
            append(file, row12.substring(20) + "\n" + rows(12, 14));
            List<Sample> more = drain(tail);
            assertThat(more).extracting(Sample::seq).containsExactly(12L, 13L, 14L);
            assertThat(more.get(0).voltageV()).isEqualTo(Double.parseDouble(row12.split(",")[7]));
        }
    }

    @Test
    void aTruncatedOrRotatedFileIsReadFromItsBeginningUnderANewGeneration() throws Exception {
        lines = Files.readAllLines(NEWARE);
        Path file = dir.resolve("ch1.csv");
        append(file, rows(0, 21));
        try (FileTailSource tail = new FileTailSource(channel(file), ChannelCheckpoints.State.NONE)) {
            assertThat(drain(tail)).hasSize(20);

            // truncated: the cycler software starts the file again
            Files.writeString(file, rows(0, 4), StandardOpenOption.TRUNCATE_EXISTING);
            assertThat(drain(tail)).extracting(Sample::seq)
                    .containsExactly(1_000_000_002L, 1_000_000_003L, 1_000_000_004L);

            // rotated: the last rows written, the file moved away, a new file in its place
            append(file, rows(4, 6));
            Files.move(file, dir.resolve("ch1.csv.1"), StandardCopyOption.ATOMIC_MOVE);
            append(file, rows(0, 3));
            assertThat(drain(tail)).extracting(Sample::seq).containsExactly(1_000_000_005L, 1_000_000_006L,
                    2_000_000_002L, 2_000_000_003L);
            assertThat(tail.rotations()).isEqualTo(2);
        }
    }

    @Test
    void aRestartOnTheSameFileContinuesAfterTheLastQueuedRow() throws Exception {
        lines = Files.readAllLines(NEWARE);
        Path file = dir.resolve("ch1.csv");
        append(file, rows(0, 11));
        ChannelCheckpoints.State state;
        try (FileTailSource tail = new FileTailSource(channel(file), ChannelCheckpoints.State.NONE)) {
            assertThat(drain(tail)).hasSize(10);
            state = tail.state();
        }
        append(file, rows(11, 13));
        try (FileTailSource tail = new FileTailSource(channel(file), state)) {
            assertThat(drain(tail)).extracting(Sample::seq).containsExactly(12L, 13L);
        }
    }
}
