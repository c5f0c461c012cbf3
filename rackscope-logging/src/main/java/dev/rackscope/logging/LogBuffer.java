package dev.rackscope.logging;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Ring of the last {@value #CAPACITY} records. Sequence numbers come from one counter for the life of
 * the buffer (one buffer per process at runtime) and are not reset by {@link #clear()}. Thread-safe.
 */
public final class LogBuffer {

    public static final int CAPACITY = 1000;

    private final int capacity;
    private final ArrayDeque<LogRecord> ring;
    private long seq;

    public LogBuffer() {
        this(CAPACITY);
    }

    public LogBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        this.capacity = capacity;
        this.ring = new ArrayDeque<>(capacity);
    }

    /** Redacts message and exception, numbers the record and keeps it. */
    public LogRecord append(Instant at, String level, String logger, String message, String requestId,
                            Double durationMs, String method, String path, Integer statusCode, String exception) {
        String safeMessage = Redactor.redact(message);
        String safeException = exception == null ? null : Redactor.redact(exception);
        synchronized (this) {
            LogRecord r = new LogRecord(++seq, at, level, logger, safeMessage, requestId, durationMs, method, path,
                    statusCode, safeException);
            if (ring.size() == capacity) {
                ring.removeFirst();
            }
            ring.addLast(r);
            return r;
        }
    }

    /** Plain record without request fields. */
    public LogRecord append(String level, String logger, String message) {
        return append(Instant.now(), level, logger, message, null, null, null, null, null, null);
    }

    public synchronized void clear() {
        ring.clear();
    }

    /** {@code _seq} of the newest record held, 0 when empty. */
    public synchronized long lastSeq() {
        return ring.isEmpty() ? 0 : ring.getLast().seq();
    }

    /**
     * The last {@code n} records matching the filters, oldest first.
     *
     * @param level    exact level (case-insensitive), or null/empty for all
     * @param search   case-insensitive substring of message or logger, or null/empty
     * @param sinceSeq keep records with a greater {@code _seq} when &gt; 0
     */
    public List<LogRecord> query(int n, String level, String search, long sinceSeq) {
        List<LogRecord> all = matching(level, search, sinceSeq);
        return n >= all.size() ? all : new ArrayList<>(all.subList(all.size() - Math.max(n, 0), all.size()));
    }

    /** The first {@code max} matching records with a greater {@code _seq} than {@code afterSeq}, oldest first. */
    public List<LogRecord> after(long afterSeq, String level, String search, int max) {
        List<LogRecord> all = matching(level, search, afterSeq);
        return all.size() <= max ? all : new ArrayList<>(all.subList(0, max));
    }

    private List<LogRecord> matching(String level, String search, long sinceSeq) {
        String lvl = level == null || level.isEmpty() ? null : level.toUpperCase(Locale.ROOT);
        String needle = search == null || search.isEmpty() ? null : search.toLowerCase(Locale.ROOT);
        List<LogRecord> copy;
        synchronized (this) {
            copy = new ArrayList<>(ring);
        }
        List<LogRecord> out = new ArrayList<>();
        for (LogRecord r : copy) {
            if (sinceSeq > 0 && r.seq() <= sinceSeq) {
                continue;
            }
            if (lvl != null && !lvl.equals(r.level())) {
                continue;
            }
            if (needle != null && !r.message().toLowerCase(Locale.ROOT).contains(needle)
                    && !r.logger().toLowerCase(Locale.ROOT).contains(needle)) {
                continue;
            }
            out.add(r);
        }
        return out;
    }
}
