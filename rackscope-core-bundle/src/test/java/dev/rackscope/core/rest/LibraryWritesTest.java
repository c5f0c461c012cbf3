package dev.rackscope.core.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.rackscope.api.http.ApiException;
import dev.rackscope.api.http.Json;
import dev.rackscope.api.http.ValidationException;
import dev.rackscope.api.model.DeviceTemplate;
import dev.rackscope.core.snapshot.FolderConfig;
import dev.rackscope.core.snapshot.SnapshotManager;

class LibraryWritesTest {

    private static final String SERVERS = "# two servers\ntemplates:\n"
            + "  - id: srv-a\n    name: Server A\n    type: server\n    u_height: 1\n    face: front\n"
            + "  - id: srv-b\n    name: Server B\n    type: server\n    u_height: 2\n";

    @TempDir
    Path dir;
    private SnapshotManager manager;
    private LibraryWrites writes;
    private Path templates;
    private Path servers;

    @BeforeEach
    void start() throws IOException {
        Files.writeString(dir.resolve("app.yaml"), "paths:\n  topology: topology\n  templates: templates\n"
                + "  checks: checks\n  metrics: metrics\n");
        Path topology = dir.resolve("topology");
        Files.createDirectories(topology.resolve("datacenters/s1/rooms/r1/aisles"));
        Files.writeString(topology.resolve("sites.yaml"), "sites:\n  - id: s1\n    name: Site 1\n");
        Files.writeString(topology.resolve("datacenters/s1/rooms/r1/room.yaml"), "id: r1\nname: Room 1\naisles: []\n");
        templates = dir.resolve("templates");
        servers = templates.resolve("devices/server/servers.yaml");
        Files.createDirectories(servers.getParent());
        Files.writeString(servers, SERVERS);
        Files.createDirectories(dir.resolve("checks"));
        Files.createDirectories(dir.resolve("metrics"));
        manager = new SnapshotManager(new FolderConfig(dir.resolve("app.yaml")), null);
        writes = new LibraryWrites(manager, dir);
    }

    @AfterEach
    void stop() throws ReflectiveOperationException {
        var deactivate = SnapshotManager.class.getDeclaredMethod("deactivate"); // package-private DS hook
        deactivate.setAccessible(true);
        deactivate.invoke(manager);
    }

    private static JsonNode json(String text) throws IOException {
        return Json.mapper().readTree(text.replace('\'', '"'));
    }

    private static JsonNode content(String text) {
        return Json.mapper().valueToTree(Map.of("content", text));
    }

    private List<DeviceTemplate> devices() {
        return manager.current().catalog().deviceTemplates();
    }

    private DeviceTemplate device(String id) {
        return devices().stream().filter(d -> d.id().equals(id)).findFirst().orElse(null);
    }

    // ------------------------------------------------------------------ catalog

    @Test
    void createWritesTheTemplateFileAndTheCatalogFollows() throws Exception {
        Object answer = writes.createTemplate(json(
                "{'kind':'device','template':{'id':'new-1','name':'New','type':'storage','u_height':4,'extra':'kept'}}"));
        assertEquals("new-1", ((Map<?, ?>) answer).get("id"));
        Path file = templates.resolve("devices/storage/new-1.yaml");
        String text = Files.readString(file);
        assertTrue(text.startsWith("templates:"), text);
        assertTrue(text.contains("extra: kept"), text);
        assertEquals(4, device("new-1").uHeight());
    }

    @Test
    void createRefusesAnExistingIdOrFile() throws Exception {
        ApiException e = assertThrows(ApiException.class, () -> writes.createTemplate(json(
                "{'kind':'device','template':{'id':'srv-b','name':'B','u_height':1}}")));
        assertEquals(400, e.status());
        assertEquals("Device template already exists: srv-b", e.detail());
        Files.createDirectories(templates.resolve("racks"));
        Files.writeString(templates.resolve("racks/r42.yaml"), "");
        e = assertThrows(ApiException.class, () -> writes.createTemplate(json(
                "{'kind':'rack','template':{'id':'r42','name':'Rack'}}")));
        assertEquals("Template file already exists: racks/r42.yaml", e.detail());
    }

    @Test
    void badBodiesAre422InTheOriginalsShape() throws Exception {
        ValidationException kind = assertThrows(ValidationException.class, () -> writes.createTemplate(json(
                "{'kind':'chair','template':{}}")));
        assertEquals(List.of("body", "kind"), kind.errors().get(0).get("loc"));
        ValidationException model = assertThrows(ValidationException.class, () -> writes.createTemplate(json(
                "{'kind':'device','template':{'id':'x','name':'X'}}")));
        assertEquals("missing", model.errors().get(0).get("type"));
        assertEquals("https://errors.pydantic.dev/2.10/v/missing", model.errors().get(0).get("url"));
    }

    @Test
    void unsafeIdsAndTypesNeverBecomePaths() throws Exception {
        long generation = manager.current().generation();
        ValidationException type = assertThrows(ValidationException.class, () -> writes.createTemplate(json(
                "{'kind':'device','template':{'id':'t1','name':'T','type':'..','u_height':1}}")));
        assertEquals(List.of("body", "template", "type"), type.errors().get(0).get("loc"));
        assertThrows(ValidationException.class, () -> writes.createTemplate(json(
                "{'kind':'rack','template':{'id':'../../evil','name':'T'}}")));
        assertThrows(ValidationException.class, () -> writes.upsertTemplate(json(
                "{'kind':'device','template':{'id':'*','name':'T','u_height':1}}")));
        ApiException star = assertThrows(ApiException.class, () -> writes.deleteDeviceTemplate("*"));
        assertEquals(404, star.status());
        assertEquals("Device template '*' not found", star.detail());
        assertEquals(SERVERS, Files.readString(servers));
        assertFalse(Files.exists(templates.resolve("t1.yaml")));
        assertFalse(Files.exists(dir.resolve("evil.yaml")));
        assertEquals(generation, manager.current().generation(), "refused writes leave the snapshot alone");
    }

    @Test
    void putEditsTheEntryInPlaceInAMultiTemplateFile() throws Exception {
        writes.upsertTemplate(json(
                "{'kind':'device','template':{'id':'srv-a','name':'Renamed','type':'server','u_height':3}}"));
        List<Path> all;
        try (var s = Files.walk(templates)) {
            all = s.filter(Files::isRegularFile).toList();
        }
        assertEquals(List.of(servers), all, "no second definition created");
        assertEquals("Renamed", device("srv-a").name());
        assertEquals(3, device("srv-a").uHeight());
        assertEquals("Server B", device("srv-b").name());
        assertEquals(2, devices().size());
        assertTrue(Files.readString(servers).contains("face: front"), "unknown key of the old entry kept");
    }

    @Test
    void putOfAnUnknownIdWritesItsOwnFile() throws Exception {
        writes.upsertTemplate(json("{'kind':'rack','template':{'id':'rk','name':'Rack K','u_height':48}}"));
        assertTrue(Files.isRegularFile(templates.resolve("racks/rk.yaml")));
        assertEquals(48, manager.current().catalog().rackTemplates().get(0).uHeight());
        writes.upsertTemplate(json("{'kind':'rack','template':{'id':'rk','name':'Rack K2','u_height':42}}"));
        assertEquals("Rack K2", manager.current().catalog().rackTemplates().get(0).name());
        assertEquals(1, manager.current().catalog().rackTemplates().size());
    }

    @Test
    void deleteRemovesOnlyThatEntryThenTheEmptyFile() throws Exception {
        assertEquals(Map.of("status", "ok", "deleted", "srv-a"), writes.deleteDeviceTemplate("srv-a"));
        assertEquals(List.of("srv-b"), devices().stream().map(DeviceTemplate::id).toList());
        assertTrue(Files.readString(servers).contains("srv-b"));
        writes.deleteDeviceTemplate("srv-b");
        assertFalse(Files.exists(servers));
        assertTrue(devices().isEmpty());
        assertEquals(404, assertThrows(ApiException.class, () -> writes.deleteDeviceTemplate("srv-b")).status());
    }

    @Test
    void lookupsFollowTheLoadersSortedOrder() throws Exception {
        Path other = templates.resolve("a-first.yaml");
        Files.writeString(other, "templates:\n  - id: srv-b\n    name: Early B\n    u_height: 1\n");
        manager.reloadNow();
        writes.upsertTemplate(json("{'kind':'device','template':{'id':'srv-b','name':'Edited','u_height':1}}"));
        assertTrue(Files.readString(other).contains("Edited"));
        assertTrue(Files.readString(servers).contains("Server B"));
        assertEquals("Edited", device("srv-b").name(), "the edited entry is the one lookups find");
    }

    @Test
    void validateAnswersOkOr400WithoutWriting() throws Exception {
        assertEquals(Map.of("status", "ok"), writes.validateTemplate(json(
                "{'kind':'rack_component','template':{'id':'c','name':'C','u_height':1}}")));
        ApiException e = assertThrows(ApiException.class, () -> writes.validateTemplate(json(
                "{'kind':'rack_component','template':{'id':'c','name':'C'}}")));
        assertEquals(400, e.status());
        assertEquals("Template validation failed", ((Map<?, ?>) e.detail()).get("message"));
    }

    // ------------------------------------------------------------------ checks

    private static final String CHECK = "checks:\n  - id: up\n    name: Up # é\n    scope: node\n    expr: up\n"
            + "    rules:\n      - {op: '==', value: 0, severity: CRIT}\n";

    @Test
    void checksFileIsValidatedThenWrittenAsSent() throws Exception {
        assertEquals(Map.of("status", "ok", "name", "up.yaml"), writes.putChecksFile("up.yaml", content(CHECK)));
        assertEquals(CHECK, Files.readString(dir.resolve("checks/up.yaml")), "comments and UTF-8 kept");
        assertEquals("up", manager.current().checks().get(0).id());
    }

    @Test
    void checksFileErrorsAreTheObjectTheUiRenders() throws Exception {
        String bad = "checks:\n  - id: up\n    name: Up\n    scope: node\n    expr: up\n    rules: []\n";
        ApiException e = assertThrows(ApiException.class, () -> writes.putChecksFile("up.yaml", content(bad)));
        assertEquals(400, e.status());
        Map<?, ?> detail = (Map<?, ?>) e.detail();
        assertEquals("Validation failed", detail.get("message"));
        Map<?, ?> first = (Map<?, ?>) ((List<?>) detail.get("errors")).get(0);
        assertEquals(0, first.get("index"));
        assertEquals("up", first.get("id"));
        assertEquals(List.of(Map.of("msg", "rules must not be empty")), first.get("errors"));
        assertFalse(Files.exists(dir.resolve("checks/up.yaml")));
        assertEquals("Content is required", assertThrows(ApiException.class,
                () -> writes.putChecksFile("up.yaml", content("  "))).detail());
        assertTrue(String.valueOf(assertThrows(ApiException.class,
                () -> writes.putChecksFile("up.yaml", content("a: [b"))).detail()).startsWith("Invalid YAML: "));
    }

    @Test
    void checksFileNamesAreGuarded() throws Exception {
        assertEquals(400, assertThrows(ApiException.class,
                () -> writes.putChecksFile("../app.yaml", content(CHECK))).status());
        Files.createSymbolicLink(dir.resolve("checks/out.yaml"), dir.resolve("app.yaml"));
        assertEquals(403, assertThrows(ApiException.class,
                () -> writes.putChecksFile("out.yaml", content(CHECK))).status());
        assertTrue(Files.readString(dir.resolve("app.yaml")).contains("paths:"));
    }

    @Test
    void writtenFileNamesMustEndWithYamlOrYmlOrTheLibraryWouldNeverReadThem() throws Exception {
        for (String name : List.of("x", "UPPER CASE", "\ud83d\ude00", "up.yaml.bak", ".yaml", "up.json", "UP.YAML")) {
            ApiException checks = assertThrows(ApiException.class, () -> writes.putChecksFile(name, content(CHECK)));
            assertEquals(400, checks.status(), name);
            assertTrue(checks.detail().toString().startsWith("Invalid filename"), name);
            ApiException metrics = assertThrows(ApiException.class,
                    () -> writes.putMetricsFile(name, content("id: m\nexpr: up\n")));
            assertEquals(400, metrics.status(), name);
            assertFalse(Files.exists(dir.resolve("checks").resolve(name)), name);
            assertFalse(Files.exists(dir.resolve("metrics").resolve(name)), name);
        }
        assertEquals("ok", ((Map<?, ?>) writes.putChecksFile("up.yml", content(CHECK))).get("status"));
        assertEquals("ok", ((Map<?, ?>) writes.putMetricsFile("\ud83d\ude00.yaml", content("id: m\nexpr: up\n"))).get("status"));
    }

    @Test
    void aSingleChecksFileIsWrittenWhateverTheName() throws Exception {
        Files.writeString(dir.resolve("app.yaml"), "paths:\n  topology: topology\n  templates: templates\n"
                + "  checks: library.yaml\n  metrics: metrics\n");
        manager.reloadNow();
        assertEquals("library.yaml", ((Map<?, ?>) writes.putChecksFile("whatever", content(CHECK))).get("name"));
        assertEquals(CHECK, Files.readString(dir.resolve("library.yaml")));
        manager.reloadNow(); // the path now exists and resolves to it
        assertEquals(1, manager.current().checks().size());
        assertEquals(CHECK, Files.readString(dir.resolve("library.yaml")));
        writes.putChecksFile("other", content(CHECK.replace("id: up", "id: up2")));
        assertEquals("up2", manager.current().checks().get(0).id());
    }

    // ------------------------------------------------------------------ metrics

    @Test
    void metricsFilesAreWrittenAndDeleted() throws Exception {
        String metric = "id: temp\nname: Température\nmetric: node_temp\ndisplay:\n  unit: °C\n";
        assertEquals(Map.of("status", "ok", "name", "temp.yaml"), writes.putMetricsFile("temp.yaml", content(metric)));
        assertEquals(metric, Files.readString(dir.resolve("metrics/temp.yaml")));
        assertEquals("Température", manager.current().metrics().get(0).name());
        assertEquals(Map.of("status", "deleted", "name", "temp.yaml"), writes.deleteMetricsFile("temp.yaml"));
        assertFalse(Files.exists(dir.resolve("metrics/temp.yaml")));
        assertTrue(manager.current().metrics().isEmpty());
        assertEquals(404, assertThrows(ApiException.class, () -> writes.deleteMetricsFile("temp.yaml")).status());
    }

    @Test
    void metricsYamlIsCheckedBeforeTheName() throws Exception {
        ApiException e = assertThrows(ApiException.class, () -> writes.putMetricsFile("../x", content("a: [b")));
        assertTrue(String.valueOf(e.detail()).startsWith("Invalid YAML: "), String.valueOf(e.detail()));
        assertEquals("Invalid filename", assertThrows(ApiException.class,
                () -> writes.putMetricsFile("../x", content("a: 1"))).detail());
        assertEquals(400, assertThrows(ApiException.class, () -> writes.deleteMetricsFile("..")).status());
        assertThrows(ValidationException.class, () -> writes.putMetricsFile("x.yaml", json("{}")));
    }
}
