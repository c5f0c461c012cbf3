package dev.rackscope.core.auth;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The login rate limit (ui-surface.md §1.4, with §10 S8 fixed): failed attempts are counted per client address
 * <em>and</em> submitted user name in a sliding window, so that failures from one address cannot lock the
 * administrator out elsewhere; successes are not counted and clear their key; the table is bounded (the
 * least recently failed keys go first); a refused attempt is told how long to wait.
 */
public final class LoginLimiter {

    /** The original's window and attempt count. */
    public static final long WINDOW_SECONDS = 900;
    public static final int MAX_FAILURES = 10;
    /** Keys kept at most; beyond it the key that failed least recently is forgotten. */
    static final int MAX_KEYS = 10_000;

    private final long windowMillis;
    private final int maxFailures;
    private final int maxKeys;
    /** Access order: the eldest entry is the key whose last failure is the oldest. */
    private final LinkedHashMap<String, ArrayDeque<Long>> failures = new LinkedHashMap<>(64, 0.75f, true);

    public LoginLimiter() {
        this(WINDOW_SECONDS * 1000, MAX_FAILURES, MAX_KEYS);
    }

    LoginLimiter(long windowMillis, int maxFailures, int maxKeys) {
        this.windowMillis = windowMillis;
        this.maxFailures = maxFailures;
        this.maxKeys = maxKeys;
    }

    /**
     * @return 0 when the attempt may go on, else the seconds (at least 1) until the oldest failure leaves the
     *         window
     */
    public synchronized long retryAfterSeconds(String client, String username, long nowMillis) {
        ArrayDeque<Long> times = failures.get(key(client, username));
        if (times == null) {
            return 0;
        }
        prune(times, nowMillis);
        if (times.size() < maxFailures) {
            return 0;
        }
        long wait = times.peekFirst() + windowMillis - nowMillis;
        return Math.max(1, (wait + 999) / 1000);
    }

    public synchronized void failed(String client, String username, long nowMillis) {
        String key = key(client, username);
        ArrayDeque<Long> times = failures.get(key);
        if (times == null) {
            times = new ArrayDeque<>();
            failures.put(key, times);
            evict(nowMillis);
        }
        prune(times, nowMillis);
        times.addLast(nowMillis);
        while (times.size() > maxFailures) {
            times.removeFirst();
        }
    }

    public synchronized void succeeded(String client, String username) {
        failures.remove(key(client, username));
    }

    synchronized int size() {
        return failures.size();
    }

    private void evict(long nowMillis) {
        if (failures.size() <= maxKeys) {
            return;
        }
        for (Iterator<Map.Entry<String, ArrayDeque<Long>>> it = failures.entrySet().iterator(); it.hasNext();) {
            ArrayDeque<Long> times = it.next().getValue();
            prune(times, nowMillis);
            if (times.isEmpty()) {
                it.remove();
            }
        }
        Iterator<String> eldest = failures.keySet().iterator();
        while (failures.size() > maxKeys && eldest.hasNext()) {
            eldest.next();
            eldest.remove();
        }
    }

    private void prune(ArrayDeque<Long> times, long nowMillis) {
        while (!times.isEmpty() && times.peekFirst() <= nowMillis - windowMillis) {
            times.removeFirst();
        }
    }

    private static String key(String client, String username) {
        return client + '\u0000' + username;
    }
}
