package dev.rackscope.core.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.rackscope.api.http.ValidationException;
import dev.rackscope.logging.LogBuffer;

class LogsServletTest {

    @SuppressWarnings("unchecked")
    private static List<Long> seqs(Map<String, Object> body) {
        return ((List<Map<String, Object>>) body.get("records")).stream().map(m -> (Long) m.get("_seq")).toList();
    }

    @Test
    void lastNOldestFirstTotalAndUnfilteredLastSeq() {
        LogBuffer b = new LogBuffer();
        for (int i = 0; i < 300; i++) {
            b.append(i % 2 == 0 ? "INFO" : "ERROR", "x", "m" + i);
        }
        Map<String, Object> all = LogsServlet.list(b, null, null, null, null);
        assertEquals(200, all.get("total"));
        assertEquals(101L, seqs(all).get(0));
        assertEquals(300L, all.get("last_seq"));
        Map<String, Object> errors = LogsServlet.list(b, "3", "ERROR", null, null);
        assertEquals(List.of(296L, 298L, 300L), seqs(errors));
        assertEquals(300L, errors.get("last_seq"));
        assertEquals(List.of(300L), seqs(LogsServlet.list(b, "0", null, null, null)));
        assertEquals(List.of(300L), seqs(LogsServlet.list(b, "-5", null, null, null)));
        assertEquals(300, LogsServlet.list(b, "5000", null, null, null).get("total"));
        assertEquals(List.of(299L, 300L), seqs(LogsServlet.list(b, null, null, null, "298")));
        assertEquals(List.of(300L), seqs(LogsServlet.list(b, null, null, "m299", " 0 ")));
        assertEquals(0L, LogsServlet.list(new LogBuffer(), null, null, null, null).get("last_seq"));
    }

    @Test
    void nonIntegerIs422InTheOriginalShape() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> LogsServlet.list(new LogBuffer(), "ten", null, null, null));
        Map<String, Object> error = e.errors().get(0);
        assertEquals("int_parsing", error.get("type"));
        assertEquals(List.of("query", "n"), error.get("loc"));
        assertEquals("Input should be a valid integer, unable to parse string as an integer", error.get("msg"));
        assertEquals("ten", error.get("input"));
        assertThrows(ValidationException.class, () -> LogsServlet.list(new LogBuffer(), null, null, null, "1.5"));
        assertEquals(1_000L, LogsServlet.parseInt("n", "1_000", 0));
        assertEquals(7L, LogsServlet.parseInt("n", "+7", 0));
    }
}
