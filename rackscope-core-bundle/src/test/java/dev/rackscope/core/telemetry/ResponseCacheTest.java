package dev.rackscope.core.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ResponseCacheTest {

    private static final Duration TTL = Duration.ofSeconds(5);

    /** Monotonic nanoseconds moved by hand. */
    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    ResponseCache cache;
    ExecutorService pool;

    @BeforeEach
    void setUp() {
        cache = new ResponseCache(100, nanos::get);
        pool = Executors.newCachedThreadPool();
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS), "worker threads stuck");
    }

    /** Waits (no time limit asserted) until {@code condition} holds; a hang guard only. */
    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 600_000 && !condition.getAsBoolean(); i++) {
            Thread.sleep(0, 100_000);
        }
        assertTrue(condition.getAsBoolean(), "condition never became true");
    }

    @Test
    void hitWithinTtlReturnsTheSameObject() {
        AtomicInteger computes = new AtomicInteger();
        byte[] first = cache.get("alerts:active", TTL, () -> {
            computes.incrementAndGet();
            return "{\"alerts\":[]}".getBytes();
        });
        nanos.addAndGet(Duration.ofMillis(4999).toNanos());
        byte[] second = cache.get("alerts:active", TTL, () -> {
            computes.incrementAndGet();
            return new byte[0];
        });
        assertSame(first, second);
        assertEquals(1, computes.get());
        Map<String, Object> stats = cache.stats();
        assertEquals(1L, stats.get("hits"));
        assertEquals(1L, stats.get("misses"));
    }

    @Test
    void expiresAfterTtl() {
        AtomicInteger computes = new AtomicInteger();
        cache.get("k", TTL, computes::incrementAndGet);
        nanos.addAndGet(TTL.toNanos()); // exactly at expiry: expired
        assertEquals(2, cache.get("k", TTL, computes::incrementAndGet));
        nanos.addAndGet(TTL.toNanos() - 1);
        assertEquals(2, cache.get("k", TTL, computes::incrementAndGet));
        assertEquals(2, computes.get());
    }

    @Test
    void ttlRunsFromTheEndOfTheComputation() {
        cache.get("k", TTL, () -> {
            nanos.addAndGet(Duration.ofSeconds(3).toNanos()); // a slow computation
            return "v1";
        });
        nanos.addAndGet(Duration.ofSeconds(4).toNanos());
        assertEquals("v1", cache.get("k", TTL, () -> "v2"));
    }

    @Test
    void zeroTtlStoresNothing() {
        assertEquals("a", cache.get("k", Duration.ZERO, () -> "a"));
        assertEquals("b", cache.get("k", Duration.ZERO, () -> "b"));
        assertEquals(0, cache.size());
    }

    @Test
    void nullValuesAreCached() {
        AtomicInteger computes = new AtomicInteger();
        cache.get("k", TTL, () -> {
            computes.incrementAndGet();
            return null;
        });
        cache.get("k", TTL, () -> {
            computes.incrementAndGet();
            return null;
        });
        assertEquals(1, computes.get());
    }

    @Test
    void singleflightComputesOnceForConcurrentCallers() throws Exception {
        int n = 16;
        AtomicInteger computes = new AtomicInteger();
        CountDownLatch leaderStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            results.add(pool.submit(() -> cache.get("rack:r1:state", TTL, () -> {
                computes.incrementAndGet();
                leaderStarted.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return "state";
            })));
        }
        assertTrue(leaderStarted.await(60, TimeUnit.SECONDS));
        awaitTrue(() -> cache.waiting() == n - 1); // every other caller is waiting for the leader
        release.countDown();
        for (Future<String> f : results) {
            assertEquals("state", f.get());
        }
        assertEquals(1, computes.get());
        assertEquals(0, cache.waiting());
    }

    @Test
    void leaderFailureReachesTheLeaderAndFollowersRetry() throws Exception {
        int n = 8;
        AtomicInteger computes = new AtomicInteger();
        CountDownLatch leaderStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            results.add(pool.submit(() -> cache.get("k", TTL, () -> {
                if (computes.incrementAndGet() == 1) {
                    leaderStarted.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new IllegalStateException("planner down");
                }
                return "second try";
            })));
        }
        assertTrue(leaderStarted.await(60, TimeUnit.SECONDS));
        awaitTrue(() -> cache.waiting() == n - 1);
        release.countDown();
        int failures = 0;
        for (Future<String> f : results) {
            try {
                assertEquals("second try", f.get());
            } catch (ExecutionException e) {
                failures++;
                assertTrue(e.getCause() instanceof IllegalStateException, String.valueOf(e.getCause()));
                assertEquals("planner down", e.getCause().getMessage());
            }
        }
        assertEquals(1, failures, "only the leader sees its exception");
        assertEquals(2, computes.get(), "one follower became the next leader, the others waited for it");
        assertEquals("second try", cache.get("k", TTL, () -> "third"));
    }

    @Test
    void failureIsNotCachedAndTheSlotIsReleased() {
        assertThrows(IllegalStateException.class, () -> cache.get("k", TTL, () -> {
            throw new IllegalStateException("boom");
        }));
        assertThrows(StackOverflowError.class, () -> cache.get("k", TTL, () -> {
            throw new StackOverflowError();
        }));
        assertEquals(0, cache.size());
        assertEquals("ok", cache.get("k", TTL, () -> "ok")); // no hang: the slot was cancelled
    }

    @Test
    void recursiveLookupOfTheSameKeyIsRefused() {
        assertThrows(IllegalStateException.class,
                () -> cache.get("k", TTL, () -> cache.get("k", TTL, () -> "inner")));
        assertEquals("ok", cache.get("k", TTL, () -> "ok"));
        assertEquals("outer+inner", cache.get("other", TTL, () -> "outer+" + cache.get("inner", TTL, () -> "inner")));
    }

    @Test
    void invalidatePrefixDropsOnlyMatchingKeys() {
        AtomicInteger computes = new AtomicInteger();
        cache.get("alerts:active", TTL, computes::incrementAndGet);
        cache.get("alerts:active:x", TTL, computes::incrementAndGet);
        cache.get("rack:r1", TTL, computes::incrementAndGet);
        assertEquals(2, cache.invalidatePrefix("alerts:active"));
        assertEquals(4, cache.get("alerts:active", TTL, computes::incrementAndGet));
        assertEquals(3, cache.get("rack:r1", TTL, computes::incrementAndGet));
        cache.invalidateAll();
        assertEquals(0, cache.size());
        assertEquals(5, cache.get("rack:r1", TTL, computes::incrementAndGet));
    }

    @Test
    void invalidationDuringComputationDoesNotStoreTheStaleResult() {
        String v = cache.get("alerts:active", TTL, () -> {
            cache.invalidatePrefix("alerts:");
            return "stale";
        });
        assertEquals("stale", v);
        assertEquals("fresh", cache.get("alerts:active", TTL, () -> "fresh"));
    }

    @Test
    void boundedEvictsExpiredFirstThenClosestToExpiry() {
        ResponseCache small = new ResponseCache(3, nanos::get);
        small.get("old", Duration.ofSeconds(1), () -> "old");
        small.get("long", Duration.ofSeconds(100), () -> "long");
        small.get("mid", Duration.ofSeconds(50), () -> "mid");
        nanos.addAndGet(Duration.ofSeconds(2).toNanos()); // "old" has expired
        small.get("new", Duration.ofSeconds(100), () -> "new");
        assertEquals(3, small.size());
        assertEquals("long", small.get("long", TTL, () -> "recomputed"));
        assertEquals("mid", small.get("mid", TTL, () -> "recomputed"));
        // nothing expired now: the entry closest to expiry ("mid") goes
        small.get("fifth", Duration.ofSeconds(100), () -> "fifth");
        assertEquals(3, small.size());
        assertEquals("recomputed", small.get("mid", TTL, () -> "recomputed"));
    }
}
