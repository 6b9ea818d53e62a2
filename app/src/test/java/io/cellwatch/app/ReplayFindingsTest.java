package io.cellwatch.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.cellwatch.edge.sim.Preset;
import io.cellwatch.edge.sim.SimulatedCell;
import io.cellwatch.telemetry.Sample;
import io.cellwatch.telemetry.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code cellwatch replay FILE --findings OUT.jsonl}: the detectors after the fact, on files written by the simulator. */
class ReplayFindingsTest {

    private static final double T0 = 1_767_225_600.0;

    @TempDir
    Path dir;

    @Test
    void anHkust1FileShowsItsHardShortAroundCycle29AsACriticalJsonLine() throws IOException {
        Path file = simulatedBdf(Preset.HKUST1_100C, 31);
        Path out = dir.resolve("findings.jsonl");

        int code = replay(file.toString(), "--quiet", "--nominal-capacity-ah", nominalAh(Preset.HKUST1_100C),
                "--chamber-setpoint-c", "100", "--findings", out.toString());

        assertThat(code).isZero();
        List<JsonNode> lines = readLines(out);
        assertThat(lines).isNotEmpty().allSatisfy(l -> assertThat(l.has("type") && l.has("severity") && l.has("cell")
                && l.has("cycle") && l.has("time_s")).isTrue());
        JsonNode firstCritical = lines.stream().filter(l -> l.get("severity").asText().equals("critical")
                && !l.get("cleared").asBoolean()).findFirst().orElseThrow();
        assertThat(firstCritical.get("type").asText()).isEqualTo("hard_short");
        assertThat(firstCritical.get("cycle").asInt()).isBetween(28, 30);
        assertThat(firstCritical.get("cell").asText()).isEqualTo("hkust1");
        assertThat(firstCritical.get("window").size()).isPositive();
        assertThat(lines.stream().filter(l -> !l.get("cycle").isNull() && l.get("cycle").asInt() < 28)
                .filter(l -> !l.get("severity").asText().equals("info"))).as("nothing before the short").isEmpty();
    }

    @Test
    void aHealthyCoreShellFileGivesNoWarningOrCritical() throws IOException {
        Path file = simulatedBdf(Preset.CORE_SHELL_100C, 20);
        Path out = dir.resolve("healthy.jsonl");

        assertThat(replay(file.toString(), "--quiet", "--nominal-capacity-ah", nominalAh(Preset.CORE_SHELL_100C),
                "--chamber-setpoint-c", "100", "--findings", out.toString())).isZero();

        assertThat(readLines(out)).filteredOn(l -> !l.get("severity").asText().equals("info")).isEmpty();
    }

    @Test
    void theSummaryCountsRaisedFindingsBySeverityAndType() {
        var f = new io.cellwatch.telemetry.Finding(io.cellwatch.telemetry.FindingType.HARD_SHORT,
                io.cellwatch.telemetry.Severity.CRITICAL, null, "c", null, null, 29, 1.0, "d", "s", null, null, false);
        var cleared = new io.cellwatch.telemetry.Finding(io.cellwatch.telemetry.FindingType.HARD_SHORT,
                io.cellwatch.telemetry.Severity.CRITICAL, null, "c", null, null, 29, 2.0, "d", "s", null, null, true);
        assertThat(ReplayCommand.describe(List.of(f, cleared))).isEqualTo("1 finding (1 critical hard_short)");
        assertThat(ReplayCommand.describe(List.of())).isEqualTo("no findings");
    }

    /** A BDF CSV (label column names, current positive on charge) of the preset, 30 s samples. */
    private Path simulatedBdf(Preset preset, int cycles) throws IOException {
        String name = preset == Preset.HKUST1_100C ? "hkust1" : "coreshell";
        Path file = dir.resolve(name + ".csv");
        SimulatedCell cell = new SimulatedCell(name, preset, 7, 30.0, T0);
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write("Unix Time / s,Test Time / s,Voltage / V,Current / A,Temperature T1 / degC\n");
            while (cell.cycle() <= cycles) {
                Sample s = cell.next();
                w.write(String.format(Locale.ROOT, "%.3f,%.3f,%.6f,%.9f,%.3f%n", s.timeS(), s.testTimeS(),
                        s.voltageV(), s.currentA(), s.cellTemperatureC()));
            }
        }
        return file;
    }

    private static String nominalAh(Preset preset) {
        SimulatedCell probe = new SimulatedCell("probe", preset, 1, 30.0, T0);
        return String.valueOf(probe.metadata(new io.cellwatch.telemetry.ChannelAddress("l", "c", "ch1")).nominalCapacityAh());
    }

    private static List<JsonNode> readLines(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            out.add(Json.mapper().readTree(line));
        }
        return out;
    }

    private static int replay(String... args) {
        CommandLine cli = Cellwatch.commandLine();
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(new StringWriter()));
        String[] all = new String[args.length + 1];
        all[0] = "replay";
        System.arraycopy(args, 0, all, 1, args.length);
        return cli.execute(all);
    }
}
