package dev.rackscope.core.telemetry;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;

/** A Prometheus stand-in on 127.0.0.1 that records every request and answers what the test says. */
final class PrometheusHttpFake implements AutoCloseable {

    /** One request as the fake saw it. */
    record Request(String path, Map<String, String> params, String authorization, String acceptEncoding) {
        String query() {
            return params.get("query");
        }
    }

    /** Writes the answer to one exchange. */
    interface Responder {
        void respond(HttpExchange exchange) throws Exception;
    }

    static final String ONE_SERIES = vector("{\"metric\":{\"instance\":\"n1\"},\"value\":[1700000000.5,\"1\"]}");

    private final HttpServer server;
    private final ExecutorService executor;
    private final String scheme;
    final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Responder responder = ok(ONE_SERIES);

    private PrometheusHttpFake(HttpServer server, String scheme) {
        this.server = server;
        this.scheme = scheme;
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-prometheus");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    static PrometheusHttpFake start() throws IOException {
        return new PrometheusHttpFake(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0), "http");
    }

    /** An HTTPS fake; {@code needClientAuth} asks the client for a certificate. */
    static PrometheusHttpFake startHttps(SSLContext context, boolean needClientAuth) throws IOException {
        HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = context.getDefaultSSLParameters();
                p.setNeedClientAuth(needClientAuth);
                params.setSSLParameters(p);
            }
        });
        return new PrometheusHttpFake(https, "https");
    }

    String url() {
        return scheme + "://127.0.0.1:" + server.getAddress().getPort();
    }

    void respond(Responder r) {
        this.responder = r;
    }

    void respond(int status, String body) {
        this.responder = answer(status, body);
    }

    int count(String path) {
        return (int) requests.stream().filter(r -> r.path().equals(path)).count();
    }

    Request last() {
        return requests.get(requests.size() - 1);
    }

    static Responder ok(String body) {
        return answer(200, body);
    }

    static Responder answer(int status, String body) {
        return ex -> send(ex, status, body);
    }

    static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    static String vector(String... items) {
        return "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[" + String.join(",", items)
                + "]}}";
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            requests.add(new Request(ex.getRequestURI().getPath(), params(ex.getRequestURI().getRawQuery()),
                    ex.getRequestHeaders().getFirst("Authorization"),
                    ex.getRequestHeaders().getFirst("Accept-Encoding")));
            responder.respond(ex);
        } catch (Exception e) {
            // the client went away (timeouts) or the test interrupted us
        } finally {
            ex.close();
        }
    }

    private static Map<String, String> params(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
