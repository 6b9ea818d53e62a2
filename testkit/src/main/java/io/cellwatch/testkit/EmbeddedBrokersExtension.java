package io.cellwatch.testkit;

import io.cellwatch.embedded.EmbeddedKafkaBroker;
import io.cellwatch.embedded.EmbeddedMqttBroker;
import io.cellwatch.telemetry.kafka.TopicProvisioner;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.time.Duration;

/**
 * Gives a test class real brokers: {@code @ExtendWith(EmbeddedBrokersExtension.class)}, then take
 * an {@link EmbeddedBrokers} parameter in a test, a {@code @BeforeAll} or a constructor.
 *
 * <p>The brokers start once per test class (starting Kafka costs about a second) and stop after
 * its last test; tests in one class share them, so each test uses its own cell ids or consumer
 * groups. Every topic of the registry exists before the first test runs, with
 * {@value #PARTITIONS} partitions so per-key ordering is really exercised.
 */
public final class EmbeddedBrokersExtension implements BeforeAllCallback, ParameterResolver {

    public static final int PARTITIONS = 3;
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(EmbeddedBrokersExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        brokers(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == EmbeddedBrokers.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return brokers(context);
    }

    private static EmbeddedBrokers brokers(ExtensionContext context) {
        ExtensionContext classContext = classContext(context);
        return classContext.getStore(NAMESPACE)
                .getOrComputeIfAbsent("brokers", key -> new Resource(start()), Resource.class)
                .brokers();
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
            c = c.getParent().get();
        }
        return c;
    }

    private static EmbeddedBrokers start() {
        EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start();
        try {
            EmbeddedMqttBroker mqtt = EmbeddedMqttBroker.start();
            try (Admin admin = kafka.admin()) {
                new TopicProvisioner(admin, PARTITIONS, (short) 1).ensureAll(Duration.ofSeconds(30));
            }
            return new EmbeddedBrokers(kafka, mqtt);
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
    }

    /** Closed by JUnit when the class's store goes away, i.e. after the class's last test. */
    private record Resource(EmbeddedBrokers brokers) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            try {
                brokers.mqtt().close();
            } finally {
                brokers.kafka().close();
            }
        }
    }
}
