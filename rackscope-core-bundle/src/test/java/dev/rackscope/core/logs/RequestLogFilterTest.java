package dev.rackscope.core.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.spi.LoggingEventAware;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

class RequestLogFilterTest {

    /** Keeps the fluent API's events. */
    static final class Capture extends LegacyAbstractLogger implements LoggingEventAware {
        private static final long serialVersionUID = 1L;
        final transient List<LoggingEvent> events = new ArrayList<>();

        @Override public boolean isTraceEnabled() { return true; }
        @Override public boolean isDebugEnabled() { return true; }
        @Override public boolean isInfoEnabled() { return true; }
        @Override public boolean isWarnEnabled() { return true; }
        @Override public boolean isErrorEnabled() { return true; }
        @Override protected String getFullyQualifiedCallerName() { return null; }
        @Override protected void handleNormalizedLoggingCall(Level l, Marker m, String s, Object[] a, Throwable t) { }
        @Override public void log(LoggingEvent event) { events.add(event); }
    }

    private final Map<String, String> headers = new HashMap<>();
    private final Map<String, Object> attributes = new HashMap<>();
    private int status = 200;

    private HttpServletRequest request(String method, String uri) {
        return (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (p, m, a) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getRequestURI" -> uri;
                    case "setAttribute" -> attributes.put((String) a[0], a[1]);
                    default -> null;
                });
    }

    private HttpServletResponse response() {
        return (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (p, m, a) -> switch (m.getName()) {
                    case "setHeader" -> headers.put((String) a[0], (String) a[1]);
                    case "getStatus" -> status;
                    default -> null;
                });
    }

    private static Map<String, Object> pairs(LoggingEvent e) {
        Map<String, Object> m = new HashMap<>();
        for (KeyValuePair p : e.getKeyValuePairs()) {
            m.put(p.key, p.value);
        }
        return m;
    }

    @Test
    void oneInfoRecordPerRequestWithTheRequestFieldsAndAnIdHeader() throws Exception {
        Capture log = new Capture();
        new RequestLogFilter(log).doFilter(request("GET", "/api/racks/r1"), response(), (rq, rs) -> status = 401);
        assertEquals(1, log.events.size());
        LoggingEvent e = log.events.get(0);
        assertEquals(Level.INFO, e.getLevel());
        assertEquals("GET /api/racks/r1 - 401", e.getMessage());
        Map<String, Object> p = pairs(e);
        String id = headers.get("X-Request-ID");
        assertNotNull(UUID.fromString(id));
        assertEquals(id, p.get("request_id"));
        assertEquals(id, attributes.get(RequestLogFilter.REQUEST_ID_ATTRIBUTE));
        assertEquals("GET", p.get("method"));
        assertEquals("/api/racks/r1", p.get("path"));
        assertEquals(401, p.get("status_code"));
        assertTrue((Double) p.get("duration_ms") >= 0);
    }

    @Test
    void scrapesAreDebug() throws Exception {
        Capture log = new Capture();
        RequestLogFilter f = new RequestLogFilter(log);
        f.doFilter(request("GET", "/simulator/metrics"), response(), (rq, rs) -> { });
        f.doFilter(request("GET", "/system/console/bundles"), response(), (rq, rs) -> { });
        f.doFilter(request("GET", "/system/consoles"), response(), (rq, rs) -> { });
        assertEquals(Level.DEBUG, log.events.get(0).getLevel());
        assertEquals(Level.DEBUG, log.events.get(1).getLevel());
        assertEquals(Level.INFO, log.events.get(2).getLevel());
    }

    @Test
    void anExceptionGivesAnErrorRecordAndIsRethrown() {
        Capture log = new Capture();
        IllegalStateException boom = new IllegalStateException("boom");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> new RequestLogFilter(log)
                .doFilter(request("POST", "/api/x"), response(), (rq, rs) -> { throw boom; }));
        assertSame(boom, thrown);
        LoggingEvent e = log.events.get(0);
        assertEquals(Level.ERROR, e.getLevel());
        assertEquals("POST /api/x - Exception", e.getMessage());
        assertSame(boom, e.getThrowable());
        assertEquals(null, pairs(e).get("status_code"));
    }
}
