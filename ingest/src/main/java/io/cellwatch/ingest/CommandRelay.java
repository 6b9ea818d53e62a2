package io.cellwatch.ingest;

import io.cellwatch.telemetry.CellMetadata;
import io.cellwatch.telemetry.CellStatus;
import io.cellwatch.telemetry.ChannelAddress;
import io.cellwatch.telemetry.Command;
import io.cellwatch.telemetry.MqttClientSecurity;
import io.cellwatch.telemetry.MqttTopics;
import io.cellwatch.telemetry.Topics;
import io.cellwatch.telemetry.json.JsonSerde;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The command path, Kafka → MQTT: each command request on {@code cellwatch.commands.v1} (a record
 * without {@code ack}) is published with QoS 1 to its channel's {@code command} topic; the edge's
 * answer comes back through the bridge ({@code ack} topic → the same Kafka topic).
 *
 * <p>The channel of a cell comes from the registry ({@code cellwatch.cells.v1}, read whole by every
 * relay). A command for a cell that never sent a birth message cannot be delivered: the relay
 * answers it itself with {@code ack=false} and the reason, so the alert shows that the interlock
 * did not act instead of waiting forever.
 *
 * <p>Offsets are committed only after the broker acknowledged the MQTT publish: a relay killed in
 * between sends the command again, and pausing twice is harmless.
 */
public final class CommandRelay implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CommandRelay.class);
    private static final JsonSerde<Command> COMMAND_JSON = (JsonSerde<Command>) Topics.COMMANDS.valueSerde();
    private static final JsonSerde<CellStatus> STATUS_JSON = (JsonSerde<CellStatus>) Topics.CELLS.valueSerde();

    private final KafkaConsumer<String, byte[]> commands;
    private final KafkaConsumer<String, byte[]> registryReader;
    private final KafkaProducer<String, byte[]> refusals;
    private final MqttClient mqtt;
    private final Map<String, ChannelAddress> channels = new ConcurrentHashMap<>();
    private final AtomicLong relayed = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    private CommandRelay(String mqttServerUri, String clientId, String kafkaBootstrap, Map<String, String> kafkaOverrides,
                         MqttClientSecurity security) throws MqttException {
        Map<String, Object> c = new HashMap<>(kafkaOverrides);
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "cellwatch-command-relay");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.commands = new KafkaConsumer<>(c, new StringDeserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer());
        Map<String, Object> r = new HashMap<>(kafkaOverrides);
        r.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap);
        r.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.registryReader = new KafkaConsumer<>(r, new StringDeserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer());
        Map<String, Object> p = new HashMap<>(kafkaOverrides);
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        this.refusals = new KafkaProducer<>(p, new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer());
        this.mqtt = new MqttClient(mqttServerUri, clientId, new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setAutomaticReconnect(true);
        if (security.hasCredentials()) {
            options.setUserName(security.username());
            options.setPassword(security.passwordBytes());
        }
        security.socketFactoryFor(mqttServerUri).ifPresent(options::setSocketFactory);
        mqtt.connect(options);
        this.thread = new Thread(this::run, "cellwatch-command-relay");
        this.thread.setDaemon(true);
    }

    /** Starts relaying in a background thread. */
    public static CommandRelay start(String mqttServerUri, String clientId, String kafkaBootstrap,
                                     Map<String, String> kafkaOverrides) {
        return start(mqttServerUri, clientId, kafkaBootstrap, kafkaOverrides, MqttClientSecurity.NONE);
    }

    /**
     * As {@link #start(String, String, String, Map)}, connecting to MQTT with credentials and/or TLS
     * trust; {@code kafkaOverrides} (security.protocol, sasl.*, ssl.*) reach all three Kafka clients.
     */
    public static CommandRelay start(String mqttServerUri, String clientId, String kafkaBootstrap,
                                     Map<String, String> kafkaOverrides, MqttClientSecurity security) {
        try {
            CommandRelay relay = new CommandRelay(mqttServerUri, clientId, kafkaBootstrap, kafkaOverrides, security);
            List<TopicPartition> registry = relay.registryReader.partitionsFor(Topics.CELLS.name()).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            relay.registryReader.assign(registry);
            relay.registryReader.seekToBeginning(registry);
            relay.commands.subscribe(List.of(Topics.COMMANDS.name()));
            relay.thread.start();
            log.info("command relay {}: {} -> MQTT {}", clientId, Topics.COMMANDS.name(), mqttServerUri);
            return relay;
        } catch (MqttException | RuntimeException e) {
            throw new IllegalStateException("command relay cannot start: MQTT " + mqttServerUri + ", Kafka "
                    + kafkaBootstrap + ": " + e.getMessage(), e);
        }
    }

    public long relayed() {
        return relayed.get();
    }

    public long refused() {
        return refused.get();
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> r : registryReader.poll(Duration.ofMillis(50))) {
                    learnChannel(r);
                }
                var batch = commands.poll(Duration.ofMillis(200));
                if (batch.isEmpty()) {
                    continue;
                }
                for (ConsumerRecord<String, byte[]> r : batch) {
                    relay(r);
                }
                commands.commitSync();
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            log.error("command relay stopped: {}", e.toString());
        }
    }

    private void learnChannel(ConsumerRecord<String, byte[]> r) {
        try {
            CellStatus status = r.value() == null ? null : STATUS_JSON.fromBytes(r.value());
            CellMetadata m = status == null ? null : status.metadata();
            if (m != null && m.lab() != null && m.chamber() != null && m.channel() != null) {
                channels.put(r.key(), new ChannelAddress(m.lab(), m.chamber(), m.channel()));
            }
        } catch (Exception e) {
            log.debug("registry record for {} unreadable: {}", r.key(), e.getMessage());
        }
    }

    private void relay(ConsumerRecord<String, byte[]> r) {
        Command command;
        try {
            command = COMMAND_JSON.fromBytes(r.value());
        } catch (Exception e) {
            log.warn("skipped an unreadable record on {} at offset {}: {}", r.topic(), r.offset(), e.getMessage());
            return;
        }
        if (command == null || command.isAcknowledgement() || command.action() == null) {
            return; // answers travel the other way
        }
        // The command's own address when the issuer knew it, else the registry's, which may lag a
        // command that follows a birth closely: catch up before refusing.
        ChannelAddress channel = command.address().orElseGet(() -> channels.get(command.cellId()));
        if (channel == null) {
            for (ConsumerRecord<String, byte[]> s : registryReader.poll(Duration.ofMillis(500))) {
                learnChannel(s);
            }
            channel = channels.get(command.cellId());
        }
        if (channel == null) {
            refused.incrementAndGet();
            String why = "cell " + command.cellId() + " never announced its channel (no birth message): command not delivered";
            log.warn("command {} ({}) refused: {}", command.commandId(), command.action().wireName(), why);
            refusals.send(new ProducerRecord<>(Topics.COMMANDS.name(), command.cellId(),
                    COMMAND_JSON.toBytes(command.acknowledged(false, why, System.currentTimeMillis() / 1000.0))));
            refusals.flush();
            return;
        }
        MqttMessage message = new MqttMessage(COMMAND_JSON.toBytes(command));
        message.setQos(1);
        while (running) {
            try {
                mqtt.publish(MqttTopics.command(channel), message); // blocks until the broker's PUBACK
                relayed.incrementAndGet();
                log.info("command {} {} for cell {} sent to {}", command.commandId(), command.action().wireName(),
                        command.cellId(), MqttTopics.command(channel));
                return;
            } catch (MqttException e) {
                log.warn("command {} not yet delivered to MQTT, retrying: {}", command.commandId(), e.getMessage());
                try {
                    Thread.sleep(1_000); // back-off while the MQTT client reconnects
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        commands.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        commands.close(Duration.ofSeconds(5));
        registryReader.close(Duration.ofSeconds(5));
        refusals.close(Duration.ofSeconds(5));
        try {
            if (mqtt.isConnected()) {
                mqtt.disconnect(5_000);
            }
            mqtt.close(true);
        } catch (MqttException e) {
            log.debug("MQTT close: {}", e.getMessage());
        }
        log.info("command relay stopped: {} relayed, {} refused", relayed(), refused());
    }
}
