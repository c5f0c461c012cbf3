package dev.rackscope.logging;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One buffered record, already redacted. The request fields are null unless the record comes from the
 * request log.
 *
 * @param seq        process-wide sequence number (never reset)
 * @param level      DEBUG, INFO, WARNING, ERROR or CRITICAL
 * @param exception  formatted stack trace, or null
 */
public record LogRecord(long seq, Instant timestamp, String level, String logger, String message,
                        String requestId, Double durationMs, String method, String path, Integer statusCode,
                        String exception) {

    private static final DateTimeFormatter ISO_MICROS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);

    /** The wire form, in the original's key order; unset request fields are left out. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("_seq", seq);
        m.put("timestamp", ISO_MICROS.format(timestamp));
        m.put("level", level);
        m.put("logger", logger);
        m.put("message", message);
        if (requestId != null) {
            m.put("request_id", requestId);
        }
        if (durationMs != null) {
            m.put("duration_ms", durationMs);
        }
        if (method != null) {
            m.put("method", method);
        }
        if (path != null) {
            m.put("path", path);
        }
        if (statusCode != null) {
            m.put("status_code", statusCode);
        }
        if (exception != null) {
            m.put("exception", exception);
        }
        return m;
    }
}
