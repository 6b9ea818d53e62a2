package io.cellwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellwatch.telemetry.CycleResult;
import io.cellwatch.telemetry.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code cellwatch replay} run in-process on a real cycler file, as a user would type it. */
class ReplayCommandTest {

    /** A half cell cycled lithiation first, 9,064 rows (shared/data/cyclers/README.md). */
    private static final Path NEWARE = Path.of("../../shared/data/cyclers/cellpy/neware_uio.csv");

    /** Columns that are text, not numbers. */
    private static final Set<String> TEXT_COLUMNS = Set.of("rule", "efficiency_convention", "complete", "cell_id");

    @TempDir
    Path dir;

    record Run(int exitCode, String out, String err) {
    }

    @Test
    void replayWritesACycleCsvWhoseRowsParseAndMatchTheTable() throws IOException {
        assertThat(NEWARE).as("shared cycler data (the team's shared/ folder beside the repo)").exists();
        Path csv = dir.resolve("cycles.csv");

        Run run = run("replay", NEWARE.toString(), "--cell-type", "half", "--nominal-capacity-ah", "0.005",
                "--cycles", csv.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).startsWith("cycle,charge_ah,discharge_ah,coulombic_efficiency");
        List<String> header = List.of(lines.get(0).split(",", -1));
        List<String> rows = lines.subList(1, lines.size());
        assertThat(rows).isNotEmpty();
        for (String row : rows) {
            String[] fields = row.split(",", -1);
            assertThat(fields).as(row).hasSameSizeAs(header);
            for (int i = 0; i < fields.length; i++) {
                if (!fields[i].isEmpty() && !TEXT_COLUMNS.contains(header.get(i))) {
                    assertThat(Double.parseDouble(fields[i])).as(header.get(i) + " in " + row).isFinite();
                }
            }
            double ce = Double.parseDouble(fields[header.indexOf("coulombic_efficiency")].isEmpty() ? "1"
                    : fields[header.indexOf("coulombic_efficiency")]);
            assertThat(ce).as("CE is a fraction, not a percentage: " + row).isBetween(0.0, 2.0);
            assertThat(fields[header.indexOf("cell_id")]).isEqualTo("neware_uio");
        }
        assertThat(String.join("\n", lines)).doesNotContain("null").doesNotContain("NaN");
        // the table on stdout: a header and one line per cycle in the CSV
        List<String> table = run.out().lines().toList();
        assertThat(table.get(0)).isEqualTo(CycleTable.HEADER);
        assertThat(table).hasSize(rows.size() + 1);
        assertThat(run.err()).contains("neware_uio.csv: done").contains(rows.size() + " cycles")
                .contains("rows read").doesNotContain("Exception");
    }

    @Test
    void jsonPrintsOneCycleRecordPerLineWithTheSameCyclesAsTheCsv() throws IOException {
        Path csv = dir.resolve("cycles.csv");

        Run run = run("replay", NEWARE.toString(), "--cell-type", "half", "--json", "--quiet", "--cycles",
                csv.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(Files.readAllLines(csv).size() - 1);
        for (String line : lines) {
            CycleResult c = Json.mapper().readValue(line, CycleResult.class);
            assertThat(c.cellId()).isEqualTo("neware_uio");
            assertThat(c.steps()).as("JSON keeps the steps the CSV only counts").isNotEmpty();
        }
    }

    @Test
    void quietPrintsNothingButStillWritesTheCsv() throws IOException {
        Path csv = dir.resolve("cycles.csv");

        Run run = run("replay", NEWARE.toString(), "--quiet", "--cycles", csv.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEmpty();
        assertThat(Files.readAllLines(csv)).hasSizeGreaterThan(1);
    }

    @Test
    void helpExplainsEveryOptionWithItsDefaultAndTheExitCodes() {
        Run run = run("replay", "--help");

        assertThat(run.exitCode()).isZero();
        CommandLine.Model.CommandSpec spec = Cellwatch.commandLine().getSubcommands().get("replay").getCommandSpec();
        for (CommandLine.Model.OptionSpec option : spec.options()) {
            assertThat(run.out()).as("help names " + option.longestName()).contains(option.longestName());
        }
        assertThat(run.out()).contains("--cell-id", "--cell-type", "--nominal-capacity-ah", "--active-mass-g",
                "--area-cm2", "--voltage-min-v", "--voltage-max-v", "--cycle-order", "--cycles", "--json", "--quiet");
        String words = run.out().replaceAll("\\s+", " "); // phrases wherever the help wraps them
        assertThat(words).contains("Default: full").contains("Default: unknown").contains("Default: no CSV")
                .contains("Exit codes").contains("2 bad command line");
        long describedWithDefault = spec.options().stream()
                .filter(o -> !o.usageHelp() && !o.versionHelp())
                .filter(o -> String.join(" ", o.description()).contains("Default:")).count();
        assertThat(describedWithDefault).as("options whose help states the default")
                .isEqualTo(spec.options().stream().filter(o -> !o.usageHelp() && !o.versionHelp()).count());
    }

    @Test
    void aMissingFileIsOneErrorLineAndExitCodeTwo() {
        Path missing = dir.resolve("no-such-export.csv");

        Run run = run("replay", missing.toString(), "--cycles", dir.resolve("out.csv").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).contains(missing.toString()).contains("no such file").doesNotContain("Exception");
        assertThat(run.out()).isEmpty();
        assertThat(dir.resolve("out.csv")).doesNotExist();
    }

    @Test
    void aFileInNoKnownFormatIsOneErrorLineNamingItAndExitCodeTwo() throws IOException {
        Path notes = Files.writeString(dir.resolve("notes.csv"), "shopping,list\neggs,12\n");

        Run run = run("replay", notes.toString(), "--cycles", dir.resolve("out.csv").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).contains(notes.toString()).contains("not a cycler export").contains("shopping,list")
                .doesNotContain("Exception");
        assertThat(dir.resolve("out.csv")).as("no CSV left behind").doesNotExist();
    }

    @Test
    void anUnwritableCsvPathIsExitCodeTwoNamingIt() {
        Path csv = dir.resolve("missing-folder/cycles.csv");

        Run run = run("replay", NEWARE.toString(), "--cycles", csv.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--cycles").contains(csv.toString()).doesNotContain("Exception");
    }

    @Test
    void aNonPositiveCapacityIsAUsageError() {
        Run run = run("replay", NEWARE.toString(), "--nominal-capacity-ah", "0");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--nominal-capacity-ah must be a positive number");
    }

    @Test
    void theDefaultCellIdIsTheFileNameWithoutALetterExtension() {
        assertThat(ReplayCommand.defaultCellId(Path.of("x/neware_uio.csv"))).isEqualTo("neware_uio");
        assertThat(ReplayCommand.defaultCellId(Path.of("xTESLADIAG_000019_CH70.070")))
                .isEqualTo("xTESLADIAG_000019_CH70.070");
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Cellwatch.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}
