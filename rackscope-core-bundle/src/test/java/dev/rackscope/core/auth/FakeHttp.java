package dev.rackscope.core.auth;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** A request and response just rich enough for the auth filter, built with dynamic proxies. */
final class FakeHttp {

    final String method;
    final String path;
    final Map<String, String> headers = new LinkedHashMap<>();
    final Map<String, Object> attributes = new HashMap<>();
    final List<Cookie> cookies = new ArrayList<>();
    String remoteAddr = "127.0.0.1";
    int status = 200;
    final Map<String, String> responseHeaders = new LinkedHashMap<>();
    final ByteArrayOutputStream body = new ByteArrayOutputStream();
    boolean passed;

    FakeHttp(String method, String path) {
        this.method = method;
        this.path = path;
    }

    FakeHttp header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    FakeHttp from(String address) {
        remoteAddr = address;
        return this;
    }

    FakeHttp cookie(String name, String value) {
        cookies.add(new Cookie(name, value));
        return this;
    }

    String body() {
        return body.toString(StandardCharsets.UTF_8);
    }

    HttpServletRequest request() {
        return (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (p, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getServletPath" -> path;
                    case "getPathInfo" -> null;
                    case "getRequestURI" -> path;
                    case "getHeader" -> headers.entrySet().stream()
                            .filter(e -> e.getKey().equalsIgnoreCase((String) args[0])).map(Map.Entry::getValue)
                            .findFirst().orElse(null);
                    case "getRemoteAddr" -> remoteAddr;
                    case "getCookies" -> cookies.isEmpty() ? null : cookies.toArray(new Cookie[0]);
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "isSecure" -> false;
                    default -> null;
                });
    }

    HttpServletResponse response() {
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public void write(int b) {
                body.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener l) {
            }
        };
        return (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (p, m, args) -> switch (m.getName()) {
                    case "setStatus" -> {
                        status = (Integer) args[0];
                        yield null;
                    }
                    case "getStatus" -> status;
                    case "setHeader", "addHeader" -> responseHeaders.put((String) args[0], (String) args[1]);
                    case "getOutputStream" -> out;
                    case "getWriter" -> new PrintWriter(out, true, StandardCharsets.UTF_8);
                    case "isCommitted" -> false;
                    default -> null;
                });
    }

    FilterChain chain() {
        return (req, resp) -> passed = true;
    }
}
