package dev.rackscope.slurm;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.rackscope.api.model.Aisle;
import dev.rackscope.api.model.Device;
import dev.rackscope.api.model.Rack;
import dev.rackscope.api.model.Room;
import dev.rackscope.api.model.Site;
import dev.rackscope.api.snapshot.Snapshot;
import dev.rackscope.api.snapshot.TopologyIndex;
import dev.rackscope.api.snapshot.TopologyIndex.DeviceRef;
import dev.rackscope.api.snapshot.TopologyIndex.InstanceRef;
import dev.rackscope.api.snapshot.TopologyIndex.RoomRef;

/**
 * What the Slurm views need from the topology: rooms by id, a room's node names (§3.8) and the place of a
 * node (§3.9). Instance names always come from the core's topology index, so the plugin expands
 * {@code instance} patterns exactly as the rest of the server does (§7.9).
 */
final class SlurmTopology {

    private SlurmTopology() {
    }

    /** The room with this id: through the index (last one wins), then a walk of the topology. */
    static Room room(Snapshot snapshot, String roomId) {
        RoomRef ref = snapshot.index().rooms().get(roomId);
        if (ref != null) {
            return ref.room();
        }
        for (Site site : snapshot.topology().sites()) {
            for (Room room : site.rooms()) {
                if (roomId.equals(room.id())) {
                    return room;
                }
            }
        }
        return null;
    }

    /**
     * The instance names of every device of every rack of the room (aisle racks, then standalone racks), in
     * that order. The legacy {@code nodes} field is not read (§8.1).
     */
    static Set<String> roomNodes(TopologyIndex index, Room room) {
        Set<String> names = new LinkedHashSet<>();
        for (Aisle aisle : room.aisles()) {
            for (Rack rack : aisle.racks()) {
                addRack(index, rack, names);
            }
        }
        for (Rack rack : room.standaloneRacks()) {
            addRack(index, rack, names);
        }
        return names;
    }

    private static void addRack(TopologyIndex index, Rack rack, Set<String> names) {
        for (Device device : rack.devices()) {
            names.addAll(instances(index, device));
        }
    }

    /** The index's expansion of a device; a device id used twice is found among the instances instead. */
    private static List<String> instances(TopologyIndex index, Device device) {
        DeviceRef ref = index.devices().get(device.id());
        if (ref != null && (ref.device() == device || ref.device().equals(device))) {
            return ref.instances();
        }
        return index.instances().values().stream().filter(i -> i.device() == device).map(InstanceRef::instance)
                .toList();
    }

    /** Adds the 8 context keys of §3.9 for a node that is in the topology. */
    static void putContext(java.util.Map<String, Object> entry, InstanceRef ref) {
        entry.put("site_id", ref.site().id());
        entry.put("site_name", ref.site().name());
        entry.put("room_id", ref.room().id());
        entry.put("room_name", ref.room().name());
        entry.put("rack_id", ref.rack().id());
        entry.put("rack_name", ref.rack().name());
        entry.put("device_id", ref.device().id());
        entry.put("device_name", ref.device().name());
    }
}
