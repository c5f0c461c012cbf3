package dev.rackscope.core.telemetry;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.rackscope.api.model.AppConfig;

/**
 * Pings Prometheus at start and then every period (telemetry.md §1.6) so that the latency statistics stay
 * fresh and {@link PrometheusHttpClient#reachable()} notices an outage (and its end) even while no health
 * computation runs. Runs on one daemon thread; failures are logged and swallowed.
 */
public final class Heartbeat implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Heartbeat.class);

    /** The shortest period honoured. */
    public static final int MIN_SECONDS = 10;
    /** The period when there is no app.yaml. */
    public static final int SECONDS_WITHOUT_CONFIG = 60;
    /** {@code telemetry.prometheus_heartbeat_seconds} when the section is absent. */
    private static final int DEFAULT_SECONDS = 30;

    private final Runnable ping;
    private final Duration period;
    private ScheduledExecutorService executor;

    /** Pings {@code client} every {@code max(10, heartbeatSeconds)} seconds. */
    public Heartbeat(PrometheusHttpClient client, int heartbeatSeconds) {
        this(client::ping, Duration.ofSeconds(Math.max(MIN_SECONDS, heartbeatSeconds)));
    }

    /** Any period, for tests. */
    Heartbeat(Runnable ping, Duration period) {
        this.ping = ping;
        this.period = period;
    }

    /**
     * The heartbeat period app.yaml asks for: {@code max(10, telemetry.prometheus_heartbeat_seconds)}, or 60 s
     * without an app config (the {@code heartbeat_seconds} of {@code /api/stats/prometheus}).
     */
    public static int periodSeconds(AppConfig config) {
        if (config == null) {
            return SECONDS_WITHOUT_CONFIG;
        }
        int value = config.telemetry() == null ? DEFAULT_SECONDS : config.telemetry().prometheusHeartbeatSeconds();
        return Math.max(MIN_SECONDS, value);
    }

    /**
     * The body of {@code GET /api/stats/prometheus} (telemetry.md §4.2): the latency statistics,
     * {@code heartbeat_seconds}, and {@code next_ts = last_ts + heartbeat_seconds·1000} (null without a
     * sample).
     */
    public static Map<String, Object> prometheusStats(Map<String, Object> latencyStats, int heartbeatSeconds) {
        Map<String, Object> out = new LinkedHashMap<>();
        Object lastTs = latencyStats.get("last_ts");
        out.put("last_ms", latencyStats.get("last_ms"));
        out.put("avg_ms", latencyStats.get("avg_ms"));
        out.put("last_ts", lastTs);
        out.put("heartbeat_seconds", heartbeatSeconds);
        boolean truthy = lastTs instanceof Number n && n.doubleValue() != 0;
        out.put("next_ts", truthy ? ((Number) lastTs).doubleValue() + heartbeatSeconds * 1000.0 : null);
        return out;
    }

    public Duration period() {
        return period;
    }

    /** Pings now, then every period; does nothing when already running. */
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rackscope-prometheus-heartbeat");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::beat, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops pinging; a ping in progress is interrupted. */
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    public synchronized boolean running() {
        return executor != null;
    }

    @Override
    public void close() {
        stop();
    }

    private void beat() {
        try {
            ping.run();
        } catch (RuntimeException e) {
            LOG.warn("Prometheus heartbeat failed: {}", e.toString());
        }
    }
}
