package io.cellwatch.app.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code cellwatch bench}: ceilings, the whole pipeline, latency, memory, scaling and the analytics
 * micro-benchmark, measured side by side in one process on embedded brokers.
 */
@Command(name = "bench",
        header = "Measures cellwatch on this machine: throughput, latency, memory, scaling.",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
                "Measures cellwatch on this machine, in one process on embedded brokers,",
                "and prints a table (and --json): the raw Kafka and MQTT ceilings, the",
                "whole pipeline at full speed and its ratio to each ceiling, latency from",
                "a published sample to its cycle result, finding and alert at each offered",
                "load of --rates, heap and state bytes per cell, throughput at 1, 2 and 4",
                "partitions (median and spread of --repeat runs), and the analytics",
                "micro-benchmark (pure analytics per core, topology vs an identity",
                "topology). Progress goes to stderr once a second.",
                "One Kafka (KRaft) and one MQTT broker serve every section; each",
                "measurement starts on fresh, empty cellwatch topics (at its partition",
                "count) under names of its own. Ratios are measured in the same run",
                "because absolute numbers on a shared machine move with everything else",
                "running on it. Exit code 1 if a section failed.",
                ""},
        footer = {"", "Examples:",
                "  cellwatch bench --quick                  # every section, ~1 min",
                "  cellwatch bench --json bench.json        # the full run, ~12 min on 2 cores",
                "  cellwatch bench --only latency --rates 1000,3000,10000",
                "  cellwatch bench --only scaling --repeat 5"})
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--duration", defaultValue = "60", paramLabel = "SECONDS",
            description = "Measured seconds of the full-speed pipeline run; ceilings take 1/4 of it, each scaling run"
                    + " and each latency run 1/2. Default: ${DEFAULT-VALUE}.")
    double durationS;

    @Option(names = "--warmup", defaultValue = "10", paramLabel = "SECONDS",
            description = "Unmeasured seconds before each pipeline, scaling and latency measurement"
                    + " (half of it before each ceiling). Default: ${DEFAULT-VALUE}.")
    double warmupS;

    @Option(names = "--cells", defaultValue = "10000", description = "Cells held in memory for the memory figure."
            + " Default: ${DEFAULT-VALUE}.")
    int cells;

    @Option(names = "--rates", split = ",", paramLabel = "RATE",
            description = "Offered loads of the latency runs, samples/s, one run each on fresh topics, lowest first."
                    + " 'auto' is half the full-speed pipeline throughput measured in this run, at least "
                    + BenchRun.AUTO_RATE_FLOOR + " (a load the topology keeps up with; "
                    + BenchOptions.AUTO_RATE_WITHOUT_PIPELINE + "/s when the pipeline section does not run). Every rate"
                    + " runs at the simulated speed-up of the highest with --latency-cells, lower rates with"
                    + " proportionally fewer cells. The p99 target is judged at the highest, if it is at least "
                    + BenchOptions.TARGET_RATE + ". Default: auto," + BenchOptions.TARGET_RATE + ".")
    List<String> rates;

    @Option(names = "--rate", paramLabel = "SAMPLES_PER_S",
            description = "Short for --rates auto,SAMPLES_PER_S.")
    Integer rate;

    @Option(names = "--repeat", paramLabel = "N",
            description = "Runs per partition count in the scaling section, and measured pairs of topology and identity"
                    + " runs in the analytics section; the table shows the median and the lowest and highest run."
                    + " Default: 3 (1 with --quick).")
    Integer repeat;

    @Option(names = "--analytics-records", defaultValue = "400000", paramLabel = "N",
            description = "Telemetry records (200 cells) each topology and identity run of the analytics section"
                    + " reads; more gives longer measured spans, closer to a long-running service (the JIT still"
                    + " compiles during a 400,000-record run). Default: ${DEFAULT-VALUE} (5000 with --quick).")
    int analyticsRecords;

    @Option(names = "--partitions", paramLabel = "N",
            description = "Partitions per topic and stream threads for pipeline, latency and analytics. Default: the"
                    + " number of cores.")
    Integer partitions;

    @Option(names = "--pipeline-cells", defaultValue = "1000", paramLabel = "N",
            description = "Simulated channels of the full-speed pipeline and scaling runs. Default: ${DEFAULT-VALUE}.")
    int pipelineCells;

    @Option(names = "--latency-cells", defaultValue = "100", paramLabel = "N",
            description = "Simulated channels of the latency run at the highest rate; they run at rate x 10 s / N"
                    + " times real time. Default: ${DEFAULT-VALUE}.")
    int latencyCells;

    @Option(names = "--only", split = ",", paramLabel = "SECTION",
            description = "Run only these: ceilings, pipeline, latency, memory, scaling, analytics. Default: all.")
    List<String> only;

    @Option(names = "--json", paramLabel = "OUT.json", description = "Also write the figures as JSON.")
    Path json;

    @Option(names = "--quick", description = "A smoke run of the same code: every section in about a minute"
            + " (windows of 0.25-1 s, small fleets and cell counts, one scaling run per partition count, latency drains cut at"
            + " 10 s, brokers starting during the memory and pure analytics phases); numbers are not meaningful.")
    boolean quick;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintStream err = System.err;
        BenchOptions options = options();
        Map<String, Object> machine = machine();
        out.printf("cellwatch bench on %s cores, max heap %s MiB, %s %s (%s), %s%n", machine.get("cores"),
                machine.get("max_heap_mib"), machine.get("jdk_vendor"), machine.get("jdk_version"), machine.get("jvm"),
                machine.get("os"));
        out.printf("load average at start %s; sections %s%s%n", machine.get("load_average_at_start"),
                String.join(",", options.sections()), options.quick() ? " (quick: numbers are not meaningful)" : "");
        BenchReport report = new BenchReport(machine, options.describe());
        out.flush();
        BenchRun run = new BenchRun(options, report, err);
        run.run();
        report.printTable(out);
        if (options.json() != null) {
            report.writeJson(options.json());
            out.println();
            out.println("wrote " + options.json());
        }
        if (!run.failures().isEmpty()) {
            out.println();
            out.println("FAILED sections: " + String.join(", ", run.failures().keySet()) + " (see stderr)");
        }
        out.flush();
        return run.failures().isEmpty() ? 0 : 1;
    }

    BenchOptions options() {
        Set<String> sections = new LinkedHashSet<>();
        for (String s : only == null ? BenchOptions.ALL_SECTIONS : only) {
            String name = s.trim().toLowerCase(Locale.ROOT);
            if (!BenchOptions.ALL_SECTIONS.contains(name)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--only: unknown section '" + s
                        + "' (sections: " + String.join(", ", BenchOptions.ALL_SECTIONS) + ")");
            }
            sections.add(name);
        }
        int cores = Runtime.getRuntime().availableProcessors();
        int parts = partitions != null ? partitions : cores;
        List<Integer> offered = offeredRates();
        int runs = repeat != null ? repeat : quick ? 1 : 3;
        if (runs < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--repeat must be at least 1, was " + runs);
        }
        if (quick) {
            return new BenchOptions(Duration.ofSeconds(1), Duration.ofMillis(500), Math.min(cells, 100), offered, parts,
                    Math.min(pipelineCells, 50), Math.min(latencyCells, 10), runs, Math.min(analyticsRecords, 5_000),
                    sections, json, true);
        }
        if (analyticsRecords < 1_000) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--analytics-records must be at least 1000 (200 cells, 5 samples each), was " + analyticsRecords);
        }
        return new BenchOptions(seconds(durationS), seconds(warmupS), cells, offered, parts, pipelineCells, latencyCells,
                runs, analyticsRecords, sections, json, false);
    }

    private List<Integer> offeredRates() {
        if (rate != null && rates != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--rate is short for --rates auto,N: give one of them");
        }
        List<String> given = rates != null ? rates
                : List.of("auto", String.valueOf(rate != null ? rate : BenchOptions.TARGET_RATE));
        List<Integer> out = new ArrayList<>();
        for (String r : given) {
            String v = r.trim().toLowerCase(Locale.ROOT).replace("_", "");
            if (v.equals("auto")) {
                out.add(BenchOptions.AUTO_RATE);
                continue;
            }
            try {
                int n = Integer.parseInt(v);
                if (n < 1) {
                    throw new NumberFormatException();
                }
                out.add(n);
            } catch (NumberFormatException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--rates: '" + r
                        + "' is neither a positive number of samples/s nor 'auto'");
            }
        }
        if (out.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--rates: give at least one rate");
        }
        return List.copyOf(out);
    }

    private static Duration seconds(double s) {
        return Duration.ofMillis(Math.round(s * 1000));
    }

    static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("max_heap_mib", Runtime.getRuntime().maxMemory() / 1048576);
        m.put("jdk_vendor", System.getProperty("java.vendor"));
        m.put("jdk_version", System.getProperty("java.version"));
        m.put("jvm", System.getProperty("java.vm.name"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.put("load_average_at_start", String.format(Locale.ROOT, "%.2f",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        m.put("jvm_args", new ArrayList<>(ManagementFactory.getRuntimeMXBean().getInputArguments()));
        return m;
    }

}
