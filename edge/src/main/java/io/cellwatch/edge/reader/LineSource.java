package io.cellwatch.edge.reader;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Lines of a cycler file, one at a time, with their 1-based line numbers.
 *
 * <p>Read as UTF-8 with undecodable bytes replaced (U+FFFD) rather than failing: a stray Latin-1
 * degree sign in a header must not stop the file, and a damaged number then fails its own row with a
 * clear message. A leading byte-order mark (Arbin's newer exports) is dropped. CRLF and LF both end a
 * line.
 */
final class LineSource implements Closeable {

    private static final char BOM = '\uFEFF';

    private final BufferedReader in;
    private long lineNumber;

    LineSource(Path file) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        this.in = new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder), 1 << 16);
    }

    /** The next line without its terminator, or null at the end. */
    String next() throws IOException {
        String line = in.readLine();
        if (line == null) {
            return null;
        }
        lineNumber++;
        if (lineNumber == 1 && !line.isEmpty() && line.charAt(0) == BOM) {
            line = line.substring(1);
        }
        return line;
    }

    /** Number of the line last returned by {@link #next()}. */
    long lineNumber() {
        return lineNumber;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
