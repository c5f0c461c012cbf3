package dev.rackscope.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpServer;

import dev.rackscope.api.snapshot.Snapshot;
import dev.rackscope.api.snapshot.TopologyIndex;

/**
 * An exporter for benchmarks: the series the generated topology's checks read, for every instance and
 * rack ({@code up}, {@code node_temperature_celsius}, {@code node_health_status}, PDU power), served
 * from a prebuilt byte array on loopback.
 */
public final class FixtureMetrics implements AutoCloseable {

    private final HttpServer server;
    private final byte[] body;
    private final int series;

    public FixtureMetrics(Snapshot snapshot) throws IOException {
        StringBuilder sb = new StringBuilder();
        int n = 0;
        int i = 0;
        for (TopologyIndex.InstanceRef ref : snapshot.index().instances().values()) {
            String labels = "{instance=\"" + ref.instance() + "\",job=\"node\",rack_id=\"" + ref.rack().id() + "\"}";
            sb.append("up").append(labels).append(" 1\n");
            sb.append("node_temperature_celsius").append(labels).append(' ').append(30 + (i % 50)).append('\n');
            sb.append("node_health_status").append(labels).append(' ').append(i % 997 == 0 ? 2 : 0).append('\n');
            n += 3;
            i++;
        }
        for (TopologyIndex.RackRef ref : snapshot.index().racks().values()) {
            sb.append("raritan_pdu_activepower_watt{rack_id=\"").append(ref.rack().id())
                    .append("\",inletid=\"I1\",job=\"pdu\"} 4200\n");
            n++;
        }
        body = sb.toString().getBytes(StandardCharsets.UTF_8);
        series = n;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/metrics", ex -> {
            ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    public String target() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    public int series() {
        return series;
    }

    @Override
    public void close() {
        server.stop(0);
    }

}
