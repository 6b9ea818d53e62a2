package io.cellwatch.alerts.topology;

import io.cellwatch.alerts.metrics.AlertMetrics;
import io.cellwatch.telemetry.Alert;
import io.cellwatch.telemetry.CellMetadata;
import io.cellwatch.telemetry.CellStatus;
import io.cellwatch.telemetry.CellType;
import io.cellwatch.telemetry.Command;
import io.cellwatch.telemetry.Finding;
import io.cellwatch.telemetry.FindingType;
import io.cellwatch.telemetry.MetricNames;
import io.cellwatch.telemetry.Mute;
import io.cellwatch.telemetry.Severity;
import io.cellwatch.telemetry.Topics;
import io.cellwatch.testkit.EmbeddedBrokers;
import io.cellwatch.testkit.EmbeddedBrokersExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alerts service against a real broker: a critical short becomes an alert and one pause
 * (read_committed, so only what the exactly-once transactions committed), the edge's ack is
 * recorded, a mute sent through the service's API mutes the alert, and the metrics see it.
 */
@ExtendWith(EmbeddedBrokersExtension.class)
class AlertsServiceIT {

    @TempDir
    Path stateDir;

    @Test
    void aShortBecomesOneAlertAndOnePauseTheAckIsRecordedAndAMuteSilencesIt(EmbeddedBrokers brokers) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String cellId = "coin-" + run;
        String lab = "lab-" + run;
        CellMetadata meta = new CellMetadata(cellId, lab, "oven-1", "ch-03", CellType.FULL, "Li||LFP", 0.00078,
                null, null, 2.5, 4.2, 1.0, 100.0, 10.0);
        AlertsOptions options = AlertsOptions.of(brokers.bootstrapServers(), stateDir)
                .withApplicationId("alerts-it-" + run).withTickInterval(Duration.ofSeconds(1));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        try (KafkaProducer<String, byte[]> producer = producer(brokers);
             KafkaConsumer<String, byte[]> consumer = consumer(brokers, run);
             AlertsService service = AlertsService.start(options, AlertListener.NONE)) {
            AlertMetrics metrics = new AlertMetrics(service::activeAlerts);
            metrics.bindTo(registry);
            consumer.subscribe(List.of(Topics.ALERTS.name(), Topics.COMMANDS.name()));
            assertThat(service.awaitRunning(Duration.ofSeconds(60))).isTrue();

            // given a registered cell, when a critical hard short is found on it
            send(producer, Topics.CELLS, cellId, CellStatus.online(meta, nowS() - 60));
            awaitRegistered(service, cellId); // the global registry table is read on its own thread
            double t = nowS();
            send(producer, Topics.FINDINGS, cellId, new Finding(FindingType.HARD_SHORT, Severity.CRITICAL,
                    Finding.Scope.CELL, cellId, null, null, 4, t, "HardShortDetector", "charge ran to 1.6 Q_ref below 4.2 V",
                    Map.of("charge_throughput_ah", 0.00125), List.of(), false));

            // then one open alert and one pause, committed
            Outputs out = new Outputs(consumer, cellId);
            out.awaitCommand(c -> !c.isAcknowledgement());
            out.awaitAlert(a -> a.state() == Alert.State.OPEN);
            Command pause = out.commands.get(0);
            assertThat(pause.address()).hasValueSatisfying(a -> assertThat(a.channel()).isEqualTo("ch-03"));
            assertThat(out.alerts.get(0).commandId()).isEqualTo(pause.commandId());

            // the edge acknowledges on the commands topic
            send(producer, Topics.COMMANDS, cellId, pause.acknowledged(nowS()));
            out.awaitAlert(a -> Boolean.TRUE.equals(a.commandDone()));

            // the metrics see it paging
            assertThat(registry.get(MetricNames.ALERTS_OPEN)
                    .tags("type", "hard_short", "severity", "critical", "scope", "cell").gauge().value()).isEqualTo(1.0);

            // a person mutes the cell through the service's API
            service.mute(new Mute(cellId, null, null, null, nowS() + 3600, "planned abuse test", "it"));
            out.awaitAlert(a -> a.state() == Alert.State.MUTED);
            assertThat(service.activeAlerts()).filteredOn(a -> cellId.equals(a.cellId()))
                    .singleElement().extracting(Alert::state).isEqualTo(Alert.State.MUTED);
            Thread.sleep(1100); // the gauges' one-second snapshot
            assertThat(registry.get(MetricNames.ALERTS_OPEN)
                    .tags("type", "hard_short", "severity", "critical", "scope", "cell").gauge().value()).isEqualTo(0.0);

            assertThat(out.commands).as("exactly one pause, the edge's ack aside")
                    .filteredOn(c -> !c.isAcknowledgement()).hasSize(1);
            assertThat(service.isLive()).isTrue();
        }
    }

    private static void awaitRegistered(AlertsService service, String cellId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (service.kafkaStreams().store(StoreQueryParameters.fromNameAndType(AlertsTopology.CELL_REGISTRY_STORE,
                        QueryableStoreTypes.<String, CellStatus>keyValueStore())).get(cellId) != null) {
                    return;
                }
            } catch (InvalidStateStoreException e) {
                // not queryable yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("cell " + cellId + " never reached the alerts service's registry table");
    }

    /** What the service published about one cell, read as committed. */
    private static final class Outputs {
        final KafkaConsumer<String, byte[]> consumer;
        final String cellId;
        final List<Alert> alerts = new ArrayList<>();
        final List<Command> commands = new ArrayList<>();

        Outputs(KafkaConsumer<String, byte[]> consumer, String cellId) {
            this.consumer = consumer;
            this.cellId = cellId;
        }

        void awaitAlert(Predicate<Alert> wanted) {
            await(() -> alerts.stream().anyMatch(wanted), "an alert matching the condition; got " + alerts);
        }

        void awaitCommand(Predicate<Command> wanted) {
            await(() -> commands.stream().anyMatch(wanted), "a command matching the condition; got " + commands);
        }

        private void await(java.util.function.BooleanSupplier done, String what) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!done.getAsBoolean() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.topic().equals(Topics.ALERTS.name())) {
                        Alert a = Topics.ALERTS.valueSerde().deserializer().deserialize(r.topic(), r.value());
                        if (cellId.equals(a.cellId())) {
                            alerts.add(a);
                        }
                    } else if (cellId.equals(r.key())) {
                        commands.add(Topics.COMMANDS.valueSerde().deserializer().deserialize(r.topic(), r.value()));
                    }
                }
            }
            assertThat(done.getAsBoolean()).as(what).isTrue();
        }
    }

    private static <V> void send(KafkaProducer<String, byte[]> producer, Topics.Topic<String, V> topic, String key, V value)
            throws Exception {
        producer.send(new ProducerRecord<>(topic.name(), key, topic.valueSerde().serializer().serialize(topic.name(), value))).get();
    }

    private static KafkaProducer<String, byte[]> producer(EmbeddedBrokers brokers) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new StringSerializer(), new ByteArraySerializer());
    }

    private static KafkaConsumer<String, byte[]> consumer(EmbeddedBrokers brokers, String run) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "alerts-it-reader-" + run,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static double nowS() {
        return System.currentTimeMillis() / 1000.0;
    }
}
