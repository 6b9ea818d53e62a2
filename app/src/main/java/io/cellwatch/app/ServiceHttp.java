package io.cellwatch.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * The small HTTP surface every cellwatch service has: {@code /metrics} (Prometheus text),
 * {@code /health/live} and {@code /health/ready} (200 or 503), on the JDK's own HTTP server.
 */
final class ServiceHttp implements AutoCloseable {

    private final HttpServer server;

    private ServiceHttp(HttpServer server) {
        this.server = server;
    }

    /** On every interface: a service in a container is asked from outside it (probes, Prometheus). */
    static ServiceHttp start(int port, PrometheusMeterRegistry registry, BooleanSupplier ready, BooleanSupplier live) {
        return start(new InetSocketAddress(port), registry, ready, live);
    }

    /** On 127.0.0.1 only, like the demo's brokers: a laptop's demo is nobody else's business. */
    static ServiceHttp startOnLoopback(int port, PrometheusMeterRegistry registry, BooleanSupplier ready, BooleanSupplier live) {
        return start(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), registry, ready, live);
    }

    private static ServiceHttp start(InetSocketAddress address, PrometheusMeterRegistry registry, BooleanSupplier ready,
                                     BooleanSupplier live) {
        int port = address.getPort();
        try {
            HttpServer server = HttpServer.create(address, 0);
            server.createContext("/metrics", ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
            server.createContext("/health/ready", ex -> health(ex, ready.getAsBoolean()));
            server.createContext("/health/live", ex -> health(ex, live.getAsBoolean()));
            server.start();
            return new ServiceHttp(server);
        } catch (java.net.BindException e) {
            throw new IllegalStateException("port " + port + " is already in use: pass another --http-port (0 = any free port)", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve HTTP on port " + port + ": " + e.getMessage(), e);
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** For services that add routes of their own (the analytics' {@code /cells}). */
    HttpServer server() {
        return server;
    }

    private static void health(HttpExchange ex, boolean ok) throws IOException {
        respond(ex, ok ? 200 : 503, "text/plain; charset=utf-8", ok ? "ok\n" : "not ok\n");
    }

    private static void respond(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(1);
    }
}
