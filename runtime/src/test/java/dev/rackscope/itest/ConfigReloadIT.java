package dev.rackscope.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The core model on the project's example configuration, under a running server: live edits give a
 * new snapshot, a broken file keeps the old one and is reported, concurrent readers never see half a
 * reload, and {@code PUT /api/config} validates before it writes.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConfigReloadIT extends RackscopeTestSupport {

    @javax.inject.Inject
    private org.osgi.service.cm.ConfigurationAdmin configAdmin;

    private static final String RACK_FILE = "topology/datacenters/nordvik/rooms/hall-a/aisles/row-1/racks/r1-02.yaml";

    @Configuration
    public Option[] config() throws IOException {
        return runtimeOptions(true, true);
    }

    @Test
    public void exampleConfigurationIsServed() {
        JsonNode sites = http().get("/api/sites").json();
        assertEquals(2, sites.size());
        assertEquals("nordvik", sites.get(0).get("id").asText());
        JsonNode rooms = http().get("/api/rooms").json();
        assertEquals(2, rooms.size());
        assertEquals("hall-a", rooms.get(0).get("id").asText());
        assertEquals("nordvik", rooms.get(0).get("site_id").asText());
        JsonNode aisles = rooms.get(0).get("aisles");
        assertEquals("standalone racks come as a virtual aisle", "hall-a-standalone",
                aisles.get(aisles.size() - 1).get("id").asText());
        JsonNode rack = http().get("/api/racks/r1-02").json();
        assertEquals("Rack R1-02", rack.get("name").asText());
        assertEquals("compute[017-032]", rack.get("devices").get(0).get("instance").asText());
        JsonNode device = http().get("/api/racks/r1-02/devices/r1-02-enc1").json();
        assertEquals("blade-10u-16", device.get("template").get("id").asText());
        assertEquals("row-1", device.get("aisle").get("id").asText());
        assertEquals("nordvik", device.get("site").get("id").asText());
        JsonNode layout = http().get("/api/rooms/hall-a/layout").json();
        assertEquals("hall-a", layout.get("id").asText());
        assertTrue(layout.has("standalone_racks"));
        JsonNode catalog = http().get("/api/catalog").json();
        assertEquals(12, catalog.get("device_templates").size());
        assertEquals(2, catalog.get("rack_templates").size());
        assertEquals(2, catalog.get("rack_component_templates").size());
        assertEquals(19, http().get("/api/checks").json().get("checks").size());
        assertEquals(5, http().get("/api/metrics/library").json().get("count").asInt());
        assertEquals(6, http().get("/api/checks/files").json().get("files").size());
    }

    @Test
    public void everyCoreReadEndpointAnswersWithTheOriginalShape() {
        JsonNode env = http().get("/api/env").json();
        for (String key : new String[] {"RACKSCOPE_APP_CONFIG", "RACKSCOPE_CONFIG_DIR", "RACKSCOPE_CONFIG",
            "RACKSCOPE_TEMPLATES", "RACKSCOPE_CHECKS", "PROMETHEUS_URL", "PROMETHEUS_CACHE_TTL"}) {
            assertTrue(key, env.has(key));
        }
        JsonNode site = http().get("/api/sites").json().get(0);
        for (String key : new String[] {"id", "name", "description", "location", "rooms"}) {
            assertTrue("site." + key, site.has(key));
        }
        JsonNode rack = http().get("/api/racks/r1-02").json();
        for (String key : new String[] {"id", "name", "template_id", "u_height", "aisle_id", "devices"}) {
            assertTrue("rack." + key, rack.has(key));
        }
        JsonNode device = rack.get("devices").get(0);
        for (String key : new String[] {"id", "name", "template_id", "u_position", "instance", "nodes", "labels"}) {
            assertTrue("device." + key, device.has(key));
        }
        JsonNode check = http().get("/api/checks").json().get("checks").get(0);
        for (String key : new String[] {"id", "name", "scope", "expr", "output", "selectors", "rules", "kind", "for"}) {
            assertTrue("check." + key, check.has(key));
        }
        JsonNode metric = http().get("/api/metrics/library").json().get("metrics").get(0);
        for (String key : new String[] {"id", "name", "description", "metric", "labels", "display", "category", "tags"}) {
            assertTrue("metric." + key, metric.has(key));
        }
        String metricId = metric.get("id").asText();
        assertEquals(metricId, http().get("/api/metrics/library/" + metricId).json().get("id").asText());
        JsonNode categories = http().get("/api/metrics/categories").json().get("categories");
        assertTrue(categories.size() > 0);
        assertTrue(http().get("/api/metrics/tags").json().get("tags").isArray());
        JsonNode libraryFiles = http().get("/api/metrics/library/files").json().get("files");
        String fileName = libraryFiles.get(0).get("name").asText();
        JsonNode file = http().get("/api/metrics/library/files/" + fileName).json();
        assertEquals(fileName, file.get("name").asText());
        assertTrue(file.get("content").asText().contains("id:"));
        JsonNode checkFile = http().get("/api/checks/files/compute.yaml").json();
        assertTrue(checkFile.get("content").asText().contains("checks:"));
        assertEquals(404, http().get("/api/checks/files/nope.yaml").status());
        JsonNode catalogFiles = http().get("/api/metrics/files").json().get("files");
        assertTrue("simulator catalogs listed", catalogFiles.toString().contains("metrics_full.yaml"));
        JsonNode config = http().get("/api/config").json();
        for (String key : new String[] {"app", "paths", "refresh", "cache", "telemetry", "planner", "features", "auth",
            "map", "playlist", "plugins", "simulator", "slurm"}) {
            assertTrue("config." + key, config.has(key));
        }
        JsonNode status = http().get("/api/system/status").json();
        assertEquals("running", status.get("status").asText());
        assertTrue(status.get("pid").asLong() > 0);
    }

    @Test
    public void unknownIdsAnswer404WithDetailAndBadIdsAnswer400() {
        Http.Resp room = http().get("/api/rooms/nope/layout");
        assertEquals(404, room.status());
        assertEquals("Room nope not found", room.json().get("detail").asText());
        Http.Resp rack = http().get("/api/racks/nope");
        assertEquals(404, rack.status());
        assertEquals("Rack nope not found", rack.json().get("detail").asText());
        Http.Resp device = http().get("/api/racks/r1-02/devices/nope");
        assertEquals(404, device.status());
        assertEquals("Device nope not found in rack r1-02", device.json().get("detail").asText());
        Http.Resp badRack = http().get("/api/racks/BAD%20ID/devices/x");
        assertEquals(400, badRack.status());
        assertTrue(badRack.json().get("detail").asText().startsWith("Invalid rack_id: 'BAD ID'"));
        Http.Resp metric = http().get("/api/metrics/library/nope");
        assertEquals(404, metric.status());
        assertEquals("Metric 'nope' not found", metric.json().get("detail").asText());
    }

    @Test
    public void fileNamesThatLeaveTheirFolderAreRefusedAndTouchNothing() {
        for (String name : new String[] {"..%2F..%2Fetc%2Fpasswd", ".hidden%2F..%2F..%2Fapp.yaml",
            "%2Fetc%2Fpasswd", "a%5Cb"}) {
            Http.Resp checks = http().get("/api/checks/files/" + name);
            assertTrue(name + " -> " + checks.status() + " " + checks.body(),
                    checks.status() == 400 || checks.status() == 403 || checks.status() == 404);
            assertFalse(checks.body().contains("root:"));
            Http.Resp metrics = http().get("/api/metrics/library/files/" + name);
            assertTrue(name + " -> " + metrics.status(), metrics.status() >= 400 && metrics.status() < 500);
        }
        Http.Resp dotdot = http().get("/api/checks/files/..compute.yaml");
        assertEquals(400, dotdot.status());
        assertEquals("Invalid filename", dotdot.json().get("detail").asText());
    }

    @Test
    public void editingATopologyFileGivesTheNewSnapshot() throws IOException {
        Path rack = configDir().resolve(RACK_FILE);
        String original = read(rack);
        try {
            writeFile(rack, original.replace("name: Rack R1-02", "name: Rack R1-02 edited"));
            await("edit served", () -> http().get("/api/racks/r1-02").body().contains("Rack R1-02 edited"));
        } finally {
            writeFile(rack, original);
            await("restored", () -> http().get("/api/racks/r1-02").json().get("name").asText().equals("Rack R1-02"));
        }
    }

    @Test
    public void aBrokenFileKeepsTheOldSnapshotAndTheErrorNamesFileAndLine() throws IOException {
        Path rack = configDir().resolve(RACK_FILE);
        String original = read(rack);
        try {
            writeFile(rack, original.replace("name: Rack R1-02", "name: [Rack R1-02") + "\n");
            JsonNode error = awaitValue("error reported", () -> {
                JsonNode e = http().get("/api/system/status").json().get("snapshot").get("error");
                return e == null || e.isNull() ? null : e;
            });
            assertTrue(error.toString(), error.get("message").asText().contains("r1-02.yaml"));
            assertTrue(error.toString(), error.get("line").asInt() > 0);
            assertEquals("old snapshot still serving", "Rack R1-02",
                    http().get("/api/racks/r1-02").json().get("name").asText());
            assertEquals(2, http().get("/api/sites").json().size());
        } finally {
            writeFile(rack, original);
            await("error cleared", () -> http().get("/api/system/status").json().get("snapshot").get("error").isNull());
        }
    }

    @Test
    public void concurrentReadersNeverSeeHalfAReload() throws Exception {
        // Two complete topologies; app.yaml switches between them with one atomic write.
        Path alt = configDir().resolve("topology-alt");
        copyTree(configDir().resolve("topology"), alt);
        Path altRack = alt.resolve(RACK_FILE.substring("topology/".length()));
        writeFile(altRack, read(altRack).replace("name: Rack R1-02", "name: Rack R1-02 alt"));
        Files.delete(alt.resolve("datacenters/nordvik/rooms/hall-a/aisles/row-2/racks/r2-03.yaml"));
        String a = canonicalRooms();
        Path app = configDir().resolve("app.yaml");
        String appText = read(app);
        AtomicBoolean stop = new AtomicBoolean();
        Set<String> seen = new HashSet<>();
        List<Throwable> errors = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try {
                while (!stop.get()) {
                    seen.add(canonicalRooms() + "|" + http().get("/api/racks/r1-02").json().get("name").asText());
                }
            } catch (Throwable t) {
                errors.add(t);
            }
        });
        reader.start();
        try {
            for (int i = 0; i < 4; i++) {
                writeFile(app, appText.replace("topology: topology ", "topology: topology-alt "));
                await("alt served", () -> http().get("/api/racks/r1-02").body().contains("alt"));
                writeFile(app, appText);
                await("original served", () -> !http().get("/api/racks/r1-02").body().contains("alt"));
            }
        } finally {
            stop.set(true);
            reader.join();
        }
        assertTrue(errors.toString(), errors.isEmpty());
        String b = a.replace("r2-03,", "").replace(",r2-03", "");
        for (String s : seen) {
            // r1-02's name is read by a second request, so it may already come from the next snapshot;
            // the room list alone must always be exactly one of the two topologies.
            String rooms = s.substring(0, s.indexOf('|'));
            assertTrue("a response mixed two snapshots: " + rooms, rooms.equals(a) || rooms.equals(b));
        }
        assertTrue("both topologies were seen", seen.stream().anyMatch(s -> s.startsWith(b + "|")));
    }

    @Test
    public void putConfigValidatesBeforeWritingAndNeverEchoesSecrets() throws IOException {
        Path app = configDir().resolve("app.yaml");
        String before = read(app);
        Http.Resp malformed = http().put("/api/config", "{\"paths\": ");
        assertEquals(422, malformed.status());
        Http.Resp invalid = http().put("/api/config", "{\"paths\": {\"topology\": \"topology\", \"templates\": "
                + "\"templates\", \"checks\": \"checks/library\"}, \"refresh\": {\"room_state_seconds\": 5}}");
        assertEquals(invalid.body(), 422, invalid.status());
        assertEquals("Validation error", invalid.json().get("error").asText());
        assertEquals("/api/config", invalid.json().get("path").asText());
        JsonNode loc = invalid.json().get("detail").get(0).get("loc");
        assertEquals("body", loc.get(0).asText());
        assertEquals("refresh", loc.get(1).asText());
        assertEquals("nothing written", before, read(app));

        JsonNode current = http().get("/api/config").json();
        assertFalse(current.get("auth").has("password_hash"));
        assertFalse(current.get("auth").has("secret_key"));
        assertFalse(current.get("telemetry").has("basic_auth_password"));
        assertNotNull(current.get("plugins").get("slurm").get("status_map"));

        String body = current.toString().replace("\"name\":\"Rackscope\"", "\"name\":\"Rackscope PUT\"")
                .replace("\"auth\":{", "\"auth\":{\"secret_key\":\"s3cr3t-value-xyz\",");
        Object revisionBefore = slurmRevision();
        Http.Resp ok = http().put("/api/config", body);
        assertEquals(ok.body(), 200, ok.status());
        assertTrue("every active plugin got @Modified (revision bumped)",
                ((Number) slurmRevision()).longValue() > ((Number) revisionBefore).longValue());
        assertFalse("secret never echoed", ok.body().contains("s3cr3t-value-xyz"));
        assertEquals("Rackscope PUT", ok.json().get("app").get("name").asText());
        assertTrue(read(app).contains("name: Rackscope PUT"));
        assertTrue("secrets live in the file", read(app).contains("s3cr3t-value-xyz"));
        assertFalse(http().get("/api/config").body().contains("s3cr3t-value-xyz"));
        await("served", () -> http().get("/api/config").json().get("app").get("name").asText().equals("Rackscope PUT"));
        writeFile(app, before);
        await("restored", () -> http().get("/api/config").json().get("app").get("name").asText().equals("Rackscope"));
    }

    private Object slurmRevision() {
        try {
            org.osgi.service.cm.Configuration[] c = configAdmin.listConfigurations(
                    "(service.pid=dev.rackscope.plugin.slurm)");
            return c[0].getProperties().get("rackscope.revision");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private String canonicalRooms() {
        StringBuilder sb = new StringBuilder();
        for (JsonNode room : http().get("/api/rooms").json()) {
            for (JsonNode aisle : room.get("aisles")) {
                for (JsonNode rack : aisle.get("racks")) {
                    sb.append(sb.length() == 0 ? "" : ",").append(rack.get("id").asText());
                }
            }
        }
        return sb.toString();
    }
}
