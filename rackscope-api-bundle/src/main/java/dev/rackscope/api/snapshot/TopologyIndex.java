package dev.rackscope.api.snapshot;

import java.util.List;
import java.util.Map;

import dev.rackscope.api.model.Aisle;
import dev.rackscope.api.model.Device;
import dev.rackscope.api.model.Rack;
import dev.rackscope.api.model.Room;
import dev.rackscope.api.model.Site;

/**
 * Lookups by id over a topology. Where ids repeat (racks, devices, rooms across sites) the last
 * occurrence wins, as in the original's index; an instance name that appears twice maps to the
 * last device that names it.
 */
public record TopologyIndex(Map<String, Site> sites, Map<String, RoomRef> rooms, Map<String, AisleRef> aisles,
                            Map<String, RackRef> racks, Map<String, DeviceRef> devices,
                            Map<String, InstanceRef> instances) {

    public static final TopologyIndex EMPTY = new TopologyIndex(Map.of(), Map.of(), Map.of(), Map.of(), Map.of(),
            Map.of());

    /** A room and its site. */
    public record RoomRef(Room room, Site site) {
    }

    /** An aisle with its room and site. */
    public record AisleRef(Aisle aisle, Room room, Site site) {
    }

    /** A rack with where it stands; {@code aisleId} is {@code null} for a standalone rack. */
    public record RackRef(Rack rack, Site site, Room room, String aisleId, boolean standalone) {
    }

    /** A device, its rack, and its expanded instance names in order. */
    public record DeviceRef(Device device, Rack rack, List<String> instances) {
    }

    /** Where one Prometheus instance name lives. */
    public record InstanceRef(String instance, Device device, Rack rack, Room room, Site site) {
    }
}
