package dev.rackscope.core.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rackscope.api.model.Rack;
import dev.rackscope.api.model.Room;
import dev.rackscope.api.model.RoomLayout;
import dev.rackscope.api.model.Topology;
import dev.rackscope.core.load.TopologyLoader.LoadedTopology;

/** The monolithic layout (core.md §2.1): one file that is exactly the Topology model. */
class TopologyLoaderMonolithicTest {

    @TempDir
    Path dir;

    TopologyFiles files;

    @BeforeEach
    void setUp() {
        files = new TopologyFiles(dir);
    }

    private static final String FULL = """
            sites:
              - id: s1
                name: Site 1
                location: {lat: 1.5, lon: 2}
                rooms:
                  - id: r1
                    name: Room 1
                    layout: {}
                    aisles:
                      - id: a1
                        name: Aisle 1
                        racks:
                          - id: k1
                            name: Rack 1
                            devices:
                              - {id: d1, name: D1, template_id: t, u_position: 1, instance: 'n[1-3]'}
                    standalone_racks:
                      - {id: k2, name: Rack 2, u_height: 10}
            """;

    @Test
    void loadsAMonolithicFile() throws Exception {
        Path f = files.write("topology.yaml", FULL);
        LoadedTopology loaded = TopologyLoader.load(f);
        assertEquals(List.of(), loaded.warnings());
        Room room = loaded.topology().sites().get(0).rooms().get(0);
        assertEquals("Room 1", room.name());
        assertEquals(new RoomLayout.Door("west", "Entrance", 0.2), room.layout().door());
        Rack k1 = room.aisles().get(0).racks().get(0);
        assertEquals("n[1-3]", k1.devices().get(0).instance());
        assertEquals(42, k1.uHeight());
        assertEquals(10, room.standaloneRacks().get(0).uHeight());
        assertEquals("a1", k1.aisleId(), "a rack without aisle_id takes its aisle's id");
        assertNull(room.standaloneRacks().get(0).aisleId());
        assertEquals(1.5, loaded.topology().sites().get(0).location().lat());
    }

    @Test
    void emptyFileGivesAnEmptyTopology() throws Exception {
        Path f = files.write("topology.yaml", "");
        LoadedTopology loaded = TopologyLoader.load(f);
        assertEquals(Topology.EMPTY, loaded.topology());
        assertEquals(List.of(), loaded.warnings());
    }

    @Test
    void emptyMappingGivesAnEmptyTopology() throws Exception {
        Path f = files.write("topology.yaml", "{}\n");
        assertEquals(List.of(), TopologyLoader.load(f).topology().sites());
    }

    @Test
    void nameIsRequiredAtEveryLevelBecauseNoDefaultsAreFilled() {
        Path f = files.write("topology.yaml", """
                sites:
                  - id: s1
                    rooms:
                      - id: r1
                        aisles:
                          - id: a1
                            racks: [{id: k1}]
                """);
        LoadException e = assertThrows(LoadException.class, () -> TopologyLoader.load(f));
        String m = e.getMessage();
        assertTrue(m.startsWith("Validation failed for " + f + ": "), m);
        for (String loc : List.of("sites.0.name", "sites.0.rooms.0.name", "sites.0.rooms.0.aisles.0.name",
                "sites.0.rooms.0.aisles.0.racks.0.name")) {
            assertTrue(m.contains(loc + ": Field required"), loc + " in " + m);
        }
        assertEquals(f.toString(), e.file());
    }

    @Test
    void malformedYamlFailsWithFileAndLine() {
        Path f = files.write("topology.yaml", "sites:\n  - id: s1\n    name: 'oops\n");
        LoadException e = assertThrows(LoadException.class, () -> TopologyLoader.load(f));
        assertTrue(e.getMessage().contains("Error parsing YAML file " + f), e.getMessage());
        assertEquals(f.toString(), e.file());
        assertTrue(e.line() != null);
    }

    @Test
    void documentThatIsNotAMappingFailsValidation() {
        Path f = files.write("topology.yaml", "- a\n- b\n");
        LoadException e = assertThrows(LoadException.class, () -> TopologyLoader.load(f));
        assertTrue(e.getMessage().startsWith("Validation failed for " + f), e.getMessage());
    }

    @Test
    void nullSitesFailsValidation() {
        Path f = files.write("topology.yaml", "sites: null\n");
        LoadException e = assertThrows(LoadException.class, () -> TopologyLoader.load(f));
        assertTrue(e.getMessage().contains("sites: Input should be a valid list"), e.getMessage());
    }

    @Test
    void duplicateAisleIdsFailAndDuplicateRackIdsWarn() throws Exception {
        Path dupAisle = files.write("a.yaml", """
                sites: [{id: s1, name: S, rooms: [{id: r1, name: R, aisles: [{id: a1, name: A}, {id: a1, name: B}]}]}]
                """);
        LoadException e = assertThrows(LoadException.class, () -> TopologyLoader.load(dupAisle));
        assertTrue(e.getMessage().contains("Duplicate aisle IDs found in room"), e.getMessage());

        Path dupRack = files.write("b.yaml", """
                sites: [{id: s1, name: S, rooms: [{id: r1, name: R, standalone_racks: [{id: k, name: A}, {id: k, name: B}]}]}]
                """);
        LoadedTopology loaded = TopologyLoader.load(dupRack);
        assertEquals(1, loaded.warnings().size());
        assertTrue(loaded.warnings().get(0).contains(dupRack.toString()), loaded.warnings().get(0));
    }

    @Test
    void instanceFormsAreKeptAsWritten() throws Exception {
        Path f = files.write("t.yaml", """
                sites: [{id: s1, name: S, rooms: [{id: r1, name: R, standalone_racks: [{id: k, name: K, devices: [
                  {id: a, name: A, template_id: t, u_position: 1, instance: {2: y, 1: x}},
                  {id: b, name: B, template_id: t, u_position: 2}]}]}]}]
                """);
        Rack rack = TopologyLoader.load(f).topology().sites().get(0).rooms().get(0).standaloneRacks().get(0);
        assertEquals(List.of("2", "1"), List.copyOf(((Map<?, ?>) rack.devices().get(0).instance()).keySet()));
        assertEquals(Map.of(), rack.devices().get(1).instance());
        assertNull(rack.devices().get(1).nodes());
    }
}
