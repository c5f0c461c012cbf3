package dev.rackscope.core.load;

import static dev.rackscope.core.load.TopologyFiles.aisle;
import static dev.rackscope.core.load.TopologyFiles.room;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rackscope.api.model.Aisle;
import dev.rackscope.api.model.Device;
import dev.rackscope.api.model.Rack;
import dev.rackscope.api.model.Room;
import dev.rackscope.api.model.RoomLayout;
import dev.rackscope.api.model.Site;
import dev.rackscope.api.model.Topology;
import dev.rackscope.core.load.TopologyLoader.LoadedTopology;

/** The segmented layout (core.md §2.2–§2.4) and the loader's behaviour on bad input (§4.1). */
class TopologyLoaderTest {

    @TempDir
    Path dir;

    TopologyFiles files;

    @BeforeEach
    void setUp() {
        files = new TopologyFiles(dir);
    }

    private LoadedTopology load() throws LoadException {
        return TopologyLoader.load(dir);
    }

    private LoadException loadFails() {
        return assertThrows(LoadException.class, this::load);
    }

    private static Room onlyRoom(Topology t) {
        assertEquals(1, t.sites().size());
        assertEquals(1, t.sites().get(0).rooms().size());
        return t.sites().get(0).rooms().get(0);
    }

    private static Device onlyDevice(Topology t) {
        Rack rack = onlyRoom(t).aisles().get(0).racks().get(0);
        assertEquals(1, rack.devices().size());
        return rack.devices().get(0);
    }

    private static void assertMentions(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), () -> "expected '" + p + "' in: " + message);
        }
    }

    // ------------------------------------------------------------------ the walk

    @Test
    void loadsTheDocumentedSegmentedExample() throws Exception {
        files.write("sites.yaml", """
                sites:
                  - id: lab-north
                    name: North Lab
                    location: {lat: 59.33, lon: 18.06, address: "Stockholm, SE"}
                    rooms:
                      - id: hall-1
                """);
        files.write(room("lab-north", "hall-1") + "/room.yaml", """
                id: hall-1
                name: Hall One
                layout: {size: {width: 30, height: 12}, grid: {enabled: true, cell: 24}, door: {side: north, position: 0.5}}
                aisles:
                  - {id: row-a, name: Row A}
                standalone_racks: [net-core]
                """);
        files.write(aisle("lab-north", "hall-1", "row-a") + "/aisle.yaml", """
                racks:
                  - ra-01
                  - {id: ra-02}
                  - {id: ra-03, name: Spare frame, u_height: 24}
                """);
        files.write(aisle("lab-north", "hall-1", "row-a") + "/racks/ra-01.yaml", """
                id: ra-01
                name: Rack A01
                template_id: frame-42
                devices:
                  - {id: ra01-c1, name: Chassis 1, template_id: quad-2u, u_position: 1,
                     instance: {1: cpu0001, 2: cpu0002, 3: cpu0003, 4: cpu0004}}
                  - {id: ra01-blades, name: Blades, template_id: blade-1u, u_position: 3, instance: "bl[01-08]"}
                  - {id: ra01-jbod, name: Shelf, template_id: jbod-2u, u_position: 10, instance: [shelf-a],
                     labels: {tray: "03"}}
                """);
        files.write(aisle("lab-north", "hall-1", "row-a") + "/racks/ra-02.yaml", "id: ra-02\nname: Rack A02\n");
        files.write(room("lab-north", "hall-1") + "/standalone_racks/net-core.yaml", "id: net-core\nname: Core\n");

        LoadedTopology loaded = load();
        assertEquals(List.of(), loaded.warnings());
        Site site = loaded.topology().sites().get(0);
        assertEquals("lab-north", site.id());
        assertEquals("North Lab", site.name());
        assertEquals(new Site.Location(59.33, 18.06, "Stockholm, SE"), site.location());
        Room room = onlyRoom(loaded.topology());
        assertEquals("Hall One", room.name());
        assertEquals(new RoomLayout("rectangle", new RoomLayout.Size(30, 12), new RoomLayout.Orientation("top"),
                new RoomLayout.Grid(true, 24), new RoomLayout.Door("north", "Entrance", 0.5)), room.layout());
        Aisle aisle = room.aisles().get(0);
        assertEquals("Row A", aisle.name());
        assertEquals(List.of("ra-01", "ra-02", "ra-03"), aisle.racks().stream().map(Rack::id).toList());
        Rack inline = aisle.racks().get(2);
        assertEquals("Spare frame", inline.name());
        assertEquals(24, inline.uHeight());
        Rack ra01 = aisle.racks().get(0);
        assertEquals("frame-42", ra01.templateId());
        assertEquals(Map.of("1", "cpu0001", "2", "cpu0002", "3", "cpu0003", "4", "cpu0004"),
                ra01.devices().get(0).instance());
        assertEquals("bl[01-08]", ra01.devices().get(1).instance());
        assertEquals(List.of("shelf-a"), ra01.devices().get(2).instance());
        assertEquals(Map.of("tray", "03"), ra01.devices().get(2).labels());
        assertEquals(List.of("net-core"), room.standaloneRacks().stream().map(Rack::id).toList());
    }

    @Test
    void emptySitesFileGivesNoSites() throws Exception {
        files.write("sites.yaml", "");
        LoadedTopology loaded = load();
        assertEquals(List.of(), loaded.topology().sites());
        assertEquals(List.of(), loaded.warnings());
    }

    @Test
    void sitesFileWithoutSitesKeyGivesNoSites() throws Exception {
        files.write("sites.yaml", "other: 1\n");
        assertEquals(List.of(), load().topology().sites());
    }

    @Test
    void siteNameDefaultsToIdAndDescriptionToNull() throws Exception {
        files.write("sites.yaml", "sites:\n  - id: s1\n");
        Site site = load().topology().sites().get(0);
        assertEquals("s1", site.name());
        assertNull(site.description());
        assertNull(site.location());
        assertEquals(List.of(), site.rooms());
    }

    @Test
    void latLonWrittenDirectlyOnTheSiteAreIgnored() throws Exception {
        files.write("sites.yaml", "sites:\n  - {id: s1, lat: 48.85, lon: 2.35, rooms_path: x}\n");
        assertNull(load().topology().sites().get(0).location());
    }

    @Test
    void siteWithoutIdOrWithEmptyIdIsSilentlySkipped() throws Exception {
        files.write("sites.yaml", "sites:\n  - {name: No id}\n  - {id: '', name: Empty}\n  - {id: s2}\n");
        LoadedTopology loaded = load();
        assertEquals(List.of("s2"), loaded.topology().sites().stream().map(Site::id).toList());
        assertEquals(List.of(), loaded.warnings());
    }

    @Test
    void roomsAreFoundFromDirectoriesSortedByNameWhenRoomsIsAbsent() throws Exception {
        files.write("sites.yaml", "sites:\n  - id: s1\n");
        files.write(room("s1", "zulu") + "/room.yaml", "name: Z\n");
        files.write(room("s1", "alpha") + "/room.yaml", "name: A\n");
        files.write(room("s1", "mike") + "/room.yaml", "name: M\n");
        files.write("datacenters/s1/rooms/not-a-dir.yaml", "x: 1\n");
        assertEquals(List.of("alpha", "mike", "zulu"),
                load().topology().sites().get(0).rooms().stream().map(Room::id).toList());
    }

    @Test
    void roomsAreFoundFromDirectoriesWhenRoomsIsNullOrEmpty() throws Exception {
        files.write("sites.yaml", "sites:\n  - {id: s1, rooms: null}\n  - {id: s2, rooms: []}\n");
        files.write(room("s1", "b") + "/room.yaml", "");
        files.write(room("s1", "a") + "/room.yaml", "");
        files.write(room("s2", "c") + "/room.yaml", "");
        Topology t = load().topology();
        assertEquals(List.of("a", "b"), t.sites().get(0).rooms().stream().map(Room::id).toList());
        assertEquals(List.of("c"), t.sites().get(1).rooms().stream().map(Room::id).toList());
    }

    @Test
    void siteWithoutRoomsFolderHasNoRooms() throws Exception {
        files.write("sites.yaml", "sites:\n  - id: s1\n");
        assertEquals(List.of(), load().topology().sites().get(0).rooms());
    }

    @Test
    void roomReferencesAreUsedInListOrderAsStringsOrMappings() throws Exception {
        files.write("sites.yaml", "sites:\n  - id: s1\n    rooms: [zz, {id: aa, name: Ignored}, {name: no-id}, '']\n");
        files.write(room("s1", "zz") + "/room.yaml", "");
        files.write(room("s1", "aa") + "/room.yaml", "");
        LoadedTopology loaded = load();
        List<Room> rooms = loaded.topology().sites().get(0).rooms();
        assertEquals(List.of("zz", "aa"), rooms.stream().map(Room::id).toList());
        assertEquals("aa", rooms.get(1).name(), "the name in sites.yaml is ignored");
        assertEquals(List.of(), loaded.warnings());
    }

    @Test
    void emptyRoomFileGivesARoomNamedAfterItsReference() throws Exception {
        files.write("sites.yaml", "sites:\n  - id: s1\n");
        files.write(room("s1", "r1") + "/room.yaml", "");
        Room room = onlyRoom(load().topology());
        assertEquals("r1", room.id());
        assertEquals("r1", room.name());
        assertNull(room.description());
        assertNull(room.layout());
        assertEquals(List.of(), room.aisles());
        assertEquals(List.of(), room.standaloneRacks());
    }

    @Test
    void roomIdFromRoomFileWinsButPathsAndDefaultNameUseTheDirectory() throws Exception {
        files.write("sites.yaml", "sites:\n  - id: s1\n    rooms: [dir-name]\n");
        files.write(room("s1", "dir-name") + "/room.yaml", "id: api-id\naisles: [{id: a1}]\n");
        files.write(aisle("s1", "dir-name", "a1") + "/aisle.yaml", "racks: [k1]\n");
        files.write(aisle("s1", "dir-name", "a1") + "/racks/k1.yaml", "id: k1\nname: K1\n");
        Room room = onlyRoom(load().topology());
        assertEquals("api-id", room.id());
        assertEquals("dir-name", room.name(), "name defaults to the reference, not to the id");
        assertEquals("k1", room.aisles().get(0).racks().get(0).id());
    }

    @Test
    void aisleNameComesFromRoomFileAndDefaultsToItsId() throws Exception {
        files.write("sites.yaml", "sites:\n  - id: s1\n");
        files.write(room("s1", "r1") + "/room.yaml", "aisles:\n  - {id: a1, name: Front}\n  - {id: a2}\n"
                + "  - {name: no id}\n");
        files.write(aisle("s1", "r1", "a1") + "/aisle.yaml", "id: other\nname: Ignored\nroom_id: x\nracks: []\n");
        files.write(aisle("s1", "r1", "a2") + "/aisle.yaml", "");
        LoadedTopology loaded = load();
        List<Aisle> aisles = onlyRoom(loaded.topology()).aisles();
        assertEquals(List.of("a1", "a2"), aisles.stream().map(Aisle::id).toList());
        assertEquals(List.of("Front", "a2"), aisles.stream().map(Aisle::name).toList());
        assertEquals(List.of(), loaded.warnings());
    }

    @Test
    void rackReferenceByStringAndByIdOnlyMappingReadTheRackFile() throws Exception {
        files.minimal("n1");
        files.write(aisle("s1", "r1", "a1") + "/aisle.yaml", "racks: [k1, {id: k2}]\n");
        files.write(aisle("s1", "r1", "a1") + "/racks/k2.yaml", "id: k2\nname: From file\n");
        List<Rack> racks = onlyRoom(load().topology()).aisles().get(0).racks();
        assertEquals(List.of("Rack 1", "From file"), racks.stream().map(Rack::name).toList());
    }

    @Test
    void rackReferenceWithMoreKeysIsAnInlineRackAndNoFileIsRead() throws Exception {
        files.minimal("n1");
        files.write(aisle("s1", "r1", "a1") + "/aisle.yaml",
                "racks:\n  - {id: k1, name: Inline, devices: [{id: x, name: X, template_id: t, u_position: 2}]}\n");
        LoadedTopology loaded = load();
        Rack rack = onlyRoom(loaded.topology()).aisles().get(0).racks().get(0);
        assertEquals("Inline", rack.name());
        assertEquals("x", rack.devices().get(0).id());
        assertEquals(List.of(), loaded.warnings());
    }

    @Test
    void invalidRackReferencesAreSilentlySkipped() throws Exception {
        files.minimal("n1");
        files.write(aisle("s1", "r1", "a1") + "/aisle.yaml", "racks: [42, {name: no id}, '', {id: ''}, null, k1]\n");
        LoadedTopology loaded = load();
        assertEquals(List.of("k1"), onlyRoom(loaded.topology()).aisles().get(0).racks().stream().map(Rack::id).toList());
        assertEquals(List.of(), loaded.warnings());
    }

    @Test
    void theRackFileIdWinsOverTheFileName() throws Exception {
        files.minimal("n1");
        files.rack("id: real-id\nname: R\n");
        assertEquals("real-id", onlyRoom(load().topology()).aisles().get(0).racks().get(0).id());
    }

    @Test
    void emptyRackFileIsSilentlySkipped() throws Exception {
        files.minimal("n1");
        files.rack("");
        LoadedTopology loaded = load();
        assertEquals(List.of(), onlyRoom(loaded.topology()).aisles().get(0).racks());
        assertEquals(List.of(), loaded.warnings());
    }

    @Test
    void emptyAisleFileGivesAnAisleWithoutRacks() throws Exception {
        files.minimal("n1");
        files.write(aisle("s1", "r1", "a1") + "/aisle.yaml", "");
        assertEquals(List.of(), onlyRoom(load().topology()).aisles().get(0).racks());
    }

    @Test
    void standaloneRacksAreReadFromTheRoomsStandaloneFolder() throws Exception {
        files.write("sites.yaml", "sites:\n  - id: s1\n");
        files.write(room("s1", "r1") + "/room.yaml", "standalone_racks: [core, {id: inline, name: Inline}]\n");
        files.write(room("s1", "r1") + "/standalone_racks/core.yaml", "id: core\nname: Core\n");
        Room room = onlyRoom(load().topology());
        assertEquals(List.of("core", "inline"), room.standaloneRacks().stream().map(Rack::id).toList());
    }

    @Test
    void rackDefaultsAndAisleIdIsTheFilesOrElseTheListingAisle() throws Exception {
        files.minimal("n1");
        files.write(aisle("s1", "r1", "a1") + "/aisle.yaml", "racks: [k1, k2, {id: k3, name: K3}]\n");
        files.rack("id: k1\nname: K1\n");
        files.write(aisle("s1", "r1", "a1") + "/racks/k2.yaml", "id: k2\nname: K2\naisle_id: elsewhere\n"
                + "template_id: frame\nu_height: '48'\n");
        List<Rack> racks = onlyRoom(load().topology()).aisles().get(0).racks();
        // the original leaves a missing aisle_id null; the web UI's rack page needs it to find the room and aisle
        assertEquals(new Rack("k1", "K1", null, 42, "a1", List.of()), racks.get(0));
        assertEquals(new Rack("k2", "K2", "frame", 48, "elsewhere", List.of()), racks.get(1));
        assertEquals(new Rack("k3", "K3", null, 42, "a1", List.of()), racks.get(2), "inline rack");
    }

    @Test
    void standaloneRacksHaveNoAisleId() throws Exception {
        files.write("sites.yaml", "sites:\n  - id: s1\n");
        files.write(room("s1", "r1") + "/room.yaml", "standalone_racks: [core, {id: inline, name: Inline}]\n");
        files.write(room("s1", "r1") + "/standalone_racks/core.yaml", "id: core\nname: Core\n");
        Room room = onlyRoom(load().topology());
        assertEquals(Arrays.asList(null, null), room.standaloneRacks().stream().map(Rack::aisleId).toList());
    }

    @Test
    void unknownKeysAreIgnoredEverywhere() throws Exception {
        files.write("sites.yaml", "extra: 1\nsites:\n  - {id: s1, colour: red, rooms: [r1]}\n");
        files.write(room("s1", "r1") + "/room.yaml", "site_id: s1\nfloor: 3\naisles: [{id: a1, width: 2}]\n"
                + "layout: {size: {width_m: 9}, extra: 1}\n");
        files.write(aisle("s1", "r1", "a1") + "/aisle.yaml", "racks: [k1]\nfoo: bar\n");
        files.write(aisle("s1", "r1", "a1") + "/racks/k1.yaml", "id: k1\nname: K\nx: 1\nrotation: 90\n"
                + "devices: [{id: d, name: D, template_id: t, u_position: 1, face: rear}]\n");
        Room room = onlyRoom(load().topology());
        assertEquals(new RoomLayout.Size(24, 16), room.layout().size());
        assertEquals("d", room.aisles().get(0).racks().get(0).devices().get(0).id());
    }

    @Test
    void onlyDotYamlFilesAreRead() throws Exception {
        files.minimal("n1");
        files.write(aisle("s1", "r1", "a1") + "/aisle.yaml", "racks: [k1, k9]\n");
        files.write(aisle("s1", "r1", "a1") + "/racks/k9.yml", "id: k9\nname: K9\n");
        LoadedTopology loaded = load();
        assertEquals(1, onlyRoom(loaded.topology()).aisles().get(0).racks().size());
        assertEquals(1, loaded.warnings().size());
        assertMentions(loaded.warnings().get(0), "Missing rack file", "k9.yaml");
    }

    // ------------------------------------------------------------------ devices and instance forms

    @Test
    void instanceStringIsKeptAsWritten() throws Exception {
        files.minimal("\"compute[001-004]\"");
        assertEquals("compute[001-004]", onlyDevice(load().topology()).instance());
    }

    @Test
    void instanceListIsKeptAsWritten() throws Exception {
        files.minimal("[b, a]");
        assertEquals(List.of("b", "a"), onlyDevice(load().topology()).instance());
    }

    @Test
    void instanceSlotMapHasNumericStringKeysInFileOrder() throws Exception {
        files.minimal("{3: c, '01': a, 2: b}");
        Object instance = onlyDevice(load().topology()).instance();
        assertTrue(instance instanceof Map<?, ?>);
        Map<?, ?> map = (Map<?, ?>) instance;
        assertEquals(List.of("3", "1", "2"), List.copyOf(map.keySet()));
        assertEquals(List.of("c", "a", "b"), List.copyOf(map.values()));
    }

    @Test
    void absentInstanceIsAnEmptyMapAndNodesIsNull() throws Exception {
        files.minimal("n1");
        files.rack("id: k1\nname: K\ndevices: [{id: d1, name: D, template_id: t, u_position: 1}]\n");
        Device d = onlyDevice(load().topology());
        assertEquals(Map.of(), d.instance());
        assertNull(d.nodes());
        assertNull(d.labels());
    }

    @Test
    void legacyNodesIsKeptButNeverReplacesAnEmptyInstance() throws Exception {
        files.minimal("n1");
        files.rack("id: k1\nname: K\ndevices: [{id: d1, name: D, template_id: t, u_position: 1, nodes: 'n[1-2]'}]\n");
        Device d = onlyDevice(load().topology());
        assertEquals(Map.of(), d.instance());
        assertEquals("n[1-2]", d.nodes());
    }

    @Test
    void nullInstanceFailsValidationNamingTheRackFile() {
        files.minimal("null");
        LoadException e = loadFails();
        assertMentions(e.getMessage(), "Validation failed for segmented topology " + dir, "k1.yaml",
                "devices.0.instance");
        assertTrue(e.file().endsWith("k1.yaml"), e.file());
    }

    @Test
    void slotMapWithNonNumericKeyFailsValidation() {
        files.minimal("{first: n1}");
        assertMentions(loadFails().getMessage(), "devices.0.instance.first", "integer");
    }

    @Test
    void slotMapWithNonStringValueFailsValidation() {
        files.minimal("{1: 42}");
        assertMentions(loadFails().getMessage(), "devices.0.instance.1", "valid string");
    }

    @Test
    void instanceListWithNonStringElementFailsValidation() {
        files.minimal("[n1, 7]");
        assertMentions(loadFails().getMessage(), "devices.0.instance.1", "valid string");
    }

    @Test
    void numericInstanceFailsValidation() {
        files.minimal("42");
        assertMentions(loadFails().getMessage(), "devices.0.instance");
    }

    @Test
    void instanceRangeOverTheCapFailsWhenLoadingNotOnlyWhenIndexing() {
        files.minimal("'n[1-10001]'");
        LoadException e = loadFails();
        assertMentions(e.getMessage(), "k1.yaml", "devices.0.instance", "n[1-10001]", "10000");
    }

    @Test
    void deviceIdsAreNotCheckedAgainstTheIdPattern() throws Exception {
        files.minimal("n1");
        files.rack("id: k1\nname: K\ndevices: [{id: Chassis A/01, name: D, template_id: T_X, u_position: '3'}]\n");
        Device d = onlyDevice(load().topology());
        assertEquals("Chassis A/01", d.id());
        assertEquals(3, d.uPosition());
    }

    @Test
    void deviceWithoutNameFailsTheWholeTopology() {
        files.minimal("n1");
        files.rack("id: k1\nname: K\ndevices: [{id: d1, template_id: t, u_position: 1}]\n");
        assertMentions(loadFails().getMessage(), "devices.0.name: Field required");
    }

    @Test
    void fractionalUPositionFailsValidation() {
        files.minimal("n1");
        files.rack("id: k1\nname: K\ndevices: [{id: d1, name: D, template_id: t, u_position: 2.5}]\n");
        assertMentions(loadFails().getMessage(), "devices.0.u_position");
    }

    @Test
    void numericLabelValueFailsValidation() {
        files.minimal("n1");
        files.rack("id: k1\nname: K\ndevices: [{id: d1, name: D, template_id: t, u_position: 1, labels: {tray: 2}}]\n");
        assertMentions(loadFails().getMessage(), "devices.0.labels.tray", "valid string");
    }

    @Test
    void numericDeviceNameFailsValidation() {
        files.minimal("n1");
        files.rack("id: k1\nname: K\ndevices: [{id: d1, name: 42, template_id: t, u_position: 1}]\n");
        assertMentions(loadFails().getMessage(), "devices.0.name: Input should be a valid string");
    }

    // ------------------------------------------------------------------ room layout

    @Test
    void emptyLayoutGivesTheFullyDefaultedLayout() throws Exception {
        files.write("sites.yaml", "sites:\n  - id: s1\n");
        files.write(room("s1", "r1") + "/room.yaml", "layout: {}\n");
        assertEquals(new RoomLayout("rectangle", new RoomLayout.Size(24, 16), new RoomLayout.Orientation("top"),
                new RoomLayout.Grid(false, 32), new RoomLayout.Door("west", "Entrance", 0.2)),
                onlyRoom(load().topology()).layout());
    }

    @Test
    void absentOrNullLayoutIsNull() throws Exception {
        files.write("sites.yaml", "sites:\n  - id: s1\n");
        files.write(room("s1", "r1") + "/room.yaml", "name: R\n");
        files.write(room("s1", "r2") + "/room.yaml", "layout: null\n");
        Topology t = load().topology();
        assertNull(t.sites().get(0).rooms().get(0).layout());
        assertNull(t.sites().get(0).rooms().get(1).layout());
    }

    @Test
    void nullDoorStaysNullAndNullDoorLabelIsAllowed() throws Exception {
        files.write("sites.yaml", "sites:\n  - id: s1\n");
        files.write(room("s1", "r1") + "/room.yaml", "layout: {door: null, shape: polygon}\n");
        files.write(room("s1", "r2") + "/room.yaml", "layout: {door: {label: null}}\n");
        Topology t = load().topology();
        RoomLayout first = t.sites().get(0).rooms().get(0).layout();
        assertNull(first.door());
        assertEquals("polygon", first.shape());
        assertEquals(new RoomLayout.Door("west", null, 0.2), t.sites().get(0).rooms().get(1).layout().door());
    }

    @Test
    void layoutOutOfRangeValuesFailValidation() {
        files.write("sites.yaml", "sites:\n  - id: s1\n");
        files.write(room("s1", "r1") + "/room.yaml", "layout: {grid: {cell: 2}, door: {position: 1.5}}\n");
        LoadException e = loadFails();
        assertMentions(e.getMessage(), "room.yaml", "layout.grid.cell", "layout.door.position");
    }

    // ------------------------------------------------------------------ ids

    @Test
    void idPatternIsStrict() {
        assertTrue(TopologyLoader.isValidId("a"));
        assertTrue(TopologyLoader.isValidId("0rack.01_x-y"));
        assertTrue(TopologyLoader.isValidId("a".repeat(128)));
        assertFalse(TopologyLoader.isValidId("a".repeat(129)));
        assertFalse(TopologyLoader.isValidId(""));
        assertFalse(TopologyLoader.isValidId(".hidden"));
        assertFalse(TopologyLoader.isValidId("-x"));
        assertFalse(TopologyLoader.isValidId("Rack1"));
        assertFalse(TopologyLoader.isValidId("a b"));
        assertFalse(TopologyLoader.isValidId("a/b"));
        assertFalse(TopologyLoader.isValidId("rack1\n"), "Python's $ accepts a trailing newline; we do not");
    }

    @Test
    void rackIdFailingThePatternFailsTheTopologyNamingFileAndField() {
        files.minimal("n1");
        files.rack("id: Rack-01\nname: K\n");
        LoadException e = loadFails();
        assertMentions(e.getMessage(), "k1.yaml", "racks.0.id", "Invalid rack_id: 'Rack-01'");
    }

    @Test
    void rackIdWithTrailingNewlineIsRejectedUnlikePython() {
        files.minimal("n1");
        files.rack("id: \"k1\\n\"\nname: K\n");
        assertMentions(loadFails().getMessage(), "Invalid rack_id: 'k1\\n'");
    }

    @Test
    void siteRoomAndAisleIdsFailingThePatternFailTheTopology() {
        files.write("sites.yaml", "sites:\n  - id: Site1\n  - id: s2\n    rooms: [r1]\n");
        files.write(room("s2", "r1") + "/room.yaml", "id: Room_1\naisles: [{id: A1}]\n");
        String m = loadFails().getMessage();
        assertMentions(m, "Invalid site_id: 'Site1'", "Invalid room_id: 'Room_1'", "Invalid aisle_id: 'A1'",
                "sites.yaml", "room.yaml");
    }

    @Test
    void numericSiteIdFailsValidationInsteadOfCrashing() {
        files.write("sites.yaml", "sites:\n  - id: 2024\n");
        assertMentions(loadFails().getMessage(), "sites.yaml", "sites.0.id: Input should be a valid string");
    }

    @Test
    void roomAndRackReferencesThatAreNotPlainNamesAreRejectedInsteadOfLeavingTheTree() {
        files.write("sites.yaml", "sites:\n  - id: s1\n    rooms: ['../../escape']\n  - id: s2\n    rooms: [r1]\n");
        files.write(room("s2", "r1") + "/room.yaml", "standalone_racks: ['../../../../sites']\n");
        LoadException e = loadFails();
        assertMentions(e.getMessage(), "invalid room reference '../../escape'", "invalid rack reference");
    }

    // ------------------------------------------------------------------ §4.1: whole-load failures

    @Test
    void missingTopologyPathFails() {
        LoadException e = assertThrows(LoadException.class, () -> TopologyLoader.load(dir.resolve("nope")));
        assertMentions(e.getMessage(), "Topology file not found", "nope");
    }

    @Test
    void missingSitesFileFailsNamingIt() {
        LoadException e = loadFails();
        assertMentions(e.getMessage(), "Topology sites file not found", dir.resolve("sites.yaml").toString());
        assertEquals(dir.resolve("sites.yaml").toString(), e.file());
    }

    @Test
    void malformedSitesFileFailsWithFileAndLine() {
        Path f = files.write("sites.yaml", "sites:\n  - id: s1\n    name: [unclosed\n");
        LoadException e = loadFails();
        assertMentions(e.getMessage(), "Error parsing YAML file", f.toString());
        assertEquals(f.toString(), e.file());
        assertTrue(e.line() != null && e.line() >= 3, "line " + e.line());
    }

    @Test
    void malformedRoomFileFailsWithFileAndLine() {
        files.write("sites.yaml", "sites:\n  - id: s1\n");
        Path f = files.write(room("s1", "r1") + "/room.yaml", "name: R\naisles: [\n  {id: a1\n");
        LoadException e = loadFails();
        assertEquals(f.toString(), e.file());
        assertMentions(e.getMessage(), f.toString(), "line");
        assertTrue(e.line() != null);
    }

    @Test
    void malformedAisleFileFailsWithFileAndLine() {
        files.minimal("n1");
        Path f = files.write(aisle("s1", "r1", "a1") + "/aisle.yaml", "racks:\n  - k1\n bad: [\n");
        LoadException e = loadFails();
        assertEquals(f.toString(), e.file());
        assertTrue(e.line() != null);
    }

    @Test
    void malformedRackFileFailsWithFileAndLine() {
        files.minimal("n1");
        Path f = files.rack("id: k1\nname: K\ndevices:\n  - {id: d1, name: 'unterminated}\n");
        LoadException e = loadFails();
        assertEquals(f.toString(), e.file());
        assertMentions(e.getMessage(), f.toString());
        assertTrue(e.line() != null);
    }

    @Test
    void nullSitesFailsNamingTheFileInsteadOfCrashing() {
        files.write("sites.yaml", "sites:\n");
        assertMentions(loadFails().getMessage(), "sites.yaml", "'sites'");
    }

    @Test
    void sitesFileThatIsNotAMappingFailsNamingTheFileInsteadOfCrashing() {
        files.write("sites.yaml", "- id: s1\n");
        LoadException e = loadFails();
        assertMentions(e.getMessage(), "sites.yaml", "mapping");
    }

    @Test
    void siteEntryThatIsNotAMappingFailsNamingTheFileInsteadOfCrashing() {
        files.write("sites.yaml", "sites: [s1]\n");
        assertMentions(loadFails().getMessage(), "sites.yaml", "sites[0]");
    }

    @Test
    void roomsThatIsNotAListFailsNamingTheFileInsteadOfCrashing() {
        files.write("sites.yaml", "sites:\n  - {id: s1, rooms: r1}\n");
        assertMentions(loadFails().getMessage(), "sites.yaml", "'rooms' must be a list");
    }

    @Test
    void roomFileThatIsNotAMappingFailsNamingTheFileInsteadOfCrashing() {
        files.write("sites.yaml", "sites:\n  - id: s1\n");
        Path f = files.write(room("s1", "r1") + "/room.yaml", "- a1\n");
        LoadException e = loadFails();
        assertEquals(f.toString(), e.file());
        assertMentions(e.getMessage(), f.toString(), "mapping");
    }

    @Test
    void nullAislesFailsNamingTheRoomFileInsteadOfCrashing() {
        files.write("sites.yaml", "sites:\n  - id: s1\n");
        Path f = files.write(room("s1", "r1") + "/room.yaml", "aisles: null\n");
        LoadException e = loadFails();
        assertEquals(f.toString(), e.file());
        assertMentions(e.getMessage(), "'aisles'");
    }

    @Test
    void stringAisleEntryFailsNamingTheRoomFileInsteadOfCrashing() {
        files.write("sites.yaml", "sites:\n  - id: s1\n");
        Path f = files.write(room("s1", "r1") + "/room.yaml", "aisles: [row-1]\n");
        LoadException e = loadFails();
        assertEquals(f.toString(), e.file());
        assertMentions(e.getMessage(), "aisles[0]", "{id: row-1", "'row-1'");
    }

    @Test
    void nullStandaloneRacksFailsNamingTheRoomFileInsteadOfCrashing() {
        files.write("sites.yaml", "sites:\n  - id: s1\n");
        Path f = files.write(room("s1", "r1") + "/room.yaml", "standalone_racks:\n");
        LoadException e = loadFails();
        assertEquals(f.toString(), e.file());
        assertMentions(e.getMessage(), "'standalone_racks'");
    }

    @Test
    void nullAisleRacksFailsNamingTheAisleFileInsteadOfCrashing() {
        files.minimal("n1");
        Path f = files.write(aisle("s1", "r1", "a1") + "/aisle.yaml", "racks: null\n");
        LoadException e = loadFails();
        assertEquals(f.toString(), e.file());
        assertMentions(e.getMessage(), "'racks'");
    }

    @Test
    void aisleFileThatIsNotAMappingFailsNamingTheFileInsteadOfCrashing() {
        files.minimal("n1");
        Path f = files.write(aisle("s1", "r1", "a1") + "/aisle.yaml", "just text\n");
        assertEquals(f.toString(), loadFails().file());
    }

    @Test
    void rackFileThatIsNotAMappingFailsValidationNamingTheFile() {
        files.minimal("n1");
        Path f = files.rack("- k1\n");
        LoadException e = loadFails();
        assertMentions(e.getMessage(), "Validation failed", f.toString(), "instance of Rack");
    }

    @Test
    void rackWithoutNameFailsNamingTheFile() {
        files.minimal("n1");
        Path f = files.rack("id: k1\n");
        LoadException e = loadFails();
        assertMentions(e.getMessage(), f.toString(), "racks.0.name: Field required");
        assertEquals(f.toString(), e.file());
    }

    @Test
    void rackUHeightOver60FailsValidation() {
        files.minimal("n1");
        files.rack("id: k1\nname: K\nu_height: 61\n");
        assertMentions(loadFails().getMessage(), "racks.0.u_height", "less than or equal to 60");
    }

    @Test
    void inlineRackProblemNamesTheAisleFile() {
        files.minimal("n1");
        Path f = files.write(aisle("s1", "r1", "a1") + "/aisle.yaml", "racks: [{id: k1, u_height: 0}]\n");
        LoadException e = loadFails();
        assertMentions(e.getMessage(), f.toString(), "racks.0.name", "racks.0.u_height");
    }

    @Test
    void latitudeOutOfRangeFailsValidation() {
        files.write("sites.yaml", "sites:\n  - {id: s1, location: {lat: 91, lon: 0}}\n");
        assertMentions(loadFails().getMessage(), "sites.0.location.lat", "less than or equal to 90");
    }

    @Test
    void locationWithoutLonFailsValidation() {
        files.write("sites.yaml", "sites:\n  - {id: s1, location: {lat: 1}}\n");
        assertMentions(loadFails().getMessage(), "sites.0.location.lon: Field required");
    }

    @Test
    void duplicateSiteIdsFailTheLoad() {
        files.write("sites.yaml", "sites:\n  - id: s1\n  - id: s1\n");
        assertMentions(loadFails().getMessage(), "Duplicate site IDs found in topology");
    }

    @Test
    void duplicateRoomIdsInOneSiteFailTheLoad() {
        files.write("sites.yaml", "sites:\n  - id: s1\n    rooms: [r1, r2]\n");
        files.write(room("s1", "r1") + "/room.yaml", "id: same\n");
        Path second = files.write(room("s1", "r2") + "/room.yaml", "id: same\n");
        LoadException e = loadFails();
        assertMentions(e.getMessage(), "Duplicate room IDs found in site", second.toString());
    }

    @Test
    void duplicateAisleIdsInOneRoomFailTheLoad() {
        files.minimal("n1");
        Path f = files.write(room("s1", "r1") + "/room.yaml", "aisles: [{id: a1}, {id: a1, name: Again}]\n");
        LoadException e = loadFails();
        assertMentions(e.getMessage(), "Duplicate aisle IDs found in room", f.toString(), "sites.0.rooms.0.aisles");
    }

    @Test
    void validationMessageListsEveryOffendingFile() {
        files.minimal("n1");
        files.write(aisle("s1", "r1", "a1") + "/aisle.yaml", "racks: [k1, k2]\n");
        Path k1 = files.rack("id: k1\n");
        Path k2 = files.write(aisle("s1", "r1", "a1") + "/racks/k2.yaml", "id: k2\nname: K\nu_height: 99\n");
        LoadException e = loadFails();
        assertMentions(e.getMessage(), k1.toString(), k2.toString());
        assertEquals(k1.toString(), e.file());
    }

    // ------------------------------------------------------------------ §4.1: warnings

    @Test
    void missingRoomFileWarnsNamingItAndSkipsTheRoom() throws Exception {
        files.write("sites.yaml", "sites:\n  - id: s1\n    rooms: [r1, ghost]\n");
        files.write(room("s1", "r1") + "/room.yaml", "");
        LoadedTopology loaded = load();
        assertEquals(List.of("r1"), loaded.topology().sites().get(0).rooms().stream().map(Room::id).toList());
        assertEquals(1, loaded.warnings().size());
        assertMentions(loaded.warnings().get(0), "Missing room file",
                dir.resolve(room("s1", "ghost") + "/room.yaml").toString());
    }

    @Test
    void missingAisleFileWarnsNamingItAndSkipsTheAisle() throws Exception {
        files.minimal("n1");
        files.write(room("s1", "r1") + "/room.yaml", "aisles: [{id: a1}, {id: a2}]\n");
        LoadedTopology loaded = load();
        assertEquals(List.of("a1"), onlyRoom(loaded.topology()).aisles().stream().map(Aisle::id).toList());
        assertEquals(1, loaded.warnings().size());
        assertMentions(loaded.warnings().get(0), "Missing aisle file",
                dir.resolve(aisle("s1", "r1", "a2") + "/aisle.yaml").toString());
    }

    @Test
    void missingRackFileWarnsNamingItAndSkipsTheRack() throws Exception {
        files.minimal("n1");
        files.write(room("s1", "r1") + "/room.yaml", "aisles: [{id: a1}]\nstandalone_racks: [gone]\n");
        LoadedTopology loaded = load();
        assertEquals(List.of(), onlyRoom(loaded.topology()).standaloneRacks());
        assertEquals(1, loaded.warnings().size());
        assertMentions(loaded.warnings().get(0), "Missing rack file",
                dir.resolve(room("s1", "r1") + "/standalone_racks/gone.yaml").toString());
    }

    @Test
    void duplicateRackIdsOnlyWarnNamingBothFiles() throws Exception {
        files.minimal("n1");
        files.write(room("s1", "r1") + "/room.yaml", "aisles: [{id: a1}]\nstandalone_racks: [other]\n");
        Path other = files.write(room("s1", "r1") + "/standalone_racks/other.yaml", "id: k1\nname: Dup\n");
        LoadedTopology loaded = load();
        assertEquals(1, loaded.warnings().size());
        assertMentions(loaded.warnings().get(0), "Duplicate rack id 'k1'", other.toString(), "k1.yaml");
    }

    @Test
    void duplicateRoomIdsAcrossSitesOnlyWarn() throws Exception {
        files.write("sites.yaml", "sites:\n  - {id: s1, rooms: [r1]}\n  - {id: s2, rooms: [r1]}\n");
        files.write(room("s1", "r1") + "/room.yaml", "");
        Path second = files.write(room("s2", "r1") + "/room.yaml", "");
        LoadedTopology loaded = load();
        assertEquals(2, loaded.topology().sites().size());
        assertEquals(1, loaded.warnings().size());
        assertMentions(loaded.warnings().get(0), "Duplicate room id 'r1'", second.toString(), "'s1'");
    }

    @Test
    void duplicateDeviceIdsOnlyWarn() throws Exception {
        files.minimal("n1");
        Path f = files.rack("id: k1\nname: K\ndevices:\n  - {id: d1, name: A, template_id: t, u_position: 1}\n"
                + "  - {id: d1, name: B, template_id: t, u_position: 2}\n");
        LoadedTopology loaded = load();
        assertEquals(1, loaded.warnings().size());
        assertMentions(loaded.warnings().get(0), "Duplicate device id 'd1'", f.toString());
    }

    @Test
    void instanceNameCollisionOnlyWarnsNamingTheFile() throws Exception {
        files.minimal("n1");
        Path f = files.rack("id: k1\nname: K\ndevices:\n"
                + "  - {id: d1, name: A, template_id: t, u_position: 1, instance: 'n[1-2]'}\n"
                + "  - {id: d2, name: B, template_id: t, u_position: 2, instance: [n2]}\n");
        LoadedTopology loaded = load();
        assertEquals(1, loaded.warnings().size());
        assertMentions(loaded.warnings().get(0), "Instance name collision", "'n2'", "'d2'", "'d1'", f.toString());
    }

    @Test
    void silentlySkippedEntriesProduceNoWarnings() throws Exception {
        files.minimal("n1");
        files.write("sites.yaml", "sites:\n  - {name: no id}\n  - id: s1\n    rooms: [r1, {name: x}]\n");
        files.write(room("s1", "r1") + "/room.yaml", "aisles: [{id: a1}, {name: no id}]\nstandalone_racks: [3, '']\n");
        files.write(aisle("s1", "r1", "a1") + "/aisle.yaml", "racks: [k1, empty]\n");
        files.write(aisle("s1", "r1", "a1") + "/racks/empty.yaml", "");
        assertEquals(List.of(), load().warnings());
    }
}
