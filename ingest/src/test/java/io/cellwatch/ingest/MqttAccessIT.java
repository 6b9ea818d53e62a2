package io.cellwatch.ingest;

import io.cellwatch.embedded.EmbeddedMqttBroker;
import io.cellwatch.embedded.MqttAccess;
import io.cellwatch.edge.mqtt.MqttTelemetryPublisher;
import io.cellwatch.telemetry.ChannelAddress;
import io.cellwatch.telemetry.MqttClientSecurity;
import io.cellwatch.telemetry.Sample;
import io.cellwatch.telemetry.SampleBatch;
import io.cellwatch.testkit.EmbeddedBrokers;
import io.cellwatch.testkit.EmbeddedBrokersExtension;
import io.cellwatch.testkit.TestCertificates;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.extension.ExtendWith;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.UUID;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Passwords and per-lab topic grants on the real embedded broker, over plain TCP and TLS: first
 * with bare MQTT clients (what the broker does), then with cellwatch's own edge publisher and
 * bridge (what they make of it).
 */
@ExtendWith(EmbeddedBrokersExtension.class)
class MqttAccessIT {

    private static final double T0 = 1_767_225_600.0; // 2026-01-01T00:00:00Z

    /** Few iterations keep 20 logins fast; the hash code path is the one production uses. */
    private static final int TEST_ITERATIONS = 1_000;

    @TempDir
    static Path dir;
    static EmbeddedMqttBroker broker;
    static Path truststore;
    private final List<MqttClient> clients = new ArrayList<>();

    @BeforeAll
    static void startSecuredBroker() throws Exception {
        Path credentials = dir.resolve("mqtt-credentials");
        Files.write(credentials, List.of(
                "# test accounts",
                line("edge-a", "lab-a", MqttAccess.Role.EDGE, "secret-a"),
                line("edge-b", "lab-b", MqttAccess.Role.EDGE, "secret-b"),
                line("ingest", "*", MqttAccess.Role.BRIDGE, "secret-ingest")));
        Path keystore = TestCertificates.selfSignedKeystore(dir, "changeit");
        truststore = TestCertificates.truststoreFor(dir, keystore, "changeit");
        broker = EmbeddedMqttBroker.start(null, 0, EmbeddedMqttBroker.Security.OPEN
                .withCredentials(credentials).withTls(keystore, "changeit", 0));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @org.junit.jupiter.api.AfterEach
    void closeClients() {
        for (MqttClient c : clients) {
            try {
                if (c.isConnected()) {
                    c.disconnect(1_000);
                }
                c.close(true);
            } catch (MqttException e) {
                // already gone
            }
        }
    }

    @Test
    void edgeOfLabAPublishesItsTelemetryAndTheBridgeReceivesItOnASharedSubscription() throws Exception {
        Client bridge = connect(broker.serverUri(), "bridge-1", "ingest", "secret-ingest");
        bridge.client.subscribe("$share/ingest/cellwatch/v1/+/+/+/telemetry", 1);
        Client edge = connect(broker.serverUri(), "edge-a-1", "edge-a", "secret-a");

        edge.client.publish("cellwatch/v1/lab-a/oven/ch001/telemetry", payload("a-1"), 1, false);

        assertThat(bridge.received.poll(10, TimeUnit.SECONDS)).isEqualTo("cellwatch/v1/lab-a/oven/ch001/telemetry=a-1");
    }

    @Test
    void edgeOfLabACannotPublishIntoLabBAndIsDisconnected() throws Exception {
        Client labB = connect(broker.serverUri(), "edge-b-1", "edge-b", "secret-b");
        labB.client.subscribe("cellwatch/v1/lab-b/+/+/command", 1);
        Client bridge = connect(broker.serverUri(), "bridge-2", "ingest", "secret-ingest");
        bridge.client.subscribe("cellwatch/v1/#", 1);
        Client edgeA = connect(broker.serverUri(), "edge-a-2", "edge-a", "secret-a");

        // when: lab A's agent forges a pause for lab B and telemetry under lab B's name
        MqttException refused = null;
        try {
            edgeA.client.publish("cellwatch/v1/lab-b/oven/ch001/command", payload("forged"), 1, false);
        } catch (MqttException e) {
            refused = e;
        }

        // then: the blocking publish returns normally (its PUBACK carries 0x87), HiveMQ drops the
        // client with DISCONNECT 0x87 and a reason naming the topic, and nobody receives the message
        MqttDisconnectResponse disconnect = edgeA.disconnects.poll(10, TimeUnit.SECONDS);
        assertThat(refused).isNull();
        assertThat(disconnect).as("the broker disconnects the client").isNotNull();
        assertThat(disconnect.getReturnCode()).isEqualTo(0x87);
        assertThat(disconnect.getReasonString()).contains("cellwatch/v1/lab-b/oven/ch001/command");
        assertThat(edgeA.client.isConnected()).isFalse();
        // a message that was allowed, published after, does arrive: the forged one would have come first
        Client edgeB = connect(broker.serverUri(), "edge-b-2", "edge-b", "secret-b");
        edgeB.client.publish("cellwatch/v1/lab-b/oven/ch001/telemetry", payload("marker"), 1, false);
        assertThat(bridge.received.poll(10, TimeUnit.SECONDS)).isEqualTo("cellwatch/v1/lab-b/oven/ch001/telemetry=marker");
        assertThat(labB.received).isEmpty();
    }

    @Test
    void edgeOfLabACannotSubscribeToLabBCommands() throws Exception {
        Client edgeA = connect(broker.serverUri(), "edge-a-3", "edge-a", "secret-a");

        IMqttToken own = edgeA.client.subscribe(new org.eclipse.paho.mqttv5.common.MqttSubscription[]{
                new org.eclipse.paho.mqttv5.common.MqttSubscription("cellwatch/v1/lab-a/+/+/command", 1)});
        IMqttToken other = edgeA.client.subscribe(new org.eclipse.paho.mqttv5.common.MqttSubscription[]{
                new org.eclipse.paho.mqttv5.common.MqttSubscription("cellwatch/v1/lab-b/+/+/command", 1)});

        assertThat(own.getReasonCodes()).containsExactly(1);
        assertThat(other.getReasonCodes()).containsExactly(0x87);
    }

    @Test
    void wrongPasswordIsRefusedAsBadUserNameOrPassword() {
        assertThatThrownBy(() -> connect(broker.serverUri(), "edge-a-4", "edge-a", "not-the-secret"))
                .isInstanceOf(MqttException.class)
                .satisfies(e -> assertThat(((MqttException) e).getReasonCode()).isEqualTo(0x86));
    }

    @Test
    void unknownUserIsRefusedAsBadUserNameOrPassword() {
        assertThatThrownBy(() -> connect(broker.serverUri(), "stranger-1", "stranger", "secret-a"))
                .isInstanceOf(MqttException.class)
                .satisfies(e -> assertThat(((MqttException) e).getReasonCode()).isEqualTo(0x86));
    }

    @Test
    void clientWithoutCredentialsIsNotAuthorized() {
        assertThatThrownBy(() -> connect(broker.serverUri(), "anonymous-1", null, null))
                .isInstanceOf(MqttException.class)
                .satisfies(e -> assertThat(((MqttException) e).getReasonCode()).isEqualTo(0x87));
    }

    @Test
    void tlsListenerServesClientsThatTrustItsCertificate() throws Exception {
        Client bridge = connect(broker.tlsServerUri(), "bridge-tls", "ingest", "secret-ingest", trusting(truststore));
        bridge.client.subscribe("cellwatch/v1/+/+/+/status", 1);
        Client edge = connect(broker.tlsServerUri(), "edge-a-tls", "edge-a", "secret-a", trusting(truststore));

        edge.client.publish("cellwatch/v1/lab-a/oven/ch001/status", payload("online"), 1, false);

        assertThat(bridge.received.poll(10, TimeUnit.SECONDS)).isEqualTo("cellwatch/v1/lab-a/oven/ch001/status=online");
    }

    @Test
    void tlsListenerIsRefusedByAClientThatDoesNotTrustItsCertificate() {
        assertThatThrownBy(() -> connect(broker.tlsServerUri(), "edge-a-untrusting", "edge-a", "secret-a",
                (SSLSocketFactory) SSLSocketFactory.getDefault()))
                .isInstanceOf(MqttException.class)
                .hasStackTraceContaining("PKIX");
    }

    @Test
    void edgeAgentAndBridgeWithCredentialsOverTlsCarryTheirLabIntoKafkaButNotAnotherLab(EmbeddedBrokers kafka)
            throws Exception {
        String run = "sec-" + UUID.randomUUID().toString().substring(0, 8);
        MqttClientSecurity bridgeAccount = MqttClientSecurity.credentials("ingest", "secret-ingest")
                .withTruststore(truststore, "changeit");
        MqttClientSecurity edgeAccount = MqttClientSecurity.credentials("edge-a", "secret-a")
                .withTruststore(truststore, "changeit");
        ChannelAddress own = new ChannelAddress("lab-a", "oven", run);
        ChannelAddress foreign = new ChannelAddress("lab-b", "oven", run);
        try (MqttKafkaBridge bridge = MqttKafkaBridge.start(BridgeConfig.of(broker.tlsServerUri(), run + "-bridge",
                kafka.bootstrapServers()).withShareGroup(run).withMqttSecurity(bridgeAccount));
             MqttTelemetryPublisher edge = MqttTelemetryPublisher.connect(broker.tlsServerUri(), run + "-edge", edgeAccount);
             TelemetryReader reader = new TelemetryReader(kafka)) {
            // given: one batch of lab A's own arrives
            edge.publishBatch(own, batch(run + "-a", 0, 10));
            assertThat(edge.flush(30, TimeUnit.SECONDS)).isTrue();

            // when: the same agent writes a batch under lab B's name, then goes on with its own
            edge.publishBatch(foreign, batch(run + "-b", 0, 10));
            assertThat(edge.flush(30, TimeUnit.SECONDS)).isTrue();
            // the broker answered PUBACK 0x87 and drops the connection; the agent reconnects by itself
            assertThat(edge.failed()).as("the refused publish is counted as failed").isEqualTo(1);
            await(() -> !edge.isConnected(), "the broker disconnects the agent");
            await(edge::isConnected, "the agent reconnects");
            edge.publishBatch(own, batch(run + "-a", 10, 10));
            assertThat(edge.flush(30, TimeUnit.SECONDS)).isTrue();

            // then: lab A's 20 samples are in Kafka, lab B's forged ones are not, and the agent counted a failure
            List<ConsumerRecord<String, Sample>> records = new ArrayList<>();
            reader.pollUntil(records, r -> r.key().startsWith(run), () -> records.size() >= 20, Duration.ofSeconds(60));
            assertThat(records).as("bridge %s", bridge.stats()).extracting(ConsumerRecord::key).containsOnly(run + "-a")
                    .hasSize(20);
            assertThat(edge.failed()).isEqualTo(1);
            assertThat(edge.published()).isEqualTo(2);
            assertThat(bridge.stats().messagesReceived()).isEqualTo(2);
        }
    }

    @Test
    void bridgeWithAnEdgeAccountRefusesToStartInsteadOfSittingIdle(EmbeddedBrokers kafka) {
        MqttClientSecurity edgeAccount = MqttClientSecurity.credentials("edge-a", "secret-a");
        assertThatThrownBy(() -> MqttKafkaBridge.start(BridgeConfig.of(broker.serverUri(), "wrong-account-bridge",
                kafka.bootstrapServers()).withMqttSecurity(edgeAccount)).close())
                .hasMessageContaining("bridge cannot start");
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out waiting until " + what).isLessThan(deadline);
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    private static SampleBatch batch(String cellId, long firstSeq, int n) {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long seq = firstSeq + i;
            samples.add(new Sample(null, seq, T0 + seq, (double) seq, 3.40 + 0.0001 * seq, 0.00078,
                    100.2, 100.0, 1, 1));
        }
        return SampleBatch.of(cellId, samples);
    }

    private static String line(String user, String lab, MqttAccess.Role role, String password) {
        return MqttAccess.line(user, lab, role, MqttAccess.hash(password.toCharArray(), TEST_ITERATIONS));
    }

    private static byte[] payload(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static SSLSocketFactory trusting(Path truststore) throws Exception {
        KeyStore store = KeyStore.getInstance(truststore.toFile(), "changeit".toCharArray());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context.getSocketFactory();
    }

    private record Client(MqttClient client, BlockingQueue<String> received, BlockingQueue<MqttDisconnectResponse> disconnects) {
    }

    private Client connect(String uri, String id, String user, String password) throws MqttException {
        return connect(uri, id, user, password, null);
    }

    private Client connect(String uri, String id, String user, String password, SSLSocketFactory tls) throws MqttException {
        MqttClient client = new MqttClient(uri, id, new MemoryPersistence());
        Client c = new Client(client, new LinkedBlockingQueue<>(), new LinkedBlockingQueue<>());
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
                c.disconnects.add(response);
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                c.received.add(topic + "=" + new String(message.getPayload(), StandardCharsets.UTF_8));
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
        options.setConnectionTimeout(10);
        if (user != null) {
            options.setUserName(user);
            options.setPassword(password.getBytes(StandardCharsets.UTF_8));
        }
        if (tls != null) {
            options.setSocketFactory(tls);
        }
        clients.add(client);
        client.connect(options);
        return c;
    }
}
