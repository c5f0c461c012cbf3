package dev.rackscope.core.telemetry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.rackscope.api.model.Aisle;
import dev.rackscope.api.model.Device;
import dev.rackscope.api.model.Rack;
import dev.rackscope.api.model.Room;
import dev.rackscope.api.model.Site;
import dev.rackscope.api.model.Topology;
import dev.rackscope.core.load.InstanceExpander;

/**
 * The planner's own id lists (telemetry.md §2.3), built with the one canonical instance expansion
 * ({@link InstanceExpander#instances(Device)}, §8 correction 1) and <em>no</em> device-id fallback.
 * The walk is sites → rooms → each aisle's racks, then the room's standalone racks. Every list is
 * de-duplicated, first occurrence first. Immutable.
 *
 * @param nodeIds    every node name
 * @param chassisIds every device id
 * @param rackIds    every rack id
 * @param rackNodes  rack id → its node names (a rack id that repeats gathers the nodes of all its racks)
 * @param devices    every device in walk order with its rack and its node names
 */
public record TopologyIds(List<String> nodeIds, List<String> chassisIds, List<String> rackIds,
                          Map<String, List<String>> rackNodes, List<DeviceNodes> devices,
                          Set<String> nodeSet, Set<String> chassisSet, Set<String> rackSet) {

    /** A device of a rack and its expanded node names (possibly none). */
    public record DeviceNodes(String rackId, String deviceId, List<String> nodes) {
    }

    public static final TopologyIds EMPTY = of(Topology.EMPTY);

    /** The ids of {@code topology} ({@code null} counts as empty). */
    public static TopologyIds of(Topology topology) {
        LinkedHashSet<String> nodes = new LinkedHashSet<>();
        LinkedHashSet<String> chassis = new LinkedHashSet<>();
        LinkedHashSet<String> racks = new LinkedHashSet<>();
        Map<String, LinkedHashSet<String>> rackNodes = new LinkedHashMap<>();
        List<DeviceNodes> devices = new ArrayList<>();
        for (Rack rack : racks(topology)) {
            racks.add(rack.id());
            LinkedHashSet<String> inRack = rackNodes.computeIfAbsent(rack.id(), k -> new LinkedHashSet<>());
            for (Device device : rack.devices()) {
                chassis.add(device.id());
                List<String> names = instances(device);
                inRack.addAll(names);
                nodes.addAll(names);
                devices.add(new DeviceNodes(rack.id(), device.id(), names));
            }
        }
        Map<String, List<String>> rn = new LinkedHashMap<>();
        rackNodes.forEach((k, v) -> rn.put(k, List.copyOf(v)));
        return new TopologyIds(List.copyOf(nodes), List.copyOf(chassis), List.copyOf(racks),
                Collections.unmodifiableMap(rn), List.copyOf(devices), Collections.unmodifiableSet(new HashSet<>(nodes)),
                Collections.unmodifiableSet(new HashSet<>(chassis)), Collections.unmodifiableSet(new HashSet<>(racks)));
    }

    /** The ids of one scope ({@code node}, {@code chassis}, {@code rack}); empty for anything else. */
    public List<String> ids(String scope) {
        if (scope == null) {
            return List.of();
        }
        return switch (scope) {
            case "node" -> nodeIds;
            case "chassis" -> chassisIds;
            case "rack" -> rackIds;
            default -> List.of();
        };
    }

    /** The id set of one scope; empty for anything else. */
    public Set<String> idSet(String scope) {
        if (scope == null) {
            return Set.of();
        }
        return switch (scope) {
            case "node" -> nodeSet;
            case "chassis" -> chassisSet;
            case "rack" -> rackSet;
            default -> Set.of();
        };
    }

    /** Every rack of {@code topology} in walk order: per room, aisle racks first, then standalone racks. */
    public static List<Rack> racks(Topology topology) {
        List<Rack> out = new ArrayList<>();
        if (topology == null) {
            return out;
        }
        for (Site site : topology.sites()) {
            for (Room room : site.rooms()) {
                out.addAll(racks(room));
            }
        }
        return out;
    }

    /** The racks of one room: each aisle's racks, then the standalone racks. */
    public static List<Rack> racks(Room room) {
        List<Rack> out = new ArrayList<>();
        for (Aisle aisle : room.aisles()) {
            out.addAll(aisle.racks());
        }
        out.addAll(room.standaloneRacks());
        return out;
    }

    /** The canonical expansion; a range too large to expand (rejected at load anyway) gives no names. */
    public static List<String> instances(Device device) {
        try {
            return InstanceExpander.instances(device);
        } catch (InstanceExpander.RangeTooLargeException e) {
            return List.of();
        }
    }

    /** The canonical expansion, or {@code [device.id]} when it is empty (check targets, room node_total). */
    public static List<String> instancesOrId(Device device) {
        List<String> names = instances(device);
        return names.isEmpty() ? List.of(device.id()) : names;
    }
}
