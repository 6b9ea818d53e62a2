package io.cellwatch.edge.reader;

import io.cellwatch.telemetry.Sample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rows of one open cycler file, read lazily. Like {@link java.nio.file.DirectoryStream} it can be
 * iterated once and must be closed.
 *
 * <p>Unreadable rows are skipped: each is counted, the first few are kept with file, line, column and
 * text in {@link #stats()} and logged at WARN (later ones at DEBUG), and reading goes on. Input never
 * surfaces as an exception from iteration; only an I/O failure of the file does
 * ({@link UncheckedIOException}).
 */
public final class CyclerRows implements Iterable<CyclerRow>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CyclerRows.class);

    private final Path file;
    private final CyclerFormat format;
    private final LineSource lines;
    private final LineSplitter splitter;
    private final int headerSize;
    private final RowParser parser;
    private final ReaderOptions options;
    private final List<String> notes;
    private final TimeAnchor anchor;
    private final List<RowError> errors = new ArrayList<>();

    private long dataRows;
    private long rowsRead;
    private long rowsSkipped;
    private boolean iterated;
    private boolean finished;
    private boolean closed;
    private CyclerRow lookahead;
    private final boolean following;

    CyclerRows(Path file, CyclerFormat format, LineSource lines, LineSplitter splitter, int headerSize,
            RowParser parser, ReaderOptions options, List<String> notes) {
        this(file, format, lines, splitter, headerSize, parser, options, notes, false);
    }

    CyclerRows(Path file, CyclerFormat format, LineSource lines, LineSplitter splitter, int headerSize,
            RowParser parser, ReaderOptions options, List<String> notes, boolean following) {
        this.following = following;
        this.file = file;
        this.format = format;
        this.lines = lines;
        this.splitter = splitter;
        this.headerSize = headerSize;
        this.parser = parser;
        this.options = options;
        this.notes = new ArrayList<>(notes);
        this.anchor = new TimeAnchor(options.startEpochS() == null ? 0.0 : options.startEpochS());
    }

    /**
     * True for rows opened with {@link CyclerFileReader#follow}: the iterator's {@code hasNext()}
     * is false while no complete new row is in the file, and true again once one is appended.
     */
    public boolean isFollowing() {
        return following;
    }

    /** Bytes of the file consumed as complete lines (following rows only; -1 otherwise). */
    public long bytesConsumed() {
        return following ? lines.consumedBytes() : -1;
    }

    public Path file() {
        return file;
    }

    public CyclerFormat format() {
        return format;
    }

    /** Counts and notes so far; complete once iteration has ended. */
    public ReaderStats stats() {
        List<String> all = new ArrayList<>(notes);
        all.add(timeNote());
        return new ReaderStats(rowsRead, rowsSkipped, errors, all, anchor.maxDriftS());
    }

    /** The single iterator over the rows. */
    @Override
    public Iterator<CyclerRow> iterator() {
        if (iterated) {
            throw new IllegalStateException("CyclerRows can be iterated only once");
        }
        iterated = true;
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                if (lookahead == null && !finished) {
                    lookahead = advance();
                }
                return lookahead != null;
            }

            @Override
            public CyclerRow next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                CyclerRow row = lookahead;
                lookahead = null;
                return row;
            }
        };
    }

    /** The rows as a sequential stream; closing the stream closes the file. */
    public Stream<CyclerRow> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(),
                Spliterator.ORDERED | Spliterator.NONNULL), false).onClose(this::close);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            lines.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private CyclerRow advance() {
        if (closed) {
            throw new IllegalStateException(file + " is closed");
        }
        try {
            String line;
            while ((line = lines.next()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                dataRows++;
                CyclerRow row = toRow(line, lines.lineNumber(), dataRows);
                if (row != null) {
                    rowsRead++;
                    return row;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": read failed after line " + lines.lineNumber(), e);
        }
        if (following) {
            return null; // nothing complete yet; ask again later
        }
        finished = true;
        if (rowsSkipped > 0) {
            log.warn("{}: read {} rows, skipped {} unreadable (first: {})", file, rowsRead, rowsSkipped,
                    errors.isEmpty() ? "-" : errors.get(0).message());
        } else {
            log.info("{}: read {} rows", file, rowsRead);
        }
        return null;
    }

    /** The row of one line, or null after recording why it cannot be read. */
    private CyclerRow toRow(String line, long lineNumber, long seq) {
        String[] cells = splitter.split(line);
        try {
            checkFieldCount(cells);
            Reading r = parser.parse(new Fields(cells));
            double timeS = anchor.timeOf(r.testTimeS(), r.dateEpochS());
            Sample sample = new Sample(options.cellId(), seq, timeS, r.testTimeS(), r.voltageV(), r.currentA(),
                    r.cellTemperatureC(), r.chamberTemperatureC(), r.stepIndex(), r.cycleIndex());
            return new CyclerRow(sample, lineNumber, r.chargeCapacityAh(), r.dischargeCapacityAh(),
                    r.stepType(), r.stepKind());
        } catch (BadValueException e) {
            skip(new RowError(file, lineNumber, e.column() == null ? null : e.column().label(), e.text(),
                    e.problem()));
        } catch (RuntimeException e) {
            // A parser bug must not stop a long file either; keep it as a row error with its type named.
            skip(new RowError(file, lineNumber, null, null, "unexpected " + e.getClass().getSimpleName()
                    + ": " + e.getMessage()));
        }
        return null;
    }

    /**
     * A row must have the header's fields: fewer is a truncated line (a file still being written), more
     * is a misaligned one (a decimal comma, {@code 3,41}, splits a number in two). Empty extra fields
     * are tolerated: some exports end every row with a separator.
     */
    private void checkFieldCount(String[] cells) throws BadValueException {
        if (cells.length < headerSize) {
            throw new BadValueException(null, null, "row has " + cells.length + " fields, the header has "
                    + headerSize + " (truncated line?)");
        }
        for (int k = headerSize; k < cells.length; k++) {
            if (!cells[k].isBlank()) {
                throw new BadValueException(null, null, "row has " + cells.length + " fields, the header has "
                        + headerSize + " (a separator inside a value, e.g. a decimal comma?)");
            }
        }
    }

    private void skip(RowError error) {
        rowsSkipped++;
        if (errors.size() < options.maxErrorsKept()) {
            errors.add(error);
            log.warn("Skipped row: {}", error.message());
        } else {
            log.debug("Skipped row: {}", error.message());
        }
    }

    private String timeNote() {
        Double drift = anchor.maxDriftS();
        if (anchor.sawDate() && drift == null) {
            return "time_s: the wall-clock column as written (no test time)";
        }
        if (drift == null) {
            return options.startEpochS() == null
                    ? "time_s: test time from 1970-01-01 (no wall-clock column and no start epoch in the options)"
                    : "time_s: start epoch from the options + test time (no wall-clock column)";
        }
        return String.format(Locale.ROOT, "time_s: wall clock (zone %s) anchored on the test clock;"
                + " max drift %.2f s, %d re-anchors", options.zone(), drift, anchor.resyncs());
    }
}
