package dev.rackscope.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;

import dev.rackscope.api.snapshot.Snapshot;
import dev.rackscope.api.snapshot.TopologyIndex;
import dev.rackscope.core.snapshot.SnapshotBuilder;

/**
 * Slurm views on the generated 15,000-instance topology, through a running server and a real Prometheus
 * holding matching {@code slurm_node_status} series (one node per instance, partitions {@code all} and
 * {@code cpu}, a few drained and down): {@code /api/slurm/nodes} and {@code /api/slurm/summary}, cold (the
 * health cache expired: a real Prometheus query) and warm (cached answer).
 *
 * <p>{@code java -cp "runtime/target/classes:runtime/target/rackscope/bundle/*:runtime/target/rackscope/boot/*"
 * dev.rackscope.bench.SlurmHttpBench [--instances N] [--runs N]}
 */
public final class SlurmHttpBench {

    private SlurmHttpBench() {
    }

    public static void main(String[] args) throws Exception {
        int instances = 15_000;
        int runs = 7;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--instances" -> instances = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("usage: [--instances N] [--runs N]");
            }
        }
        Path root = Paths.get("").toAbsolutePath();
        Path work = Files.createTempDirectory("rackscope-slurmbench-");
        Path config = work.resolve("config");
        TopologyGenerator.generate(config, instances);
        Snapshot snapshot = SnapshotBuilder.fromFile(config.resolve("app.yaml"), 1);
        byte[] body = slurmSeries(snapshot);
        HttpServer exporter = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        exporter.createContext("/metrics", ex -> {
            ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        exporter.start();
        int nodes = snapshot.index().instances().size();
        List<Double> nodesCold = new ArrayList<>();
        List<Double> summaryCold = new ArrayList<>();
        List<Double> nodesWarm = new ArrayList<>();
        List<Double> summaryWarm = new ArrayList<>();
        try (PrometheusForBench prometheus = PrometheusForBench.start(work.resolve("prometheus"),
                "127.0.0.1:" + exporter.getAddress().getPort(), "/metrics", 10)) {
            BenchSupport.waitFor(() -> {
                try {
                    return prometheus.query("count(slurm_node_status{partition=\"all\"})").contains("\"" + nodes + "\"");
                } catch (Exception e) {
                    return false;
                }
            }, 120_000);
            Path app = config.resolve("app.yaml");
            Files.writeString(app, Files.readString(app).replace("prometheus_url: \"\"", "prometheus_url: "
                    + prometheus.url()).replace("  simulator:\n    enabled: true", "  simulator:\n    enabled: false")
                    + "cache:\n  health_checks_ttl_seconds: 2\n");
            Path home = BenchSupport.copyRuntime(root, work);
            try (BenchSupport.Server server = BenchSupport.start(home, app, Map.of())) {
                BenchSupport.waitFor(() -> BenchSupport.body(server, "/api/slurm/summary")
                        .contains("\"total_nodes\":" + nodes), 120_000);
                for (int i = 0; i < runs + 1; i++) {
                    BenchSupport.sleep(2500); // the health cache (2 s) expires: the next request queries Prometheus
                    double c1 = time(server, "/api/slurm/nodes");
                    double w1 = time(server, "/api/slurm/nodes");
                    BenchSupport.sleep(2500);
                    double c2 = time(server, "/api/slurm/summary");
                    double w2 = time(server, "/api/slurm/summary");
                    if (i > 0) {
                        nodesCold.add(c1);
                        nodesWarm.add(w1);
                        summaryCold.add(c2);
                        summaryWarm.add(w2);
                    }
                }
            }
        } finally {
            exporter.stop(0);
        }
        System.out.printf("%n| measure (%d nodes, median of %d) | budget | result |%n|---|---|---|%n", nodes, runs);
        System.out.printf("| GET /api/slurm/nodes, cold (Prometheus queried) | — | %.0f ms |%n", BenchSupport.median(nodesCold));
        System.out.printf("| GET /api/slurm/nodes, warm (cached answer) | — | %.0f ms |%n", BenchSupport.median(nodesWarm));
        System.out.printf("| GET /api/slurm/summary, cold (Prometheus queried) | — | %.0f ms |%n",
                BenchSupport.median(summaryCold));
        System.out.printf("| GET /api/slurm/summary, warm (cached answer) | — | %.0f ms |%n", BenchSupport.median(summaryWarm));
        BenchSupport.deleteTree(work);
    }

    private static double time(BenchSupport.Server server, String path) {
        long t0 = System.nanoTime();
        int status = BenchSupport.status(server, path);
        double ms = (System.nanoTime() - t0) / 1e6;
        if (status != 200) {
            throw new IllegalStateException(path + " answered " + status);
        }
        return ms;
    }

    /** One node per instance in partitions all and cpu; every 500th drained, every 700th down, the rest allocated or idle. */
    static byte[] slurmSeries(Snapshot snapshot) throws IOException {
        StringBuilder sb = new StringBuilder("# TYPE slurm_node_status gauge\n");
        int i = 0;
        for (TopologyIndex.InstanceRef ref : snapshot.index().instances().values()) {
            String status = i % 500 == 0 ? "drain" : i % 700 == 0 ? "down" : i % 5 == 0 ? "idle" : "allocated";
            for (String partition : new String[] {"all", "cpu"}) {
                sb.append("slurm_node_status{node=\"").append(ref.instance()).append("\",partition=\"")
                        .append(partition).append("\",status=\"").append(status).append("\"} 1\n");
            }
            i++;
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
