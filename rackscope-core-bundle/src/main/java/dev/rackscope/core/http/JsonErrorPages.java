package dev.rackscope.core.http;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.rackscope.api.http.Json;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

/**
 * Requests that Jetty refuses before any servlet sees them (an encoded {@code /} or {@code ..} in the path,
 * {@code %00}, bad UTF-8, a URI too long) and container errors outside the servlets' routes get the original's
 * JSON error bodies instead of Jetty's HTML page: {@code {"detail": "<reason>"}} for a 4xx,
 * {@code {"error":"Internal server error","path":...}} for a 5xx (spec core.md §0).
 *
 * <p>Felix's Jetty bundle offers no service to reach its {@code Server}; the whiteboard hands every listener a
 * wrapper of Jetty's {@code ServletContext}, from which the server is found. Without Jetty (another HTTP
 * implementation) or when the wrapper cannot be unwrapped, nothing changes and the reason is logged.
 */
@Component(service = ServletContextListener.class)
@HttpWhiteboardListener
public final class JsonErrorPages implements ServletContextListener {

    private static final Logger LOG = LoggerFactory.getLogger(JsonErrorPages.class);

    private Object server;
    private Object previous;
    private Object installed;

    @Override
    public synchronized void contextInitialized(ServletContextEvent event) {
        try {
            ServletContextHandler handler = jettyContext(event.getServletContext());
            if (handler == null || handler.getServer() == null) {
                LOG.warn("Jetty's servlet context not found: container errors keep Jetty's HTML pages");
                return;
            }
            Server s = handler.getServer();
            Handler json = new Handler();
            previous = s.getErrorHandler();
            s.setErrorHandler(json);
            server = s;
            installed = json;
        } catch (LinkageError | RuntimeException e) {
            LOG.warn("Container errors keep Jetty's HTML pages: {}", e.toString());
        }
    }

    @Override
    public synchronized void contextDestroyed(ServletContextEvent event) {
        try {
            if (server instanceof Server s && s.getErrorHandler() == installed) {
                s.setErrorHandler((Request.Handler) previous);
            }
        } catch (LinkageError | RuntimeException e) {
            LOG.debug("Error handler not restored: {}", e.toString());
        } finally {
            server = null;
            previous = null;
            installed = null;
        }
    }

    /** Follows the {@code ServletContext} fields of the whiteboard's wrappers down to Jetty's own context. */
    static ServletContextHandler jettyContext(ServletContext start) {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Object> todo = new ArrayDeque<>();
        todo.add(start);
        while (!todo.isEmpty() && seen.size() < 32) {
            Object o = todo.poll();
            if (!seen.add(o)) {
                continue;
            }
            if (o instanceof ServletContextHandler.ServletContextApi api) {
                return api.getContext().getServletContextHandler();
            }
            for (Class<?> c = o.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers()) || !ServletContext.class.isAssignableFrom(f.getType())) {
                        continue;
                    }
                    try {
                        f.setAccessible(true);
                        Object next = f.get(o);
                        if (next != null) {
                            todo.add(next);
                        }
                    } catch (RuntimeException | IllegalAccessException e) {
                        // not accessible: try the other fields
                    }
                }
            }
        }
        return null;
    }

    /** The body of an error Jetty answers itself. */
    static byte[] body(int code, String message, String path) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (code >= 500) {
            body.put("error", "Internal server error");
            body.put("path", path);
        } else {
            body.put("detail", message == null || message.isBlank() ? HttpStatus.getMessage(code) : message);
        }
        return Json.write(body).getBytes(StandardCharsets.UTF_8);
    }

    /** Jetty's error handler with every body written as JSON, whatever the request accepts. */
    static final class Handler extends ErrorHandler {

        /** Every method gets the body, not only GET, POST and HEAD as Jetty's default. */
        @Override
        public boolean errorPageForMethod(String method) {
            return true;
        }

        @Override
        protected void generateResponse(Request request, Response response, int code, String message,
                                        Throwable cause, Callback callback) {
            // Jetty passes cause.toString() when it has no reason: a class name is no message for a client
            String reason = cause != null && message != null && message.equals(cause.toString())
                    ? HttpStatus.getMessage(code) : message;
            byte[] bytes = body(code, reason, request.getHttpURI() == null ? null : request.getHttpURI().getPath());
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
            response.write(true, ByteBuffer.wrap(bytes), callback);
        }

        @Override
        public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
            fields.put(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");
            return ByteBuffer.wrap(body(status, reason, null));
        }
    }
}
