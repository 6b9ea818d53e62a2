package io.cellwatch.embedded;

import com.hivemq.embedded.EmbeddedHiveMQ;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real MQTT v5 broker (HiveMQ Community Edition, embedded) in this JVM on 127.0.0.1: QoS 1,
 * persistent sessions, retained messages, last wills and shared subscriptions behave as they do in
 * a standalone HiveMQ or Mosquitto, which is what the edge agent and the bridge are written for.
 */
public final class EmbeddedMqttBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMqttBroker.class);

    private final DataDirectory home;
    private final int port;
    private final EmbeddedHiveMQ hivemq;
    private volatile boolean closed;

    private EmbeddedMqttBroker(DataDirectory home, int port, EmbeddedHiveMQ hivemq) {
        this.home = home;
        this.port = port;
        this.hivemq = hivemq;
    }

    /** Starts a broker with a temporary folder on any free port. */
    public static EmbeddedMqttBroker start() {
        return start(null, 0);
    }

    /**
     * @param dataDir where HiveMQ keeps its configuration and persistent sessions; null for a
     *                temporary folder deleted on close
     * @param port    MQTT TCP port on 127.0.0.1; 0 for any free port
     */
    public static EmbeddedMqttBroker start(Path dataDir, int port) {
        long started = System.nanoTime();
        DataDirectory home = DataDirectory.of(dataDir, "cellwatch-mqtt-");
        int mqttPort = FreePorts.pick(port);
        Path conf = home.resolve("conf");
        Path data = home.resolve("data");
        Path extensions = home.resolve("extensions");
        try {
            Files.createDirectories(conf);
            Files.createDirectories(data);
            Files.createDirectories(extensions);
            Files.writeString(conf.resolve("config.xml"), configXml(mqttPort), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare MQTT broker folder " + home.path(), e);
        }
        EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(conf)
                .withDataFolder(data)
                .withExtensionsFolder(extensions)
                // Our logback configuration decides what HiveMQ prints, not HiveMQ's own bootstrap.
                .withoutLoggingBootstrap()
                .build();
        EmbeddedMqttBroker broker = new EmbeddedMqttBroker(home, mqttPort, hivemq);
        try {
            hivemq.start().get(60, TimeUnit.SECONDS);
            broker.awaitListening(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            broker.close();
            throw new IllegalStateException("interrupted while starting the MQTT broker", e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            broker.close();
            throw new IllegalStateException("MQTT broker did not start on 127.0.0.1:" + mqttPort + ": " + e.getMessage(), e);
        }
        log.info("MQTT v5 broker ready on {} in {} ms", broker.serverUri(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return broker;
    }

    /** {@code tcp://127.0.0.1:PORT}, the form Eclipse Paho takes. */
    public String serverUri() {
        return "tcp://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            hivemq.stop().get(30, TimeUnit.SECONDS);
            hivemq.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("MQTT broker on {} did not stop cleanly: {}", serverUri(), e.getMessage());
        }
        home.deleteIfTemporary();
        log.info("MQTT broker on {} stopped", serverUri());
    }

    private void awaitListening(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("nothing listens on 127.0.0.1:" + port + " after " + timeout.toSeconds() + " s");
                }
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
        }
    }

    private static String configXml(int port) {
        return """
                <?xml version="1.0"?>
                <hivemq>
                    <listeners>
                        <tcp-listener>
                            <port>%d</port>
                            <bind-address>127.0.0.1</bind-address>
                        </tcp-listener>
                    </listeners>
                    <mqtt>
                        <queued-messages>
                            <!-- per persistent session: what an offline or slow bridge may fall behind by -->
                            <max-queue-size>100000</max-queue-size>
                            <strategy>discard</strategy>
                        </queued-messages>
                    </mqtt>
                    <anonymous-usage-statistics>
                        <enabled>false</enabled>
                    </anonymous-usage-statistics>
                </hivemq>
                """.formatted(port);
    }
}
