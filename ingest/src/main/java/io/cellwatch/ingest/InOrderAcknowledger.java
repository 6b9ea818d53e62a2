package io.cellwatch.ingest;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * Acknowledges MQTT messages in the order they arrived, each only once everything it carried is
 * safely in Kafka. Kafka completes sends per partition, so a later message can finish first; MQTT
 * v5 wants PUBACKs in arrival order, and acking a later message early would let a crash lose an
 * earlier one the broker thinks is done.
 *
 * <p>Each waiting message keeps its topic and payload, so after a Kafka failure the bridge can
 * write the unfinished ones again itself instead of relying on the broker to redeliver them.
 * Memory stays bounded: the broker sends at most the MQTT receive maximum unacknowledged.
 *
 * <p>Acks are sent from one thread of their own, never from Kafka's I/O thread and never while
 * holding this object's lock: the MQTT client thread takes that lock for every arriving message,
 * and calling back into the MQTT client under it can deadlock the two.
 */
final class InOrderAcknowledger implements AutoCloseable {

    private final Deque<Pending> pending = new ArrayDeque<>();
    private final IntConsumer ack;
    private final ExecutorService acker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "cellwatch-mqtt-acker");
        t.setDaemon(true);
        return t;
    });

    /** @param ack sends the acknowledgement for an MQTT message id */
    InOrderAcknowledger(IntConsumer ack) {
        this.ack = ack;
    }

    /** Registers a received message; returns the handle to complete when its writes are acknowledged. */
    synchronized Pending received(int messageId, String topic, byte[] payload) {
        Pending p = new Pending(messageId, topic, payload);
        pending.addLast(p);
        return p;
    }

    synchronized int inFlight() {
        return pending.size();
    }

    /** The messages still waiting for Kafka, oldest first. */
    synchronized List<Pending> unfinished() {
        return pending.stream().filter(p -> !p.done).toList();
    }

    /** How long the oldest message still waiting for Kafka has waited, in nanoseconds; 0 if none. */
    synchronized long oldestWaitNanos(long nowNanos) {
        Pending first = pending.peekFirst();
        return first == null ? 0 : nowNanos - first.receivedNanos;
    }

    private synchronized void drain() {
        while (!pending.isEmpty() && pending.peekFirst().done) {
            int id = pending.removeFirst().messageId;
            if (acker.isShutdown()) {
                return; // closing: the broker redelivers what we did not ack
            }
            // submitted under the lock, so the single acker thread sends them in arrival order
            acker.execute(() -> ack.accept(id));
        }
    }

    /** Stops sending acks (after those already due); what was not acked stays with the broker. */
    @Override
    public void close() {
        acker.shutdown();
        try {
            acker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One message waiting for its Kafka writes. */
    final class Pending {
        private final int messageId;
        final String topic;
        final byte[] payload;
        private final long receivedNanos = System.nanoTime();
        private boolean done;

        private Pending(int messageId, String topic, byte[] payload) {
            this.messageId = messageId;
            this.topic = topic;
            this.payload = payload;
        }

        /** Everything this message carried is in Kafka; idempotent (a re-sent message may complete twice). */
        void complete() {
            synchronized (InOrderAcknowledger.this) {
                done = true;
            }
            drain();
        }
    }
}
