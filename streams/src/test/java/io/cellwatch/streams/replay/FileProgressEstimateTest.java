package io.cellwatch.streams.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileProgressEstimateTest {

    @TempDir
    Path dir;

    @Test
    void aSmallFileIsMeasuredWholeSoTheLastLineIsTheWholeFile() throws IOException {
        Path f = Files.writeString(dir.resolve("small.csv"), "a,b\n1,2\n3,4\n");

        FileProgressEstimate e = FileProgressEstimate.of(f);

        assertThat(e.fractionAtLine(3)).isEqualTo(1.0);
        assertThat(e.fractionAtLine(1)).isCloseTo(1.0 / 3, within(1e-9));
    }

    @Test
    void aLargeFileIsEstimatedWithinAFewPercentWhenLinesGrowLonger() throws IOException {
        // 40,000 lines whose length grows from ~10 to ~20 bytes, like a time column gaining digits
        StringBuilder sb = new StringBuilder();
        long bytesAtHalf = 0;
        for (int i = 1; i <= 40_000; i++) {
            sb.append(i).append(',').append((long) i * i).append('\n');
            if (i == 20_000) {
                bytesAtHalf = sb.length();
            }
        }
        Path f = Files.writeString(dir.resolve("large.csv"), sb);

        FileProgressEstimate e = FileProgressEstimate.of(f);

        assertThat(e.fractionAtLine(20_000)).isCloseTo(bytesAtHalf / (double) sb.length(), within(0.05));
        assertThat(e.fractionAtLine(40_000)).isCloseTo(1.0, within(0.05));
    }

    @Test
    void anEmptyFileIsDone() throws IOException {
        assertThat(FileProgressEstimate.of(Files.writeString(dir.resolve("empty.csv"), "")).fractionAtLine(0))
                .isEqualTo(1.0);
    }
}
