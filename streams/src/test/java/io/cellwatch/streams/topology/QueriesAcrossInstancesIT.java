package io.cellwatch.streams.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.cellwatch.edge.sim.Preset;
import io.cellwatch.edge.sim.SimulatedCell;
import io.cellwatch.streams.http.CellQueryApi;
import io.cellwatch.telemetry.CellMetadata;
import io.cellwatch.telemetry.CellStatus;
import io.cellwatch.telemetry.ChannelAddress;
import io.cellwatch.telemetry.Sample;
import io.cellwatch.telemetry.Topics;
import io.cellwatch.telemetry.json.Json;
import io.cellwatch.testkit.EmbeddedBrokers;
import io.cellwatch.testkit.EmbeddedBrokersExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two analytics instances share the partitions; either one answers {@code GET /cells} for every
 * cell and {@code GET /cells/{id}/cycles} for a cell the other one holds (forwarded by
 * {@code application.server}).
 */
@ExtendWith(EmbeddedBrokersExtension.class)
class QueriesAcrossInstancesIT {

    private static final double T0 = 1_767_225_600.0;

    @Test
    void eitherInstanceAnswersForEveryCell(EmbeddedBrokers brokers, @TempDir Path dirA, @TempDir Path dirB) throws Exception {
        String app = "queries-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> cells = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers.bootstrapServers()),
                Serdes.String().serializer(), Serdes.ByteArray().serializer())) {
            for (int c = 1; c <= 6; c++) {
                ChannelAddress address = new ChannelAddress(app, "oven", "ch" + c);
                SimulatedCell cell = new SimulatedCell(address.defaultCellId(), Preset.CORE_SHELL_100C, c, 60.0, T0);
                CellMetadata meta = cell.metadata(address);
                cells.add(meta.cellId());
                producer.send(new ProducerRecord<>(Topics.CELLS.name(), meta.cellId(),
                        Topics.CELLS.valueSerde().serializer().serialize(Topics.CELLS.name(), CellStatus.online(meta, T0))));
                while (cell.cycle() <= 3) {
                    Sample s = cell.next();
                    producer.send(new ProducerRecord<>(Topics.TELEMETRY.name(), s.cellId(),
                            Topics.TELEMETRY.valueSerde().serializer().serialize(Topics.TELEMETRY.name(), s)));
                }
            }
        }
        HttpServer httpA = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        HttpServer httpB = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        httpA.start();
        httpB.start();
        HostInfo a = new HostInfo("127.0.0.1", httpA.getAddress().getPort());
        HostInfo b = new HostInfo("127.0.0.1", httpB.getAddress().getPort());
        try (AnalyticsService serviceA = AnalyticsService.start(options(brokers, app, dirA, a));
             AnalyticsService serviceB = AnalyticsService.start(options(brokers, app, dirB, b))) {
            CellQueryApi.register(httpA, serviceA.kafkaStreams(), a);
            CellQueryApi.register(httpB, serviceB.kafkaStreams(), b);
            assertThat(serviceA.awaitRunning(Duration.ofSeconds(60))).isTrue();
            assertThat(serviceB.awaitRunning(Duration.ofSeconds(60))).isTrue();

            // every cell has finished cycles, whichever instance is asked
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            Set<String> listedByA = Set.of();
            while (System.nanoTime() < deadline) {
                listedByA = listed(a);
                if (listedByA.containsAll(cells) && listed(b).containsAll(cells)) {
                    break;
                }
                Thread.sleep(250); // polling the HTTP answer; the stores fill as the instances catch up
            }
            assertThat(listedByA).containsAll(cells);
            assertThat(listed(b)).containsAll(cells);

            // a cell held by B, asked of A: forwarded, same answer
            String heldByB = cells.stream().filter(id -> b.equals(activeHost(serviceA, id))).findFirst()
                    .orElseThrow(() -> new AssertionError("the partitions did not split between the instances"));
            HttpResponse<String> viaA = get(a, "/cells/" + heldByB + "/cycles");
            HttpResponse<String> fromB = get(b, "/cells/" + heldByB + "/cycles");
            assertThat(viaA.statusCode()).isEqualTo(200);
            assertThat(Json.mapper().readTree(viaA.body())).isEqualTo(Json.mapper().readTree(fromB.body()));
            assertThat(Json.mapper().readTree(viaA.body()).get("finished").size()).isGreaterThanOrEqualTo(2);
        } finally {
            httpA.stop(0);
            httpB.stop(0);
        }
    }

    private static StreamsOptions options(EmbeddedBrokers brokers, String app, Path dir, HostInfo self) {
        return StreamsOptions.of(brokers.bootstrapServers(), dir).withApplicationId(app)
                .withOverrides(Map.of("application.server", self.host() + ":" + self.port(), "num.stream.threads", "1"));
    }

    private static HostInfo activeHost(AnalyticsService service, String cellId) {
        KeyQueryMetadata m = service.kafkaStreams().queryMetadataForKey(CellAnalyticsTopology.CELL_CYCLES_STORE, cellId,
                Serdes.String().serializer());
        return m == null ? null : m.activeHost();
    }

    private static Set<String> listed(HostInfo host) throws Exception {
        HttpResponse<String> r = get(host, "/cells");
        Set<String> out = new TreeSet<>();
        if (r.statusCode() == 200) {
            for (JsonNode n : Json.mapper().readTree(r.body())) {
                out.add(n.get("cell_id").asText());
            }
        }
        return out;
    }

    private static HttpResponse<String> get(HostInfo host, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + host.port() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
