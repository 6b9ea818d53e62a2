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
                "or from ~/.cellwatch.properties (key = option name without dashes, e.g. cells=50)."})
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
        return cli;
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
