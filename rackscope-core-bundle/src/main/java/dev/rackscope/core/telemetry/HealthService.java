package dev.rackscope.core.telemetry;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.rackscope.api.model.AppConfig;
import dev.rackscope.api.snapshot.Snapshot;
import dev.rackscope.api.snapshot.SnapshotListener;
import dev.rackscope.api.snapshot.SnapshotService;
import dev.rackscope.api.telemetry.PrometheusClient;
import dev.rackscope.api.telemetry.QueryResult;
import dev.rackscope.core.telemetry.CheckTargets.Targets;

/**
 * Health of the whole topology from Prometheus: owns the Prometheus client (published for plugins as
 * {@link PrometheusClient}), its heartbeat, the planner with its debounce state, the check targets, and the
 * endpoints' response cache. Follows every configuration reload.
 *
 * <p>Health never blocks on Prometheus: one recompute shares a deadline, its queries run on a small pool,
 * and while Prometheus is unreachable only still-fresh cached answers are used (so states turn UNKNOWN
 * as their cached results expire) until the heartbeat or a query reaches it again.
 */
@Component(service = {HealthService.class, PrometheusClient.class, SnapshotListener.class}, immediate = true)
public final class HealthService implements PrometheusClient, SnapshotListener {

    private static final Logger LOG = LoggerFactory.getLogger(HealthService.class);
    private static final int QUERY_THREADS = 6;

    private final SnapshotService snapshots;
    private final PrometheusHttpClient client;
    private final ExecutorService queryPool;
    private final HealthPlanner planner;
    private final ResponseCache responses = new ResponseCache();
    private volatile Heartbeat heartbeat;
    private volatile TargetsFor targets;
    private volatile boolean wasReachable = true;

    private record TargetsFor(Snapshot snapshot, Map<String, Targets> targets) {
    }

    @Activate
    public HealthService(@Reference SnapshotService snapshots) {
        this.snapshots = snapshots;
        Snapshot current = snapshots.current();
        this.client = new PrometheusHttpClient(PrometheusSettings.from(current.config(), env()));
        AtomicInteger n = new AtomicInteger();
        this.queryPool = Executors.newFixedThreadPool(QUERY_THREADS, r -> {
            Thread t = new Thread(r, "rackscope-health-query-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.planner = new HealthPlanner(HealthPlanner.monotonicEpochClock(), queryPool);
        this.heartbeat = new Heartbeat(client, Heartbeat.periodSeconds(current.config()));
        heartbeat.start();
        LOG.info("Telemetry: Prometheus at {}", client.baseUrl());
    }

    @Deactivate
    void deactivate() {
        heartbeat.close();
        queryPool.shutdownNow();
        client.close();
    }

    private static String env() {
        return System.getenv("PROMETHEUS_URL");
    }

    // ------------------------------------------------------------------ reload

    @Override
    public void snapshotChanged(Snapshot previous, Snapshot current) {
        PrometheusSettings settings = PrometheusSettings.from(current.config(), env());
        if (!settings.equals(client.settings())) {
            client.reconfigure(settings);
            LOG.info("Telemetry: Prometheus at {}", client.baseUrl());
        }
        int period = Heartbeat.periodSeconds(current.config());
        if (heartbeat.period().toSeconds() != period) {
            heartbeat.close();
            heartbeat = new Heartbeat(client, period);
            heartbeat.start();
        }
        targets = null;
        responses.invalidateAll();
        // on the reload thread: the first request after a reload then only queries and evaluates
        planner.prepare(current, targets(current));
    }

    // ------------------------------------------------------------------ health

    /** The check targets of a snapshot (computed once per snapshot). */
    public Map<String, Targets> targets(Snapshot snapshot) {
        TargetsFor t = targets;
        if (t == null || t.snapshot() != snapshot) {
            t = new TargetsFor(snapshot, CheckTargets.collect(snapshot));
            targets = t;
        }
        return t.targets();
    }

    /** The planner's snapshot for the current configuration (fresh within {@code planner.cache_ttl_seconds}). */
    public HealthSnapshot health() {
        return health(snapshots.current());
    }

    /** The health of {@code snapshot}, recomputed when the cached one is too old. */
    public HealthSnapshot health(Snapshot snapshot) {
        AppConfig config = snapshot.config();
        double timeout = config == null ? 5.0 : config.telemetry().prometheusTimeoutSeconds();
        long deadline = System.nanoTime() + Duration.ofMillis((long) (Math.max(2 * timeout, 5.0) * 1000)).toNanos();
        HealthPlanner.Query query = (promql, labels) -> healthQuery(promql, labels, deadline);
        long t0 = System.nanoTime();
        Map<String, Targets> t = targets(snapshot);
        long t1 = System.nanoTime();
        HealthSnapshot result = planner.snapshot(snapshot, t, query);
        long t2 = System.nanoTime();
        if (LOG.isDebugEnabled() || Boolean.getBoolean("rackscope.health.timing")) {
            HealthPlanner.Timing timing = planner.lastTiming();
            LOG.info("health: targets {} ms, planner {} ms{}", (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000,
                    timing == null ? "" : String.format(" (waiting for answers %.0f, evaluating %.0f, roll-up %.0f)",
                            timing.waitingMs(), timing.evaluatingMs(), timing.rollUpMs()));
        }
        QueryPlanner.BatchStats batch = planner.lastBatch();
        if (batch != null) {
            client.recordPlannerBatch(batch.totalIds(), batch.queryCount(), batch.maxIdsPerQuery());
        }
        boolean reachable = client.reachable();
        if (reachable != wasReachable) {
            wasReachable = reachable;
            if (reachable) {
                LOG.info("Prometheus at {} is reachable again", client.baseUrl());
            } else {
                LOG.warn("Prometheus at {} is unreachable: health states turn UNKNOWN as cached results expire",
                        client.baseUrl());
            }
        }
        return result;
    }

    /** One planner query: only the labels the planner reads are kept (see {@link PrometheusHttpClient#query}). */
    private QueryResult healthQuery(String promql, Set<String> labels, long deadline) {
        if (!client.reachable() || System.nanoTime() > deadline) {
            QueryResult cached = client.cached(promql, CacheKind.HEALTH, labels);
            return cached != null ? cached : unanswered(client.reachable() ? "health query deadline passed"
                    : "Prometheus unreachable");
        }
        return client.query(promql, CacheKind.HEALTH, labels);
    }

    private static QueryResult unanswered(String why) {
        return new QueryResult(false, null, null, why, null);
    }

    /** A response cached for {@code ttlSeconds} under {@code key} (single flight; cleared on every reload). */
    public <T> T cached(String key, int ttlSeconds, Supplier<T> compute) {
        return responses.get(key, Duration.ofSeconds(Math.max(1, ttlSeconds)), compute);
    }

    /** Drops cached responses whose key starts with {@code prefix} (maintenance changes, …). */
    public void invalidate(String prefix) {
        responses.invalidatePrefix(prefix);
    }

    /** {@code /api/stats/telemetry}. */
    public Map<String, Object> telemetryStats() {
        return client.telemetryStats();
    }

    /** A plain GET of a path of the Prometheus server, with the client's settings (process-stats). */
    public PrometheusHttpClient.TextAnswer getText(String path, Duration timeout) {
        return client.getText(path, timeout);
    }

    /** {@code /api/stats/prometheus}. */
    public Map<String, Object> prometheusStats() {
        return Heartbeat.prometheusStats(client.latencyStats(), Heartbeat.periodSeconds(snapshots.current().config()));
    }

    // ------------------------------------------------------------------ PrometheusClient for plugins

    @Override
    public QueryResult query(String promql, CacheKind cache) {
        return client.query(promql, cache);
    }

    @Override
    public QueryResult queryRange(String promql, double start, double end, String step) {
        return client.queryRange(promql, start, end, step);
    }

    @Override
    public String baseUrl() {
        return client.baseUrl();
    }

    @Override
    public boolean reachable() {
        return client.reachable();
    }

    @Override
    public Map<String, Object> latencyStats() {
        return client.latencyStats();
    }
}
