package dev.rackscope.core.runtime;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;

import javax.management.ObjectName;

import dev.rackscope.api.telemetry.PrometheusClient;
import dev.rackscope.api.telemetry.QueryResult;
import dev.rackscope.api.telemetry.Series;
import dev.rackscope.core.telemetry.PrometheusHttpClient.TextAnswer;

/**
 * {@code GET /api/system/process-stats} (ui-surface.md §7): memory and CPU time of the server's JVM, of the
 * simulator (its process series as Prometheus scraped them) and of Prometheus (its own {@code /metrics}).
 * Fixed from the original (F9): both Prometheus parts go through the server's configured Prometheus client
 * (URL, basic auth, TLS), and a part without any series says {@code available: false}.
 */
public final class ProcessStats {

    /** The longest the whole answer waits for Prometheus (the original's 3 s per call). */
    public static final Duration TIMEOUT = Duration.ofSeconds(3);
    static final String DEFAULT_SIMULATOR_INSTANCE = "simulator:9000";
    private static final String MEMORY = "process_resident_memory_bytes";
    private static final String CPU = "process_cpu_seconds_total";

    private final PrometheusClient prometheus;
    private final BiFunction<String, Duration, TextAnswer> getText;
    private final String simulatorInstance;
    private final Executor executor;

    /**
     * @param prometheus        the server's Prometheus client
     * @param getText           a plain GET of a path on the same Prometheus, with the same settings
     * @param simulatorInstance the {@code instance} label of the simulator's process series
     *                          ({@code SIMULATOR_INSTANCE_LABEL}; null or blank: {@value #DEFAULT_SIMULATOR_INSTANCE})
     * @param executor          runs the Prometheus calls side by side
     */
    public ProcessStats(PrometheusClient prometheus, BiFunction<String, Duration, TextAnswer> getText,
                        String simulatorInstance, Executor executor) {
        this.prometheus = prometheus;
        this.getText = getText;
        this.simulatorInstance = simulatorInstance == null || simulatorInstance.isBlank()
                ? DEFAULT_SIMULATOR_INSTANCE : simulatorInstance.trim();
        this.executor = executor;
    }

    /** The whole answer: {@code {backend, simulator, prometheus}}. */
    public Map<String, Object> collect() {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        boolean reachable = prometheus.reachable();
        CompletableFuture<Map<String, Object>> simulator = reachable
                ? CompletableFuture.supplyAsync(this::simulator, executor)
                : CompletableFuture.completedFuture(unavailable());
        CompletableFuture<Map<String, Object>> server = reachable
                ? CompletableFuture.supplyAsync(this::prometheus, executor)
                : CompletableFuture.completedFuture(unavailable());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("backend", backend());
        out.put("simulator", await(simulator, deadline));
        out.put("prometheus", await(server, deadline));
        return out;
    }

    /** This JVM: VmRSS from /proc/self/status and the process CPU time; always available. */
    public static Map<String, Object> backend() {
        return part(rssBytes(), cpuSeconds(), true);
    }

    Map<String, Object> simulator() {
        String selector = "{instance=\"" + simulatorInstance.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        QueryResult memory = prometheus.query(MEMORY + selector, PrometheusClient.CacheKind.NONE);
        QueryResult cpu = prometheus.query(CPU + selector, PrometheusClient.CacheKind.NONE);
        if (!memory.success() || !cpu.success()) {
            return unavailable();
        }
        Double memoryValue = first(memory);
        Double cpuValue = first(cpu);
        if (memoryValue == null && cpuValue == null) {
            return unavailable();
        }
        return part(memoryValue == null ? null : (Object) Math.round(memoryValue), round(cpuValue), true);
    }

    Map<String, Object> prometheus() {
        TextAnswer answer = getText.apply("/metrics", TIMEOUT);
        if (answer.body() == null || answer.status() / 100 != 2) {
            return unavailable();
        }
        Double memory = sample(answer.body(), MEMORY);
        Double cpu = sample(answer.body(), CPU);
        if (memory == null && cpu == null) {
            return unavailable();
        }
        return part(memory == null ? null : (Object) Math.round(memory), round(cpu), true);
    }

    /** The value of the first sample of {@code metric} in a text exposition (no labels or any labels). */
    static Double sample(String text, String metric) {
        for (String line : text.split("\n")) {
            if (!line.startsWith(metric) || line.length() == metric.length()) {
                continue;
            }
            char next = line.charAt(metric.length());
            if (next != ' ' && next != '{') {
                continue;
            }
            String rest = line.substring(metric.length());
            if (next == '{') {
                int close = rest.lastIndexOf('}');
                if (close < 0) {
                    continue;
                }
                rest = rest.substring(close + 1);
            }
            String[] parts = rest.trim().split("\\s+");
            OptionalDouble v = Series.parseNumber(parts[0]);
            if (v.isPresent() && Double.isFinite(v.getAsDouble())) {
                return v.getAsDouble();
            }
            return null;
        }
        return null;
    }

    private static Double first(QueryResult r) {
        for (Series s : r.result()) {
            OptionalDouble v = s.number();
            if (v.isPresent() && Double.isFinite(v.getAsDouble())) {
                return v.getAsDouble();
            }
        }
        return null;
    }

    private static Map<String, Object> await(CompletableFuture<Map<String, Object>> f, long deadline) {
        try {
            return f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            return unavailable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unavailable();
        } catch (ExecutionException e) {
            return unavailable();
        }
    }

    static Map<String, Object> unavailable() {
        return part(null, null, false);
    }

    private static Map<String, Object> part(Object memoryBytes, Object cpuSeconds, boolean available) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("memory_bytes", memoryBytes);
        m.put("cpu_seconds", cpuSeconds);
        m.put("available", available);
        return m;
    }

    private static Double round(Double seconds) {
        return seconds == null ? null
                : BigDecimal.valueOf(seconds).setScale(3, RoundingMode.HALF_UP).doubleValue();
    }

    private static Long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]) * 1024L;
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc (not Linux)
        }
        return null;
    }

    private static Double cpuSeconds() {
        try {
            Object nanos = ManagementFactory.getPlatformMBeanServer()
                    .getAttribute(new ObjectName("java.lang:type=OperatingSystem"), "ProcessCpuTime");
            if (nanos instanceof Number n && n.longValue() >= 0) {
                return round(n.longValue() / 1e9);
            }
        } catch (Exception e) {
            // this JVM does not offer the attribute
        }
        return null;
    }
}
