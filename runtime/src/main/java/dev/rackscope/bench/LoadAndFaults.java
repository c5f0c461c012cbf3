package dev.rackscope.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.rackscope.api.snapshot.Snapshot;
import dev.rackscope.core.config.Yaml11;
import dev.rackscope.core.snapshot.SnapshotBuilder;

/**
 * Load while changing, then faults, on the real runnable folder ({@code bin/rackscope}) serving a generated
 * topology, with a real Prometheus scraping a fixture exporter.
 *
 * <p><b>Load while changing</b>: closed-loop clients drive {@code /api/rooms/{id}/state},
 * {@code /api/racks/{id}/state}, {@code /api/plugins/menu} and a plugin route ({@code /api/simulator/status})
 * for {@code --duration} seconds while another thread edits app.yaml, edits a topology file, disables and
 * re-enables a plugin (app.yaml, then REST), removes and restores a plugin jar, each at a set time, waiting
 * for each change to take effect. None of these routes may fail; the report gives throughput and p50/p99.
 *
 * <p><b>Faults</b> (with a light probe load that must see no error): Prometheus killed with SIGKILL and
 * restarted (states turn UNKNOWN, then recover); a corrupt and a half-copied jar in {@code deploy/};
 * app.yaml, a topology file and a plugin file replaced by invalid YAML, then fixed; 100 concurrent writes
 * to each write endpoint (simulator overrides, Slurm mapping, plugin config, {@code PUT /api/config}) with
 * nothing lost and every file valid YAML; a process killed during atomic writes leaves a whole file.
 *
 * <p>Exit status: 1 on any correctness failure; budget misses of the changes under load count only with
 * {@code --assert}.
 * {@code java -cp "runtime/target/classes:runtime/target/rackscope/bundle/*:runtime/target/rackscope/boot/*"
 * dev.rackscope.bench.LoadAndFaults [--duration 60] [--instances 15000] [--clients 2] [--assert] [--keep]}
 */
public final class LoadAndFaults {

    /** The outcome of a check. */
    public enum Outcome { PASS, FAIL, NOT_AVAILABLE }

    /** What to run. */
    public record Options(int instances, int durationSeconds, int clientsPerRoute, int concurrentWrites, int kills,
                          boolean keep) {
        public static Options full() {
            return new Options(15_000, 60, 2, 100, 20, false);
        }

        public static Options reduced() {
            return new Options(2_000, 20, 2, 100, 20, false);
        }
    }

    /** Requests of one route. */
    public record RouteStats(String route, String path, long requests, long errors, double requestsPerSecond,
                             double p50Ms, double p99Ms, List<String> errorSamples) {
    }

    /** One change made during the load. */
    public record Change(double atSeconds, String name, double effectMs, Double budgetMs, Outcome outcome,
                         String detail) {
        boolean overBudget() {
            return outcome == Outcome.PASS && budgetMs != null && effectMs > budgetMs;
        }
    }

    /** One fault and what the server did. */
    public record Fault(String name, Outcome outcome, String detail) {
    }

    /** Everything measured and checked. */
    public record Report(TopologyGenerator.Counts counts, int clientsPerRoute, double loadSeconds, double totalRps,
                         List<RouteStats> load, List<Change> changes, List<Fault> faults, List<RouteStats> probe,
                         List<String> serverLogErrors, Integer serverExit, double wallSeconds) {

        /** Route errors, failed changes and failed faults: what makes the run fail whatever the mode. */
        public List<String> correctnessFailures() {
            List<String> out = new ArrayList<>();
            if (serverExit != null) {
                out.add("the server process ended during the run with exit status " + serverExit);
            }
            for (RouteStats r : load) {
                if (r.errors() > 0) {
                    out.add("load: " + r.errors() + " errors on " + r.path() + " " + r.errorSamples());
                }
            }
            for (Change c : changes) {
                if (c.outcome() == Outcome.FAIL) {
                    out.add("change under load: " + c.name() + ": " + c.detail());
                }
            }
            for (Fault f : faults) {
                if (f.outcome() == Outcome.FAIL) {
                    out.add("fault: " + f.name() + ": " + f.detail());
                }
            }
            for (RouteStats r : probe) {
                if (r.errors() > 0) {
                    out.add("during the faults: " + r.errors() + " errors on " + r.path() + " " + r.errorSamples());
                }
            }
            return out;
        }

        /** Changes that took effect later than their budget (asserted only with {@code --assert}). */
        public List<String> budgetFailures() {
            List<String> out = new ArrayList<>();
            for (Change c : changes) {
                if (c.overBudget()) {
                    out.add(String.format(Locale.ROOT, "%s took effect in %.0f ms under load (budget %.0f ms)",
                            c.name(), c.effectMs(), c.budgetMs()));
                }
            }
            return out;
        }

        /** The report as Markdown. */
        public String markdown() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "### Load while changing%n%nTopology: %s. %d closed-loop clients per route"
                    + " (Java HttpClient, HTTP/1.1, loopback), %.0f s.%n%n", counts, clientsPerRoute, loadSeconds));
            routeTable(sb, load, true);
            sb.append(String.format(Locale.ROOT, "| **all** | %d | %d | %.0f | | |%n%n",
                    load.stream().mapToLong(RouteStats::requests).sum(),
                    load.stream().mapToLong(RouteStats::errors).sum(), totalRps));
            sb.append("Changes made during the load (each waits for its effect; budgets are single samples under load,"
                    + " asserted only with `--assert`):\n\n| at | change | took effect in | budget | result |\n"
                    + "|---|---|---|---|---|\n");
            for (Change c : changes) {
                sb.append(String.format(Locale.ROOT, "| %.1f s | %s | %s | %s | %s |%n", c.atSeconds(), c.name(),
                        c.outcome() == Outcome.PASS ? String.format(Locale.ROOT, "%.0f ms", c.effectMs()) : "—",
                        c.budgetMs() == null ? "—" : String.format(Locale.ROOT, "≤ %.0f ms", c.budgetMs()),
                        c.outcome() == Outcome.PASS ? (c.overBudget() ? "over budget" : "pass")
                                : c.outcome() == Outcome.FAIL ? "**FAIL**: " + c.detail() : "not available: " + c.detail()));
            }
            sb.append("\n### Faults\n\n| fault | result | detail |\n|---|---|---|\n");
            for (Fault f : faults) {
                sb.append("| ").append(f.name()).append(" | ").append(switch (f.outcome()) {
                    case PASS -> "pass";
                    case FAIL -> "**FAIL**";
                    case NOT_AVAILABLE -> "not available";
                }).append(" | ").append(f.detail().replace("|", "\\|").replace("\n", " ")).append(" |\n");
            }
            sb.append("\nThe API during the faults (one client per route, all the time):\n\n");
            routeTable(sb, probe, false);
            sb.append(String.format(Locale.ROOT, "%nServer log: %d ERROR lines%s%n", serverLogErrors.size(),
                    serverLogErrors.isEmpty() ? "." : " (distinct, first 10):"));
            serverLogErrors.stream().distinct().limit(10).forEach(e -> sb.append("- `").append(abbreviate(e, 220)
                    .replace("`", "'")).append("`\n"));
            List<String> failures = correctnessFailures();
            sb.append(String.format(Locale.ROOT, "%nCorrectness: %s. Wall time %.0f s.%n",
                    failures.isEmpty() ? "no failure" : failures.size() + " failure(s)", wallSeconds));
            for (String f : failures) {
                sb.append("- ").append(f).append('\n');
            }
            return sb.toString();
        }

        private static void routeTable(StringBuilder sb, List<RouteStats> rows, boolean rps) {
            sb.append("| route | requests | errors | req/s | p50 | p99 |\n|---|---|---|---|---|---|\n");
            for (RouteStats r : rows) {
                sb.append(String.format(Locale.ROOT, "| %s `%s` | %d | %d | %s | %.1f ms | %.1f ms |%n", r.route(),
                        r.path(), r.requests(), r.errors(), rps ? String.format(Locale.ROOT, "%.0f", r.requestsPerSecond())
                                : "—", r.p50Ms(), r.p99Ms()));
            }
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient LOAD_CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final String SLURM_ROUTE = "/api/slurm/mapping";
    private static final long EFFECT_TIMEOUT_MS = 30_000;
    /** Writes queue behind each other (100 concurrent PUT /api/config each load a snapshot): a generous timeout. */
    private static final Duration WRITE_TIMEOUT = Duration.ofMinutes(5);

    private final Path root;
    private final Options options;
    private final PrintStream log;
    private Path work;
    private Path config;
    private Path app;
    private Path home;
    private BenchSupport.Server server;
    private PrometheusForBench prometheus;
    private String roomId;
    private String rackId;
    private boolean slurmActive;
    private boolean slurmRoute;
    private long phaseStart;

    private LoadAndFaults(Path root, Options options, PrintStream log) {
        this.root = root;
        this.options = options;
        this.log = log;
    }

    public static void main(String[] args) throws Exception {
        Options full = Options.full();
        int instances = full.instances();
        int duration = full.durationSeconds();
        int clients = full.clientsPerRoute();
        boolean assertBudgets = false;
        boolean keep = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--duration" -> duration = Integer.parseInt(args[++i]);
                case "--instances" -> instances = Integer.parseInt(args[++i]);
                case "--clients" -> clients = Integer.parseInt(args[++i]);
                case "--assert" -> assertBudgets = true;
                case "--keep" -> keep = true;
                default -> throw new IllegalArgumentException(
                        "usage: [--duration S] [--instances N] [--clients PER_ROUTE] [--assert] [--keep]");
            }
        }
        Report r = run(BenchSupport.repoRoot(), new Options(instances, duration, clients, full.concurrentWrites(),
                full.kills(), keep), System.out);
        System.out.println();
        System.out.println(r.markdown());
        List<String> budget = r.budgetFailures();
        if (!budget.isEmpty()) {
            System.out.println("Budgets missed under load" + (assertBudgets ? "" : " (reported, not asserted)") + ":");
            budget.forEach(b -> System.out.println("- " + b));
        }
        System.exit(!r.correctnessFailures().isEmpty() || (assertBudgets && !budget.isEmpty()) ? 1 : 0);
    }

    /** Runs the load and the faults; progress goes to {@code log}. */
    public static Report run(Path root, Options options, PrintStream log) throws Exception {
        return new LoadAndFaults(root, options, log).run();
    }

    private Report run() throws Exception {
        long wall0 = System.nanoTime();
        work = Files.createTempDirectory("rackscope-loadfaults-");
        config = work.resolve("config");
        app = config.resolve("app.yaml");
        boolean failed = true;
        try {
            TopologyGenerator.Counts counts = TopologyGenerator.generate(config, options.instances());
            log.println("load-and-faults: topology " + counts + " in " + config);
            Path slurmFile = config.resolve("plugins/slurm/config.yml");
            Files.writeString(slurmFile, Files.readString(slurmFile).replace("mapping_path: null",
                    "mapping_path: plugins/slurm/node_mapping.yaml"));
            Snapshot snapshot = SnapshotBuilder.fromFile(app, 1);
            roomId = snapshot.topology().sites().get(0).rooms().get(0).id();
            rackId = "r00001";
            try (FixtureMetrics exporter = new FixtureMetrics(snapshot)) {
                snapshot = null;
                prometheus = PrometheusForBench.start(work.resolve("prometheus"), exporter.target(), "/metrics", 2);
                try {
                    Files.writeString(app, Files.readString(app).replace("prometheus_url: \"\"", "prometheus_url: "
                            + prometheus.url() + "\n  prometheus_timeout_seconds: 2\n  prometheus_heartbeat_seconds: 10"));
                    home = BenchSupport.copyRuntime(root, work);
                    try (BenchSupport.Server s = BenchSupport.start(home, app, Map.of())) {
                        server = s;
                        Report report = runOnServer(counts, wall0);
                        failed = !report.correctnessFailures().isEmpty();
                        return report;
                    }
                } finally {
                    prometheus.close();
                }
            }
        } finally {
            if (options.keep() || failed) {
                log.println("load-and-faults: kept " + work + " (server log: " + work.resolve("rackscope/data/bench-server.log") + ")");
            } else {
                BenchSupport.deleteTree(work);
            }
        }
    }

    private Report runOnServer(TopologyGenerator.Counts counts, long wall0) throws Exception {
        String rackPath = "/api/racks/" + rackId + "/state";
        await("server up with the simulator plugin", () -> menuHas("simulator"), 120_000);
        slurmActive = await(() -> menuHas("workload") && get("/api/plugins").body().contains("\"id\":\"slurm\""),
                30_000) >= 0;
        slurmRoute = slurmActive && get(SLURM_ROUTE).status() == 200;
        await("first health from Prometheus", () -> !"UNKNOWN".equals(rackState()), 180_000);
        log.println("load-and-faults: server on port " + server.port() + ", Prometheus " + prometheus.url()
                + ", slurm plugin " + (slurmActive ? "active" : "NOT active") + (slurmRoute ? "" : ", no " + SLURM_ROUTE));

        List<Route> routes = List.of(
                new Route("room state", "/api/rooms/" + roomId + "/state", b -> b.contains("\"state\"")),
                new Route("rack state", rackPath, b -> b.contains("\"state\"")),
                new Route("plugin menu", "/api/plugins/menu", b -> b.contains("\"id\":\"simulator\"")),
                new Route("plugin route", "/api/simulator/status", b -> b.contains("\"update_interval\"")));

        // warm-up, then the load with the change script on its own thread
        LoadRun warm = new LoadRun(routes, 1);
        warm.start();
        BenchSupport.sleep(3000);
        warm.stop();

        LoadRun load = new LoadRun(routes, options.clientsPerRoute());
        List<Change> changes = Collections.synchronizedList(new ArrayList<>());
        load.start();
        phaseStart = System.nanoTime();
        Thread script = new Thread(() -> changeScript(changes), "load-and-faults-changes");
        script.start();
        long end = phaseStart + options.durationSeconds() * 1_000_000_000L;
        while (System.nanoTime() < end || script.isAlive()) {
            BenchSupport.sleep(50);
        }
        script.join();
        load.stop();
        List<RouteStats> loadStats = load.stats();
        double loadSeconds = load.seconds();
        double total = loadStats.stream().mapToLong(RouteStats::requests).sum() / loadSeconds;
        log.printf(Locale.ROOT, "load-and-faults: load done, %.0f req/s over %.0f s, errors %d%n", total, loadSeconds,
                loadStats.stream().mapToLong(RouteStats::errors).sum());

        // faults, with a probe load that must never fail
        LoadRun probe = new LoadRun(routes, 1);
        probe.start();
        List<Fault> faults = new ArrayList<>();
        fault(faults, "Prometheus killed (SIGKILL) and restarted", this::prometheusKilled);
        fault(faults, "corrupt and half-copied jars in deploy/", this::badJars);
        fault(faults, "app.yaml replaced by invalid YAML, then fixed", n -> invalidYaml(n, app));
        fault(faults, "topology file replaced by invalid YAML, then fixed", n -> invalidYaml(n, rackFile("r00002")));
        fault(faults, "plugin file replaced by invalid YAML, then fixed", this::invalidPluginFile);
        fault(faults, options.concurrentWrites() + " concurrent POST /api/simulator/overrides", this::concurrentOverrides);
        fault(faults, options.concurrentWrites() + " concurrent POST /api/slurm/mapping", this::concurrentMapping);
        fault(faults, options.concurrentWrites() + " concurrent POST /api/plugins/simulator/config", this::concurrentPluginConfig);
        fault(faults, options.concurrentWrites() + " concurrent PUT /api/config", this::concurrentPutConfig);
        fault(faults, "every file of the configuration is valid YAML after the writes", this::allFilesParse);
        probe.stop();
        fault(faults, "process killed during atomic writes (" + options.kills() + " times)", this::killDuringWrite);
        return new Report(counts, options.clientsPerRoute(), loadSeconds, total, loadStats, List.copyOf(changes), faults,
                probe.stats(), serverLogErrors(), server.process().isAlive() ? null : server.process().exitValue(),
                (System.nanoTime() - wall0) / 1e9);
    }

    // ------------------------------------------------------------------------------------------ changes

    private interface Action {
        void run() throws Exception;
    }

    private record Step(String name, Action action, BooleanSupplier effect, Double budgetMs, boolean needsSlurm) {
    }

    private void changeScript(List<Change> changes) {
        Path rack = rackFile(rackId);
        String appName = "Rackscope (synthetic)";
        String edited = "Rackscope (synthetic, edited under load)";
        String rackName = "name: Rack 1\n";
        String rackEdited = "name: Rack 1 (edited under load)\n";
        Path deployed = home.resolve("deploy/slurm-bundle.jar");
        Path aside = work.resolve("slurm-bundle.jar");
        List<Step> steps = List.of(
                new Step("app.yaml edited in place (app.name)", () -> replaceIn(app, "name: " + appName, "name: " + edited),
                        () -> get("/api/config").body().contains("\"name\":\"" + edited + "\""), 1000.0, false),
                new Step("topology file edited in place (rack " + rackId + " renamed)", () -> replaceIn(rack, rackName, rackEdited),
                        () -> get("/api/racks/" + rackId).body().contains("Rack 1 (edited under load)"), 1000.0, false),
                new Step("plugin disabled in app.yaml (slurm)",
                        () -> replaceIn(app, "  slurm:\n    enabled: true", "  slurm:\n    enabled: false"),
                        () -> slurmGone(), 300.0, true),
                new Step("plugin re-enabled through REST (slurm)",
                        () -> expect(send("PUT", "/api/plugins/slurm/enabled", "{\"enabled\": true}"), 200),
                        () -> slurmBack(), 100.0, true),
                new Step("plugin jar removed from deploy/ (slurm)", () -> Files.move(deployed, aside),
                        () -> slurmGone(), null, true),
                new Step("plugin jar restored (copy to a temporary name, rename)", () -> {
                    Path tmp = home.resolve("deploy/.slurm-bundle.jar.copying");
                    Files.copy(aside, tmp, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(tmp, deployed, StandardCopyOption.ATOMIC_MOVE);
                }, () -> slurmBack(), 500.0, true),
                new Step("app.yaml edited back", () -> replaceIn(app, "name: " + edited, "name: " + appName),
                        () -> get("/api/config").body().contains("\"name\":\"" + appName + "\""), 1000.0, false),
                new Step("topology file edited back", () -> replaceIn(rack, rackEdited, rackName),
                        () -> get("/api/racks/" + rackId).body().contains("\"name\":\"Rack 1\""), 1000.0, false));
        long duration = options.durationSeconds() * 1_000_000_000L;
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            long at = phaseStart + duration * (i + 1) / (steps.size() + 1);
            while (System.nanoTime() < at) {
                BenchSupport.sleep(10);
            }
            double atSeconds = (System.nanoTime() - phaseStart) / 1e9;
            if (!server.process().isAlive()) {
                changes.add(new Change(atSeconds, step.name(), 0, step.budgetMs(), Outcome.FAIL, serverGone()));
                continue;
            }
            if (step.needsSlurm() && !slurmActive) {
                changes.add(new Change(atSeconds, step.name(), 0, step.budgetMs(), Outcome.NOT_AVAILABLE,
                        "the slurm plugin was not active at start"));
                continue;
            }
            try {
                long t0 = System.nanoTime();
                step.action().run();
                double ms = awaitFrom(t0, step.effect(), EFFECT_TIMEOUT_MS);
                changes.add(ms < 0
                        ? new Change(atSeconds, step.name(), 0, step.budgetMs(), Outcome.FAIL,
                                "no effect within " + EFFECT_TIMEOUT_MS / 1000 + " s")
                        : new Change(atSeconds, step.name(), ms, step.budgetMs(), Outcome.PASS, ""));
            } catch (Exception | AssertionError e) {
                changes.add(new Change(atSeconds, step.name(), 0, step.budgetMs(), Outcome.FAIL, e.toString()));
            }
            log.printf(Locale.ROOT, "load-and-faults: %.1f s %s → %s%n", atSeconds, step.name(), changes.get(changes.size() - 1));
        }
    }

    private String serverGone() {
        return "the server process ended during the run (exit status " + server.process().exitValue()
                + "; 143 is SIGTERM: was it stopped from outside?)";
    }

    private boolean slurmGone() {
        return !get("/api/plugins").body().contains("\"id\":\"slurm\"") && !menuHas("workload")
                && get(SLURM_ROUTE).status() == 404;
    }

    private boolean slurmBack() {
        return get("/api/plugins").body().contains("\"id\":\"slurm\"") && menuHas("workload")
                && (!slurmRoute || get(SLURM_ROUTE).status() == 200);
    }

    // ------------------------------------------------------------------------------------------ faults

    private interface FaultCheck {
        Fault check(String name) throws Exception;
    }

    private void fault(List<Fault> faults, String name, FaultCheck check) {
        long t0 = System.nanoTime();
        Fault f;
        try {
            f = server.process().isAlive() ? check.check(name) : new Fault(name, Outcome.FAIL, serverGone());
        } catch (Exception | AssertionError e) {
            f = new Fault(name, Outcome.FAIL, e.toString());
        }
        f = new Fault(f.name(), f.outcome(), f.detail().replace(work.toString(), "<work>"));
        faults.add(f);
        log.printf(Locale.ROOT, "load-and-faults: fault %s → %s (%.1f s) %s%n", name, f.outcome(),
                (System.nanoTime() - t0) / 1e9, f.detail());
    }

    private Fault prometheusKilled(String name) throws Exception {
        // short TTLs so that states expire quickly once Prometheus is gone
        String text = Files.readString(app);
        Files.writeString(app, text.replace("planner:\n", "planner:\n  cache_ttl_seconds: 2\n")
                + "cache:\n  ttl_seconds: 2\n  health_checks_ttl_seconds: 2\n");
        await("short cache TTLs applied", () -> get("/api/config").body().contains("\"cache_ttl_seconds\":2,"), EFFECT_TIMEOUT_MS);
        await("rack state from Prometheus", () -> !"UNKNOWN".equals(rackState()), 60_000);
        long t0 = System.nanoTime();
        prometheus.kill();
        double unknownMs = awaitFrom(t0, () -> allUnknown(), 90_000);
        if (unknownMs < 0) {
            return new Fault(name, Outcome.FAIL, "states did not turn UNKNOWN within 90 s; rack state " + rackState());
        }
        int stats = get("/api/stats/prometheus").status();
        int alerts = get("/api/alerts/active").status();
        int room = get("/api/rooms/" + roomId + "/state").status();
        long t1 = System.nanoTime();
        prometheus = prometheus.restart();
        double recoverMs = awaitFrom(t1, () -> {
            String s = get("/api/racks/" + rackId + "/state").body();
            return s.contains("\"state\":\"") && !s.contains("\"state\":\"UNKNOWN\"");
        }, 120_000);
        if (recoverMs < 0) {
            return new Fault(name, Outcome.FAIL, "states still UNKNOWN 120 s after the restart");
        }
        boolean ok = stats == 200 && alerts == 200 && room == 200;
        return new Fault(name, ok ? Outcome.PASS : Outcome.FAIL, String.format(Locale.ROOT,
                "rack %s and all its nodes UNKNOWN %.1f s after the kill (room state, alerts, stats/prometheus answered "
                        + "%d, %d, %d); every state back %.1f s after the restart", rackId, unknownMs / 1000, room, alerts,
                stats, recoverMs / 1000));
    }

    private boolean allUnknown() {
        try {
            JsonNode rack = JSON.readTree(get("/api/racks/" + rackId + "/state").body());
            if (!"UNKNOWN".equals(rack.path("state").asText())) {
                return false;
            }
            for (JsonNode n : rack.path("nodes")) {
                if (!"UNKNOWN".equals(n.path("state").asText())) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private Fault badJars(String name) throws Exception {
        Path deploy = home.resolve("deploy");
        Path corrupt = deploy.resolve("lf-corrupt.jar");
        Path half = deploy.resolve("lf-half-copied.jar");
        byte[] real = Files.readAllBytes(deploy.resolve("simulator-bundle.jar"));
        byte[] noise = new byte[4096];
        new Random(7).nextBytes(noise);
        Files.write(corrupt, noise);
        Files.write(half, Arrays.copyOf(real, real.length / 2));
        double listed = await(() -> {
            JsonNode ignored = status().path("deploy").path("ignored_jars");
            return ignored.has("lf-corrupt.jar") && ignored.has("lf-half-copied.jar");
        }, 20_000);
        String ignored = status().path("deploy").path("ignored_jars").toString();
        boolean plugins = get("/api/plugins").body().contains("\"id\":\"simulator\"")
                && (!slurmActive || get("/api/plugins").body().contains("\"id\":\"slurm\""));
        Files.delete(corrupt);
        Files.delete(half);
        double cleared = await(() -> status().path("deploy").path("ignored_jars").size() == 0, 20_000);
        boolean ok = listed >= 0 && plugins && cleared >= 0;
        return new Fault(name, ok ? Outcome.PASS : Outcome.FAIL, (listed >= 0
                ? String.format(Locale.ROOT, "both listed in deploy.ignored_jars after %.0f ms (%s)", listed, abbreviate(ignored, 160))
                : "not both listed in deploy.ignored_jars within 20 s: " + ignored)
                + (plugins ? "; plugins still active" : "; a plugin went away")
                + (cleared >= 0 ? "; list empty again once deleted" : "; still listed 20 s after deletion"));
    }

    /** Replaces a file watched by the snapshot with invalid YAML: the error shows with its file, then clears. */
    private Fault invalidYaml(String name, Path file) throws Exception {
        String good = Files.readString(file);
        long before = generation();
        Files.writeString(file, "id: [unclosed\n  name: : :\n");
        double reported = await(() -> status().path("snapshot").path("error").path("file").asText().endsWith(
                file.getFileName().toString()), 20_000);
        JsonNode err = status().path("snapshot").path("error");
        boolean serving = get("/api/rooms/" + roomId + "/state").status() == 200 && menuHas("simulator")
                && get("/api/plugins").body().contains("\"id\":\"simulator\"");
        Files.writeString(file, good);
        double cleared = await(() -> status().path("snapshot").path("error").isNull() && generation() > before, 30_000);
        boolean ok = reported >= 0 && serving && cleared >= 0;
        return new Fault(name, ok ? Outcome.PASS : Outcome.FAIL,
                (reported >= 0 ? String.format(Locale.ROOT, "snapshot.error after %.0f ms (line %s: %s)", reported,
                        err.path("line").asText(), abbreviate(err.path("message").asText(), 90))
                        : "no snapshot.error naming the file within 20 s: " + err)
                        + (serving ? "; the last good snapshot kept serving" : "; the API stopped serving")
                        + (cleared >= 0 ? String.format(Locale.ROOT, "; error null %.0f ms after the fix", cleared)
                        : "; error not cleared 30 s after the fix"));
    }

    /**
     * A plugin's own file replaced by invalid YAML: the plugin keeps its last good settings and its routes; the
     * README says the error is also shown by {@code GET /api/system/status} (checked, reported, not failed).
     */
    private Fault invalidPluginFile(String name) throws Exception {
        Path file = config.resolve("plugins/simulator/config/plugin.yaml");
        String good = Files.readString(file);
        Files.writeString(file, "seed: [unclosed\n  x: : :\n");
        BenchSupport.sleep(1500); // the watcher's debounce and the bridge's reload
        boolean shown = status().toString().contains("plugin.yaml");
        boolean active = get("/api/plugins").body().contains("\"id\":\"simulator\"")
                && get("/api/simulator/status").status() == 200;
        String seed = pluginSeed();
        Files.writeString(file, good.replace("seed: 7", "seed: 8"));
        double fixed = await(() -> "8".equals(pluginSeed()), 20_000);
        boolean ok = active && fixed >= 0;
        return new Fault(name, ok ? Outcome.PASS : Outcome.FAIL,
                (active ? "simulator kept running with its last good settings (seed " + seed + ")"
                        : "the simulator plugin went away")
                        + (fixed >= 0 ? String.format(Locale.ROOT, "; the fixed file applied after %.0f ms", fixed)
                        : "; the fixed file was not applied within 20 s")
                        + (shown ? "; the error is shown by /api/system/status"
                        : "; NOTE: the parse error is only logged, /api/system/status does not show it"));
    }

    private String pluginSeed() {
        try {
            return JSON.readTree(get("/api/config").body()).path("plugins").path("simulator").path("seed").asText();
        } catch (IOException e) {
            return "?";
        }
    }

    private Fault concurrentOverrides(String name) throws Exception {
        int n = options.concurrentWrites();
        List<BenchSupport.Reply> replies = concurrently(n, i -> send("POST", "/api/simulator/overrides", String.format(
                Locale.ROOT, "{\"id\": \"lf-ovr-%03d\", \"instance\": \"compute%06d\", \"metric\": \"node_temperature_celsius\","
                        + " \"value\": %d, \"ttl_seconds\": 3600}", i, i + 1, 40 + i % 30)));
        long ok200 = replies.stream().filter(r -> r.status() == 200).count();
        Set<String> listed = new HashSet<>();
        for (JsonNode o : JSON.readTree(get("/api/simulator/overrides").body()).path("overrides")) {
            listed.add(o.path("id").asText());
        }
        Path file = config.resolve("plugins/simulator/overrides/overrides.yaml");
        Set<String> inFile = new HashSet<>();
        String parse = null;
        try {
            if (Yaml11.parse(Files.readString(file), file.toString()) instanceof Map<?, ?> m
                    && m.get("overrides") instanceof List<?> list) {
                for (Object e : list) {
                    if (e instanceof Map<?, ?> entry) {
                        inFile.add(String.valueOf(entry.get("id")));
                    }
                }
            }
        } catch (Yaml11.YamlFileException e) {
            parse = e.getMessage();
        }
        int missingApi = 0;
        int missingFile = 0;
        for (int i = 0; i < n; i++) {
            String id = String.format(Locale.ROOT, "lf-ovr-%03d", i);
            missingApi += listed.contains(id) ? 0 : 1;
            missingFile += inFile.contains(id) ? 0 : 1;
        }
        send("DELETE", "/api/simulator/overrides", null);
        boolean ok = ok200 == n && parse == null && missingApi == 0 && missingFile == 0;
        return new Fault(name, ok ? Outcome.PASS : Outcome.FAIL, String.format(Locale.ROOT,
                "%d/%d answered 200%s; %s; %d/%d in GET /api/simulator/overrides, %d/%d in the file", ok200, n,
                statuses(replies), parse == null ? "file valid YAML" : "file INVALID: " + parse, n - missingApi, n,
                n - missingFile, n));
    }

    private Fault concurrentMapping(String name) throws Exception {
        BenchSupport.Reply probe = get(SLURM_ROUTE);
        if (probe.status() == 404 || probe.status() == -1) {
            return new Fault(name, Outcome.NOT_AVAILABLE, "GET " + SLURM_ROUTE + " answers " + probe.status()
                    + " (the Slurm plugin is being rewritten)");
        }
        int n = options.concurrentWrites();
        List<BenchSupport.Reply> replies = concurrently(n, i -> send("POST", SLURM_ROUTE, String.format(Locale.ROOT,
                "{\"entries\": [{\"node\": \"lf%03d-a\", \"instance\": \"compute000001\"},"
                        + " {\"node\": \"lf%03d-b\", \"instance\": \"compute000002\"}]}", i, i)));
        long ok200 = replies.stream().filter(r -> r.status() == 200).count();
        if (ok200 == 0 && replies.stream().allMatch(r -> r.status() == 404)) {
            return new Fault(name, Outcome.NOT_AVAILABLE, "POST " + SLURM_ROUTE + " answers 404");
        }
        Path file = config.resolve("plugins/slurm/node_mapping.yaml");
        String parse = null;
        Integer version = null;
        try {
            Object doc = Yaml11.parse(Files.readString(file), file.toString());
            version = mappingVersion(doc instanceof Map<?, ?> m ? m.get("mappings") : null);
        } catch (Yaml11.YamlFileException e) {
            parse = e.getMessage();
        }
        Integer fileVersion = version;
        double same = await(() -> {
            try {
                JsonNode entries = JSON.readTree(get(SLURM_ROUTE).body()).path("entries");
                return Objects.equals(mappingVersion(JSON.convertValue(entries, List.class)), fileVersion);
            } catch (IOException e) {
                return false;
            }
        }, 10_000);
        boolean ok = ok200 == n && parse == null && version != null && same >= 0;
        return new Fault(name, ok ? Outcome.PASS : Outcome.FAIL, String.format(Locale.ROOT,
                "%d/%d answered 200%s; %s; %s; GET %s %s", ok200, n, statuses(replies),
                parse == null ? "file valid YAML" : "file INVALID: " + parse,
                version == null ? "the file is none of the written versions" : "the file is exactly version " + version
                        + " of the " + n + " written (last writer wins)", SLURM_ROUTE,
                same >= 0 ? "returns the same" : "differs from the file"));
    }

    /** The version {@code k} whose two entries ({@code lfK-a}, {@code lfK-b}) a mapping list is, else null. */
    private static Integer mappingVersion(Object mappings) {
        if (!(mappings instanceof List<?> list) || list.size() != 2) {
            return null;
        }
        String a = list.get(0) instanceof Map<?, ?> m ? String.valueOf(m.get("node")) : "";
        String b = list.get(1) instanceof Map<?, ?> m ? String.valueOf(m.get("node")) : "";
        if (!a.matches("lf\\d{3}-a") || !b.equals(a.substring(0, 5) + "-b")) {
            return null;
        }
        Object i1 = ((Map<?, ?>) list.get(0)).get("instance");
        Object i2 = ((Map<?, ?>) list.get(1)).get("instance");
        return "compute000001".equals(i1) && "compute000002".equals(i2) ? Integer.parseInt(a.substring(2, 5)) : null;
    }

    @SuppressWarnings("unchecked")
    private Fault concurrentPluginConfig(String name) throws Exception {
        int n = options.concurrentWrites();
        Map<String, Object> base = JSON.convertValue(JSON.readTree(get("/api/plugins/simulator/config").body())
                .path("config"), LinkedHashMap.class);
        List<Map<String, Object>> versions = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Object> v = new LinkedHashMap<>(base);
            v.put("seed", 1000 + i);
            versions.add(v);
        }
        List<BenchSupport.Reply> replies = concurrently(n, i -> {
            try {
                return send("POST", "/api/plugins/simulator/config", JSON.writeValueAsString(Map.of("config", versions.get(i))));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        long ok200 = replies.stream().filter(r -> r.status() == 200).count();
        Path file = config.resolve("plugins/simulator/config/plugin.yaml");
        String parse = null;
        int version = -1;
        try {
            Object doc = Yaml11.parse(Files.readString(file), file.toString());
            if (doc instanceof Map<?, ?> m && m.get("seed") instanceof Number seed) {
                int k = seed.intValue() - 1000;
                Map<String, Object> asJson = JSON.convertValue(doc, LinkedHashMap.class);
                if (k >= 0 && k < n && JSON.valueToTree(versions.get(k)).equals(JSON.valueToTree(asJson))) {
                    version = k;
                }
            }
        } catch (Yaml11.YamlFileException e) {
            parse = e.getMessage();
        }
        String want = Integer.toString(1000 + version);
        double live = version < 0 ? -1 : await(() -> want.equals(pluginSeed()), 20_000);
        boolean active = get("/api/simulator/status").status() == 200;
        boolean ok = ok200 == n && parse == null && version >= 0 && live >= 0 && active;
        return new Fault(name, ok ? Outcome.PASS : Outcome.FAIL, String.format(Locale.ROOT,
                "%d/%d answered 200%s; %s; %s; %s; plugin %s", ok200, n, statuses(replies),
                parse == null ? "file valid YAML" : "file INVALID: " + parse,
                version >= 0 ? "the file is exactly version " + version + " (last writer wins)"
                        : "the file is none of the written versions",
                live >= 0 ? String.format(Locale.ROOT, "the live config (GET /api/config) reached it after %.0f ms", live)
                        : "the live config did not reach the file's version (seed " + pluginSeed() + ")",
                active ? "active" : "NOT active"));
    }

    private Fault concurrentPutConfig(String name) throws Exception {
        int n = options.concurrentWrites();
        JsonNode base = JSON.readTree(get("/api/config").body());
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ObjectNode v = base.deepCopy();
            ((ObjectNode) v.path("app")).put("name", String.format(Locale.ROOT, "LF config %03d", i));
            bodies.add(JSON.writeValueAsString(v));
        }
        long t0 = System.nanoTime();
        List<BenchSupport.Reply> replies = concurrently(n, i -> send("PUT", "/api/config", bodies.get(i)));
        double seconds = (System.nanoTime() - t0) / 1e9;
        long ok200 = replies.stream().filter(r -> r.status() == 200).count();
        String parse = null;
        String fileName = null;
        try {
            if (Yaml11.parse(Files.readString(app), app.toString()) instanceof Map<?, ?> m
                    && m.get("app") instanceof Map<?, ?> a) {
                fileName = String.valueOf(a.get("name"));
            }
        } catch (Yaml11.YamlFileException e) {
            parse = e.getMessage();
        }
        boolean isVersion = fileName != null && fileName.matches("LF config \\d{3}");
        String want = fileName;
        double live = !isVersion ? -1 : await(() -> get("/api/config").body().contains("\"name\":\"" + want + "\""), 20_000);
        boolean plugins = get("/api/plugins").body().contains("\"id\":\"simulator\"")
                && (!slurmActive || get("/api/plugins").body().contains("\"id\":\"slurm\""));
        boolean ok = ok200 == n && parse == null && isVersion && live >= 0 && plugins && status().path("snapshot")
                .path("error").isNull();
        return new Fault(name, ok ? Outcome.PASS : Outcome.FAIL, String.format(Locale.ROOT,
                "%d/%d answered 200%s in %.1f s; %s; %s; %s; %s", ok200, n, statuses(replies), seconds,
                parse == null ? "app.yaml valid YAML" : "app.yaml INVALID: " + parse,
                isVersion ? "app.yaml is exactly one written version (\"" + fileName + "\")"
                        : "app.yaml is none of the written versions (app.name " + fileName + ")",
                live >= 0 ? "GET /api/config serves it" : "GET /api/config does not serve the file's version",
                plugins ? "plugins still active" : "a plugin went away"));
    }

    private Fault allFilesParse(String name) throws IOException {
        List<String> bad = new ArrayList<>();
        List<String> temp = new ArrayList<>();
        int files = 0;
        try (Stream<Path> s = Files.walk(config)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String f = p.getFileName().toString();
                if (f.endsWith(".tmp")) {
                    temp.add(config.relativize(p).toString());
                }
                if (!Files.isRegularFile(p) || !(f.endsWith(".yaml") || f.endsWith(".yml"))) {
                    continue;
                }
                files++;
                try {
                    Yaml11.parse(Files.readString(p), p.toString());
                } catch (Yaml11.YamlFileException e) {
                    bad.add(config.relativize(p) + ": " + e.getMessage());
                }
            }
        }
        boolean ok = bad.isEmpty() && temp.isEmpty();
        return new Fault(name, ok ? Outcome.PASS : Outcome.FAIL, files + " YAML files, " + bad.size() + " invalid"
                + (bad.isEmpty() ? "" : " " + bad) + ", " + temp.size() + " temporary files left" + (temp.isEmpty() ? "" : " " + temp));
    }

    private Fault killDuringWrite(String name) throws Exception {
        Path dir = work.resolve("kill-during-write");
        Files.createDirectories(dir);
        Path file = dir.resolve("settings.yaml");
        WriteLoop.writer(file).write(file, WriteLoop.content(0));
        Random random = new Random(20_261_125L);
        List<String> problems = new ArrayList<>();
        List<Long> writes = new ArrayList<>();
        int tempLeft = 0;
        for (int k = 0; k < options.kills(); k++) {
            long first = (k + 1) * 1_000_000L;
            Process child = new ProcessBuilder(BenchSupport.javaBinary(), "-cp", BenchSupport.classPath(root),
                    WriteLoop.class.getName(), file.toString(), Long.toString(first)).redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (!"writing".equals(line)) {
                child.destroyForcibly().waitFor();
                throw new IllegalStateException("the writer child did not start: " + line);
            }
            BenchSupport.sleep(50 + random.nextInt(400));
            child.destroyForcibly();
            child.waitFor();
            String text = Files.readString(file);
            long version;
            try {
                Object doc = Yaml11.parse(text, file.toString());
                version = doc instanceof Map<?, ?> m && m.get("version") instanceof Number v ? v.longValue() : -1;
            } catch (Yaml11.YamlFileException e) {
                problems.add("kill " + (k + 1) + ": the file does not parse: " + e.getMessage());
                continue;
            }
            if (version < 0 || !text.equals(WriteLoop.content(version))) {
                problems.add("kill " + (k + 1) + ": the file is not a whole written version (version " + version + ")");
                continue;
            }
            writes.add(version >= first ? version - first + 1 : 0);
            try (Stream<Path> s = Files.list(dir)) {
                long tmp = s.filter(p -> p.getFileName().toString().endsWith(".tmp")).count();
                if (tmp > 0) {
                    tempLeft++;
                    try (Stream<Path> d = Files.list(dir)) {
                        for (Path p : (Iterable<Path>) d::iterator) {
                            if (p.getFileName().toString().endsWith(".tmp")) {
                                Files.delete(p);
                            }
                        }
                    }
                }
            }
        }
        Collections.sort(writes);
        String detail = String.format(Locale.ROOT, "%d kills (SIGKILL at random moments of a child JVM rewriting a 200 KB "
                        + "YAML file through AtomicFileWriter); after each the file %s; whole versions completed per child: "
                        + "median %s; %d kills landed mid-write (a temporary file was left behind, never the target)",
                options.kills(), problems.isEmpty() ? "parsed and was exactly one written version" : "was TORN: " + problems,
                writes.isEmpty() ? "—" : writes.get(writes.size() / 2), tempLeft);
        return new Fault(name, problems.isEmpty() ? Outcome.PASS : Outcome.FAIL, detail);
    }

    // ------------------------------------------------------------------------------------------ load

    private record Route(String name, String path, Predicate<String> ok) {
    }

    /** Closed-loop clients on a set of routes, per-route latencies and errors. */
    private final class LoadRun {
        private final List<Route> routes;
        private final int clients;
        private final List<Thread> threads = new ArrayList<>();
        private final List<long[][]> latencies = new ArrayList<>(); // per route: per worker
        private final List<AtomicLong> errors = new ArrayList<>();
        private final List<List<String>> samples = new ArrayList<>();
        private volatile boolean stop;
        private long t0;
        private long t1;

        LoadRun(List<Route> routes, int clients) {
            this.routes = routes;
            this.clients = clients;
        }

        void start() {
            t0 = System.nanoTime();
            for (int r = 0; r < routes.size(); r++) {
                Route route = routes.get(r);
                long[][] perWorker = new long[clients][];
                latencies.add(perWorker);
                AtomicLong err = new AtomicLong();
                errors.add(err);
                List<String> sample = Collections.synchronizedList(new ArrayList<>());
                samples.add(sample);
                for (int c = 0; c < clients; c++) {
                    int worker = c;
                    Thread t = new Thread(() -> perWorker[worker] = loop(route, err, sample), "load-" + route.name() + "-" + c);
                    t.setDaemon(true);
                    threads.add(t);
                }
            }
            threads.forEach(Thread::start);
        }

        private long[] loop(Route route, AtomicLong err, List<String> sample) {
            HttpRequest req = HttpRequest.newBuilder(server.uri(route.path())).timeout(Duration.ofSeconds(30)).build();
            long[] lat = new long[1 << 14];
            int n = 0;
            while (!stop) {
                long s = System.nanoTime();
                String problem = null;
                try {
                    HttpResponse<String> r = LOAD_CLIENT.send(req, HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200) {
                        problem = r.statusCode() + " " + abbreviate(r.body(), 120);
                    } else if (!route.ok().test(r.body())) {
                        problem = "unexpected body " + abbreviate(r.body(), 120);
                    }
                } catch (IOException e) {
                    problem = e.toString();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                long e = System.nanoTime();
                if (problem != null) {
                    err.incrementAndGet();
                    if (sample.size() < 5) {
                        sample.add(String.format(Locale.ROOT, "at %.1f s: %s", (s - t0) / 1e9, problem));
                    }
                }
                if (n == lat.length) {
                    lat = Arrays.copyOf(lat, n * 2);
                }
                lat[n++] = e - s;
            }
            return Arrays.copyOf(lat, n);
        }

        void stop() throws InterruptedException {
            stop = true;
            for (Thread t : threads) {
                t.join();
            }
            t1 = System.nanoTime();
        }

        double seconds() {
            return (t1 - t0) / 1e9;
        }

        List<RouteStats> stats() {
            List<RouteStats> out = new ArrayList<>();
            for (int r = 0; r < routes.size(); r++) {
                long[] all = Arrays.stream(latencies.get(r)).filter(Objects::nonNull).flatMapToLong(Arrays::stream).sorted().toArray();
                int n = all.length;
                out.add(new RouteStats(routes.get(r).name(), routes.get(r).path(), n, errors.get(r).get(), n / seconds(),
                        n == 0 ? Double.NaN : all[n / 2] / 1e6, n == 0 ? Double.NaN : all[Math.min(n - 1, (int) (n * 0.99))] / 1e6,
                        List.copyOf(samples.get(r))));
            }
            return out;
        }
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** ERROR lines of the server log, timestamps cut so that repeats compare equal. */
    private List<String> serverLogErrors() throws IOException {
        Path logFile = home.resolve("data/bench-server.log");
        List<String> out = new ArrayList<>();
        if (Files.exists(logFile)) {
            for (String line : Files.readAllLines(logFile, StandardCharsets.UTF_8)) {
                int i = line.indexOf(" ERROR ");
                if (i >= 0) {
                    out.add(line.substring(i + 1).replaceAll("\\(\\d+\\)", "(n)").replace(work.toString(), "<work>"));
                }
            }
        }
        return out;
    }

    private BenchSupport.Reply get(String path) {
        return BenchSupport.send(server, "GET", path, null);
    }

    private BenchSupport.Reply send(String method, String path, String json) {
        return BenchSupport.send(server, method, path, json, WRITE_TIMEOUT);
    }

    private static void expect(BenchSupport.Reply r, int status) {
        if (r.status() != status) {
            throw new IllegalStateException("answered " + r.status() + ": " + abbreviate(r.body(), 200));
        }
    }

    private boolean menuHas(String id) {
        BenchSupport.Reply r = get("/api/plugins/menu");
        return r.status() == 200 && r.body().contains("\"id\":\"" + id + "\"");
    }

    private String rackState() {
        try {
            return JSON.readTree(get("/api/racks/" + rackId + "/state").body()).path("state").asText("none");
        } catch (IOException e) {
            return "none";
        }
    }

    private JsonNode status() {
        try {
            return JSON.readTree(get("/api/system/status").body());
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private long generation() {
        return status().path("snapshot").path("generation").asLong(-1);
    }

    private Path rackFile(String id) {
        try (Stream<Path> s = Files.walk(config.resolve("topology"))) {
            return s.filter(p -> p.getFileName().toString().equals(id + ".yaml")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no file for rack " + id));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rewrites {@code file} in place (truncate and write, as many editors do). */
    private static void replaceIn(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        if (!text.contains(from)) {
            throw new IllegalStateException(file + " does not contain " + from);
        }
        Files.writeString(file, text.replace(from, to));
    }

    private static List<BenchSupport.Reply> concurrently(int n, IntFunction<BenchSupport.Reply> call)
            throws InterruptedException {
        BenchSupport.Reply[] replies = new BenchSupport.Reply[n];
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = i;
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    replies[k] = call.apply(k);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    replies[k] = new BenchSupport.Reply(-1, e.toString());
                }
            });
            t.start();
            threads.add(t);
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        return Arrays.asList(replies);
    }

    /** " (others: 500 ×3 …)" for the replies that were not 200, else "". */
    private static String statuses(List<BenchSupport.Reply> replies) {
        Map<Integer, Integer> counts = new LinkedHashMap<>();
        String example = null;
        for (BenchSupport.Reply r : replies) {
            if (r == null || r.status() != 200) {
                counts.merge(r == null ? -1 : r.status(), 1, Integer::sum);
                if (example == null && r != null) {
                    example = abbreviate(r.body(), 160);
                }
            }
        }
        if (counts.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(" (others:");
        counts.forEach((s, c) -> sb.append(' ').append(s).append(" ×").append(c));
        return sb.append(", e.g. ").append(example).append(')').toString();
    }

    private double await(BooleanSupplier condition, long timeoutMs) {
        return awaitFrom(System.nanoTime(), condition, timeoutMs);
    }

    /** Ms from {@code t0} until {@code condition} holds, polling every 5 ms; -1 after {@code timeoutMs}. */
    private static double awaitFrom(long t0, BooleanSupplier condition, long timeoutMs) {
        long deadline = t0 + timeoutMs * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return -1;
            }
            BenchSupport.sleep(5);
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    private void await(String what, BooleanSupplier condition, long timeoutMs) {
        if (await(condition, timeoutMs) < 0) {
            throw new IllegalStateException(what + ": not reached within " + timeoutMs / 1000 + " s");
        }
    }

    private static String abbreviate(String s, int max) {
        String one = s == null ? "" : s.replace('\n', ' ');
        return one.length() <= max ? one : one.substring(0, max) + "…";
    }
}
