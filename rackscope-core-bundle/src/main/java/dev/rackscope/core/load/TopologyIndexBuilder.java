package dev.rackscope.core.load;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import dev.rackscope.api.model.Aisle;
import dev.rackscope.api.model.Device;
import dev.rackscope.api.model.Rack;
import dev.rackscope.api.model.Room;
import dev.rackscope.api.model.Site;
import dev.rackscope.api.model.Topology;
import dev.rackscope.api.snapshot.TopologyIndex;
import dev.rackscope.api.snapshot.TopologyIndex.AisleRef;
import dev.rackscope.api.snapshot.TopologyIndex.DeviceRef;
import dev.rackscope.api.snapshot.TopologyIndex.InstanceRef;
import dev.rackscope.api.snapshot.TopologyIndex.RackRef;
import dev.rackscope.api.snapshot.TopologyIndex.RoomRef;

/**
 * Builds the id lookups of a topology (core.md §2.3, §5). Walk order is site, room, the room's aisles
 * and their racks, then the room's standalone racks, then devices; wherever an id or instance name
 * repeats, the last occurrence wins, as in the original. Instances use the canonical
 * {@link InstanceExpander} expansion of {@code instance} ({@code nodes} is ignored).
 */
public final class TopologyIndexBuilder {

    private TopologyIndexBuilder() {
    }

    /** The index of {@code topology}; instance name collisions are not reported (the loader already did). */
    public static TopologyIndex build(Topology topology) {
        return build(topology, w -> {
        });
    }

    /**
     * The index of {@code topology}, reporting each instance name collision to {@code warnings}.
     *
     * @throws InstanceExpander.RangeTooLargeException when an instance range exceeds the cap (a topology
     *                                                 from {@link TopologyLoader} never does)
     */
    public static TopologyIndex build(Topology topology, Consumer<String> warnings) {
        Builder b = new Builder(warnings);
        for (Site site : topology.sites()) {
            b.sites.put(site.id(), site);
            for (Room room : site.rooms()) {
                b.rooms.put(room.id(), new RoomRef(room, site));
                for (Aisle aisle : room.aisles()) {
                    b.aisles.put(aisle.id(), new AisleRef(aisle, room, site));
                    for (Rack rack : aisle.racks()) {
                        b.rack(rack, site, room, aisle.id(), false);
                    }
                }
                for (Rack rack : room.standaloneRacks()) {
                    b.rack(rack, site, room, null, true);
                }
            }
        }
        return new TopologyIndex(Collections.unmodifiableMap(b.sites), Collections.unmodifiableMap(b.rooms),
                Collections.unmodifiableMap(b.aisles), Collections.unmodifiableMap(b.racks),
                Collections.unmodifiableMap(b.devices), Collections.unmodifiableMap(b.instances));
    }

    private static final class Builder {
        final Consumer<String> warnings;
        final Map<String, Site> sites = new LinkedHashMap<>();
        final Map<String, RoomRef> rooms = new LinkedHashMap<>();
        final Map<String, AisleRef> aisles = new LinkedHashMap<>();
        final Map<String, RackRef> racks = new LinkedHashMap<>();
        final Map<String, DeviceRef> devices = new LinkedHashMap<>();
        final Map<String, InstanceRef> instances = new LinkedHashMap<>();

        Builder(Consumer<String> warnings) {
            this.warnings = warnings;
        }

        void rack(Rack rack, Site site, Room room, String aisleId, boolean standalone) {
            racks.put(rack.id(), new RackRef(rack, site, room, aisleId, standalone));
            for (Device device : rack.devices()) {
                List<String> names = InstanceExpander.instances(device);
                devices.put(device.id(), new DeviceRef(device, rack, names));
                for (String name : names) {
                    InstanceRef previous = instances.put(name, new InstanceRef(name, device, rack, room, site));
                    if (previous != null) {
                        warnings.accept("Instance name collision: '" + name + "' of device '" + device.id()
                                + "' in rack '" + rack.id() + "' replaces the one of device '"
                                + previous.device().id() + "' in rack '" + previous.rack().id() + "'");
                    }
                }
            }
        }
    }
}
