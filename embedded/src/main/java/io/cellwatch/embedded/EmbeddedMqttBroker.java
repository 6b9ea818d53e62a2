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
    private final int tlsPort;
    private final EmbeddedHiveMQ hivemq;
    private volatile boolean closed;

    /**
     * Optional security for the embedded broker.
     *
     * @param credentialsFile     accounts and their topic grants ({@link MqttAccess}); null = open broker,
     *                            anyone may connect and use any topic (the demo default)
     * @param tlsKeystore         keystore (PKCS12 or JKS) holding the broker's key and certificate;
     *                            null = no TLS listener
     * @param tlsKeystorePassword its password (also the key's); written into the broker's config.xml,
     *                            which is then readable by the owner only
     * @param tlsPort             port of the TLS listener on 127.0.0.1; 0 = any free port
     */
    public record Security(Path credentialsFile, Path tlsKeystore, String tlsKeystorePassword, int tlsPort) {

        public static final Security OPEN = new Security(null, null, null, 0);

        public Security withCredentials(Path file) {
            return new Security(file, tlsKeystore, tlsKeystorePassword, tlsPort);
        }

        public Security withTls(Path keystore, String password, int port) {
            return new Security(credentialsFile, keystore, password, port);
        }

        @Override
        public String toString() {
            return "Security[credentials=" + credentialsFile + ", tlsKeystore=" + tlsKeystore + ", tlsPort=" + tlsPort + "]";
        }
    }

    private EmbeddedMqttBroker(DataDirectory home, int port, int tlsPort, EmbeddedHiveMQ hivemq) {
        this.home = home;
        this.port = port;
        this.tlsPort = tlsPort;
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
        return start(dataDir, port, Security.OPEN);
    }

    /**
     * As {@link #start(Path, int)}, with user names, passwords and per-lab topic grants when
     * {@code security} names a credentials file, and a TLS listener beside the plain one when it
     * names a keystore.
     */
    public static EmbeddedMqttBroker start(Path dataDir, int port, Security security) {
        long started = System.nanoTime();
        // Loaded first: a broken credentials file stops the start before anything listens.
        MqttAccess access = security.credentialsFile() == null ? null : MqttAccess.load(security.credentialsFile());
        DataDirectory home = DataDirectory.of(dataDir, "cellwatch-mqtt-");
        int mqttPort = FreePorts.pick(port);
        int tlsPort = security.tlsKeystore() == null ? -1 : FreePorts.pick(security.tlsPort());
        Path conf = home.resolve("conf");
        Path data = home.resolve("data");
        Path extensions = home.resolve("extensions");
        try {
            Files.createDirectories(conf);
            Files.createDirectories(data);
            Files.createDirectories(extensions);
            Path config = conf.resolve("config.xml");
            Files.deleteIfExists(config);
            Files.createFile(config);
            ownerOnly(config); // it may hold the keystore password
            Files.writeString(config, configXml(mqttPort, tlsListenerXml(security, tlsPort)), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare MQTT broker folder " + home.path(), e);
        }
        var builder = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(conf)
                .withDataFolder(data)
                .withExtensionsFolder(extensions)
                // Our logback configuration decides what HiveMQ prints, not HiveMQ's own bootstrap.
                .withoutLoggingBootstrap();
        if (access != null) {
            builder.withEmbeddedExtension(MqttAccessExtension.of(access));
        } else {
            log.info("MQTT broker is open: no credentials file, any client may connect and use any topic");
        }
        EmbeddedHiveMQ hivemq = builder.build();
        EmbeddedMqttBroker broker = new EmbeddedMqttBroker(home, mqttPort, tlsPort, hivemq);
        try {
            // HiveMQ hands an embedded extension its services through static fields (Services):
            // two secured brokers starting at once in one JVM would race for them.
            synchronized (EmbeddedMqttBroker.class) {
                hivemq.start().get(60, TimeUnit.SECONDS);
            }
            broker.awaitListening(mqttPort, Duration.ofSeconds(30));
            if (tlsPort > 0) {
                broker.awaitListening(tlsPort, Duration.ofSeconds(30));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            broker.close();
            throw new IllegalStateException("interrupted while starting the MQTT broker", e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            broker.close();
            throw new IllegalStateException("MQTT broker did not start on 127.0.0.1:" + mqttPort + ": " + e.getMessage(), e);
        }
        log.info("MQTT v5 broker ready on {}{} in {} ms", broker.serverUri(),
                tlsPort > 0 ? " and " + broker.tlsServerUri() : "",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return broker;
    }

    /** {@code tcp://127.0.0.1:PORT}, the form Eclipse Paho takes. */
    public String serverUri() {
        return "tcp://127.0.0.1:" + port;
    }

    /** {@code ssl://127.0.0.1:PORT} of the TLS listener, or null without one. */
    public String tlsServerUri() {
        return tlsPort > 0 ? "ssl://127.0.0.1:" + tlsPort : null;
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

    private void awaitListening(int port, Duration timeout) {
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

    private static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            log.debug("{}: no POSIX permissions on this file system", file);
        }
    }

    private static String tlsListenerXml(Security security, int tlsPort) {
        if (security.tlsKeystore() == null) {
            return "";
        }
        String password = xml(security.tlsKeystorePassword() == null ? "" : security.tlsKeystorePassword());
        return """
                        <tls-tcp-listener>
                            <port>%d</port>
                            <bind-address>127.0.0.1</bind-address>
                            <tls>
                                <keystore>
                                    <path>%s</path>
                                    <password>%s</password>
                                    <private-key-password>%s</private-key-password>
                                </keystore>
                                <protocols>
                                    <protocol>TLSv1.3</protocol>
                                    <protocol>TLSv1.2</protocol>
                                </protocols>
                            </tls>
                        </tls-tcp-listener>
                """.formatted(tlsPort, xml(security.tlsKeystore().toAbsolutePath().toString()), password, password);
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String configXml(int port, String tlsListener) {
        return """
                <?xml version="1.0"?>
                <hivemq>
                    <listeners>
                        <tcp-listener>
                            <port>%d</port>
                            <bind-address>127.0.0.1</bind-address>
                        </tcp-listener>
                %s    </listeners>
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
                """.formatted(port, tlsListener);
    }
}
