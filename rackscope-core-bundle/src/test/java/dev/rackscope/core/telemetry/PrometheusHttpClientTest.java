package dev.rackscope.core.telemetry;

import static dev.rackscope.core.telemetry.PrometheusHttpFake.ONE_SERIES;
import static dev.rackscope.core.telemetry.PrometheusHttpFake.vector;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.rackscope.api.telemetry.PrometheusClient.CacheKind;
import dev.rackscope.api.telemetry.QueryResult;
import dev.rackscope.api.telemetry.Series;

/** telemetry.md §1 and acceptance cases 26–30, against a fake Prometheus on 127.0.0.1. */
class PrometheusHttpClientTest {

    private static final String QUERY = "/api/v1/query";
    private static final String RANGE = "/api/v1/query_range";

    private PrometheusHttpFake prometheus;
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final List<PrometheusHttpClient> clients = new ArrayList<>();

    @BeforeEach
    void startFake() throws IOException {
        prometheus = PrometheusHttpFake.start();
    }

    @AfterEach
    void stop() {
        clients.forEach(PrometheusHttpClient::close);
        prometheus.close();
    }

    private PrometheusSettings settings() {
        return PrometheusSettings.defaults(prometheus.url()).withTimeout(Duration.ofSeconds(5))
                .withTtls(Duration.ofSeconds(30), Duration.ofSeconds(120), Duration.ofSeconds(60));
    }

    /** A client whose cache ages follow {@link #nanos}. */
    private PrometheusHttpClient clientWithFakeClock(PrometheusSettings settings) {
        PrometheusHttpClient c = new PrometheusHttpClient(settings, nanos::get);
        clients.add(c);
        return c;
    }

    private PrometheusHttpClient client(PrometheusSettings settings) {
        PrometheusHttpClient c = new PrometheusHttpClient(settings);
        clients.add(c);
        return c;
    }

    private static long stat(PrometheusHttpClient c, String key) {
        return ((Number) c.stats().get(key)).longValue();
    }

    private static void advanceSeconds(AtomicLong clock, double seconds) {
        clock.addAndGet((long) (seconds * 1e9));
    }

    // ------------------------------------------------------------------ case 26: caches

    @Test
    void repeatedQueryWithinTtlMakesOneHttpCallAndExpiresAfterTtl() {
        PrometheusHttpClient c = clientWithFakeClock(settings());

        QueryResult first = c.query("up", CacheKind.HEALTH);
        QueryResult second = c.query("up", CacheKind.HEALTH);

        assertTrue(first.success());
        assertSame(first, second);
        assertEquals(1, prometheus.count(QUERY));
        assertTrue(stat(c, "cache_hits") >= 1);
        assertTrue(stat(c, "cache_misses") >= 1);

        advanceSeconds(nanos, 29.9);
        c.query("up", CacheKind.HEALTH);
        assertEquals(1, prometheus.count(QUERY));

        advanceSeconds(nanos, 0.2); // 30.1 s old: the health TTL is 30 s
        c.query("up", CacheKind.HEALTH);
        assertEquals(2, prometheus.count(QUERY));
    }

    @Test
    void eachCacheKindHasItsOwnTtl() {
        PrometheusHttpClient c = clientWithFakeClock(settings());
        c.query("a", CacheKind.HEALTH);
        c.query("a", CacheKind.METRICS);
        c.query("a", CacheKind.GENERIC);
        assertEquals(3, prometheus.count(QUERY));

        advanceSeconds(nanos, 59);
        c.query("a", CacheKind.HEALTH);   // 30 s expired
        c.query("a", CacheKind.METRICS);  // 120 s: still fresh
        c.query("a", CacheKind.GENERIC);  // 60 s: still fresh
        assertEquals(4, prometheus.count(QUERY));

        advanceSeconds(nanos, 2);
        c.query("a", CacheKind.METRICS);
        c.query("a", CacheKind.GENERIC);  // 61 s: expired
        assertEquals(5, prometheus.count(QUERY));
    }

    @Test
    void theThreeCachesAreSeparate() {
        PrometheusHttpClient c = clientWithFakeClock(settings());

        c.query("up", CacheKind.HEALTH);
        assertEquals(1, c.cacheSize(CacheKind.HEALTH));
        assertEquals(0, c.cacheSize(CacheKind.METRICS));

        c.query("up", CacheKind.METRICS); // a health entry is not in metrics
        assertEquals(2, prometheus.count(QUERY));
        c.query("up", CacheKind.GENERIC);
        assertEquals(3, prometheus.count(QUERY));

        c.query("up", CacheKind.HEALTH);
        c.query("up", CacheKind.METRICS);
        c.query("up", CacheKind.GENERIC);
        assertEquals(3, prometheus.count(QUERY));
        assertEquals(3, stat(c, "cache_hits"));
        assertEquals(3, stat(c, "cache_misses"));
    }

    @Test
    void cacheIsKeyedByTheExactPromql() {
        PrometheusHttpClient c = clientWithFakeClock(settings());
        c.query("up", CacheKind.HEALTH);
        c.query("up ", CacheKind.HEALTH);
        c.query("UP", CacheKind.HEALTH);
        assertEquals(3, prometheus.count(QUERY));
        assertEquals(List.of("up", "up ", "UP"), prometheus.requests.stream().map(r -> r.query()).toList());
    }

    @Test
    void noneKindAndNullKindBehaveAsDocumented() {
        PrometheusHttpClient c = clientWithFakeClock(settings());
        c.query("up", CacheKind.NONE);
        c.query("up", CacheKind.NONE);
        assertEquals(2, prometheus.count(QUERY));
        assertEquals(2, stat(c, "cache_misses"));

        c.query("x", null); // no kind: the generic cache
        c.query("x", CacheKind.GENERIC);
        assertEquals(3, prometheus.count(QUERY));
        assertEquals(1, stat(c, "cache_hits"));
    }

    @Test
    void shortRealTtlExpires() throws InterruptedException {
        PrometheusHttpClient c = client(settings().withTtls(Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1)));
        c.query("up", CacheKind.HEALTH);
        c.query("up", CacheKind.HEALTH);
        assertEquals(1, prometheus.count(QUERY));
        Thread.sleep(1200);
        c.query("up", CacheKind.HEALTH);
        assertEquals(2, prometheus.count(QUERY));
    }

    @Test
    void onlySuccessfulResultsAreCached() {
        PrometheusHttpClient c = clientWithFakeClock(settings());
        prometheus.respond(200, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"boom\"}");
        assertFalse(c.query("up", CacheKind.HEALTH).success());
        assertFalse(c.query("up", CacheKind.HEALTH).success());
        assertEquals(2, prometheus.count(QUERY));

        prometheus.respond(500, "oops");
        c.query("up", CacheKind.HEALTH);
        c.query("up", CacheKind.HEALTH);
        assertEquals(4, prometheus.count(QUERY));
        assertEquals(0, c.cacheSize(CacheKind.HEALTH));
        assertEquals(0, stat(c, "cache_hits"));
    }

    @Test
    void expiredEntriesArePurgedLazilyEvery300Seconds() {
        PrometheusHttpClient c = clientWithFakeClock(settings());
        c.query("a", CacheKind.HEALTH);
        c.query("a", CacheKind.METRICS);
        c.query("a", CacheKind.GENERIC);

        advanceSeconds(nanos, 100); // all but metrics have expired, but no purge is due yet
        c.query("b", CacheKind.NONE);
        assertEquals(1, c.cacheSize(CacheKind.HEALTH));

        advanceSeconds(nanos, 201); // 301 s: the next query purges first
        c.query("b", CacheKind.NONE);
        assertEquals(0, c.cacheSize(CacheKind.HEALTH));
        assertEquals(0, c.cacheSize(CacheKind.METRICS));
        assertEquals(0, c.cacheSize(CacheKind.GENERIC));
    }

    @Test
    void freshEntriesSurviveThePurge() {
        PrometheusHttpClient c = clientWithFakeClock(settings().withTtls(Duration.ofSeconds(30),
                Duration.ofSeconds(600), Duration.ofSeconds(60)));
        c.query("a", CacheKind.METRICS);
        advanceSeconds(nanos, 301);
        c.query("b", CacheKind.NONE);
        assertEquals(1, c.cacheSize(CacheKind.METRICS));
        c.query("a", CacheKind.METRICS);
        assertEquals(2, prometheus.count(QUERY));
    }

    // ------------------------------------------------------------------ case 27: coalescing

    @Test
    void threeConcurrentIdenticalQueriesMakeOneHttpCall() throws Exception {
        PrometheusHttpClient c = client(settings());
        CountDownLatch release = new CountDownLatch(1);
        prometheus.respond(ex -> {
            release.await(10, TimeUnit.SECONDS);
            PrometheusHttpFake.send(ex, 200, ONE_SERIES);
        });
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<QueryResult>> calls = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                calls.add(pool.submit(() -> c.query("up", CacheKind.HEALTH)));
            }
            waitFor(() -> stat(c, "cache_misses") == 3 && stat(c, "in_flight") == 1);
            release.countDown();

            QueryResult a = calls.get(0).get(10, TimeUnit.SECONDS);
            QueryResult b = calls.get(1).get(10, TimeUnit.SECONDS);
            QueryResult d = calls.get(2).get(10, TimeUnit.SECONDS);
            assertTrue(a.success());
            assertSame(a, b);
            assertSame(a, d);
            assertEquals(1, prometheus.count(QUERY));
            assertEquals(1, stat(c, "query_count"));
            assertEquals(3, stat(c, "cache_misses"));
            assertEquals(0, stat(c, "in_flight"));
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void inFlightCallsAreSharedAcrossCacheKinds() throws Exception {
        PrometheusHttpClient c = client(settings());
        CountDownLatch release = new CountDownLatch(1);
        prometheus.respond(ex -> {
            release.await(10, TimeUnit.SECONDS);
            PrometheusHttpFake.send(ex, 200, ONE_SERIES);
        });
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<QueryResult> health = pool.submit(() -> c.query("up", CacheKind.HEALTH));
            waitFor(() -> stat(c, "in_flight") == 1);
            Future<QueryResult> metrics = pool.submit(() -> c.query("up", CacheKind.METRICS));
            waitFor(() -> stat(c, "cache_misses") == 2);
            release.countDown();

            assertSame(health.get(10, TimeUnit.SECONDS), metrics.get(10, TimeUnit.SECONDS));
            assertEquals(1, prometheus.count(QUERY));
            // each caller's cache now holds the answer
            c.query("up", CacheKind.HEALTH);
            c.query("up", CacheKind.METRICS);
            assertEquals(1, prometheus.count(QUERY));
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    // ------------------------------------------------------------------ case 28: failures

    @Test
    void http500GivesStatusError() {
        PrometheusHttpClient c = client(settings());
        prometheus.respond(500, "internal failure");

        QueryResult r = c.query("up", CacheKind.HEALTH);

        assertFalse(r.success());
        assertEquals("error", r.raw().get("status").asText());
        assertTrue(r.raw().get("error").asText().contains("500"), r.error());
        assertEquals(r.error(), r.raw().get("error").asText());
        assertTrue(r.result().isEmpty());

        QueryResult range = c.queryRange("up", 1, 2, "1m");
        assertFalse(range.success());
        assertEquals("error", range.raw().get("status").asText());
    }

    @Test
    void connectionRefusedGivesStatusError() throws IOException {
        PrometheusHttpClient c = client(settings().withBaseUrl("http://127.0.0.1:" + freePort()));

        QueryResult r = c.query("up", CacheKind.HEALTH);
        QueryResult range = c.queryRange("up", 1, 2, "5m");

        for (QueryResult each : List.of(r, range)) {
            assertFalse(each.success());
            assertEquals("error", each.raw().get("status").asText());
            assertTrue(each.raw().get("error").asText().contains("127.0.0.1"), each.error());
        }
        assertFalse(c.reachable());
        assertEquals(2, stat(c, "query_count"));
    }

    @Test
    void unknownHostGivesStatusError() {
        PrometheusHttpClient c = client(settings().withBaseUrl("http://no-such-host.invalid:9090"));
        QueryResult r = c.query("up", CacheKind.HEALTH);
        assertFalse(r.success());
        assertEquals("error", r.raw().get("status").asText());
        assertFalse(c.reachable());
    }

    @Test
    void queryRangePassesStepAndIsNeverCached() {
        PrometheusHttpClient c = client(settings());
        String matrix = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
                + "{\"metric\":{\"instance\":\"n1\"},\"values\":[[1700000000,\"1\"],[1700000300,\"+Inf\"]]}]}}";
        prometheus.respond(200, matrix);

        QueryResult r = c.queryRange("rate(x[5m])", 1700000000.5, 1700086400.25, "5m");
        c.queryRange("rate(x[5m])", 1700000000.5, 1700086400.25, "5m");

        assertTrue(r.success());
        assertEquals("matrix", r.resultType());
        assertEquals(2, prometheus.count(RANGE));
        PrometheusHttpFake.Request req = prometheus.last();
        assertEquals("rate(x[5m])", req.params().get("query"));
        assertEquals("5m", req.params().get("step"));
        assertEquals("1700000000.5", req.params().get("start"));
        assertEquals("1700086400.25", req.params().get("end"));
        Series s = r.result().get(0);
        assertEquals("n1", s.label("instance"));
        assertEquals(List.of(List.of(1700000000.0, "1"), List.of(1700000300.0, "+Inf")), s.values());
        assertNull(s.value());
        assertEquals(0, c.cacheSize(CacheKind.GENERIC));
        assertEquals(0, stat(c, "cache_misses"));
        assertEquals(2, stat(c, "query_count"));
    }

    @Test
    void prometheusErrorBodyOn400IsPassedThrough() {
        PrometheusHttpClient c = client(settings());
        String body = "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"1:4: parse error: unexpected\"}";
        prometheus.respond(400, body);

        QueryResult r = c.query("up{", CacheKind.HEALTH);

        assertFalse(r.success());
        assertEquals("1:4: parse error: unexpected", r.error());
        assertEquals("bad_data", r.raw().get("errorType").asText());
        assertEquals("error", r.raw().get("status").asText());
        assertTrue(c.reachable(), "a bad query does not make Prometheus unreachable");
    }

    @Test
    void prometheusErrorBodyWith2xxIsReturnedUnchanged() {
        PrometheusHttpClient c = client(settings());
        prometheus.respond(200, "{\"status\":\"error\",\"errorType\":\"timeout\",\"error\":\"query timed out\","
                + "\"warnings\":[\"w\"]}");

        QueryResult r = c.query("up", CacheKind.HEALTH);

        assertFalse(r.success());
        assertEquals("query timed out", r.error());
        assertEquals("timeout", r.raw().get("errorType").asText());
        assertEquals("w", r.raw().get("warnings").get(0).asText());
    }

    @Test
    void badJsonGivesStatusError() {
        PrometheusHttpClient c = client(settings());
        prometheus.respond(200, "<html>not json</html>");
        QueryResult r = c.query("up", CacheKind.HEALTH);
        assertFalse(r.success());
        assertEquals("error", r.raw().get("status").asText());
        assertTrue(r.error().contains("Invalid JSON"), r.error());

        prometheus.respond(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\"");
        QueryResult truncated = c.query("up2", CacheKind.HEALTH);
        assertFalse(truncated.success());
        assertEquals("error", truncated.raw().get("status").asText());
    }

    @Test
    void nonJsonErrorBodyIsQuotedInTheMessage() {
        PrometheusHttpClient c = client(settings());
        prometheus.respond(502, "Bad gateway");
        QueryResult r = c.query("up", CacheKind.HEALTH);
        assertEquals("Prometheus returned HTTP 502: Bad gateway", r.error());
        assertFalse(c.reachable());
    }

    @Test
    void slowServerTimesOutWithAnError() {
        PrometheusHttpClient c = client(settings().withTimeout(Duration.ofMillis(300)));
        CountDownLatch release = new CountDownLatch(1);
        prometheus.respond(ex -> {
            release.await(10, TimeUnit.SECONDS);
            PrometheusHttpFake.send(ex, 200, ONE_SERIES);
        });
        try {
            QueryResult r = c.query("up", CacheKind.HEALTH);
            assertNotNull(c.latencyStats().get("last_ms"), "the sample is recorded before the caller returns");
            QueryResult range = c.queryRange("up", 1, 2, "1m");
            QueryResult ping = c.ping();

            for (QueryResult each : List.of(r, range, ping)) {
                assertFalse(each.success());
                assertEquals("error", each.raw().get("status").asText());
                assertTrue(each.error().contains("timed out"), each.error());
            }
            assertFalse(c.reachable());
            assertEquals(0, stat(c, "in_flight"));
            assertEquals(0, c.cacheSize(CacheKind.HEALTH));
        } finally {
            release.countDown();
        }
    }

    @Test
    void bodyThatStallsTimesOutWithAnError() {
        PrometheusHttpClient c = client(settings().withTimeout(Duration.ofMillis(400)));
        CountDownLatch release = new CountDownLatch(1);
        prometheus.respond(ex -> {
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, 0); // chunked
            OutputStream out = ex.getResponseBody();
            out.write("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[".getBytes());
            out.flush();
            release.await(10, TimeUnit.SECONDS);
            out.write("]}}".getBytes());
            out.close();
        });
        try {
            QueryResult r = c.query("up", CacheKind.HEALTH);
            assertFalse(r.success());
            assertTrue(r.error().contains("timed out"), r.error());
            assertTrue(c.reachable(), "Prometheus answered; only the body was slow");
        } finally {
            release.countDown();
        }
        // the client is still usable afterwards
        prometheus.respond(200, ONE_SERIES);
        assertTrue(c.query("up", CacheKind.HEALTH).success());
    }

    @Test
    void reachableFlipsWithTheOutcomeOfCalls() throws IOException {
        PrometheusHttpClient c = client(settings());
        assertTrue(c.reachable());

        prometheus.respond(503, "{\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"shutting down\"}");
        c.query("up", CacheKind.NONE);
        assertFalse(c.reachable());

        prometheus.respond(200, ONE_SERIES);
        c.query("up", CacheKind.NONE);
        assertTrue(c.reachable());

        c.reconfigure(settings().withBaseUrl("http://127.0.0.1:" + freePort()));
        assertFalse(c.ping().success());
        assertFalse(c.reachable());

        c.reconfigure(settings());
        assertTrue(c.ping().success());
        assertTrue(c.reachable());
    }

    // ------------------------------------------------------------------ parsing

    @Test
    void infinitiesAndNanAreParsed() {
        PrometheusHttpClient c = client(settings());
        prometheus.respond(200, vector(
                "{\"metric\":{\"instance\":\"a\"},\"value\":[1,\"+Inf\"]}",
                "{\"metric\":{\"instance\":\"b\"},\"value\":[1,\"-Inf\"]}",
                "{\"metric\":{\"instance\":\"c\"},\"value\":[1,\"NaN\"]}",
                "{\"metric\":{\"instance\":\"d\"},\"value\":[1.5,\"42.25\"]}"));

        List<Series> result = c.query("x", CacheKind.HEALTH).result();

        assertEquals(Double.POSITIVE_INFINITY, result.get(0).number().getAsDouble());
        assertEquals(Double.NEGATIVE_INFINITY, result.get(1).number().getAsDouble());
        assertTrue(Double.isNaN(result.get(2).number().getAsDouble()));
        assertEquals(42.25, result.get(3).number().getAsDouble());
        assertEquals("+Inf", result.get(0).value());
        assertEquals(1.5, result.get(3).timestamp());
    }

    @Test
    void vectorItemsKeepLabelsAndRawEnvelope() {
        PrometheusHttpClient c = client(settings());
        prometheus.respond(200, vector("{\"metric\":{\"__name__\":\"up\",\"instance\":\"n1\",\"job\":\"node\"},"
                + "\"value\":[1700000000.5,\"0\"]}", "{\"metric\":{},\"value\":[1700000000.5,\"0\"]}"));

        QueryResult r = c.query("up", CacheKind.HEALTH);

        assertTrue(r.success());
        assertNull(r.error());
        assertEquals("vector", r.resultType());
        assertEquals(Map.of("__name__", "up", "instance", "n1", "job", "node"), r.result().get(0).labels());
        assertEquals(Map.of(), r.result().get(1).labels());
        assertEquals("success", r.raw().get("status").asText());
        assertEquals("vector", r.raw().get("data").get("resultType").asText());
    }

    @Test
    void scalarAndStringResultsSucceedWithNoItemsAndKeepTheRawJson() {
        PrometheusHttpClient c = client(settings());
        prometheus.respond(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1.5,\"7\"]}}");
        QueryResult scalar = c.query("scalar(7)", CacheKind.HEALTH);
        assertTrue(scalar.success());
        assertEquals("scalar", scalar.resultType());
        assertTrue(scalar.result().isEmpty());
        assertEquals("7", scalar.raw().get("data").get("result").get(1).asText());

        prometheus.respond(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"string\",\"result\":[1.5,\"hi\"]}}");
        QueryResult string = c.query("\"hi\"", CacheKind.HEALTH);
        assertTrue(string.success());
        assertEquals("string", string.resultType());
        assertEquals("hi", string.raw().get("data").get("result").get(1).asText());
    }

    @Test
    void gzipIsNotAskedForButAGzipAnswerIsStillDecoded() {
        PrometheusHttpClient c = client(settings());
        prometheus.respond(ex -> {
            // compressing on loopback costs more CPU than it saves; a proxy may still compress
            org.junit.jupiter.api.Assertions.assertNull(ex.getRequestHeaders().getFirst("Accept-Encoding"));
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
                gz.write(ONE_SERIES.getBytes(StandardCharsets.UTF_8));
            }
            ex.getResponseHeaders().set("Content-Encoding", "gzip");
            ex.sendResponseHeaders(200, bytes.size());
            try (OutputStream out = ex.getResponseBody()) {
                bytes.writeTo(out);
            }
        });
        QueryResult r = c.query("up", CacheKind.HEALTH);
        assertTrue(r.success(), r.error());
        assertEquals("n1", r.result().get(0).label("instance"));
    }

    @Test
    void largeAnswerIsParsedCompletely() {
        PrometheusHttpClient c = client(settings());
        StringBuilder body = new StringBuilder("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[");
        int n = 30_000;
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                body.append(',');
            }
            body.append("{\"metric\":{\"__name__\":\"up\",\"job\":\"node\",\"instance\":\"compute")
                    .append(i).append("\"},\"value\":[1700000000.123,\"").append(i % 2).append("\"]}");
        }
        body.append("]}}");
        prometheus.respond(200, body.toString());

        QueryResult r = c.query("up", CacheKind.HEALTH);

        assertTrue(r.success(), r.error());
        assertEquals(n, r.result().size());
        assertEquals("compute29999", r.result().get(n - 1).label("instance"));
        assertEquals("1", r.result().get(n - 1).value());
    }

    @Test
    void queryStringIsUrlEncoded() {
        PrometheusHttpClient c = client(settings());
        String promql = "up{job=~\"^(?:node|sim)$\",instance=~\"^(?:n[1-2])$\"} == 0 + 1 & x";
        c.query(promql, CacheKind.HEALTH);
        assertEquals(promql, prometheus.last().query());
        assertEquals(QUERY, prometheus.last().path());
    }

    // ------------------------------------------------------------------ auth

    @Test
    void basicAuthHeaderIsSent() {
        PrometheusHttpClient c = client(settings().withBasicAuth("alice", "s3cret:x"));
        c.query("up", CacheKind.HEALTH);
        c.queryRange("up", 1, 2, "1m");
        c.ping();
        String expected = "Basic " + Base64.getEncoder().encodeToString("alice:s3cret:x".getBytes(StandardCharsets.UTF_8));
        assertEquals(3, prometheus.requests.size());
        prometheus.requests.forEach(r -> assertEquals(expected, r.authorization()));
    }

    @Test
    void basicAuthWithoutPasswordSendsAnEmptyPassword() {
        PrometheusHttpClient c = client(settings().withBasicAuth("bob", null));
        c.query("up", CacheKind.HEALTH);
        assertEquals("Basic " + Base64.getEncoder().encodeToString("bob:".getBytes(StandardCharsets.UTF_8)),
                prometheus.last().authorization());
    }

    @Test
    void noAuthorizationHeaderWithoutUser() {
        PrometheusHttpClient c = client(settings().withBasicAuth(null, null));
        c.query("up", CacheKind.HEALTH);
        assertNull(prometheus.last().authorization());
    }

    // ------------------------------------------------------------------ case 29: latency

    @Test
    void latencyStatsAreNullWithoutSamples() {
        PrometheusHttpClient c = client(settings());
        Map<String, Object> stats = c.latencyStats();
        assertEquals(3, stats.size());
        assertNull(stats.get("last_ms"));
        assertNull(stats.get("avg_ms"));
        assertNull(stats.get("last_ts"));
    }

    @Test
    void latencyWindowAveragesItsSamples() {
        PrometheusHttpClient c = client(settings());
        long before = System.currentTimeMillis();
        c.recordLatency(10);
        c.recordLatency(20);
        c.recordLatency(30);

        Map<String, Object> stats = c.latencyStats();
        assertEquals(30.0, stats.get("last_ms"));
        assertEquals(20.0, stats.get("avg_ms"));
        double lastTs = (Double) stats.get("last_ts");
        assertTrue(lastTs >= before && lastTs <= System.currentTimeMillis() + 1, "epoch milliseconds");
    }

    @Test
    void latencyWindowDropsTheOldestSamples() {
        PrometheusHttpClient c = client(settings().withLatencyWindow(3));
        for (double ms : new double[] {100, 10, 20, 30}) {
            c.recordLatency(ms);
        }
        assertEquals(20.0, c.latencyStats().get("avg_ms"));
    }

    @Test
    void reconfigureKeepsTheMostRecentSamplesUpToTheNewWindow() {
        PrometheusHttpClient c = client(settings());
        c.recordLatency(10);
        c.recordLatency(20);
        c.recordLatency(30);

        c.reconfigure(settings().withLatencyWindow(2));

        assertEquals(25.0, c.latencyStats().get("avg_ms")); // 20 and 30 kept
        assertEquals(30.0, c.latencyStats().get("last_ms"));
        c.recordLatency(40);
        assertEquals(35.0, c.latencyStats().get("avg_ms"));
    }

    @Test
    void instantCallsRecordLatencyEvenOnFailureRangeCallsOnlyOnSuccess() throws IOException {
        PrometheusHttpClient c = client(settings().withBaseUrl("http://127.0.0.1:" + freePort()));
        c.queryRange("up", 1, 2, "1m");
        assertNull(c.latencyStats().get("last_ms"));

        c.query("up", CacheKind.HEALTH);
        assertNotNull(c.latencyStats().get("last_ms"));
        assertNotNull(c.latencyStats().get("last_ts"));

        Map<String, Object> before = c.latencyStats();
        c.queryRange("up", 1, 2, "1m");
        assertEquals(before, c.latencyStats(), "a failed range call adds no sample");
    }

    @Test
    void cacheHitsRecordNoLatency() {
        PrometheusHttpClient c = clientWithFakeClock(settings().withLatencyWindow(50));
        c.query("up", CacheKind.HEALTH);
        c.query("up", CacheKind.HEALTH);
        c.query("up", CacheKind.HEALTH);
        c.recordLatency(1000);
        c.recordLatency(1000);
        // one real sample plus two of 1000 ms: the average is below 1000 only if exactly one call was timed
        double avg = (Double) c.latencyStats().get("avg_ms");
        assertTrue(avg < 1000 && avg > 600, "avg " + avg);
    }

    // ------------------------------------------------------------------ case 30: stats

    @Test
    void initialStats() {
        PrometheusHttpClient c = client(settings());
        Map<String, Object> stats = c.stats();
        assertEquals(List.of("query_count", "cache_hits", "cache_misses", "in_flight", "last_batch"),
                List.copyOf(stats.keySet()));
        assertEquals(0L, stats.get("query_count"));
        assertEquals(0L, stats.get("cache_hits"));
        assertEquals(0L, stats.get("cache_misses"));
        assertEquals(0, stats.get("in_flight"));
        assertNull(stats.get("last_batch"));
    }

    @Test
    void recordPlannerBatchIsReportedAsLastBatch() {
        PrometheusHttpClient c = client(settings());
        long before = System.currentTimeMillis();

        c.recordPlannerBatch(100, 5, 20);

        @SuppressWarnings("unchecked")
        Map<String, Object> batch = (Map<String, Object>) c.stats().get("last_batch");
        assertEquals(100, batch.get("total_ids"));
        assertEquals(5, batch.get("query_count"));
        assertEquals(20, batch.get("max_ids_per_query"));
        double ts = (Double) batch.get("ts");
        assertTrue(ts >= before, "epoch milliseconds");
        assertEquals(0L, c.stats().get("query_count"), "the planner's count is not the client's");
    }

    @Test
    void telemetryStatsCombineCountersAndLatency() {
        PrometheusHttpClient c = client(settings());
        c.query("up", CacheKind.HEALTH);
        Map<String, Object> stats = c.telemetryStats();
        assertEquals(List.of("query_count", "cache_hits", "cache_misses", "in_flight", "last_batch", "last_ms",
                "avg_ms", "last_ts"), List.copyOf(stats.keySet()));
        assertEquals(1L, stats.get("query_count"));
        assertNotNull(stats.get("last_ms"));
    }

    @Test
    void pingBypassesCacheAndCoalescingAndIsCounted() {
        PrometheusHttpClient c = client(settings());
        assertTrue(c.ping().success());
        assertTrue(c.ping().success());
        assertEquals(2, prometheus.count(QUERY));
        assertEquals("vector(1)", prometheus.last().query());
        assertEquals(2, stat(c, "query_count"));
        assertEquals(0, stat(c, "cache_misses"));
        assertEquals(0, stat(c, "cache_hits"));
        assertNotNull(c.latencyStats().get("last_ms"));
    }

    // ------------------------------------------------------------------ reconfigure and lifecycle

    @Test
    void reconfigureClearsCachesAndSwitchesBaseUrl() throws IOException {
        PrometheusHttpClient c = clientWithFakeClock(settings());
        c.query("up", CacheKind.HEALTH);
        try (PrometheusHttpFake other = PrometheusHttpFake.start()) {
            c.reconfigure(settings().withBaseUrl(other.url() + "/"));
            assertEquals(other.url(), c.baseUrl());
            assertEquals(0, c.cacheSize(CacheKind.HEALTH));

            c.query("up", CacheKind.HEALTH);
            assertEquals(1, other.count(QUERY));
            assertEquals(1, prometheus.count(QUERY));
        }
        assertEquals(2, stat(c, "query_count"), "counters survive a reconfigure");
    }

    @Test
    void aReconfigureOfCacheTimesKeepsTheConnectionsAndANewConnectTimeoutOpensNewOnes() {
        List<Integer> clientPorts = new java.util.concurrent.CopyOnWriteArrayList<>();
        prometheus.respond(ex -> {
            clientPorts.add(ex.getRemoteAddress().getPort());
            PrometheusHttpFake.send(ex, 200, ONE_SERIES);
        });
        PrometheusHttpClient c = client(settings());
        assertTrue(c.query("up", CacheKind.HEALTH).success());
        c.reconfigure(settings().withTtls(Duration.ofSeconds(31), Duration.ofSeconds(120), Duration.ofSeconds(60)));
        assertEquals(0, c.cacheSize(CacheKind.HEALTH), "caches are cleared all the same");
        assertTrue(c.query("up", CacheKind.HEALTH).success());
        assertEquals(2, clientPorts.size(), "the second query went to Prometheus");
        assertEquals(clientPorts.get(0), clientPorts.get(1), "same HTTP client, same kept-alive connection");

        PrometheusSettings s = settings();
        c.reconfigure(new PrometheusSettings(s.baseUrl(), s.timeout(), s.connectTimeout().plusSeconds(1),
                s.basicAuthUser(), s.basicAuthPassword(), s.tlsVerify(), s.tlsCaFile(), s.tlsCertFile(),
                s.tlsKeyFile(), s.healthTtl(), s.metricsTtl(), s.genericTtl(), s.latencyWindow()));
        assertTrue(c.query("up", CacheKind.HEALTH).success());
        assertNotEquals(clientPorts.get(1), clientPorts.get(2), "a new HTTP client opens its own connection");
    }

    @Test
    void unusableTlsSettingsGiveErrorsNotExceptions() {
        PrometheusHttpClient c = client(settings().withBaseUrl("https://127.0.0.1:1")
                .withTls(true, "/nonexistent/ca.pem", null, null));
        QueryResult r = c.query("up", CacheKind.HEALTH);
        assertFalse(r.success());
        assertTrue(r.error().contains("tls_ca_file"), r.error());
        assertTrue(r.error().contains("/nonexistent/ca.pem"), r.error());
        assertFalse(c.reachable());
    }

    @Test
    void closedClientAnswersErrors() {
        PrometheusHttpClient c = client(settings());
        c.close();
        QueryResult r = c.query("up", CacheKind.HEALTH);
        assertFalse(r.success());
        assertEquals("error", r.raw().get("status").asText());
    }

    @Test
    void nullQueryIsAnErrorWithoutHttp() {
        PrometheusHttpClient c = client(settings());
        assertFalse(c.query(null, CacheKind.HEALTH).success());
        assertFalse(c.queryRange(null, 1, 2, "1m").success());
        assertEquals(0, prometheus.requests.size());
    }

    // ------------------------------------------------------------------ helpers

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within 10 s");
            }
            Thread.sleep(5);
        }
    }

    @Test
    void aProjectedQueryIsCachedApartAndNeverServesAFullOne() {
        prometheus.respond(200, PrometheusHttpFake.vector(
                "{\"metric\":{\"instance\":\"n1\",\"job\":\"node\"},\"value\":[1,\"1\"]}"));
        PrometheusHttpClient c = clientWithFakeClock(settings());

        QueryResult projected = c.query("up", CacheKind.HEALTH, java.util.Set.of("instance"));
        assertEquals(java.util.Map.of("instance", "n1"), projected.result().get(0).labels());
        assertSame(projected, c.query("up", CacheKind.HEALTH, java.util.Set.of("instance")));
        assertSame(projected, c.cached("up", CacheKind.HEALTH, java.util.Set.of("instance")));
        assertNull(c.cached("up", CacheKind.HEALTH), "a projected answer is not the full one");
        assertEquals(1, prometheus.count(QUERY));

        QueryResult full = c.query("up", CacheKind.HEALTH);
        assertEquals(2, prometheus.count(QUERY));
        assertEquals(java.util.Map.of("instance", "n1", "job", "node"), full.result().get(0).labels());

        // another projection: the fresh full answer serves it without a call
        assertSame(full, c.query("up", CacheKind.HEALTH, java.util.Set.of("job")));
        assertSame(full, c.cached("up", CacheKind.HEALTH, java.util.Set.of("job")));
        assertEquals(2, prometheus.count(QUERY));
    }
}
