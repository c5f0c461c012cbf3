package dev.rackscope.slurm;

import static dev.rackscope.slurm.Fixtures.device;
import static dev.rackscope.slurm.Fixtures.rack;
import static dev.rackscope.slurm.Fixtures.room;
import static dev.rackscope.slurm.Fixtures.site;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.rackscope.api.model.Aisle;
import dev.rackscope.api.model.Device;
import dev.rackscope.api.model.Rack;
import dev.rackscope.api.model.Room;
import dev.rackscope.api.model.Topology;
import dev.rackscope.api.snapshot.Snapshot;
import dev.rackscope.api.snapshot.TopologyIndex;

/** Room node sets and node context from the topology index (§3.8, §3.9, §6.21–22, §8.1). */
class SlurmTopologyTest {

    private static Set<String> roomNodes(Topology t, String roomId) {
        Snapshot s = Fixtures.snapshot(t);
        return SlurmTopology.roomNodes(s.index(), SlurmTopology.room(s, roomId));
    }

    @Test
    void aisleRackDevicesAndStandaloneRacksAreTheRoomsNodes() { // §6.21
        Rack r1 = rack("r1", "R1", device("d1", "D1", "node01"), device("d2", "D2", "node02"));
        Rack lone = rack("r2", "R2", device("d3", "D3", "node99"));
        Topology t = new Topology(List.of(site("s", "S",
                room("room1", "Room", List.of(new Aisle("a", "A", List.of(r1))), List.of(lone)))));

        assertEquals(List.of("node01", "node02", "node99"), List.copyOf(roomNodes(t, "room1")));
    }

    @Test
    void rangesAreExpandedByTheIndex() { // §6.21
        Topology t = new Topology(List.of(site("s", "S", room("room1", "Room",
                List.of(new Aisle("a", "A", List.of(rack("r1", "R1", device("d", "D", "node[01-03]"))))), List.of()))));
        assertEquals(Set.of("node01", "node02", "node03"), roomNodes(t, "room1"));
    }

    @Test
    void anEmptyRoomHasNoNodes() { // §6.21
        Topology t = new Topology(List.of(site("s", "S", room("room1", "Room", List.of(), List.of()))));
        assertEquals(Set.of(), roomNodes(t, "room1"));
    }

    @Test
    void legacyNodesFieldIsNotRead() { // §8.1
        Device legacy = new Device("d", "D", "tpl", 1, Map.of(), "old[1-4]", Map.of());
        Topology t = new Topology(List.of(site("s", "S", room("room1", "Room", List.of(), List.of(rack("r", "R", legacy))))));
        assertEquals(Set.of(), roomNodes(t, "room1"));
    }

    @Test
    void slotMapsAndListsUseTheirValues() {
        Map<String, String> slots = new LinkedHashMap<>();
        slots.put("1", "blade-a");
        slots.put("2", "blade-b");
        Topology t = new Topology(List.of(site("s", "S", room("room1", "Room", List.of(),
                List.of(rack("r", "R", device("c", "C", slots), device("l", "L", List.of("x1", "x2"))))))));
        assertEquals(List.of("blade-a", "blade-b", "x1", "x2"), List.copyOf(roomNodes(t, "room1")));
    }

    @Test
    void aDeviceIdUsedInTwoRoomsKeepsEachRoomsOwnInstances() {
        Topology t = new Topology(List.of(site("s", "S",
                room("room1", "One", List.of(), List.of(rack("r1", "R1", device("dup", "D", "a[1-2]")))),
                room("room2", "Two", List.of(), List.of(rack("r2", "R2", device("dup", "D", "b[1-2]")))))));
        assertEquals(Set.of("a1", "a2"), roomNodes(t, "room1"));
        assertEquals(Set.of("b1", "b2"), roomNodes(t, "room2"));
    }

    @Test
    void roomsAreFoundThroughTheIndexThenByWalkingTheTopology() {
        Topology t = Fixtures.specTopology();
        Snapshot s = Fixtures.snapshot(t);
        assertSame(t.sites().get(0).rooms().get(0), SlurmTopology.room(s, "room1"));
        assertNull(SlurmTopology.room(s, "nope"));

        Snapshot noIndex = new Snapshot(1, s.loadedAt(), s.config(), s.appConfigFile(), t, s.catalog(), List.of(),
                List.of(), TopologyIndex.EMPTY, List.of());
        Room found = SlurmTopology.room(noIndex, "room1");
        assertEquals("Server Room 1", found.name());
    }

    @Test
    void contextHasTheEightPlaceFields() { // §6.22
        Snapshot s = Fixtures.snapshot(Fixtures.specTopology());
        Map<String, Object> e = new LinkedHashMap<>();
        SlurmTopology.putContext(e, s.index().instances().get("node01"));

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("site_id", "site1");
        expected.put("site_name", "Datacenter 1");
        expected.put("room_id", "room1");
        expected.put("room_name", "Server Room 1");
        expected.put("rack_id", "rack01");
        expected.put("rack_name", "Rack 01");
        expected.put("device_id", "dev1");
        expected.put("device_name", "Compute Node");
        assertEquals(expected, e);
    }

    @Test
    void aLiteralAndARangeGiveThreeContexts() { // §6.22
        Topology t = new Topology(List.of(site("site1", "S", room("room1", "R", List.of(new Aisle("a", "A",
                List.of(rack("rack01", "R", device("d1", "D1", "node01"), device("d2", "D2", "node[02-03]"))))),
                List.of()))));
        assertEquals(3, Fixtures.snapshot(t).index().instances().size());
        assertEquals(Set.of("node01", "node02", "node03"), roomNodes(t, "room1"));
    }
}
