package io.cellwatch.ingest;

import io.cellwatch.telemetry.CellStatus;
import io.cellwatch.telemetry.Command;
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
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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
 * <p>A failed Kafka write does not end the bridge. It stops forwarding, replaces its Kafka producer
 * after a growing back-off, and writes every message not yet acknowledged again, in arrival order,
 * from the copy it keeps until the ack; meanwhile MQTT flow control (receive maximum) makes the
 * broker hold the rest. A Kafka outage costs its duration and possibly duplicates, never data, and
 * does not depend on the broker redelivering anything.
 *
 * <p>Record timestamps are the bridge's wall-clock receive time, not the sample time: cycler files
 * replayed from years ago must not be deleted by retention on arrival, nor accelerated simulations
 * rejected as "from the future". Event time travels in the value ({@code time_s}).
 */
public final class MqttKafkaBridge implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MqttKafkaBridge.class);
    private static final JsonSerde<Sample> SAMPLE_JSON = (JsonSerde<Sample>) Topics.TELEMETRY.valueSerde();
    private static final JsonSerde<CellStatus> STATUS_JSON = (JsonSerde<CellStatus>) Topics.CELLS.valueSerde();
    private static final JsonSerde<Command> COMMAND_JSON = (JsonSerde<Command>) Topics.COMMANDS.valueSerde();
    private static final int MAX_DETAIL_CHARS = 4000;
    /** A message waiting this long for Kafka is worth a warning: something downstream is stuck. */
    private static final Duration STALL_WARNING = Duration.ofSeconds(30);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final BridgeConfig config;
    private final TelemetryValidator validator;
    private final BridgeStats stats = new BridgeStats();
    private final BridgeMetrics metrics;
    private final MqttClient mqtt;
    private final ScheduledExecutorService supervisor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cellwatch-bridge-supervisor");
        t.setDaemon(true);
        return t;
    });
    /**
     * Orders forwarding: the MQTT thread forwards under it, and a recovery re-sends the unfinished
     * messages under it, so nothing new overtakes them. Kafka's I/O thread never takes it.
     */
    private final Object forwarding = new Object();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile Producer<String, byte[]> producer;
    private volatile int producerGeneration;
    private volatile InOrderAcknowledger acknowledger;
    private volatile boolean closed;
    private volatile long lastMessageNanos = System.nanoTime();
    private boolean stallReported;

    private MqttKafkaBridge(BridgeConfig config, MeterRegistry registry) throws MqttException {
        this.config = config;
        this.metrics = new BridgeMetrics(registry);
        this.validator = new TelemetryValidator(config.limits());
        this.mqtt = new MqttClient(config.mqttServerUri(), config.mqttClientId(), new MemoryPersistence());
        this.acknowledger = newAcknowledger();
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
            bridge.producer = bridge.newProducer();
            bridge.connectMqtt();
            bridge.supervisor.scheduleWithFixedDelay(bridge::watch, 1, 1, TimeUnit.SECONDS);
            log.info("bridge {} forwarding {} and {} from {} to Kafka {}", config.mqttClientId(),
                    MqttTopics.shared(config.shareGroup(), MqttTopics.ALL_TELEMETRY), MqttTopics.ALL_STATUS,
                    config.mqttServerUri(), config.kafkaBootstrap());
            return bridge;
        } catch (MqttException | RuntimeException e) {
            if (bridge != null) {
                bridge.abort();
            }
            throw new IllegalStateException("bridge cannot start: MQTT " + config.mqttServerUri()
                    + ", Kafka " + config.kafkaBootstrap() + ": " + e.getMessage(), e);
        }
    }

    public BridgeStats stats() {
        return stats;
    }

    /**
     * The Kafka failure the bridge is recovering from, or null while it forwards normally. The
     * bridge retries by itself; a failure that stays for minutes needs a person (Kafka down,
     * credentials revoked, topic deleted).
     */
    public Throwable failure() {
        return failure.get();
    }

    public boolean isConnected() {
        return mqtt.isConnected();
    }

    /** MQTT messages received and not yet acknowledged (their Kafka writes are under way or waiting). */
    public int inFlight() {
        return acknowledger.inFlight();
    }

    private InOrderAcknowledger newAcknowledger() {
        return new InOrderAcknowledger(this::acknowledge);
    }

    /**
     * A producer whose topics are known to exist: fetching their metadata first makes a missing
     * topic fail here, with a clear reason, instead of blocking the MQTT thread inside a send.
     */
    private Producer<String, byte[]> newProducer() {
        Producer<String, byte[]> p = new KafkaProducer<>(producerConfig(config), new StringSerializer(),
                new ByteArraySerializer());
        for (String topic : List.of(Topics.TELEMETRY.name(), Topics.TELEMETRY_DLQ.name(), Topics.CELLS.name(),
                Topics.COMMANDS.name())) {
            try {
                p.partitionsFor(topic);
            } catch (org.apache.kafka.common.KafkaException e) {
                p.close(Duration.ZERO);
                throw new IllegalStateException("Kafka topic " + topic + " is not available on "
                        + config.kafkaBootstrap() + " (create the cellwatch topics first): " + e.getMessage(), e);
            }
        }
        return p;
    }

    private void connectMqtt() throws MqttException {
        mqtt.setManualAcks(true);
        mqtt.setCallback(new Callback());
        MqttConnectionOptions options = new MqttConnectionOptions();
        // Persistent session: while this replica is away the broker queues its share of telemetry.
        options.setCleanStart(false);
        options.setSessionExpiryInterval(config.sessionExpiry().toSeconds());
        options.setReceiveMaximum(config.receiveMaximum());
        options.setAutomaticReconnect(true);
        options.setKeepAliveInterval(30);
        if (config.mqttSecurity().hasCredentials()) {
            options.setUserName(config.mqttSecurity().username());
            options.setPassword(config.mqttSecurity().passwordBytes());
        }
        config.mqttSecurity().socketFactoryFor(config.mqttServerUri()).ifPresent(options::setSocketFactory);
        mqtt.connect(options);
        // Status is retained, and retained messages are not delivered on shared subscriptions, so
        // every replica reads status; the compacted registry topic absorbs the repeats.
        int[] granted = mqtt.subscribe(new MqttSubscription[]{
                new MqttSubscription(MqttTopics.shared(config.shareGroup(), MqttTopics.ALL_TELEMETRY), 1),
                new MqttSubscription(MqttTopics.shared(config.shareGroup(), MqttTopics.ALL_ACKS), 1),
                new MqttSubscription(MqttTopics.ALL_STATUS, 1)}).getReasonCodes();
        for (int code : granted == null ? new int[0] : granted) {
            if (code >= 0x80) { // e.g. 0x87 not authorized: the account is not a bridge account
                throw new MqttException(code);
            }
        }
    }

    private void onMessage(String topic, MqttMessage message) {
        if (closed) {
            return; // left unacknowledged: the broker redelivers it to the next replica
        }
        lastMessageNanos = System.nanoTime();
        stats.messagesReceived.incrementAndGet();
        metrics.messageReceived();
        synchronized (forwarding) {
            InOrderAcknowledger.Pending pending = acknowledger.received(message.getId(), topic, message.getPayload());
            if (failure.get() == null) {
                forward(pending, producer, producerGeneration);
            } // else: kept; the recovery writes it after the ones before it
        }
    }

    private void forward(InOrderAcknowledger.Pending pending, Producer<String, byte[]> p, int generation) {
        if (pending.topic.endsWith("/" + MqttTopics.STATUS)) {
            forwardStatus(p, generation, pending);
        } else if (pending.topic.endsWith("/" + MqttTopics.ACK)) {
            forwardAck(p, generation, pending);
        } else {
            forwardTelemetry(p, generation, pending);
        }
    }

    private void forwardTelemetry(Producer<String, byte[]> producer, int generation, InOrderAcknowledger.Pending pending) {
        String topic = pending.topic;
        byte[] payload = pending.payload;
        BatchVerdict verdict = validator.decodeBatch(payload);
        List<Sample> accepted = verdict.accepted();
        boolean deadLetter = verdict.isWholePayloadRejected() || !verdict.rejected().isEmpty();
        Writes writes = new Writes(generation, accepted.size() + (deadLetter ? 1 : 0), pending);
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
            sendDeadLetter(producer, topic, payload, verdict, now, writes);
        }
        if (writes.total == 0) {
            pending.complete();
        }
    }

    private void sendDeadLetter(Producer<String, byte[]> producer, String topic, byte[] payload, BatchVerdict verdict,
                                long now, Writes writes) {
        List<Problem> problems = verdict.isWholePayloadRejected()
                ? verdict.payloadProblems()
                : verdict.rejected().stream().flatMap(r -> r.problems().stream()).toList();
        String reason = verdict.primaryReason().map(Rule::wireName).orElse("rejected");
        String detail = truncate(problems.stream().map(Problem::message).collect(Collectors.joining("; ")));
        RecordHeaders headers = deadLetterHeaders(reason, detail, topic, now);
        verdict.rejected().forEach(r -> headers.add(DeadLetterHeaders.SAMPLE_INDEX, utf8(String.valueOf(r.index()))));
        byte[] kept = keptPayload(payload, headers);
        int rejectedSamples = verdict.isWholePayloadRejected() ? 1 : verdict.rejected().size();
        // Keyed by MQTT topic, not cell id: a payload too broken to name its cell must still land
        // next to the same channel's other rejects, in order.
        producer.send(new ProducerRecord<>(Topics.TELEMETRY_DLQ.name(), null, now, topic, kept, headers),
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

    private void forwardStatus(Producer<String, byte[]> producer, int generation, InOrderAcknowledger.Pending pending) {
        String topic = pending.topic;
        byte[] payload = pending.payload;
        CellStatus status;
        try {
            status = STATUS_JSON.fromBytes(payload);
        } catch (IOException e) {
            status = null;
        }
        long now = System.currentTimeMillis();
        Writes writes = new Writes(generation, 1, pending);
        if (status == null || status.cellId() == null) {
            RecordHeaders headers = deadLetterHeaders("malformed_status",
                    "status message is not a cellwatch status JSON with a cell_id", topic, now);
            byte[] kept = keptPayload(payload, headers);
            producer.send(new ProducerRecord<>(Topics.TELEMETRY_DLQ.name(), null, now, topic, kept, headers),
                    (meta, e) -> {
                        if (e == null) {
                            metrics.deadLettered("malformed_status", 1);
                        }
                        writes.done(e, false);
                    });
            log.warn("dead-lettered status message from {}: not a cellwatch status", topic);
            return;
        }
        producer.send(new ProducerRecord<>(Topics.CELLS.name(), null, now, status.cellId(), payload),
                (meta, e) -> {
                    if (e == null) {
                        stats.statusForwarded.incrementAndGet();
                        metrics.statusForwarded();
                    }
                    writes.done(e, false);
                });
    }

    /** The edge's answer to a command goes back to the commands topic, where the alert picks it up. */
    private void forwardAck(Producer<String, byte[]> producer, int generation, InOrderAcknowledger.Pending pending) {
        Command ack;
        try {
            ack = COMMAND_JSON.fromBytes(pending.payload);
        } catch (IOException e) {
            ack = null;
        }
        long now = System.currentTimeMillis();
        Writes writes = new Writes(generation, 1, pending);
        if (ack == null || ack.cellId() == null || ack.commandId() == null || !ack.isAcknowledgement()) {
            RecordHeaders headers = deadLetterHeaders("malformed_ack",
                    "command acknowledgement is not a cellwatch command JSON with command_id, cell_id and ack",
                    pending.topic, now);
            producer.send(new ProducerRecord<>(Topics.TELEMETRY_DLQ.name(), null, now, pending.topic,
                    keptPayload(pending.payload, headers), headers), (meta, e) -> {
                        if (e == null) {
                            metrics.deadLettered("malformed_ack", 1);
                        }
                        writes.done(e, false);
                    });
            log.warn("dead-lettered command acknowledgement from {}: not a cellwatch command", pending.topic);
            return;
        }
        log.info("channel of cell {} acknowledged command {} ({}): {}", ack.cellId(), ack.commandId(),
                ack.action() == null ? "?" : ack.action().wireName(), Boolean.TRUE.equals(ack.ack()) ? "done" : "refused");
        producer.send(new ProducerRecord<>(Topics.COMMANDS.name(), null, now, ack.cellId(), COMMAND_JSON.toBytes(ack)),
                (meta, e) -> writes.done(e, false));
    }

    private static RecordHeaders deadLetterHeaders(String reason, String detail, String topic, long now) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetterHeaders.REASON, utf8(reason));
        headers.add(DeadLetterHeaders.DETAIL, utf8(detail));
        headers.add(DeadLetterHeaders.MQTT_TOPIC, utf8(topic));
        headers.add(DeadLetterHeaders.RECEIVED_AT, utf8(Instant.ofEpochMilli(now).toString()));
        return headers;
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
        if (!mqtt.isConnected()) {
            return; // the broker redelivers it after the reconnect; the duplicate is dropped downstream
        }
        try {
            mqtt.messageArrivedComplete(messageId, 1);
        } catch (MqttException e) {
            log.warn("could not acknowledge MQTT message {}: {}", messageId, e.getMessage());
        }
    }

    /**
     * Called from Kafka's I/O thread: no lock, no blocking. The first failure of the current
     * producer stops forwarding and schedules a recovery; failures of replaced producers are noise.
     */
    private void fail(int generation, String what, Exception e) {
        if (generation != producerGeneration || closed || !failure.compareAndSet(null, e)) {
            return;
        }
        stats.kafkaSendFailures.incrementAndGet();
        metrics.kafkaSendFailed();
        log.error("{}: bridge {} stops forwarding, keeps every unacknowledged message and retries: {}",
                what, config.mqttClientId(), e.toString());
        scheduleRecovery(1);
    }

    private void scheduleRecovery(int attempt) {
        long delayMs = Math.min(MAX_BACKOFF.toMillis(), 500L << Math.min(attempt - 1, 10));
        try {
            supervisor.schedule(() -> recover(attempt), delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            log.debug("bridge closing, no recovery");
        }
    }

    /** A fresh producer, then every unfinished message written again in arrival order. */
    private void recover(int attempt) {
        if (closed) {
            return;
        }
        Producer<String, byte[]> fresh;
        try {
            fresh = newProducer();
        } catch (RuntimeException e) {
            log.warn("bridge {}: Kafka still unavailable (attempt {}): {}", config.mqttClientId(), attempt, e.getMessage());
            scheduleRecovery(attempt + 1);
            return;
        }
        int resent;
        synchronized (forwarding) {
            Producer<String, byte[]> old = producer;
            producerGeneration++; // the old producer's callbacks are from now on ignored
            old.close(Duration.ZERO); // aborts its unfinished writes; their messages are written again below
            producer = fresh;
            List<InOrderAcknowledger.Pending> unfinished = acknowledger.unfinished();
            for (InOrderAcknowledger.Pending p : unfinished) {
                forward(p, fresh, producerGeneration);
            }
            resent = unfinished.size();
            failure.set(null);
            stats.recoveries.incrementAndGet();
        }
        log.info("bridge {} forwarding again after a Kafka failure (attempt {}); {} unacknowledged message(s) written again",
                config.mqttClientId(), attempt, resent);
    }

    /** Once a second: warn about writes stuck in Kafka, and un-stick a broker that stopped feeding us. */
    private void watch() {
        if (closed || failure.get() != null) {
            return;
        }
        long now = System.nanoTime();
        long idle = config.idleReconnect().toNanos();
        if (idle > 0 && now - lastMessageNanos > idle && acknowledger.inFlight() == 0 && mqtt.isConnected()) {
            reconnectIdle();
            return;
        }
        long waitedNanos = acknowledger.oldestWaitNanos(now);
        if (waitedNanos > STALL_WARNING.toNanos() && !stallReported) {
            stallReported = true;
            log.warn("bridge {}: {} MQTT message(s) have waited {} s for Kafka to acknowledge their writes; "
                            + "they stay unacknowledged in MQTT (nothing is lost), but check Kafka at {}",
                    config.mqttClientId(), acknowledger.inFlight(), TimeUnit.NANOSECONDS.toSeconds(waitedNanos),
                    config.kafkaBootstrap());
        } else if (waitedNanos < STALL_WARNING.toNanos() && stallReported) {
            stallReported = false;
            log.info("bridge {}: Kafka writes complete again", config.mqttClientId());
        }
    }

    /** See {@link BridgeConfig#idleReconnect()}: nothing is in flight, so nothing can be lost here. */
    private void reconnectIdle() {
        try {
            // Quiesces the callback thread first: after this no message of the old connection arrives.
            mqtt.disconnect(2_000);
        } catch (MqttException e) {
            log.debug("MQTT disconnect before idle reconnect: {}", e.getMessage());
        }
        InOrderAcknowledger old;
        synchronized (forwarding) {
            old = acknowledger;
            acknowledger = newAcknowledger();
        }
        // Acks of the old connection must never go out on the new one (packet ids are per
        // connection); anything it still held is redelivered by the broker, at worst a duplicate.
        old.close();
        try {
            connectMqtt();
            stats.idleReconnects.incrementAndGet();
            log.debug("bridge {}: no MQTT message for {} s, reconnected in case the broker stopped feeding us",
                    config.mqttClientId(), config.idleReconnect().toSeconds());
        } catch (MqttException e) {
            log.warn("bridge {}: reconnect to {} failed, will retry: {}", config.mqttClientId(),
                    config.mqttServerUri(), e.getMessage());
        }
        lastMessageNanos = System.nanoTime();
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
        supervisor.shutdownNow();
        try {
            if (mqtt.isConnected()) {
                mqtt.unsubscribe(new String[]{MqttTopics.shared(config.shareGroup(), MqttTopics.ALL_TELEMETRY),
                        MqttTopics.shared(config.shareGroup(), MqttTopics.ALL_ACKS), MqttTopics.ALL_STATUS});
            }
        } catch (MqttException e) {
            log.debug("MQTT unsubscribe: {}", e.getMessage());
        }
        if (failure.get() == null) {
            producer.flush();      // every write's callback has run: their messages are queued for ack
        }
        acknowledger.close();      // ... and the acks are sent
        try {
            if (mqtt.isConnected()) {
                mqtt.disconnect(5_000);
            }
        } catch (MqttException e) {
            log.debug("MQTT disconnect: {}", e.getMessage());
        }
        producer.close(failure.get() == null ? Duration.ofSeconds(10) : Duration.ZERO);
        try {
            mqtt.close(true);
        } catch (MqttException e) {
            log.debug("MQTT close: {}", e.getMessage());
        }
        log.info("bridge {} stopped: {}", config.mqttClientId(), stats);
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
        supervisor.shutdownNow();
        try {
            if (mqtt.isConnected()) {
                mqtt.disconnectForcibly(0, 0, false);
            }
        } catch (MqttException e) {
            log.debug("MQTT forced disconnect: {}", e.getMessage());
        }
        if (producer != null) {
            producer.close(Duration.ZERO);
        }
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

    /** The payload as kept on the dead-letter topic: whole, or its start when it could not fit a Kafka record. */
    private static byte[] keptPayload(byte[] payload, RecordHeaders headers) {
        if (payload.length <= DeadLetterHeaders.MAX_KEPT_PAYLOAD_BYTES) {
            return payload;
        }
        headers.add(DeadLetterHeaders.ORIGINAL_BYTES, utf8(String.valueOf(payload.length)));
        return java.util.Arrays.copyOf(payload, DeadLetterHeaders.MAX_KEPT_PAYLOAD_BYTES);
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
        private final int generation;
        private final int total;
        private final InOrderAcknowledger.Pending pending;
        private final AtomicInteger remaining;
        private final long receivedNanos = System.nanoTime();
        private volatile boolean failed;

        Writes(int generation, int total, InOrderAcknowledger.Pending pending) {
            this.generation = generation;
            this.total = total;
            this.pending = pending;
            this.remaining = new AtomicInteger(total);
        }

        void done(Exception e, boolean sample) {
            if (e != null) {
                failed = true;
                fail(generation, "Kafka write failed", e);
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
                // and never ack what was not written: stop forwarding and let the recovery retry it.
                log.error("unexpected error handling a message on {}", topic, e);
                fail(producerGeneration, "unexpected error handling a message on " + topic, e);
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
                // Acks of the old connection must not go out on this one: start a fresh ledger. The
                // broker redelivers what was not acknowledged; the copies are dropped downstream.
                synchronized (forwarding) {
                    InOrderAcknowledger old = acknowledger;
                    acknowledger = newAcknowledger();
                    old.close();
                }
                log.info("bridge {} reconnected to {}", config.mqttClientId(), serverURI);
            }
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }
}
