package io.cellwatch.app;

import io.cellwatch.edge.reader.CyclerFileException;
import io.cellwatch.edge.reader.CyclerFormat;
import io.cellwatch.streams.analytics.AnalyticsOptions;
import io.cellwatch.streams.analytics.CycleOrder;
import io.cellwatch.streams.detect.DetectionConfig;
import io.cellwatch.streams.replay.CycleCsvWriter;
import io.cellwatch.streams.replay.FindingsJsonl;
import io.cellwatch.streams.replay.FileReplay;
import io.cellwatch.streams.replay.ReplayListener;
import io.cellwatch.telemetry.CellMetadata;
import io.cellwatch.telemetry.CellType;
import io.cellwatch.telemetry.CycleResult;
import io.cellwatch.telemetry.Finding;
import io.cellwatch.telemetry.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cellwatch replay FILE}: a finished cycler file through the same analytics classes the Kafka Streams
 * topology runs ({@link FileReplay}), in batch, with no broker.
 */
@Command(name = "replay",
        header = "A finished cycler file through the same analytics: cycle table, CSV, findings.",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
                "Replays a finished cycler file through the same cycle analytics the Kafka",
                "Streams topology runs, in batch and without Kafka: capacity, energy, Coulombic",
                "efficiency, retention and fade, polarization and DCIR per cycle.",
                "Formats, detected from the first lines: Arbin CSV, Neware CSV, Maccor text,",
                "Battery Data Format CSV; the reader converts current signs and time units.",
                "",
                "Prints a table of the cycles on stdout as they finish, progress on stderr at",
                "most once a second, and a summary line at the end (rows, skipped rows and why,",
                "cycles and the rule that found them, time).",
                ""},
        footer = {"",
                "Exit codes:",
                "  0  replayed (rows the reader cannot read are skipped and counted, not fatal)",
                "  1  reading or writing failed part-way (an I/O error); the message says where",
                "  2  bad command line: an unknown option or value, FILE missing or unreadable,",
                "     not a cycler format cellwatch reads, a required column missing, or the",
                "     --cycles file cannot be created",
                "",
                "Example:",
                "  cellwatch replay neware_uio.csv --cell-type half --cycles cycles.csv"})
final class ReplayCommand implements Callable<Integer> {

    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The cycler export to replay.")
    Path file;

    @Option(names = "--cell-id", paramLabel = "ID",
            description = "Cell id put on every sample and cycle. Default: the file name without a letter extension"
                    + " (neware_uio.csv -> neware_uio; a Maccor channel extension such as .070 is kept).")
    String cellId;

    @Option(names = "--cell-type", paramLabel = "TYPE", defaultValue = "full", converter = CellTypeConverter.class,
            description = "full, symmetric or half. Sets the cycle order and the CE quotient: full = charge first,"
                    + " CE = discharge/charge; half (anode half cell) = discharge (lithiation) first,"
                    + " CE = charge/discharge; symmetric (Li//Li) = whichever direction comes first, no CE,"
                    + " overpotential instead. Default: ${DEFAULT-VALUE}.")
    CellType cellType;

    @Option(names = "--nominal-capacity-ah", paramLabel = "AH",
            description = "Nominal capacity in Ah (a 0.78 mAh coin cell is 0.00078). Scales the thresholds: rest below"
                    + " C/200, a second half-cycle must move 5 %% of it before step order closes a cycle (so a pulse"
                    + " does not split one), DCIR at current steps above 0.1 C. Default: unknown, and absolute floors"
                    + " apply (rest below 1 uA, any half-cycle counts, DCIR steps above 1 mA).")
    Double nominalCapacityAh;

    @Option(names = "--active-mass-g", paramLabel = "GRAMS",
            description = "Active material mass in grams, for specific capacity in mAh/g. Default: unknown (no mAh/g).")
    Double activeMassG;

    @Option(names = "--area-cm2", paramLabel = "CM2",
            description = "Electrode area in cm2. Kept in the cell metadata; no per-area figure is computed yet."
                    + " Default: unknown.")
    Double areaCm2;

    @Option(names = "--voltage-min-v", paramLabel = "VOLTS",
            description = "Protocol lower voltage limit. Kept in the cell metadata for detectors; the cycle analytics"
                    + " do not use it. Default: unknown.")
    Double voltageMinV;

    @Option(names = "--voltage-max-v", paramLabel = "VOLTS",
            description = "Protocol upper voltage limit, likewise. Default: unknown.")
    Double voltageMaxV;

    @Option(names = "--cycle-order", paramLabel = "ORDER", converter = CycleOrderConverter.class,
            description = "charge-first, discharge-first or first-direction, overriding what --cell-type implies."
                    + " Decides where step order puts cycle boundaries (used when the cycler's own cycle counter"
                    + " never advances) and which half is 'in' for CE and retention. Default: from --cell-type.")
    CycleOrder cycleOrder;

    @Option(names = "--cycles", paramLabel = "OUT.csv",
            description = "Also write the cycles to this CSV (created or replaced): header starting"
                    + " cycle,charge_ah,discharge_ah,coulombic_efficiency, then every per-cycle figure with its unit"
                    + " in the column name; capacities in Ah, ratios as fractions 0-1, unknown figures empty."
                    + " Default: no CSV.")
    Path cyclesCsv;

    @Option(names = "--chamber-setpoint-c", paramLabel = "CELSIUS",
            description = "The chamber temperature the cell was cycled at; the thermal detectors judge the cell"
                    + " against it (a 100 C oven is not a fault). Default: unknown, judged against room-temperature limits.")
    Double chamberSetpointC;

    @Option(names = "--findings", paramLabel = "OUT.jsonl",
            description = "Also run the safety detectors (the same ones the live pipeline runs) and write their"
                    + " findings here, one JSON object per line with type, severity, cell, cycle, time_s, summary,"
                    + " evidence and the raw window. The cycler's clock stands in for the wall clock, so a gap in the"
                    + " file longer than the stale limit shows as a silent channel. Default: no findings file.")
    Path findingsJsonl;

    @Option(names = "--json",
            description = "Print each cycle as one JSON object per line on stdout (the cellwatch.cycles.v1 record,"
                    + " steps and DCIR included) instead of the table. Default: table.")
    boolean json;

    @Option(names = "--quiet", description = "No table, no progress, no summary and no INFO log lines; only"
            + " errors and warnings, --json lines and the --cycles file. Default: off.")
    boolean quiet;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (quiet) {
            quietLogs();
        }
        String problem = checkReadable(file);
        if (problem != null) {
            return usageError(err, file + ": " + problem);
        }
        checkOptions();
        CellMetadata cell = new CellMetadata(cellId != null ? cellId : defaultCellId(file), null, null, null,
                cellType, null, nominalCapacityAh, activeMassG, areaCm2, voltageMinV, voltageMaxV, null, chamberSetpointC,
                null);
        AnalyticsOptions analytics = AnalyticsOptions.defaults().withCycleOrder(cycleOrder);
        try {
            // Before any output file is created: an unknown format must not leave an empty CSV behind.
            CyclerFormat.detect(file);
        } catch (CyclerFileException e) {
            return usageError(err, e.getMessage());
        } catch (IOException e) {
            return usageError(err, file + ": cannot be read: " + reason(e));
        }
        CycleCsvWriter csv = null;
        java.io.Writer findingsOut = null;
        try {
            if (cyclesCsv != null) {
                try {
                    csv = CycleCsvWriter.create(cyclesCsv);
                } catch (IOException e) {
                    return usageError(err, "--cycles " + cyclesCsv + ": cannot be written: " + reason(e));
                }
            }
            List<ReplayListener> listeners = new ArrayList<>(listeners(out, err, csv));
            FindingsJsonl findings = null;
            if (findingsJsonl != null) {
                try {
                    findingsOut = Files.newBufferedWriter(findingsJsonl);
                } catch (IOException e) {
                    return usageError(err, "--findings " + findingsJsonl + ": cannot be written: " + reason(e));
                }
                findings = new FindingsJsonl(cell, DetectionConfig.defaults(), findingsOut);
                listeners.add(0, findings); // sees each row before the console prints the cycle it finishes
            }
            FileReplay.of(cell, analytics).run(file, ReplayListener.of(listeners));
            if (findings != null && !quiet) {
                err.println("cellwatch replay: " + describe(findings.findings()) + " written to " + findingsJsonl);
            }
            return 0;
        } catch (CyclerFileException e) {
            // Thrown as the file is opened (a required column missing), before any row: drop the header-only CSV.
            closeQuietly(csv, err);
            csv = null;
            deleteQuietly(cyclesCsv);
            return usageError(err, e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            err.println("cellwatch replay: " + file + ": failed: " + reason(e));
            return EXIT_FAILED;
        } finally {
            closeQuietly(csv, err);
            if (findingsOut != null) {
                try {
                    findingsOut.close();
                } catch (IOException e) {
                    err.println("cellwatch replay: " + findingsJsonl + ": " + reason(e));
                }
            }
        }
    }

    /** "3 findings (1 critical hard_short, 2 warning soft_short)", counting raised ones, not clearances. */
    static String describe(List<Finding> findings) {
        java.util.Map<String, Long> raised = findings.stream().filter(f -> !f.cleared())
                .collect(java.util.stream.Collectors.groupingBy(
                        f -> f.severity().wireName() + " " + f.type().wireName(), java.util.TreeMap::new,
                        java.util.stream.Collectors.counting()));
        long n = raised.values().stream().mapToLong(Long::longValue).sum();
        if (n == 0) {
            return "no findings";
        }
        return n + (n == 1 ? " finding (" : " findings (") + raised.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey()).collect(java.util.stream.Collectors.joining(", ")) + ")";
    }

    /** The sinks of one replay, all fed in one pass over the file ({@code --findings} is added in front of them). */
    private List<ReplayListener> listeners(PrintWriter out, PrintWriter err, CycleCsvWriter csv) {
        List<ReplayListener> all = new ArrayList<>();
        if (csv != null) {
            all.add(csv);
        }
        if (json) {
            all.add(new ReplayListener() {
                @Override
                public void cycle(CycleResult cycle) throws IOException {
                    out.println(Json.mapper().writeValueAsString(cycle));
                    out.flush();
                }
            });
        } else if (!quiet) {
            all.add(new CycleTable(out));
        }
        if (!quiet) {
            all.add(new ReplayConsole(err, file.getFileName().toString()));
        }
        return all;
    }

    /**
     * Lowers cellwatch's own log lines (the reader's INFO notes on formats and conventions) to WARN, unless the
     * user chose a level. cellwatch-logback.xml reads CELLWATCH_LOG_LEVEL when logback starts, which is at the
     * first logger; no logger exists before a command runs (Cellwatch.main creates none), so a system property
     * set here still counts. Row problems (WARN) are still shown.
     */
    private static void quietLogs() {
        if (System.getenv("CELLWATCH_LOG_LEVEL") == null && System.getProperty("CELLWATCH_LOG_LEVEL") == null) {
            System.setProperty("CELLWATCH_LOG_LEVEL", "WARN");
        }
    }

    /** Null when {@code f} is a readable regular file, else what is wrong with it. */
    static String checkReadable(Path f) {
        if (!Files.exists(f)) {
            return "no such file";
        }
        if (Files.isDirectory(f)) {
            return "is a directory, not a cycler file";
        }
        if (!Files.isReadable(f)) {
            return "not readable (permission denied)";
        }
        return null;
    }

    private void checkOptions() {
        positive("--nominal-capacity-ah", nominalCapacityAh);
        positive("--active-mass-g", activeMassG);
        positive("--area-cm2", areaCm2);
        if (voltageMinV != null && voltageMaxV != null && voltageMinV >= voltageMaxV) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--voltage-min-v (" + voltageMinV
                    + ") must be below --voltage-max-v (" + voltageMaxV + ")");
        }
        if (cellId != null && cellId.isBlank()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--cell-id must not be blank");
        }
    }

    private void positive(String option, Double value) {
        if (value != null && !(value > 0 && Double.isFinite(value))) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    option + " must be a positive number, got " + value);
        }
    }

    /** The file name without a letter extension: {@code neware_uio.csv} -> {@code neware_uio}. */
    static String defaultCellId(Path f) {
        String name = f.getFileName().toString();
        String stripped = name.replaceFirst("\\.[A-Za-z][A-Za-z0-9]*$", "");
        return stripped.isBlank() ? name : stripped;
    }

    private static int usageError(PrintWriter err, String message) {
        err.println("cellwatch replay: " + message);
        err.flush();
        return EXIT_USAGE;
    }

    /** The exception's own words and its causes', on one line. */
    private static String reason(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof NoSuchFileException) {
            m = "no such file or folder: " + m;
        } else if (e instanceof AccessDeniedException) {
            m = "permission denied: " + m;
        }
        Throwable cause = e.getCause();
        if (cause != null && cause != e) {
            m = m + ": " + reason(cause);
        }
        return m.replace('\n', ' ');
    }

    private static void deleteQuietly(Path f) {
        if (f == null) {
            return;
        }
        try {
            Files.deleteIfExists(f);
        } catch (IOException e) {
            // Nothing to add: the error about the input file is what the user needs to see.
        }
    }

    private static void closeQuietly(CycleCsvWriter csv, PrintWriter err) {
        if (csv == null) {
            return;
        }
        try {
            csv.close();
        } catch (IOException e) {
            err.println("cellwatch replay: closing the --cycles file failed: " + reason(e));
        }
    }

    /** full | symmetric | half, as on the wire. */
    static final class CellTypeConverter implements CommandLine.ITypeConverter<CellType> {
        @Override
        public CellType convert(String value) {
            for (CellType t : CellType.values()) {
                if (t.wireName().equalsIgnoreCase(value.strip())) {
                    return t;
                }
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not a cell type; use full, symmetric or half");
        }
    }

    /** charge-first | discharge-first | first-direction. */
    static final class CycleOrderConverter implements CommandLine.ITypeConverter<CycleOrder> {
        @Override
        public CycleOrder convert(String value) {
            for (CycleOrder o : CycleOrder.values()) {
                if (o.name().replace('_', '-').equalsIgnoreCase(value.strip())) {
                    return o;
                }
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not a cycle order;"
                    + " use charge-first, discharge-first or first-direction");
        }
    }
}
