package dev.rackscope.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.rackscope.api.snapshot.Snapshot;
import dev.rackscope.core.snapshot.SnapshotBuilder;
import dev.rackscope.core.telemetry.CheckTargets;
import dev.rackscope.core.telemetry.PlannerConfig;
import dev.rackscope.core.telemetry.QueryPlanner;
import dev.rackscope.core.telemetry.TopologyIds;

/**
 * Health budget on the generated 15,000-instance topology with a real Prometheus holding matching series:
 * the time of {@code GET /api/rooms/{id}/state} with cold caches divided by the time of the raw PromQL
 * queries it needs, issued directly the same way (budget ≤ 1.2); and requests/s with warm caches.
 *
 * <p>{@code java -cp "runtime/target/classes:runtime/target/rackscope/bundle/*:runtime/target/rackscope/boot/*"
 * dev.rackscope.bench.HealthBench [--instances N] [--runs N]}; {@code -Dhealthbench.server.opts=…} adds JVM options
 * to the server (a flight recording, for instance); {@code -Dhealthbench.client=true} also prints, per round, the same
 * queries through a fresh {@code PrometheusHttpClient} in this JVM (to tell the client's cost from the server's);
 * the server logs where each cold cycle's time went ({@code health: … waiting for answers, evaluating, roll-up}).
 */
public final class HealthBench {

    /** Measurements of one run; times in ms. */
    public record Result(TopologyGenerator.Counts counts, int queries, List<Double> roomMs, List<Double> rawMs,
                         String path, BenchSupport.Load warm) {
        public double room() {
            return BenchSupport.median(roomMs);
        }

        public double raw() {
            return BenchSupport.median(rawMs);
        }

        public double ratio() {
            return room() / raw();
        }
    }

    private HealthBench() {
    }

    public static void main(String[] args) throws Exception {
        int instances = 15_000;
        int runs = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--instances" -> instances = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("usage: [--instances N] [--runs N]");
            }
        }
        Result r = run(BenchSupport.repoRoot(), instances, runs);
        System.out.println("topology: " + r.counts() + "; planner queries per recompute: " + r.queries());
        System.out.printf("%n| measure | budget | result |%n|---|---|---|%n");
        System.out.printf("| room state, cold caches (median of %d) | — | %.0f ms |%n", r.roomMs().size(), r.room());
        System.out.printf("| the %d raw PromQL queries it needs, 6 at a time like the server, answers parsed (median) | — | %.0f ms |%n",
                r.queries(), r.raw());
        System.out.printf("| ratio room state / raw queries | ≤ 1.2 | %.2f %s |%n", r.ratio(), r.ratio() <= 1.2 ? "pass" : "FAIL");
        BenchSupport.Load warm = r.warm();
        System.out.printf("| GET %s, warm caches, 8 clients, 10 s | — | %.0f req/s, p50 %.2f ms, p99 %.2f ms, %d errors |%n",
                r.path(), warm.requestsPerSecond(), warm.p50Ms(), warm.p99Ms(), warm.errors());
    }

    /** Generates the topology, starts a fixture exporter and a real Prometheus, measures, and cleans up. */
    public static Result run(Path root, int instances, int runs) throws Exception {
        Path work = Files.createTempDirectory("rackscope-healthbench-");
        Path config = work.resolve("config");
        TopologyGenerator.Counts counts = TopologyGenerator.generate(config, instances);
        Snapshot snapshot = SnapshotBuilder.fromFile(config.resolve("app.yaml"), 1);
        List<String> queries = QueryPlanner.plan(snapshot.checks(), CheckTargets.collect(snapshot),
                TopologyIds.of(snapshot.topology()), PlannerConfig.from(snapshot.config())).mainExpressions();
        Result result;
        try (FixtureMetrics exporter = new FixtureMetrics(snapshot);
             PrometheusForBench prometheus = PrometheusForBench.start(work.resolve("prometheus"), exporter.target(),
                     "/metrics", 5)) {
            BenchSupport.waitFor(() -> {
                try {
                    return prometheus.query("count(up{job=\"node\"})").contains("\"" + counts.instances() + "\"");
                } catch (Exception e) {
                    return false;
                }
            }, 120_000);
            Path app = config.resolve("app.yaml");
            // the simulator plugin is switched off: its ticks would compete for the CPU being measured
            Files.writeString(app, Files.readString(app).replace("prometheus_url: \"\"",
                    "prometheus_url: " + prometheus.url()).replace("  simulator:\n    enabled: true",
                    "  simulator:\n    enabled: false") + "cache:\n  ttl_seconds: 30\n");
            String roomId = snapshot.topology().sites().get(0).rooms().get(0).id();
            String path = "/api/rooms/" + roomId + "/state";
            snapshot = null;

            List<Double> raw = new ArrayList<>();
            List<Double> room = new ArrayList<>();
            Path home = BenchSupport.copyRuntime(root, work);
            BenchSupport.Load warm;
            try (BenchSupport.Server server = BenchSupport.start(home, app, Map.of("JAVA_OPTS", "-Drackscope.health.timing=true " + System.getProperty("healthbench.server.opts", "")))) {
                BenchSupport.waitFor(() -> BenchSupport.status(server, path) == 200, 60_000);
                // The first rounds warm the JIT of both sides and are not counted: the bench JVM has usually parsed
                // Prometheus answers for minutes already (other steps of all-budgets), the server has just started;
                // a budget on cold caches is not one on a cold JIT.
                int warmup = Integer.getInteger("healthbench.warmup", 3);
                for (int i = 0; i < runs + warmup; i++) {
                    // cold caches: a config change that alters the client settings clears every cache
                    String text = Files.readString(app);
                    Files.writeString(app, text.replaceAll("ttl_seconds: 3\\d\\n", "ttl_seconds: " + (30 + i % 2 + 1)
                            + "\n"));
                    BenchSupport.sleep(1500);
                    // alternate which goes first, so that neither side profits from Prometheus having just
                    // answered the same queries (its page cache and postings)
                    double rawMs = i % 2 == 0 ? rawQueries(prometheus, queries) : 0;
                    long t0 = System.nanoTime();
                    int status = BenchSupport.status(server, path);
                    double roomMs = (System.nanoTime() - t0) / 1e6;
                    if (i % 2 == 1) {
                        rawMs = rawQueries(prometheus, queries);
                    }
                    if (Boolean.getBoolean("healthbench.client")) {
                        System.out.printf("round %d: room %.0f raw %.0f client %.0f%n", i, roomMs, rawMs,
                                clientQueries(prometheus, queries));
                    }
                    if (status != 200) {
                        throw new IllegalStateException("room state answered " + status);
                    }
                    if (i >= warmup) {
                        room.add(roomMs);
                        raw.add(rawMs);
                    }
                }
                BenchSupport.load(server, path, 4, 3);
                warm = BenchSupport.load(server, path, 8, 10);
            }
            result = new Result(counts, queries.size(), room, raw, path, warm);
        }
        if (System.getProperty("rackscope.bench.keep") == null) {
            BenchSupport.deleteTree(work);
        } else {
            System.out.println("kept " + work);
        }
        return result;
    }

    /** Diagnostic: the same queries through a fresh PrometheusHttpClient, 6 at a time. */
    static double clientQueries(PrometheusForBench prometheus, List<String> queries) throws Exception {
        dev.rackscope.core.telemetry.PrometheusHttpClient client = new dev.rackscope.core.telemetry.PrometheusHttpClient(
                dev.rackscope.core.telemetry.PrometheusSettings.defaults(prometheus.url()));
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            long t0 = System.nanoTime();
            List<Future<Object>> futures = new ArrayList<>();
            for (String q : queries) {
                futures.add(pool.submit(() -> client.query(q, dev.rackscope.api.telemetry.PrometheusClient.CacheKind.HEALTH,
                        java.util.Set.of("instance"))));
            }
            for (Future<Object> f : futures) {
                f.get();
            }
            return (System.nanoTime() - t0) / 1e6;
        } finally {
            pool.shutdownNow();
            client.close();
        }
    }

    /**
     * Issues the planner's queries directly, 6 at a time like the server's query pool, reading each answer
     * as any client must (Jackson tree, no health logic); wall time in ms.
     */
    public static double rawQueries(PrometheusForBench prometheus, List<String> queries) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Integer.getInteger("raw.threads", 6));
        try {
            long t0 = System.nanoTime();
            List<Future<Object>> futures = new ArrayList<>();
            for (String q : queries) {
                futures.add(pool.submit(() -> dev.rackscope.api.http.Json.mapper().readTree(prometheus.query(q))));
            }
            for (Future<Object> f : futures) {
                f.get();
            }
            return (System.nanoTime() - t0) / 1e6;
        } finally {
            pool.shutdownNow();
        }
    }
}
