package io.cellwatch.streams.replay;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * How much of a file's bytes lie before a given line, estimated. The edge reader reports line numbers, not
 * byte positions, so the line number is scaled by the file's mean line length, measured on three windows
 * (start, middle, end) rather than the start alone: a Maccor preamble or time stamps growing longer would
 * skew a start-only estimate. A small file is measured whole, which makes the estimate exact.
 *
 * @param sizeBytes    the file's size
 * @param bytesPerLine mean bytes per line (terminator included) over the measured windows
 */
record FileProgressEstimate(long sizeBytes, double bytesPerLine) {

    static final int WINDOW_BYTES = 64 * 1024;

    static FileProgressEstimate of(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            long[] starts = size <= 3L * WINDOW_BYTES ? new long[] {0}
                    : new long[] {0, size / 2, size - WINDOW_BYTES};
            int window = size <= 3L * WINDOW_BYTES ? (int) size : WINDOW_BYTES;
            long bytes = 0;
            long lines = 0;
            ByteBuffer buf = ByteBuffer.allocate(Math.max(window, 1));
            for (long start : starts) {
                buf.clear();
                int n = 0;
                while (buf.hasRemaining()) {
                    int r = ch.read(buf, start + n);
                    if (r < 0) {
                        break;
                    }
                    n += r;
                }
                for (int i = 0; i < n; i++) {
                    if (buf.get(i) == '\n') {
                        lines++;
                    }
                }
                bytes += n;
            }
            // A file without a line break is one line.
            return new FileProgressEstimate(size, bytes / (double) Math.max(lines, 1));
        }
    }

    /** Share of the bytes up to and including {@code lineNumber} (1-based), 0–1. */
    double fractionAtLine(long lineNumber) {
        if (sizeBytes <= 0) {
            return 1.0;
        }
        return Math.min(1.0, Math.max(0.0, lineNumber * bytesPerLine / sizeBytes));
    }
}
