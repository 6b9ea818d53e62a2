package io.cellwatch.edge.agent;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cellwatch.telemetry.ChannelAddress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per channel, how far its source has been queued: the last {@code seq}, and for a tailed file the
 * file's identity and how many rotations were seen. Kept in {@code channels.json} beside the queue,
 * replaced atomically after each append. A crash between an append and this write only makes the
 * restart queue the last batch again with the same sequence numbers (a duplicate, dropped downstream).
 */
final class ChannelCheckpoints {

    /**
     * @param lastSeq     last sequence number queued, -1 for none
     * @param generation  tail: files seen on this channel so far, minus one (seq = generation * 1e9 + line)
     * @param fileKey     tail: identity (inode) of the file being followed
     * @param startTimeS  simulator: the simulated clock's start, so a restart replays the same samples
     */
    record State(long lastSeq, long generation, String fileKey, Double startTimeS) {
        static final State NONE = new State(-1, 0, null, null);
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;
    private final Map<String, State> states;

    private ChannelCheckpoints(Path file, Map<String, State> states) {
        this.file = file;
        this.states = states;
    }

    static ChannelCheckpoints open(Path dir) throws IOException {
        Path file = dir.resolve("channels.json");
        Map<String, State> states = new TreeMap<>();
        if (Files.exists(file)) {
            states.putAll(JSON.readValue(file.toFile(), new TypeReference<Map<String, State>>() {
            }));
        }
        return new ChannelCheckpoints(file, states);
    }

    synchronized State get(ChannelAddress channel) {
        return states.getOrDefault(channel.toString(), State.NONE);
    }

    /** Records {@code state}; {@code durable} forces it to disk (for a state that cannot be derived again). */
    synchronized void put(ChannelAddress channel, State state, boolean durable) {
        states.put(channel.toString(), state);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(states));
            if (durable) {
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    ch.force(true);
                }
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
