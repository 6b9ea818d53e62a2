package io.cellwatch.edge.reader;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
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
 *
 * <p>A {@linkplain #following following} source reads a file another program is still writing: it
 * returns only complete lines (ended by LF), returns null when no complete line is there yet, and can
 * be asked again later; a half-written last line waits until its end arrives.
 */
final class LineSource implements Closeable {

    private static final char BOM = '\uFEFF';

    private final BufferedReader in;
    private final FileChannel channel;
    private final ByteBuffer chunk;
    private final ByteArrayOutputStream partial;
    private long consumedBytes;
    private long lineNumber;

    private LineSource(FileChannel channel) {
        this.in = null;
        this.channel = channel;
        this.chunk = ByteBuffer.allocate(1 << 16).flip();
        this.partial = new ByteArrayOutputStream();
    }

    /** A source of complete lines of a file that may still grow. */
    static LineSource following(Path file) throws IOException {
        return new LineSource(FileChannel.open(file));
    }

    LineSource(Path file) throws IOException {
        this.channel = null;
        this.chunk = null;
        this.partial = null;
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        this.in = new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder), 1 << 16);
    }

    /** The next line without its terminator, or null at the end. */
    String next() throws IOException {
        String line = in == null ? nextComplete() : in.readLine();
        if (line == null) {
            return null;
        }
        lineNumber++;
        if (lineNumber == 1 && !line.isEmpty() && line.charAt(0) == BOM) {
            line = line.substring(1);
        }
        return line;
    }

    private String nextComplete() throws IOException {
        while (true) {
            while (chunk.hasRemaining()) {
                byte b = chunk.get();
                if (b == '\n') {
                    byte[] bytes = partial.toByteArray();
                    partial.reset();
                    consumedBytes += bytes.length + 1;
                    int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                    return new String(bytes, 0, end, StandardCharsets.UTF_8); // malformed bytes become U+FFFD
                }
                partial.write(b);
            }
            chunk.clear();
            int n = channel.read(chunk);
            chunk.flip();
            if (n <= 0) {
                return null; // no complete line yet; what was read of the next one stays in partial
            }
        }
    }

    /** Bytes of the complete lines returned so far (following sources only). */
    long consumedBytes() {
        return consumedBytes;
    }

    /** Number of the line last returned by {@link #next()}. */
    long lineNumber() {
        return lineNumber;
    }

    @Override
    public void close() throws IOException {
        if (in != null) {
            in.close();
        } else {
            channel.close();
        }
    }
}
