package dev.rackscope.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Routing and error bodies of {@link ApiServlet}, driven through hand-written servlet fakes. */
class ApiServletTest {

    /** A servlet with one route per behaviour under test, as a plugin would declare them. */
    static final class RoomsServlet extends ApiServlet {
        private static final long serialVersionUID = 1L;

        RoomsServlet() {
            get("/ping", r -> Map.of("ok", true));
            get("/export.json", r -> Map.of("format", "json"));
            get("/rooms/{room_id}/nodes/{node}", r -> Map.of("room", r.path("room_id"), "node", r.path("node")));
            get("/items", r -> Map.of("method", "GET"));
            post("/items", r -> new Response(201, Map.of("method", "POST")));
            delete("/items/{id}", r -> new Response(204, null));
            put("/switch", r -> Map.of("enabled", r.jsonObject().get("enabled").asBoolean()));
            post("/echo", r -> r.json());
            get("/search", r -> Map.of("q", String.valueOf(r.query("q"))));
            get("/missing", r -> {
                throw ApiException.notFound("Room not found: r9");
            });
            get("/conflict", r -> {
                throw new ApiException(409, Map.of("reason", "busy", "retry", 3));
            });
            get("/null-detail", r -> {
                throw new ApiException(404, null);
            });
            get("/invalid", r -> {
                throw ValidationException.of("greater_than_equal", List.of("body", "interval"),
                        "Input should be greater than or equal to 1", 0);
            });
            get("/boom", r -> {
                throw new IllegalStateException("secret internal detail at /etc/rackscope");
            });
        }
    }

    /** What the fake response received. */
    static final class Captured {
        int status = 200;
        String contentType;
        String encoding;
        int contentLength = -1;
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean committed;

        String text() {
            return body.toString(StandardCharsets.UTF_8);
        }

        JsonNode json() throws IOException {
            return Json.mapper().readTree(body.toByteArray());
        }
    }

    private RoomsServlet servlet;
    private final List<String> logged = new ArrayList<>();
    private final List<Throwable> loggedErrors = new ArrayList<>();

    @BeforeEach
    void initServlet() throws ServletException {
        ServletContext context = fake(ServletContext.class, (name, args) -> {
            if (name.equals("log")) {
                logged.add((String) args[0]);
                if (args.length > 1 && args[1] instanceof Throwable t) {
                    loggedErrors.add(t);
                }
            }
            return null;
        });
        ServletConfig config = fake(ServletConfig.class, (name, args) -> switch (name) {
            case "getServletContext" -> context;
            case "getServletName" -> "rooms";
            default -> null;
        });
        servlet = new RoomsServlet();
        servlet.init(config);
    }

    // --- routing ---------------------------------------------------------------------------------

    @Test
    void handlerResultIsSentAsJsonWith200() throws Exception {
        Captured out = call("GET", "/ping", null);

        assertEquals(200, out.status);
        assertEquals("application/json", out.contentType);
        assertEquals("UTF-8", out.encoding);
        assertEquals(out.body.size(), out.contentLength);
        assertEquals(Json.mapper().readTree("{\"ok\":true}"), out.json());
    }

    @Test
    void pathParametersAreCapturedByName() throws Exception {
        Captured out = call("GET", "/rooms/room-a/nodes/n001", null);

        assertEquals(200, out.status);
        assertEquals("room-a", out.json().get("room").asText());
        assertEquals("n001", out.json().get("node").asText());
    }

    @Test
    void pathParameterDoesNotSpanSegments() throws Exception {
        Captured out = call("GET", "/rooms/a/b/nodes/n001", null);

        assertEquals(404, out.status);
    }

    @Test
    void trailingSlashIsIgnored() throws Exception {
        Captured out = call("GET", "/ping/", null);

        assertEquals(200, out.status);
        assertTrue(out.json().get("ok").asBoolean());
    }

    @Test
    void templateTextIsMatchedLiterallyNotAsRegex() throws Exception {
        assertEquals(200, call("GET", "/export.json", null).status);
        assertEquals(404, call("GET", "/exportxjson", null).status);
        assertEquals(404, call("GET", "/ping/extra", null).status);
    }

    @Test
    void unknownPathAnswers404NotFound() throws Exception {
        Captured out = call("GET", "/nowhere", null);

        assertEquals(404, out.status);
        assertEquals("application/json", out.contentType);
        assertEquals(Json.mapper().readTree("{\"detail\":\"Not Found\"}"), out.json());
    }

    @Test
    void missingPathInfoAnswers404NotFound() throws Exception {
        Captured out = call("GET", null, null);

        assertEquals(404, out.status);
        assertEquals(Json.mapper().readTree("{\"detail\":\"Not Found\"}"), out.json());
    }

    @Test
    void knownPathWithOtherMethodAnswers405() throws Exception {
        Captured out = call("POST", "/ping", null);

        assertEquals(405, out.status);
        assertEquals(Json.mapper().readTree("{\"detail\":\"Method Not Allowed\"}"), out.json());
    }

    @Test
    void samePathIsDispatchedByMethod() throws Exception {
        Captured get = call("GET", "/items", null);
        Captured post = call("POST", "/items", null);

        assertEquals(200, get.status);
        assertEquals("GET", get.json().get("method").asText());
        assertEquals(201, post.status);
        assertEquals("POST", post.json().get("method").asText());
    }

    @Test
    void headIsAnsweredByTheGetRoute() throws Exception {
        Captured out = call("HEAD", "/ping", null);

        assertEquals(200, out.status);
    }

    @Test
    void responseRecordSetsTheStatus() throws Exception {
        Captured out = call("DELETE", "/items/7", null);

        assertEquals(204, out.status);
    }

    @Test
    void queryParametersAreReadFromTheRequest() throws Exception {
        Captured out = call("GET", "/search", null, Map.of("q", "rack 12"));

        assertEquals("rack 12", out.json().get("q").asText());
    }

    // --- errors raised on purpose ----------------------------------------------------------------

    @Test
    void apiExceptionAnswersItsStatusAndDetail() throws Exception {
        Captured out = call("GET", "/missing", null);

        assertEquals(404, out.status);
        assertEquals(Json.mapper().readTree("{\"detail\":\"Room not found: r9\"}"), out.json());
    }

    @Test
    void apiExceptionDetailMayBeAnObject() throws Exception {
        Captured out = call("GET", "/conflict", null);

        assertEquals(409, out.status);
        assertEquals(Json.mapper().readTree("{\"detail\":{\"reason\":\"busy\",\"retry\":3}}"), out.json());
    }

    @Test
    void apiExceptionWithNullDetailStillAnswersJsonWithItsStatus() throws Exception {
        Captured out = call("GET", "/null-detail", null);

        assertEquals(404, out.status);
        assertTrue(out.json().has("detail"));
    }

    @Test
    void validationExceptionAnswers422WithErrorsAndPath() throws Exception {
        Captured out = call("GET", "/invalid", null);

        assertEquals(422, out.status);
        JsonNode expected = Json.mapper().readTree("""
                {"error":"Validation error",
                 "detail":[{"type":"greater_than_equal","loc":["body","interval"],
                            "msg":"Input should be greater than or equal to 1","input":0}],
                 "path":"/api/test/invalid"}""");
        assertEquals(expected, out.json());
    }

    // --- request bodies --------------------------------------------------------------------------

    @Test
    void jsonObjectBodyIsHandedToTheHandler() throws Exception {
        Captured out = call("PUT", "/switch", "{\"enabled\": true}");

        assertEquals(200, out.status);
        assertEquals(Json.mapper().readTree("{\"enabled\":true}"), out.json());
    }

    @Test
    void malformedJsonBodyAnswers422JsonInvalid() throws Exception {
        Captured out = call("PUT", "/switch", "{\"enabled\": }");

        assertEquals(422, out.status);
        JsonNode body = out.json();
        assertEquals("Validation error", body.get("error").asText());
        assertEquals("/api/test/switch", body.get("path").asText());
        JsonNode error = body.get("detail").get(0);
        assertEquals("json_invalid", error.get("type").asText());
        assertEquals("JSON decode error", error.get("msg").asText());
        assertEquals("body", error.get("loc").get(0).asText());
        assertEquals(1, body.get("detail").size());
    }

    @Test
    void malformedJsonBodyLocatesTheErrorOffset() throws Exception {
        // Python: json.loads('{"enabled": }') fails with "Expecting value ... (char 12)"
        Captured out = call("PUT", "/switch", "{\"enabled\": }");

        assertEquals(Json.mapper().readTree("[\"body\",12]"), out.json().get("detail").get(0).get("loc"));
    }

    @Test
    void trailingGarbageAfterJsonIsRejectedWith422() throws Exception {
        Captured out = call("POST", "/echo", "{\"a\":1} x");

        assertEquals(422, out.status);
        assertEquals("json_invalid", out.json().get("detail").get(0).get("type").asText());
    }

    @Test
    void emptyBodyAnswers422FieldRequired() throws Exception {
        Captured out = call("PUT", "/switch", "");

        assertEquals(422, out.status);
        JsonNode error = out.json().get("detail").get(0);
        assertEquals("missing", error.get("type").asText());
        assertEquals(Json.mapper().readTree("[\"body\"]"), error.get("loc"));
        assertEquals("Field required", error.get("msg").asText());
    }

    @Test
    void nonObjectBodyWhereAnObjectIsRequiredAnswers422() throws Exception {
        Captured out = call("PUT", "/switch", "[1,2]");

        assertEquals(422, out.status);
        JsonNode error = out.json().get("detail").get(0);
        assertEquals("model_attributes_type", error.get("type").asText());
        assertEquals(Json.mapper().readTree("[\"body\"]"), error.get("loc"));
        assertEquals(Json.mapper().readTree("[1,2]"), error.get("input"));
    }

    @Test
    void declaredOversizedBodyAnswers413() throws Exception {
        Captured out = call("POST", "/echo", "{}", Map.of(), ApiRequest.MAX_BODY_BYTES + 1L);

        assertEquals(413, out.status);
        assertEquals(Json.mapper().readTree("{\"detail\":\"Request body too large\"}"), out.json());
    }

    @Test
    void streamedOversizedBodyAnswers413() throws Exception {
        String big = "[" + "1,".repeat(ApiRequest.MAX_BODY_BYTES / 2) + "1]";

        Captured out = call("POST", "/echo", big, Map.of(), -1L);

        assertEquals(413, out.status);
    }

    // --- unexpected failures ---------------------------------------------------------------------

    @Test
    void unexpectedExceptionAnswers500WithoutDetails() throws Exception {
        Captured out = call("GET", "/boom", null);

        assertEquals(500, out.status);
        assertEquals(Json.mapper().readTree("{\"error\":\"Internal server error\",\"path\":\"/api/test/boom\"}"),
                out.json());
        assertFalse(out.text().contains("secret internal detail"), out.text());
        assertFalse(out.text().contains("IllegalStateException"), out.text());
        assertFalse(out.text().contains("at dev.rackscope"), out.text());
    }

    @Test
    void unexpectedExceptionIsLoggedWithItsCause() throws Exception {
        call("GET", "/boom", null);

        assertEquals(1, loggedErrors.size());
        assertInstanceOf(IllegalStateException.class, loggedErrors.get(0));
        assertTrue(logged.get(0).contains("GET /api/test/boom"), logged.get(0));
    }

    @Test
    void nothingIsWrittenToACommittedResponse() throws Exception {
        Captured out = new Captured();
        out.committed = true;

        ApiServlet.send(response(out), 500, Map.of("error", "late"));

        assertEquals(0, out.body.size());
        assertEquals(200, out.status);
    }

    // --- fakes -----------------------------------------------------------------------------------

    private Captured call(String method, String pathInfo, String body) throws Exception {
        return call(method, pathInfo, body, Map.of());
    }

    private Captured call(String method, String pathInfo, String body, Map<String, String> query)
            throws Exception {
        long length = body == null ? -1 : body.getBytes(StandardCharsets.UTF_8).length;
        return call(method, pathInfo, body, query, length);
    }

    private Captured call(String method, String pathInfo, String body, Map<String, String> query,
                          long declaredLength) throws Exception {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        String uri = "/api/test" + (pathInfo == null ? "" : pathInfo);
        HttpServletRequest request = fake(HttpServletRequest.class, (name, args) -> switch (name) {
            case "getMethod" -> method;
            case "getPathInfo" -> pathInfo;
            case "getServletPath" -> "/api/test";
            case "getRequestURI" -> uri;
            case "getParameter" -> query.get((String) args[0]);
            case "getContentLengthLong" -> declaredLength;
            case "getContentLength" -> (int) declaredLength;
            case "getInputStream" -> new BytesInputStream(bytes);
            default -> null;
        });
        Captured out = new Captured();
        servlet.service(request, response(out));
        return out;
    }

    private static HttpServletResponse response(Captured out) {
        ServletOutputStream stream = new ServletOutputStream() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
            }

            @Override
            public void write(int b) {
                out.body.write(b);
            }
        };
        return fake(HttpServletResponse.class, (name, args) -> switch (name) {
            case "setStatus" -> {
                out.status = (Integer) args[0];
                yield null;
            }
            case "getStatus" -> out.status;
            case "setContentType" -> {
                out.contentType = (String) args[0];
                yield null;
            }
            case "setCharacterEncoding" -> {
                out.encoding = (String) args[0];
                yield null;
            }
            case "setContentLength" -> {
                out.contentLength = (Integer) args[0];
                yield null;
            }
            case "isCommitted" -> out.committed;
            case "getOutputStream" -> stream;
            default -> null;
        });
    }

    @FunctionalInterface
    interface Answer {
        Object answer(String method, Object[] args) throws Exception;
    }

    /** A proxy of {@code type} that answers through {@code answer}; unanswered primitives get 0/false. */
    @SuppressWarnings("unchecked")
    static <T> T fake(Class<T> type, Answer answer) {
        Map<Class<?>, Object> zero = new LinkedHashMap<>();
        zero.put(boolean.class, false);
        zero.put(int.class, 0);
        zero.put(long.class, 0L);
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, m, args) -> {
            if (m.getDeclaringClass() == Object.class) {
                return switch (m.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> type.getSimpleName() + " fake";
                };
            }
            Object result = answer.answer(m.getName(), args == null ? new Object[0] : args);
            return result == null && m.getReturnType().isPrimitive() ? zero.get(m.getReturnType()) : result;
        });
    }

    static final class BytesInputStream extends ServletInputStream {
        private final ByteArrayInputStream in;

        BytesInputStream(byte[] bytes) {
            this.in = new ByteArrayInputStream(bytes);
        }

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
        public void setReadListener(ReadListener listener) {
        }
    }
}
