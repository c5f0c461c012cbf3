package dev.rackscope.core.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rackscope.api.model.Aisle;
import dev.rackscope.api.model.Device;
import dev.rackscope.api.model.Rack;
import dev.rackscope.api.model.Room;
import dev.rackscope.api.model.Site;
import dev.rackscope.api.model.Topology;
import dev.rackscope.api.snapshot.TopologyIndex;

class TopologyIndexBuilderTest {

    private static Device device(String id, Object instance) {
        return new Device(id, id, "t", 1, instance, null, null);
    }

    private static Topology topology() {
        Rack k1 = new Rack("k1", "K1", null, 42, null, List.of(device("d1", "n[1-3]"), device("d2", List.of("x"))));
        Rack k2 = new Rack("k2", "K2", null, 42, null, List.of(device("d3", Map.of("1", "y"))));
        Room r1 = new Room("r1", "R1", null, null, List.of(new Aisle("a1", "A1", List.of(k1))), List.of(k2));
        return new Topology(List.of(new Site("s1", "S1", null, null, List.of(r1))));
    }

    @Test
    void indexesEveryLevelById() {
        TopologyIndex index = TopologyIndexBuilder.build(topology());
        assertEquals("S1", index.sites().get("s1").name());
        assertEquals("s1", index.rooms().get("r1").site().id());
        assertEquals("r1", index.aisles().get("a1").room().id());

        TopologyIndex.RackRef k1 = index.racks().get("k1");
        assertEquals("a1", k1.aisleId());
        assertFalse(k1.standalone());
        assertEquals("r1", k1.room().id());
        TopologyIndex.RackRef k2 = index.racks().get("k2");
        assertNull(k2.aisleId());
        assertTrue(k2.standalone());

        assertEquals("k1", index.devices().get("d2").rack().id());
    }

    @Test
    void deviceRefCarriesTheCanonicalExpansion() {
        TopologyIndex index = TopologyIndexBuilder.build(topology());
        assertEquals(List.of("n1", "n2", "n3"), index.devices().get("d1").instances());
        assertEquals(List.of("y"), index.devices().get("d3").instances());
    }

    @Test
    void instancesMapEveryExpandedNameToItsPlace() {
        TopologyIndex index = TopologyIndexBuilder.build(topology());
        assertEquals(List.of("n1", "n2", "n3", "x", "y"), List.copyOf(index.instances().keySet()));
        TopologyIndex.InstanceRef n2 = index.instances().get("n2");
        assertEquals("n2", n2.instance());
        assertEquals("d1", n2.device().id());
        assertEquals("k1", n2.rack().id());
        assertEquals("r1", n2.room().id());
        assertEquals("s1", n2.site().id());
    }

    @Test
    void legacyNodesAreNotIndexed() {
        Device d = new Device("d", "D", "t", 1, Map.of(), "n[1-2]", null);
        Rack k = new Rack("k", "K", null, 42, null, List.of(d));
        Topology t = new Topology(List.of(new Site("s", "S", null, null,
                List.of(new Room("r", "R", null, null, List.of(), List.of(k))))));
        TopologyIndex index = TopologyIndexBuilder.build(t);
        assertEquals(Map.of(), index.instances());
        assertEquals(List.of(), index.devices().get("d").instances());
    }

    @Test
    void lastOccurrenceWinsAndCollisionsAreReported() {
        Rack first = new Rack("k", "First", null, 42, null, List.of(device("d", "n[1-2]")));
        Rack second = new Rack("k", "Second", null, 42, null, List.of(device("d", List.of("n2"))));
        Room a = new Room("r", "A", null, null, List.of(new Aisle("a", "A", List.of(first))), List.of());
        Room b = new Room("r", "B", null, null, List.of(new Aisle("a", "B", List.of())), List.of(second));
        Topology t = new Topology(List.of(new Site("s1", "S1", null, null, List.of(a)),
                new Site("s2", "S2", null, null, List.of(b))));
        List<String> warnings = new ArrayList<>();
        TopologyIndex index = TopologyIndexBuilder.build(t, warnings::add);
        assertEquals("Second", index.racks().get("k").rack().name());
        assertSame(second, index.devices().get("d").rack());
        assertEquals("B", index.rooms().get("r").room().name());
        assertEquals("B", index.aisles().get("a").aisle().name());
        assertSame(second, index.instances().get("n2").rack());
        assertSame(first, index.instances().get("n1").rack());
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("Instance name collision: 'n2'"), warnings.get(0));
    }

    @Test
    void rangeOverTheCapFailsTheBuildOfAHandMadeTopology() {
        Rack k = new Rack("k", "K", null, 42, null, List.of(device("d", "n[1-20000]")));
        Topology t = new Topology(List.of(new Site("s", "S", null, null,
                List.of(new Room("r", "R", null, null, List.of(), List.of(k))))));
        assertThrows(InstanceExpander.RangeTooLargeException.class, () -> TopologyIndexBuilder.build(t));
    }

    @Test
    void emptyTopologyGivesEmptyIndex() {
        TopologyIndex index = TopologyIndexBuilder.build(Topology.EMPTY);
        assertTrue(index.sites().isEmpty() && index.racks().isEmpty() && index.instances().isEmpty());
    }

    @Test
    void indexMapsAreReadOnly() {
        TopologyIndex index = TopologyIndexBuilder.build(topology());
        assertThrows(UnsupportedOperationException.class, () -> index.racks().clear());
    }

    @Test
    void loaderAndIndexAgreeOnALoadedTopology(@TempDir Path dir) throws Exception {
        TopologyFiles files = new TopologyFiles(dir).minimal("{2: b, 1: a}");
        TopologyIndex index = TopologyIndexBuilder.build(TopologyLoader.load(files.root()).topology());
        assertEquals(List.of("b", "a"), index.devices().get("d1").instances());
        assertEquals("k1", index.instances().get("a").rack().id());
    }
}
