package dev.rackscope.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/** Shared plumbing of the benchmarks: a server process from the runnable folder, HTTP, statistics. */
public final class BenchSupport {

    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private BenchSupport() {
    }

    /** A running copy of the runnable folder. */
    public record Server(Process process, Path home, int port) implements AutoCloseable {
        public URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }

        public long pid() {
            return process.descendants().filter(p -> p.info().command().orElse("").endsWith("java"))
                    .map(ProcessHandle::pid).findFirst().orElse(process.pid());
        }

        @Override
        public void close() throws InterruptedException {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            process.waitFor();
        }
    }

    /** Copies {@code runtime/target/rackscope} to a temporary folder (so the build output stays clean). */
    public static Path copyRuntime(Path repoRoot, Path work) throws IOException {
        Path built = repoRoot.resolve("runtime/target/rackscope");
        if (!Files.isDirectory(built)) {
            throw new IllegalStateException("run `mvn -DskipTests install` first: " + built + " is missing");
        }
        Path home = work.resolve("rackscope");
        copyTree(built, home);
        deleteTree(home.resolve("data"));
        Files.createDirectories(home.resolve("data"));
        return home;
    }

    public static Server start(Path home, Path appYaml, Map<String, String> env) throws IOException {
        int port = freePort();
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/rackscope").toString());
        pb.environment().put("RACKSCOPE_PORT", Integer.toString(port));
        pb.environment().put("RACKSCOPE_APP_CONFIG", appYaml.toString());
        pb.environment().put("RACKSCOPE_CONSOLE_PASSWORD", "bench-" + UUID.randomUUID());
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("data/bench-server.log").toFile()));
        return new Server(pb.start(), home, port);
    }

    /**
     * The repository root: {@code -Drackscope.root} when set, else the current directory or the first parent
     * that holds {@code runtime/target/rackscope}.
     */
    public static Path repoRoot() {
        String prop = System.getProperty("rackscope.root");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        Path cwd = Path.of("").toAbsolutePath();
        for (Path p = cwd; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("runtime/target/rackscope"))) {
                return p;
            }
        }
        return cwd;
    }

    /** The class path of the benchmarks (bench classes, the runnable folder's bundles and boot jars). */
    public static String classPath(Path root) {
        Path rt = root.resolve("runtime/target");
        return String.join(java.io.File.pathSeparator, rt.resolve("classes").toString(),
                rt.resolve("rackscope/bundle/*").toString(), rt.resolve("rackscope/boot/*").toString());
    }

    /** The {@code java} of the running JVM. */
    public static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Sends {@code method path} with an optional JSON body; status -1 and the exception text on an I/O error. */
    public static Reply send(Server s, String method, String path, String json) {
        return send(s, method, path, json, Duration.ofSeconds(60));
    }

    /** {@link #send(Server, String, String, String)} with a request timeout. */
    public static Reply send(Server s, String method, String path, String json, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(s.uri(path)).timeout(timeout);
        if (json == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        try {
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body());
        } catch (IOException e) {
            return new Reply(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply(-1, e.toString());
        }
    }

    /** Status and body of one request. */
    public record Reply(int status, String body) {
    }

    public static int status(Server s, String path) {
        try {
            return CLIENT.send(HttpRequest.newBuilder(s.uri(path)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    public static String body(Server s, String path) {
        try {
            return CLIENT.send(HttpRequest.newBuilder(s.uri(path)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException | InterruptedException e) {
            return "";
        }
    }

    public static void waitFor(BooleanSupplier condition, long timeoutMs) {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("condition not reached in " + timeoutMs + " ms");
            }
            sleep(5);
        }
    }

    /** Result of a closed-loop load run. */
    public record Load(double requestsPerSecond, double p50Ms, double p99Ms, long errors, long requests) {
    }

    /** {@code threads} clients each sending GET {@code path} back to back for {@code seconds}. */
    public static Load load(Server s, String path, int threads, int seconds) throws InterruptedException {
        AtomicLong errors = new AtomicLong();
        List<List<Long>> latencies = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        for (int t = 0; t < threads; t++) {
            List<Long> mine = new ArrayList<>();
            latencies.add(mine);
            Thread w = new Thread(() -> {
                HttpRequest req = HttpRequest.newBuilder(s.uri(path)).build();
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    try {
                        int code = CLIENT.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
                        if (code != 200) {
                            errors.incrementAndGet();
                        }
                    } catch (IOException | InterruptedException e) {
                        errors.incrementAndGet();
                    }
                    mine.add(System.nanoTime() - t0);
                }
            });
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            w.join();
        }
        List<Long> all = new ArrayList<>();
        latencies.forEach(all::addAll);
        Collections.sort(all);
        long n = all.size();
        return new Load(n / (double) seconds, all.get((int) (n * 0.50)) / 1e6, all.get((int) Math.min(n - 1, n * 0.99)) / 1e6,
                errors.get(), n);
    }

    public static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = new ArrayList<>(values);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs a JDK tool (jcmd) and returns its output. */
    public static String jcmd(long pid, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        String javaHome = System.getProperty("java.home");
        cmd.add(Path.of(javaHome, "bin", "jcmd").toString());
        cmd.add(Long.toString(pid));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }

    public static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
                    dest.toFile().setWritable(true);
                }
            }
        }
    }

    public static void deleteTree(Path dir) throws IOException {
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
