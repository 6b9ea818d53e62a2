package io.cellwatch.ingest;

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
 */
public record BridgeConfig(
        String mqttServerUri,
        String mqttClientId,
        Duration sessionExpiry,
        int receiveMaximum,
        String kafkaBootstrap,
        Map<String, String> kafkaOverrides,
        TelemetryLimits limits) {

    public BridgeConfig {
        if (receiveMaximum < 1 || receiveMaximum > 65_535) {
            throw new IllegalArgumentException("MQTT receive maximum must be 1..65535, was " + receiveMaximum);
        }
    }

    public static final Duration DEFAULT_SESSION_EXPIRY = Duration.ofHours(1);
    public static final int DEFAULT_RECEIVE_MAXIMUM = 256;

    public BridgeConfig withReceiveMaximum(int max) {
        return new BridgeConfig(mqttServerUri, mqttClientId, sessionExpiry, max, kafkaBootstrap, kafkaOverrides, limits);
    }

    public static BridgeConfig of(String mqttServerUri, String mqttClientId, String kafkaBootstrap) {
        return new BridgeConfig(mqttServerUri, mqttClientId, DEFAULT_SESSION_EXPIRY, DEFAULT_RECEIVE_MAXIMUM,
                kafkaBootstrap, Map.of(), TelemetryLimits.defaults());
    }
}
