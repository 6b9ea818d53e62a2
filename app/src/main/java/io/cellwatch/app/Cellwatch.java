package io.cellwatch.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code cellwatch} command line. */
@Command(name = "cellwatch",
        mixinStandardHelpOptions = true,
        versionProvider = Cellwatch.Version.class,
        description = {
                "Streaming cell monitoring and safety for battery test labs.",
                "Edge agents publish cycler samples over MQTT; a bridge moves them into Kafka;",
                "Kafka Streams computes cycles and detects shorts and thermal trouble.",
                "",
                "Start here:  cellwatch demo   (everything in one process, embedded brokers)"},
        subcommands = {DemoCommand.class, SimulateCommand.class, IngestCommand.class, StreamsCommand.class, AlertsCommand.class,
                EdgeCommand.class,
                ReplayCommand.class, MqttPasswdCommand.class,
                io.cellwatch.app.bench.BenchCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Options can also come from environment variables (named in each option's help)",
                "or from a properties file (key = option name without dashes, e.g. cells=50):",
                "  ~/.cellwatch.properties"})
public final class Cellwatch implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // Before the first logger exists: HiveMQ's jar carries a logback.xml that would win otherwise.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "cellwatch-logback.xml");
        }
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Cellwatch());
        cli.setDefaultValueProvider(new CommandLine.PropertiesDefaultProvider());
        cli.setUsageHelpWidth(100);       // when the output is not a terminal (a pipe, a file)
        cli.setUsageHelpAutoWidth(true);  // else the terminal's width
        reflow(cli);
        return cli;
    }

    /**
     * Descriptions are written as source lines of about 90 characters; picocli prints each element
     * of a description as its own line and wraps it again at the terminal's width, which leaves
     * ragged lines. Here consecutive lines become one paragraph that picocli wraps once; empty lines
     * and lines that start with a space (examples, lists) stay as written.
     */
    private static void reflow(CommandLine cli) {
        CommandLine.Model.UsageMessageSpec usage = cli.getCommandSpec().usageMessage();
        usage.description(paragraphs(usage.description()));
        usage.footer(paragraphs(usage.footer()));
        cli.getSubcommands().values().forEach(Cellwatch::reflow);
    }

    static String[] paragraphs(String[] lines) {
        java.util.List<String> out = new java.util.ArrayList<>();
        StringBuilder paragraph = null;
        for (String line : lines) {
            if (line.isEmpty() || Character.isWhitespace(line.charAt(0))) {
                if (paragraph != null) {
                    out.add(paragraph.toString());
                    paragraph = null;
                }
                out.add(line);
            } else if (paragraph == null) {
                paragraph = new StringBuilder(line);
            } else {
                paragraph.append(' ').append(line);
            }
        }
        if (paragraph != null) {
            out.add(paragraph.toString());
        }
        return out.toArray(String[]::new);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Cellwatch.class.getPackage().getImplementationVersion();
            return new String[]{"cellwatch " + (v == null ? "(development build)" : v),
                    "Java " + System.getProperty("java.version") + " on " + System.getProperty("os.name")};
        }
    }
}
