import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Runtime budgets of ARCHITECTURE.md, measured on the assembled runnable folder started by its own
 * bin/rackscope (a real process, real FileInstall, real HTTP):
 *
 *   jar copied into deploy/ → its route answers 200          ≤ 500 ms median
 *   enabled flipped in app.yaml → route and menu follow       ≤ 300 ms median
 *   enable/disable through REST or ConfigAdmin → effect       ≤ 100 ms median
 *   cold start → /api/plugins/menu with both plugin sections  ≤ 2.5 s median
 *
 * Run from the repository root after `mvn install`:  java runtime/bench/PluginBench.java [--runs N] [--assert]
 * The configuration is a temporary copy of ../shared/rackscope-examples/hpc-cluster when present
 * (else the project's config/), with both plugins enabled.
 */
public class PluginBench {

    record Budget(String name, double limitMs, List<Double> samples) {
        double median() {
            List<Double> s = new ArrayList<>(samples);
            Collections.sort(s);
            int n = s.size();
            return n == 0 ? Double.NaN : n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
        }
    }

    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    static int port;
    static String consolePassword = "bench-" + UUID.randomUUID();

    public static void main(String[] args) throws Exception {
        int runs = 7;
        boolean assertBudgets = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--runs")) {
                runs = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--assert")) {
                assertBudgets = true;
            }
        }
        Path root = Paths.get("").toAbsolutePath();
        Path built = root.resolve("runtime/target/rackscope");
        if (!Files.isDirectory(built)) {
            throw new IllegalStateException("run `mvn install -DskipTests` first: " + built + " is missing");
        }
        Path work = Files.createTempDirectory("rackscope-bench-");
        Path home = work.resolve("rackscope");
        copyTree(built, home);
        deleteTree(home.resolve("data"));
        Files.createDirectories(home.resolve("data"));
        Path config = prepareConfig(root, work.resolve("config"));
        Path app = config.resolve("app.yaml");
        System.out.println("runtime copy: " + home + "\nconfig: " + app + "\nruns: " + runs);

        List<Budget> budgets = new ArrayList<>();
        Budget cold = new Budget("cold start -> /api/plugins/menu with both sections", 2500, new ArrayList<>());
        Budget jar = new Budget("jar copied into deploy/ -> its route answers 200", 500, new ArrayList<>());
        Budget flip = new Budget("enabled flipped in app.yaml -> route and menu follow", 300, new ArrayList<>());
        Budget rest = new Budget("enable/disable through REST -> effect", 100, new ArrayList<>());
        Budget console = new Budget("enable/disable through ConfigAdmin (web console) -> effect", 100, new ArrayList<>());
        budgets.addAll(List.of(cold, jar, flip, rest, console));

        for (int i = 0; i < runs; i++) {
            port = freePort();
            long t0 = System.nanoTime();
            Process p = start(home, app);
            try {
                waitFor(() -> menuHas("workload") && menuHas("simulator"), 60_000);
                cold.samples().add(ms(t0));
            } finally {
                stop(p);
            }
        }

        port = freePort();
        Process server = start(home, app);
        try {
            waitFor(() -> menuHas("workload") && menuHas("simulator"), 60_000);
            Path deployed = home.resolve("deploy/slurm-bundle.jar");
            Path aside = work.resolve("slurm-bundle.jar");
            for (int i = 0; i < runs; i++) {
                Files.move(deployed, aside);
                waitFor(() -> status("/api/slurm/mapping") == 404, 10_000);
                Path tmp = home.resolve("deploy/.slurm-bundle.jar.copying");
                Files.copy(aside, tmp);
                long t = System.nanoTime();
                Files.move(tmp, deployed, StandardCopyOption.ATOMIC_MOVE);
                waitFor(() -> status("/api/slurm/mapping") == 200, 10_000);
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
                    waitFor(() -> status("/api/slurm/mapping") == want && menuHas("workload") == enabled, 10_000);
                    flip.samples().add(ms(t));
                    sleepQuietly(150);
                }
            }
            for (int i = 0; i < runs; i++) {
                for (boolean enabled : new boolean[] {false, true}) {
                    long t = System.nanoTime();
                    send(HttpRequest.newBuilder(uri("/api/plugins/slurm/enabled"))
                            .PUT(HttpRequest.BodyPublishers.ofString("{\"enabled\": " + enabled + "}")));
                    int want = enabled ? 200 : 404;
                    waitFor(() -> status("/api/slurm/mapping") == want, 10_000);
                    rest.samples().add(ms(t));
                    sleepQuietly(150);
                }
            }
            String auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + consolePassword).getBytes());
            String form = "/system/console/configMgr/dev.rackscope.plugin.slurm";
            for (int i = 0; i < runs; i++) {
                long t = System.nanoTime();
                send(HttpRequest.newBuilder(uri(form)).header("Authorization", auth)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("apply=true&delete=true")));
                waitFor(() -> status("/api/slurm/mapping") == 404, 10_000);
                console.samples().add(ms(t));
                sleepQuietly(300);
                t = System.nanoTime();
                send(HttpRequest.newBuilder(uri(form)).header("Authorization", auth)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "apply=true&action=ajaxConfigManager&propertylist=metric&metric=slurm_node_status")));
                waitFor(() -> status("/api/slurm/mapping") == 200, 10_000);
                console.samples().add(ms(t));
                sleepQuietly(300);
            }
        } finally {
            stop(server);
        }

        boolean allPass = true;
        System.out.printf("%n| budget | limit | median | min | max | n | result |%n|---|---|---|---|---|---|---|%n");
        for (Budget b : budgets) {
            boolean pass = b.median() <= b.limitMs();
            allPass &= pass;
            System.out.printf("| %s | %.0f ms | %.0f ms | %.0f ms | %.0f ms | %d | %s |%n", b.name(), b.limitMs(),
                    b.median(), Collections.min(b.samples()), Collections.max(b.samples()), b.samples().size(),
                    pass ? "pass" : "FAIL");
        }
        deleteTree(work);
        if (assertBudgets && !allPass) {
            System.exit(1);
        }
    }

    static Path prepareConfig(Path root, Path target) throws IOException {
        Path hpc = root.resolve("../shared/rackscope-examples/hpc-cluster").normalize();
        if (Files.isDirectory(hpc)) {
            copyTree(hpc, target);
            String app = Files.readString(target.resolve("app.yaml"))
                    .replace("config/topology", "topology").replace("config/templates", "templates")
                    .replace("config/checks/library", "checks/library").replace("config/metrics/library", "metrics/library");
            app = app.replaceAll("(?s)\\nplugins:.*", "\n");
            app += "plugins:\n  simulator:\n    enabled: true\n  slurm:\n    enabled: true\n";
            Files.writeString(target.resolve("app.yaml"), app);
        } else {
            copyTree(root.resolve("config"), target);
        }
        target.toFile().setWritable(true);
        try (Stream<Path> s = Files.walk(target)) {
            s.forEach(p -> p.toFile().setWritable(true));
        }
        return target;
    }

    static Process start(Path home, Path app) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/rackscope").toString());
        pb.environment().put("RACKSCOPE_PORT", Integer.toString(port));
        pb.environment().put("RACKSCOPE_APP_CONFIG", app.toString());
        pb.environment().put("RACKSCOPE_CONSOLE_PASSWORD", consolePassword);
        pb.redirectErrorStream(true);
        pb.redirectOutput(home.resolve("data/bench-server.log").toFile());
        return pb.start();
    }

    static void stop(Process p) throws InterruptedException {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        p.waitFor();
    }

    static boolean menuHas(String id) {
        try {
            HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(uri("/api/plugins/menu")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().contains("\"id\":\"" + id + "\"");
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static int status(String path) {
        try {
            return CLIENT.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    static void send(HttpRequest.Builder b) throws IOException, InterruptedException {
        CLIENT.send(b.build(), HttpResponse.BodyHandlers.discarding());
    }

    static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    static void waitFor(BooleanSupplier condition, long timeoutMs) {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("condition not reached in " + timeoutMs + " ms");
            }
            sleepQuietly(2);
        }
    }

    static double ms(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }

    static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
