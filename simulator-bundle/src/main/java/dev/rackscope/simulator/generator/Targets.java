package dev.rackscope.simulator.generator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.rackscope.api.model.Aisle;
import dev.rackscope.api.model.Catalog;
import dev.rackscope.api.model.Device;
import dev.rackscope.api.model.DeviceTemplate;
import dev.rackscope.api.model.Rack;
import dev.rackscope.api.model.Room;
import dev.rackscope.api.model.Site;
import dev.rackscope.api.model.Topology;
import dev.rackscope.api.snapshot.TopologyIndex;

/**
 * The generator's view of the topology: one target per node in topology order, and the racks that hold
 * targets (simulator.md §3.4). A node id that repeats keeps its first target (a second one would give
 * duplicate series) and is reported.
 */
public record Targets(List<Target> targets, List<RackInfo> racks, List<String> warnings) {

    public static final Targets EMPTY = new Targets(List.of(), List.of(), List.of());

    /** Aisle id given to standalone racks (it counts as an aisle for hot-aisle incidents, §7.1). */
    public static final String STANDALONE = "standalone";

    public Targets {
        targets = List.copyOf(targets);
        racks = List.copyOf(racks);
        warnings = List.copyOf(warnings);
    }

    /** Targets from a list; duplicates dropped, racks derived from the first target seen in each. */
    public static Targets of(List<Target> list) {
        return of(list, new ArrayList<>());
    }

    private static Targets of(List<Target> list, List<String> warnings) {
        Set<String> seen = new HashSet<>();
        List<Target> out = new ArrayList<>(list.size());
        Map<String, RackInfo> racks = new LinkedHashMap<>();
        for (Target t : list) {
            if (!seen.add(t.nodeId())) {
                warnings.add("Duplicate node '" + t.nodeId() + "' in rack '" + t.rackId() + "' ignored by the simulator");
                continue;
            }
            out.add(t);
            racks.putIfAbsent(t.rackId(), new RackInfo(t.rackId(), t.siteId(), t.roomId(), t.aisleId()));
        }
        return new Targets(out, new ArrayList<>(racks.values()), warnings);
    }

    /**
     * Walks the topology: site, room, aisles and their racks, then standalone racks (aisle
     * {@value #STANDALONE}). A device's nodes are its instances as the index expanded them (the legacy
     * {@code nodes} field when {@code instance} is empty); a device without any gives one target named
     * after the device; a storage device gives a single target named after its first node.
     */
    public static Targets fromTopology(Topology topology, Catalog catalog, TopologyIndex index) {
        Map<String, DeviceTemplate> templates = new HashMap<>();
        for (DeviceTemplate t : catalog.deviceTemplates()) {
            templates.putIfAbsent(t.id(), t);
        }
        List<Target> list = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (Site site : topology.sites()) {
            for (Room room : site.rooms()) {
                for (Aisle aisle : room.aisles()) {
                    for (Rack rack : aisle.racks()) {
                        addRack(list, warnings, site, room, aisle.id(), rack, templates, index);
                    }
                }
                for (Rack rack : room.standaloneRacks()) {
                    addRack(list, warnings, site, room, STANDALONE, rack, templates, index);
                }
            }
        }
        return of(list, warnings);
    }

    private static void addRack(List<Target> out, List<String> warnings, Site site, Room room, String aisleId,
                                Rack rack, Map<String, DeviceTemplate> templates, TopologyIndex index) {
        for (Device device : rack.devices()) {
            if (device == null || device.id() == null) {
                continue;
            }
            List<String> nodes;
            try {
                nodes = nodes(device, index);
            } catch (IllegalArgumentException e) {
                warnings.add("Device '" + device.id() + "': " + e.getMessage());
                nodes = List.of();
            }
            DeviceTemplate template = device.templateId() == null ? null : templates.get(device.templateId());
            String type = template == null ? null : template.type();
            if ("storage".equalsIgnoreCase(type) && !nodes.isEmpty()) {
                String storageType = template.storageType() == null || template.storageType().isBlank() ? "generic"
                        : template.storageType();
                out.add(new Target(site.id(), room.id(), aisleId, rack.id(), device.id(), nodes.get(0), type, true,
                        storageType, slotCount(template)));
            } else if (nodes.isEmpty()) {
                out.add(new Target(site.id(), room.id(), aisleId, rack.id(), device.id(), device.id(), type, false,
                        null, 0));
            } else {
                for (String node : nodes) {
                    out.add(new Target(site.id(), room.id(), aisleId, rack.id(), device.id(), node, type, false, null,
                            0));
                }
            }
        }
    }

    private static List<String> nodes(Device device, TopologyIndex index) {
        TopologyIndex.DeviceRef ref = index.devices().get(device.id());
        List<String> names = ref != null && ref.device() == device ? ref.instances() : NodeSet.expand(device.instance());
        return names.isEmpty() ? NodeSet.expand(device.nodes()) : names;
    }

    private static int slotCount(DeviceTemplate t) {
        DeviceTemplate.Layout layout = t.diskLayout() != null && t.diskLayout().matrix() != null ? t.diskLayout()
                : t.layout();
        if (layout == null || layout.matrix() == null) {
            return 0;
        }
        int n = 0;
        for (List<Integer> row : layout.matrix()) {
            n += row == null ? 0 : row.size();
        }
        return n;
    }

    /** Node ids in target order. */
    public List<String> nodeIds() {
        List<String> ids = new ArrayList<>(targets.size());
        targets.forEach(t -> ids.add(t.nodeId()));
        return ids;
    }

    /** Ids of the racks that hold targets. */
    public List<String> rackIds() {
        List<String> ids = new ArrayList<>(racks.size());
        racks.forEach(r -> ids.add(r.rackId()));
        return ids;
    }

    /** The distinct aisle ids of the targets ({@value #STANDALONE} included). */
    public List<String> aisleIds() {
        Set<String> ids = new LinkedHashSet<>();
        targets.forEach(t -> ids.add(t.aisleId()));
        return Collections.unmodifiableList(new ArrayList<>(ids));
    }
}
