package io.cellwatch.edge.agent;

import io.cellwatch.telemetry.ChannelAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The edge agent's store-and-forward queue: an append-only log on local disk.
 *
 * <p>Records live in segment files {@code seg-<first index>.log}, each record written as
 * {@code [int length][int CRC32C of body][body]}, the body being the channel address and the payload
 * (a sample batch's JSON). Every record has a 1-based index, strictly increasing for the life of the
 * queue. {@link #ack(long)} moves the acknowledged pointer, kept in {@code ack} (written to a
 * temporary file, forced, then atomically renamed), and deletes segments whose records are all
 * acknowledged.
 *
 * <p>Durability: {@code syncEveryAppends = 1} forces every append to disk before {@link #append}
 * returns, so a batch the agent has taken survives a power cut. A larger value forces every N-th
 * append (and on close): throughput goes up (an fsync costs 1-10 ms on an SSD, more on an SD card),
 * at the price that a power cut (not a process crash, which leaves the page cache intact) can lose
 * the last N-1 batches not yet published. Restarts re-read file sources from the last queued
 * position, so that price is paid only for simulator and tail data that cannot be read again.
 *
 * <p>On start the queue recovers: a last record cut short or failing its CRC (a torn write) is
 * dropped by truncating the segment there. The queue is bounded by {@code maxBytes} on disk; an
 * append beyond it throws {@link QueueFullException} (and counts it) rather than dropping anything.
 * Thread-safe.
 */
public final class DiskQueue implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DiskQueue.class);
    private static final String SEGMENT_PREFIX = "seg-";
    private static final String SEGMENT_SUFFIX = ".log";
    private static final String ACK_FILE = "ack";
    private static final int HEADER_BYTES = 8;
    /** Larger lengths are garbage (a torn length field), not records. */
    private static final int MAX_RECORD_BYTES = 64 << 20;

    /** One queued batch. */
    public record Record(long index, ChannelAddress channel, byte[] payload) {
    }

    /** Thrown when an append would take the queue past its size bound; nothing was written. */
    public static final class QueueFullException extends IOException {
        QueueFullException(String message) {
            super(message);
        }
    }

    private final Path dir;
    private final long maxBytes;
    private final long segmentBytes;
    private final int syncEveryAppends;
    private final TreeMap<Long, Segment> segments = new TreeMap<>();
    private long nextIndex;
    private long ackedIndex;
    private long bytesOnDisk;
    private int unsyncedAppends;
    private long appended;
    private long rejectedFull;
    private long tornRecordsDropped;
    private boolean closed;

    private static final class Segment {
        final long firstIndex;
        final Path path;
        final FileChannel channel;
        long[] offsets = new long[64];
        int count;
        long size;

        Segment(long firstIndex, Path path, FileChannel channel) {
            this.firstIndex = firstIndex;
            this.path = path;
            this.channel = channel;
        }

        long lastIndex() {
            return firstIndex + count - 1;
        }

        void add(long offset) {
            if (count == offsets.length) {
                offsets = Arrays.copyOf(offsets, count * 2);
            }
            offsets[count++] = offset;
        }
    }

    private DiskQueue(Path dir, long maxBytes, long segmentBytes, int syncEveryAppends) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.segmentBytes = segmentBytes;
        this.syncEveryAppends = syncEveryAppends;
    }

    /**
     * Opens (creating if needed) the queue in {@code dir} and recovers what a previous run left.
     *
     * @param maxBytes         bound on the segment files' total size
     * @param syncEveryAppends 1 = force every append to disk; N = every N-th (see class comment)
     */
    public static DiskQueue open(Path dir, long maxBytes, int syncEveryAppends) throws IOException {
        if (maxBytes < 1024) {
            throw new IllegalArgumentException("maxBytes must be >= 1024, was " + maxBytes);
        }
        if (syncEveryAppends < 1) {
            throw new IllegalArgumentException("syncEveryAppends must be >= 1, was " + syncEveryAppends);
        }
        Files.createDirectories(dir);
        long segmentBytes = Math.max(1024, Math.min(16L << 20, maxBytes / 8));
        DiskQueue q = new DiskQueue(dir, maxBytes, segmentBytes, syncEveryAppends);
        q.recover();
        return q;
    }

    private void recover() throws IOException {
        Path ackFile = dir.resolve(ACK_FILE);
        if (Files.exists(ackFile)) {
            String text = Files.readString(ackFile, StandardCharsets.US_ASCII).trim();
            try {
                ackedIndex = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new IOException(ackFile + ": not an acknowledged index: '" + text + "'");
            }
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().startsWith(SEGMENT_PREFIX)
                    && p.getFileName().toString().endsWith(SEGMENT_SUFFIX)).toList();
        }
        TreeMap<Long, Path> byFirst = new TreeMap<>();
        for (Path p : files) {
            String name = p.getFileName().toString();
            byFirst.put(Long.parseLong(name.substring(SEGMENT_PREFIX.length(), name.length() - SEGMENT_SUFFIX.length())), p);
        }
        nextIndex = ackedIndex + 1;
        for (Map.Entry<Long, Path> e : byFirst.entrySet()) {
            Segment seg = new Segment(e.getKey(), e.getValue(),
                    FileChannel.open(e.getValue(), StandardOpenOption.READ, StandardOpenOption.WRITE));
            scan(seg, e.getKey().equals(byFirst.lastKey()));
            if (seg.count == 0 || seg.lastIndex() <= ackedIndex) {
                seg.channel.close();
                Files.deleteIfExists(seg.path);
                continue;
            }
            segments.put(seg.firstIndex, seg);
            bytesOnDisk += seg.size;
            nextIndex = Math.max(nextIndex, seg.lastIndex() + 1);
        }
        if (!segments.isEmpty() && segments.firstKey() > ackedIndex + 1) {
            log.error("disk queue {}: records {}..{} are missing (segment files deleted by hand?)", dir,
                    ackedIndex + 1, segments.firstKey() - 1);
        }
        log.info("disk queue {}: {} unacknowledged record(s) in {} segment(s), {} bytes", dir, size(),
                segments.size(), bytesOnDisk);
    }

    /** Reads the records of a segment; a bad record ends it (torn write) and the file is cut there. */
    private void scan(Segment seg, boolean last) throws IOException {
        long fileSize = seg.channel.size();
        long offset = 0;
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        while (offset < fileSize) {
            String problem = null;
            if (fileSize - offset < HEADER_BYTES) {
                problem = "a record header cut short";
            } else {
                header.clear();
                readFully(seg.channel, header, offset);
                header.flip();
                int length = header.getInt();
                int crc = header.getInt();
                if (length <= 0 || length > MAX_RECORD_BYTES || offset + HEADER_BYTES + length > fileSize) {
                    problem = "a record cut short (length " + length + ")";
                } else {
                    ByteBuffer body = ByteBuffer.allocate(length);
                    readFully(seg.channel, body, offset + HEADER_BYTES);
                    if (crc(body.array()) != crc) {
                        problem = "a record failing its CRC";
                    } else {
                        seg.add(offset);
                        offset += HEADER_BYTES + length;
                        continue;
                    }
                }
            }
            tornRecordsDropped++;
            if (last) {
                log.warn("disk queue {}: dropped {} at byte {} of {} (a write torn by a crash), {} record(s) kept",
                        dir, problem, offset, seg.path.getFileName(), seg.count);
            } else {
                log.error("disk queue {}: {} at byte {} of {}, not the last segment: the rest of that segment"
                        + " is lost", dir, problem, offset, seg.path.getFileName());
            }
            seg.channel.truncate(offset);
            seg.channel.force(true);
            break;
        }
        seg.size = offset;
    }

    /**
     * Appends one batch of {@code channel}; returns its index.
     *
     * @throws QueueFullException when the queue would exceed its size bound (nothing is written)
     */
    public synchronized long append(ChannelAddress channel, byte[] payload) throws IOException {
        ensureOpen();
        byte[] address = channel.toString().getBytes(StandardCharsets.UTF_8);
        int bodyLength = 2 + address.length + payload.length;
        long recordBytes = HEADER_BYTES + (long) bodyLength;
        if (bytesOnDisk + recordBytes > maxBytes) {
            rejectedFull++;
            throw new QueueFullException("disk queue " + dir + " is full: " + bytesOnDisk + " of " + maxBytes
                    + " bytes hold " + size() + " unacknowledged batch(es); the broker has not acknowledged"
                    + " for too long (raise queue.max-bytes or restore the connection)");
        }
        Segment seg = segments.isEmpty() ? null : segments.lastEntry().getValue();
        if (seg == null || seg.size >= segmentBytes) {
            seg = newSegment(nextIndex);
        }
        ByteBuffer buf = ByteBuffer.allocate((int) recordBytes);
        buf.putInt(bodyLength).putInt(0).putShort((short) address.length).put(address).put(payload);
        byte[] body = Arrays.copyOfRange(buf.array(), HEADER_BYTES, (int) recordBytes);
        buf.putInt(4, crc(body));
        buf.flip();
        long offset = seg.size;
        while (buf.hasRemaining()) {
            seg.channel.write(buf, offset + buf.position());
        }
        if (++unsyncedAppends >= syncEveryAppends) {
            seg.channel.force(false);
            unsyncedAppends = 0;
        }
        seg.add(offset);
        seg.size += recordBytes;
        bytesOnDisk += recordBytes;
        appended++;
        return nextIndex++;
    }

    private Segment newSegment(long firstIndex) throws IOException {
        if (!segments.isEmpty() && unsyncedAppends > 0) {
            segments.lastEntry().getValue().channel.force(false);
            unsyncedAppends = 0;
        }
        Path path = dir.resolve(String.format("%s%020d%s", SEGMENT_PREFIX, firstIndex, SEGMENT_SUFFIX));
        Segment seg = new Segment(firstIndex, path, FileChannel.open(path, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ, StandardOpenOption.WRITE));
        segments.put(firstIndex, seg);
        return seg;
    }

    /** Up to {@code max} unacknowledged records, oldest first. */
    public List<Record> peek(int max) throws IOException {
        return peekAfter(0, max);
    }

    /** Up to {@code max} unacknowledged records with an index above {@code afterIndex}, oldest first. */
    public synchronized List<Record> peekAfter(long afterIndex, int max) throws IOException {
        ensureOpen();
        List<Record> out = new ArrayList<>();
        long index = Math.max(afterIndex, ackedIndex) + 1;
        while (out.size() < max && index < nextIndex) {
            Map.Entry<Long, Segment> e = segments.floorEntry(index);
            if (e == null) {
                index = segments.isEmpty() ? nextIndex : segments.firstKey();
                continue;
            }
            Segment seg = e.getValue();
            if (index > seg.lastIndex()) {
                Long next = segments.higherKey(seg.firstIndex);
                index = next == null ? nextIndex : next;
                continue;
            }
            out.add(read(seg, index));
            index++;
        }
        return out;
    }

    private Record read(Segment seg, long index) throws IOException {
        long offset = seg.offsets[(int) (index - seg.firstIndex)];
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        readFully(seg.channel, header, offset);
        header.flip();
        int length = header.getInt();
        ByteBuffer body = ByteBuffer.allocate(length);
        readFully(seg.channel, body, offset + HEADER_BYTES);
        body.flip();
        int addressLength = body.getShort();
        byte[] address = new byte[addressLength];
        body.get(address);
        byte[] payload = new byte[body.remaining()];
        body.get(payload);
        String[] parts = new String(address, StandardCharsets.UTF_8).split("/", -1);
        return new Record(index, new ChannelAddress(parts[0], parts[1], parts[2]), payload);
    }

    /**
     * Marks every record up to and including {@code upTo} acknowledged (a lower value than the current
     * pointer is ignored) and deletes segments left with nothing unacknowledged.
     */
    public synchronized void ack(long upTo) throws IOException {
        ensureOpen();
        long target = Math.min(upTo, nextIndex - 1);
        if (target <= ackedIndex) {
            return;
        }
        ackedIndex = target;
        Path tmp = dir.resolve(ACK_FILE + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap((ackedIndex + "\n").getBytes(StandardCharsets.US_ASCII)));
            ch.force(true);
        }
        Files.move(tmp, dir.resolve(ACK_FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        while (!segments.isEmpty()) {
            Segment first = segments.firstEntry().getValue();
            if (first.lastIndex() > ackedIndex) {
                break;
            }
            segments.pollFirstEntry();
            first.channel.close();
            Files.deleteIfExists(first.path);
            bytesOnDisk -= first.size;
        }
    }

    /** Unacknowledged records. */
    public synchronized long size() {
        return nextIndex - 1 - ackedIndex;
    }

    public synchronized long bytesOnDisk() {
        return bytesOnDisk;
    }

    public long maxBytes() {
        return maxBytes;
    }

    public synchronized long ackedIndex() {
        return ackedIndex;
    }

    /** Index the next append will get. */
    public synchronized long nextIndex() {
        return nextIndex;
    }

    /** Appends since open. */
    public synchronized long appended() {
        return appended;
    }

    /** Appends refused since open because the queue was full. */
    public synchronized long rejectedFull() {
        return rejectedFull;
    }

    /** Torn or corrupt records dropped while recovering. */
    public synchronized long tornRecordsDropped() {
        return tornRecordsDropped;
    }

    public Path dir() {
        return dir;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("disk queue " + dir + " is closed");
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        while (buf.hasRemaining()) {
            int n = ch.read(buf, position + buf.position());
            if (n < 0) {
                throw new IOException("unexpected end of segment at byte " + (position + buf.position()));
            }
        }
    }

    private static int crc(byte[] body) {
        CRC32C c = new CRC32C();
        c.update(body);
        return (int) c.getValue();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Segment seg : segments.values()) {
            try {
                seg.channel.force(false);
                seg.channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException("closing disk queue " + dir, e);
            }
        }
    }
}
