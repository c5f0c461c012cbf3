package dev.rackscope.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.rackscope.api.snapshot.Snapshot;
import dev.rackscope.core.snapshot.SnapshotBuilder;

/**
 * Core model budgets on a generated 15,000-instance topology:
 * load + index (≤ 0.5 s), heap after a full GC with the server running on it (all plugins), and
 * requests/s of {@code /api/rooms/{id}/layout}.
 *
 * <p>Run from the repository root after {@code mvn -DskipTests install}:
 * {@code java -cp "runtime/target/classes:runtime/target/rackscope/bundle/*:runtime/target/rackscope/boot/*" dev.rackscope.bench.CoreBench [--instances N] [--runs N]}
 */
public final class CoreBench {

    private CoreBench() {
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
        Path work = Files.createTempDirectory("rackscope-corebench-");
        Path config = work.resolve("config");
        TopologyGenerator.Counts counts = TopologyGenerator.generate(config, instances);
        System.out.println("topology: " + counts);

        // Load + index, in this JVM: the first load is cold (as at server start), then warm runs.
        List<Double> times = new ArrayList<>();
        Snapshot snap = null;
        for (int i = 0; i < runs + 1; i++) {
            long t0 = System.nanoTime();
            snap = SnapshotBuilder.fromFile(config.resolve("app.yaml"), 1);
            times.add((System.nanoTime() - t0) / 1e6);
        }
        double cold = times.get(0);
        double warm = BenchSupport.median(times.subList(1, times.size()));
        if (snap.index().instances().size() != counts.instances()) {
            throw new IllegalStateException("loaded " + snap.index().instances().size() + " instances, expected "
                    + counts.instances());
        }

        Path home = BenchSupport.copyRuntime(root, work);
        double heapMb;
        BenchSupport.Load layout;
        String roomId = snap.topology().sites().get(0).rooms().get(0).id();
        try (BenchSupport.Server server = BenchSupport.start(home, config.resolve("app.yaml"), Map.of())) {
            BenchSupport.waitFor(() -> BenchSupport.body(server, "/api/plugins/menu").contains("simulator")
                    && BenchSupport.status(server, "/api/rooms/" + roomId + "/layout") == 200, 60_000);
            BenchSupport.load(server, "/api/rooms/" + roomId + "/layout", 4, 3); // warm-up
            layout = BenchSupport.load(server, "/api/rooms/" + roomId + "/layout", 8, 10);
            BenchSupport.jcmd(server.pid(), "GC.run");
            BenchSupport.sleep(500);
            heapMb = usedHeapMb(BenchSupport.jcmd(server.pid(), "GC.heap_info"));
        }
        System.out.printf("%n| measure | budget | result |%n|---|---|---|%n");
        System.out.printf("| load + index, %d instances, cold (first in a fresh JVM) | ≤ 500 ms | %.0f ms %s |%n",
                counts.instances(), cold, cold <= 500 ? "pass" : "FAIL");
        System.out.printf("| load + index, warm median of %d | ≤ 500 ms | %.0f ms %s |%n", runs, warm,
                warm <= 500 ? "pass" : "FAIL");
        System.out.printf("| heap after full GC, server with all plugins on it | ≤ 200 MB | %.1f MB %s |%n", heapMb,
                heapMb <= 200 ? "pass" : "FAIL");
        System.out.printf("| GET /api/rooms/%s/layout, 8 clients, 10 s | — | %.0f req/s, p50 %.2f ms, p99 %.2f ms, "
                + "%d errors |%n", roomId, layout.requestsPerSecond(), layout.p50Ms(), layout.p99Ms(), layout.errors());
        BenchSupport.deleteTree(work);
    }

    /** Used heap from {@code jcmd GC.heap_info} (G1: "garbage-first heap total 123K, used 45K"). */
    static double usedHeapMb(String heapInfo) {
        Matcher m = Pattern.compile("used (\\d+)K").matcher(heapInfo);
        if (!m.find()) {
            throw new IllegalStateException("cannot read heap info: " + heapInfo);
        }
        return Long.parseLong(m.group(1)) / 1024.0;
    }
}
