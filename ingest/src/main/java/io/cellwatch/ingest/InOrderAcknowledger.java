package io.cellwatch.ingest;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * Acknowledges MQTT messages in the order they arrived, each only once everything it carried is
 * safely in Kafka. Kafka completes sends per partition, so a later message can finish first; MQTT
 * v5 wants PUBACKs in arrival order, and acking a later message early would let a crash lose an
 * earlier one the broker thinks is done.
 */
final class InOrderAcknowledger {

    private final Deque<Pending> pending = new ArrayDeque<>();
    private final Consumer<Integer> ack;

    /** @param ack sends the acknowledgement for an MQTT message id */
    InOrderAcknowledger(Consumer<Integer> ack) {
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
            ack.accept(pending.removeFirst().messageId);
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
