package io.cellwatch.streams.replay;

import io.cellwatch.telemetry.CycleResult;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A replay's cycles into a {@link CycleCsv} file: the header at once, a line per cycle as it finishes. */
public final class CycleCsvWriter implements ReplayListener, Closeable {

    private final Writer out;

    public CycleCsvWriter(Writer out) throws IOException {
        this.out = out;
        out.write(CycleCsv.header());
        out.write('\n');
    }

    /** Creates or replaces {@code file} (UTF-8, LF line ends). */
    public static CycleCsvWriter create(Path file) throws IOException {
        BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        try {
            return new CycleCsvWriter(w);
        } catch (IOException e) {
            w.close();
            throw e;
        }
    }

    @Override
    public void cycle(CycleResult cycle) throws IOException {
        out.write(CycleCsv.row(cycle));
        out.write('\n');
    }

    @Override
    public void end(ReplaySummary summary) throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
