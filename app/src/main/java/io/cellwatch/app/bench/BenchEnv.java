package io.cellwatch.app.bench;

import io.cellwatch.edge.mqtt.MessageCallback;
import io.cellwatch.embedded.EmbeddedKafkaBroker;
import io.cellwatch.embedded.EmbeddedMqttBroker;
import io.cellwatch.telemetry.MqttTopics;
import io.cellwatch.telemetry.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The embedded brokers of one bench run (a KRaft Kafka broker and a HiveMQ broker), shared by all
 * of its sections: starting them once instead of once per measurement is what lets {@code --quick}
 * run every section in seconds.
 * <p>
 * Sharing must not let one measurement see another's data, so each measurement that uses the
 * cellwatch topics starts with {@link #freshTopics(int)}: every topic but Kafka's own is deleted
 * (cellwatch topics, earlier measurements' Streams changelogs and repartition topics, bench
 * topics) and the cellwatch topics are created again, empty, with that measurement's partition
 * count, as for a new deployment. Everything else a measurement names is its own:
 * {@link #name(String)} gives Streams application ids (so consumer groups, transactional ids,
 * internal topics and state folders), MQTT client ids, share groups and lab names that no other
 * measurement uses; {@link #clearRetained(String, int)} removes a lab's retained births from the
 * MQTT broker once its measurement is over, and {@link #forgetState(String)} its RocksDB folders.
 * Deleted topics' files are removed at deletion ({@code log.segment.delete.delay.ms=0}), not a
 * minute later in the middle of another measurement. A new consumer group waits 1 s for its members
 * before the first assignment ({@code group.initial.rebalance.delay.ms}, 3 s on a stock broker, 0 in the
 * embedded one for the tests' sake): with 0, the first assignment can go to a Streams instance's first
 * thread alone, and the second thread's join a moment later moves tasks, a rebalance inside the measured
 * span that a stateful topology pays for more than the stateless identity. With it, both threads are in
 * the first assignment (Kafka Streams' INFO log, generation 1).
 */
final class BenchEnv implements AutoCloseable {

    /** Kafka broker settings of the bench (on top of the embedded broker's own). */
    static final Map<String, String> KAFKA_OVERRIDES = Map.of("log.segment.delete.delay.ms", "0",
            "group.initial.rebalance.delay.ms", "1000");
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    final EmbeddedKafkaBroker kafka;
    final EmbeddedMqttBroker mqtt;
    final Admin admin;
    final Path stateDir;
    private final PrintStream err;
    private final AtomicInteger serial = new AtomicInteger();
    private final Map<String, Integer> partitionsOf = new ConcurrentHashMap<>();
    private final List<AutoCloseable> started = new ArrayList<>();
    private Thread mqttStopping;

    private BenchEnv(EmbeddedKafkaBroker kafka, EmbeddedMqttBroker mqtt, PrintStream err) {
        this.kafka = track(kafka);
        this.mqtt = track(mqtt);
        this.err = err;
        try {
            this.stateDir = Files.createTempDirectory("cellwatch-bench-state-");
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        }
        this.admin = track(kafka.admin());
    }

    /**
     * A producer of raw telemetry records for the bench's own loads (the Kafka ceiling, the analytics
     * preload): idempotent with acks=all as the bridge writes, 5 ms linger and 128 KiB batches so the
     * load generator is not what limits the figure.
     */
    KafkaProducer<String, byte[]> bulkProducer() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    /** Starts both brokers, side by side (each takes seconds, mostly loading classes). */
    static BenchEnv start(PrintStream err) {
        long t0 = System.nanoTime();
        CompletableFuture<EmbeddedKafkaBroker> kafka = CompletableFuture.supplyAsync(
                () -> EmbeddedKafkaBroker.start(null, 0, KAFKA_OVERRIDES));
        EmbeddedMqttBroker mqtt;
        try {
            mqtt = EmbeddedMqttBroker.start(null, 0);
        } catch (RuntimeException e) {
            kafka.thenAccept(EmbeddedKafkaBroker::close);
            throw e;
        }
        try {
            BenchEnv env = new BenchEnv(kafka.join(), mqtt, err);
            err.printf("  brokers ready in %.1f s (shared by every section of this run)%n", (System.nanoTime() - t0) / 1e9);
            return env;
        } catch (RuntimeException e) {
            mqtt.close();
            throw e;
        }
    }

    private <T extends AutoCloseable> T track(T resource) {
        started.add(resource);
        return resource;
    }

    /** A name no other measurement of this run uses: {@code cellwatch-bench-WHAT-N}. */
    String name(String what) {
        return "cellwatch-bench-" + what + "-" + serial.incrementAndGet();
    }

    /**
     * Deletes every topic except Kafka's internal ones and creates the cellwatch topics again,
     * empty, with {@code partitions} partitions: a measurement starts as a new deployment would.
     */
    void freshTopics(int partitions) {
        long t0 = System.nanoTime();
        try {
            freshTopics0(partitions);
        } finally {
            err.printf("  fresh topics (%d partitions) in %.1f s%n", partitions, (System.nanoTime() - t0) / 1e9);
        }
    }

    private void freshTopics0(int partitions) {
        try {
            Set<String> existing = admin.listTopics().names().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!existing.isEmpty()) {
                admin.deleteTopics(existing).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                awaitGone(existing);
            }
            partitionsOf.clear();
            List<NewTopic> topics = Topics.ALL.stream()
                    .map(t -> new NewTopic(t.name(), partitions, (short) 1).configs(t.configs())).toList();
            long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
            List<NewTopic> missing = topics;
            while (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    missing = List.of();
                } catch (ExecutionException e) {
                    // a name whose deletion the broker has not finished: create what is missing again
                    if (!(e.getCause() instanceof TopicExistsException) || System.nanoTime() > deadline) {
                        throw e;
                    }
                    Set<String> now = admin.listTopics().names().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    missing = missing.stream().filter(t -> !now.contains(t.name())).toList();
                    TimeUnit.MILLISECONDS.sleep(20);
                }
            }
            awaitLeaders(topics.stream().map(NewTopic::name).toList(), partitions);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while renewing topics", e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot renew the bench topics: " + e.getMessage(), e);
        }
    }

    private void awaitGone(Set<String> deleted)
            throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
        long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
        while (true) {
            Set<String> left = new java.util.HashSet<>(admin.listTopics().names().get(ADMIN_TIMEOUT.toMillis(),
                    TimeUnit.MILLISECONDS));
            left.retainAll(deleted);
            if (left.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topics still listed " + ADMIN_TIMEOUT.toSeconds() + " s after deletion: " + left);
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    /**
     * Waits until the broker's metadata shows every topic with all its partitions led: a created
     * topic is committed before the broker serves it, and a Streams application that starts in
     * between finds its source topics missing.
     */
    private void awaitLeaders(List<String> names, int partitions)
            throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
        long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
        while (true) {
            try {
                Map<String, TopicDescription> d = admin.describeTopics(names).allTopicNames()
                        .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                if (d.values().stream().allMatch(t -> t.partitions().size() == partitions
                        && t.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()))) {
                    d.forEach((name, t) -> partitionsOf.put(name, partitions));
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topics " + names + " not served " + ADMIN_TIMEOUT.toSeconds()
                        + " s after their creation");
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    /** A topic outside the cellwatch registry (ceilings, identity copy), with {@code partitions} partitions. */
    void createTopic(String name, int partitions) {
        try {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all()
                    .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            awaitLeaders(List.of(name), partitions);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating " + name, e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create bench topic " + name + ": " + e.getMessage(), e);
        }
    }

    private int partitions(String topic) throws Exception {
        Integer known = partitionsOf.get(topic);
        if (known != null) {
            return known;
        }
        TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames()
                .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic);
        partitionsOf.put(topic, d.partitions().size());
        return d.partitions().size();
    }

    /** Sum of the end offsets of {@code topic}'s partitions: records written to it. */
    long endOffsets(String topic) {
        try {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (int p = 0, n = partitions(topic); p < n; p++) {
                request.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            return admin.listOffsets(request).all().get(10, TimeUnit.SECONDS).values().stream()
                    .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read end offsets of " + topic + ": " + e.getMessage(), e);
        }
    }

    /** The end offset of one partition. */
    long endOffset(TopicPartition partition) {
        try {
            return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).all().get(10, TimeUnit.SECONDS)
                    .get(partition).offset();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the end offset of " + partition + ": " + e.getMessage(), e);
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

    /**
     * Removes the retained births of {@code lab}'s {@code channels} channels from the MQTT broker
     * (an empty retained message per status topic), so that a later measurement's bridge, which
     * reads every lab's status, does not get them. Waits for the births to arrive, at most 10 s.
     */
    void clearRetained(String lab, int channels) {
        String filter = MqttTopics.ROOT + "/" + lab + "/+/+/" + MqttTopics.STATUS;
        Set<String> topics = ConcurrentHashMap.newKeySet();
        CountDownLatch all = new CountDownLatch(channels);
        try {
            MqttClient client = new MqttClient(mqtt.serverUri(), name("cleaner"), new MemoryPersistence());
            try {
                client.setCallback(new MessageCallback() {
                    @Override
                    public void messageArrived(String topic, MqttMessage message) {
                        if (message.isRetained() && message.getPayload().length > 0 && topics.add(topic)) {
                            all.countDown();
                        }
                    }
                });
                MqttConnectionOptions o = new MqttConnectionOptions();
                o.setCleanStart(true);
                client.connect(o);
                client.subscribe(filter, 1);
                if (!all.await(10, TimeUnit.SECONDS)) {
                    err.printf("  (found %d of %d retained births of lab %s to clear)%n", topics.size(), channels, lab);
                }
                client.unsubscribe(filter);
                for (String topic : topics) {
                    MqttMessage empty = new MqttMessage(new byte[0]);
                    empty.setQos(1);
                    empty.setRetained(true);
                    client.publish(topic, empty);
                }
                client.disconnect();
            } finally {
                client.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            err.println("  (could not clear the retained births of lab " + lab + ": " + e.getMessage() + ")");
        }
    }

    /** Deletes the state folder of a stopped Streams application. */
    void forgetState(String applicationId) {
        deleteTree(stateDir.resolve(applicationId));
    }

    /**
     * Starts stopping the MQTT broker in the background, for when no section needs it any more:
     * HiveMQ spends seconds waiting for its session store to close, mostly idle.
     */
    synchronized void stopMqtt() {
        if (mqttStopping == null) {
            mqttStopping = new Thread(() -> stopQuietly(mqtt), "cellwatch-bench-stop-mqtt");
            mqttStopping.start();
        }
    }

    private void stopQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            err.println("  (while stopping " + resource.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
    }

    /** Stops the admin client, then both brokers side by side (HiveMQ takes seconds to stop). */
    @Override
    public void close() {
        stopMqtt();
        List<Thread> stopping = new ArrayList<>(List.of(mqttStopping));
        for (int i = started.size() - 1; i >= 0; i--) {
            AutoCloseable resource = started.get(i);
            Runnable stop = () -> stopQuietly(resource);
            if (resource == mqtt) {
                continue;
            }
            if (resource instanceof Admin) {
                stop.run();
            } else {
                Thread t = new Thread(stop, "cellwatch-bench-stop-" + resource.getClass().getSimpleName());
                t.start();
                stopping.add(t);
            }
        }
        for (Thread t : stopping) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (stateDir != null) {
            deleteTree(stateDir);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temporary folder left behind is not worth failing a benchmark for
        }
    }
}
