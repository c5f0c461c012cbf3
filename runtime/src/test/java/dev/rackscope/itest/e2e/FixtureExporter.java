package dev.rackscope.itest.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpServer;

/**
 * A fixture exporter served by the test: Prometheus text exposition of whatever series the test sets,
 * changeable while Prometheus scrapes it. A series removed here goes stale in Prometheus at the next scrape.
 */
public final class FixtureExporter implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, Double> series = new ConcurrentHashMap<>();

    public FixtureExporter() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/metrics", exchange -> {
            StringBuilder body = new StringBuilder();
            new TreeMap<>(series).forEach((k, v) -> body.append(k).append(' ').append(format(v)).append('\n'));
            byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    private static String format(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        return Double.toString(v);
    }

    /** Sets a series, e.g. {@code set("up{instance=\"n1\",job=\"node\"}", 1)}. */
    public void set(String seriesWithLabels, double value) {
        series.put(seriesWithLabels, value);
    }

    public void remove(String seriesWithLabels) {
        series.remove(seriesWithLabels);
    }

    public String target() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
