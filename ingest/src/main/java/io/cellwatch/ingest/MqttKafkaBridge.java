package io.cellwatch.ingest;

import io.cellwatch.telemetry.CellStatus;
import io.cellwatch.telemetry.DeadLetterHeaders;
import io.cellwatch.telemetry.MqttTopics;
import io.cellwatch.telemetry.Sample;
import io.cellwatch.telemetry.Topics;
import io.cellwatch.telemetry.json.JsonSerde;
import io.cellwatch.telemetry.validation.BatchVerdict;
import io.cellwatch.telemetry.validation.Problem;
import io.cellwatch.telemetry.validation.Rule;
import io.cellwatch.telemetry.validation.TelemetryValidator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The MQTT → Kafka bridge. Telemetry arrives on an MQTT v5 shared subscription, so several
 * replicas split the load; each valid sample becomes one record on {@code cellwatch.telemetry.v1}
 * keyed by cell id, invalid input goes whole to {@code cellwatch.telemetry.dlq.v1} with its reason.
 *
 * <p>No loss: the MQTT message is acknowledged only after Kafka acknowledged every record made
 * from it (manual acks, idempotent producer, {@code acks=all}). Until then the broker holds it in
 * this replica's persistent session, so killing the bridge at any moment loses nothing; a restart
 * may forward a message twice, and the per-channel sequence number lets analytics drop the copy.
 *
 * <p>Record timestamps are the bridge's wall-clock receive time, not the sample time: cycler files
 * replayed from years ago must not be deleted by retention on arrival, nor accelerated simulations
 * rejected as "from the future". Event time travels in the value ({@code time_s}).
 */
public final class MqttKafkaBridge implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MqttKafkaBridge.class);
    private static final JsonSerde<Sample> SAMPLE_JSON = (JsonSerde<Sample>) Topics.TELEMETRY.valueSerde();
    private static final JsonSerde<CellStatus> STATUS_JSON = (JsonSerde<CellStatus>) Topics.CELLS.valueSerde();
    private static final int MAX_DETAIL_CHARS = 4000;

    private final BridgeConfig config;
    private final TelemetryValidator validator;
    private final BridgeStats stats = new BridgeStats();
    private final BridgeMetrics metrics;
    private final Producer<String, byte[]> producer;
    private final MqttClient mqtt;
    private final InOrderAcknowledger acknowledger;
    private volatile boolean closed;
    private volatile Throwable failure;

    private MqttKafkaBridge(BridgeConfig config, MeterRegistry registry) throws MqttException {
        this.config = config;
        this.metrics = new BridgeMetrics(registry);
        this.validator = new TelemetryValidator(config.limits());
        this.producer = new KafkaProducer<>(producerConfig(config), new StringSerializer(), new ByteArraySerializer());
        this.mqtt = new MqttClient(config.mqttServerUri(), config.mqttClientId(), new MemoryPersistence());
        this.acknowledger = new InOrderAcknowledger(this::acknowledge);
    }

    /** Connects to both brokers and starts forwarding; returns once subscribed. Meters go nowhere. */
    public static MqttKafkaBridge start(BridgeConfig config) {
        return start(config, new SimpleMeterRegistry());
    }

    /** Connects to both brokers and starts forwarding, recording its meters in {@code registry}. */
    public static MqttKafkaBridge start(BridgeConfig config, MeterRegistry registry) {
        MqttKafkaBridge bridge = null;
        try {
            bridge = new MqttKafkaBridge(config, registry);
            bridge.connect();
            return bridge;
        } catch (MqttException | RuntimeException e) {
            if (bridge != null) {
                bridge.close();
            }
            throw new IllegalStateException("bridge cannot start: MQTT " + config.mqttServerUri()
                    + ", Kafka " + config.kafkaBootstrap() + ": " + e.getMessage(), e);
        }
    }

    public BridgeStats stats() {
        return stats;
    }

    /** The first Kafka failure that stopped forwarding, if any (the process should then restart). */
    public Throwable failure() {
        return failure;
    }

    public boolean isConnected() {
        return mqtt.isConnected();
    }

    private void connect() throws MqttException {
        // Fetch topic metadata before taking any message: a missing topic fails the start with a
        // clear reason instead of blocking the MQTT thread inside the first send.
        for (String topic : List.of(Topics.TELEMETRY.name(), Topics.TELEMETRY_DLQ.name(), Topics.CELLS.name())) {
            try {
                producer.partitionsFor(topic);
            } catch (org.apache.kafka.common.KafkaException e) {
                throw new IllegalStateException("Kafka topic " + topic + " is not available on "
                        + config.kafkaBootstrap() + " (create the cellwatch topics first): " + e.getMessage(), e);
            }
        }
        mqtt.setManualAcks(true);
        mqtt.setCallback(new Callback());
        MqttConnectionOptions options = new MqttConnectionOptions();
        // Persistent session: while this replica is away the broker queues its share of telemetry.
        options.setCleanStart(false);
        options.setSessionExpiryInterval(config.sessionExpiry().toSeconds());
        options.setReceiveMaximum(config.receiveMaximum());
        options.setAutomaticReconnect(true);
        options.setKeepAliveInterval(30);
        mqtt.connect(options);
        String telemetry = MqttTopics.shared(MqttTopics.INGEST_SHARE_GROUP, MqttTopics.ALL_TELEMETRY);
        // Status is retained, and retained messages are not delivered on shared subscriptions, so
        // every replica reads status; the compacted registry topic absorbs the repeats.
        mqtt.subscribe(new MqttSubscription[]{
                new MqttSubscription(telemetry, 1),
                new MqttSubscription(MqttTopics.ALL_STATUS, 1)});
        log.info("bridge {} forwarding {} and {} from {} to Kafka {}", config.mqttClientId(), telemetry,
                MqttTopics.ALL_STATUS, config.mqttServerUri(), config.kafkaBootstrap());
    }

    private void onMessage(String topic, MqttMessage message) {
        stats.messagesReceived.incrementAndGet();
        metrics.messageReceived();
        InOrderAcknowledger.Pending pending = acknowledger.received(message.getId());
        if (failure != null || closed) {
            return; // stopped: leave it unacknowledged so the broker redelivers it after the restart
        }
        if (topic.endsWith("/" + MqttTopics.STATUS)) {
            forwardStatus(topic, message.getPayload(), pending);
        } else {
            forwardTelemetry(topic, message.getPayload(), pending);
        }
    }

    private void forwardTelemetry(String topic, byte[] payload, InOrderAcknowledger.Pending pending) {
        BatchVerdict verdict = validator.decodeBatch(payload);
        List<Sample> accepted = verdict.accepted();
        boolean deadLetter = verdict.isWholePayloadRejected() || !verdict.rejected().isEmpty();
        Writes writes = new Writes(accepted.size() + (deadLetter ? 1 : 0), pending);
        long now = System.currentTimeMillis();
        for (Sample sample : accepted) {
            long sent = System.nanoTime();
            producer.send(new ProducerRecord<>(Topics.TELEMETRY.name(), null, now, sample.cellId(),
                    SAMPLE_JSON.toBytes(sample)), (meta, e) -> {
                metrics.kafkaSend(sent);
                writes.done(e, true);
            });
        }
        if (deadLetter) {
            sendDeadLetter(topic, payload, verdict, now, writes);
        }
        if (writes.total == 0) {
            pending.complete();
        }
    }

    private void sendDeadLetter(String topic, byte[] payload, BatchVerdict verdict, long now, Writes writes) {
        List<Problem> problems = verdict.isWholePayloadRejected()
                ? verdict.payloadProblems()
                : verdict.rejected().stream().flatMap(r -> r.problems().stream()).toList();
        String reason = verdict.primaryReason().map(Rule::wireName).orElse("rejected");
        String detail = truncate(problems.stream().map(Problem::message).collect(Collectors.joining("; ")));
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetterHeaders.REASON, utf8(reason));
        headers.add(DeadLetterHeaders.DETAIL, utf8(detail));
        headers.add(DeadLetterHeaders.MQTT_TOPIC, utf8(topic));
        headers.add(DeadLetterHeaders.RECEIVED_AT, utf8(Instant.ofEpochMilli(now).toString()));
        verdict.rejected().forEach(r -> headers.add(DeadLetterHeaders.SAMPLE_INDEX, utf8(String.valueOf(r.index()))));
        int rejectedSamples = verdict.isWholePayloadRejected() ? 1 : verdict.rejected().size();
        // Keyed by MQTT topic, not cell id: a payload too broken to name its cell must still land
        // next to the same channel's other rejects, in order.
        producer.send(new ProducerRecord<>(Topics.TELEMETRY_DLQ.name(), null, now, topic, payload, headers),
                (meta, e) -> {
                    if (e == null) {
                        stats.messagesDeadLettered.incrementAndGet();
                        stats.samplesDeadLettered.addAndGet(rejectedSamples);
                        countDeadLetters(verdict);
                    }
                    writes.done(e, false);
                });
        // One line a person can act on; no stack trace: bad input is expected, not exceptional.
        log.warn("dead-lettered {} from {}: {} ({})", verdict.isWholePayloadRejected()
                ? "message" : rejectedSamples + " sample(s)", topic, reason, truncate200(detail));
    }

    private void forwardStatus(String topic, byte[] payload, InOrderAcknowledger.Pending pending) {
        CellStatus status;
        try {
            status = STATUS_JSON.fromBytes(payload);
        } catch (IOException e) {
            status = null;
        }
        long now = System.currentTimeMillis();
        if (status == null || status.cellId() == null) {
            RecordHeaders headers = new RecordHeaders();
            headers.add(DeadLetterHeaders.REASON, utf8("malformed_status"));
            headers.add(DeadLetterHeaders.DETAIL, utf8("status message is not a cellwatch status JSON with a cell_id"));
            headers.add(DeadLetterHeaders.MQTT_TOPIC, utf8(topic));
            headers.add(DeadLetterHeaders.RECEIVED_AT, utf8(Instant.ofEpochMilli(now).toString()));
            Writes writes = new Writes(1, pending);
            producer.send(new ProducerRecord<>(Topics.TELEMETRY_DLQ.name(), null, now, topic, payload, headers),
                    (meta, e) -> {
                        if (e == null) {
                            metrics.deadLettered("malformed_status", 1);
                        }
                        writes.done(e, false);
                    });
            log.warn("dead-lettered status message from {}: not a cellwatch status", topic);
            return;
        }
        Writes writes = new Writes(1, pending);
        producer.send(new ProducerRecord<>(Topics.CELLS.name(), null, now, status.cellId(), payload),
                (meta, e) -> {
                    if (e == null) {
                        stats.statusForwarded.incrementAndGet();
                        metrics.statusForwarded();
                    }
                    writes.done(e, false);
                });
    }

    /** Per reason, as many samples as carried it; a message rejected whole counts once under its reason. */
    private void countDeadLetters(BatchVerdict verdict) {
        if (verdict.isWholePayloadRejected()) {
            metrics.deadLettered(verdict.primaryReason().map(Rule::wireName).orElse("rejected"), 1);
            return;
        }
        verdict.rejected().forEach(r -> metrics.deadLettered(r.primaryReason().wireName(), 1));
    }

    private void acknowledge(int messageId) {
        if (closed && !mqtt.isConnected()) {
            return; // aborted: the broker redelivers it
        }
        try {
            mqtt.messageArrivedComplete(messageId, 1);
        } catch (MqttException e) {
            // The broker will redeliver it after reconnecting; the duplicate is dropped downstream.
            log.warn("could not acknowledge MQTT message {}: {}", messageId, e.getMessage());
        }
    }

    private void fail(String what, Exception e) {
        if (failure == null) {
            failure = e;
            stats.kafkaSendFailures.incrementAndGet();
            metrics.kafkaSendFailed();
            log.error("{}: the bridge stops forwarding and leaves the rest unacknowledged in MQTT so "
                    + "nothing is lost; restart it once the cause is fixed: {}", what, e.toString());
        }
    }

    /**
     * Stops in order: no new messages, every Kafka write under way finished and its MQTT message
     * acknowledged, then disconnect. Nothing is left for redelivery unless Kafka is unreachable.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true; // messages arriving from here on stay unacknowledged, for the next replica
        try {
            if (mqtt.isConnected()) {
                mqtt.unsubscribe(new String[]{
                        MqttTopics.shared(MqttTopics.INGEST_SHARE_GROUP, MqttTopics.ALL_TELEMETRY), MqttTopics.ALL_STATUS});
            }
        } catch (MqttException e) {
            log.debug("MQTT unsubscribe: {}", e.getMessage());
        }
        producer.flush();          // every write's callback has run: their messages are queued for ack
        acknowledger.close();      // ... and the acks are sent
        try {
            if (mqtt.isConnected()) {
                mqtt.disconnect(5_000);
            }
        } catch (MqttException e) {
            log.debug("MQTT disconnect: {}", e.getMessage());
        }
        producer.close(Duration.ofSeconds(10));
        try {
            mqtt.close(true);
        } catch (MqttException e) {
            log.debug("MQTT close: {}", e.getMessage());
        }
        log.info("bridge {} stopped: {} samples forwarded, {} dead-lettered", config.mqttClientId(),
                stats.samplesForwarded(), stats.samplesDeadLettered());
    }

    /**
     * Stops at once without draining, as a crash would: Kafka writes under way are abandoned and
     * every MQTT message not yet acknowledged stays with the broker, which redelivers it to the
     * next bridge that joins with this client id (possibly after it was written: a duplicate,
     * never a loss). For tests of exactly that, and for a process that must die on a fatal error.
     */
    public synchronized void abort() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            mqtt.disconnectForcibly(0, 0, false);
        } catch (MqttException e) {
            log.debug("MQTT forced disconnect: {}", e.getMessage());
        }
        producer.close(Duration.ZERO);
        acknowledger.close();
        try {
            mqtt.close(true);
        } catch (MqttException e) {
            log.debug("MQTT close: {}", e.getMessage());
        }
        log.warn("bridge {} aborted: unacknowledged messages stay with the MQTT broker", config.mqttClientId());
    }

    private static Map<String, Object> producerConfig(BridgeConfig config) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "cellwatch-ingest-" + config.mqttClientId());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // Small batches fill in milliseconds at lab rates; this trades ≤ 5 ms latency for fewer requests.
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        p.putAll(config.kafkaOverrides());
        return p;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String truncate(String s) {
        return s.length() <= MAX_DETAIL_CHARS ? s : s.substring(0, MAX_DETAIL_CHARS) + "…";
    }

    private static String truncate200(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }

    /** Counts the Kafka writes made from one MQTT message; the last one completes it. */
    private final class Writes {
        private final int total;
        private final InOrderAcknowledger.Pending pending;
        private final AtomicInteger remaining;
        private final long receivedNanos = System.nanoTime();
        private volatile boolean failed;

        Writes(int total, InOrderAcknowledger.Pending pending) {
            this.total = total;
            this.pending = pending;
            this.remaining = new AtomicInteger(total);
        }

        void done(Exception e, boolean sample) {
            if (e != null) {
                failed = true;
                fail("Kafka write failed", e);
            } else if (sample) {
                stats.samplesForwarded.incrementAndGet();
                metrics.samplesForwarded(1);
            }
            if (remaining.decrementAndGet() == 0 && !failed) {
                metrics.forwarded(receivedNanos);
                pending.complete();
            }
        }
    }

    private final class Callback implements MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            try {
                onMessage(topic, message);
            } catch (RuntimeException e) {
                // Never let one message kill the MQTT callback thread (Paho would drop the connection),
                // and never ack what was not written: stop and let a restart redeliver it.
                log.error("unexpected error handling a message on {}", topic, e);
                fail("unexpected error handling a message on " + topic, e);
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            if (!closed) {
                log.warn("bridge {} disconnected from MQTT: {}", config.mqttClientId(), response.getReasonString());
            }
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            log.warn("MQTT error: {}", exception.getMessage());
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            if (reconnect) {
                log.info("bridge {} reconnected to {}", config.mqttClientId(), serverURI);
            }
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }
}
