package dev.rackscope.api.telemetry;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The Prometheus HTTP API client of the server (any backend that speaks {@code /api/v1/query}), configured
 * from app.yaml's {@code telemetry} and {@code cache} sections and reconfigured on every reload. Instant
 * queries go through per-kind TTL caches (only successful answers are kept) and identical concurrent
 * queries share one HTTP call. Methods never throw and never block longer than the configured timeout.
 */
@ProviderType
public interface PrometheusClient {

    /** Which TTL cache an instant query uses. */
    enum CacheKind {
        /** health checks, discovery, Slurm: {@code cache.health_checks_ttl_seconds} */
        HEALTH,
        /** detailed metrics: {@code cache.metrics_ttl_seconds} */
        METRICS,
        /** anything else: {@code cache.ttl_seconds} */
        GENERIC,
        /** no cache (still coalesced) */
        NONE
    }

    /** An instant query evaluated at "now". */
    QueryResult query(String promql, CacheKind cache);

    /** A range query over [start, end] (unix seconds) with a step such as {@code 5m}; never cached. */
    QueryResult queryRange(String promql, double start, double end, String step);

    /** The base URL queries go to. */
    String baseUrl();

    /**
     * False once the last heartbeat or query failed to reach Prometheus (or got a non-2xx), true after
     * the next success. Health computations skip Prometheus while it is down instead of waiting on it.
     */
    boolean reachable();

    /** {@code {last_ms, avg_ms, last_ts}} (epoch milliseconds), nulls while there are no samples. */
    Map<String, Object> latencyStats();
}
