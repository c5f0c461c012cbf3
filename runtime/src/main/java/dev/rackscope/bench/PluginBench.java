package dev.rackscope.bench;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Plugin-runtime budgets of ARCHITECTURE.md, measured on the assembled runnable folder started by its own
 * {@code bin/rackscope} (a real process, real FileInstall, real HTTP):
 *
 * <pre>
 *   jar copied into deploy/ → its route answers 200          ≤ 500 ms median
 *   enabled flipped in app.yaml → route and menu follow       ≤ 300 ms median
 *   enable/disable through REST or ConfigAdmin → effect       ≤ 100 ms median
 *   cold start → /api/plugins/menu with both plugin sections  ≤ 2.5 s median
 * </pre>
 *
 * <p>The configuration is a temporary copy of {@code ../shared/rackscope-examples/hpc-cluster} when present
 * (else the project's {@code config/}), with both plugins enabled. Run from the repository root after
 * {@code mvn -DskipTests install}:
 * {@code java -cp "runtime/target/classes:runtime/target/rackscope/bundle/*:runtime/target/rackscope/boot/*"
 * dev.rackscope.bench.PluginBench [--runs N] [--assert]}
 */
public final class PluginBench {

    /** The samples of one budget, in ms. */
    public record Budget(String name, double limitMs, List<Double> samples) {
        public double median() {
            return BenchSupport.median(samples);
        }

        public boolean pass() {
            return median() <= limitMs;
        }
    }

    /** The budgets measured, and which configuration they ran on. */
    public record Result(String configuration, List<Budget> budgets) {
    }

    private static final String SLURM_ROUTE = "/api/slurm/mapping";

    private PluginBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = 7;
        boolean assertBudgets = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--assert" -> assertBudgets = true;
                default -> throw new IllegalArgumentException("usage: [--runs N] [--assert]");
            }
        }
        Result r = run(BenchSupport.repoRoot(), runs);
        System.out.println("config: " + r.configuration() + "\nruns: " + runs);
        boolean allPass = true;
        System.out.printf("%n| budget | limit | median | min | max | n | result |%n|---|---|---|---|---|---|---|%n");
        for (Budget b : r.budgets()) {
            allPass &= b.pass();
            System.out.printf("| %s | %.0f ms | %.0f ms | %.0f ms | %.0f ms | %d | %s |%n", b.name(), b.limitMs(),
                    b.median(), Collections.min(b.samples()), Collections.max(b.samples()), b.samples().size(),
                    b.pass() ? "pass" : "FAIL");
        }
        if (assertBudgets && !allPass) {
            System.exit(1);
        }
    }

    /** Measures every plugin-runtime budget {@code runs} times on a temporary copy of the runnable folder. */
    public static Result run(Path root, int runs) throws Exception {
        Path work = Files.createTempDirectory("rackscope-pluginbench-");
        try {
            Path home = BenchSupport.copyRuntime(root, work);
            Path config = prepareConfig(root, work.resolve("config"));
            Path app = config.resolve("app.yaml");
            String password = "bench-" + UUID.randomUUID();
            Map<String, String> env = Map.of("RACKSCOPE_CONSOLE_PASSWORD", password);

            Budget cold = new Budget("cold start → /api/plugins/menu with both plugin sections", 2500, new ArrayList<>());
            Budget jar = new Budget("jar copied into deploy/ → its route answers 200", 500, new ArrayList<>());
            Budget flip = new Budget("enabled flipped in app.yaml → route 404/200 and menu updated", 300, new ArrayList<>());
            Budget rest = new Budget("enable/disable through REST → effect", 100, new ArrayList<>());
            Budget console = new Budget("enable/disable through ConfigAdmin (web console) → effect", 100, new ArrayList<>());

            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                try (BenchSupport.Server s = BenchSupport.start(home, app, env)) {
                    BenchSupport.waitFor(() -> menuHas(s, "workload") && menuHas(s, "simulator"), 60_000);
                    cold.samples().add(ms(t0));
                }
            }

            try (BenchSupport.Server s = BenchSupport.start(home, app, env)) {
                BenchSupport.waitFor(() -> menuHas(s, "workload") && menuHas(s, "simulator"), 60_000);
                Path deployed = home.resolve("deploy/slurm-bundle.jar");
                Path aside = work.resolve("slurm-bundle.jar");
                for (int i = 0; i < runs; i++) {
                    Files.move(deployed, aside);
                    BenchSupport.waitFor(() -> BenchSupport.status(s, SLURM_ROUTE) == 404, 10_000);
                    Path tmp = home.resolve("deploy/.slurm-bundle.jar.copying");
                    Files.copy(aside, tmp);
                    long t = System.nanoTime();
                    Files.move(tmp, deployed, StandardCopyOption.ATOMIC_MOVE);
                    BenchSupport.waitFor(() -> BenchSupport.status(s, SLURM_ROUTE) == 200, 10_000);
                    jar.samples().add(ms(t));
                    Files.delete(aside);
                }
                for (int i = 0; i < runs; i++) {
                    for (boolean enabled : new boolean[] {false, true}) {
                        String text = Files.readString(app).replaceAll("(?m)(^  slurm:\\n    enabled: )\\w+", "$1" + enabled);
                        Path tmp = config.resolve(".app.yaml.edit");
                        Files.writeString(tmp, text);
                        long t = System.nanoTime();
                        Files.move(tmp, app, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                        int want = enabled ? 200 : 404;
                        BenchSupport.waitFor(() -> BenchSupport.status(s, SLURM_ROUTE) == want
                                && menuHas(s, "workload") == enabled, 10_000);
                        flip.samples().add(ms(t));
                        BenchSupport.sleep(150);
                    }
                }
                for (int i = 0; i < runs; i++) {
                    for (boolean enabled : new boolean[] {false, true}) {
                        long t = System.nanoTime();
                        BenchSupport.send(s, "PUT", "/api/plugins/slurm/enabled", "{\"enabled\": " + enabled + "}");
                        int want = enabled ? 200 : 404;
                        BenchSupport.waitFor(() -> BenchSupport.status(s, SLURM_ROUTE) == want, 10_000);
                        rest.samples().add(ms(t));
                        BenchSupport.sleep(150);
                    }
                }
                String auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes());
                String form = "/system/console/configMgr/dev.rackscope.plugin.slurm";
                for (int i = 0; i < runs; i++) {
                    long t = System.nanoTime();
                    postForm(s, form, auth, "apply=true&delete=true");
                    BenchSupport.waitFor(() -> BenchSupport.status(s, SLURM_ROUTE) == 404, 10_000);
                    console.samples().add(ms(t));
                    BenchSupport.sleep(300);
                    t = System.nanoTime();
                    postForm(s, form, auth, "apply=true&action=ajaxConfigManager&propertylist=metric&metric=slurm_node_status");
                    BenchSupport.waitFor(() -> BenchSupport.status(s, SLURM_ROUTE) == 200, 10_000);
                    console.samples().add(ms(t));
                    BenchSupport.sleep(300);
                }
            }
            return new Result(describe(root), List.of(cold, jar, flip, rest, console));
        } finally {
            BenchSupport.deleteTree(work);
        }
    }

    private static String describe(Path root) {
        return Files.isDirectory(hpcCluster(root)) ? "hpc-cluster example (../shared/rackscope-examples/hpc-cluster)"
                : "the project's config/ (../shared/rackscope-examples/hpc-cluster is absent)";
    }

    private static Path hpcCluster(Path root) {
        return root.resolve("../shared/rackscope-examples/hpc-cluster").normalize();
    }

    static Path prepareConfig(Path root, Path target) throws IOException {
        Path hpc = hpcCluster(root);
        if (Files.isDirectory(hpc)) {
            BenchSupport.copyTree(hpc, target);
            String app = Files.readString(target.resolve("app.yaml"))
                    .replace("config/topology", "topology").replace("config/templates", "templates")
                    .replace("config/checks/library", "checks/library").replace("config/metrics/library", "metrics/library");
            app = app.replaceAll("(?s)\\nplugins:.*", "\n");
            app += "plugins:\n  simulator:\n    enabled: true\n  slurm:\n    enabled: true\n";
            Files.writeString(target.resolve("app.yaml"), app);
        } else {
            BenchSupport.copyTree(root.resolve("config"), target);
        }
        try (Stream<Path> s = Files.walk(target)) {
            s.forEach(p -> p.toFile().setWritable(true));
        }
        return target;
    }

    static boolean menuHas(BenchSupport.Server s, String id) {
        BenchSupport.Reply r = BenchSupport.send(s, "GET", "/api/plugins/menu", null);
        return r.status() == 200 && r.body().contains("\"id\":\"" + id + "\"");
    }

    private static void postForm(BenchSupport.Server s, String path, String auth, String form)
            throws IOException, InterruptedException {
        BenchSupport.CLIENT.send(HttpRequest.newBuilder(s.uri(path)).header("Authorization", auth)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.discarding());
    }

    private static double ms(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }
}
