package io.cellwatch.streams.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cellwatch.streams.topology.CellAnalyticsTopology;
import io.cellwatch.streams.topology.CellCycles;
import io.cellwatch.telemetry.json.Json;
import io.cellwatch.telemetry.CycleResult;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Latest state per cell over HTTP, answered from the analytics' own state stores (Kafka Streams
 * interactive queries), whichever instance holds the cell:
 * <ul>
 *   <li>{@code GET /cells} — every cell with its latest cycle figures (merged across instances)</li>
 *   <li>{@code GET /cells/{id}} — one cell's latest figures</li>
 *   <li>{@code GET /cells/{id}/cycles} — its recent finished cycles and the running one</li>
 * </ul>
 * A request for a cell held by another instance is forwarded to it ({@code application.server}).
 */
public final class CellQueryApi {

    private static final Logger log = LoggerFactory.getLogger(CellQueryApi.class);
    /** Set on forwarded requests so an instance answers from its own stores only. */
    private static final String LOCAL_ONLY = "local=true";

    private final KafkaStreams streams;
    private final HostInfo self;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private CellQueryApi(KafkaStreams streams, HostInfo self) {
        this.streams = streams;
        this.self = self;
    }

    /** Adds the {@code /cells} routes to {@code server}; {@code self} is this instance's {@code application.server}. */
    public static void register(HttpServer server, KafkaStreams streams, HostInfo self) {
        CellQueryApi api = new CellQueryApi(streams, self);
        server.createContext("/cells", api::handle);
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            if (!"GET".equals(ex.getRequestMethod())) {
                respond(ex, 405, Map.of("error", "only GET is supported"));
                return;
            }
            String path = ex.getRequestURI().getPath();
            boolean localOnly = LOCAL_ONLY.equals(ex.getRequestURI().getQuery());
            String[] parts = path.split("/");
            if (parts.length == 2) {
                respond(ex, 200, allCells(localOnly));
            } else if (parts.length == 3 || (parts.length == 4 && "cycles".equals(parts[3]))) {
                String cellId = URLDecoder.decode(parts[2], StandardCharsets.UTF_8);
                oneCell(ex, cellId, parts.length == 4, localOnly);
            } else {
                respond(ex, 404, Map.of("error", "no such resource: " + path + "; try /cells, /cells/{id} or /cells/{id}/cycles"));
            }
        } catch (InvalidStateStoreException e) {
            respond(ex, 503, Map.of("error", "analytics is starting or rebalancing; retry in a few seconds"));
        } catch (RuntimeException e) {
            log.warn("query {} failed: {}", ex.getRequestURI(), e.toString());
            respond(ex, 500, Map.of("error", e.getMessage() == null ? e.toString() : e.getMessage()));
        }
    }

    private void oneCell(HttpExchange ex, String cellId, boolean cycles, boolean localOnly) throws IOException {
        KeyQueryMetadata where = streams.queryMetadataForKey(CellAnalyticsTopology.CELL_CYCLES_STORE, cellId,
                Serdes.String().serializer());
        if (!localOnly && where != null && where.activeHost() != null && !self.equals(where.activeHost())
                && where.activeHost().port() > 0) {
            forward(ex, where.activeHost());
            return;
        }
        CellCycles found = cyclesOf(cellId);
        if (found == null) {
            respond(ex, 404, Map.of("error", "no cycles for cell '" + cellId + "' yet (unknown cell, or its first cycle is still running)"));
            return;
        }
        respond(ex, 200, cycles ? found : summary(found));
    }

    private List<Map<String, Object>> allCells(boolean localOnly) {
        List<Map<String, Object>> out = new ArrayList<>();
        ReadOnlyKeyValueStore<String, CycleResult> running = runningStore();
        java.util.Set<String> listed = new java.util.HashSet<>();
        try (KeyValueIterator<String, CellCycles> it = store().all()) {
            it.forEachRemaining(kv -> {
                listed.add(kv.key);
                out.add(summary(kv.value.withRunning(running.get(kv.key))));
            });
        }
        try (KeyValueIterator<String, CycleResult> it = running.all()) {
            it.forEachRemaining(kv -> {
                if (!listed.contains(kv.key)) {
                    out.add(summary(CellCycles.empty(kv.key).withRunning(kv.value)));
                }
            });
        }
        if (!localOnly) {
            for (StreamsMetadata other : streams.streamsMetadataForStore(CellAnalyticsTopology.CELL_CYCLES_STORE)) {
                if (!self.equals(other.hostInfo()) && other.hostInfo().port() > 0) {
                    out.addAll(fetchList(other.hostInfo()));
                }
            }
        }
        out.sort(java.util.Comparator.comparing(m -> String.valueOf(m.get("cell_id"))));
        return out;
    }

    private static Map<String, Object> summary(CellCycles c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cell_id", c.cellId());
        m.put("finished_cycles", c.finished().size());
        m.put("latest", c.latest());
        return m;
    }

    /** Finished cycles and the running one (kept in two stores); null when the cell has neither. */
    private CellCycles cyclesOf(String cellId) {
        CellCycles finished = store().get(cellId);
        CycleResult current = runningStore().get(cellId);
        if (finished == null && current == null) {
            return null;
        }
        return (finished == null ? CellCycles.empty(cellId) : finished).withRunning(current);
    }

    private ReadOnlyKeyValueStore<String, CycleResult> runningStore() {
        return streams.store(StoreQueryParameters.fromNameAndType(CellAnalyticsTopology.CELL_RUNNING_CYCLE_STORE,
                QueryableStoreTypes.keyValueStore()));
    }

    private ReadOnlyKeyValueStore<String, CellCycles> store() {
        return streams.store(StoreQueryParameters.fromNameAndType(CellAnalyticsTopology.CELL_CYCLES_STORE,
                QueryableStoreTypes.keyValueStore()));
    }

    private void forward(HttpExchange ex, HostInfo host) throws IOException {
        try {
            HttpResponse<byte[]> r = http.send(request(host, ex.getRequestURI().getPath()), HttpResponse.BodyHandlers.ofByteArray());
            send(ex, r.statusCode(), r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            respond(ex, 503, Map.of("error", "interrupted while asking " + host));
        } catch (IOException e) {
            respond(ex, 502, Map.of("error", "instance " + host + " holding this cell did not answer: " + e.getMessage()));
        }
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> fetchList(HostInfo host) {
        try {
            HttpResponse<byte[]> r = http.send(request(host, "/cells"), HttpResponse.BodyHandlers.ofByteArray());
            return r.statusCode() == 200 ? Json.mapper().readValue(r.body(), List.class) : List.of();
        } catch (IOException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.warn("instance {} did not answer /cells: {}", host, e.getMessage());
            return List.of();
        }
    }

    private static HttpRequest request(HostInfo host, String path) {
        return HttpRequest.newBuilder(URI.create("http://" + host.host() + ":" + host.port() + path + "?" + LOCAL_ONLY))
                .timeout(Duration.ofSeconds(5)).GET().build();
    }

    private static void respond(HttpExchange ex, int status, Object body) throws IOException {
        try {
            send(ex, status, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            send(ex, 500, ("{\"error\":\"cannot encode the answer\"}").getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }
}
