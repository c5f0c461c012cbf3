package dev.rackscope.core.telemetry;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.zip.GZIPInputStream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.rackscope.api.telemetry.PrometheusClient;
import dev.rackscope.api.telemetry.QueryResult;

/**
 * The Prometheus HTTP API client (telemetry.md §1) on {@link HttpClient}.
 * <ul>
 * <li>Never throws: every failure is a {@link QueryResult} with {@code success == false} and
 * {@code raw = {"status":"error","error":…}}, or Prometheus's own error body when it sent one.</li>
 * <li>Never keeps a caller longer than the timeout: each HTTP attempt has one deadline covering the
 * connect, the wait for headers and the reading of the body; at the deadline the exchange is aborted.</li>
 * <li>Instant queries go through three TTL caches keyed by the exact PromQL; only successes are stored,
 * expired entries are purged lazily every 300 s. Identical concurrent queries share one HTTP call,
 * whatever their cache kind. Range queries and {@link #ping()} bypass both.</li>
 * <li>Answers are parsed from the response stream on a small pool of reader threads. The health planner's
 * queries name the labels it reads ({@link #query(String, CacheKind, Set)}); the other labels are skipped while
 * parsing, and such answers are cached and coalesced apart from full ones.</li>
 * </ul>
 * {@link #reconfigure} swaps the settings and the HTTP client and clears the caches; counters and
 * latency samples survive.
 */
public final class PrometheusHttpClient implements PrometheusClient, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PrometheusHttpClient.class);

    private static final long PURGE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(300);
    /** Extra wait past the deadline before a caller gives up on its own (the deadline normally fires first). */
    private static final long GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    /** The most of a non-2xx body that is read (Prometheus error bodies are small). */
    private static final int MAX_ERROR_BODY = 64 * 1024;
    private static final CacheKind[] CACHED_KINDS = {CacheKind.HEALTH, CacheKind.METRICS, CacheKind.GENERIC};

    private final LongSupplier clock;
    private final ThreadPoolExecutor readers;
    private final AtomicLong queryCount = new AtomicLong();
    private final AtomicLong cacheHits = new AtomicLong();
    private final AtomicLong cacheMisses = new AtomicLong();
    private final AtomicLong nextPurge;
    private final LatencyWindow latency;
    private volatile Generation current;
    private volatile Map<String, Object> lastBatch;
    private volatile boolean reachable = true;
    private volatile boolean closed;

    public PrometheusHttpClient(PrometheusSettings settings) {
        this(settings, System::nanoTime);
    }

    /** @param clock monotonic nanoseconds, for cache ages (tests pass a fake one) */
    PrometheusHttpClient(PrometheusSettings settings, LongSupplier clock) {
        this.clock = clock;
        int threads = Math.max(4, Math.min(8, Runtime.getRuntime().availableProcessors()));
        AtomicInteger n = new AtomicInteger();
        this.readers = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "rackscope-prometheus-reader-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.readers.allowCoreThreadTimeOut(true);
        this.nextPurge = new AtomicLong(clock.getAsLong() + PURGE_INTERVAL_NANOS);
        this.latency = new LatencyWindow(settings.latencyWindow());
        this.current = new Generation(settings, null);
        this.reachable = current.setupError == null;
    }

    /**
     * Applies new settings: empty caches, the latency window resized keeping the most recent samples, and a
     * new HTTP client (the old one closed in the background once idle) unless the old one fits the new
     * settings as well: a plain-http URL and the same connect timeout, when only the URL path, query timeout,
     * credentials or cache times changed (its open connections are then kept; TLS settings always give a new
     * client, which reads the key material again). Calls in progress finish with the settings they started with.
     */
    public void reconfigure(PrometheusSettings settings) {
        Generation old = current;
        Generation next = new Generation(settings, old);
        current = next;
        latency.resize(settings.latencyWindow());
        reachable = next.setupError == null;
        if (next.transport != old.transport) {
            old.closeInBackground();
        }
        LOG.info("Prometheus client now uses {}", settings.baseUrl());
    }

    public PrometheusSettings settings() {
        return current.settings;
    }

    @Override
    public String baseUrl() {
        return current.settings.baseUrl();
    }

    @Override
    public boolean reachable() {
        return reachable;
    }

    // ------------------------------------------------------------------ queries

    @Override
    public QueryResult query(String promql, CacheKind cache) {
        return query(promql, cache, null);
    }

    /**
     * An instant query whose series keep only the labels named in {@code labels} ({@code null}: all of them).
     * The health planner uses it for its checks, which read one or two labels of each of tens of thousands of
     * series. A projected answer is cached and coalesced apart from the full one (so no caller asking for every
     * label ever gets a projected answer); a fresh cached full answer serves a projected query as well.
     */
    public QueryResult query(String promql, CacheKind cache, Set<String> labels) {
        if (promql == null) {
            return PrometheusResponseParser.error("query is required");
        }
        CacheKind kind = cache == null ? CacheKind.GENERIC : cache;
        Generation g = current;
        long now = clock.getAsLong();
        purgeIfDue(g, now);
        Map<String, Entry> store = g.caches.get(kind); // null for NONE
        String key = key(promql, labels);
        if (store != null) {
            QueryResult hit = fresh(g, kind, store, key, labels == null ? null : promql, now);
            if (hit != null) {
                cacheHits.incrementAndGet();
                return hit;
            }
        }
        cacheMisses.incrementAndGet();

        CompletableFuture<QueryResult> shared = g.inFlight.get(key);
        boolean leader = false;
        if (shared == null) {
            CompletableFuture<QueryResult> mine = new CompletableFuture<>();
            shared = g.inFlight.putIfAbsent(key, mine);
            if (shared == null) {
                shared = mine;
                leader = true;
                start(g, promql, key, labels, store, mine);
            }
        }
        QueryResult result = await(shared, g.settings.timeout());
        if (!leader && store != null && result.success()) {
            Entry e = store.get(key);
            if (e == null || e.result != result) { // joined a call made for another cache kind
                store.put(key, new Entry(result, clock.getAsLong()));
            }
        }
        return result;
    }

    /** The cache and in-flight key: the PromQL, plus the sorted label names of a projection. */
    private static String key(String promql, Set<String> labels) {
        if (labels == null) {
            return promql;
        }
        StringBuilder sb = new StringBuilder(promql.length() + 32).append(promql).append('\u0000').append("labels");
        new TreeSet<>(labels).forEach(l -> sb.append('\u0000').append(l));
        return sb.toString();
    }

    /** The fresh entry under {@code key}, else under {@code full} (the unprojected key) when not null. */
    private QueryResult fresh(Generation g, CacheKind kind, Map<String, Entry> store, String key, String full,
                              long now) {
        long ttl = g.ttlNanos.get(kind);
        Entry hit = store.get(key);
        if (hit != null && now - hit.storedAt < ttl) {
            return hit.result;
        }
        if (full != null) {
            hit = store.get(full);
            if (hit != null && now - hit.storedAt < ttl) {
                return hit.result;
            }
        }
        return null;
    }

    /**
     * The cached answer of an instant query while it is fresh, else {@code null}; never any HTTP. Health
     * uses it while Prometheus is unreachable, so states hold until their cached results expire.
     */
    public QueryResult cached(String promql, CacheKind cache) {
        return cached(promql, cache, null);
    }

    /** {@link #cached(String, CacheKind)} of a projected query (see {@link #query(String, CacheKind, Set)}). */
    public QueryResult cached(String promql, CacheKind cache, Set<String> labels) {
        Generation g = current;
        CacheKind kind = cache == null ? CacheKind.GENERIC : cache;
        Map<String, Entry> store = g.caches.get(kind);
        if (store == null || promql == null) {
            return null;
        }
        QueryResult hit = fresh(g, kind, store, key(promql, labels), labels == null ? null : promql,
                clock.getAsLong());
        if (hit != null) {
            cacheHits.incrementAndGet();
        }
        return hit;
    }

    /** Runs the HTTP call of a coalesced query; the cache is filled before the in-flight entry goes. */
    private void start(Generation g, String promql, String key, Set<String> labels, Map<String, Entry> store,
                       CompletableFuture<QueryResult> mine) {
        send(g, instantUri(g, promql), true, labels).whenComplete((r, e) -> {
            QueryResult result = r != null ? r : PrometheusResponseParser.error(describe(e));
            try {
                if (store != null && result.success()) {
                    store.put(key, new Entry(result, clock.getAsLong()));
                }
            } finally {
                g.inFlight.remove(key, mine);
                mine.complete(result);
            }
        });
    }

    @Override
    public QueryResult queryRange(String promql, double start, double end, String step) {
        if (promql == null) {
            return PrometheusResponseParser.error("query is required");
        }
        Generation g = current;
        StringBuilder uri = new StringBuilder(g.settings.baseUrl()).append("/api/v1/query_range?query=")
                .append(encode(promql))
                .append("&start=").append(plain(start))
                .append("&end=").append(plain(end));
        if (step != null) {
            uri.append("&step=").append(encode(step));
        }
        return await(send(g, uri.toString(), false), g.settings.timeout());
    }

    /** An instant {@code vector(1)} straight to HTTP (no cache, no coalescing), recording its latency. */
    public QueryResult ping() {
        Generation g = current;
        return await(send(g, instantUri(g, "vector(1)"), true), g.settings.timeout());
    }

    /** The answer of {@link #getText}: the HTTP status and body, or why there is none ({@code status == -1}). */
    public record TextAnswer(int status, String body, String error) {
    }

    /**
     * A plain {@code GET <base URL><path>} with the client's authentication and TLS settings (process-stats reads
     * Prometheus's own {@code /metrics}); never cached, never longer than {@code timeout}, never throws.
     */
    public TextAnswer getText(String path, Duration timeout) {
        Generation g = current;
        if (closed) {
            return new TextAnswer(-1, null, "Prometheus client is closed");
        }
        if (g.setupError != null) {
            return new TextAnswer(-1, null, g.setupError);
        }
        CompletableFuture<HttpResponse<String>> call = null;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(g.settings.baseUrl() + path)).GET()
                    .timeout(timeout);
            if (g.authorization != null) {
                request.header("Authorization", g.authorization);
            }
            call = g.http().sendAsync(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            HttpResponse<String> response = call.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return new TextAnswer(response.statusCode(), response.body(), null);
        } catch (TimeoutException e) {
            call.cancel(true);
            return new TextAnswer(-1, null, "timed out after " + seconds(timeout) + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new TextAnswer(-1, null, "interrupted");
        } catch (ExecutionException | RuntimeException e) {
            return new TextAnswer(-1, null, describe(g, e));
        }
    }

    private static String instantUri(Generation g, String promql) {
        return g.settings.baseUrl() + "/api/v1/query?query=" + encode(promql);
    }

    private QueryResult await(CompletableFuture<QueryResult> future, Duration timeout) {
        try {
            return future.get(timeout.toNanos() + GRACE_NANOS, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return PrometheusResponseParser.error(timedOut(timeout));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return PrometheusResponseParser.error("Prometheus query interrupted");
        } catch (ExecutionException e) {
            return PrometheusResponseParser.error(describe(e.getCause()));
        }
    }

    /** One HTTP attempt, whose future always completes, at the latest at the deadline. */
    private CompletableFuture<QueryResult> send(Generation g, String uri, boolean latencyOnFailure) {
        return send(g, uri, latencyOnFailure, null);
    }

    private CompletableFuture<QueryResult> send(Generation g, String uri, boolean latencyOnFailure,
                                                Set<String> labels) {
        if (closed) {
            return CompletableFuture.completedFuture(PrometheusResponseParser.error("Prometheus client is closed"));
        }
        if (g.setupError != null) {
            reachable = false;
            return CompletableFuture.completedFuture(PrometheusResponseParser.error(g.setupError));
        }
        queryCount.incrementAndGet();
        Exchange exchange = new Exchange(g, latencyOnFailure, labels);
        exchange.start(uri);
        return exchange.done;
    }

    private final class Exchange {
        /** Completes after the statistics are updated, so a caller never sees stale ones. */
        final CompletableFuture<QueryResult> done = new CompletableFuture<>();
        private final CompletableFuture<QueryResult> result = new CompletableFuture<>();
        private final Generation g;
        private final Set<String> labels;
        private final QueryResult timedOut;
        private final long started = System.nanoTime();
        private volatile boolean headersArrived;
        private volatile CompletableFuture<HttpResponse<InputStream>> http;
        private volatile Future<?> reading;

        Exchange(Generation g, boolean latencyOnFailure, Set<String> labels) {
            this.g = g;
            this.labels = labels;
            this.timedOut = PrometheusResponseParser.error(timedOut(g.settings.timeout()));
            result.whenComplete((r, e) -> {
                try {
                    if (r == timedOut) {
                        abort();
                    }
                    if (latencyOnFailure || r != null && r.success()) {
                        latency.add((System.nanoTime() - started) / 1e6, System.currentTimeMillis());
                    }
                } finally {
                    done.complete(r != null ? r : PrometheusResponseParser.error(describe(e)));
                }
            });
        }

        void start(String uri) {
            result.completeOnTimeout(timedOut, g.settings.timeout().toNanos(), TimeUnit.NANOSECONDS);
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).GET()
                        .timeout(g.settings.timeout())
                        .header("Accept", "application/json");
                // No Accept-Encoding: gzip. Prometheus usually sits on the same host or LAN, where compressing
                // tens of MB costs both sides far more CPU time than the transfer it saves.
                if (g.authorization != null) {
                    request.header("Authorization", g.authorization);
                }
                CompletableFuture<HttpResponse<InputStream>> call =
                        g.http().sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream());
                http = call;
                call.whenComplete(this::onResponse);
                if (result.isDone()) {
                    call.cancel(true);
                }
            } catch (RuntimeException e) { // bad URI, closed client
                result.complete(PrometheusResponseParser.error(describe(e)));
            }
        }

        private void onResponse(HttpResponse<InputStream> response, Throwable failure) {
            if (failure != null) {
                if (!result.isDone()) {
                    reachable = false;
                    result.complete(PrometheusResponseParser.error(describe(failure)));
                }
                return;
            }
            headersArrived = true;
            int status = response.statusCode();
            reachable = status < 500; // 4xx: Prometheus answered (bad PromQL must not stop the other checks)
            if (result.isDone()) {
                closeQuietly(response.body());
                return;
            }
            try {
                Future<?> task = readers.submit(() -> read(response));
                reading = task;
                if (result.isDone()) {
                    task.cancel(true);
                }
            } catch (RejectedExecutionException e) {
                closeQuietly(response.body());
                result.complete(PrometheusResponseParser.error("Prometheus client is closed"));
            }
        }

        private void read(HttpResponse<InputStream> response) {
            int status = response.statusCode();
            try (InputStream in = decoded(response)) {
                QueryResult parsed;
                if (status / 100 == 2) {
                    parsed = PrometheusResponseParser.parse(in, result::isDone, labels);
                } else {
                    byte[] body = new byte[MAX_ERROR_BODY];
                    int length = in.readNBytes(body, 0, body.length);
                    boolean truncated = length == body.length && in.read() >= 0;
                    parsed = PrometheusResponseParser.httpError(status, body, length, truncated);
                }
                result.complete(parsed);
            } catch (IOException | RuntimeException e) {
                result.complete(PrometheusResponseParser.error(
                        "Error reading the answer of Prometheus at " + g.settings.baseUrl() + ": " + describe(e)));
            }
        }

        /** At the deadline: stop waiting for headers, or stop reading the body. */
        private void abort() {
            if (!headersArrived) {
                reachable = false;
            }
            CompletableFuture<?> call = http;
            if (call != null) {
                call.cancel(true);
            }
            Future<?> task = reading;
            if (task != null) {
                task.cancel(true); // the reader thread closes the stream
            }
        }

        private String describe(Throwable e) {
            return PrometheusHttpClient.this.describe(g, e);
        }
    }

    private static InputStream decoded(HttpResponse<InputStream> response) throws IOException {
        String encoding = response.headers().firstValue("Content-Encoding").orElse("");
        InputStream body = response.body();
        return "gzip".equalsIgnoreCase(encoding.trim()) ? new GZIPInputStream(body, 64 * 1024) : body;
    }

    private String describe(Throwable e) {
        return describe(current, e);
    }

    private String describe(Generation g, Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        String base = g.settings.baseUrl();
        if (t instanceof HttpConnectTimeoutException) {
            return "Cannot connect to Prometheus at " + base + ": connect timed out after "
                    + seconds(g.settings.connectTimeout()) + " s";
        }
        if (t instanceof HttpTimeoutException) {
            return timedOut(g.settings.timeout());
        }
        if (t instanceof ConnectException) {
            Throwable root = t;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            if (root instanceof UnresolvedAddressException || root instanceof UnknownHostException) {
                return "Cannot connect to Prometheus at " + base + ": unknown host";
            }
            // the JDK leaves a refused connect without any message (its root is a ClosedChannelException)
            return "Cannot connect to Prometheus at " + base + ": " + message(t, "Connection refused");
        }
        if (t instanceof SSLException) {
            return "TLS error with Prometheus at " + base + ": " + message(t, t.getClass().getSimpleName());
        }
        if (t instanceof IOException) {
            return "Cannot reach Prometheus at " + base + ": " + message(t, t.getClass().getSimpleName());
        }
        return message(t, t == null ? "unknown error" : t.getClass().getSimpleName());
    }

    /** The first message along the cause chain. */
    private static String message(Throwable e, String fallback) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return fallback;
    }

    private static String timedOut(Duration timeout) {
        return "Prometheus query timed out after " + seconds(timeout) + " s";
    }

    private static String seconds(Duration d) {
        return BigDecimal.valueOf(d.toMillis()).movePointLeft(3).stripTrailingZeros().toPlainString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** A unix time as Python prints a float: plain digits, never an exponent. */
    private static String plain(double seconds) {
        return Double.isFinite(seconds) ? BigDecimal.valueOf(seconds).toPlainString() : String.valueOf(seconds);
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException | RuntimeException ignored) {
            // nothing to do
        }
    }

    // ------------------------------------------------------------------ caches

    private record Entry(QueryResult result, long storedAt) {
    }

    private void purgeIfDue(Generation g, long now) {
        long due = nextPurge.get();
        if (now - due < 0 || !nextPurge.compareAndSet(due, now + PURGE_INTERVAL_NANOS)) {
            return;
        }
        for (CacheKind kind : CACHED_KINDS) {
            long ttl = g.ttlNanos.get(kind);
            g.caches.get(kind).values().removeIf(e -> now - e.storedAt >= ttl);
        }
    }

    /** How many entries a cache holds, expired ones included until the next purge (tests). */
    int cacheSize(CacheKind kind) {
        Map<String, Entry> store = current.caches.get(kind);
        return store == null ? 0 : store.size();
    }

    // ------------------------------------------------------------------ statistics

    /**
     * {@code {query_count, cache_hits, cache_misses, in_flight, last_batch}} (telemetry.md §1.5, §4.3).
     * {@code query_count} counts HTTP attempts (pings and range queries included); a call that joins an
     * in-flight query is a miss.
     */
    public Map<String, Object> stats() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("query_count", queryCount.get());
        out.put("cache_hits", cacheHits.get());
        out.put("cache_misses", cacheMisses.get());
        out.put("in_flight", current.inFlight.size());
        out.put("last_batch", lastBatch);
        return out;
    }

    /** The body of {@code GET /api/stats/telemetry}: {@link #stats()} and {@link #latencyStats()} together. */
    public Map<String, Object> telemetryStats() {
        Map<String, Object> out = stats();
        out.putAll(latencyStats());
        return out;
    }

    @Override
    public Map<String, Object> latencyStats() {
        return latency.stats();
    }

    /** What the planner's last recompute asked of Prometheus, shown as {@code last_batch}. */
    public void recordPlannerBatch(int totalIds, int queryCount, int maxIdsPerQuery) {
        Map<String, Object> batch = new LinkedHashMap<>();
        batch.put("total_ids", totalIds);
        batch.put("query_count", queryCount);
        batch.put("max_ids_per_query", maxIdsPerQuery);
        batch.put("ts", (double) System.currentTimeMillis());
        lastBatch = Collections.unmodifiableMap(batch);
        LOG.debug("Planner batch: {} ids in {} queries (at most {} ids per query)", totalIds, queryCount,
                maxIdsPerQuery);
    }

    /** Adds a latency sample as a call would (tests). */
    void recordLatency(double millis) {
        latency.add(millis, System.currentTimeMillis());
    }

    /** The rolling latency window: last sample, mean over the window, time of the last sample. */
    private static final class LatencyWindow {
        private final ArrayDeque<Double> samples = new ArrayDeque<>();
        private int capacity;
        private Double lastMs;
        private Double lastTs;

        LatencyWindow(int capacity) {
            this.capacity = Math.max(1, capacity);
        }

        synchronized void add(double millis, long epochMillis) {
            lastMs = millis;
            lastTs = (double) epochMillis;
            samples.addLast(millis);
            trim();
        }

        synchronized void resize(int newCapacity) {
            capacity = Math.max(1, newCapacity);
            trim();
        }

        private void trim() {
            while (samples.size() > capacity) {
                samples.removeFirst();
            }
        }

        synchronized Map<String, Object> stats() {
            Map<String, Object> out = new LinkedHashMap<>();
            Double avg = null;
            if (!samples.isEmpty()) {
                double sum = 0;
                for (double s : samples) {
                    sum += s;
                }
                avg = sum / samples.size();
            }
            out.put("last_ms", samples.isEmpty() ? null : lastMs);
            out.put("avg_ms", avg);
            out.put("last_ts", samples.isEmpty() ? null : lastTs);
            return out;
        }
    }

    // ------------------------------------------------------------------ lifecycle

    /** Stops the reader threads; later calls answer "closed". */
    @Override
    public void close() {
        closed = true;
        readers.shutdownNow();
        current.closeInBackground();
    }

    /** Everything that one set of settings builds; replaced as a whole by {@link #reconfigure}. */
    private static final class Generation {
        final PrometheusSettings settings;
        /** The HTTP client, possibly shared with the generation before (see {@link #reconfigure}); null on a setup error. */
        final Transport transport;
        final String authorization;
        final String setupError;
        final Map<CacheKind, Map<String, Entry>> caches = new EnumMap<>(CacheKind.class);
        final Map<CacheKind, Long> ttlNanos = new EnumMap<>(CacheKind.class);
        final ConcurrentHashMap<String, CompletableFuture<QueryResult>> inFlight = new ConcurrentHashMap<>();

        Generation(PrometheusSettings settings, Generation previous) {
            this.settings = settings;
            for (CacheKind kind : CACHED_KINDS) {
                caches.put(kind, new ConcurrentHashMap<>());
            }
            for (CacheKind kind : CacheKind.values()) {
                ttlNanos.put(kind, settings.ttl(kind).toNanos());
            }
            this.authorization = settings.basicAuthUser() == null ? null
                    : "Basic " + Base64.getEncoder().encodeToString(
                            (settings.basicAuthUser() + ":" + (settings.basicAuthPassword() == null ? ""
                                    : settings.basicAuthPassword())).getBytes(StandardCharsets.UTF_8));
            HttpClient.Builder builder = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(settings.connectTimeout());
            String error = null;
            if (settings.baseUrl().toLowerCase(Locale.ROOT).startsWith("https:")) {
                try {
                    SSLContext context = PrometheusTls.context(settings);
                    builder.sslContext(context);
                } catch (java.security.GeneralSecurityException | RuntimeException e) {
                    error = "TLS configuration of Prometheus is unusable: " + e.getMessage();
                    LOG.warn("{}", error);
                }
            }
            this.setupError = error;
            if (error != null) {
                this.transport = null;
            } else if (previous != null && previous.transport != null && isPlainHttp(settings)
                    && isPlainHttp(previous.settings)
                    && settings.connectTimeout().equals(previous.settings.connectTimeout())) {
                this.transport = previous.transport;
            } else {
                this.transport = new Transport(builder);
            }
        }

        private static boolean isPlainHttp(PrometheusSettings settings) {
            return settings.baseUrl().toLowerCase(Locale.ROOT).startsWith("http:");
        }

        /** The HTTP client; only called when {@link #setupError} is null. */
        HttpClient http() {
            return transport.http();
        }

        /** Java 21's HttpClient is closeable; close waits for calls in progress, hence the thread. */
        void closeInBackground() {
            HttpClient built = transport == null ? null : transport.built;
            if (built instanceof AutoCloseable closeable) {
                Thread t = new Thread(() -> {
                    try {
                        closeable.close();
                    } catch (Exception e) {
                        LOG.debug("Closing the previous Prometheus HTTP client: {}", e.toString());
                    }
                }, "rackscope-prometheus-close");
                t.setDaemon(true);
                t.start();
            }
        }
    }

    /** A JDK HttpClient built on first use: it costs ~0.3 s to build cold (it loads the default TLS context). */
    private static final class Transport {
        private final HttpClient.Builder builder;
        private volatile HttpClient built;

        Transport(HttpClient.Builder builder) {
            this.builder = builder;
        }

        HttpClient http() {
            HttpClient c = built;
            if (c == null) {
                synchronized (this) {
                    if (built == null) {
                        built = builder.build();
                    }
                    c = built;
                }
            }
            return c;
        }
    }
}
