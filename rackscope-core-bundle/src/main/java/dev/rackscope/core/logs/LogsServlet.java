package dev.rackscope.core.logs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import dev.rackscope.api.http.ApiServlet;
import dev.rackscope.api.http.ValidationException;
import dev.rackscope.logging.LogBuffer;
import dev.rackscope.logging.LogRecord;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /api/logs}, {@code DELETE /api/logs} and the Server-Sent Events stream
 * {@code GET /api/logs/stream} over the process-wide {@link LogBuffer}. Streams are served asynchronously
 * by one scheduler thread ticking every 0.5 s; they stay open (heartbeat every 30 s) until the client leaves
 * or the core stops. Admin checks are the auth filter's.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({"/api/logs", "/api/logs/*"})
@HttpWhiteboardServletAsyncSupported
public final class LogsServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;
    static final long TICK_MILLIS = 500;
    /** Pause between the two probes of a full stream table (time for a departed peer's reset to arrive). */
    static final long PROBE_PAUSE_MILLIS = 250;
    /** Framework property overriding the 30 s heartbeat (tests). */
    static final String HEARTBEAT_PROPERTY = "rackscope.logs.heartbeat_ms";

    private final transient LogBuffer buffer;
    private final transient LogStreams streams;
    private final transient ScheduledExecutorService ticker;

    @Activate
    public LogsServlet(@Reference LogBuffer buffer, BundleContext context) {
        this.buffer = buffer;
        long heartbeat = 30_000;
        String configured = context.getProperty(HEARTBEAT_PROPERTY);
        if (configured != null) {
            try {
                heartbeat = Math.max(TICK_MILLIS, Long.parseLong(configured.trim()));
            } catch (NumberFormatException e) {
                // keep the default
            }
        }
        this.streams = new LogStreams(buffer, (int) (heartbeat / TICK_MILLIS));
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rackscope-log-streams");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(this::tickQuietly, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);

        get("/api/logs", r -> list(buffer, r.query("n"), r.query("level"), r.query("search"), r.query("since_seq")));
        delete("/api/logs", r -> {
            buffer.clear();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("ok", true);
            body.put("message", "Log buffer cleared");
            return body;
        });
    }

    @Deactivate
    void deactivate() {
        ticker.shutdownNow();
        streams.closeAll();
    }

    private void tickQuietly() {
        try {
            streams.tick();
        } catch (RuntimeException e) {
            // one bad tick must not stop the scheduler
        }
    }

    @Override
    protected String routePath(HttpServletRequest req) {
        return req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = routePath(req);
        if ((path.equals("/api/logs/stream") || path.equals("/api/logs/stream/")) && req.getMethod().equals("GET")) {
            stream(req, resp);
            return;
        }
        super.service(req, resp);
    }

    /** The {@code GET /api/logs} body. */
    static Map<String, Object> list(LogBuffer buffer, String nText, String level, String search, String sinceText) {
        int n = (int) Math.max(1, Math.min(LogBuffer.CAPACITY, parseInt("n", nText, 200)));
        long since = parseInt("since_seq", sinceText, 0);
        List<Map<String, Object>> records = new ArrayList<>();
        for (LogRecord r : buffer.query(n, level, search, since)) {
            records.add(r.toMap());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("records", records);
        body.put("total", records.size());
        body.put("last_seq", buffer.lastSeq());
        return body;
    }

    /** An integer query parameter as Python's int() reads it (sign, spaces, underscores between digits). */
    static long parseInt(String name, String text, long fallback) {
        if (text == null) {
            return fallback;
        }
        String t = text.strip();
        if (t.matches("[+-]?\\d+(_\\d+)*")) {
            try {
                return Long.parseLong(t.replace("_", "").replace("+", ""));
            } catch (NumberFormatException e) {
                return t.startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE;
            }
        }
        throw ValidationException.of("int_parsing", List.of("query", name),
                "Input should be a valid integer, unable to parse string as an integer", text);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stream(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setStatus(200);
        resp.setContentType("text/event-stream; charset=utf-8");
        resp.setHeader("Cache-Control", "no-cache");
        resp.setHeader("X-Accel-Buffering", "no");
        String level = req.getParameter("level");
        String search = req.getParameter("search");
        AsyncContext async = req.startAsync();
        async.setTimeout(0);
        ServletOutputStream out = resp.getOutputStream();
        resp.flushBuffer();
        LogStreams.Sink sink = new LogStreams.Sink() {
            @Override
            public void write(String text) throws IOException {
                out.write(text.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }

            @Override
            public void close() {
                try {
                    async.complete();
                } catch (IllegalStateException e) {
                    // already completed by the container (client gone)
                }
            }
        };
        LogStreams.Stream opened = streams.open(level, search, sink);
        if (opened == null) {
            // slots may be held by clients that left without a write noticing yet
            streams.probe();
            pause(PROBE_PAUSE_MILLIS);
            streams.probe();
            opened = streams.open(level, search, sink);
        }
        if (opened == null) {
            out.write(LogStreams.TOO_MANY.getBytes(StandardCharsets.UTF_8));
            out.flush();
            async.complete();
            return;
        }
        LogStreams.Stream stream = opened;
        async.addListener(new AsyncListener() {
            @Override public void onComplete(AsyncEvent event) { stream.close(); }
            @Override public void onTimeout(AsyncEvent event) { stream.close(); }
            @Override public void onError(AsyncEvent event) { stream.close(); }
            @Override public void onStartAsync(AsyncEvent event) { }
        });
    }
}
