package io.cellwatch.app;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class CellwatchCommandLineTest {

    @Test
    void topLevelHelpNamesTheDemoAndExplainsConfiguration() {
        String help = run("--help");
        assertThat(help).contains("demo").contains("environment variables").contains(".cellwatch.properties");
    }

    @Test
    void demoHelpExplainsEveryOptionWithItsDefault() {
        String help = run("demo", "--help");
        assertThat(help).contains("--cells").contains("Default: 18")
                .contains("--speed").contains("CELLWATCH_SIM_SPEED")
                .contains("--run-for").contains("Ctrl-C");
    }

    @Test
    void aMistypedOptionIsRejectedWithASuggestionNotAStackTrace() {
        StringWriter err = new StringWriter();
        CommandLine cli = Cellwatch.commandLine();
        cli.setErr(new PrintWriter(err));
        int code = cli.execute("demo", "--celsl", "3");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("'--celsl'").contains("Possible solutions: --cells").doesNotContain("Exception");
    }

    @Test
    void aFaultThatCannotBeParsedIsAUsageErrorThatShowsTheForm() {
        StringWriter err = new StringWriter();
        CommandLine cli = Cellwatch.commandLine();
        cli.setErr(new PrintWriter(err));
        int code = cli.execute("demo", "--fault", "ch003:meltdown@2h");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("unknown kind 'meltdown'").contains("hard-short").doesNotContain("Exception");
    }

    @Test
    void simulateHelpNamesTheBrokerTheFaultsAndTheirForm() {
        String help = run("simulate", "--help");
        assertThat(help).contains("--mqtt").contains("CELLWATCH_MQTT_URI").contains("--fault")
                .contains("ch002:hard-short@3").contains("--seed");
    }

    @Test
    void alertsHelpExplainsTheInterlockAndHowToTurnItOffPerLab() {
        String help = run("alerts", "--help");
        assertThat(help).contains("--interlock").contains("--interlock-off-lab").contains("/alerts")
                .contains("CELLWATCH_INTERLOCK").contains("Default: on");
    }

    @Test
    void descriptionLinesBecomeParagraphsButExamplesAndBlankLinesStayAsWritten() {
        assertThat(Cellwatch.paragraphs(new String[] {"Runs the thing: one,", "two and three.", "", "For example:",
                "  cellwatch demo --cells 4", "  cellwatch demo --speed 0", "Then more", "text."}))
                .containsExactly("Runs the thing: one, two and three.", "", "For example:",
                        "  cellwatch demo --cells 4", "  cellwatch demo --speed 0", "Then more text.");
    }

    /** Every command is listed on one line (its header), not with the first source line of its description. */
    @Test
    void topLevelHelpListsEveryCommandOnOneLine() {
        String help = run("--help");
        String commands = help.substring(help.indexOf("Commands:"), help.indexOf("\n\n", help.indexOf("Commands:")));
        CommandLine cli = Cellwatch.commandLine();
        assertThat(commands.lines().skip(1)).hasSize(cli.getSubcommands().size())
                .allSatisfy(line -> assertThat(line).matches("  \\S+ +\\S.*"));
        assertThat(help).doesNotContain("\n                 "); // no wrapped line in the list
        assertThat(run("streams", "--help").replaceAll("\\s+", " "))
                .contains("Start several instances with the same --application-id to share the partitions.");
    }

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = Cellwatch.commandLine();
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute(args)).isZero();
        return out.toString();
    }
}
