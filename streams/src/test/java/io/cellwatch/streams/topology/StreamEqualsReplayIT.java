package io.cellwatch.streams.topology;

import io.cellwatch.edge.reader.CyclerRow;
import io.cellwatch.streams.analytics.AnalyticsOptions;
import io.cellwatch.streams.replay.FileReplay;
import io.cellwatch.streams.replay.ReplayListener;
import io.cellwatch.streams.replay.ReplaySummary;
import io.cellwatch.telemetry.CellMetadata;
import io.cellwatch.telemetry.CellStatus;
import io.cellwatch.telemetry.CellType;
import io.cellwatch.telemetry.CycleResult;
import io.cellwatch.telemetry.Sample;
import io.cellwatch.telemetry.Topics;
import io.cellwatch.testkit.EmbeddedBrokers;
import io.cellwatch.testkit.EmbeddedBrokersExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import com.sun.net.httpserver.HttpServer;
import io.cellwatch.streams.http.CellQueryApi;
import io.cellwatch.telemetry.json.Json;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real cycler file streamed through the real broker and the real topology gives exactly the
 * cycles a batch run of the same analytics gives over the same file, even when the application is
 * stopped halfway and its local state is thrown away: the second instance carries on from what
 * the changelog holds, which is what the commit wrote (cells' state is written at commit, see
 * {@link WriteBehindStore}).
 */
@ExtendWith(EmbeddedBrokersExtension.class)
class StreamEqualsReplayIT {

    private static final Path CYCLERS = Path.of("../../shared/data/cyclers");

    @TempDir
    Path stateDir;

    @Test
    void theBattmoFileGivesIdenticalCyclesStreamedAcrossARestartReplayedAndQueried(EmbeddedBrokers brokers) throws Exception {
        Path file = CYCLERS.resolve("cellpy/batmo_bdf.csv");
        assertThat(Files.exists(file)).as("shared cycler data at %s (the team's shared/ folder beside the repo)",
                file.toAbsolutePath().normalize()).isTrue();
        String cellId = "battmo-" + UUID.randomUUID().toString().substring(0, 8);
        CellMetadata meta = new CellMetadata(cellId, "lab", "sim", "ch1", CellType.FULL, "BattMo simulation",
                null, null, null, null, null, null, null, null);

        // batch: cellwatch replay's code over the file, keeping the samples to stream them next
        List<Sample> samples = new ArrayList<>();
        List<CycleResult> replayedAll = new ArrayList<>();
        ReplaySummary summary = FileReplay.of(meta, AnalyticsOptions.defaults()).run(file, new ReplayListener() {
            @Override
            public void row(CyclerRow row) {
                samples.add(row.sample());
            }

            @Override
            public void cycle(CycleResult cycle) {
                replayedAll.add(cycle);
            }
        });
        // A stream never ends, so the cycle only the end of the file closed is not expected from it.
        List<CycleResult> replayed = replayedAll.subList(0, replayedAll.size() - summary.cyclesClosedByEnd());
        assertThat(replayed).hasSizeGreaterThan(100);

        // stream: registry + the first half of the samples into Kafka, the topology running against the broker
        int half = samples.size() / 2;
        produce(brokers, cellId, CellStatus.online(meta, samples.get(0).timeS()), samples.subList(0, half));
        List<CycleResult> streamed = new ArrayList<>();
        String applicationId = "stream-equals-replay-" + cellId;
        try (KafkaConsumer<String, CycleResult> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + cellId,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                Topics.CYCLES.keySerde().deserializer(), Topics.CYCLES.valueSerde().deserializer());
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers.bootstrapServers()))) {
            consumer.subscribe(List.of(Topics.CYCLES.name()));

            // first instance: stops after committing the first half; its local state is then thrown
            // away, so the second instance has only the changelog to carry the cell's state on from
            Path firstStateDir = stateDir.resolve("first");
            StreamsOptions first = StreamsOptions.of(brokers.bootstrapServers(), firstStateDir).withApplicationId(applicationId);
            try (AnalyticsService service = AnalyticsService.start(first)) {
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while (committed(admin, applicationId) < half && System.nanoTime() < deadline) {
                    collect(consumer, cellId, streamed);
                }
                assertThat(committed(admin, applicationId)).as("first half committed").isEqualTo(half);
            }
            deleteRecursively(firstStateDir);
            produce(brokers, cellId, null, samples.subList(half, samples.size()));

            HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            http.start();
            int port = http.getAddress().getPort();
            StreamsOptions second = StreamsOptions.of(brokers.bootstrapServers(), stateDir.resolve("second"))
                    .withApplicationId(applicationId)
                    .withOverrides(Map.of("application.server", "127.0.0.1:" + port));
            try (AnalyticsService service = AnalyticsService.start(second)) {
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while (streamed.size() < replayed.size() && System.nanoTime() < deadline) {
                    collect(consumer, cellId, streamed);
                }
                assertThat(service.isLive()).isTrue();

                // the query API serves the same cycles from the store
                CellQueryApi.register(http, service.kafkaStreams(), new HostInfo("127.0.0.1", port));
                HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/cells/" + cellId + "/cycles")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).isEqualTo(200);
                CellCycles served = Json.mapper().readValue(answer.body(), CellCycles.class);
                assertThat(served.finished()).isEqualTo(replayed);
                HttpResponse<String> unknown = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/cells/no-such-cell")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(unknown.statusCode()).isEqualTo(404);
                assertThat(unknown.body()).contains("no-such-cell");
            } finally {
                http.stop(0);
            }
        }
        assertThat(streamed).hasSize(replayed.size());
        assertThat(streamed).isEqualTo(replayed);
    }

    private static void produce(EmbeddedBrokers brokers, String cellId, CellStatus birth, List<Sample> samples) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 5),
                Topics.TELEMETRY.keySerde().serializer(), new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            if (birth != null) {
                producer.send(new ProducerRecord<>(Topics.CELLS.name(), cellId,
                        Topics.CELLS.valueSerde().serializer().serialize(Topics.CELLS.name(), birth))).get();
            }
            for (Sample s : samples) {
                producer.send(new ProducerRecord<>(Topics.TELEMETRY.name(), cellId,
                        Topics.TELEMETRY.valueSerde().serializer().serialize(Topics.TELEMETRY.name(), s)));
            }
            producer.flush();
        }
    }

    /** Finished cycles of {@code cellId} committed to the cycles topic since the last call. */
    private static void collect(KafkaConsumer<String, CycleResult> consumer, String cellId, List<CycleResult> into) {
        for (ConsumerRecord<String, CycleResult> r : consumer.poll(Duration.ofMillis(250))) {
            if (cellId.equals(r.key()) && !Boolean.TRUE.equals(r.value().provisional())) {
                into.add(r.value());
            }
        }
    }

    /** Telemetry offsets the application has committed, summed over partitions. */
    private static long committed(Admin admin, String applicationId) throws Exception {
        return admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get().entrySet().stream()
                .filter(e -> e.getKey().topic().equals(Topics.TELEMETRY.name()) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset()).sum();
    }

    private static void deleteRecursively(Path dir) throws Exception {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
