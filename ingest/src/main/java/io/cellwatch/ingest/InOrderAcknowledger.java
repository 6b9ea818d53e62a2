package io.cellwatch.ingest;

import java.util.ArrayDeque;
import java.util.Deque;
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
    synchronized Pending received(int messageId) {
        Pending p = new Pending(messageId);
        pending.addLast(p);
        return p;
    }

    synchronized int inFlight() {
        return pending.size();
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

    /** Stops sending acks; what was not acked stays with the broker for redelivery. */
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
        private boolean done;

        private Pending(int messageId) {
            this.messageId = messageId;
        }

        void complete() {
            synchronized (InOrderAcknowledger.this) {
                done = true;
            }
            drain();
        }
    }
}
