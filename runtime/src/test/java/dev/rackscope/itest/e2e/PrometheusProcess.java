package dev.rackscope.itest.e2e;

import java.io.File;
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
import java.time.Duration;
import java.util.List;

/**
 * A real Prometheus (the Debian package's binary) started by a test on a free loopback port, with its own
 * data folder and a generated scrape config. {@link #find()} tells whether one is installed.
 */
public final class PrometheusProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path dir;

    private PrometheusProcess(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    /** The prometheus binary on the PATH (or /usr/bin), or {@code null}. */
    public static Path find() {
        String path = System.getenv("PATH") == null ? "" : System.getenv("PATH");
        for (String d : (path + File.pathSeparator + "/usr/bin").split(File.pathSeparator)) {
            Path candidate = Paths.get(d, "prometheus");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * Starts Prometheus scraping {@code targets} (host:port) every second with {@code honor_labels}, so the
     * exporter's own {@code instance} and {@code job} labels are kept.
     */
    public static PrometheusProcess start(Path binary, Path dir, List<String> targets, String metricsPath)
            throws IOException, InterruptedException {
        return start(binary, dir, targets, metricsPath, true, "");
    }

    /** The relabelling bin/rackscope gives the demo Prometheus: node_id becomes instance, job becomes node. */
    static final String SIMULATOR_RELABEL = "    metric_relabel_configs:\n"
            + "      - source_labels: [node_id]\n        regex: (.+)\n        target_label: instance\n"
            + "        replacement: $1\n"
            + "      - target_label: job\n        replacement: node\n";

    /** Starts Prometheus scraping the simulator's {@code /simulator/metrics} on {@code serverPort} as the demo does. */
    public static PrometheusProcess startScrapingSimulator(Path binary, Path dir, int serverPort)
            throws IOException, InterruptedException {
        return start(binary, dir, List.of("127.0.0.1:" + serverPort), "/simulator/metrics", false, SIMULATOR_RELABEL);
    }

    /**
     * @param honorLabels  keep the exporter's {@code instance}/{@code job} labels
     * @param extraScrape  more YAML lines of the scrape job (e.g. {@code metric_relabel_configs}), indented by 4
     */
    public static PrometheusProcess start(Path binary, Path dir, List<String> targets, String metricsPath,
                                          boolean honorLabels, String extraScrape)
            throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("data"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        StringBuilder config = new StringBuilder("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
                + "scrape_configs:\n  - job_name: fixture\n    honor_labels: " + honorLabels + "\n    metrics_path: "
                + metricsPath
                + "\n    scrape_interval: 1s\n    scrape_timeout: 900ms\n    static_configs:\n      - targets: [");
        for (int i = 0; i < targets.size(); i++) {
            config.append(i == 0 ? "" : ", ").append('\'').append(targets.get(i)).append('\'');
        }
        config.append("]\n").append(extraScrape);
        Path file = dir.resolve("prometheus.yml");
        Files.writeString(file, config, StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(binary.toString(), "--config.file=" + file,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        PrometheusProcess prom = new PrometheusProcess(p, port, dir);
        prom.awaitReady();
        return prom;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    private void awaitReady() throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("prometheus exited: " + Files.readString(dir.resolve("prometheus.log")));
            }
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url() + "/-/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IOException("prometheus not ready after 30 s");
    }

    /** Stops Prometheus (SIGTERM, then SIGKILL after 10 s). */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /** Starts it again on the same port and data. */
    public PrometheusProcess restart(Path binary, List<String> targets, String metricsPath)
            throws IOException, InterruptedException {
        stop();
        Process p = new ProcessBuilder(binary.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("prometheus.log").toFile())).start();
        PrometheusProcess prom = new PrometheusProcess(p, port, dir);
        prom.awaitReady();
        return prom;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
