package io.cellwatch.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the harness working: every section with {@code --quick}, on one pair of embedded brokers.
 * No timing assertions; figures are only checked to exist (and to be positive where a working
 * section cannot measure zero). A section that throws makes the command exit 1; one that reports
 * nothing leaves its rows out; either fails this test.
 */
class BenchSmokeTest {

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES) // a hang, not a measurement: the run takes under a minute
    void aQuickRunMeasuresEverySectionAndWritesJsonThatParses(@TempDir Path dir) throws Exception {
        // given
        Path json = dir.resolve("bench.json");
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new BenchCommand());
        cli.setOut(new PrintWriter(out, true));

        // when
        int code = cli.execute("--quick", "--json", json.toString());

        // then
        System.out.println(out);
        assertThat(code).as(out.toString()).isZero();
        assertThat(out.toString()).contains("section").contains("target").contains("cores").doesNotContain("FAILED");
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertThat(root.path("machine").path("cores").asInt()).isPositive();
        JsonNode sections = root.path("sections");
        for (String section : BenchOptions.ALL_SECTIONS) {
            assertThat(sections.has(section)).as("section %s in %s", section, sections).isTrue();
        }

        assertPositive(sections, "ceilings", "kafka producer (telemetry records)");
        assertPositive(sections, "ceilings", "mqtt messages");

        assertPositive(sections, "pipeline", "sustained, analytics input (" + root.path("options").path("partitions").asInt()
                + " partitions)");
        assertNumber(sections, "pipeline", "bridge forwarded to Kafka"); // can stall for a whole short window
        assertPositive(sections, "pipeline", "pipeline / raw Kafka producer");

        // one latency run per offered load (auto and 10,000/s by default; one run when auto, half the
        // pipeline rounded, comes out at 10,000 too), each with all its rows
        double pipeline = sections.path("pipeline").path("sustained, analytics input (" + root.path("options")
                .path("partitions").asInt() + " partitions)").path("value").asDouble();
        int auto = BenchRun.autoRate(pipeline);
        List<Integer> rates = latencyRates(sections.path("latency"));
        assertThat(rates).as("latency rates in %s", sections.path("latency"))
                .containsExactlyInAnyOrderElementsOf(new TreeSet<>(List.of(auto, 10_000)));
        for (int rate : rates) {
            String at = LatencyRun.label(rate);
            assertPositive(sections, "latency", at + "offered load (measured window)");
            for (String output : List.of("cycle result", "finding", "alert")) {
                assertNumber(sections, "latency", at + "sample -> " + output + " count");
            }
            assertNumber(sections, "latency", at + "analytics behind when timing stopped");
        }
        String top = LatencyRun.label(10_000);
        assertPositive(sections, "latency", top + "sample -> finding count");
        assertPositive(sections, "latency", top + "sample -> finding p99");

        assertPositive(sections, "memory", "heap per cell");
        assertPositive(sections, "memory", "snapshot bytes per cell (total)");

        for (int p : BenchOptions.SCALING_PARTITIONS) {
            assertPositive(sections, "scaling", p + " partition(s) / stream thread(s), median");
        }

        assertPositive(sections, "analytics", "pure CellAnalytics, one thread");
        assertPositive(sections, "analytics", "warm-up before measuring, pure CellAnalytics");
        assertPositive(sections, "analytics", "topology / identity, median of the pairs");
        assertThat(root.path("targets").size()).isEqualTo(6);
    }

    @Test
    void helpExplainsTheOptions() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new BenchCommand());
        cli.setOut(new PrintWriter(out, true));

        assertThat(cli.execute("--help")).isZero();

        assertThat(out.toString()).contains("--rates").contains("auto").contains("--repeat").contains("median")
                .contains("--quick").contains("fresh");
    }

    @Test
    void ratesAndRepeatAreParsed() {
        BenchCommand command = new BenchCommand();
        new CommandLine(command).parseArgs("--rates", "auto,3000,10_000", "--repeat", "5", "--analytics-records", "1200000");
        BenchOptions options = command.options();
        assertThat(options.rates()).containsExactly(BenchOptions.AUTO_RATE, 3_000, 10_000);
        assertThat(options.repeat()).isEqualTo(5);
        assertThat(options.analyticsRecords()).isEqualTo(1_200_000);

        BenchCommand defaults = new BenchCommand();
        new CommandLine(defaults).parseArgs();
        assertThat(defaults.options().rates()).containsExactly(BenchOptions.AUTO_RATE, BenchOptions.TARGET_RATE);
        assertThat(defaults.options().repeat()).isEqualTo(3);
        assertThat(defaults.options().analyticsRecords()).isEqualTo(400_000);

        BenchCommand quick = new BenchCommand();
        new CommandLine(quick).parseArgs("--quick", "--rate", "5000");
        assertThat(quick.options().rates()).containsExactly(BenchOptions.AUTO_RATE, 5_000);
        assertThat(quick.options().repeat()).isEqualTo(1);
        assertThat(quick.options().analyticsRecords()).isEqualTo(5_000);
    }

    @Test
    void badRatesAndRepeatAreRefused() {
        for (String[] args : List.of(new String[]{"--rates", "fast"}, new String[]{"--rates", "0"},
                new String[]{"--rate", "5000", "--rates", "100"}, new String[]{"--repeat", "0"},
                new String[]{"--analytics-records", "999"})) {
            StringWriter err = new StringWriter();
            CommandLine cli = new CommandLine(new BenchCommand());
            cli.setErr(new PrintWriter(err, true));
            assertThat(cli.execute(args)).as(String.join(" ", args)).isEqualTo(2);
        }
    }

    @Test
    void autoRateIsHalfThePipelineRoundedAndLowerRatesRunFewerCellsAtTheSameSpeed() {
        assertThat(BenchRun.autoRate(1_231)).isEqualTo(620);
        assertThat(BenchRun.autoRate(45_000)).isEqualTo(23_000);
        assertThat(BenchRun.autoRate(150)).isEqualTo(BenchRun.AUTO_RATE_FLOOR);
        assertThat(BenchRun.autoRate(Double.NaN)).isEqualTo(BenchOptions.AUTO_RATE_WITHOUT_PIPELINE);
        assertThat(BenchRun.median(List.of(1.0, 2.0, 9.0))).isEqualTo(2.0);
        assertThat(BenchRun.median(List.of(1.0, 2.0, 4.0, 9.0))).isEqualTo(3.0);
        assertThat(LatencyRun.cellsFor(10_000, 10_000, 100)).isEqualTo(100);
        assertThat(LatencyRun.cellsFor(620, 10_000, 100)).isEqualTo(6);
        assertThat(LatencyRun.cellsFor(10, 10_000, 100)).isEqualTo(1);
    }

    @Test
    void thePureAnalyticsWarmUpEndsWhenTwoSuccessiveWindowsAgreeWithinTenPercentWhileTheJitIsQuiet() {
        assertThat(AnalyticsBench.steady(1_000_000, 1_090_000, 0.01, 1.0)).isTrue();
        assertThat(AnalyticsBench.steady(1_000_000, 880_000, 0.0, 1.0)).as("12 % apart").isFalse();
        assertThat(AnalyticsBench.steady(Double.NaN, 1_000_000, 0.0, 1.0)).as("no window before").isFalse();
        assertThat(AnalyticsBench.steady(4_700_000, 4_750_000, 0.3, 1.0)).as("agreeing while C2 still compiles").isFalse();
        assertThat(AnalyticsBench.steady(1_000_000, 1_000_000, Double.NaN, 1.0)).as("JIT time not reported").isTrue();
    }

    private static List<Integer> latencyRates(JsonNode latency) {
        TreeSet<Integer> rates = new TreeSet<>();
        for (Iterator<String> names = latency.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (name.startsWith("at ") && name.contains("/s: ")) {
                rates.add(Integer.parseInt(name.substring(3, name.indexOf("/s: "))));
            }
        }
        return new ArrayList<>(rates);
    }

    private static void assertNumber(JsonNode sections, String section, String figure) {
        JsonNode value = sections.path(section).path(figure).path("value");
        assertThat(value.isNumber()).as("%s / %s in %s", section, figure, sections.path(section)).isTrue();
    }

    private static void assertPositive(JsonNode sections, String section, String figure) {
        assertNumber(sections, section, figure);
        assertThat(sections.path(section).path(figure).path("value").asDouble()).as("%s / %s", section, figure).isPositive();
    }
}
