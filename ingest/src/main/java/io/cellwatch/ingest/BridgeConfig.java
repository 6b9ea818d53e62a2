package io.cellwatch.ingest;

import io.cellwatch.telemetry.MqttClientSecurity;
import io.cellwatch.telemetry.MqttTopics;
import io.cellwatch.telemetry.validation.TelemetryLimits;

import java.time.Duration;
import java.util.Map;

/**
 * Everything one bridge replica needs, in one immutable record.
 *
 * @param mqttServerUri      e.g. {@code tcp://127.0.0.1:1883}
 * @param mqttClientId       stable per replica: the broker keeps this replica's session (and queues
 *                           its share of messages) across restarts under this id
 * @param sessionExpiry      how long the broker keeps the session while the bridge is away; messages
 *                           published meanwhile wait for it. Default 1 h: long enough to ride out a
 *                           restart or an upgrade, short enough that a retired replica's queue goes away.
 * @param receiveMaximum     MQTT v5 flow control: at most this many unacknowledged messages in flight
 *                           to this replica. This is the bridge's back-pressure: when Kafka is slow,
 *                           acks stop, and the broker stops sending instead of the bridge buffering.
 * @param kafkaBootstrap     Kafka bootstrap servers
 * @param kafkaOverrides     extra producer properties (security, tuning), applied last
 * @param limits             validation limits
 * @param shareGroup         the MQTT v5 shared-subscription group replicas join to split telemetry;
 *                           replicas with the same group share the load, separate groups each get
 *                           everything (e.g. one ingest deployment per Kafka cluster)
 * @param idleReconnect      with nothing in flight and no message for this long, reconnect (the
 *                           session and everything queued in it stay with the broker). A guard
 *                           against brokers that stop feeding a shared subscriber: HiveMQ CE does
 *                           (hivemq-community-edition#558, still seen with 2025.5 here). Edge agents
 *                           publish every few seconds, so 15 s of silence with work pending is
 *                           more likely a stuck delivery than a quiet lab; a reconnect costs ~0.1 s.
 *                           {@link Duration#ZERO} turns it off.
 * @param mqttSecurity       user name and password, truststore for {@code ssl://} brokers; default none
 */
public record BridgeConfig(
        String mqttServerUri,
        String mqttClientId,
        Duration sessionExpiry,
        int receiveMaximum,
        String kafkaBootstrap,
        Map<String, String> kafkaOverrides,
        TelemetryLimits limits,
        String shareGroup,
        Duration idleReconnect,
        MqttClientSecurity mqttSecurity) {

    public BridgeConfig {
        if (mqttSecurity == null) {
            mqttSecurity = MqttClientSecurity.NONE;
        }
        if (receiveMaximum < 1 || receiveMaximum > 65_535) {
            throw new IllegalArgumentException("MQTT receive maximum must be 1..65535, was " + receiveMaximum);
        }
        if (idleReconnect == null || idleReconnect.isNegative()) {
            throw new IllegalArgumentException("idle reconnect must be zero (off) or positive, was " + idleReconnect);
        }
        if (shareGroup == null || shareGroup.isBlank() || shareGroup.contains("/") || shareGroup.contains("+")
                || shareGroup.contains("#")) {
            throw new IllegalArgumentException("MQTT share group must be a plain name without / + #, was '"
                    + shareGroup + "'");
        }
    }

    /** Without MQTT credentials or TLS trust (as before they existed). */
    public BridgeConfig(String mqttServerUri, String mqttClientId, Duration sessionExpiry, int receiveMaximum,
                        String kafkaBootstrap, Map<String, String> kafkaOverrides, TelemetryLimits limits,
                        String shareGroup, Duration idleReconnect) {
        this(mqttServerUri, mqttClientId, sessionExpiry, receiveMaximum, kafkaBootstrap, kafkaOverrides, limits,
                shareGroup, idleReconnect, MqttClientSecurity.NONE);
    }

    public static final Duration DEFAULT_SESSION_EXPIRY = Duration.ofHours(1);
    public static final int DEFAULT_RECEIVE_MAXIMUM = 256;
    public static final Duration DEFAULT_IDLE_RECONNECT = Duration.ofSeconds(15);

    public BridgeConfig withReceiveMaximum(int max) {
        return new BridgeConfig(mqttServerUri, mqttClientId, sessionExpiry, max, kafkaBootstrap, kafkaOverrides, limits,
                shareGroup, idleReconnect, mqttSecurity);
    }

    public BridgeConfig withShareGroup(String group) {
        return new BridgeConfig(mqttServerUri, mqttClientId, sessionExpiry, receiveMaximum, kafkaBootstrap, kafkaOverrides,
                limits, group, idleReconnect, mqttSecurity);
    }

    public BridgeConfig withIdleReconnect(Duration idle) {
        return new BridgeConfig(mqttServerUri, mqttClientId, sessionExpiry, receiveMaximum, kafkaBootstrap, kafkaOverrides,
                limits, shareGroup, idle, mqttSecurity);
    }

    public BridgeConfig withKafkaOverrides(Map<String, String> overrides) {
        return new BridgeConfig(mqttServerUri, mqttClientId, sessionExpiry, receiveMaximum, kafkaBootstrap,
                Map.copyOf(overrides), limits, shareGroup, idleReconnect, mqttSecurity);
    }

    public BridgeConfig withMqttSecurity(MqttClientSecurity security) {
        return new BridgeConfig(mqttServerUri, mqttClientId, sessionExpiry, receiveMaximum, kafkaBootstrap, kafkaOverrides,
                limits, shareGroup, idleReconnect, security);
    }

    public static BridgeConfig of(String mqttServerUri, String mqttClientId, String kafkaBootstrap) {
        return new BridgeConfig(mqttServerUri, mqttClientId, DEFAULT_SESSION_EXPIRY, DEFAULT_RECEIVE_MAXIMUM,
                kafkaBootstrap, Map.of(), TelemetryLimits.defaults(), MqttTopics.INGEST_SHARE_GROUP, DEFAULT_IDLE_RECONNECT);
    }
}
