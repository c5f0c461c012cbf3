package dev.rackscope.core.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.rackscope.api.http.Json;
import dev.rackscope.api.model.Aisle;
import dev.rackscope.api.model.Rack;
import dev.rackscope.api.model.Room;
import dev.rackscope.api.model.Site;
import dev.rackscope.api.snapshot.Snapshot;
import dev.rackscope.core.config.Yaml11;
import dev.rackscope.core.snapshot.FolderConfig;
import dev.rackscope.core.snapshot.SnapshotManager;
import dev.rackscope.core.telemetry.CheckTargets;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The topology write endpoints on a copy of the project's example configuration, through the servlet:
 * checks in the original's order and words, the files they leave, the snapshot that follows at once, and
 * the defects fixed from the original (each test named for it says what the original did instead).
 */
class TopologyWriteServletTest {

    private static final String HALL_A = "datacenters/nordvik/rooms/hall-a";
    private static final String ROW_1 = HALL_A + "/aisles/row-1";
    private static final String ROW_2 = HALL_A + "/aisles/row-2";

    @TempDir
    Path dir;
    private Path topology;
    private SnapshotManager manager;
    private TopologyWriteServlet servlet;

    @BeforeEach
    void start() throws IOException {
        copyTree(projectConfig(), dir);
        topology = dir.resolve("topology");
        startOn(dir.resolve("app.yaml"));
    }

    private void startOn(Path appYaml) throws IOException {
        manager = new SnapshotManager(new FolderConfig(appYaml), null);
        servlet = new TopologyWriteServlet(manager);
    }

    @AfterEach
    void stop() {
        manager.deactivate();
    }

    // ------------------------------------------------------------------ sites

    @Test
    void createSiteAppendsItMakesItsRoomsFolderAndServesItAtOnce() throws Exception {
        Reply r = call("POST", "/sites", "{\"name\": \"  Oslo Hall  \"}");
        assertEquals(200, r.status, r.body());
        assertEquals("{\"site\":{\"id\":\"oslo-hall\",\"name\":\"Oslo Hall\",\"rooms\":[]}}", r.body());
        assertTrue(Files.isDirectory(topology.resolve("datacenters/oslo-hall/rooms")));
        Map<String, Object> sites = Yaml11.readMap(topology.resolve("sites.yaml"));
        List<?> list = (List<?>) sites.get("sites");
        assertEquals(3, list.size());
        assertEquals(Map.of("id", "oslo-hall", "name", "Oslo Hall", "rooms", List.of()), list.get(2));
        assertNotNull(site(manager.current(), "oslo-hall"));
        assertNotNull(((Map<?, ?>) list.get(0)).get("location"), "other keys of the other sites are kept");
    }

    @Test
    void createSiteChecksInTheOriginalsOrder() throws Exception {
        assertError(call("POST", "/sites", "{\"name\": \"   \"}"), 400, "Site name is required");
        assertError(call("POST", "/sites", "{\"id\": \"nordvik\", \"name\": \"Again\"}"), 400, "Site id already exists");
        assertError(call("POST", "/sites", "{\"id\": \"Nord Vik!\", \"name\": \"x\"}"), 200, null);
        assertNotNull(site(manager.current(), "nord-vik"), "ids are generated with safe_segment");
        Reply missing = call("POST", "/sites", "{\"id\": \"x\"}");
        assertEquals(422, missing.status);
        JsonNode d = missing.json();
        assertEquals("Validation error", d.get("error").asText());
        assertEquals("missing", d.get("detail").get(0).get("type").asText());
        assertEquals("[\"body\",\"name\"]", d.get("detail").get(0).get("loc").toString());
        assertEquals("/api/topology/sites", d.get("path").asText());
        assertEquals("string_type", call("POST", "/sites", "{\"name\": 42}").json().get("detail").get(0)
                .get("type").asText());
        Files.delete(topology.resolve("sites.yaml"));
        assertError(call("POST", "/sites", "{\"name\": \"y\"}"), 404, "Topology sites file not found");
    }

    @Test
    void generatedIdsAreHeldToTheIdPatternTheOriginalWroteThemAndFailedTheReload() throws Exception {
        String before = Files.readString(topology.resolve("sites.yaml"));
        assertError(call("POST", "/sites", "{\"name\": \"../evil\"}"), 400, "Invalid site_id: '..-evil'. IDs must "
                + "contain only lowercase letters, digits, dots, hyphens and underscores (max 128 characters).");
        assertError(call("POST", "/sites", "{\"name\": \"" + "a".repeat(129) + "\"}"), 400, null);
        assertError(call("POST", "/sites/nordvik/rooms", "{\"name\": \"_hidden\"}"), 400, null);
        assertEquals(before, Files.readString(topology.resolve("sites.yaml")));
        assertFalse(Files.exists(topology.resolve("datacenters/..-evil")));
    }

    @Test
    void deleteSiteRemovesTheEntryAndItsFolder() throws Exception {
        Reply r = call("DELETE", "/sites/tarnby", null);
        assertEquals("{\"status\":\"deleted\",\"site_id\":\"tarnby\"}", r.body());
        assertFalse(Files.exists(topology.resolve("datacenters/tarnby")));
        assertNull(site(manager.current(), "tarnby"));
        assertFalse(manager.current().index().racks().containsKey("e-01"));
        assertError(call("DELETE", "/sites/tarnby", null), 404, "Site 'tarnby' not found");
        assertError(call("DELETE", "/sites/Bad", null), 400, "Invalid site_id: 'Bad'. IDs must contain only "
                + "lowercase letters, digits, dots, hyphens and underscores (max 128 characters).");
    }

    @Test
    void pathsThatLeadOutsideTheTopologyFolderAreRefusedAndNothingOutsideIsTouched(@TempDir Path outside)
            throws Exception {
        Path victim = Files.createDirectories(outside.resolve("rooms/keep"));
        Files.writeString(victim.resolve("room.yaml"), "id: keep\nname: Keep\naisles: []\n");
        Files.createSymbolicLink(topology.resolve("datacenters/evil"), outside);
        Files.writeString(topology.resolve("sites.yaml"), Files.readString(topology.resolve("sites.yaml"))
                + "  - id: evil\n    name: Evil\n");
        assertNotNull(site(manager.reloadNow(), "evil"));
        assertError(call("DELETE", "/sites/evil", null), 403, "Access denied");
        assertError(call("POST", "/sites/evil/rooms", "{\"name\": \"new\"}"), 403, "Access denied");
        assertTrue(Files.isRegularFile(victim.resolve("room.yaml")));
        assertFalse(Files.exists(outside.resolve("rooms/new")));
    }

    // ------------------------------------------------------------------ rooms

    @Test
    void createRoomInAListedSiteAppendsToTheListAndWritesRoomYaml() throws Exception {
        Reply r = call("POST", "/sites/nordvik/rooms", "{\"name\": \"Salle é\", \"description\": \"Étage 2\"}");
        assertEquals(200, r.status, r.body());
        assertEquals("{\"room\":{\"id\":\"salle\",\"name\":\"Salle é\",\"description\":\"Étage 2\",\"aisles\":[],"
                + "\"standalone_racks\":[]},\"site_id\":\"nordvik\"}", r.body());
        Path roomDir = topology.resolve("datacenters/nordvik/rooms/salle");
        assertTrue(Files.isDirectory(roomDir.resolve("aisles")));
        assertTrue(Files.isDirectory(roomDir.resolve("standalone_racks")));
        String yaml = Files.readString(roomDir.resolve("room.yaml"), StandardCharsets.UTF_8);
        assertTrue(yaml.contains("name: Salle é"), "UTF-8 written as is, not escaped: " + yaml);
        assertEquals(List.of("hall-a", "salle"), roomIds(site(manager.current(), "nordvik")));
    }

    @Test
    void addingARoomToASiteWhoseRoomsAreItsFoldersKeepsTheOtherRoomsTheOriginalHidThem() throws Exception {
        String sitesBefore = Files.readString(topology.resolve("sites.yaml"));
        Reply r = call("POST", "/sites/tarnby/rooms", "{\"id\": \"edge-2\", \"name\": \"Edge Room 2\"}");
        assertEquals(200, r.status, r.body());
        assertEquals(List.of("edge-1", "edge-2"), roomIds(site(manager.current(), "tarnby")),
                "F1: the room found from its folder is still there");
        assertEquals(sitesBefore, Files.readString(topology.resolve("sites.yaml")), "the absent list stays absent");
        assertError(call("POST", "/sites/tarnby/rooms", "{\"name\": \"Edge-1\"}"), 400,
                "Room id already exists in site");
    }

    @Test
    void createRoomChecksInTheOriginalsOrder() throws Exception {
        assertError(call("POST", "/sites/NV/rooms", "{\"name\": \"x\"}"), 400, null);
        assertError(call("POST", "/sites/nordvik/rooms", "{\"name\": \" \"}"), 400, "Room name is required");
        assertError(call("POST", "/sites/nowhere/rooms", "{\"name\": \"x\"}"), 404, "Site not found");
        assertError(call("POST", "/sites/nordvik/rooms", "{\"name\": \"Hall A\"}"), 400,
                "Room id already exists in site");
        assertEquals(422, call("POST", "/sites/nordvik/rooms", "{\"name\": \"x\", \"description\": 3}").status);
    }

    @Test
    void deleteRoomDropsItsEntryAndFolder() throws Exception {
        assertError(call("DELETE", "/rooms/nowhere", null), 404, "Room 'nowhere' not found");
        Reply r = call("DELETE", "/rooms/hall-a", null);
        assertEquals("{\"status\":\"deleted\",\"room_id\":\"hall-a\"}", r.body());
        assertFalse(Files.exists(topology.resolve(HALL_A)));
        Map<?, ?> nordvik = (Map<?, ?>) ((List<?>) Yaml11.readMap(topology.resolve("sites.yaml")).get("sites")).get(0);
        assertEquals(List.of(), nordvik.get("rooms"));
        assertEquals(List.of(), roomIds(site(manager.current(), "nordvik")));
        assertEquals(200, call("DELETE", "/rooms/edge-1", null).status, "a room found from its folder");
        assertEquals(List.of(), roomIds(site(manager.current(), "tarnby")));
    }

    // ------------------------------------------------------------------ aisles

    @Test
    void createAislesAppendsToRoomYamlAndWritesEachAisle() throws Exception {
        Reply r = call("POST", "/rooms/edge-1/aisles/create",
                "{\"aisles\": [{\"name\": \"Row F\"}, {\"id\": \"row-g\", \"name\": \"Row G\"}]}");
        assertEquals("{\"room_id\":\"edge-1\",\"aisles\":[{\"id\":\"row-f\",\"name\":\"Row F\"},"
                + "{\"id\":\"row-g\",\"name\":\"Row G\"}]}", r.body());
        Path aisle = topology.resolve("datacenters/tarnby/rooms/edge-1/aisles/row-f");
        assertTrue(Files.isDirectory(aisle.resolve("racks")));
        assertEquals(Map.of("id", "row-f", "name", "Row F", "racks", List.of()), Yaml11.readMap(aisle.resolve("aisle.yaml")));
        Room room = room(manager.current(), "edge-1");
        assertEquals(List.of("row-e", "row-f", "row-g"), room.aisles().stream().map(Aisle::id).toList());
    }

    @Test
    void createAislesChecksInTheOriginalsOrder() throws Exception {
        assertError(call("POST", "/rooms/nowhere/aisles/create", "{\"aisles\": [{\"name\": \"a\"}]}"), 404,
                "Room not found");
        assertError(call("POST", "/rooms/hall-a/aisles/create", "{\"aisles\": []}"), 400, "aisles list is required");
        assertError(call("POST", "/rooms/hall-a/aisles/create", "{\"aisles\": [{\"id\": \"x\"}]}"), 400,
                "Aisle name is required");
        assertError(call("POST", "/rooms/hall-a/aisles/create", "{\"aisles\": [{\"name\": \"Row 1\"}]}"), 400,
                "Aisle id already exists: row-1");
        assertError(call("POST", "/rooms/hall-a/aisles/create", "{\"aisles\": [{\"name\": \"n\"}, {\"name\": \"N\"}]}"),
                400, "Aisle id already exists: n");
        Reply bad = call("POST", "/rooms/hall-a/aisles/create", "{\"aisles\": [{\"name\": 5}]}");
        assertEquals(422, bad.status);
        assertEquals("[\"body\",\"aisles\",0,\"name\"]", bad.json().get("detail").get(0).get("loc").toString());
        assertFalse(Files.exists(topology.resolve(HALL_A + "/aisles/n")));
    }

    @Test
    void deleteAisleRemovesItsEntryAndItsRackFiles() throws Exception {
        assertError(call("DELETE", "/aisles/row-9", null), 404, "Aisle 'row-9' not found");
        assertEquals("{\"status\":\"deleted\",\"aisle_id\":\"row-2\"}", call("DELETE", "/aisles/row-2", null).body());
        assertFalse(Files.exists(topology.resolve(ROW_2)));
        assertEquals(List.of("row-1"), room(manager.current(), "hall-a").aisles().stream().map(Aisle::id).toList());
        assertFalse(manager.current().index().racks().containsKey("r2-01"));
    }

    @Test
    void putAisleRacksSetsTheOrderAndKeepsInlineRacksInlineTheOriginalLeftDanglingRefs() throws Exception {
        Reply r = call("PUT", "/aisles/row-1/racks",
                "{\"room_id\": \"hall-a\", \"racks\": [\"r1-04\", \"r1-03\", \"r1-02\", \"r1-01\"]}");
        assertEquals("{\"status\":\"ok\",\"aisle_id\":\"row-1\",\"racks\":[\"r1-04\",\"r1-03\",\"r1-02\",\"r1-01\"]}",
                r.body());
        List<?> racks = (List<?>) Yaml11.readMap(topology.resolve(ROW_1 + "/aisle.yaml")).get("racks");
        assertTrue(racks.get(0) instanceof Map<?, ?> m && m.containsKey("devices"), "F6: still inline: " + racks);
        assertEquals(List.of("r1-04", "r1-03", "r1-02", "r1-01"), rackIds(room(manager.current(), "hall-a"), "row-1"));
        assertEquals("Cluster manager", manager.current().index().racks().get("r1-04").rack().devices().get(0).name());
    }

    @Test
    void putAisleRacksAcceptsAnEmptyListTheOriginalAnswered400() throws Exception {
        Reply r = call("PUT", "/aisles/row-2/racks", "{\"room_id\": \"hall-a\", \"racks\": []}");
        assertEquals(200, r.status, r.body());
        assertEquals(List.of(), rackIds(room(manager.current(), "hall-a"), "row-2"));
        assertTrue(Files.exists(topology.resolve(ROW_2 + "/racks/r2-01.yaml")), "rack files stay");
    }

    @Test
    void putAisleRacksRefusesReferencesThatAreNotIdsTheOriginalStoredThem() throws Exception {
        String before = Files.readString(topology.resolve(ROW_1 + "/aisle.yaml"));
        assertError(call("PUT", "/aisles/row-1/racks", "{\"room_id\": \"hall-a\", \"racks\": [\"../../x\"]}"), 400,
                "Invalid rack_id: '../../x'. IDs must contain only lowercase letters, digits, dots, hyphens and "
                        + "underscores (max 128 characters).");
        assertError(call("PUT", "/aisles/row-1/racks", "{\"room_id\": \"edge-1\", \"racks\": [\"r1-01\"]}"), 404,
                "Aisle file not found");
        assertError(call("PUT", "/aisles/ROW/racks", "{\"room_id\": \"hall-a\", \"racks\": []}"), 400, null);
        assertEquals(422, call("PUT", "/aisles/row-1/racks", "{\"racks\": []}").status);
        assertEquals(before, Files.readString(topology.resolve(ROW_1 + "/aisle.yaml")));
    }

    @Test
    void theUisTwoStepSaveMovesARackBetweenAislesTheOriginalLostIt() throws Exception {
        int devices = manager.current().index().racks().get("r1-01").rack().devices().size();
        // step 1: every aisle's order, the moved rack already listed in its new aisle
        assertEquals(200, call("PUT", "/aisles/row-1/racks",
                "{\"room_id\": \"hall-a\", \"racks\": [\"r1-02\", \"r1-03\", \"r1-04\"]}").status);
        assertEquals(200, call("PUT", "/aisles/row-2/racks",
                "{\"room_id\": \"hall-a\", \"racks\": [\"r2-01\", \"r1-01\", \"r2-02\", \"r2-03\"]}").status);
        // step 2: the whole room
        Reply r = call("PUT", "/rooms/hall-a/aisles", "{\"aisles\": {\"row-1\": [\"r1-02\", \"r1-03\", \"r1-04\"], "
                + "\"row-2\": [\"r2-01\", \"r1-01\", \"r2-02\", \"r2-03\"]}}");
        assertEquals("{\"status\":\"ok\",\"room_id\":\"hall-a\"}", r.body());
        assertFalse(Files.exists(topology.resolve(ROW_1 + "/racks/r1-01.yaml")));
        Map<String, Object> moved = Yaml11.readMap(topology.resolve(ROW_2 + "/racks/r1-01.yaml"));
        assertEquals("row-2", moved.get("aisle_id"));
        Room room = room(manager.current(), "hall-a");
        assertEquals(List.of("r1-02", "r1-03", "r1-04"), rackIds(room, "row-1"));
        assertEquals(List.of("r2-01", "r1-01", "r2-02", "r2-03"), rackIds(room, "row-2"));
        assertEquals("row-2", manager.current().index().racks().get("r1-01").aisleId());
        assertEquals(devices, manager.current().index().racks().get("r1-01").rack().devices().size(),
                "the devices came along");
    }

    @Test
    void anInlineRackMovedWithTheTwoStepSaveKeepsItsDefinition() throws Exception {
        assertEquals(200, call("PUT", "/aisles/row-1/racks",
                "{\"room_id\": \"hall-a\", \"racks\": [\"r1-01\", \"r1-02\", \"r1-03\"]}").status);
        assertTrue(Files.exists(topology.resolve(ROW_1 + "/racks/r1-04.yaml")), "dropped inline rack kept as a file");
        assertEquals(200, call("PUT", "/aisles/row-2/racks",
                "{\"room_id\": \"hall-a\", \"racks\": [\"r2-01\", \"r2-02\", \"r2-03\", \"r1-04\"]}").status);
        assertEquals(200, call("PUT", "/rooms/hall-a/aisles", "{\"aisles\": {\"row-1\": [\"r1-01\", \"r1-02\", "
                + "\"r1-03\"], \"row-2\": [\"r2-01\", \"r2-02\", \"r2-03\", \"r1-04\"]}}").status);
        assertEquals(List.of("r2-01", "r2-02", "r2-03", "r1-04"), rackIds(room(manager.current(), "hall-a"), "row-2"));
        assertEquals("Cluster manager", manager.current().index().racks().get("r1-04").rack().devices().get(0).name());
    }

    @Test
    void roomReorganisationMovesInOneCallToo() throws Exception {
        assertEquals(200, call("PUT", "/rooms/hall-a/aisles", "{\"aisles\": {\"row-1\": [\"r1-01\", \"r1-04\"], "
                + "\"row-2\": [\"r2-01\", \"r2-02\", \"r2-03\", \"r1-02\"]}}").status);
        Room room = room(manager.current(), "hall-a");
        assertEquals(List.of("r1-01", "r1-04"), rackIds(room, "row-1"));
        assertEquals(List.of("r2-01", "r2-02", "r2-03", "r1-02"), rackIds(room, "row-2"));
        assertTrue(Files.exists(topology.resolve(ROW_1 + "/racks/r1-03.yaml")), "an unlisted rack keeps its file");
        assertFalse(manager.current().index().racks().containsKey("r1-03"));
    }

    @Test
    void roomReorganisationChecksInTheOriginalsOrder() throws Exception {
        assertError(call("PUT", "/rooms/nowhere/aisles", "{\"aisles\": {}}"), 404, "Room not found");
        assertError(call("PUT", "/rooms/hall-a/aisles", "{\"aisles\": {\"row-1\": []}}"), 400,
                "Payload must include all aisles for the room");
        assertError(call("PUT", "/rooms/hall-a/aisles", "{\"aisles\": {\"row-1\": [\"net-core\"], \"row-2\": []}}"),
                400, "Unknown rack id in payload: net-core");
        assertEquals(422, call("PUT", "/rooms/hall-a/aisles", "{\"aisles\": {\"row-1\": \"r1-01\"}}").status);
    }

    // ------------------------------------------------------------------ racks

    @Test
    void createRackWritesItsFileAndListsItInTheAisle() throws Exception {
        Reply r = call("POST", "/aisles/row-e/racks", "{\"name\": \"Edge rack E-03\", \"u_height\": 24, "
                + "\"template_id\": \"air-42u\"}");
        assertEquals("{\"rack_id\":\"edge-rack-e-03\",\"name\":\"Edge rack E-03\",\"aisle_id\":\"row-e\"}", r.body());
        Path file = topology.resolve("datacenters/tarnby/rooms/edge-1/aisles/row-e/racks/edge-rack-e-03.yaml");
        Map<String, Object> rack = Yaml11.readMap(file);
        assertEquals(List.of("id", "name", "template_id", "u_height", "devices"), new ArrayList<>(rack.keySet()));
        assertEquals(24, rack.get("u_height"));
        assertEquals(24, manager.current().index().racks().get("edge-rack-e-03").rack().uHeight());
        assertEquals(List.of("e-01", "e-02", "edge-rack-e-03"), rackIds(room(manager.current(), "edge-1"), "row-e"));
        call("POST", "/aisles/row-e/racks", "{\"id\": \"plain\", \"name\": \"Plain\", \"template_id\": \"\"}");
        assertFalse(Yaml11.readMap(file.resolveSibling("plain.yaml")).containsKey("template_id"));
    }

    @Test
    void createRackChecksInTheOriginalsOrder() throws Exception {
        assertError(call("POST", "/aisles/row-e/racks", "{\"name\": \"\"}"), 400, "Rack name is required");
        assertError(call("POST", "/aisles/row-e/racks", "{\"name\": \"x\", \"u_height\": 0}"), 400,
                "u_height must be between 1 and 100");
        assertError(call("POST", "/aisles/row-e/racks", "{\"name\": \"x\", \"u_height\": 101}"), 400,
                "u_height must be between 1 and 100");
        assertError(call("POST", "/aisles/row-9/racks", "{\"name\": \"x\"}"), 404, "Aisle 'row-9' not found");
        assertError(call("POST", "/aisles/row-e/racks", "{\"name\": \"R1-01\"}"), 400, "Rack id 'r1-01' already exists");
        assertEquals(422, call("POST", "/aisles/row-e/racks", "{\"name\": \"x\", \"u_height\": null}").status);
        assertEquals(422, call("POST", "/aisles/row-e/racks", "{\"name\": \"x\", \"u_height\": 2.5}").status);
    }

    @Test
    void aWriteWhoseResultDoesNotLoadIsRefusedAndLeavesFilesAndSnapshotAsTheyWere() throws Exception {
        Path aisleFile = topology.resolve("datacenters/tarnby/rooms/edge-1/aisles/row-e/aisle.yaml");
        String before = Files.readString(aisleFile);
        Snapshot snapshot = manager.current();
        // 61..100 pass the endpoint's own check but not the Rack model (max 60): the original wrote the file,
        // answered 500 and failed every later write
        Reply r = call("POST", "/aisles/row-e/racks", "{\"id\": \"tall\", \"name\": \"Tall\", \"u_height\": 61}");
        assertEquals(400, r.status, r.body());
        assertTrue(r.json().get("detail").asText().startsWith("Change refused, the configuration would not load"),
                r.body());
        assertFalse(r.body().contains(dir.toString()), "no server paths in the answer: " + r.body());
        assertEquals(before, Files.readString(aisleFile));
        assertFalse(Files.exists(aisleFile.resolveSibling("racks/tall.yaml")));
        assertTrue(snapshot == manager.current(), "the snapshot serving is unchanged");
        assertEquals(200, call("POST", "/aisles/row-e/racks", "{\"id\": \"tall\", \"name\": \"Tall\", \"u_height\": 60}")
                .status, "later writes work");
    }

    @Test
    void rackTemplateIsSetOrRemoved() throws Exception {
        Path file = topology.resolve(ROW_1 + "/racks/r1-02.yaml");
        assertEquals("{\"status\":\"ok\",\"rack_id\":\"r1-02\",\"template_id\":\"liquid-42u\"}",
                call("PUT", "/racks/r1-02/template", "{\"template_id\": \"liquid-42u\"}").body());
        assertEquals("liquid-42u", Yaml11.readMap(file).get("template_id"));
        assertEquals("liquid-42u", manager.current().index().racks().get("r1-02").rack().templateId());
        assertEquals("{\"status\":\"ok\",\"rack_id\":\"r1-02\",\"template_id\":null}",
                call("PUT", "/racks/r1-02/template", "{}").body());
        assertFalse(Yaml11.readMap(file).containsKey("template_id"));
        assertError(call("PUT", "/racks/r1-04/template", "{}"), 404, "Rack file not found");
        assertError(call("PUT", "/racks/nope/template", "{}"), 404, "Rack file not found");
        assertEquals(200, call("PUT", "/racks/net-core/template", "{\"template_id\": \"air-42u\"}").status,
                "standalone racks have files too");
    }

    // ------------------------------------------------------------------ devices

    @Test
    void addDeviceAppendsItWithIntSlotKeys() throws Exception {
        Reply r = call("POST", "/racks/e-02/devices", "{\"id\": \"e-02-new\", \"name\": \"New\", \"template_id\": "
                + "\"quad-2u\", \"u_position\": 30, \"instance\": {\"1\": \"nx1\", \"2\": \"nx2\"}}");
        assertEquals("{\"status\":\"ok\",\"rack_id\":\"e-02\",\"device_id\":\"e-02-new\"}", r.body());
        String yaml = Files.readString(topology.resolve("datacenters/tarnby/rooms/edge-1/aisles/row-e/racks/e-02.yaml"));
        assertTrue(yaml.contains("    1: nx1"), yaml);
        assertTrue(manager.current().index().instances().containsKey("nx2"));
    }

    @Test
    void addDeviceChecksInTheOriginalsOrder() throws Exception {
        String dev = "{\"id\": \"%s\", \"name\": \"n\", \"template_id\": \"%s\", \"u_position\": %d}";
        assertError(call("POST", "/racks/nope/devices", String.format(dev, "d", "srv-1u", 5)), 404, "Rack file not found");
        assertError(call("POST", "/racks/e-01/devices", String.format(dev, "d", "nope", 5)), 400,
                "Unknown device template: nope");
        assertError(call("POST", "/racks/e-01/devices", String.format(dev, "e-01-tor", "srv-1u", 5)), 400,
                "Device id already exists: e-01-tor");
        assertError(call("POST", "/racks/e-01/devices", String.format(dev, "d", "srv-1u", 43)), 400,
                "u_position out of rack bounds");
        assertError(call("POST", "/racks/e-01/devices", String.format(dev, "d", "quad-2u", 42)), 400,
                "Device does not fit in rack height");
        assertError(call("POST", "/racks/e-01/devices", String.format(dev, "d", "srv-1u", 11)), 400,
                "Target U range is already occupied");
        assertEquals(422, call("POST", "/racks/e-01/devices", "{\"id\": \"d\", \"name\": \"n\", \"template_id\": "
                + "\"srv-1u\", \"u_position\": 5, \"instance\": [\"a\"]}").status);
    }

    @Test
    void moveAndDeleteADevice() throws Exception {
        assertEquals("{\"status\":\"ok\",\"rack_id\":\"e-01\",\"device_id\":\"e-01-tor\",\"u_position\":20}",
                call("PUT", "/racks/e-01/devices/e-01-tor", "{\"u_position\": 20}").body());
        assertEquals(20, device(manager.current(), "e-01", "e-01-tor").get("u_position"));
        assertError(call("PUT", "/racks/e-01/devices/nope", "{\"u_position\": 1}"), 404, "Device not found");
        assertError(call("PUT", "/racks/e-01/devices/e-01-ch1", "{\"u_position\": 0}"), 400,
                "Device does not fit in rack height");
        assertError(call("PUT", "/racks/e-01/devices/e-01-ch1", "{\"u_position\": 12}"), 400,
                "Target U range is already occupied");
        assertEquals(200, call("PUT", "/racks/e-01/devices/e-01-ch1", "{\"u_position\": 9}").status,
                "its own slots do not count");
        assertEquals("{\"status\":\"ok\",\"rack_id\":\"e-01\",\"device_id\":\"e-01-tor\"}",
                call("DELETE", "/racks/e-01/devices/e-01-tor", null).body());
        assertFalse(manager.current().index().instances().containsKey("esw-e-01"));
        assertError(call("DELETE", "/racks/e-01/devices/e-01-tor", null), 404, "Device not found");
        assertError(call("DELETE", "/racks/e-01/devices/E-01", null), 400, null);
    }

    @Test
    void replaceDevicesKeepsUnknownKeysAndWritesNoNullsTheOriginalDroppedFaceAndWroteNulls() throws Exception {
        Path file = topology.resolve("datacenters/tarnby/rooms/edge-1/aisles/row-e/racks/e-01.yaml");
        String text = Files.readString(file).replace("    instance: esw-e-01", "    instance: esw-e-01\n    face: rear");
        Files.writeString(file, text);
        manager.reloadNow();
        // what the rack editor sends back: the devices as GET /api/racks/{id} gave them, one moved, one added
        String body = "{\"devices\": ["
                + "{\"id\": \"e-01-ch1\", \"name\": \"Quad chassis 1\", \"template_id\": \"quad-2u\", \"u_position\": 10,"
                + " \"instance\": {\"1\": \"compute101\", \"2\": \"compute102\"}, \"nodes\": null, \"labels\": null},"
                + "{\"id\": \"e-01-tor\", \"name\": \"ToR\", \"template_id\": \"eth-switch-1u\", \"u_position\": 41,"
                + " \"instance\": \"esw-e-01\", \"nodes\": null, \"labels\": null},"
                + "{\"id\": \"e-01-mgmt\", \"name\": \"Mgmt\", \"template_id\": \"srv-1u\", \"u_position\": 5,"
                + " \"instance\": \"mgmt-e-01\", \"labels\": {\"tray\": \"02\"}, \"face\": \"front\"}]}";
        Reply r = call("PUT", "/racks/e-01/devices", body);
        assertEquals("{\"status\":\"ok\",\"rack_id\":\"e-01\",\"devices\":3}", r.body());
        Map<String, Object> tor = device(manager.current(), "e-01", "e-01-tor");
        assertEquals("rear", tor.get("face"), "F6: the file's unknown key is kept");
        assertFalse(tor.containsKey("nodes"));
        assertFalse(tor.containsKey("labels"));
        Map<String, Object> mgmt = device(manager.current(), "e-01", "e-01-mgmt");
        assertEquals("front", mgmt.get("face"));
        assertEquals(Map.of("tray", "02"), mgmt.get("labels"));
        assertEquals(List.of("id", "name", "template_id", "u_position", "instance", "labels", "face"),
                new ArrayList<>(mgmt.keySet()));
        assertEquals(Map.of(1, "compute101", 2, "compute102"), device(manager.current(), "e-01", "e-01-ch1")
                .get("instance"));
        assertFalse(manager.current().index().instances().containsKey("compute103"));
        // F5: the derived state follows the new snapshot: the new node is a health-check target at once
        assertTrue(CheckTargets.collect(manager.current()).get("node_up").node().contains("mgmt-e-01"));
    }

    @Test
    void replaceDevicesChecksInTheOriginalsOrder() throws Exception {
        String one = "{\"id\": \"%s\", \"name\": \"n\", \"template_id\": \"%s\", \"u_position\": %d}";
        assertError(call("PUT", "/racks/e-01/devices", "{\"devices\": [" + String.format(one, "a", "srv-1u", 1) + ","
                + String.format(one, "a", "srv-1u", 2) + "]}"), 400, "Duplicate device id: a");
        assertError(call("PUT", "/racks/e-01/devices", "{\"devices\": [" + String.format(one, "a", "nope", 1) + "]}"),
                400, "Unknown device template: nope");
        assertError(call("PUT", "/racks/e-01/devices", "{\"devices\": [" + String.format(one, "a", "quad-2u", 42)
                + "]}"), 400, "Device a does not fit in rack");
        assertError(call("PUT", "/racks/e-01/devices", "{\"devices\": [" + String.format(one, "a", "quad-2u", 1) + ","
                + String.format(one, "b", "srv-1u", 2) + "]}"), 400, "Device b overlaps existing device");
        assertError(call("PUT", "/racks/r1-04/devices", "{\"devices\": []}"), 404, "Rack file not found");
        StringBuilder many = new StringBuilder("{\"devices\": [");
        for (int i = 0; i < 501; i++) {
            many.append(i == 0 ? "" : ",").append(String.format(one, "d" + i, "srv-1u", 1));
        }
        Reply tooMany = call("PUT", "/racks/e-01/devices", many + "]}");
        assertEquals(422, tooMany.status);
        assertEquals("too_long", tooMany.json().get("detail").get(0).get("type").asText());
        Reply noName = call("PUT", "/racks/e-01/devices", "{\"devices\": [{\"id\": \"a\", \"template_id\": \"srv-1u\", "
                + "\"u_position\": 1}]}");
        assertEquals("[\"body\",\"devices\",0,\"name\"]", noName.json().get("detail").get(0).get("loc").toString());
        assertEquals(3, manager.current().index().racks().get("e-01").rack().devices().size(), "nothing changed");
    }

    // ------------------------------------------------------------------ layout and dependencies

    @Test
    void aSingleFileTopologyGetsAClear400() throws Exception {
        manager.deactivate();
        Files.writeString(dir.resolve("topology.yaml"), "sites:\n  - id: s1\n    name: S1\n    rooms: []\n");
        Files.writeString(dir.resolve("app.yaml"), Files.readString(dir.resolve("app.yaml"))
                .replace("topology: topology ", "topology: topology.yaml "));
        startOn(dir.resolve("app.yaml"));
        assertEquals("s1", manager.current().topology().sites().get(0).id());
        assertError(call("POST", "/sites", "{\"name\": \"x\"}"), 400,
                "Topology writes need the segmented layout (paths.topology is a single file)");
        assertError(call("DELETE", "/sites/s1", null), 400, null);
    }

    @Test
    void withoutAnAppConfigWritesAnswer503() throws Exception {
        manager.deactivate();
        startOn(dir.resolve("missing/app.yaml"));
        assertError(call("POST", "/sites", "{\"name\": \"x\"}"), 503, "App config not loaded");
        assertError(call("POST", "/sites", "not json"), 503, "App config not loaded");
    }

    // ------------------------------------------------------------------ helpers

    private static void assertError(Reply r, int status, String detail) throws IOException {
        assertEquals(status, r.status, r.body());
        if (detail != null) {
            assertEquals(detail, r.json().get("detail").asText());
        }
    }

    private static Site site(Snapshot s, String id) {
        return s.topology().sites().stream().filter(x -> x.id().equals(id)).findFirst().orElse(null);
    }

    private static Room room(Snapshot s, String id) {
        return s.topology().sites().stream().flatMap(x -> x.rooms().stream()).filter(r -> r.id().equals(id))
                .findFirst().orElseThrow();
    }

    private static List<String> roomIds(Site site) {
        return site.rooms().stream().map(Room::id).toList();
    }

    private static List<String> rackIds(Room room, String aisleId) {
        return room.aisles().stream().filter(a -> a.id().equals(aisleId)).findFirst().orElseThrow().racks().stream()
                .map(Rack::id).toList();
    }

    /** A device as its rack file holds it, found through the snapshot's index. */
    private Map<String, Object> device(Snapshot s, String rackId, String deviceId) throws IOException {
        assertTrue(s.index().racks().containsKey(rackId));
        try (Stream<Path> files = Files.walk(topology)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.getFileName().toString().equals(rackId + ".yaml"))::iterator) {
                for (Object d : (List<?>) Yaml11.readMap(f).get("devices")) {
                    if (d instanceof Map<?, ?> m && deviceId.equals(m.get("id"))) {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> found = (Map<String, Object>) m;
                        return found;
                    }
                }
            }
        }
        throw new AssertionError("no device " + deviceId + " in " + rackId);
    }

    private static Path projectConfig() {
        Path base = Paths.get("").toAbsolutePath();
        while (base != null && !Files.isDirectory(base.resolve("rackscope-api-bundle"))) {
            base = base.getParent();
        }
        if (base == null) {
            throw new IllegalStateException("reactor root not found");
        }
        return base.resolve("config");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static final class Reply {
        int status;
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
        HttpServletRequest request = fake(HttpServletRequest.class, (name, args) -> switch (name) {
            case "getMethod" -> method;
            case "getPathInfo" -> pathInfo;
            case "getServletPath" -> "/api/topology";
            case "getRequestURI" -> "/api/topology" + pathInfo;
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
            case "getOutputStream" -> stream;
            default -> null;
        });
        servlet.service(request, response);
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
