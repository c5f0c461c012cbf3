package dev.rackscope.core.telemetry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The endpoints' response cache (the original's ServiceCache, telemetry spec §4.0): per key, with a TTL,
 * and singleflight.
 *
 * <ul>
 * <li>A hit within the TTL returns the very object that was stored (store the serialised body to answer
 * byte-identical responses).</li>
 * <li>Concurrent misses on one key: the first caller (the leader) computes, the others wait for its result.
 * </li>
 * <li>If the leader's computation throws, the exception reaches the leader, the slot is cancelled (nothing
 * is stored) and every waiting follower retries: one of them becomes the next leader. A slot is always
 * completed or cancelled, whatever happens, so no later request can hang on it.</li>
 * <li>The TTL runs from the end of the computation. A TTL of zero or less shares an in-flight computation
 * but stores nothing.</li>
 * <li>Bounded: above {@code maxEntries} stored values, expired ones are evicted first, then those closest
 * to expiry. In-flight slots are never evicted.</li>
 * <li>{@link #invalidateAll()} / {@link #invalidatePrefix(String)} also detach in-flight slots: their
 * waiters still get the result, but it is not stored.</li>
 * </ul>
 * A computation must not ask the cache for its own key (that would wait for itself): this is refused with
 * {@link IllegalStateException}.
 */
public final class ResponseCache {

    /** Default bound on stored entries. */
    public static final int DEFAULT_MAX_ENTRIES = 4096;

    private static final class Slot {
        final CompletableFuture<Object> future = new CompletableFuture<>();
        final Thread leader = Thread.currentThread();
        /** Set before the future completes; read only once it is done. */
        volatile long expiresAt;
        volatile boolean stored;
    }

    private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();
    private final int maxEntries;
    private final LongSupplier nanoClock;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicInteger waiting = new AtomicInteger();
    private final Object evictionLock = new Object();

    public ResponseCache() {
        this(DEFAULT_MAX_ENTRIES, System::nanoTime);
    }

    /**
     * @param maxEntries bound on stored values (at least 1)
     * @param nanoClock  a monotonic clock in nanoseconds ({@code System::nanoTime}; a fake one in tests)
     */
    public ResponseCache(int maxEntries, LongSupplier nanoClock) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1");
        }
        this.maxEntries = maxEntries;
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /**
     * The value stored under {@code key} if it has not expired; otherwise the result of {@code compute},
     * computed once however many callers ask at the same time, and stored for {@code ttl}.
     *
     * @throws RuntimeException (or Error) whatever {@code compute} threw, to the leader only
     * @throws CancellationException when a waiting caller is interrupted (its interrupt flag is set again)
     */
    @SuppressWarnings("unchecked")
    public <T> T get(String key, Duration ttl, Supplier<T> compute) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(compute, "compute");
        while (true) {
            Slot slot = slots.get(key);
            if (slot != null) {
                if (slot.future.isDone()) {
                    if (!slot.future.isCompletedExceptionally() && nanoClock.getAsLong() - slot.expiresAt < 0) {
                        hits.incrementAndGet();
                        return (T) slot.future.getNow(null);
                    }
                    slots.remove(key, slot); // expired (or a cancelled slot not yet removed)
                    continue;
                }
                if (slot.leader == Thread.currentThread()) {
                    throw new IllegalStateException("Recursive computation of cache key " + key);
                }
                Object value;
                waiting.incrementAndGet();
                try {
                    value = slot.future.get();
                } catch (CancellationException | ExecutionException e) {
                    continue; // the leader failed: retry, perhaps as the next leader
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CancellationException("Interrupted while waiting for cache key " + key);
                } finally {
                    waiting.decrementAndGet();
                }
                hits.incrementAndGet();
                return (T) value;
            }
            Slot mine = new Slot();
            if (slots.putIfAbsent(key, mine) != null) {
                continue;
            }
            misses.incrementAndGet();
            return lead(key, ttl, compute, mine);
        }
    }

    private <T> T lead(String key, Duration ttl, Supplier<T> compute, Slot mine) {
        boolean completed = false;
        try {
            T value = compute.get();
            long ttlNanos = nanos(ttl);
            mine.expiresAt = nanoClock.getAsLong() + ttlNanos;
            mine.stored = ttlNanos > 0;
            mine.future.complete(value);
            completed = true;
            if (!mine.stored) {
                slots.remove(key, mine);
            } else if (slots.get(key) == mine) {
                evictIfNeeded();
            }
            return value;
        } finally {
            if (!completed) {
                // leader failure (exception or error): cancel the slot so waiting followers retry
                slots.remove(key, mine);
                mine.future.cancel(false);
            }
        }
    }

    private static long nanos(Duration ttl) {
        try {
            return Math.min(ttl.toNanos(), Long.MAX_VALUE / 4);
        } catch (ArithmeticException e) {
            return ttl.isNegative() ? -1 : Long.MAX_VALUE / 4;
        }
    }

    private void evictIfNeeded() {
        if (storedCount() <= maxEntries) {
            return;
        }
        synchronized (evictionLock) {
            long now = nanoClock.getAsLong();
            List<Map.Entry<String, Slot>> live = new ArrayList<>();
            for (Map.Entry<String, Slot> e : slots.entrySet()) {
                Slot s = e.getValue();
                if (!s.future.isDone()) {
                    continue;
                }
                if (now - s.expiresAt >= 0 || s.future.isCompletedExceptionally()) {
                    slots.remove(e.getKey(), s);
                } else {
                    live.add(e);
                }
            }
            int excess = live.size() - maxEntries;
            if (excess > 0) {
                live.sort((a, b) -> Long.compare(a.getValue().expiresAt - now, b.getValue().expiresAt - now));
                for (int i = 0; i < excess; i++) {
                    slots.remove(live.get(i).getKey(), live.get(i).getValue());
                }
            }
        }
    }

    private int storedCount() {
        int n = 0;
        for (Slot s : slots.values()) {
            if (s.future.isDone()) {
                n++;
            }
        }
        return n;
    }

    /** Drops every entry (config reload, topology change). */
    public void invalidateAll() {
        slots.clear();
    }

    /** Drops the entries whose key starts with {@code prefix}; returns how many. */
    public int invalidatePrefix(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        int n = 0;
        for (Map.Entry<String, Slot> e : slots.entrySet()) {
            if (e.getKey().startsWith(prefix) && slots.remove(e.getKey(), e.getValue())) {
                n++;
            }
        }
        return n;
    }

    /** Stored values (done slots, expired or not) plus in-flight computations. */
    public int size() {
        return slots.size();
    }

    /** Callers currently waiting for another caller's computation. */
    public int waiting() {
        return waiting.get();
    }

    /** {@code size, active, inflight, waiting, hits, misses, hit_rate} (approximate, no lock). */
    public Map<String, Object> stats() {
        long now = nanoClock.getAsLong();
        int active = 0;
        int inflight = 0;
        for (Slot s : slots.values()) {
            if (!s.future.isDone()) {
                inflight++;
            } else if (now - s.expiresAt < 0 && !s.future.isCompletedExceptionally()) {
                active++;
            }
        }
        long h = hits.get();
        long m = misses.get();
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("size", slots.size());
        stats.put("active", active);
        stats.put("inflight", inflight);
        stats.put("waiting", waiting.get());
        stats.put("hits", h);
        stats.put("misses", m);
        stats.put("hit_rate", Math.round(1000.0 * h / Math.max(1, h + m)) / 1000.0);
        return stats;
    }
}
