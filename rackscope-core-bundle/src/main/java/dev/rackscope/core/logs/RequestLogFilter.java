package dev.rackscope.core.logs;

import java.io.IOException;
import java.util.UUID;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterAsyncSupported;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The request log, outermost filter (ranking 1000; the auth filter at 900 runs inside it, so its 401s are
 * logged too): every response gets an {@code X-Request-ID} (random UUID) and one record
 * {@code <METHOD> <path> - <status>} with request_id, duration_ms, method, path and status_code; a
 * failure gives an ERROR record {@code <METHOD> <path> - Exception}. Scrapes of the web console and of
 * {@code /simulator/metrics} are logged at DEBUG (they come every few seconds).
 */
@Component(service = Filter.class, property = "service.ranking:Integer=1000")
@HttpWhiteboardFilterPattern("/*")
@HttpWhiteboardFilterAsyncSupported
public final class RequestLogFilter implements Filter {

    public static final String REQUEST_ID_HEADER = "X-Request-ID";
    /** Request attribute holding the request id, for handlers that want to log it. */
    public static final String REQUEST_ID_ATTRIBUTE = "rackscope.request_id";

    private final Logger log;

    public RequestLogFilter() {
        this(LoggerFactory.getLogger("rackscope.request"));
    }

    RequestLogFilter(Logger log) {
        this.log = log;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest req) || !(response instanceof HttpServletResponse resp)) {
            chain.doFilter(request, response);
            return;
        }
        long start = System.nanoTime();
        String id = UUID.randomUUID().toString();
        req.setAttribute(REQUEST_ID_ATTRIBUTE, id);
        resp.setHeader(REQUEST_ID_HEADER, id);
        String method = req.getMethod();
        String path = req.getRequestURI();
        Level level = isScrape(path) ? Level.DEBUG : Level.INFO;
        try {
            chain.doFilter(req, resp);
        } catch (IOException | ServletException | RuntimeException | Error e) {
            log.atError().setCause(e)
                    .addKeyValue("request_id", id).addKeyValue("duration_ms", millis(start))
                    .addKeyValue("method", method).addKeyValue("path", path)
                    .log(method + " " + path + " - Exception");
            throw e;
        }
        int status = resp.getStatus();
        log.atLevel(level)
                .addKeyValue("request_id", id).addKeyValue("duration_ms", millis(start))
                .addKeyValue("method", method).addKeyValue("path", path).addKeyValue("status_code", status)
                .log(method + " " + path + " - " + status);
    }

    static boolean isScrape(String path) {
        return path.equals("/simulator/metrics") || path.equals("/system/console")
                || path.startsWith("/system/console/");
    }

    /** Milliseconds since {@code start}, 2 decimals. */
    static double millis(long start) {
        return Math.round((System.nanoTime() - start) / 10_000.0) / 100.0;
    }
}
