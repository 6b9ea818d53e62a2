package io.cellwatch.edge.mqtt;

import io.cellwatch.telemetry.CellStatus;
import io.cellwatch.telemetry.ChannelAddress;
import io.cellwatch.telemetry.Command;
import io.cellwatch.telemetry.MqttClientSecurity;
import io.cellwatch.telemetry.MqttTopics;
import io.cellwatch.telemetry.SampleBatch;
import io.cellwatch.telemetry.json.JsonSerde;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes sample batches and channel status over MQTT v5 with QoS 1 through Eclipse Paho.
 *
 * <p>Paho refuses a publish beyond the broker's receive maximum instead of waiting, so in-flight
 * publishes are bounded by a semaphore sized from the CONNACK: a fast producer waits for acks
 * rather than failing or buffering without bound.
 *
 * <p>Channel commands arrive on {@link #onCommands}: each is handed to a handler on a thread of its
 * own (never Paho's callback thread, which must stay free to complete publishes) and the handler's
 * acknowledgement is published back on the channel's {@code ack} topic. Disk store-and-forward is
 * the edge agent's job ({@link io.cellwatch.edge.agent.EdgeAgent}), which has its own MQTT client.
 */
public final class MqttTelemetryPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MqttTelemetryPublisher.class);
    private static final JsonSerde<SampleBatch> BATCH_JSON = JsonSerde.of(SampleBatch.class);
    private static final JsonSerde<CellStatus> STATUS_JSON = JsonSerde.of(CellStatus.class);
    private static final JsonSerde<Command> COMMAND_JSON = JsonSerde.of(Command.class);
    /** MQTT v5 default when the broker does not say (the spec's 65,535 is far more than we want in flight). */
    private static final int FALLBACK_IN_FLIGHT = 10;

    private final MqttAsyncClient client;
    private final Semaphore inFlight;
    private final int maxInFlight;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final ExecutorService commandThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "cellwatch-edge-commands");
        t.setDaemon(true);
        return t;
    });

    /** Carries out one command for a channel and says what became of it. */
    @FunctionalInterface
    public interface CommandHandler {
        /** @return the acknowledgement to publish ({@code ack} true if done, false if refused, with a reason) */
        Command handle(ChannelAddress channel, Command command);
    }

    private MqttTelemetryPublisher(MqttAsyncClient client, int maxInFlight) {
        this.client = client;
        this.maxInFlight = maxInFlight;
        this.inFlight = new Semaphore(maxInFlight);
    }

    public static MqttTelemetryPublisher connect(String serverUri, String clientId) {
        return connect(serverUri, clientId, MqttClientSecurity.NONE);
    }

    /** As {@link #connect(String, String)}, with a user name and password and/or a truststore for {@code ssl://}. */
    public static MqttTelemetryPublisher connect(String serverUri, String clientId, MqttClientSecurity security) {
        try {
            MqttAsyncClient client = new MqttAsyncClient(serverUri, clientId, new MemoryPersistence());
            MqttConnectionOptions options = new MqttConnectionOptions();
            if (security.hasCredentials()) {
                options.setUserName(security.username());
                options.setPassword(security.passwordBytes());
            }
            security.socketFactoryFor(serverUri).ifPresent(options::setSocketFactory);
            options.setCleanStart(true);
            options.setAutomaticReconnect(true);
            options.setKeepAliveInterval(30);
            IMqttToken token = client.connect(options);
            token.waitForCompletion(30_000);
            Integer receiveMaximum = token.getResponseProperties() == null
                    ? null : token.getResponseProperties().getReceiveMaximum();
            int maxInFlight = receiveMaximum == null || receiveMaximum <= 0
                    ? FALLBACK_IN_FLIGHT : Math.min(receiveMaximum, 1000);
            log.debug("publisher {} connected to {}, {} publishes in flight", clientId, serverUri, maxInFlight);
            return new MqttTelemetryPublisher(client, maxInFlight);
        } catch (MqttException e) {
            throw new IllegalStateException("cannot connect to MQTT broker " + serverUri + " as " + clientId
                    + (security.hasCredentials() ? " (user " + security.username() + ")" : "") + ": " + e.getMessage(), e);
        }
    }

    /** Publishes the channel's retained birth message (online, with metadata). */
    public void publishStatus(ChannelAddress address, CellStatus status) throws InterruptedException {
        publish(MqttTopics.status(address), STATUS_JSON.toBytes(status), true);
    }

    /** Publishes one batch with QoS 1; returns once it is handed to the client (acks arrive asynchronously). */
    public void publishBatch(ChannelAddress address, SampleBatch batch) throws InterruptedException {
        publish(MqttTopics.telemetry(address), BATCH_JSON.toBytes(batch), false);
    }

    /** Publishes raw bytes to the channel's telemetry topic: for tools and tests that send bad input on purpose. */
    public void publishRaw(ChannelAddress address, byte[] payload) throws InterruptedException {
        publish(MqttTopics.telemetry(address), payload, false);
    }

    /**
     * Subscribes to the command topics of every channel of {@code lab} (QoS 1) and answers each
     * command with the handler's acknowledgement on the channel's {@code ack} topic.
     */
    public void onCommands(String lab, CommandHandler handler) {
        // A client-wide callback rather than a per-subscription listener: Paho's v5 listeners depend
        // on subscription identifiers, which not every broker offers.
        client.setCallback((MessageCallback) (topic, message) -> {
            if (topic.endsWith("/" + MqttTopics.COMMAND)) {
                byte[] payload = message.getPayload();
                commandThread.execute(() -> answer(topic, payload, handler));
            }
        });
        try {
            IMqttToken token = client.subscribe(new MqttSubscription(MqttTopics.labCommands(lab), 1));
            token.waitForCompletion(30_000);
            int[] granted = token.getReasonCodes();
            if (granted != null && granted.length > 0 && granted[0] >= 0x80) {
                // e.g. 0x87 not authorized: this account may not read that lab's commands
                throw new IllegalStateException("the MQTT broker refused the command subscription of lab " + lab
                        + " (reason code 0x" + Integer.toHexString(granted[0]) + ")");
            }
        } catch (MqttException e) {
            throw new IllegalStateException("cannot subscribe to commands of lab " + lab + ": " + e.getMessage(), e);
        }
    }

    private void answer(String topic, byte[] payload, CommandHandler handler) {
        ChannelAddress channel = MqttTopics.parse(topic).orElse(null);
        Command command;
        try {
            command = COMMAND_JSON.fromBytes(payload);
        } catch (java.io.IOException e) {
            log.warn("ignored a command on {} that is not a cellwatch command: {}", topic, e.getMessage());
            return;
        }
        if (channel == null || command == null || command.action() == null) {
            log.warn("ignored a command without channel or action on {}", topic);
            return;
        }
        Command ack;
        try {
            ack = handler.handle(channel, command);
        } catch (RuntimeException e) {
            log.error("command {} for {} failed: {}", command.commandId(), channel, e.toString());
            ack = command.acknowledged(false, "edge error: " + e.getMessage(), System.currentTimeMillis() / 1000.0);
        }
        try {
            publish(MqttTopics.ack(channel), COMMAND_JSON.toBytes(ack), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Messages acknowledged by the broker. */
    public long published() {
        return published.get();
    }

    public long failed() {
        return failed.get();
    }

    /** Whether the connection to the broker is up (it comes back by itself after a drop). */
    public boolean isConnected() {
        return client.isConnected();
    }

    /** Waits until every publish so far is acknowledged by the broker. */
    public boolean flush(long timeout, TimeUnit unit) throws InterruptedException {
        if (inFlight.tryAcquire(maxInFlight, timeout, unit)) {
            inFlight.release(maxInFlight);
            return true;
        }
        return false;
    }

    private void publish(String topic, byte[] payload, boolean retained) throws InterruptedException {
        inFlight.acquire();
        MqttMessage message = new MqttMessage(payload);
        message.setQos(1);
        message.setRetained(retained);
        try {
            client.publish(topic, message, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] reasons = token.getReasonCodes();
                    if (reasons != null && reasons.length > 0 && reasons[0] >= 0x80) {
                        // A PUBACK that says no, e.g. 0x87 not authorized: this account may not
                        // publish here (HiveMQ then also disconnects the client).
                        failed.incrementAndGet();
                        log.warn("broker refused the publish to {}: reason code 0x{}", topic, Integer.toHexString(reasons[0]));
                    } else {
                        published.incrementAndGet();
                    }
                    inFlight.release();
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    failed.incrementAndGet();
                    inFlight.release();
                    log.warn("publish to {} failed: {}", topic, e.getMessage());
                }
            });
        } catch (MqttException e) {
            inFlight.release();
            failed.incrementAndGet();
            log.warn("publish to {} refused: {}", topic, e.getMessage());
        }
    }

    @Override
    public void close() {
        commandThread.shutdownNow();
        try {
            flush(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (client.isConnected()) {
                client.disconnect(5_000).waitForCompletion(5_000);
            }
            client.close();
        } catch (MqttException e) {
            log.debug("MQTT close: {}", e.getMessage());
        }
    }
}
