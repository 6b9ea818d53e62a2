package io.cellwatch.edge.reader;

import java.util.List;

/** Turns the fields of one data row of one format into a {@link Reading}. One instance per file. */
interface RowParser {

    /** @throws BadValueException naming the column and text when the row cannot be read */
    Reading parse(Fields fields) throws BadValueException;

    /**
     * Whether the file's current convention should be decided by a vote of its step-type labels
     * against its current signs (see {@link SignRules.Vote}): true for formats with a file-wide signed
     * current and a label column.
     */
    boolean signNeedsVote();

    /** The conventions this parser applies to this file, in words, for {@link ReaderStats#notes()}. */
    List<String> notes();
}
