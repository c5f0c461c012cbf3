package dev.rackscope.bench;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Simulator budgets on the generated 15,000-instance topology, through a running server: time and size of
 * one scrape of {@code /simulator/metrics} (budget ≤ 0.5 s), as Prometheus asks (gzip) and as plain text,
 * and the server's CPU share while the generator ticks at the default 20 s interval.
 *
 * <p>{@code java -cp "runtime/target/classes:runtime/target/rackscope/bundle/*:runtime/target/rackscope/boot/*"
 * dev.rackscope.bench.SimulatorBench [--instances N] [--runs N] [--cpu-seconds N]}
 */
public final class SimulatorBench {

    /** Measurements of one run; times in ms. */
    public record Result(TopologyGenerator.Counts counts, List<Double> gzipMs, List<Double> plainMs, long gzipBytes,
                         long plainBytes, long series, int cpuSeconds, double cpuShare, int serverStarts) {
        public double gzip() {
            return BenchSupport.median(gzipMs);
        }

        public double plain() {
            return BenchSupport.median(plainMs);
        }
    }

    /** Server starts tried before giving up on a generator that never runs (a known startup race). */
    private static final int MAX_STARTS = 3;

    private SimulatorBench() {
    }

    public static void main(String[] args) throws Exception {
        int instances = 15_000;
        int runs = 7;
        int cpuSeconds = 60;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--instances" -> instances = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--cpu-seconds" -> cpuSeconds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("usage: [--instances N] [--runs N] [--cpu-seconds N]");
            }
        }
        Result r = run(BenchSupport.repoRoot(), instances, runs, cpuSeconds);
        if (r.serverStarts() > 1) {
            System.out.println("note: the simulator generator ran only after " + r.serverStarts() + " server starts");
        }
        System.out.printf("topology: %s%n%n| measure | budget | result |%n|---|---|---|%n", r.counts());
        System.out.printf("| scrape /simulator/metrics, gzip (as Prometheus asks), median of %d | ≤ 500 ms | %.0f ms, %.1f MB %s |%n",
                r.gzipMs().size(), r.gzip(), r.gzipBytes() / 1e6, r.gzip() <= 500 ? "pass" : "FAIL");
        System.out.printf("| scrape /simulator/metrics, plain text, median of %d | ≤ 500 ms | %.0f ms, %.1f MB, %d series %s |%n",
                r.plainMs().size(), r.plain(), r.plainBytes() / 1e6, r.series(), r.plain() <= 500 ? "pass" : "FAIL");
        System.out.printf("| server CPU at the default 20 s interval, idle API, over %d s | — | %.1f %% of one core |%n",
                r.cpuSeconds(), r.cpuShare() * 100);
    }

    /** Generates the topology, starts the server with the simulator, measures, and deletes what it wrote. */
    public static Result run(Path root, int instances, int runs, int cpuSeconds) throws Exception {
        Path work = Files.createTempDirectory("rackscope-simbench-");
        try {
            Path config = work.resolve("config");
            TopologyGenerator.Counts counts = TopologyGenerator.generate(config, instances);
            Path home = BenchSupport.copyRuntime(root, work);
            List<Double> gzipMs = new ArrayList<>();
            List<Double> plainMs = new ArrayList<>();
            long gzipBytes = 0;
            long plainBytes = 0;
            long series = 0;
            double cpuShare;
            int starts = 0;
            BenchSupport.Server started = null;
            while (started == null) {
                starts++;
                BenchSupport.Server candidate = BenchSupport.start(home, config.resolve("app.yaml"), Map.of());
                try {
                    BenchSupport.waitFor(() -> BenchSupport.body(candidate, "/api/simulator/status")
                            .contains("\"running\":true"), 90_000);
                    started = candidate;
                } catch (IllegalStateException e) {
                    String status = BenchSupport.body(candidate, "/api/simulator/status");
                    candidate.close();
                    if (starts == MAX_STARTS) {
                        throw new IllegalStateException("the simulator generator did not run after " + starts
                                + " server starts (90 s each): GET /api/simulator/status answers " + status, e);
                    }
                    System.out.println("simulator bench: the generator is not running 90 s after start (" + status
                            + "); starting the server again");
                }
            }
            try (BenchSupport.Server server = started) {
                for (int i = 0; i < runs + 1; i++) {
                    long t0 = System.nanoTime();
                    HttpResponse<byte[]> gz = BenchSupport.CLIENT.send(HttpRequest.newBuilder(server.uri("/simulator/metrics"))
                            .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
                    double g = (System.nanoTime() - t0) / 1e6;
                    t0 = System.nanoTime();
                    HttpResponse<byte[]> plain = BenchSupport.CLIENT.send(HttpRequest.newBuilder(
                            server.uri("/simulator/metrics")).build(), HttpResponse.BodyHandlers.ofByteArray());
                    double p = (System.nanoTime() - t0) / 1e6;
                    if (gz.statusCode() != 200 || plain.statusCode() != 200) {
                        throw new IllegalStateException("scrape answered " + gz.statusCode() + "/" + plain.statusCode());
                    }
                    if (i > 0) {
                        gzipMs.add(g);
                        plainMs.add(p);
                    }
                    gzipBytes = gz.body().length;
                    plainBytes = plain.body().length;
                    series = countSeries(plain.body());
                }
                long pid = server.pid();
                long cpu0 = cpuTicks(pid);
                long t0 = System.nanoTime();
                BenchSupport.sleep(cpuSeconds * 1000L);
                long cpu1 = cpuTicks(pid);
                double wall = (System.nanoTime() - t0) / 1e9;
                cpuShare = (cpu1 - cpu0) / 100.0 / wall; // CLK_TCK is 100 on Linux
            }
            return new Result(counts, gzipMs, plainMs, gzipBytes, plainBytes, series, cpuSeconds, cpuShare, starts);
        } finally {
            BenchSupport.deleteTree(work);
        }
    }

    private static long countSeries(byte[] body) {
        long n = 0;
        boolean lineStart = true;
        for (byte b : body) {
            if (lineStart && b != '#' && b != '\n') {
                n++;
            }
            lineStart = b == '\n';
        }
        return n;
    }

    /** utime + stime of a process, in clock ticks, from /proc. */
    private static long cpuTicks(long pid) throws java.io.IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }
}
