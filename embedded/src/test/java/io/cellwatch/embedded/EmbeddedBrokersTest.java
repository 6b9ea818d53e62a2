package io.cellwatch.embedded;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedBrokersTest {

    @Test
    void kafkaBrokerStoresAndServesRecordsAndDeletesItsTemporaryFolder() throws Exception {
        Path dataDir;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            dataDir = broker.dataDirectory();
            try (Admin admin = broker.admin()) {
                admin.createTopics(List.of(new NewTopic("roundtrip", 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            Map<String, Object> producerConfig = Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            try (var producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 10; i++) {
                    producer.send(new ProducerRecord<>("roundtrip", "cell-" + (i % 3), "v" + i)).get();
                }
            }
            Map<String, Object> consumerConfig = Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "roundtrip-test",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            List<String> values = new ArrayList<>();
            try (var consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("roundtrip"));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (values.size() < 10 && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                        values.add(r.value());
                    }
                }
            }
            assertThat(values).containsExactlyInAnyOrder("v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9");
        }
        assertThat(Files.exists(dataDir)).as("temporary data folder removed on close").isFalse();
    }

    @Test
    void kafkaBrokerWithANamedFolderKeepsItsTopicsAcrossRestarts() throws Exception {
        Path dataDir = Files.createTempDirectory("cellwatch-kafka-restart");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, 0, Map.of());
             Admin admin = broker.admin()) {
            admin.createTopics(List.of(new NewTopic("kept", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, 0, Map.of());
             Admin admin = broker.admin()) {
            Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            assertThat(names).contains("kept");
        }
    }

    @Test
    void mqttBrokerDeliversQos1MessagesAndRetainsStatus() throws Exception {
        try (EmbeddedMqttBroker broker = EmbeddedMqttBroker.start()) {
            BlockingQueue<String> received = new ArrayBlockingQueue<>(10);
            MqttClient subscriber = client(broker, "sub", received);
            MqttClient publisher = client(broker, "pub", new ArrayBlockingQueue<>(1));
            try {
                subscriber.subscribe("cellwatch/v1/+/+/+/telemetry", 1);
                publisher.publish("cellwatch/v1/lab/ch/1/telemetry", "hello".getBytes(StandardCharsets.UTF_8), 1, false);
                MqttMessage retained = new MqttMessage("online".getBytes(StandardCharsets.UTF_8));
                retained.setQos(1);
                retained.setRetained(true);
                publisher.publish("cellwatch/v1/lab/ch/1/status", retained);
                assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("cellwatch/v1/lab/ch/1/telemetry=hello");

                // a subscriber that arrives after the fact still gets the retained status
                subscriber.subscribe("cellwatch/v1/+/+/+/status", 1);
                assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("cellwatch/v1/lab/ch/1/status=online");
            } finally {
                publisher.disconnect();
                subscriber.disconnect();
                publisher.close();
                subscriber.close();
            }
        }
    }

    private static MqttClient client(EmbeddedMqttBroker broker, String id, BlockingQueue<String> sink) throws MqttException {
        MqttClient client = new MqttClient(broker.serverUri(), id, new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                sink.add(topic + "=" + new String(message.getPayload(), StandardCharsets.UTF_8));
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        });
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        client.connect(options);
        return client;
    }
}
