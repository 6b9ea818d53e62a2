package io.cellwatch.app.bench;

import io.cellwatch.embedded.EmbeddedKafkaBroker;
import io.cellwatch.embedded.EmbeddedMqttBroker;
import io.cellwatch.telemetry.kafka.TopicProvisioner;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Fresh embedded brokers for one measurement, with every cellwatch topic at {@code partitions}
 * partitions: each pipeline run starts from empty brokers, as a new deployment would, so runs with
 * different partition counts do not see each other's data, sessions or consumer groups.
 */
final class BenchEnv implements AutoCloseable {

    final EmbeddedKafkaBroker kafka;
    final EmbeddedMqttBroker mqtt;
    final Admin admin;
    final Path stateDir;
    final int partitions;
    private final List<AutoCloseable> started = new ArrayList<>();

    private BenchEnv(int partitions, boolean withMqtt) {
        this.partitions = partitions;
        try {
            this.stateDir = Files.createTempDirectory("cellwatch-bench-state-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.kafka = track(EmbeddedKafkaBroker.start(null, 0, Map.of()));
        this.mqtt = withMqtt ? track(EmbeddedMqttBroker.start(null, 0)) : null;
        this.admin = track(kafka.admin());
        new TopicProvisioner(admin, partitions, (short) 1).ensureAll(Duration.ofSeconds(30));
    }

    static BenchEnv start(int partitions, boolean withMqtt) {
        return new BenchEnv(partitions, withMqtt);
    }

    private <T extends AutoCloseable> T track(T resource) {
        started.add(resource);
        return resource;
    }

    /** A topic outside the cellwatch registry (ceilings, identity copy), with this env's partitions. */
    void createTopic(String name) {
        try {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create bench topic " + name + ": " + e.getMessage(), e);
        }
    }

    /** Sum of the end offsets of {@code topic}'s partitions: records written to it. */
    long endOffsets(String topic) {
        try {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                request.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            return admin.listOffsets(request).all().get(10, TimeUnit.SECONDS).values().stream()
                    .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read end offsets of " + topic + ": " + e.getMessage(), e);
        }
    }

    /** Offsets {@code group} has committed on {@code topic}, summed over partitions (0 before the first commit). */
    long committed(String group, String topic) {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset()).sum();
        } catch (Exception e) {
            return 0;
        }
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("  (while stopping " + started.get(i).getClass().getSimpleName() + ": " + e.getMessage() + ")");
            }
        }
        try (var paths = Files.walk(stateDir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temporary folder left behind is not worth failing a benchmark for
        }
    }
}
