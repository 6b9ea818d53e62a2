package io.cellwatch.edge.agent;

import io.cellwatch.edge.reader.CyclerFileException;
import io.cellwatch.edge.reader.CyclerFileReader;
import io.cellwatch.edge.reader.CyclerRow;
import io.cellwatch.edge.reader.CyclerRows;
import io.cellwatch.edge.reader.ReaderOptions;
import io.cellwatch.telemetry.Sample;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Iterator;
import java.util.Objects;

/**
 * Follows a file the cycler software is still writing: every {@code pollMs} it reads the complete
 * lines appended since (a half-written last line waits for its end). When the file shrinks below what
 * was read (truncated) or the path names another file (rotated: its inode or creation time changed),
 * the new file is read from its beginning.
 *
 * <p>{@code seq} = generation × 10⁹ + line number, the generation counting the files seen on the
 * channel, so a new file's rows never reuse an old file's numbers and a restart on the same file
 * gives its rows the same numbers again.
 */
final class FileTailSource implements SampleSource {

    static final long GENERATION_STRIDE = 1_000_000_000L;
    private static final Logger log = LoggerFactory.getLogger(FileTailSource.class);

    private final Path path;
    private final ReaderOptions options;
    private final long pollMs;
    private long generation;
    private long lastSeq;
    private String fileKey;
    private CyclerRows rows;
    private Iterator<CyclerRow> it;
    private long nextPollNanos;
    private long rotations;
    private boolean missingReported;

    FileTailSource(EdgeConfig.Channel channel, ChannelCheckpoints.State resume) {
        this.path = channel.source().path();
        this.options = FileReplaySource.readerOptions(channel);
        this.pollMs = channel.source().pollMs();
        this.generation = resume.generation();
        this.lastSeq = resume.lastSeq();
        this.fileKey = resume.fileKey();
    }

    /** Files seen to be rotated or truncated since start. */
    long rotations() {
        return rotations;
    }

    @Override
    public Sample next(long maxWaitMs) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + maxWaitMs * 1_000_000L;
        while (true) {
            if (it != null && it.hasNext()) {
                CyclerRow row = it.next();
                long seq = generation * GENERATION_STRIDE + row.lineNumber();
                if (seq <= lastSeq) {
                    continue; // queued before a restart
                }
                lastSeq = seq;
                return FileReplaySource.withSeq(row.sample(), seq);
            }
            // nothing complete to read: look at the file again at the next poll
            long now = System.nanoTime();
            if (now >= nextPollNanos) {
                nextPollNanos = now + pollMs * 1_000_000L;
                checkFile();
                if (it != null && it.hasNext()) {
                    continue;
                }
            }
            long sleepNs = Math.min(deadline, nextPollNanos) - System.nanoTime();
            if (sleepNs <= 0 || System.nanoTime() >= deadline) {
                return null;
            }
            Thread.sleep(Math.max(1, sleepNs / 1_000_000L));
        }
    }

    private void checkFile() throws IOException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            if (!missingReported) {
                log.info("{}: no such file yet; waiting for it", path);
                missingReported = true;
            }
            return; // not created yet, or between a rotation's rename and the new file's creation
        }
        missingReported = false;
        String key = identity(attrs);
        if (rows == null) {
            if (fileKey != null && !fileKey.equals(key)) {
                newGeneration("a different file than before the restart");
            }
            open(key);
            return;
        }
        if (!key.equals(fileKey)) {
            if (it != null && it.hasNext()) {
                return; // rows written to the old file just before it was moved: read them first
            }
            newGeneration("rotated (a new file at " + path + ")");
            open(key);
        } else if (attrs.size() < rows.bytesConsumed()) {
            newGeneration("truncated (" + attrs.size() + " bytes, " + rows.bytesConsumed() + " read)");
            open(key);
        }
    }

    private void newGeneration(String why) {
        log.info("{}: {}; reading it from the beginning", path, why);
        rotations++;
        generation = Math.max(generation, lastSeq / GENERATION_STRIDE) + 1;
    }

    private void open(String key) throws IOException {
        if (rows != null) {
            rows.close();
            rows = null;
            it = null;
        }
        try {
            rows = CyclerFileReader.follow(path, options);
            it = rows.iterator();
            fileKey = key;
        } catch (CyclerFileException e) {
            // e.g. the header is not written yet: try again at the next poll
            log.debug("{}: not readable yet: {}", path, e.getMessage());
            if (!Objects.equals(fileKey, key)) {
                fileKey = key;
            }
        }
    }

    private static String identity(BasicFileAttributes attrs) {
        Object key = attrs.fileKey();
        return key != null ? key.toString() : "created:" + attrs.creationTime().toMillis();
    }

    @Override
    public boolean finished() {
        return false;
    }

    @Override
    public ChannelCheckpoints.State state() {
        return new ChannelCheckpoints.State(lastSeq, generation, fileKey, null);
    }

    @Override
    public void close() {
        if (rows != null) {
            rows.close();
        }
    }
}
