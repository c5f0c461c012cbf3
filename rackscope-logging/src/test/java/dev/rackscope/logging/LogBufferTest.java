package dev.rackscope.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class LogBufferTest {

    private static List<Long> seqs(List<LogRecord> records) {
        return records.stream().map(LogRecord::seq).toList();
    }

    @Test
    void keepsTheLastCapacityRecordsNumberedFromOne() {
        LogBuffer b = new LogBuffer(3);
        for (int i = 0; i < 5; i++) {
            b.append("INFO", "x", "m" + i);
        }
        assertEquals(List.of(3L, 4L, 5L), seqs(b.query(1000, null, null, 0)));
        assertEquals(5, b.lastSeq());
        assertEquals(1000, LogBuffer.CAPACITY);
    }

    @Test
    void clearEmptiesButDoesNotResetTheCounter() {
        LogBuffer b = new LogBuffer();
        b.append("INFO", "x", "a");
        b.append("INFO", "x", "b");
        b.clear();
        assertEquals(0, b.lastSeq());
        assertEquals(List.of(), b.query(10, null, null, 0));
        assertEquals(3, b.append("INFO", "x", "c").seq());
    }

    @Test
    void filtersLevelExactlySearchInMessageOrLoggerAndSinceSeq() {
        LogBuffer b = new LogBuffer();
        b.append("INFO", "dev.rackscope.core", "Loaded topology");
        b.append("WARNING", "dev.rackscope.slurm", "slow query");
        b.append("ERROR", "other", "boom");
        b.append("WARNING", "other", "SLURM is late");
        assertEquals(List.of(2L, 4L), seqs(b.query(10, "warning", null, 0)));
        assertEquals(List.of(), seqs(b.query(10, "WARN", null, 0)));
        assertEquals(List.of(2L, 4L), seqs(b.query(10, null, "Slurm", 0)));
        assertEquals(List.of(3L, 4L), seqs(b.query(10, null, null, 2)));
        assertEquals(List.of(4L), seqs(b.query(1, null, null, 0)));
        assertEquals(List.of(3L, 4L), seqs(b.query(2, "", "", 0)));
    }

    @Test
    void afterGivesTheOldestFirstUpToMax() {
        LogBuffer b = new LogBuffer();
        for (int i = 0; i < 10; i++) {
            b.append("INFO", "x", "m" + i);
        }
        assertEquals(List.of(4L, 5L, 6L), seqs(b.after(3, null, null, 3)));
        assertEquals(List.of(), seqs(b.after(10, null, null, 100)));
    }

    @Test
    void wireFormInKeyOrderWithRequestFieldsOnlyWhenSet() {
        LogBuffer b = new LogBuffer();
        LogRecord plain = b.append(Instant.parse("2026-01-02T03:04:05.000006Z"), "INFO", "l", "hello", null, null,
                null, null, null, null);
        assertEquals(List.of("_seq", "timestamp", "level", "logger", "message"),
                List.copyOf(plain.toMap().keySet()));
        assertEquals("2026-01-02T03:04:05.000006+00:00", plain.toMap().get("timestamp"));
        LogRecord req = b.append(Instant.EPOCH, "INFO", "l", "GET /api/x - 200", "id-1", 1.25, "GET", "/api/x",
                200, null);
        Map<String, Object> m = req.toMap();
        assertEquals(List.of("_seq", "timestamp", "level", "logger", "message", "request_id", "duration_ms",
                "method", "path", "status_code"), List.copyOf(m.keySet()));
        assertEquals("1970-01-01T00:00:00.000000+00:00", m.get("timestamp"));
        assertNull(m.get("exception"));
    }

    @Test
    void messageAndExceptionAreRedacted() {
        LogBuffer b = new LogBuffer();
        LogRecord r = b.append(Instant.EPOCH, "ERROR", "l", "login password=hunter2", null, null, null, null, null,
                "java.lang.IllegalStateException: token=abc123\n\tat x.y(Z.java:1)");
        assertFalse(r.message().contains("hunter2"));
        assertFalse(r.exception().contains("abc123"));
    }
}
