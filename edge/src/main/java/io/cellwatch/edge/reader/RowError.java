package io.cellwatch.edge.reader;

import java.nio.file.Path;

/**
 * Why one row of a cycler file was skipped.
 *
 * @param file       the file
 * @param lineNumber 1-based line in the file
 * @param column     the column header as written, or null when the row as a whole is at fault
 * @param text       the offending text as found, or null when there is none (a missing value)
 * @param problem    what is wrong with it
 */
public record RowError(Path file, long lineNumber, String column, String text, String problem) {

    /** E.g. {@code neware_uio.csv line 17, column 'Voltage(V)': not a number: '3,41'}. */
    public String message() {
        String where = file + " line " + lineNumber + (column == null ? "" : ", column '" + column + "'");
        return where + ": " + problem + (text == null ? "" : ": '" + text + "'");
    }

    @Override
    public String toString() {
        return message();
    }
}
