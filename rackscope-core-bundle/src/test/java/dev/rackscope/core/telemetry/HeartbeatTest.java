package dev.rackscope.core.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.rackscope.api.model.AppConfig;

/** telemetry.md §1.6 and §4.2 (acceptance case 32). */
class HeartbeatTest {

    @Test
    void pingsAtStartThenEveryPeriodUntilStopped() throws InterruptedException {
        AtomicInteger pings = new AtomicInteger();
        CountDownLatch three = new CountDownLatch(3);
        Heartbeat heartbeat = new Heartbeat(() -> {
            pings.incrementAndGet();
            three.countDown();
        }, Duration.ofMillis(20));

        heartbeat.start();
        heartbeat.start(); // idempotent
        assertTrue(three.await(10, TimeUnit.SECONDS));
        heartbeat.stop();
        assertFalse(heartbeat.running());
        int afterStop = pings.get();
        Thread.sleep(100);
        assertTrue(pings.get() <= afterStop + 1, "no pings after stop (one may have been under way)");
    }

    @Test
    void aFailingPingDoesNotStopTheHeartbeat() throws InterruptedException {
        CountDownLatch twice = new CountDownLatch(2);
        try (Heartbeat heartbeat = new Heartbeat(() -> {
            twice.countDown();
            throw new IllegalStateException("boom");
        }, Duration.ofMillis(10))) {
            heartbeat.start();
            assertTrue(twice.await(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void startPingsTheClientImmediately() throws Exception {
        try (PrometheusHttpFake prometheus = PrometheusHttpFake.start();
             PrometheusHttpClient client = new PrometheusHttpClient(PrometheusSettings.defaults(prometheus.url()));
             Heartbeat heartbeat = new Heartbeat(client, 30)) {
            assertEquals(Duration.ofSeconds(30), heartbeat.period());
            heartbeat.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (client.latencyStats().get("last_ms") == null && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertNotNull(client.latencyStats().get("last_ts"));
            assertEquals("vector(1)", prometheus.last().query());
            assertTrue(client.reachable());
        }
    }

    @Test
    void periodIsAtLeastTenSeconds() {
        try (PrometheusHttpClient client = new PrometheusHttpClient(PrometheusSettings.defaults(null))) {
            assertEquals(Duration.ofSeconds(10), new Heartbeat(client, 3).period());
        }
    }

    @Test
    void periodSecondsFromAppConfig() {
        assertEquals(60, Heartbeat.periodSeconds(null));
        AppConfig.Telemetry t = new AppConfig.Telemetry(null, 5, "instance", "rack_id", "chassis_id", ".*", 45, 20,
                false, null, null, true, null, null, null);
        AppConfig cfg = new AppConfig(null, null, null, null, t, null, null, null, null, null, null, null, null);
        assertEquals(45, Heartbeat.periodSeconds(cfg));
        AppConfig.Telemetry low = new AppConfig.Telemetry(null, 5, "instance", "rack_id", "chassis_id", ".*", 2, 20,
                false, null, null, true, null, null, null);
        assertEquals(10, Heartbeat.periodSeconds(
                new AppConfig(null, null, null, null, low, null, null, null, null, null, null, null, null)));
        assertEquals(30, Heartbeat.periodSeconds(
                new AppConfig(null, null, null, null, null, null, null, null, null, null, null, null, null)));
    }

    @Test
    void prometheusStatsGiveTheNextHeartbeatTime() {
        Map<String, Object> latency = new HashMap<>();
        latency.put("last_ms", 12.0);
        latency.put("avg_ms", 10.0);
        latency.put("last_ts", 1000000.0);

        Map<String, Object> stats = Heartbeat.prometheusStats(latency, 30);

        assertEquals(30, stats.get("heartbeat_seconds"));
        assertEquals(1030000.0, stats.get("next_ts"));
        assertEquals(12.0, stats.get("last_ms"));
        assertEquals(10.0, stats.get("avg_ms"));
        assertEquals(1000000.0, stats.get("last_ts"));
    }

    @Test
    void prometheusStatsWithoutSamplesHaveNoNextTime() {
        Map<String, Object> latency = new HashMap<>();
        latency.put("last_ms", null);
        latency.put("avg_ms", null);
        latency.put("last_ts", null);

        Map<String, Object> stats = Heartbeat.prometheusStats(latency, Heartbeat.periodSeconds(null));

        assertEquals(60, stats.get("heartbeat_seconds"));
        assertNull(stats.get("next_ts"));
        assertTrue(stats.containsKey("last_ms"));
    }
}
