package io.cellwatch.edge.reader;

/**
 * One unreadable field of one row. Caught by the reader, turned into a {@link RowError} and counted;
 * never shown as a stack trace, so it carries none.
 */
final class BadValueException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Column column;
    private final String text;

    BadValueException(Column column, String text, String problem) {
        super(problem, null, false, false);
        this.column = column;
        this.text = text;
    }

    /** The column, or null when the problem is the row as a whole. */
    Column column() {
        return column;
    }

    String text() {
        return text;
    }

    String problem() {
        return getMessage();
    }
}
