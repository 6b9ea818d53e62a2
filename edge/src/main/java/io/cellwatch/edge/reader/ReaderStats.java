package io.cellwatch.edge.reader;

import java.util.List;

/**
 * What a reader has done so far.
 *
 * @param rowsRead       data rows turned into {@link CyclerRow}s
 * @param rowsSkipped    data rows skipped as unreadable (blank lines are neither)
 * @param firstErrors    the first {@link ReaderOptions#maxErrorsKept()} reasons for skipping
 * @param notes          the conventions the reader applied to this file (format, units, current sign,
 *                       time source), in words, so a surprising number can be traced to a rule
 * @param maxClockDriftS largest gap seen between the file's wall-clock column and the test clock it
 *                       was anchored on (see {@code TimeAnchor}); null without a wall-clock column
 */
public record ReaderStats(
        long rowsRead,
        long rowsSkipped,
        List<RowError> firstErrors,
        List<String> notes,
        Double maxClockDriftS) {

    public ReaderStats {
        firstErrors = List.copyOf(firstErrors);
        notes = List.copyOf(notes);
    }
}
