package dev.rackscope.itest.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.After;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;

import dev.rackscope.itest.Http;
import dev.rackscope.itest.RackscopeTestSupport;
import dev.rackscope.itest.TestConfig;

/**
 * End to end with a real Prometheus (Debian package) started by the test, scraping a fixture exporter the
 * test serves: node, rack and room states and alerts for OK, WARN, CRIT and missing series, a {@code for}
 * check that fires and clears, Prometheus killed and restarted.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HealthEndToEndIT extends RackscopeTestSupport {

    private static final String UP = "up{instance=\"%s\",job=\"node\"}";
    private static final String TEMP = "node_temperature_celsius{instance=\"%s\",job=\"node\"}";
    private static final String HEALTH = "node_health_status{instance=\"%s\",job=\"node\"}";
    private static final String PDU = "pdu_watts{rack_id=\"%s\",job=\"pdu\"}";

    private FixtureExporter exporter;
    private PrometheusProcess prometheus;
    private Path binary;

    @Configuration
    public Option[] config() throws IOException {
        return runtimeOptions();
    }

    @Before
    public void startPrometheus() throws Exception {
        binary = PrometheusProcess.find();
        Assume.assumeTrue("prometheus is not installed (apt-get install prometheus): end-to-end test skipped",
                binary != null);
        exporter = new FixtureExporter();
        for (String n : List.of("n1", "n2", "n3", "n4")) {
            exporter.set(String.format(UP, n), 1);
            exporter.set(String.format(TEMP, n), 40);
            exporter.set(String.format(HEALTH, n), 0);
        }
        exporter.set(String.format(PDU, "ra"), 500);
        exporter.set(String.format(PDU, "rb"), 500);
        prometheus = PrometheusProcess.start(binary, Files.createTempDirectory(work(), "prometheus-"),
                List.of(exporter.target()),
                "/metrics");
        writeConfig(prometheus.url());
        await("config with topology loaded", () -> http().get("/api/rooms").json().size() == 1);
        await("every node OK and no alert left from an earlier test", () -> {
            JsonNode a = rackState("ra").get("nodes");
            JsonNode b = rackState("rb").get("nodes");
            return a.size() == 2 && b.size() == 2 && a.toString().split("\"state\":\"OK\"").length == 3
                    && b.toString().split("\"state\":\"OK\"").length == 3
                    && http().get("/api/alerts/active").json().get("alerts").size() == 0;
        });
    }

    @After
    public void stopPrometheus() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
        if (exporter != null) {
            exporter.close();
        }
    }

    private void writeConfig(String prometheusUrl) throws IOException {
        Path c = configDir();
        writeFile(c.resolve("topology/sites.yaml"), "sites:\n  - id: s1\n    name: Site 1\n    rooms: [r1]\n");
        writeFile(c.resolve("topology/datacenters/s1/rooms/r1/room.yaml"),
                "id: r1\nname: Room 1\naisles:\n  - {id: a1, name: Aisle 1}\n");
        writeFile(c.resolve("topology/datacenters/s1/rooms/r1/aisles/a1/aisle.yaml"), "racks: [ra, rb]\n");
        writeFile(c.resolve("topology/datacenters/s1/rooms/r1/aisles/a1/racks/ra.yaml"),
                "id: ra\nname: Rack A\ntemplate_id: frame\ndevices:\n"
                        + "  - {id: da, name: Chassis A, template_id: twin, u_position: 1, instance: {1: n1, 2: n2}}\n");
        writeFile(c.resolve("topology/datacenters/s1/rooms/r1/aisles/a1/racks/rb.yaml"),
                "id: rb\nname: Rack B\ntemplate_id: frame\ndevices:\n"
                        + "  - {id: db, name: Chassis B, template_id: twin, u_position: 1, instance: \"n[3-4]\"}\n");
        writeFile(c.resolve("templates/devices/twin.yaml"), "templates:\n  - id: twin\n    name: Twin\n"
                + "    u_height: 2\n    checks: [node_up, node_temp, node_health]\n");
        writeFile(c.resolve("templates/racks/frame.yaml"), "rack_templates:\n  - id: frame\n    name: Frame\n"
                + "    checks: [rack_power]\n");
        writeFile(c.resolve("checks/library/checks.yaml"), "checks:\n"
                + "  - {id: node_up, name: Node up, scope: node, expr: 'up{job=~\"$jobs\",instance=~\"$instances\"}',"
                + " rules: [{op: '==', value: 0, severity: CRIT}]}\n"
                + "  - {id: node_temp, name: Temperature, scope: node, output: numeric,"
                + " expr: 'node_temperature_celsius{instance=~\"$instances\"}',"
                + " rules: [{op: '>', value: 70, severity: WARN}, {op: '>', value: 90, severity: CRIT}]}\n"
                + "  - {id: node_health, name: Health, scope: node, output: numeric, for: 3s,"
                + " expr: 'node_health_status{instance=~\"$instances\"}', rules: [{op: '>=', value: 2, severity: CRIT}]}\n"
                + "  - {id: rack_power, name: Rack power, scope: rack, output: numeric,"
                + " expr: 'sum by (rack_id) (pdu_watts{rack_id=~\"$racks\"})', rules: [{op: '>', value: 1000, severity: WARN}]}\n");
        writeFile(c.resolve("app.yaml"), TestConfig.APP_YAML + "telemetry:\n  prometheus_url: " + prometheusUrl
                + "\n  job_regex: node\n  prometheus_timeout_seconds: 2\n  prometheus_heartbeat_seconds: 10\n"
                + "cache:\n  ttl_seconds: 1\n  health_checks_ttl_seconds: 1\n  metrics_ttl_seconds: 1\n"
                + "  service_ttl_seconds: 1\nplanner:\n  cache_ttl_seconds: 1\n  max_ids_per_query: 2\n");
        Files.createDirectories(c.resolve("metrics/library"));
    }

    private JsonNode roomState() {
        return http().get("/api/rooms/r1/state").json();
    }

    private JsonNode rackState(String rack) {
        return http().get("/api/racks/" + rack + "/state").json();
    }

    private String nodeState(String rack, String node) {
        JsonNode n = rackState(rack).get("nodes").get(node);
        return n == null ? null : n.get("state").asText();
    }

    @Test
    public void statesAndAlertsFollowPrometheusThroughOkWarnCritAndMissingSeries() throws Exception {
        await("all OK", () -> "OK".equals(nodeState("ra", "n1")) && "OK".equals(rackState("rb").get("state").asText()));
        assertEquals("OK", roomState().get("state").asText());
        assertEquals(0, http().get("/api/alerts/active").json().get("alerts").size());

        exporter.set(String.format(TEMP, "n2"), 80);
        await("n2 WARN", () -> "WARN".equals(nodeState("ra", "n2")));
        assertEquals("WARN", rackState("ra").get("state").asText());
        // each endpoint caches its answer for service_ttl_seconds (1 s here): they agree within that time
        await("room WARN", () -> "WARN".equals(roomState().get("state").asText()));
        await("one alert", () -> http().get("/api/alerts/active").json().get("alerts").size() == 1);
        JsonNode alerts = http().get("/api/alerts/active").json().get("alerts");
        assertEquals(alerts.toString(), 1, alerts.size());
        assertEquals("n2", alerts.get(0).get("node_id").asText());
        assertEquals("ra", alerts.get(0).get("rack_id").asText());
        assertEquals("node_temp", alerts.get(0).get("checks").get(0).get("id").asText());

        exporter.set(String.format(UP, "n3"), 0);
        await("n3 CRIT", () -> "CRIT".equals(nodeState("rb", "n3")));
        assertEquals("CRIT", rackState("rb").get("state").asText());
        await("room CRIT", () -> "CRIT".equals(roomState().get("state").asText()));
        await("rooms CRIT", () -> "CRIT".equals(http().get("/api/rooms/states").json().get("r1").asText()));
        await("global CRIT", () -> "CRIT".equals(http().get("/api/stats/global").json().get("status").asText()));
        JsonNode global = http().get("/api/stats/global").json();
        assertEquals(1, global.get("crit_count").asInt());
        assertEquals(1, global.get("warn_count").asInt());
        assertEquals("CRIT", global.get("status").asText());

        exporter.set(String.format(PDU, "ra"), 2000);
        await("rack check WARN", () -> rackState("ra").get("alerts").toString().contains("rack_power"));

        // Missing series: every check of n4 loses its data and n4 becomes UNKNOWN.
        exporter.remove(String.format(UP, "n4"));
        exporter.remove(String.format(TEMP, "n4"));
        exporter.remove(String.format(HEALTH, "n4"));
        await("n4 UNKNOWN", () -> "UNKNOWN".equals(nodeState("rb", "n4")));

        exporter.set(String.format(UP, "n3"), 1);
        exporter.set(String.format(TEMP, "n2"), 40);
        exporter.set(String.format(PDU, "ra"), 500);
        await("recovered", () -> "OK".equals(nodeState("rb", "n3")) && "OK".equals(nodeState("ra", "n2")));
    }

    @Test
    public void aForCheckFiresAfterItsDurationStaysFiredAndClears() throws Exception {
        await("n1 OK", () -> "OK".equals(nodeState("ra", "n1")));
        exporter.set(String.format(HEALTH, "n1"), 2);
        long start = System.nanoTime();
        await("n1 CRIT after the for duration", () -> "CRIT".equals(nodeState("ra", "n1")));
        assertTrue("not before 3 s", System.nanoTime() - start >= 3_000_000_000L);
        // Fired: stays CRIT on the following cycles (the original flapped back to the held state).
        for (int i = 0; i < 5; i++) {
            sleep(600);
            assertEquals("CRIT", nodeState("ra", "n1"));
        }
        exporter.set(String.format(HEALTH, "n1"), 0);
        await("n1 clears", () -> "OK".equals(nodeState("ra", "n1")));
    }

    @Test
    public void prometheusDownMakesStatesUnknownWithoutFailingAndRecovers() throws Exception {
        await("n1 OK", () -> "OK".equals(nodeState("ra", "n1")));
        prometheus.stop();
        await("n1 UNKNOWN", () -> "UNKNOWN".equals(nodeState("ra", "n1")));
        assertEquals(200, http().get("/api/rooms/r1/state").status());
        await("rooms ignore UNKNOWN racks", () -> "OK".equals(roomState().get("state").asText()));
        assertEquals(200, http().get("/api/alerts/active").status());
        Http.Resp stats = http().get("/api/stats/prometheus");
        assertEquals(200, stats.status());
        prometheus = prometheus.restart(binary, List.of(exporter.target()), "/metrics");
        await("recovered", () -> "OK".equals(nodeState("ra", "n1")));
        assertFalse(rackState("ra").get("state").asText().equals("UNKNOWN"));
    }

    @Test
    public void maintenanceWindowsHideOrBadgeAlertsAndDataEndpointsQueryPrometheus() throws Exception {
        exporter.set(String.format(TEMP, "n2"), 80);
        await("n2 alert", () -> http().get("/api/alerts/active").json().get("alerts").size() == 1);
        Http.Resp created = http().post("/api/maintenances",
                "{\"target_type\": \"rack\", \"target_id\": \"ra\", \"reason\": \"swap PSU\", \"effect\": \"hide\"}");
        assertEquals(created.body(), 201, created.status());
        String id = created.json().get("id").asText();
        assertEquals("hidden at once (the alerts cache is invalidated)", 0,
                http().get("/api/alerts/active").json().get("alerts").size());
        http().put("/api/maintenances/" + id, "{\"effect\": \"badge\"}");
        JsonNode badged = http().get("/api/alerts/active").json().get("alerts");
        assertEquals(1, badged.size());
        assertEquals("swap PSU", badged.get(0).get("maintenance").get("reason").asText());
        assertEquals(204, http().delete("/api/maintenances/" + id).status());
        assertFalse(http().get("/api/alerts/active").json().get("alerts").get(0).has("maintenance"));

        JsonNode test = http().post("/api/checks/test",
                "{\"expr\": \"up{instance=\\\"$node\\\"}\", \"variables\": {\"node\": \"n1\"}}").json();
        assertEquals("up{instance=\"n1\"}", test.get("expr").asText());
        assertEquals("success", test.get("prometheus").get("status").asText());
        assertEquals(400, http().post("/api/checks/test", "{\"expr\": \"  \"}").status());

        JsonNode telemetry = http().get("/api/stats/telemetry").json();
        assertTrue(telemetry.get("query_count").asLong() > 0);
        assertTrue(telemetry.get("last_batch").get("query_count").asInt() > 0);
        JsonNode prom = http().get("/api/stats/prometheus").json();
        assertTrue(prom.get("last_ms").isNumber());
    }

    @Test
    public void unknownRoomAndRackIds404() {
        Http.Resp room = http().get("/api/rooms/nope/state");
        assertEquals(404, room.status());
        assertEquals("Room nope not found", room.json().get("detail").asText());
        Http.Resp rack = http().get("/api/racks/nope/state");
        assertEquals(404, rack.status());
        assertEquals("Rack nope not found", rack.json().get("detail").asText());
    }
}
