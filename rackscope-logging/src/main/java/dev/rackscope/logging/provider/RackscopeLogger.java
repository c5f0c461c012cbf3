package dev.rackscope.logging.provider;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.LoggingEventAware;

import dev.rackscope.logging.LogBuffer;

/**
 * Writes each enabled record to the console in slf4j-simple's format
 * ({@code 2026-01-01T10:00:00.000 [thread] INFO logger - message}) and keeps it in the buffer.
 * Key-value pairs {@code request_id}, {@code duration_ms}, {@code method}, {@code path} and
 * {@code status_code} (fluent API) become the record's request fields. An ERROR with the marker
 * {@code CRITICAL} is buffered as CRITICAL.
 */
final class RackscopeLogger extends LegacyAbstractLogger implements LoggingEventAware {

    private static final long serialVersionUID = 1L;
    private static final DateTimeFormatter CONSOLE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    private final transient Level threshold;
    private final transient LogBuffer buffer;
    private final transient PrintStream console;

    RackscopeLogger(String name, Level threshold, LogBuffer buffer, PrintStream console) {
        this.name = name;
        this.threshold = threshold;
        this.buffer = buffer;
        this.console = console;
    }

    private boolean enabled(Level level) {
        return level.toInt() >= threshold.toInt();
    }

    @Override public boolean isTraceEnabled() { return enabled(Level.TRACE); }
    @Override public boolean isDebugEnabled() { return enabled(Level.DEBUG); }
    @Override public boolean isInfoEnabled() { return enabled(Level.INFO); }
    @Override public boolean isWarnEnabled() { return enabled(Level.WARN); }
    @Override public boolean isErrorEnabled() { return enabled(Level.ERROR); }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args,
                                               Throwable t) {
        emit(level, marker != null && marker.contains("CRITICAL"), pattern, args, t, null);
    }

    @Override
    public void log(LoggingEvent event) {
        if (!enabled(event.getLevel())) {
            return;
        }
        List<Marker> markers = event.getMarkers();
        boolean critical = markers != null && markers.stream().anyMatch(m -> m.contains("CRITICAL"));
        emit(event.getLevel(), critical, event.getMessage(), event.getArgumentArray(), event.getThrowable(),
                event.getKeyValuePairs());
    }

    private void emit(Level level, boolean critical, String pattern, Object[] args, Throwable t,
                      List<KeyValuePair> pairs) {
        Instant now = Instant.now();
        String message = MessageFormatter.basicArrayFormat(pattern, args);
        if (message == null) {
            message = "null";
        }
        String trace = null;
        if (t != null) {
            StringWriter w = new StringWriter();
            t.printStackTrace(new PrintWriter(w));
            trace = w.toString().stripTrailing();
        }
        String requestId = null;
        Double duration = null;
        String method = null;
        String path = null;
        Integer status = null;
        if (pairs != null) {
            for (KeyValuePair p : pairs) {
                Object v = p.value;
                switch (p.key) {
                    case "request_id": requestId = String.valueOf(v); break;
                    case "duration_ms": duration = v instanceof Number n ? n.doubleValue() : null; break;
                    case "method": method = String.valueOf(v); break;
                    case "path": path = String.valueOf(v); break;
                    case "status_code": status = v instanceof Number n ? n.intValue() : null; break;
                    default: break;
                }
            }
        }
        String wireLevel = wireLevel(level, critical);
        buffer.append(now, wireLevel, name, message, requestId, duration, method, path, status, trace);
        StringBuilder line = new StringBuilder(64 + message.length());
        line.append(CONSOLE_TIME.format(now)).append(" [").append(Thread.currentThread().getName()).append("] ")
                .append(level == Level.ERROR && critical ? "CRITICAL" : level.name()).append(' ')
                .append(name).append(" - ").append(dev.rackscope.logging.Redactor.redact(message));
        if (trace != null) {
            line.append(System.lineSeparator()).append(dev.rackscope.logging.Redactor.redact(trace));
        }
        synchronized (console) {
            console.println(line);
            console.flush();
        }
    }

    static String wireLevel(Level level, boolean critical) {
        switch (level) {
            case TRACE:
            case DEBUG: return "DEBUG";
            case INFO: return "INFO";
            case WARN: return "WARNING";
            default: return critical ? "CRITICAL" : "ERROR";
        }
    }
}
