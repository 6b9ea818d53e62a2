package io.cellwatch.edge.reader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The cycler export formats cellwatch reads, and how to tell them apart from a file's first lines. */
public enum CyclerFormat {
    /** Arbin CSV export: {@code Test_Time}/{@code Charge_Capacity} (MITS Pro) or {@code Test Time (s)} (newer). */
    ARBIN_CSV(','),
    /** Neware BTS CSV export: {@code Cumulative Time} as h:mm:ss, {@code Chg. Cap.(Ah)}. */
    NEWARE_CSV(','),
    /** Maccor tab-separated text export: preamble lines, then a {@code Rec#  Cyc#  Step ...} header. */
    MACCOR_TEXT('\t'),
    /** Battery Data Format CSV, label form ({@code Voltage / V}) or machine form ({@code voltage_volt}). */
    BDF_CSV(',');

    /** How many lines detection looks at: Maccor's preamble is 1–3 lines, 50 leaves room for others. */
    static final int DETECTION_LINES = 50;

    private final char separator;

    CyclerFormat(char separator) {
        this.separator = separator;
    }

    /** The field separator of the data lines. */
    public char separator() {
        return separator;
    }

    /**
     * The format of {@code file}, from its first {@value #DETECTION_LINES} lines.
     *
     * @throws CyclerFileException when no format fits, naming what was looked for and the first line
     */
    public static CyclerFormat detect(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        try (LineSource in = new LineSource(file)) {
            String line;
            while (lines.size() < DETECTION_LINES && (line = in.next()) != null) {
                lines.add(line);
            }
        }
        return detect(lines).orElseThrow(() -> new CyclerFileException(file + ": not a cycler export cellwatch"
                + " knows (looked for a Maccor 'Rec#'/'Cyc#' header, BDF 'Voltage / V' or 'voltage_volt',"
                + " Neware 'Chg. Cap.'/'Cumulative Time', Arbin 'Test_Time'/'Charge_Capacity'); first line: '"
                + (lines.isEmpty() ? "" : abbreviate(lines.get(0))) + "'"));
    }

    /**
     * The format of a file starting with {@code firstLines}, if one fits.
     * Checked in an order that keeps look-alikes apart: Neware also has a {@code Cycle Index}, so the
     * Arbin test comes last.
     */
    public static Optional<CyclerFormat> detect(List<String> firstLines) {
        for (String line : firstLines) {
            if (isMaccorHeader(line)) {
                return Optional.of(MACCOR_TEXT);
            }
        }
        String first = firstLines.stream().filter(l -> !l.isBlank()).findFirst().orElse("").replace("\uFEFF", "");
        Header header = Header.parse(new LineSplitter(',').split(first));
        Set<String> labels = lowerCaseLabels(first);
        // BDF: voltage and current both in label form, or both in machine form (an Arbin "Step_Index"
        // happens to be a BDF machine name too, so one machine-like name proves nothing).
        boolean bdfLabels = (labels.contains("voltage / v") || labels.contains("voltage / mv"))
                && (labels.contains("current / a") || labels.contains("current / ma"));
        boolean bdfMachine = (labels.contains("voltage_v") || labels.contains("voltage_volt"))
                && (labels.contains("current_a") || labels.contains("current_ampere"));
        if (bdfLabels || bdfMachine) {
            return Optional.of(BDF_CSV);
        }
        if (header.has("chg. cap.", "dchg. cap.", "cumulative time")
                || header.has("datapoint") && header.has("step type")) {
            return Optional.of(NEWARE_CSV);
        }
        if (header.has("test time") && header.has("voltage") && header.has("current")
                && header.has("charge capacity", "cycle index", "data point")) {
            return Optional.of(ARBIN_CSV);
        }
        return Optional.empty();
    }

    /** Maccor's column header: it is the line starting {@code Rec#} and naming {@code Cyc#}. */
    static boolean isMaccorHeader(String line) {
        String s = line.replace("\uFEFF", "").stripLeading();
        return s.startsWith("Rec#") && s.contains("Cyc#");
    }

    private static Set<String> lowerCaseLabels(String line) {
        Set<String> out = new HashSet<>();
        for (String cell : new LineSplitter(',').split(line)) {
            out.add(cell.strip().toLowerCase(Locale.ROOT));
        }
        return out;
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 120) + "...";
    }
}
