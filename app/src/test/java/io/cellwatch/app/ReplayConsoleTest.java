package io.cellwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellwatch.edge.reader.CyclerFormat;
import io.cellwatch.edge.reader.ReaderStats;
import io.cellwatch.edge.reader.RowError;
import io.cellwatch.streams.replay.ReplayProgress;
import io.cellwatch.streams.replay.ReplaySummary;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReplayConsoleTest {

    private static final Path FILE = Path.of("cell-7.csv");

    @Test
    void theSummaryNamesEachReasonRowsWereSkippedWithItsFirstLine() {
        ReaderStats stats = new ReaderStats(1_000, 3, List.of(
                new RowError(FILE, 17, "Voltage(V)", "3,41", "not a number"),
                new RowError(FILE, 40, "Voltage(V)", "x", "not a number"),
                new RowError(FILE, 90, null, null, "row has 5 fields, the header has 9 (truncated line?)")),
                List.of(), null);
        ReplaySummary summary = new ReplaySummary(FILE, CyclerFormat.NEWARE_CSV, stats, 4, 1, 0, Duration.ofMillis(500));

        String line = ReplayConsole.summaryLine("cell-7.csv", summary, Set.of("cycler_counter"));

        assertThat(line).contains("1,000 rows read").contains("3 skipped")
                .contains("Voltage(V): not a number x2 (first at line 17)")
                .contains("truncated line?) x1 (first at line 90)")
                .contains("4 cycles (cycler_counter)").contains("2,000 rows/s").doesNotContain("\n");
    }

    @Test
    void progressShowsTheRateOfTheLastIntervalNotTheAverage() {
        ReplayProgress first = new ReplayProgress(1_000, 0, 0, 0.1, Duration.ofSeconds(1));
        ReplayProgress second = new ReplayProgress(11_000, 2, 3, 0.5, Duration.ofSeconds(2));

        String line = ReplayConsole.progressLine("f.csv", second, first);

        assertThat(line).contains("11,000 rows").contains("~50 % of the file").contains("10,000 rows/s")
                .contains("3 cycles").contains("2 rows skipped");
    }
}
