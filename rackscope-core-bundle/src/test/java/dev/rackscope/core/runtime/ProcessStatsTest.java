package dev.rackscope.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import dev.rackscope.api.telemetry.PrometheusClient;
import dev.rackscope.api.telemetry.QueryResult;
import dev.rackscope.api.telemetry.Series;
import dev.rackscope.core.telemetry.PrometheusHttpClient.TextAnswer;

class ProcessStatsTest {

    /** A Prometheus client answering from a function, recording the queries. */
    private static final class FakeClient implements PrometheusClient {
        final List<String> queries = new ArrayList<>();
        final Function<String, QueryResult> answer;
        final boolean reachable;

        FakeClient(boolean reachable, Function<String, QueryResult> answer) {
            this.reachable = reachable;
            this.answer = answer;
        }

        @Override
        public synchronized QueryResult query(String promql, CacheKind cache) {
            queries.add(promql);
            return answer.apply(promql);
        }

        @Override
        public QueryResult queryRange(String promql, double start, double end, String step) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String baseUrl() {
            return "http://fake";
        }

        @Override
        public boolean reachable() {
            return reachable;
        }

        @Override
        public Map<String, Object> latencyStats() {
            return Map.of();
        }
    }

    private static QueryResult vector(String value) {
        return new QueryResult(true, "vector", value == null ? List.of()
                : List.of(new Series(Map.of("instance", "sim"), 1.0, value, null)), null, null);
    }

    @Test
    void backendIsAlwaysAvailableWithTheJvmsNumbers() {
        Map<String, Object> backend = ProcessStats.backend();
        assertEquals(true, backend.get("available"));
        if (java.nio.file.Files.exists(java.nio.file.Path.of("/proc/self/status"))) {
            assertTrue(((Number) backend.get("memory_bytes")).longValue() > 1_000_000);
        }
        assertTrue(((Number) backend.get("cpu_seconds")).doubleValue() >= 0);
    }

    @Test
    void simulatorSeriesComeFromTheConfiguredClientWithTheInstanceLabel() {
        FakeClient client = new FakeClient(true, q -> vector(q.startsWith("process_resident") ? "1.2e8" : "12.3456"));
        ProcessStats stats = new ProcessStats(client, (p, t) -> new TextAnswer(200, "", null), "127.0.0.1:8080",
                Executors.newCachedThreadPool());
        Map<String, Object> sim = stats.simulator();
        assertEquals(Map.of("memory_bytes", 120_000_000L, "cpu_seconds", 12.346, "available", true), sim);
        assertTrue(client.queries.contains("process_resident_memory_bytes{instance=\"127.0.0.1:8080\"}"));
        assertTrue(client.queries.contains("process_cpu_seconds_total{instance=\"127.0.0.1:8080\"}"));
    }

    @Test
    void noSeriesOrAFailedQueryMeansUnavailable() {
        ProcessStats empty = new ProcessStats(new FakeClient(true, q -> vector(null)),
                (p, t) -> new TextAnswer(200, "# nothing\n", null), null, Executors.newCachedThreadPool());
        assertEquals(ProcessStats.unavailable(), empty.simulator());
        assertEquals(ProcessStats.unavailable(), empty.prometheus());
        ProcessStats failing = new ProcessStats(new FakeClient(true, q -> new QueryResult(false, null, null, "down",
                null)), (p, t) -> new TextAnswer(-1, null, "refused"), null, Executors.newCachedThreadPool());
        assertEquals(ProcessStats.unavailable(), failing.simulator());
        assertEquals(ProcessStats.unavailable(), failing.prometheus());
    }

    @Test
    void unreachablePrometheusIsNotQueried() {
        FakeClient client = new FakeClient(false, q -> vector("1"));
        ProcessStats stats = new ProcessStats(client, (p, t) -> {
            throw new AssertionError("must not be called");
        }, null, Executors.newCachedThreadPool());
        Map<String, Object> all = stats.collect();
        assertEquals(ProcessStats.unavailable(), all.get("simulator"));
        assertEquals(ProcessStats.unavailable(), all.get("prometheus"));
        assertEquals(true, ((Map<?, ?>) all.get("backend")).get("available"));
        assertTrue(client.queries.isEmpty());
    }

    @Test
    void prometheusOwnMetricsAreReadFromItsExposition() {
        String text = "# HELP process_resident_memory_bytes x\nprocess_resident_memory_bytes_total 5\n"
                + "process_resident_memory_bytes 1.048576e+08\nprocess_cpu_seconds_total{a=\"b\"} 3.5\n";
        ProcessStats stats = new ProcessStats(new FakeClient(true, q -> vector(null)),
                (p, t) -> "/metrics".equals(p) ? new TextAnswer(200, text, null) : null, null,
                Executors.newCachedThreadPool());
        assertEquals(Map.of("memory_bytes", 104_857_600L, "cpu_seconds", 3.5, "available", true), stats.prometheus());
        assertNull(ProcessStats.sample("up 1\n", "process_cpu_seconds_total"));
    }
}
