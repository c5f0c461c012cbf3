package dev.rackscope.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.rackscope.api.snapshot.Snapshot;
import dev.rackscope.core.snapshot.SnapshotBuilder;

/**
 * Core model budgets on a generated 15,000-instance topology:
 * load + index (≤ 0.5 s), cold (the first load of a fresh JVM, as at server start; median of several JVMs) and
 * warm (reloads in one JVM), heap after a full GC with the server running on it (all plugins), and
 * requests/s of {@code /api/rooms/{id}/layout}.
 *
 * <p>Run from the repository root after {@code mvn -DskipTests install}:
 * {@code java -cp "runtime/target/classes:runtime/target/rackscope/bundle/*:runtime/target/rackscope/boot/*" dev.rackscope.bench.CoreBench [--instances N] [--runs N]}
 */
public final class CoreBench {

    /** Measurements of one run; times in ms. */
    public record Result(TopologyGenerator.Counts counts, List<Double> coldMs, List<Double> warmMs, double heapMb,
                         String layoutPath, BenchSupport.Load layout) {
        public double cold() {
            return BenchSupport.median(coldMs);
        }

        public double warm() {
            return BenchSupport.median(warmMs);
        }
    }

    private CoreBench() {
    }

    public static void main(String[] args) throws Exception {
        int instances = 15_000;
        int runs = 7;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--instances" -> instances = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--load-once" -> { // child mode: one cold load of the given app.yaml, prints ms and instances
                    Path app = Path.of(args[++i]);
                    long t0 = System.nanoTime();
                    Snapshot s = SnapshotBuilder.fromFile(app, 1);
                    System.out.println((System.nanoTime() - t0) / 1e6 + " " + s.index().instances().size());
                    return;
                }
                default -> throw new IllegalArgumentException("usage: [--instances N] [--runs N]");
            }
        }
        Result r = run(BenchSupport.repoRoot(), instances, runs);
        System.out.println("topology: " + r.counts());
        System.out.printf("%n| measure | budget | result |%n|---|---|---|%n");
        System.out.printf("| load + index, %d instances, cold (first load of a fresh JVM, median of %d JVMs) | ≤ 500 ms | %.0f ms %s |%n",
                r.counts().instances(), r.coldMs().size(), r.cold(), r.cold() <= 500 ? "pass" : "FAIL");
        System.out.printf("| load + index, warm median of %d | ≤ 500 ms | %.0f ms %s |%n", r.warmMs().size(), r.warm(),
                r.warm() <= 500 ? "pass" : "FAIL");
        System.out.printf("| heap after full GC, server with all plugins on it | ≤ 200 MB | %.1f MB %s |%n", r.heapMb(),
                r.heapMb() <= 200 ? "pass" : "FAIL");
        BenchSupport.Load layout = r.layout();
        System.out.printf("| GET %s, 8 clients, 10 s | — | %.0f req/s, p50 %.2f ms, p99 %.2f ms, "
                + "%d errors |%n", r.layoutPath(), layout.requestsPerSecond(), layout.p50Ms(), layout.p99Ms(), layout.errors());
    }

    /** Generates the topology, measures, and deletes what it wrote. */
    public static Result run(Path root, int instances, int runs) throws Exception {
        Path work = Files.createTempDirectory("rackscope-corebench-");
        try {
            Path config = work.resolve("config");
            TopologyGenerator.Counts counts = TopologyGenerator.generate(config, instances);
            Path app = config.resolve("app.yaml");

            // Cold: the first load of a fresh JVM (class loading and an unwarmed JIT, as at server start).
            List<Double> cold = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                cold.add(coldLoad(root, app, counts.instances()));
            }
            // Warm: reloads in this JVM, after one that warms it.
            List<Double> times = new ArrayList<>();
            Snapshot snap = null;
            for (int i = 0; i < runs + 1; i++) {
                long t0 = System.nanoTime();
                snap = SnapshotBuilder.fromFile(app, 1);
                times.add((System.nanoTime() - t0) / 1e6);
            }
            if (snap.index().instances().size() != counts.instances()) {
                throw new IllegalStateException("loaded " + snap.index().instances().size() + " instances, expected "
                        + counts.instances());
            }
            List<Double> warm = new ArrayList<>(times.subList(1, times.size()));

            Path home = BenchSupport.copyRuntime(root, work);
            double heapMb;
            BenchSupport.Load layout;
            String roomId = snap.topology().sites().get(0).rooms().get(0).id();
            String path = "/api/rooms/" + roomId + "/layout";
            snap = null;
            try (BenchSupport.Server server = BenchSupport.start(home, app, Map.of())) {
                BenchSupport.waitFor(() -> BenchSupport.body(server, "/api/plugins/menu").contains("simulator")
                        && BenchSupport.status(server, path) == 200, 60_000);
                BenchSupport.load(server, path, 4, 3); // warm-up
                layout = BenchSupport.load(server, path, 8, 10);
                BenchSupport.jcmd(server.pid(), "GC.run");
                BenchSupport.sleep(500);
                heapMb = usedHeapMb(BenchSupport.jcmd(server.pid(), "GC.heap_info"));
            }
            return new Result(counts, cold, warm, heapMb, path, layout);
        } finally {
            BenchSupport.deleteTree(work);
        }
    }

    /** One load of {@code app} in a fresh JVM; its time in ms. */
    private static double coldLoad(Path root, Path app, int expectedInstances) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(BenchSupport.javaBinary(), "-cp", BenchSupport.classPath(root),
                CoreBench.class.getName(), "--load-once", app.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("cold load failed: " + out);
        }
        String[] last = out.substring(out.lastIndexOf('\n') + 1).split(" ");
        if (Integer.parseInt(last[1]) != expectedInstances) {
            throw new IllegalStateException("cold load found " + last[1] + " instances, expected " + expectedInstances);
        }
        return Double.parseDouble(last[0]);
    }

    /**
     * Used heap from {@code jcmd GC.heap_info}: the sum over the heap's summary lines, whatever the collector
     * (G1: "garbage-first heap total 123K, used 45K"; parallel: a PSYoungGen and a ParOldGen line; serial: "def new
     * generation" and "tenured generation"). Metaspace lines have no "total" and are not heap.
     */
    static double usedHeapMb(String heapInfo) {
        Matcher m = Pattern.compile("total \\d+K, used (\\d+)K").matcher(heapInfo);
        long usedK = 0;
        boolean found = false;
        while (m.find()) {
            usedK += Long.parseLong(m.group(1));
            found = true;
        }
        if (!found) {
            throw new IllegalStateException("cannot read heap info: " + heapInfo);
        }
        return usedK / 1024.0;
    }
}
