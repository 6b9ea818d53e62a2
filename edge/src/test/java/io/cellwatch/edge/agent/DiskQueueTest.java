package io.cellwatch.edge.agent;

import io.cellwatch.telemetry.ChannelAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DiskQueueTest {

    private static final ChannelAddress CH1 = new ChannelAddress("lab1", "chamberA", "ch1");
    private static final ChannelAddress CH2 = new ChannelAddress("lab1", "chamberA", "ch2");

    @TempDir
    Path dir;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(DiskQueue.Record r) {
        return new String(r.payload(), StandardCharsets.UTF_8);
    }

    @Test
    void recordsComeBackInOrderWithTheirChannelUntilAcknowledged() throws IOException {
        try (DiskQueue q = DiskQueue.open(dir, 1 << 20, 1)) {
            assertThat(q.append(CH1, bytes("a"))).isEqualTo(1);
            assertThat(q.append(CH2, bytes("b"))).isEqualTo(2);
            assertThat(q.append(CH1, bytes("c"))).isEqualTo(3);

            List<DiskQueue.Record> head = q.peek(2);
            assertThat(head).extracting(DiskQueue.Record::index).containsExactly(1L, 2L);
            assertThat(head.get(1).channel()).isEqualTo(CH2);
            assertThat(text(head.get(1))).isEqualTo("b");

            q.ack(2);
            assertThat(q.peek(10)).extracting(DiskQueue.Record::index).containsExactly(3L);
            assertThat(q.peekAfter(3, 10)).isEmpty();
            assertThat(q.size()).isEqualTo(1);
        }
    }

    @Test
    void aRestartKeepsWhatWasNotAcknowledgedAndContinuesTheIndexes() throws IOException {
        try (DiskQueue q = DiskQueue.open(dir, 1 << 20, 1)) {
            for (int i = 1; i <= 5; i++) {
                q.append(CH1, bytes("r" + i));
            }
            q.ack(3);
        }
        try (DiskQueue q = DiskQueue.open(dir, 1 << 20, 1)) {
            assertThat(q.peek(10)).extracting(DiskQueueTest::text)
                    .containsExactly("r4", "r5");
            assertThat(q.append(CH1, bytes("r6"))).isEqualTo(6);
        }
    }

    @Test
    void fullyAcknowledgedSegmentsAreDeleted() throws IOException {
        try (DiskQueue q = DiskQueue.open(dir, 16 * 1024, 1)) { // segments of 2 KiB
            byte[] kb = new byte[1000];
            for (int i = 0; i < 10; i++) {
                q.append(CH1, kb);
            }
            assertThat(segments()).hasSizeGreaterThan(2);
            q.ack(10);
            assertThat(segments()).isEmpty();
            assertThat(q.bytesOnDisk()).isZero();
            assertThat(q.append(CH1, kb)).isEqualTo(11);
        }
    }

    @Test
    void aTornLastRecordIsDroppedOnRecoveryAndTheQueueGoesOn() throws IOException {
        try (DiskQueue q = DiskQueue.open(dir, 1 << 20, 1)) {
            q.append(CH1, bytes("whole-1"));
            q.append(CH1, bytes("whole-2"));
            q.append(CH1, bytes("torn-3"));
        }
        Path seg = segments().get(0);
        try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 3); // the crash hit mid-write
        }
        try (DiskQueue q = DiskQueue.open(dir, 1 << 20, 1)) {
            assertThat(q.tornRecordsDropped()).isEqualTo(1);
            assertThat(q.peek(10)).extracting(DiskQueueTest::text).containsExactly("whole-1", "whole-2");
            assertThat(q.append(CH1, bytes("after"))).isEqualTo(3);
        }
        try (DiskQueue q = DiskQueue.open(dir, 1 << 20, 1)) {
            assertThat(q.peek(10)).extracting(DiskQueueTest::text).containsExactly("whole-1", "whole-2", "after");
        }
    }

    @Test
    void aCorruptLastRecordFailsItsCrcAndIsDropped() throws IOException {
        try (DiskQueue q = DiskQueue.open(dir, 1 << 20, 1)) {
            q.append(CH1, bytes("good"));
            q.append(CH1, bytes("garbled"));
        }
        Path seg = segments().get(0);
        byte[] content = Files.readAllBytes(seg);
        content[content.length - 1] ^= 0x55;
        Files.write(seg, content);
        try (DiskQueue q = DiskQueue.open(dir, 1 << 20, 1)) {
            assertThat(q.peek(10)).extracting(DiskQueueTest::text).containsExactly("good");
        }
    }

    @Test
    void aFullQueueRefusesTheAppendLoudlyAndAcceptsAgainAfterAnAck() throws IOException {
        try (DiskQueue q = DiskQueue.open(dir, 4096, 8)) {
            byte[] kb = new byte[1000];
            int accepted = 0;
            while (true) {
                try {
                    q.append(CH1, kb);
                    accepted++;
                } catch (DiskQueue.QueueFullException e) {
                    assertThat(e.getMessage()).contains("is full").contains("4096");
                    break;
                }
            }
            assertThat(accepted).as("1,027-byte records in 4,096 bytes").isEqualTo(3);
            assertThat(q.rejectedFull()).isEqualTo(1);
            assertThat(q.size()).isEqualTo(3);

            q.ack(3);
            assertThat(q.append(CH1, kb)).isEqualTo(4);
        }
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("seg-")).sorted().toList();
        }
    }
}
