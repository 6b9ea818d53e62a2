package io.cellwatch.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.cellwatch.edge.reader.CyclerFileReader;
import io.cellwatch.edge.reader.CyclerRow;
import io.cellwatch.edge.reader.CyclerRows;
import io.cellwatch.edge.reader.ReaderOptions;
import io.cellwatch.streams.analytics.AnalyticsOptions;
import io.cellwatch.streams.analytics.CellAnalytics;
import io.cellwatch.telemetry.CellMetadata;
import io.cellwatch.telemetry.CellType;
import io.cellwatch.telemetry.CycleResult;
import io.cellwatch.telemetry.Finding;
import io.cellwatch.telemetry.FindingType;
import io.cellwatch.telemetry.Sample;
import io.cellwatch.telemetry.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The detectors over every real cycler file in {@code shared/data/cyclers} (healthy cells, nobody on the team
 * wrote them): no critical finding anywhere. What a file legitimately raises below critical is listed per
 * file with the reason, and anything else fails the test.
 */
class RealCyclerFilesDetectionTest {

    /**
     * What is known about each file's cell (as in the analytics' accuracy test: nominal capacities are
     * estimates from the currents and sources) and the findings below critical it is expected to raise.
     */
    record Cell(CellType type, double nominalAh, Set<FindingType> expected, String why) {
    }

    static final Map<String, Cell> CELLS = Map.of(
            "cellpy/neware_uio.csv", new Cell(CellType.HALF, 0.005, Set.of(), "anode half cell, lithiation first"),
            "cellpy/batmo_bdf.csv", new Cell(CellType.FULL, 0.15, Set.of(FindingType.CAPACITY_FADE),
                    "simulated full cell, 109 cycles; its retention falls below 80 % of the cycles 1-3 reference"
                    + " (cycle 1 is a slow formation cycle): end-of-life info, never a warning"),
            "cellpy/maccor_001.txt", new Cell(CellType.FULL, 5.0, Set.of(FindingType.SENSOR_FAULT),
                    "LG M50 at 0 °C; its temperature channel is a disconnected thermocouple reading about −2,500 °C:"
                    + " a sensor fault (README: 'a data-quality finding'), and never a thermal one"),
            "beep/xTESLADIAG_000019_CH70.070", new Cell(CellType.FULL, 4.8, Set.of(), "diagnostic, looped steps"),
            "beep/FastCharge_000025_CH8.csv", new Cell(CellType.FULL, 1.1, Set.of(), "rest only"),
            "beep/2017-05-09_test-TC-contact_CH33.csv", new Cell(CellType.FULL, 1.1, Set.of(),
                    "A123 1.1 Ah, 6.6 A then 1.1 A charge, no counters"),
            "pyprobe/sample_data_arbin.csv", new Cell(CellType.FULL, 5.0, Set.of(), "13 rows"));

    @TestFactory
    Stream<DynamicTest> noRealCyclerFileRaisesACriticalFinding() throws IOException {
        Path dir = Path.of("../../shared/data/cyclers").toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            fail("cycler data folder not found at " + dir);
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString();
                return !n.endsWith(".reference.csv") && !n.startsWith("LICENSE") && !n.equals("README.md")
                        && !n.endsWith(".py");
            }).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        return files.stream().map(f -> DynamicTest.dynamicTest(dir.relativize(f).toString(), () -> check(dir, f)));
    }

    private static void check(Path dir, Path file) throws IOException {
        String name = dir.relativize(file).toString().replace('\\', '/');
        Cell cell = CELLS.get(name);
        if (cell == null) {
            fail("%s is new in the data folder: add what is known about its cell to CELLS", name);
        }
        CellMetadata meta = new CellMetadata("real-1", "lab", "chamber", "ch", cell.type(), null, cell.nominalAh(),
                null, null, null, null, null, null, null);
        CellAnalytics analytics = new CellAnalytics(meta, AnalyticsOptions.defaults());
        CellDetectors detectors = new CellDetectors(meta, DetectionConfig.defaults());
        List<Finding> findings = new ArrayList<>();
        long rows = 0;
        try (CyclerRows reader = CyclerFileReader.open(file, ReaderOptions.forCell(meta.cellId()))) {
            for (CyclerRow row : reader) {
                Sample s = row.sample();
                for (CycleResult c : analytics.accept(s)) {
                    findings.addAll(detectors.onCycle(c));
                }
                findings.addAll(detectors.onSample(s, (long) (s.timeS() * 1000)));
                rows++;
            }
        }
        for (CycleResult c : analytics.finish()) {
            findings.addAll(detectors.onCycle(c));
        }
        String described = findings.stream().map(f -> f.type().wireName() + " " + f.severity().wireName()
                + (f.cleared() ? " (cleared)" : "") + ": " + f.summary()).collect(Collectors.joining("\n  "));
        System.out.printf("detection %-42s rows=%6d findings=%d%s%n", name, rows, findings.size(),
                findings.isEmpty() ? "" : "\n  " + described);

        assertThat(rows).as(name + " rows").isPositive();
        assertThat(findings).as(name + ": critical findings\n  " + described)
                .noneMatch(f -> f.severity() == Severity.CRITICAL);
        assertThat(findings).as(name + ": findings other than expected (" + cell.why() + ")\n  " + described)
                .allMatch(f -> cell.expected().contains(f.type()));
        assertThat(findings).as(name + ": thermal findings").noneMatch(f -> f.type() == FindingType.THERMAL);
        if (name.equals("cellpy/batmo_bdf.csv")) {
            assertThat(findings).allMatch(f -> f.severity() == Severity.INFO);
        }
        for (FindingType expected : cell.expected()) {
            assertThat(findings).as(name + ": expected " + expected.wireName() + " (" + cell.why() + ")")
                    .anyMatch(f -> f.type() == expected);
        }
    }
}
