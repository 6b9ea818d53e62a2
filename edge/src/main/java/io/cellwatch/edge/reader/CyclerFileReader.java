package io.cellwatch.edge.reader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens cycler export files as a stream of {@link CyclerRow}s.
 *
 * <pre>{@code
 * try (CyclerRows rows = CyclerFileReader.open(path, ReaderOptions.forCell("cell-07"))) {
 *     for (CyclerRow row : rows) {
 *         publish(row.sample());
 *     }
 *     log.info("{}", rows.stats());
 * }
 * }</pre>
 *
 * <p>Rows are read one at a time; nothing but the current line is held, so file size does not matter.
 *
 * <p><b>Current sign rule.</b> Every {@code Sample} is positive on charge. Per format:
 * <ul>
 *   <li>Maccor: each row's {@code State} letter gives the direction of the unsigned magnitude
 *       ({@link SignRules#maccorCurrent}).</li>
 *   <li>Neware and BDF with a step-type column: the file's convention is decided by a vote over the first
 *       {@value #VOTE_MAX_LINES} data lines: each row with non-zero current in a step labelled charge or
 *       discharge votes whether its sign agrees with positive-on-charge; the majority decides and the
 *       file is then converted as a whole. A whole-file rule (not a per-row flip) means a genuinely
 *       reversed current inside a charge step stays visible downstream instead of being "corrected".
 *       With no decisive row the vendor's or the spec's convention (positive on charge) applies.</li>
 *   <li>Arbin, and BDF without step types: positive on charge, as both document.</li>
 *   <li>{@link ReaderOptions#currentSign()} other than AUTO overrides the decision for signed currents.</li>
 * </ul>
 * The decision and its vote are recorded in {@link ReaderStats#notes()}.
 */
public final class CyclerFileReader {

    private static final Logger log = LoggerFactory.getLogger(CyclerFileReader.class);

    /** Lines the sign vote reads at most; it stops earlier once {@value #VOTE_ENOUGH_ROWS} rows voted. */
    static final int VOTE_MAX_LINES = 200_000;
    static final int VOTE_ENOUGH_ROWS = 5_000;

    private CyclerFileReader() {
    }

    /**
     * Opens {@code file} for reading.
     *
     * @throws CyclerFileException when the file cannot be read at all (unknown format, no header,
     *                             a required column missing, an unknown unit)
     * @throws IOException         when the file cannot be opened
     */
    public static CyclerRows open(Path file, ReaderOptions options) throws IOException {
        return open(file, options, false);
    }

    /**
     * Opens {@code file}, which the cycler software may still be writing, for following: rows come
     * only from complete lines (a half-written last line waits), and the iterator's {@code hasNext()}
     * turns true again when rows are appended (see {@link CyclerRows#isFollowing()}). Truncation and
     * rotation are the caller's to notice ({@link CyclerRows#bytesConsumed()} against the file size);
     * it then opens the new file.
     *
     * @throws CyclerFileException as {@link #open}, also when the header is not complete yet
     */
    public static CyclerRows follow(Path file, ReaderOptions options) throws IOException {
        return open(file, options, true);
    }

    private static CyclerRows open(Path file, ReaderOptions options, boolean following) throws IOException {
        List<String> notes = new ArrayList<>();
        CyclerFormat format = options.format();
        if (format == null) {
            format = CyclerFormat.detect(file);
            notes.add("format " + format + " (detected)");
        } else {
            notes.add("format " + format + " (from options)");
        }

        LineSource lines = following ? LineSource.following(file) : new LineSource(file);
        try {
            Header header = readHeader(file, format, lines);
            long headerLine = lines.lineNumber();
            CurrentSign sign = decideSign(file, format, header, headerLine, options, notes);
            RowParser parser = parser(format, header, new ParserSetup(file, options.zone(), sign));
            notes.addAll(parser.notes());
            log.info("Reading {} as {} for cell {}: {}", file, format, options.cellId(), notes);
            return new CyclerRows(file, format, lines, new LineSplitter(format.separator()), header.size(),
                    parser, options, notes, following);
        } catch (IOException | RuntimeException e) {
            lines.close();
            throw e;
        }
    }

    private static Header readHeader(Path file, CyclerFormat format, LineSource lines) throws IOException {
        String line;
        while ((line = lines.next()) != null) {
            if (format == CyclerFormat.MACCOR_TEXT) {
                if (CyclerFormat.isMaccorHeader(line)) {
                    return Header.parse(new LineSplitter('\t').split(line));
                }
                if (lines.lineNumber() >= CyclerFormat.DETECTION_LINES) {
                    break;
                }
            } else if (!line.isBlank()) {
                Function<String, String> rename = format == CyclerFormat.BDF_CSV ? BdfNames::label
                        : Function.identity();
                return Header.parse(new LineSplitter(format.separator()).split(line), rename);
            }
        }
        throw new CyclerFileException(file + ": no " + format + " header found"
                + (format == CyclerFormat.MACCOR_TEXT ? " (a line starting 'Rec#' within the first "
                + CyclerFormat.DETECTION_LINES + " lines)" : " (the file is empty)"));
    }

    private static RowParser parser(CyclerFormat format, Header header, ParserSetup setup)
            throws CyclerFileException {
        return switch (format) {
            case ARBIN_CSV -> ArbinRowParser.create(header, setup);
            case NEWARE_CSV -> NewareRowParser.create(header, setup);
            case MACCOR_TEXT -> MaccorRowParser.create(header, setup);
            case BDF_CSV -> BdfRowParser.create(header, setup);
        };
    }

    /** The file's current convention: the options' if given, else the label vote, else positive on charge. */
    private static CurrentSign decideSign(Path file, CyclerFormat format, Header header, long headerLine,
            ReaderOptions options, List<String> notes) throws IOException {
        CurrentSign fallback = options.currentSign() == CurrentSign.AUTO ? CurrentSign.POSITIVE_ON_CHARGE
                : options.currentSign();
        if (format == CyclerFormat.MACCOR_TEXT && header.has("state", "md")) {
            notes.add("current sign: from each row's State (C = charge, D = discharge), Amps taken as a"
                    + " magnitude; a sign in the options would apply only without a State column");
            return fallback;
        }
        if (options.currentSign() != CurrentSign.AUTO) {
            notes.add("current sign: file " + words(options.currentSign()) + " (from options)");
            return options.currentSign();
        }
        RowParser probe = parser(format, header, new ParserSetup(file, options.zone(),
                CurrentSign.POSITIVE_ON_CHARGE));
        if (!probe.signNeedsVote()) {
            notes.add("current sign: file positive on charge (" + format + " convention; no step type column)");
            return CurrentSign.POSITIVE_ON_CHARGE;
        }
        SignRules.Vote vote = new SignRules.Vote();
        LineSplitter splitter = new LineSplitter(format.separator());
        try (LineSource lines = new LineSource(file)) {
            String line;
            while ((line = lines.next()) != null && lines.lineNumber() <= headerLine + VOTE_MAX_LINES
                    && vote.decisiveRows() < VOTE_ENOUGH_ROWS) {
                if (lines.lineNumber() <= headerLine || line.isBlank()) {
                    continue;
                }
                try {
                    Reading r = probe.parse(new Fields(splitter.split(line)));
                    vote.add(r.stepKind(), r.currentA());
                } catch (BadValueException | RuntimeException e) {
                    // Bad rows are reported when the file is read for real; the vote just ignores them.
                }
            }
        }
        CurrentSign sign = vote.decide(CurrentSign.POSITIVE_ON_CHARGE);
        notes.add("current sign: file " + words(sign) + (vote.decisiveRows() == 0
                ? " (" + format + " convention; no labelled charge/discharge row with current to check it)"
                : " (step type agrees with positive-on-charge on " + vote.agreeing() + " and disagrees on "
                + vote.disagreeing() + " of the first labelled rows with current)")
                + (sign == CurrentSign.POSITIVE_ON_DISCHARGE ? "; flipped to positive on charge" : ""));
        if (vote.agreeing() > 0 && vote.disagreeing() > 0) {
            log.warn("{}: step types disagree with the current sign on {} of {} rows; decided {}", file,
                    Math.min(vote.agreeing(), vote.disagreeing()), vote.decisiveRows(), words(sign));
        }
        return sign;
    }

    private static String words(CurrentSign sign) {
        return sign.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
