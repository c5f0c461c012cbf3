package dev.rackscope.core.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.rackscope.api.http.Json;
import dev.rackscope.core.config.AtomicFileWriter;
import dev.rackscope.core.telemetry.MaintenanceStoreTest.MutableClock;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** §4.11 and acceptance case 38 through the servlet, with hand-written fake requests and responses. */
class MaintenanceServletTest {

    @TempDir
    Path dir;
    MutableClock clock;
    MaintenanceServlet servlet;
    AtomicInteger changes;
    final List<Object[]> logged = new ArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void noUnhandledErrors() {
        for (Object[] entry : logged) {
            if (entry.length > 1 && entry[1] instanceof Throwable t) {
                throw new AssertionError("unhandled error logged: " + entry[0], t);
            }
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        clock = new MutableClock(Instant.parse("2026-01-01T12:00:00.123456Z"));
        servlet = new MaintenanceServlet(() -> dir.resolve("maintenances.yaml"),
                new AtomicFileWriter(() -> List.of(dir)), clock);
        ServletContext context = fake(ServletContext.class, (name, args) -> {
            if (name.equals("log")) {
                logged.add(args);
            }
            return null;
        });
        servlet.init(fake(ServletConfig.class, (name, args) -> switch (name) {
            case "getServletContext" -> context;
            case "getServletName" -> "maintenances";
            case "getInitParameterNames" -> java.util.Collections.emptyEnumeration();
            default -> null;
        }));
        changes = new AtomicInteger();
        servlet.addChangeListener(changes::incrementAndGet);
    }

    // --- case 38: create -------------------------------------------------------------------------

    @Test
    void postMinimalGives201BadgeActive() throws Exception {
        Reply r = call("POST", "", "{\"target_type\":\"rack\",\"target_id\":\" r01 \",\"reason\":\" PDU swap \"}");
        assertEquals(201, r.status);
        assertEquals("application/json", r.contentType);
        JsonNode e = r.json();
        assertEquals(List.of("id", "target_type", "target_id", "reason", "effect", "created_at", "starts_at",
                "expires_at", "ended_at", "status"), fieldNames(e));
        assertTrue(e.get("id").asText().matches("[0-9a-f]{12}"), e.get("id").asText());
        assertEquals("rack", e.get("target_type").asText());
        assertEquals("r01", e.get("target_id").asText());
        assertEquals("PDU swap", e.get("reason").asText());
        assertEquals("badge", e.get("effect").asText());
        assertEquals("2026-01-01T12:00:00.123456Z", e.get("created_at").asText());
        assertTrue(e.get("starts_at").isNull());
        assertTrue(e.get("expires_at").isNull());
        assertTrue(e.get("ended_at").isNull());
        assertEquals("ACTIVE", e.get("status").asText());
        assertEquals(1, changes.get());

        Reply list = call("GET", null, null);
        assertEquals(200, list.status);
        assertEquals(e, list.json().get("maintenances").get(0));
    }

    @Test
    void postWithTimesAndEffect() throws Exception {
        JsonNode e = call("POST", "/", "{\"target_type\":\"site\",\"target_id\":\"s1\",\"reason\":\"r\","
                + "\"effect\":\"hide\",\"starts_at\":\"2026-01-02T00:00:00\",\"expires_at\":\"2026-01-03T00:00:00+02:00\","
                + "\"extra\":1}").json();
        assertEquals("hide", e.get("effect").asText());
        assertEquals("2026-01-02T00:00:00Z", e.get("starts_at").asText()); // naive → UTC
        assertEquals("2026-01-03T00:00:00+02:00", e.get("expires_at").asText());
        assertEquals("SCHEDULED", e.get("status").asText());
    }

    @Test
    void blankTargetIdOrReasonIs400() throws Exception {
        Reply r = call("POST", "", "{\"target_type\":\"rack\",\"target_id\":\"  \",\"reason\":\"x\"}");
        assertEquals(400, r.status);
        assertEquals("{\"detail\":\"target_id is required\"}", r.body());
        r = call("POST", "", "{\"target_type\":\"rack\",\"target_id\":\"r1\",\"reason\":\"\"}");
        assertEquals(400, r.status);
        assertEquals("{\"detail\":\"reason is required\"}", r.body());
        assertEquals(0, changes.get());
        assertEquals("{\"maintenances\":[]}", call("GET", "", null).body());
    }

    @Test
    void badEnumIs422InPydanticShape() throws Exception {
        Reply r = call("POST", "", "{\"target_type\":\"planet\",\"target_id\":\"r1\",\"reason\":\"x\","
                + "\"effect\":\"mute\"}");
        assertEquals(422, r.status);
        JsonNode body = r.json();
        assertEquals("Validation error", body.get("error").asText());
        assertEquals("/api/maintenances", body.get("path").asText());
        JsonNode d0 = body.get("detail").get(0);
        assertEquals("literal_error", d0.get("type").asText());
        assertEquals("[\"body\",\"target_type\"]", d0.get("loc").toString());
        assertEquals("Input should be 'site', 'room', 'rack' or 'device'", d0.get("msg").asText());
        assertEquals("planet", d0.get("input").asText());
        assertEquals("'site', 'room', 'rack' or 'device'", d0.get("ctx").get("expected").asText());
        JsonNode d1 = body.get("detail").get(1);
        assertEquals("[\"body\",\"effect\"]", d1.get("loc").toString());
        assertEquals("Input should be 'hide' or 'badge'", d1.get("msg").asText());
        assertEquals(2, body.get("detail").size());
    }

    @Test
    void badDateIs422() throws Exception {
        Reply r = call("POST", "", "{\"target_type\":\"rack\",\"target_id\":\"r1\",\"reason\":\"x\","
                + "\"starts_at\":\"tomorrow\",\"expires_at\":true}");
        assertEquals(422, r.status);
        JsonNode d = r.json().get("detail");
        assertEquals("{\"type\":\"datetime_from_date_parsing\",\"loc\":[\"body\",\"starts_at\"],"
                + "\"msg\":\"Input should be a valid datetime or date, input is too short\",\"input\":\"tomorrow\","
                + "\"ctx\":{\"error\":\"input is too short\"}}", d.get(0).toString());
        assertEquals("{\"type\":\"datetime_type\",\"loc\":[\"body\",\"expires_at\"],"
                + "\"msg\":\"Input should be a valid datetime\",\"input\":true}", d.get(1).toString());
    }

    @Test
    void missingAndWrongTypeFieldsAre422() throws Exception {
        Reply r = call("POST", "", "{\"target_id\":5}");
        assertEquals(422, r.status);
        JsonNode d = r.json().get("detail");
        assertEquals(3, d.size());
        assertEquals("missing", d.get(0).get("type").asText());
        assertEquals("[\"body\",\"target_type\"]", d.get(0).get("loc").toString());
        assertEquals("Field required", d.get(0).get("msg").asText());
        assertEquals("{\"target_id\":5}", d.get(0).get("input").toString());
        assertEquals("string_type", d.get(1).get("type").asText());
        assertEquals("Input should be a valid string", d.get(1).get("msg").asText());
        assertEquals("[\"body\",\"reason\"]", d.get(2).get("loc").toString());

        assertEquals(422, call("POST", "", "").status);
        assertEquals(422, call("POST", "", "[1]").status);
        assertEquals(422, call("POST", "", "{oops").status);
    }

    // --- case 38: stop / reactivate ----------------------------------------------------------------

    @Test
    void stopThenStopAgainThenReactivate() throws Exception {
        String id = create("rack", "r1", "x");
        clock.now = Instant.parse("2026-01-01T13:00:00.5Z");
        Reply stop = call("POST", "/" + id + "/stop", null);
        assertEquals(200, stop.status);
        assertEquals("EXPIRED", stop.json().get("status").asText());
        assertEquals("2026-01-01T13:00:00.500000Z", stop.json().get("ended_at").asText());

        Reply again = call("POST", "/" + id + "/stop", null);
        assertEquals(400, again.status);
        assertEquals("{\"detail\":\"Maintenance already ended\"}", again.body());

        Reply re = call("POST", "/" + id + "/reactivate", null);
        assertEquals(200, re.status);
        assertEquals("ACTIVE", re.json().get("status").asText());
        assertTrue(re.json().get("ended_at").isNull());

        Reply notEnded = call("POST", "/" + id + "/reactivate", null);
        assertEquals(400, notEnded.status);
        assertEquals("{\"detail\":\"Maintenance is not ended\"}", notEnded.body());

        assertEquals(404, call("POST", "/nope/stop", null).status);
        assertEquals("{\"detail\":\"Maintenance not found\"}", call("POST", "/nope/reactivate", null).body());
        assertEquals(3, changes.get()); // create, stop, reactivate
    }

    // --- case 38: PUT ---------------------------------------------------------------------------------

    @Test
    void putChangesOnlyTheGivenFields() throws Exception {
        JsonNode before = call("POST", "", "{\"target_type\":\"room\",\"target_id\":\"room1\",\"reason\":\"a\","
                + "\"starts_at\":\"2025-12-01T00:00:00Z\",\"expires_at\":\"2026-02-01T00:00:00Z\"}").json();
        String id = before.get("id").asText();

        Reply r = call("PUT", "/" + id, "{\"reason\":\"  new reason \"}");
        assertEquals(200, r.status);
        JsonNode after = r.json();
        assertEquals("new reason", after.get("reason").asText());
        for (String f : List.of("id", "target_type", "target_id", "effect", "created_at", "starts_at", "expires_at",
                "ended_at", "status")) {
            assertEquals(before.get(f), after.get(f), f);
        }

        // effect null is ignored; starts_at null clears; expires_at set
        after = call("PUT", "/" + id, "{\"effect\":null,\"starts_at\":null,\"expires_at\":\"2026-01-01T12:00:00Z\"}")
                .json();
        assertEquals("badge", after.get("effect").asText());
        assertTrue(after.get("starts_at").isNull());
        assertEquals("2026-01-01T12:00:00Z", after.get("expires_at").asText());
        assertEquals("EXPIRED", after.get("status").asText());
        assertEquals("new reason", after.get("reason").asText());

        after = call("PUT", "/" + id, "{\"effect\":\"hide\",\"reason\":null}").json();
        assertEquals("hide", after.get("effect").asText());
        assertEquals("new reason", after.get("reason").asText());

        // what the file holds is what the API said
        assertEquals(after, call("GET", "", null).json().get("maintenances").get(0));
    }

    @Test
    void putEmptyReasonIs400AndUnknownIs404() throws Exception {
        String id = create("rack", "r1", "x");
        int before = changes.get();
        Reply r = call("PUT", "/" + id, "{\"reason\":\"   \"}");
        assertEquals(400, r.status);
        assertEquals("{\"detail\":\"reason cannot be empty\"}", r.body());
        Reply missing = call("PUT", "/nope", "{\"reason\":\"x\"}");
        assertEquals(404, missing.status);
        assertEquals("{\"detail\":\"Maintenance not found\"}", missing.body());
        Reply bad = call("PUT", "/" + id, "{\"effect\":\"loud\",\"expires_at\":\"2026-13-01\"}");
        assertEquals(422, bad.status);
        assertEquals("Input should be a valid datetime or date, month value is outside expected range of 1-12",
                bad.json().get("detail").get(1).get("msg").asText());
        assertEquals(before, changes.get());
        assertEquals("x", call("GET", "", null).json().get("maintenances").get(0).get("reason").asText());
    }

    // --- case 38: DELETE ------------------------------------------------------------------------------

    @Test
    void deleteGives204WithoutBodyThenUnknownIs404() throws Exception {
        String keep = create("site", "s1", "keep");
        String id = create("rack", "r1", "x");
        Reply r = call("DELETE", "/" + id, null);
        assertEquals(204, r.status);
        assertEquals(0, r.out.size());
        assertNull(r.contentType);
        Reply again = call("DELETE", "/" + id, null);
        assertEquals(404, again.status);
        assertEquals("{\"detail\":\"Maintenance not found\"}", again.body());
        JsonNode list = call("GET", "", null).json().get("maintenances");
        assertEquals(1, list.size());
        assertEquals(keep, list.get(0).get("id").asText());
        assertEquals(3, changes.get());
    }

    // --- the rest of the router ------------------------------------------------------------------------

    @Test
    void listIsInFileOrderWithStatusAtRequestTime() throws Exception {
        String a = create("rack", "r1", "a");
        call("POST", "", "{\"target_type\":\"room\",\"target_id\":\"room1\",\"reason\":\"b\","
                + "\"starts_at\":\"2026-01-01T15:00:00Z\"}");
        String c = create("site", "s1", "c");
        call("POST", "/" + c + "/stop", null);
        JsonNode list = call("GET", "", null).json().get("maintenances");
        assertEquals(List.of("ACTIVE", "SCHEDULED", "EXPIRED"), statuses(list));
        assertEquals(a, list.get(0).get("id").asText());
        clock.now = Instant.parse("2026-01-01T15:00:00Z");
        assertEquals(List.of("ACTIVE", "ACTIVE", "EXPIRED"), statuses(call("GET", "/", null).json()
                .get("maintenances")));
    }

    @Test
    void unknownPathsAndMethods() throws Exception {
        String id = create("rack", "r1", "x");
        Reply r = call("GET", "/" + id, null);
        assertEquals(405, r.status);
        assertEquals("{\"detail\":\"Method Not Allowed\"}", r.body());
        assertEquals(404, call("GET", "/a/b/c", null).status);
        assertEquals(405, call("DELETE", "", null).status);
    }

    @Test
    void corruptFileListsEmptyAndRefusesChangesWith409() throws Exception {
        Path file = dir.resolve("maintenances.yaml");
        String corrupt = "maintenances: [ {id: a, \n";
        Files.writeString(file, corrupt);
        assertEquals("{\"maintenances\":[]}", call("GET", "", null).body());
        Reply r = call("POST", "", "{\"target_type\":\"rack\",\"target_id\":\"r1\",\"reason\":\"x\"}");
        assertEquals(409, r.status);
        String detail = r.json().get("detail").asText();
        assertTrue(detail.contains("maintenances.yaml") && detail.contains("left unchanged"), detail);
        assertEquals(409, call("DELETE", "/a", null).status);
        assertEquals(409, call("PUT", "/a", "{\"reason\":\"x\"}").status);
        assertEquals(409, call("POST", "/a/stop", null).status);
        assertEquals(409, call("POST", "/a/reactivate", null).status);
        assertEquals(corrupt, Files.readString(file));
        assertEquals(0, changes.get());
    }

    @Test
    void storeIsSharedWithTheAlertsEndpoint() throws Exception {
        String id = create("device", "compute001", "fan");
        assertEquals(id, servlet.store().match(MaintenanceStore.Candidate.forNode("compute001", "r1", "room1", "s1"),
                clock.instant()).orElseThrow().id());
    }

    // --- helpers and fakes ----------------------------------------------------------------------------

    private String create(String type, String target, String reason) throws Exception {
        Reply r = call("POST", "", Json.write(Map.of("target_type", type, "target_id", target, "reason", reason)));
        assertEquals(201, r.status, r.body());
        return r.json().get("id").asText();
    }

    private static List<String> statuses(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(e -> out.add(e.get("status").asText()));
        return out;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static final class Reply {
        int status;
        String contentType;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        String body() {
            return out.toString(StandardCharsets.UTF_8);
        }

        JsonNode json() throws IOException {
            return Json.mapper().readTree(out.toByteArray());
        }
    }

    private Reply call(String method, String pathInfo, String body) throws Exception {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        String uri = "/api/maintenances" + (pathInfo == null ? "" : pathInfo);
        HttpServletRequest request = fake(HttpServletRequest.class, (name, args) -> switch (name) {
            case "getMethod" -> method;
            case "getPathInfo" -> pathInfo == null || pathInfo.isEmpty() ? null : pathInfo;
            case "getServletPath" -> "/api/maintenances";
            case "getRequestURI" -> uri;
            case "getContentLengthLong" -> (long) bytes.length;
            case "getContentLength" -> bytes.length;
            case "getInputStream" -> new BytesIn(bytes);
            default -> null;
        });
        Reply reply = new Reply();
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
                reply.out.write(b);
            }
        };
        HttpServletResponse response = fake(HttpServletResponse.class, (name, args) -> switch (name) {
            case "setStatus" -> {
                reply.status = (Integer) args[0];
                yield null;
            }
            case "getStatus" -> reply.status;
            case "setContentType" -> {
                reply.contentType = (String) args[0];
                yield null;
            }
            case "getOutputStream" -> stream;
            default -> null;
        });
        servlet.service(request, response);
        assertFalse(reply.status == 0, "no status set");
        return reply;
    }

    @FunctionalInterface
    interface Answer {
        Object answer(String method, Object[] args) throws Exception;
    }

    @SuppressWarnings("unchecked")
    static <T> T fake(Class<T> type, Answer answer) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, m, args) -> {
            if (m.getDeclaringClass() == Object.class) {
                return switch (m.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> type.getSimpleName() + " fake";
                };
            }
            Object result = answer.answer(m.getName(), args == null ? new Object[0] : args);
            if (result == null && m.getReturnType().isPrimitive()) {
                Class<?> r = m.getReturnType();
                if (r == boolean.class) {
                    return Boolean.FALSE;
                }
                if (r == long.class) {
                    return 0L;
                }
                if (r == int.class) {
                    return 0;
                }
            }
            return result;
        });
    }

    static final class BytesIn extends ServletInputStream {
        private final ByteArrayInputStream in;

        BytesIn(byte[] bytes) {
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
