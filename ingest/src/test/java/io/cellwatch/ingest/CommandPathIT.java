package io.cellwatch.ingest;

import io.cellwatch.edge.fleet.FleetOptions;
import io.cellwatch.edge.fleet.SimulatedFleet;
import io.cellwatch.telemetry.Command;
import io.cellwatch.telemetry.Topics;
import io.cellwatch.testkit.EmbeddedBrokers;
import io.cellwatch.testkit.EmbeddedBrokersExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The interlock's wire: a pause command written to Kafka reaches the simulated channel over MQTT,
 * the channel stops, and its acknowledgement comes back to Kafka through the bridge.
 */
@ExtendWith(EmbeddedBrokersExtension.class)
class CommandPathIT {

    @Test
    void aPauseCommandOnKafkaStopsTheChannelAndItsAckComesBack(EmbeddedBrokers brokers) throws Exception {
        String run = "cmd-" + UUID.randomUUID().toString().substring(0, 8);
        try (MqttKafkaBridge bridge = MqttKafkaBridge.start(
                BridgeConfig.of(brokers.mqttServerUri(), run + "-bridge", brokers.bootstrapServers()).withShareGroup(run));
             CommandRelay relay = CommandRelay.start(brokers.mqttServerUri(), run + "-relay", brokers.bootstrapServers(), Map.of());
             SimulatedFleet fleet = SimulatedFleet.start(brokers.mqttServerUri(),
                     FleetOptions.defaults(run, 2).withSpeed(600));
             KafkaProducer<String, Command> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers.bootstrapServers()),
                     Topics.COMMANDS.keySerde().serializer(), Topics.COMMANDS.valueSerde().serializer())) {
            String cell = fleet.cellIds().get(0);
            String other = fleet.cellIds().get(1);
            assertThat(fleet.isPaused(cell)).isFalse();
            double now = System.currentTimeMillis() / 1000.0;
            producer.send(new ProducerRecord<>(Topics.COMMANDS.name(), cell,
                    Command.issue(run + "-1", cell, Command.Action.PAUSE, "hard short (test)", now))).get();
            producer.send(new ProducerRecord<>(Topics.COMMANDS.name(), "nobody",
                    Command.issue(run + "-2", run + ".nowhere.ch999", Command.Action.PAUSE, "test", now))).get();

            List<Command> answers = readAnswers(brokers, run, 2);

            assertThat(fleet.isPaused(cell)).as("relay: %d relayed, %d refused; bridge: %s",
                    relay.relayed(), relay.refused(), bridge.stats()).isTrue();
            assertThat(fleet.isPaused(other)).as("only the commanded channel").isFalse();
            assertThat(answers).extracting(Command::commandId).containsExactlyInAnyOrder(run + "-1", run + "-2");
            Command done = answers.stream().filter(c -> c.commandId().equals(run + "-1")).findFirst().orElseThrow();
            assertThat(done.ack()).isTrue();
            assertThat(done.action()).isEqualTo(Command.Action.PAUSE);
            assertThat(done.ackedAtS()).isGreaterThanOrEqualTo(now);
            Command refused = answers.stream().filter(c -> c.commandId().equals(run + "-2")).findFirst().orElseThrow();
            assertThat(refused.ack()).isFalse();
            assertThat(refused.reason()).contains("no birth message");
        }
    }

    private static List<Command> readAnswers(EmbeddedBrokers brokers, String run, int expected) {
        List<Command> out = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                Topics.COMMANDS.keySerde().deserializer(), Topics.COMMANDS.valueSerde().deserializer())) {
            consumer.subscribe(List.of(Topics.COMMANDS.name()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (out.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, Command> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() != null && r.value().isAcknowledgement() && r.value().commandId().startsWith(run)) {
                        out.add(r.value());
                    }
                }
            }
        }
        return out;
    }
}
