package io.cellwatch.edge.reader;

import java.io.IOException;

/**
 * A cycler file that cannot be read at all: unknown format, no header, a required column (voltage,
 * current, time) missing, a unit nobody knows. Row-level problems are not this: they are counted
 * and skipped ({@link ReaderStats}).
 */
public class CyclerFileException extends IOException {

    private static final long serialVersionUID = 1L;

    public CyclerFileException(String message) {
        super(message);
    }
}
