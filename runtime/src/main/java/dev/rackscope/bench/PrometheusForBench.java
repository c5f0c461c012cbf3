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

    private PrometheusForBench(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static Path binary() {
        for (String dir : (System.getenv("PATH") + ":/usr/bin").split(":")) {
            Path p = Paths.get(dir, "prometheus");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new IllegalStateException("prometheus is not installed (Debian/Ubuntu: apt-get install prometheus)");
    }

    public static PrometheusForBench start(Path dir, String target, String metricsPath, int intervalSeconds)
            throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("data"));
        int port = BenchSupport.freePort();
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, "global:\n  scrape_interval: " + intervalSeconds + "s\nscrape_configs:\n"
                + "  - job_name: bench\n    honor_labels: true\n    metrics_path: " + metricsPath + "\n"
                + "    scrape_timeout: " + intervalSeconds + "s\n    static_configs:\n      - targets: ['" + target + "']\n");
        Process p = new ProcessBuilder(binary().toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn").redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
        PrometheusForBench prom = new PrometheusForBench(p, port);
        BenchSupport.waitFor(() -> prom.get("/-/ready") == 200, 30_000);
        return prom;
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
