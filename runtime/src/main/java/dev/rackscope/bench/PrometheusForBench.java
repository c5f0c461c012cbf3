package dev.rackscope.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** A real Prometheus for benchmarks (the Debian package's binary), scraping one target. */
public final class PrometheusForBench implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path dir;

    private PrometheusForBench(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    public static Path binary() {
        Path p = find();
        if (p == null) {
            throw new IllegalStateException("prometheus is not installed (Debian/Ubuntu: apt-get install prometheus)");
        }
        return p;
    }

    /** The prometheus binary on the PATH (or /usr/bin), or {@code null}. */
    public static Path find() {
        String path = System.getenv("PATH") == null ? "" : System.getenv("PATH");
        for (String d : (path + ":/usr/bin").split(":")) {
            Path p = Paths.get(d, "prometheus");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    public static PrometheusForBench start(Path dir, String target, String metricsPath, int intervalSeconds)
            throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("data"));
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, "global:\n  scrape_interval: " + intervalSeconds + "s\nscrape_configs:\n"
                + "  - job_name: bench\n    honor_labels: true\n    metrics_path: " + metricsPath + "\n"
                + "    scrape_timeout: " + intervalSeconds + "s\n    static_configs:\n      - targets: ['" + target + "']\n");
        return launch(dir, BenchSupport.freePort());
    }

    private static PrometheusForBench launch(Path dir, int port) throws IOException {
        Process p = new ProcessBuilder(binary().toString(), "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("prometheus.log").toFile()))
                .start();
        PrometheusForBench prom = new PrometheusForBench(p, port, dir);
        BenchSupport.waitFor(() -> prom.get("/-/ready") == 200, 60_000);
        return prom;
    }

    /** Kills the process with SIGKILL (no shutdown, as a crash) and waits until it is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** Starts Prometheus again on the same port with the same data folder and scrape config. */
    public PrometheusForBench restart() throws IOException {
        return launch(dir, port);
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    int get(String path) {
        try {
            return BenchSupport.CLIENT.send(HttpRequest.newBuilder(URI.create(url() + path)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    /** Raw instant query body, for the benchmark's direct PromQL timings. */
    public String query(String promql) throws IOException, InterruptedException {
        return BenchSupport.CLIENT.send(HttpRequest.newBuilder(URI.create(url() + "/api/v1/query?query="
                + java.net.URLEncoder.encode(promql, java.nio.charset.StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
