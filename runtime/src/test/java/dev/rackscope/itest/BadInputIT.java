package dev.rackscope.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Bad input on every route that takes a body, a path or a query parameter, on a copy of the project's example
 * configuration: malformed JSON, JSON of the wrong type, fields of the wrong type, 1 MB strings, a 9 MB body,
 * deep nesting, unicode (RTL, emoji, NUL and lone-surrogate escapes), ids and file names with {@code ..},
 * {@code %2e%2e%2f}, {@code /}, {@code \}, absolute paths and very long ids. Every answer must be a 4xx with
 * the original's error body (core.md §0: {@code {"detail": ...}}, or the 422 validation body), or a 2xx where
 * the contract accepts the input (each such case says why, citing the spec); never a 5xx. Around every test,
 * a sentinel folder outside the configuration tree ({@code <work>/outside}, {@code <work>/secret.txt}, which
 * is {@code config/../secret.txt}) is checksummed and must not change, and no file may appear anywhere outside
 * {@code config/}.
 *
 * <p>Requests go over a raw socket so that paths are sent exactly as written ({@code %2e%2e}, {@code \},
 * {@code %00}, 20 000 characters) and bodies byte for byte (invalid UTF-8, 9 MB, chunked).
 *
 * <p>The Slurm plugin is being rewritten: its routes are taken from slurm.md §4 and a 404 for a route that is
 * not there yet is an acceptable answer (it is a 4xx with {@code detail}).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BadInputIT extends RackscopeTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MB = 1024 * 1024;
    /** Part of every file name the inputs try to create, so that a stray file can be found anywhere. */
    private static final String MARK = "rsfuzz-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String SENTINEL = "SENTINEL-" + UUID.randomUUID();
    private static final String PLACEHOLDER = "@@FUZZ-VALUE@@";

    /** 5xx answers of the plugins, which are not ours to fix: reported, printed, not failed. */

    /** The configuration folder as the server started on it (relative path → bytes); restored after each test. */
    private static Map<String, byte[]> pristine;
    private static Set<String> pluginsAtStart;

    @Configuration
    public Option[] config() throws IOException {
        return runtimeOptions(true, true);
    }

    // ================================================================== the tests

    @Test
    public void pathParametersWithTraversalUnicodeAndHugeIdsAnswer4xxWithJsonErrors() throws Exception {
        guarded(failures -> {
            String metricId = http().get("/api/metrics/library").json().get("metrics").get(0).get("id").asText();
            String metricFile = http().get("/api/metrics/library/files").json().get("files").get(0).get("name").asText();
            String maintenance = createMaintenance();
            // method, template, the valid value of each parameter, body; each parameter in turn gets every bad value
            List<PathRoute> routes = List.of(
                    new PathRoute("GET", "/api/rooms/{room_id}/layout", Map.of("room_id", "hall-a"), null),
                    new PathRoute("GET", "/api/rooms/{room_id}/state", Map.of("room_id", "hall-a"), null),
                    new PathRoute("GET", "/api/racks/{rack_id}", Map.of("rack_id", "r1-02"), null),
                    new PathRoute("GET", "/api/racks/{rack_id}/state", Map.of("rack_id", "r1-02"), null),
                    new PathRoute("GET", "/api/racks/{rack_id}/devices/{device_id}",
                            ordered("rack_id", "r1-02", "device_id", "r1-02-enc1"), null),
                    new PathRoute("GET", "/api/devices/{rack_id}/{device_id}/metrics",
                            ordered("rack_id", "r1-02", "device_id", "r1-02-enc1"), null),
                    new PathRoute("GET", "/api/checks/files/{name}", Map.of("name", "compute.yaml"), null),
                    new PathRoute("GET", "/api/metrics/library/files/{name}", Map.of("name", metricFile), null),
                    new PathRoute("GET", "/api/metrics/library/{metric_id}", Map.of("metric_id", metricId), null),
                    new PathRoute("GET", "/api/plugins/{id}", Map.of("id", "slurm"), null),
                    new PathRoute("GET", "/api/plugins/{id}/config", Map.of("id", "slurm"), null),
                    new PathRoute("POST", "/api/plugins/{id}/config", Map.of("id", "slurm"),
                            "{\"config\": {\"metric\": \"slurm_node_status\"}}"),
                    new PathRoute("PUT", "/api/plugins/{id}/enabled", Map.of("id", "slurm"), "{\"enabled\": true}"),
                    new PathRoute("PUT", "/api/maintenances/{id}", Map.of("id", maintenance), "{\"reason\": \"x\"}"),
                    new PathRoute("DELETE", "/api/maintenances/{id}", Map.of("id", maintenance), null),
                    new PathRoute("POST", "/api/maintenances/{id}/stop", Map.of("id", maintenance), null),
                    new PathRoute("POST", "/api/maintenances/{id}/reactivate", Map.of("id", maintenance), null),
                    new PathRoute("DELETE", "/api/simulator/overrides/{override_id}", Map.of("override_id", "x"), null),
                    new PathRoute("GET", "/api/slurm/rooms/{room_id}/nodes", Map.of("room_id", "hall-a"), null),
                    // the write endpoints of ui-surface.md §3-§5: no bad id reaches a file
                    new PathRoute("POST", "/api/topology/sites/{site_id}/rooms", Map.of("site_id", "nordvik"),
                            "{\"name\": \"Fuzz room\"}"),
                    new PathRoute("DELETE", "/api/topology/sites/{site_id}", Map.of("site_id", "tarnby"), null),
                    new PathRoute("DELETE", "/api/topology/rooms/{room_id}", Map.of("room_id", "edge-1"), null),
                    new PathRoute("POST", "/api/topology/rooms/{room_id}/aisles/create", Map.of("room_id", "hall-a"),
                            "{\"aisles\": [{\"name\": \"Fuzz aisle\"}]}"),
                    new PathRoute("PUT", "/api/topology/rooms/{room_id}/aisles", Map.of("room_id", "hall-a"),
                            "{\"aisles\": {}}"),
                    new PathRoute("DELETE", "/api/topology/aisles/{aisle_id}", Map.of("aisle_id", "row-e"), null),
                    new PathRoute("PUT", "/api/topology/aisles/{aisle_id}/racks", Map.of("aisle_id", "row-1"),
                            "{\"room_id\": \"hall-a\", \"racks\": []}"),
                    new PathRoute("POST", "/api/topology/aisles/{aisle_id}/racks", Map.of("aisle_id", "row-1"),
                            "{\"name\": \"Fuzz rack\"}"),
                    new PathRoute("PUT", "/api/topology/racks/{rack_id}/template", Map.of("rack_id", "r1-02"),
                            "{\"template_id\": null}"),
                    new PathRoute("POST", "/api/topology/racks/{rack_id}/devices", Map.of("rack_id", "r1-02"),
                            "{\"id\": \"fuzz-dev\", \"name\": \"x\", \"template_id\": \"x\", \"u_position\": 40}"),
                    new PathRoute("PUT", "/api/topology/racks/{rack_id}/devices", Map.of("rack_id", "r1-02"),
                            "{\"devices\": []}"),
                    new PathRoute("PUT", "/api/topology/racks/{rack_id}/devices/{device_id}",
                            ordered("rack_id", "r1-02", "device_id", "r1-02-enc1"), "{\"u_position\": 1}"),
                    new PathRoute("DELETE", "/api/topology/racks/{rack_id}/devices/{device_id}",
                            ordered("rack_id", "r1-02", "device_id", "r1-02-enc1"), null),
                    new PathRoute("DELETE", "/api/catalog/templates/device/{template_id}",
                            Map.of("template_id", "x"), null),
                    new PathRoute("PUT", "/api/checks/files/{name}", Map.of("name", "compute.yaml"),
                            "{\"content\": \"checks: []\\n\"}"),
                    new PathRoute("PUT", "/api/metrics/library/files/{name}", Map.of("name", metricFile),
                            "{\"content\": \"metrics: []\\n\"}"),
                    new PathRoute("DELETE", "/api/metrics/library/files/{name}", Map.of("name", metricFile), null));
            int requests = 0;
            for (PathRoute route : routes) {
                for (String param : route.valid().keySet()) {
                    for (Map.Entry<String, String> bad : badPathSegments().entrySet()) {
                        String path = route.template();
                        for (Map.Entry<String, String> p : route.valid().entrySet()) {
                            path = path.replace("{" + p.getKey() + "}", p.getKey().equals(param) ? bad.getValue()
                                    : p.getValue());
                        }
                        Resp r = send(route.method(), path, route.body() == null ? null : utf8(route.body()));
                        requests++;
                        // simulator.md §2.8: DELETE /overrides/{id} of an unknown id is not a 404 but 200, list
                        // unchanged. RFC 3986 §5.2.4: an unencoded dot-segment is removed before routing, so such a
                        // request addresses another route (GET /api/checks/files/.. is GET /api/checks/) and gets
                        // that route's answer; the encoded forms (%2e%2e, %2F) are refused by the server.
                        boolean dotSegment = bad.getValue().equals("..") || bad.getValue().startsWith("../");
                        // telemetry.md §4.7: an unknown rack or device gives 200 with metrics {}.
                        // ARCHITECTURE.md: an id may be enabled before its bundle is dropped into deploy/ (the
                        // container strips ";y=1", leaving the well-formed id "x"): 200 with state not_installed
                        boolean ok2xx = dotSegment || route.template().equals("/api/simulator/overrides/{override_id}")
                                || route.template().equals("/api/devices/{rack_id}/{device_id}/metrics")
                                || (route.template().endsWith("/enabled") && r.body().contains("\"not_installed\""));
                        check(failures, route.method() + " " + route.template() + " with " + param + " = "
                                + bad.getKey(), r, ok2xx, false);
                    }
                }
                restoreConfig();
            }
            // File names (core.md §4.3): a name with '..' (or longer than a file name can be) → 400 "Invalid filename"
            for (String route : List.of("/api/checks/files/", "/api/metrics/library/files/")) {
                for (String name : List.of("..compute.yaml", "a..b.yaml", "...", "a".repeat(300))) {
                    checkDetail(failures, "GET " + route + abbreviate(name), send("GET", route + name, null), 400,
                            "Invalid filename");
                }
            }
            System.out.println("BadInputIT: " + requests + " requests with bad path parameters");
        });
    }

    @Test
    public void symlinkedFileNamesThatLeaveTheirFolderAnswer403AndServeNothing() throws Exception {
        guarded(failures -> {
            Path checks = configDir().resolve("checks/library");
            Path metrics = configDir().resolve("metrics/library");
            Files.createSymbolicLink(checks.resolve(MARK + "-escape.yaml"), work().resolve("outside/a.yaml"));
            Files.createSymbolicLink(metrics.resolve(MARK + "-escape.yaml"), work().resolve("secret.txt"));
            Files.createSymbolicLink(checks.resolve(MARK + "-dir"), work().resolve("outside"));
            // core.md §4.3: a name whose real path (symlinks followed) leaves its folder → 403 "Access denied"
            checkDetail(failures, "checks file symlinked outside",
                    send("GET", "/api/checks/files/" + MARK + "-escape.yaml", null), 403, "Access denied");
            checkDetail(failures, "metrics file symlinked outside",
                    send("GET", "/api/metrics/library/files/" + MARK + "-escape.yaml", null), 403, "Access denied");
            Resp through = send("GET", "/api/checks/files/" + MARK + "-dir%2Fa.yaml", null);
            check(failures, "a file through a symlinked folder", through, false, false);
        });
    }

    @Test
    public void queryParametersAnswer4xxOrAreToleratedNeverServerErrors() throws Exception {
        guarded(failures -> {
            String metricId = http().get("/api/metrics/library").json().get("metrics").get(0).get("id").asText();
            String slurmMetric = firstSlurmMetric();
            List<QueryRoute> routes = new ArrayList<>();
            // core.md §3.5: category and tag are exact-match filters without validation: no match is 200, count 0
            routes.add(new QueryRoute("/api/metrics/library", Map.of(), "category", true));
            routes.add(new QueryRoute("/api/metrics/library", Map.of(), "tag", true));
            // telemetry.md §4.6: include_metrics is a boolean (true/t/yes/y/on/1, false/…); anything else is a 422
            routes.add(new QueryRoute("/api/racks/r1-02/state", Map.of(), "include_metrics", false));
            // telemetry.md §4.9: an unknown metric is 404; target_id is substituted into the PromQL text,
            // aggregation is only echoed, step is passed to Prometheus as given, and a time_range that is an
            // integer (however large or negative) is a number of seconds: the range query runs and a failed or
            // unreachable Prometheus gives 200 with series []
            routes.add(new QueryRoute("/api/metrics/data", ordered("metric_id", metricId, "target_id", "compute001"),
                    "metric_id", false));
            routes.add(new QueryRoute("/api/metrics/data", ordered("metric_id", metricId, "target_id", "compute001"),
                    "target_id", true));
            routes.add(new QueryRoute("/api/metrics/data", ordered("metric_id", metricId, "target_id", "compute001"),
                    "time_range", true));
            routes.add(new QueryRoute("/api/metrics/data", ordered("metric_id", metricId, "target_id", "compute001"),
                    "aggregation", true));
            routes.add(new QueryRoute("/api/metrics/data", ordered("metric_id", metricId, "target_id", "compute001"),
                    "step", true));
            // slurm.md §4: an unknown room is 404 "Room not found"; an empty room_id means no filter (200)
            for (String slurm : List.of("/api/slurm/summary", "/api/slurm/partitions", "/api/slurm/nodes")) {
                routes.add(new QueryRoute(slurm, Map.of(), "room_id", false));
            }
            // slurm.md §4.9: metric_id must be in the catalog (404); scope is optional and ignored
            routes.add(new QueryRoute("/api/slurm/metrics/data", Map.of(), "metric_id", false));
            routes.add(new QueryRoute("/api/slurm/metrics/data", Map.of("metric_id", slurmMetric), "scope", true));
            int requests = 0;
            for (QueryRoute route : routes) {
                for (Map.Entry<String, String> bad : badQueryValues().entrySet()) {
                    StringBuilder q = new StringBuilder();
                    Map<String, String> params = new LinkedHashMap<>(route.base());
                    params.put(route.param(), bad.getValue());
                    for (Map.Entry<String, String> p : params.entrySet()) {
                        q.append(q.length() == 0 ? "?" : "&").append(p.getKey()).append('=').append(p.getValue());
                    }
                    Resp r = send("GET", route.path() + q, null);
                    requests++;
                    boolean ok2xx = route.ok2xx()
                            || (route.path().startsWith("/api/slurm/") && route.param().equals("room_id")
                                    && bad.getValue().isEmpty());
                    check(failures, "GET " + route.path() + " with " + route.param() + " = " + bad.getKey(), r, ok2xx,
                            false);
                }
            }
            // FastAPI ignores query parameters a route does not declare: 200 on the routes without any
            for (String path : List.of("/api/sites", "/api/rooms", "/api/catalog", "/api/checks", "/api/checks/files",
                    "/api/metrics/categories", "/api/metrics/tags", "/api/metrics/files", "/api/metrics/library/files",
                    "/api/config", "/api/env", "/api/plugins", "/api/plugins/menu", "/api/system/status",
                    "/api/stats/global", "/api/stats/prometheus", "/api/stats/telemetry", "/api/alerts/active",
                    "/api/rooms/states", "/api/maintenances", "/api/simulator/status", "/api/simulator/metrics",
                    "/api/simulator/overrides", "/api/slurm/mapping", "/api/slurm/metrics/catalog", "/healthz")) {
                Resp r = send("GET", path + "?..%2F..%2Fsecret.txt=%00&x=%E2%80%AE%F0%9F%98%80&" + "y=" + "a".repeat(4000),
                        null);
                requests++;
                check(failures, "GET " + path + " with unknown query parameters", r, true, false);
            }
            System.out.println("BadInputIT: " + requests + " requests with bad query parameters");
        });
    }

    @Test
    public void malformedWrongTypeDeepAndOversizedBodiesAnswer4xxOnEveryBodyRoute() throws Exception {
        guarded(failures -> {
            String maintenance = createMaintenance();
            int requests = 0;
            for (BodyRoute route : bodyRoutes(maintenance)) {
                for (Map.Entry<String, byte[]> body : wholeBodies().entrySet()) {
                    Resp r = send(route.method(), route.path(), body.getValue());
                    requests++;
                    boolean objectWithoutKnownKeys = body.getKey().startsWith("object");
                    check(failures, route.method() + " " + route.path() + " with " + body.getKey(), r,
                            objectWithoutKnownKeys && route.unknownKeysOnly2xx(), route.upstream());
                }
                // 9 MB: refused before it is read (Content-Length), or once 8 MB were read (chunked): 413 with detail
                byte[] nine = nineMegabytes();
                Resp declared = sendExpectContinue(route.method(), route.path(), nine);
                checkStatus(failures, route.method() + " " + route.path() + " with a 9 MB body", declared, 413);
                Resp chunked = sendChunked(route.method(), route.path(), nine);
                checkStatus(failures, route.method() + " " + route.path() + " with a 9 MB chunked body", chunked, 413);
                requests += 2;
                restoreConfig();
            }
            System.out.println("BadInputIT: " + requests + " requests with bad whole bodies");
        });
    }

    @Test
    public void everyFieldOfEveryBodyGetsWrongTypesHugeValuesUnicodeAndTraversal() throws Exception {
        guarded(failures -> {
            String maintenance = createMaintenance();
            int requests = 0;
            for (BodyRoute route : bodyRoutes(maintenance)) {
                for (FieldSpec field : route.fields()) {
                    for (Value value : values()) {
                        String body = withValue(route.base(), field.path(), value.json());
                        Resp r = send(route.method(), route.path(), utf8(body));
                        requests++;
                        check(failures, route.method() + " " + route.path() + " with " + field.path() + " = "
                                + value.name(), r, field.ok2xx().contains(value.kind()), route.upstream());
                    }
                }
                restoreConfig();
            }
            System.out.println("BadInputIT: " + requests + " requests with a bad field");
        });
    }

    @Test
    public void putConfigWithABadValueInEachFieldIsRefusedOrAppliedButNeverWritesOutside() throws Exception {
        guarded(failures -> {
            JsonNode base = http().get("/api/config").json();
            String baseText = base.toString();
            Path app = configDir().resolve("app.yaml");
            int requests = 0;
            for (FieldSpec field : configFields()) {
                for (Value value : values()) {
                    String body = withValue(base, field.path(), value.json());
                    String appBefore = read(app);
                    Resp r = send("PUT", "/api/config", utf8(body));
                    requests++;
                    boolean ok2xx = field.ok2xx().contains(value.kind());
                    check(failures, "PUT /api/config with " + field.path() + " = " + value.name(), r, ok2xx, false);
                    if (r.status() >= 200 && r.status() < 300) {
                        // applied and written: put the base back at once so that the next input starts from it
                        Resp back = send("PUT", "/api/config", utf8(baseText));
                        if (back.status() != 200) {
                            failures.add("restoring the configuration after " + field.path() + " = " + value.name()
                                    + " answered " + back.status() + ": " + abbreviate(back.body()));
                        }
                    } else if (!read(app).equals(appBefore)) {
                        // core.md §3.6: validation and the load come first; a refused body writes nothing
                        failures.add("a refused PUT /api/config changed app.yaml: " + field.path() + " = "
                                + value.name());
                    }
                }
            }
            System.out.println("BadInputIT: " + requests + " PUT /api/config requests with a bad field");
        });
    }

    @Test
    public void pluginSettingsThatPointOutsideTheConfigTreeNeverWriteThere() throws Exception {
        guarded(failures -> {
            List<String> targets = List.of("../outside/" + MARK + ".yaml", "../../" + MARK + ".yaml",
                    "config/../../outside/" + MARK + ".yaml", "../secret.txt", "../outside/a.yaml",
                    work().resolve("outside/" + MARK + ".yaml").toString(), work().resolve("secret.txt").toString(),
                    "..\\outside\\" + MARK + ".yaml");
            for (String target : targets) {
                // ui-surface.md §8: POST /api/plugins/{id}/config replaces the plugin's file; the settings are
                // free-form there (the plugin reads them), so the write itself is a 200
                Resp sim = send("POST", "/api/plugins/simulator/config",
                        utf8("{\"config\": " + JSON.writeValueAsString(Map.of("overrides_path", target)) + "}"));
                check(failures, "simulator overrides_path = " + target, sim, true, false);
                awaitLong("simulator reconfigured", () -> http().get("/api/plugins/simulator/config").body()
                        .contains(JSON.valueToTree(target).toString().replace("\"", "")));
                sleep(300);
                // simulator.md §2.6, §2.4, §2.7, §2.8: these write the overrides file
                for (String[] write : new String[][] {
                    {"POST", "/api/simulator/overrides", "{\"instance\":\"compute001\",\"metric\":\"up\",\"value\":0}"},
                    {"POST", "/api/simulator/incidents", "{\"type\":\"rack_down\",\"target_id\":\"r1-02\"}"},
                    {"DELETE", "/api/simulator/overrides/x", null}, {"DELETE", "/api/simulator/overrides", null},
                    {"GET", "/api/simulator/overrides", null}, {"GET", "/api/simulator/status", null}}) {
                    Resp r = send(write[0], write[1], write[2] == null ? null : utf8(write[2]));
                    String what = write[0] + " " + write[1] + " with overrides_path = " + target;
                    // 200 when the path resolves inside the tree (PluginPaths keeps relative paths below the
                    // app.yaml folder), or a 4xx
                    check(failures, what, r, true, false);
                }
                // slurm.md §4.1-§4.6: the mapping file and the metrics catalog folder come from the plugin settings
                Resp slurm = send("POST", "/api/plugins/slurm/config", utf8("{\"config\": " + JSON.writeValueAsString(
                        ordered("metric", "slurm_node_status", "mapping_path", target, "metrics_catalog_dir",
                                target)) + "}"));
                check(failures, "slurm mapping_path = " + target, slurm, true, false);
                sleep(500);
                for (String[] write : new String[][] {
                    {"POST", "/api/slurm/mapping", "{\"entries\":[{\"node\":\"n1\",\"instance\":\"compute001\"}]}"},
                    {"POST", "/api/slurm/metrics/catalog/config", "{\"metrics_catalogs\":[\"metrics.yaml\"]}"},
                    {"GET", "/api/slurm/mapping", null}, {"GET", "/api/slurm/metrics/catalog", null},
                    {"GET", "/api/slurm/nodes", null}}) {
                    Resp r = send(write[0], write[1], write[2] == null ? null : utf8(write[2]));
                    // slurm.md §4.5-§4.8: 200, or a 4xx when the server refuses to write outside its tree
                    check(failures, write[0] + " " + write[1] + " with mapping_path = " + target, r, true, false);
                }
                restoreConfig();
            }
            // A catalog file name with a traversal (slurm.md §7.16: the original did not check them)
            for (String name : List.of("../../outside/a.yaml", "/etc/passwd", "..\\..\\secret.txt", MARK + "/../../x")) {
                Resp r = send("POST", "/api/slurm/metrics/catalog/config",
                        utf8("{\"metrics_catalogs\": " + JSON.writeValueAsString(List.of(name)) + "}"));
                check(failures, "slurm metrics_catalogs = " + name, r, true, false);
                Resp catalog = send("GET", "/api/slurm/metrics/catalog", null);
                check(failures, "slurm catalog after metrics_catalogs = " + name, catalog, true, false);
            }
            restoreConfig();
        });
    }

    // ================================================================== routes and inputs

    private record PathRoute(String method, String template, Map<String, String> valid, String body) {
    }

    private record QueryRoute(String path, Map<String, String> base, String param, boolean ok2xx) {
    }

    /** A JSON kind of a fuzz value; INVALID inputs (a number no double holds, 5000 levels of nesting) are always 422. */
    private enum Kind { STRING, NUMBER, BOOL, NULL, ARRAY, OBJECT, INVALID }

    private record Value(String name, String json, Kind kind) {
    }

    /** A field (dotted path, numbers index arrays) and the kinds of value for which the contract accepts it. */
    private record FieldSpec(String path, Set<Kind> ok2xx) {
    }

    /**
     * A route that reads a JSON body. {@code unknownKeysOnly2xx}: an object without any of the route's keys is
     * accepted; {@code upstream}: the route forwards the input to Prometheus (502/504 when it cannot).
     */
    private record BodyRoute(String method, String path, JsonNode base, List<FieldSpec> fields,
                             boolean unknownKeysOnly2xx, boolean upstream) {
    }

    private static final Set<Kind> NONE = EnumSet.noneOf(Kind.class);
    private static final Set<Kind> STRINGS = EnumSet.of(Kind.STRING);
    private static final Set<Kind> ANY_VALID = EnumSet.complementOf(EnumSet.of(Kind.INVALID));

    private static FieldSpec field(String path, Set<Kind> ok2xx) {
        return new FieldSpec(path, ok2xx);
    }

    private List<BodyRoute> bodyRoutes(String maintenance) throws IOException {
        List<BodyRoute> routes = new ArrayList<>();
        // telemetry.md §4.11: target_id and reason are free strings (only a blank one is a 400); starts_at and
        // expires_at are lax datetimes: a unix timestamp (int or float) or null is a valid time
        routes.add(new BodyRoute("POST", "/api/maintenances",
                json("{\"target_type\":\"rack\",\"target_id\":\"r1-02\",\"reason\":\"fuzz\",\"effect\":\"badge\"}"),
                List.of(field("target_type", NONE), field("target_id", STRINGS), field("reason", STRINGS),
                        field("effect", NONE), field("starts_at", EnumSet.of(Kind.NUMBER, Kind.NULL)),
                        field("expires_at", EnumSet.of(Kind.NUMBER, Kind.NULL))), false, false));
        // telemetry.md §4.11: a partial update; a null reason or effect leaves it unchanged, a null time clears it,
        // and a body with none of the keys changes nothing (200)
        routes.add(new BodyRoute("PUT", "/api/maintenances/" + maintenance, json("{}"),
                List.of(field("reason", EnumSet.of(Kind.STRING, Kind.NULL)), field("effect", EnumSet.of(Kind.NULL)),
                        field("starts_at", EnumSet.of(Kind.NUMBER, Kind.NULL)),
                        field("expires_at", EnumSet.of(Kind.NUMBER, Kind.NULL))), true, false));
        // core.md §3.4 and §7.1: the expression goes to Prometheus as text; with Prometheus unreachable the answer
        // is 502, or 200 if one answers
        routes.add(new BodyRoute("POST", "/api/checks/test", json("{\"expr\":\"up\",\"variables\":{}}"),
                List.of(field("expr", STRINGS), field("variables", EnumSet.of(Kind.OBJECT, Kind.NULL)),
                        field("variables.x", ANY_VALID)), false, true));
        // a plugin id that matches, a boolean that is one: the switch is set (it already was)
        routes.add(new BodyRoute("PUT", "/api/plugins/slurm/enabled", json("{\"enabled\":true}"),
                List.of(field("enabled", EnumSet.of(Kind.BOOL))), false, false));
        // ui-surface.md §8: config must be an object and replaces the plugin's file; its keys are the plugin's
        // free-form settings (the plugin validates them when it applies them), so any value is written
        for (String plugin : List.of("simulator", "slurm")) {
            routes.add(new BodyRoute("POST", "/api/plugins/" + plugin + "/config", json("{\"config\":{\"seed\":42}}"),
                    List.of(field("config", EnumSet.of(Kind.OBJECT)), field("config.seed", ANY_VALID),
                            field("config.overrides_path", ANY_VALID), field("config.mapping_path", ANY_VALID)),
                    false, false));
        }
        // simulator.md §2.4: type and target_id are only checked for presence and the two types; target_id is
        // not checked against the topology; duration must convert to a non-negative int (bools and floats do)
        routes.add(new BodyRoute("POST", "/api/simulator/incidents",
                json("{\"type\":\"rack_down\",\"target_id\":\"r1-02\",\"duration\":0}"),
                List.of(field("type", NONE), field("target_id", ANY_VALID),
                        field("duration", EnumSet.of(Kind.NUMBER, Kind.BOOL, Kind.NULL, Kind.STRING))), false, false));
        // simulator.md §2.6: only the listed checks apply; id, instance and rack_id are stored as given (any type,
        // a truthy instance or rack_id is enough), value must convert to a float (true does), ttl_seconds to an int
        routes.add(new BodyRoute("POST", "/api/simulator/overrides",
                json("{\"instance\":\"compute001\",\"metric\":\"up\",\"value\":0,\"ttl_seconds\":0}"),
                List.of(field("instance", ANY_VALID), field("rack_id", ANY_VALID), field("metric", NONE),
                        field("value", EnumSet.of(Kind.NUMBER, Kind.BOOL, Kind.STRING)),
                        field("ttl_seconds", EnumSet.of(Kind.NUMBER, Kind.BOOL, Kind.NULL, Kind.STRING)),
                        field("id", ANY_VALID)), false, false));
        // slurm.md §4.6: node and instance are required strings, nothing else is checked
        routes.add(new BodyRoute("POST", "/api/slurm/mapping",
                json("{\"entries\":[{\"node\":\"n1\",\"instance\":\"compute001\"}]}"),
                List.of(field("entries", EnumSet.of(Kind.ARRAY)), field("entries.0", NONE),
                        field("entries.0.node", STRINGS), field("entries.0.instance", STRINGS)), false, false));
        // slurm.md §4.8: any object; metrics_catalogs is not type-checked by the original (the port may refuse)
        // and the current list is kept when the key is absent
        routes.add(new BodyRoute("POST", "/api/slurm/metrics/catalog/config",
                json("{\"metrics_catalogs\":[\"metrics.yaml\"]}"),
                List.of(field("metrics_catalogs", ANY_VALID), field("metrics_catalogs.0", ANY_VALID)), true, false));
        writeBodyRoutes(routes);
        return routes;
    }

    /**
     * The write endpoints of ui-surface.md §3-§6 (topology, catalog, check and metric files, the setup wizard).
     * Strings are where the original takes strings (pydantic str: no number, bool or null converts); a set of
     * {@link #ANY_VALID} only says the route may accept the value, and every answer is still checked for its shape,
     * for no 5xx and for nothing written outside the tree. Names and ids that are traversal attempts must be refused:
     * ids go through the safe-id check (S13) and file names through the file-name check (core.md §4.3).
     */
    private static void writeBodyRoutes(List<BodyRoute> routes) throws IOException {
        Set<Kind> optStr = EnumSet.of(Kind.STRING, Kind.NULL);
        Set<Kind> integer = EnumSet.of(Kind.NUMBER, Kind.BOOL);
        routes.add(new BodyRoute("POST", "/api/topology/sites", json("{\"name\":\"Fuzz site\"}"),
                List.of(field("name", STRINGS), field("id", optStr)), false, false));
        routes.add(new BodyRoute("POST", "/api/topology/sites/nordvik/rooms", json("{\"name\":\"Fuzz room\"}"),
                List.of(field("name", STRINGS), field("id", optStr), field("description", ANY_VALID)), false, false));
        routes.add(new BodyRoute("POST", "/api/topology/rooms/hall-a/aisles/create",
                json("{\"aisles\":[{\"name\":\"Fuzz aisle\"}]}"),
                List.of(field("aisles", EnumSet.of(Kind.ARRAY)), field("aisles.0", NONE),
                        field("aisles.0.name", STRINGS), field("aisles.0.id", optStr)), false, false));
        routes.add(new BodyRoute("PUT", "/api/topology/rooms/hall-a/aisles",
                json("{\"aisles\":{\"row-1\":[\"r1-02\"]}}"),
                List.of(field("aisles", EnumSet.of(Kind.OBJECT)), field("aisles.row-1", EnumSet.of(Kind.ARRAY)),
                        field("aisles.row-1.0", STRINGS)), false, false));
        routes.add(new BodyRoute("PUT", "/api/topology/aisles/row-1/racks",
                json("{\"room_id\":\"hall-a\",\"racks\":[\"r1-02\"]}"),
                List.of(field("room_id", STRINGS), field("racks", EnumSet.of(Kind.ARRAY)),
                        field("racks.0", STRINGS)), false, false));
        routes.add(new BodyRoute("POST", "/api/topology/aisles/row-1/racks", json("{\"name\":\"Fuzz rack\"}"),
                List.of(field("name", STRINGS), field("id", optStr), field("template_id", optStr),
                        field("u_height", integer)), false, false));
        // ui-surface.md §3: template_id is optional, so an object without it clears the template (200)
        routes.add(new BodyRoute("PUT", "/api/topology/racks/r1-02/template", json("{\"template_id\":null}"),
                List.of(field("template_id", optStr)), true, false));
        routes.add(new BodyRoute("POST", "/api/topology/racks/r1-02/devices",
                json("{\"id\":\"fuzz-dev\",\"name\":\"Fuzz\",\"template_id\":\"x\",\"u_position\":40}"),
                List.of(field("id", STRINGS), field("name", STRINGS), field("template_id", STRINGS),
                        field("u_position", integer), field("instance", ANY_VALID)), false, false));
        routes.add(new BodyRoute("PUT", "/api/topology/racks/r1-02/devices",
                json("{\"devices\":[{\"id\":\"fuzz-d\",\"name\":\"Fuzz\",\"template_id\":\"x\",\"u_position\":40}]}"),
                List.of(field("devices", EnumSet.of(Kind.ARRAY)), field("devices.0", NONE),
                        field("devices.0.id", STRINGS), field("devices.0.u_position", integer)), false, false));
        routes.add(new BodyRoute("PUT", "/api/topology/racks/r1-02/devices/r1-02-enc1", json("{\"u_position\":1}"),
                List.of(field("u_position", integer)), false, false));
        routes.add(new BodyRoute("POST", "/api/catalog/templates",
                json("{\"kind\":\"device\",\"template\":{\"id\":\"fuzz-t\",\"name\":\"Fuzz\",\"type\":\"server\","
                        + "\"u_height\":1}}"),
                List.of(field("kind", NONE), field("template", EnumSet.of(Kind.OBJECT)), field("template.id", STRINGS),
                        field("template.name", STRINGS), field("template.u_height", integer)), false, false));
        routes.add(new BodyRoute("PUT", "/api/catalog/templates",
                json("{\"kind\":\"device\",\"template\":{\"id\":\"fuzz-t\",\"name\":\"Fuzz\",\"type\":\"server\","
                        + "\"u_height\":1}}"),
                List.of(field("kind", NONE), field("template", EnumSet.of(Kind.OBJECT)), field("template.id", STRINGS),
                        field("template.name", STRINGS), field("template.u_height", integer)), false, false));
        routes.add(new BodyRoute("POST", "/api/catalog/templates/validate",
                json("{\"kind\":\"device\",\"template\":{\"id\":\"fuzz-t\",\"name\":\"Fuzz\",\"type\":\"server\","
                        + "\"u_height\":1}}"),
                List.of(field("kind", NONE), field("template", EnumSet.of(Kind.OBJECT)), field("template.id", STRINGS),
                        field("template.u_height", integer)), false, false));
        routes.add(new BodyRoute("PUT", "/api/checks/files/fuzz.yaml", json("{\"content\":\"checks: []\\n\"}"),
                List.of(field("content", STRINGS)), false, false));
        routes.add(new BodyRoute("PUT", "/api/metrics/library/files/fuzz.yaml",
                json("{\"content\":\"id: fuzz_metric\\nexpr: up\\n\"}"),
                List.of(field("content", STRINGS)), false, false));
        // only whole bodies here: a valid name would switch the running server to a new profile (§6)
        routes.add(new BodyRoute("POST", "/api/setup/wizard/init-profile", json("{}"), List.of(), false, false));
        // ui-surface.md §1.5, auth off and no password (the test config): login answers 400, a first password may
        // be set from loopback when the policy accepts it, anyone may rename, the avatar is a data URL or null
        routes.add(new BodyRoute("POST", "/api/auth/login", json("{\"username\":\"admin\",\"password\":\"x\"}"),
                List.of(field("username", STRINGS), field("password", STRINGS)), false, false));
        routes.add(new BodyRoute("POST", "/api/auth/change-password",
                json("{\"current_password\":\"\",\"new_password\":\"x\"}"),
                List.of(field("current_password", STRINGS), field("new_password", STRINGS)), false, false));
        routes.add(new BodyRoute("POST", "/api/auth/change-username",
                json("{\"password\":\"\",\"new_username\":\"fuzz\"}"),
                List.of(field("password", STRINGS), field("new_username", STRINGS)), false, false));
        routes.add(new BodyRoute("PUT", "/api/auth/avatar", json("{\"avatar\":null}"),
                List.of(field("avatar", EnumSet.of(Kind.STRING, Kind.NULL))), true, false));
    }

    /**
     * Fields of PUT /api/config and the kinds core.md §1.2 declares for them, read the pydantic lax way (§0): an
     * int accepts true, a float accepts ints and true, a str accepts any string, a section accepts any object
     * (unknown keys ignored), an optional field accepts null.
     */
    private static List<FieldSpec> configFields() {
        Set<Kind> section = EnumSet.of(Kind.OBJECT);
        Set<Kind> str = STRINGS;
        Set<Kind> optStr = EnumSet.of(Kind.STRING, Kind.NULL);
        Set<Kind> integer = EnumSet.of(Kind.NUMBER, Kind.BOOL);
        Set<Kind> bool = EnumSet.of(Kind.BOOL);
        List<FieldSpec> fields = new ArrayList<>();
        for (String s : List.of("app", "refresh", "cache", "telemetry", "planner", "features", "auth", "map",
                "playlist", "plugins")) {
            fields.add(field(s, section));
        }
        fields.add(field("paths", section));
        // the legacy plugin sections are dict or null (core.md §1.2)
        fields.add(field("simulator", EnumSet.of(Kind.OBJECT, Kind.NULL)));
        fields.add(field("slurm", EnumSet.of(Kind.OBJECT, Kind.NULL)));
        fields.add(field("app.name", str));
        for (String p : List.of("topology", "templates", "checks", "metrics")) {
            // a path that loads nothing is accepted, except the topology, whose load must succeed (§3.6 step 4)
            fields.add(field("paths." + p, str));
        }
        fields.add(field("refresh.room_state_seconds", integer));
        fields.add(field("cache.ttl_seconds", integer));
        fields.add(field("telemetry.prometheus_url", optStr));
        fields.add(field("telemetry.prometheus_timeout_seconds", integer));
        fields.add(field("telemetry.identity_label", str));
        fields.add(field("telemetry.job_regex", str));
        fields.add(field("telemetry.basic_auth_user", optStr));
        fields.add(field("telemetry.basic_auth_password", optStr));
        fields.add(field("telemetry.tls_verify", bool));
        fields.add(field("telemetry.tls_ca_file", optStr));
        fields.add(field("telemetry.tls_key_file", optStr));
        fields.add(field("planner.unknown_state", NONE));
        fields.add(field("planner.max_ids_per_query", integer));
        fields.add(field("features.worldmap", bool));
        fields.add(field("auth.username", str));
        fields.add(field("auth.password_hash", optStr));
        fields.add(field("auth.trusted_networks", NONE));
        fields.add(field("map.center", section));
        fields.add(field("playlist.views", NONE));
        fields.add(field("plugins.simulator", section));
        fields.add(field("plugins.slurm", section));
        fields.add(field("plugins." + MARK, section));
        return fields;
    }

    /** Values for one field (JSON text): wrong types, huge values, unicode, traversal. */
    private List<Value> values() throws IOException {
        List<Value> v = new ArrayList<>();
        v.add(new Value("string", "\"s\"", Kind.STRING));
        v.add(new Value("empty string", "\"\"", Kind.STRING));
        v.add(new Value("int", "7", Kind.NUMBER));
        v.add(new Value("negative int", "-1", Kind.NUMBER));
        v.add(new Value("float", "2.5", Kind.NUMBER));
        v.add(new Value("400-digit int", "1" + "0".repeat(400), Kind.NUMBER));
        v.add(new Value("1e400 (no double holds it)", "1e400", Kind.INVALID));
        v.add(new Value("true", "true", Kind.BOOL));
        v.add(new Value("null", "null", Kind.NULL));
        v.add(new Value("array", "[1,\"a\",null,{}]", Kind.ARRAY));
        v.add(new Value("object", "{\"a\":{\"b\":[1,2]}}", Kind.OBJECT));
        v.add(new Value("1 MB string", quote("m".repeat(MB + 1)), Kind.STRING));
        // RTL override, Hebrew, Arabic, emoji (surrogate pair), combining accent, BOM, a lone surrogate, NUL
        v.add(new Value("unicode", "\"\\u202e\\u05d0\\u05d1 \\u0627\\u0644 \\ud83d\\ude00 e\\u0301 \\ufeff \\ud800 x\"",
                Kind.STRING));
        v.add(new Value("NUL escape", "\"a\\u0000b\"", Kind.STRING));
        v.add(new Value("traversal", quote("../../outside/" + MARK + ".yaml"), Kind.STRING));
        v.add(new Value("encoded traversal", quote("%2e%2e%2f%2e%2e%2foutside%2f" + MARK + ".yaml"), Kind.STRING));
        v.add(new Value("backslash traversal", quote("..\\..\\outside\\" + MARK + ".yaml"), Kind.STRING));
        v.add(new Value("absolute path", quote(work().resolve("outside/" + MARK + ".yaml").toString()), Kind.STRING));
        v.add(new Value("config/../secret.txt", quote("../secret.txt"), Kind.STRING));
        v.add(new Value("5000-character id", quote("a".repeat(5000)), Kind.STRING));
        v.add(new Value("5000 levels of nesting", "[".repeat(5000) + "]".repeat(5000), Kind.INVALID));
        return v;
    }

    /** Whole bodies for every body route; "object…" ones are objects without the route's keys. */
    private static Map<String, byte[]> wholeBodies() throws IOException {
        Map<String, byte[]> b = new LinkedHashMap<>();
        b.put("no body", new byte[0]);
        b.put("truncated JSON", utf8("{\"a\": [1, 2"));
        b.put("trailing garbage", utf8("{\"a\":1}x"));
        b.put("single quotes", utf8("{'a': 1}"));
        b.put("NaN literal", utf8("{\"a\": NaN}"));
        b.put("comment", utf8("{\"a\": 1 /* c */}"));
        b.put("NUL byte", new byte[] {'{', 0, '}'});
        b.put("invalid UTF-8", new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'});
        b.put("JSON array", utf8("[]"));
        b.put("JSON string", utf8("\"s\""));
        b.put("JSON number", utf8("1"));
        b.put("JSON null", utf8("null"));
        b.put("JSON true", utf8("true"));
        b.put("5000 nested arrays", utf8("[".repeat(5000) + "]".repeat(5000)));
        b.put("5000 nested objects", utf8("{\"a\":".repeat(5000) + "1" + "}".repeat(5000)));
        b.put("a number no double holds", utf8("{\"a\": [1, {\"b\": -1e400}]}"));
        b.put("object with an unknown key", utf8("{\"" + MARK + "\": 1}"));
        b.put("object with a 1 MB string", utf8("{\"x\": " + quote("m".repeat(MB + 1)) + "}"));
        b.put("object with unicode keys", utf8("{\"\\u202e\\ud83d\\ude00\": 1, \"\\u0000\": 2}"));
        return b;
    }

    /** Bad path segments, as sent on the wire (already encoded where they are). */
    private Map<String, String> badPathSegments() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("..", "..");
        p.put("%2e%2e", "%2e%2e");
        p.put("%2e%2e%2f%2e%2e%2fsecret.txt", "%2e%2e%2f%2e%2e%2fsecret.txt");
        p.put("../../secret.txt (unencoded)", "../../secret.txt");
        p.put("..%2F..%2Foutside%2Fa.yaml", "..%2F..%2Foutside%2Fa.yaml");
        p.put("..%5C..%5Csecret.txt", "..%5C..%5Csecret.txt");
        p.put("..\\..\\secret.txt (raw backslash)", "..\\..\\secret.txt");
        p.put("absolute path, encoded", work().resolve("secret.txt").toString().replace("/", "%2F"));
        p.put("%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd");
        p.put("NUL (a%00b)", "a%00b");
        p.put("emoji", "%F0%9F%98%80");
        p.put("RTL override, Hebrew, Arabic", "%E2%80%AE%D7%90%D8%A7");
        p.put("BOM", "%EF%BB%BF");
        p.put("invalid UTF-8 (%ff%fe)", "%ff%fe");
        p.put("lone %", "%");
        p.put("%25", "%25");
        p.put("path parameter (x;y=1)", "x;y=1");
        p.put("upper case and space", "UPPER%20CASE");
        p.put("5000-character id", "a".repeat(5000));
        p.put("20000-character id", "b".repeat(20000));
        return p;
    }

    /** Bad query values, as sent on the wire. */
    private Map<String, String> badQueryValues() {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("empty", "");
        q.put("../../secret.txt", "..%2F..%2Fsecret.txt");
        q.put("absolute path", work().resolve("secret.txt").toString().replace("/", "%2F"));
        q.put("backslashes", "..%5C..%5C" + MARK);
        q.put("RTL override, Hebrew", "%E2%80%AE%D7%90");
        q.put("emoji", "%F0%9F%98%80");
        q.put("NUL", "a%00b");
        q.put("invalid UTF-8", "%ff%fe");
        q.put("negative", "-1");
        q.put("400 digits", "9".repeat(400));
        q.put("1e400", "1e400");
        q.put("NaN", "NaN");
        q.put("lone %", "%");
        q.put("6000 characters", "a".repeat(6000));
        q.put("1 MB", "a".repeat(MB + 1));
        return q;
    }

    private String firstSlurmMetric() {
        Http.Resp catalog = http().get("/api/slurm/metrics/catalog");
        if (catalog.status() == 200 && catalog.json().path("metrics").size() > 0) {
            return catalog.json().get("metrics").get(0).path("id").asText("slurm_nodes_total");
        }
        return "slurm_nodes_total";
    }

    private String createMaintenance() {
        Http.Resp created = http().post("/api/maintenances",
                "{\"target_type\":\"rack\",\"target_id\":\"r1-02\",\"reason\":\"fuzz target\"}");
        assertEquals(created.body(), 201, created.status());
        return created.json().get("id").asText();
    }

    // ================================================================== checks

    /**
     * Records why {@code r} breaks the contract: a 5xx or no answer; a 4xx whose body is not JSON with
     * {@code detail} (422: the full validation shape); a 2xx where the input must be refused; a response
     * that shows a sentinel file's content.
     */
    private static void check(List<String> failures, String what, Resp r, boolean ok2xx, boolean upstream) {
        String problem = problem(r, ok2xx, upstream);
        if (problem != null && r.status() == 422 && what.contains(" /api/auth/")) {
            // ui-surface.md §1.3, §1.5: the password policy and the user name checks answer 422 {"detail": "<msg>"}
            JsonNode j = parse(r.body());
            problem = j != null && j.path("detail").isTextual() ? null : problem;
        }
        if (problem != null) {
            failures.add(what + ": " + problem + " [" + r.status() + " " + abbreviate(r.body()) + "]");
        }
    }

    private static String problem(Resp r, boolean ok2xx, boolean upstream) {
        if (r.status() < 0) {
            return "no answer (" + r.body() + ")";
        }
        if (r.body().contains(SENTINEL)) {
            return "the answer shows a file outside the configuration tree";
        }
        if (upstream && (r.status() == 502 || r.status() == 504)) {
            // core.md §7.1: 502 "Cannot reach Prometheus: …" / "Prometheus returned HTTP …", 504 on a timeout
            JsonNode j = parse(r.body());
            return j != null && j.path("detail").asText().contains("Prometheus") ? null
                    : "502/504 without the Prometheus detail";
        }
        if (r.status() >= 500) {
            return "server error";
        }
        if (r.status() < 300) {
            if (!ok2xx) {
                return "accepted, but the contract refuses this input";
            }
            return r.status() == 204 || parse(r.body()) != null ? null : "2xx body is not JSON";
        }
        if (r.status() < 400) {
            return "redirect";
        }
        JsonNode j = parse(r.body());
        if (j == null || !j.isObject()) {
            return "4xx body is not a JSON object";
        }
        String type = r.header("content-type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            return "4xx Content-Type is " + type;
        }
        if (r.status() == 422) {
            if (!"Validation error".equals(j.path("error").asText()) || !j.path("detail").isArray()
                    || j.path("detail").isEmpty() || !j.path("path").isTextual()) {
                return "422 without the validation body {error, detail: [...], path}";
            }
            for (JsonNode e : j.get("detail")) {
                if (!e.path("type").isTextual() || !e.path("loc").isArray() || !e.path("msg").isTextual()
                        || !e.has("input")) {
                    return "422 detail entry without type, loc, msg and input: " + e;
                }
            }
            return null;
        }
        JsonNode detail = j.get("detail");
        if (detail == null || detail.isNull() || !(detail.isTextual() || detail.isObject())) {
            return "4xx without detail";
        }
        return null;
    }

    private static void checkDetail(List<String> failures, String what, Resp r, int status, String detail) {
        JsonNode j = parse(r.body());
        if (r.status() != status || j == null || !detail.equals(j.path("detail").asText())) {
            failures.add(what + ": expected " + status + " \"" + detail + "\" [" + r.status() + " "
                    + abbreviate(r.body()) + "]");
        }
    }

    private static void checkStatus(List<String> failures, String what, Resp r, int status) {
        String problem = problem(r, false, false);
        if (r.status() != status || problem != null) {
            failures.add(what + ": expected " + status + " with detail [" + r.status() + " " + abbreviate(r.body())
                    + "]" + (problem == null ? "" : " " + problem));
        }
    }

    // ================================================================== sentinel and configuration

    @FunctionalInterface
    private interface Body {
        void run(List<String> failures) throws Exception;
    }

    /**
     * Runs {@code body} between two checksums of everything outside {@code config/}, then puts the
     * configuration back as the server started with it. Fails with every recorded contract break.
     */
    private void guarded(Body body) throws Exception {
        if (pristine == null) {
            awaitLong("server up on the example", () -> http().get("/api/racks/r1-02").status() == 200
                    && registryHas("simulator"));
            pristine = snapshot(configDir());
            pluginsAtStart = registeredPlugins();
        }
        writeSentinel();
        Map<String, String> before = outsideConfig();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        try {
            body.run(failures);
        } finally {
            restoreConfig();
        }
        Map<String, String> after = outsideConfig();
        List<String> touched = new ArrayList<>();
        for (Map.Entry<String, String> e : after.entrySet()) {
            if (!before.containsKey(e.getKey())) {
                touched.add("new file " + e.getKey());
            } else if (!before.get(e.getKey()).equals(e.getValue())) {
                touched.add("changed " + e.getKey());
            }
        }
        for (String file : before.keySet()) {
            if (!after.containsKey(file)) {
                touched.add("deleted " + file);
            }
        }
        touched.addAll(strayMarkedFiles());
        assertTrue("files outside the configuration tree were touched: " + touched, touched.isEmpty());
        if (!failures.isEmpty()) {
            StringBuilder sb = new StringBuilder(failures.size() + " answers broke the contract:");
            failures.stream().limit(60).forEach(f -> sb.append("\n  ").append(f));
            fail(sb.toString());
        }
    }

    private void writeSentinel() throws IOException {
        Path outside = work().resolve("outside");
        Files.createDirectories(outside.resolve("deep"));
        for (String name : List.of("a.yaml", "b.txt", "deep/c.yml")) {
            Path f = outside.resolve(name);
            if (!Files.exists(f)) {
                Files.writeString(f, "sentinel: " + SENTINEL + "\n", StandardCharsets.UTF_8);
            }
        }
        Path secret = configDir().resolve("../secret.txt").normalize();
        if (!Files.exists(secret)) {
            Files.writeString(secret, "password: " + SENTINEL + "\n", StandardCharsets.UTF_8);
        }
    }

    /** sha-256 and modification time of every file under the work folder except {@code config/}. */
    private Map<String, String> outsideConfig() throws IOException {
        Map<String, String> out = new TreeMap<>();
        Path work = work();
        Path config = configDir();
        try (Stream<Path> walk = Files.walk(work)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (p.startsWith(config) || Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                out.put(work.relativize(p).toString(), sha256(p) + "@" + Files.getLastModifiedTime(p,
                        LinkOption.NOFOLLOW_LINKS).toMillis());
            }
        }
        return out;
    }

    /** Files named with this run's mark anywhere the inputs could reach: beside the work folder, and at the root. */
    private List<String> strayMarkedFiles() throws IOException {
        List<String> stray = new ArrayList<>();
        for (Path dir : List.of(work().getParent(), work(), Path.of("/"), Path.of(System.getProperty("user.dir")))) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
                for (Path p : s) {
                    if (p.getFileName().toString().contains(MARK)) {
                        stray.add("stray file " + p);
                    }
                }
            } catch (IOException | SecurityException e) {
                // not listable: nothing could have been written there by the server either
            }
        }
        try (Stream<Path> walk = Files.walk(work())) {
            walk.filter(p -> !p.startsWith(configDir()) && p.getFileName().toString().contains(MARK))
                    .forEach(p -> stray.add("stray file " + p));
        }
        return stray;
    }

    private static Map<String, byte[]> snapshot(Path dir) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    out.put(dir.relativize(p).toString(), Files.readAllBytes(p));
                }
            }
        }
        return out;
    }

    /** Puts the configuration folder back as the server started on it and waits until the server serves it. */
    private void restoreConfig() throws IOException {
        Path config = configDir();
        boolean changed = false;
        List<Path> extra = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(config)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                boolean file = Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(p);
                if (file && !pristine.containsKey(config.relativize(p).toString())) {
                    extra.add(p);
                }
            }
        }
        for (Path p : extra) {
            Files.deleteIfExists(p);
            changed = true;
        }
        for (Map.Entry<String, byte[]> e : pristine.entrySet()) {
            Path p = config.resolve(e.getKey());
            if (!Files.exists(p) || !java.util.Arrays.equals(Files.readAllBytes(p), e.getValue())) {
                Files.createDirectories(p.getParent());
                Path tmp = p.resolveSibling("." + p.getFileName() + ".restore");
                Files.write(tmp, e.getValue());
                Files.move(tmp, p, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                changed = true;
            }
        }
        if (!changed) {
            return;
        }
        String appName = "Rackscope";
        awaitLong("the server back on the example configuration", () -> {
            Http.Resp status = http().get("/api/system/status");
            if (status.status() != 200) {
                return false;
            }
            JsonNode s = status.json();
            return s.path("config").path("error").isNull() && s.path("snapshot").path("error").isNull()
                    && appName.equals(http().get("/api/config").json().path("app").path("name").asText())
                    && registeredPlugins().equals(pluginsAtStart);
        });
        sleep(500); // let the bridge's last reconfiguration reach the plugins
    }

    private Set<String> registeredPlugins() {
        Set<String> ids = new LinkedHashSet<>();
        Http.Resp list = http().get("/api/plugins");
        if (list.status() == 200) {
            list.json().path("plugins").forEach(p -> ids.add(p.path("id").asText()));
        }
        return ids;
    }

    private static void awaitLong(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                // not answering yet
            }
            sleep(50);
        }
        fail("timed out waiting for: " + what);
    }

    // ================================================================== JSON helpers

    private static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    private static String quote(String s) throws IOException {
        return JSON.writeValueAsString(s);
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isEmpty() ? null : JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    /** {@code base} with the field at the dotted {@code path} replaced by the raw JSON {@code valueJson}. */
    private static String withValue(JsonNode base, String path, String valueJson) {
        JsonNode copy = base.deepCopy();
        String[] parts = path.split("\\.");
        JsonNode node = copy;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode next = node.isArray() ? node.get(Integer.parseInt(parts[i])) : node.get(parts[i]);
            if (next == null || !next.isContainerNode()) {
                next = JSON.createObjectNode();
                ((ObjectNode) node).set(parts[i], next);
            }
            node = next;
        }
        String last = parts[parts.length - 1];
        if (node.isArray()) {
            ((ArrayNode) node).set(Integer.parseInt(last), PLACEHOLDER);
        } else {
            ((ObjectNode) node).put(last, PLACEHOLDER);
        }
        return copy.toString().replace("\"" + PLACEHOLDER + "\"", valueJson);
    }

    @SafeVarargs
    private static <T> Map<T, T> ordered(T... kv) {
        Map<T, T> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String abbreviate(String s) {
        String one = s.replace('\n', ' ');
        return one.length() <= 240 ? one : one.substring(0, 240) + "…(" + one.length() + " chars)";
    }

    private static String sha256(Path p) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(Files.isSymbolicLink(p)
                    ? utf8(Files.readSymbolicLink(p).toString()) : Files.readAllBytes(p)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] nineMegabytes() {
        byte[] body = new byte[9 * MB];
        java.util.Arrays.fill(body, (byte) 'n');
        byte[] head = utf8("{\"x\":\"");
        System.arraycopy(head, 0, body, 0, head.length);
        body[body.length - 2] = '"';
        body[body.length - 1] = '}';
        return body;
    }

    // ================================================================== the wire

    /** A response read off the socket; {@code status} -1 when there was none ({@code body} says why). */
    private record Resp(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private int port() {
        return Integer.parseInt(context.getProperty("org.osgi.service.http.port"));
    }

    /**
     * Sends {@code method rawPath} exactly as written, with a JSON body when {@code body} is not null. A large
     * request is written by a second thread while this one reads: the server may answer (414, 413) and close
     * before it has read everything.
     */
    private Resp send(String method, String rawPath, byte[] body) {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            StringBuilder head = new StringBuilder();
            head.append(method).append(' ').append(rawPath).append(" HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1:").append(port()).append("\r\n")
                    .append("Connection: close\r\n");
            if (body != null) {
                head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
            Runnable write = () -> {
                try {
                    out.write(headBytes);
                    if (body != null) {
                        out.write(body);
                    }
                    out.flush();
                } catch (IOException e) {
                    // the server answered and closed before reading everything: its answer is read below
                }
            };
            Thread writer = null;
            if (headBytes.length + (body == null ? 0 : body.length) > 65536) {
                writer = new Thread(write, "request-writer");
                writer.setDaemon(true);
                writer.start();
            } else {
                write.run();
            }
            Resp r = readResponse(socket.getInputStream());
            if (writer != null) {
                writer.join(10_000);
            }
            return r;
        } catch (IOException e) {
            return new Resp(-1, Map.of(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Resp(-1, Map.of(), e.toString());
        }
    }

    /** A body announced with its length and {@code Expect: 100-continue}: sent only if the server asks for it. */
    private Resp sendExpectContinue(String method, String path, byte[] body) {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port() + "\r\nConnection: close\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n"
                    + "Expect: 100-continue\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            Resp first = readResponse(in);
            if (first.status() != 100) {
                return first;
            }
            writeQuietly(out, body);
            return readResponse(in);
        } catch (IOException e) {
            return new Resp(-1, Map.of(), e.toString());
        }
    }

    /** A chunked body without a length: the server must stop reading and answer 413 on its own. */
    private Resp sendChunked(String method, String path, byte[] body) {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port() + "\r\nConnection: close\r\n"
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            Thread writer = new Thread(() -> {
                try {
                    for (int off = 0; off < body.length; off += 65536) {
                        int n = Math.min(65536, body.length - off);
                        out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                        out.write(body, off, n);
                        out.write(utf8("\r\n"));
                    }
                    out.write(utf8("0\r\n\r\n"));
                    out.flush();
                } catch (IOException e) {
                    // the server answered and closed before the end: expected
                }
            }, "chunked-writer");
            writer.setDaemon(true);
            writer.start();
            Resp r = readResponse(socket.getInputStream());
            writer.join(10_000);
            return r;
        } catch (IOException e) {
            return new Resp(-1, Map.of(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Resp(-1, Map.of(), e.toString());
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port()), 5_000);
        socket.setSoTimeout(90_000);
        return socket;
    }

    private static void writeQuietly(OutputStream out, byte[] body) {
        try {
            out.write(body);
            out.flush();
        } catch (IOException e) {
            // the server may close early
        }
    }

    private static Resp readResponse(InputStream in) throws IOException {
        try {
            String statusLine = readLine(in);
            if (statusLine == null) {
                return new Resp(-1, Map.of(), "connection closed without an answer");
            }
            String[] parts = statusLine.split(" ", 3);
            int status = Integer.parseInt(parts[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
                }
            }
            if (status == 100) {
                return new Resp(100, headers, "");
            }
            byte[] body;
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                for (String size = readLine(in); size != null; size = readLine(in)) {
                    int n = Integer.parseInt(size.split(";")[0].trim(), 16);
                    if (n == 0) {
                        break;
                    }
                    buf.write(in.readNBytes(n));
                    readLine(in);
                }
                body = buf.toByteArray();
            } else if (headers.containsKey("content-length")) {
                body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
            } else {
                body = in.readAllBytes();
            }
            return new Resp(status, headers, new String(body, StandardCharsets.UTF_8));
        } catch (SocketTimeoutException e) {
            return new Resp(-1, Map.of(), "no answer within 90 s");
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int c = in.read(); c >= 0; c = in.read()) {
            if (c == '\n') {
                byte[] b = line.toByteArray();
                int len = b.length > 0 && b[b.length - 1] == '\r' ? b.length - 1 : b.length;
                return new String(b, 0, len, StandardCharsets.ISO_8859_1);
            }
            line.write(c);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }
}
