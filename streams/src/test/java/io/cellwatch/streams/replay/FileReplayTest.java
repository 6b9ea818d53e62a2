package io.cellwatch.streams.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cellwatch.edge.reader.CyclerFileException;
import io.cellwatch.edge.reader.CyclerFormat;
import io.cellwatch.streams.analytics.AnalyticsOptions;
import io.cellwatch.telemetry.CellMetadata;
import io.cellwatch.telemetry.CellType;
import io.cellwatch.telemetry.CycleResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileReplayTest {

    /** 21,206 rows, 109 cycles by the cycler's counter (shared/data/cyclers/README.md). */
    private static final Path BATTMO = Path.of("../../shared/data/cyclers/cellpy/batmo_bdf.csv");

    private static final CellMetadata CELL = new CellMetadata("battmo", null, null, null, CellType.FULL, null,
            null, null, null, null, null, null, null, null);

    @Test
    void progressComesAtMostOncePerIntervalWithGrowingCountsAndFileShare() throws IOException {
        assertThat(BATTMO).as("shared cycler data (the team's shared/ folder beside the repo)").exists();
        List<ReplayProgress> everyCheck = new ArrayList<>();
        List<ReplayProgress> hourly = new ArrayList<>();

        ReplaySummary summary = FileReplay.of(CELL, AnalyticsOptions.defaults()).withProgressEvery(Duration.ZERO)
                .run(BATTMO, new ReplayListener() {
                    @Override
                    public void progress(ReplayProgress p) {
                        everyCheck.add(p);
                    }
                });
        FileReplay.of(CELL, AnalyticsOptions.defaults()).withProgressEvery(Duration.ofHours(1))
                .run(BATTMO, new ReplayListener() {
                    @Override
                    public void progress(ReplayProgress p) {
                        hourly.add(p);
                    }
                });

        assertThat(hourly).as("no progress within the first hour").isEmpty();
        // with no minimum interval the replay reports at each look at the clock: every 1,024 rows
        assertThat(everyCheck).hasSize((int) (summary.reader().rowsRead() / 1024));
        for (int i = 1; i < everyCheck.size(); i++) {
            assertThat(everyCheck.get(i).rowsRead()).isGreaterThan(everyCheck.get(i - 1).rowsRead());
            assertThat(everyCheck.get(i).fileFraction()).isGreaterThan(everyCheck.get(i - 1).fileFraction());
            assertThat(everyCheck.get(i).cycles()).isGreaterThanOrEqualTo(everyCheck.get(i - 1).cycles());
        }
        ReplayProgress last = everyCheck.get(everyCheck.size() - 1);
        double trueShare = last.rowsRead() / (double) summary.reader().rowsRead();
        assertThat(last.fileFraction()).as("estimated share of the bytes").isBetween(trueShare - 0.05, trueShare + 0.05);
    }

    @Test
    void theSummaryCountsWhatTheListenerSaw() throws IOException {
        List<CycleResult> cycles = new ArrayList<>();
        long[] rows = {0};

        ReplaySummary summary = FileReplay.of(CELL, AnalyticsOptions.defaults()).run(BATTMO, new ReplayListener() {
            @Override
            public void row(io.cellwatch.edge.reader.CyclerRow row) {
                rows[0]++;
                assertThat(row.sample().cellId()).isEqualTo("battmo");
            }

            @Override
            public void cycle(CycleResult c) {
                cycles.add(c);
            }
        });

        assertThat(summary.format()).isEqualTo(CyclerFormat.BDF_CSV);
        assertThat(summary.reader().rowsRead()).isEqualTo(rows[0]).isPositive();
        assertThat(summary.cycles()).isEqualTo(cycles.size()).isPositive();
        assertThat(summary.cyclesClosedByEnd()).isEqualTo(1);
        assertThat(cycles.get(cycles.size() - 1).complete()).as("the cycle the end of the file closed").isFalse();
        assertThat(cycles.subList(0, cycles.size() - 1)).allSatisfy(c -> assertThat(c.complete()).isTrue());
        assertThat(summary.rowsPerSecond()).isPositive();
    }

    @Test
    void aFileInNoKnownFormatFailsBeforeTheListenerHearsAnything(@TempDir Path dir) throws IOException {
        Path notes = Files.writeString(dir.resolve("notes.csv"), "shopping,list\neggs,12\n");
        List<String> heard = new ArrayList<>();

        assertThatThrownBy(() -> FileReplay.of(CELL, AnalyticsOptions.defaults()).run(notes, new ReplayListener() {
            @Override
            public void end(ReplaySummary summary) {
                heard.add("end");
            }
        })).isInstanceOf(CyclerFileException.class).hasMessageContaining(notes.toString());
        assertThat(heard).isEmpty();
    }
}
