package dev.rackscope.slurm;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.rackscope.api.http.Json;
import jakarta.servlet.ReadListener;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Hand-written servlet request and response (java.lang.reflect.Proxy) to call a servlet in-process. */
final class HttpFakes {

    private HttpFakes() {
    }

    /** What the servlet answered. */
    record Answer(int status, String contentType, String text) {
        JsonNode json() {
            return Fixtures.json(text);
        }
    }

    /** Initialises a servlet as the whiteboard would (so that its log calls have a context). */
    static void init(Servlet servlet) throws ServletException {
        ServletContext context = (ServletContext) Proxy.newProxyInstance(HttpFakes.class.getClassLoader(),
                new Class<?>[] {ServletContext.class}, (p, m, a) -> defaultValue(m.getReturnType()));
        ServletConfig config = (ServletConfig) Proxy.newProxyInstance(HttpFakes.class.getClassLoader(),
                new Class<?>[] {ServletConfig.class}, (p, m, a) -> switch (m.getName()) {
                    case "getServletContext" -> context;
                    case "getServletName" -> "slurm";
                    case "getInitParameterNames" -> java.util.Collections.emptyEnumeration();
                    default -> defaultValue(m.getReturnType());
                });
        servlet.init(config);
    }

    /**
     * Sends {@code method} {@code /api/slurm<pathAndQuery>} with an optional JSON body.
     *
     * @param pathAndQuery for example {@code /summary?room_id=room1}
     */
    static Answer call(Servlet servlet, String method, String pathAndQuery, String body) throws Exception {
        int q = pathAndQuery.indexOf('?');
        String pathInfo = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        Map<String, String> params = new LinkedHashMap<>();
        if (q >= 0) {
            for (String pair : pathAndQuery.substring(q + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                params.putIfAbsent(k, v);
            }
        }
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        ServletInputStream sin = new ServletInputStream() {
            @Override
            public int read() {
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return in.read(b, off, len);
            }

            @Override
            public boolean isFinished() {
                return in.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener l) {
            }
        };
        HttpServletRequest req = (HttpServletRequest) Proxy.newProxyInstance(HttpFakes.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (p, m, a) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getPathInfo" -> pathInfo;
                    case "getServletPath" -> "/api/slurm";
                    case "getContextPath" -> "";
                    case "getRequestURI" -> "/api/slurm" + pathInfo;
                    case "getQueryString" -> q < 0 ? null : pathAndQuery.substring(q + 1);
                    case "getParameter" -> params.get((String) a[0]);
                    case "getContentLengthLong" -> (long) bytes.length;
                    case "getContentLength" -> bytes.length;
                    case "getContentType" -> body == null ? null : "application/json";
                    case "getInputStream" -> sin;
                    case "getHeader" -> null;
                    case "toString" -> method + " " + pathAndQuery;
                    default -> defaultValue(m.getReturnType());
                });

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ServletOutputStream sout = new ServletOutputStream() {
            @Override
            public void write(int b) {
                out.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener l) {
            }
        };
        int[] status = {200};
        String[] contentType = {null};
        HttpServletResponse resp = (HttpServletResponse) Proxy.newProxyInstance(HttpFakes.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (p, m, a) -> {
                    switch (m.getName()) {
                        case "setStatus" -> status[0] = (Integer) a[0];
                        case "sendError" -> status[0] = (Integer) a[0];
                        case "setContentType" -> contentType[0] = (String) a[0];
                        case "getOutputStream" -> {
                            return sout;
                        }
                        case "getStatus" -> {
                            return status[0];
                        }
                        case "toString" -> {
                            return "response";
                        }
                        default -> {
                            return defaultValue(m.getReturnType());
                        }
                    }
                    return null;
                });
        servlet.service(req, resp);
        return new Answer(status[0], contentType[0], out.toString(StandardCharsets.UTF_8));
    }

    static Answer get(Servlet servlet, String pathAndQuery) throws Exception {
        return call(servlet, "GET", pathAndQuery, null);
    }

    static Answer post(Servlet servlet, String path, Object body) throws Exception {
        return call(servlet, "POST", path, body instanceof String s ? s : Json.write(body));
    }

    private static Object defaultValue(Class<?> type) {
        if (type == boolean.class) {
            return false;
        }
        if (type == int.class) {
            return 0;
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == void.class || !type.isPrimitive()) {
            return null;
        }
        return 0;
    }
}
