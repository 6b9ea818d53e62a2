package io.cellwatch.testkit;

import io.cellwatch.embedded.EmbeddedKafkaBroker;
import io.cellwatch.embedded.EmbeddedMqttBroker;

/**
 * A real Kafka broker and a real MQTT broker for one test class, with every cellwatch topic
 * already created. Injected by {@link EmbeddedBrokersExtension}.
 */
public record EmbeddedBrokers(EmbeddedKafkaBroker kafka, EmbeddedMqttBroker mqtt) {

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String mqttServerUri() {
        return mqtt.serverUri();
    }
}
