package dev.rackscope.core.telemetry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.rackscope.api.model.Catalog;
import dev.rackscope.api.model.CheckDefinition;
import dev.rackscope.api.model.Device;
import dev.rackscope.api.model.DeviceTemplate;
import dev.rackscope.api.model.Rack;
import dev.rackscope.api.model.RackComponentTemplate;
import dev.rackscope.api.model.RackTemplate;
import dev.rackscope.api.model.Topology;
import dev.rackscope.api.snapshot.Snapshot;

/**
 * Which checks run on which ids, from the templates ("template-scoped mode", telemetry.md §2.4,
 * the original's {@code collect_check_targets}).
 *
 * <p>For every rack: each device's template checks target that device (its nodes, with the
 * device-id fallback, for a node check; the device id for a chassis check; the rack id for a rack
 * check); the rack template's checks and those of every rack-component template it lists target the
 * whole rack (all its nodes, all its device ids, the rack id). Unknown check ids and missing templates
 * are ignored. Only referenced checks appear; each list is sorted (code point order) and unique.
 */
public final class CheckTargets {

    /** The ids one check runs on, per scope: sorted and unique. */
    public record Targets(List<String> node, List<String> chassis, List<String> rack) {

        public static final Targets EMPTY = new Targets(List.of(), List.of(), List.of());

        public Targets {
            node = node == null ? List.of() : List.copyOf(node);
            chassis = chassis == null ? List.of() : List.copyOf(chassis);
            rack = rack == null ? List.of() : List.copyOf(rack);
        }

        /** The list of {@code scope} ({@code node}, {@code chassis}, {@code rack}); empty for anything else. */
        public List<String> forScope(String scope) {
            if (scope == null) {
                return List.of();
            }
            return switch (scope) {
                case "node" -> node;
                case "chassis" -> chassis;
                case "rack" -> rack;
                default -> List.of();
            };
        }
    }

    /** Python's {@code sorted} on str: code point order. */
    static final Comparator<String> CODE_POINT_ORDER = (a, b) -> {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; ) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(i);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
        }
        return Integer.compare(a.length(), b.length());
    };

    private CheckTargets() {
    }

    /** The targets of {@code snapshot}'s topology, catalog and checks library. */
    public static Map<String, Targets> collect(Snapshot snapshot) {
        return collect(snapshot.topology(), snapshot.catalog(), snapshot.checks());
    }

    /** check id → targets, in first-referenced order. Any argument may be {@code null} (→ empty result). */
    public static Map<String, Targets> collect(Topology topology, Catalog catalog, List<CheckDefinition> checks) {
        if (topology == null || catalog == null || checks == null || checks.isEmpty()) {
            return Map.of();
        }
        Map<String, String> scopeById = new HashMap<>();
        for (CheckDefinition c : checks) {
            scopeById.put(c.id(), c.scope() == null ? "" : c.scope()); // last wins, as the original's dict
        }
        Map<String, DeviceTemplate> deviceTemplates = new HashMap<>();
        catalog.deviceTemplates().forEach(t -> deviceTemplates.putIfAbsent(t.id(), t));
        Map<String, RackTemplate> rackTemplates = new HashMap<>();
        catalog.rackTemplates().forEach(t -> rackTemplates.putIfAbsent(t.id(), t));
        Map<String, RackComponentTemplate> componentTemplates = new HashMap<>();
        catalog.rackComponentTemplates().forEach(t -> componentTemplates.putIfAbsent(t.id(), t));

        Map<String, Bucket> buckets = new LinkedHashMap<>();
        for (Rack rack : TopologyIds.racks(topology)) {
            List<String> rackNodes = new ArrayList<>();
            List<String> rackChassis = new ArrayList<>();
            List<String> rackIdList = List.of(rack.id());
            for (Device device : rack.devices()) {
                List<String> nodes = TopologyIds.instancesOrId(device);
                rackNodes.addAll(nodes);
                rackChassis.add(device.id());
                DeviceTemplate t = device.templateId() == null ? null : deviceTemplates.get(device.templateId());
                if (t != null && t.checks() != null) {
                    List<String> deviceIdList = List.of(device.id());
                    for (String checkId : t.checks()) {
                        add(buckets, scopeById, checkId, nodes, deviceIdList, rackIdList);
                    }
                }
            }
            RackTemplate rt = rack.templateId() == null ? null : rackTemplates.get(rack.templateId());
            if (rt == null) {
                continue;
            }
            if (rt.checks() != null) {
                for (String checkId : rt.checks()) {
                    add(buckets, scopeById, checkId, rackNodes, rackChassis, rackIdList);
                }
            }
            if (rt.infrastructure() != null && rt.infrastructure().rackComponents() != null) {
                for (RackTemplate.RackComponentRef ref : rt.infrastructure().rackComponents()) {
                    RackComponentTemplate ct = ref == null || ref.templateId() == null ? null
                            : componentTemplates.get(ref.templateId());
                    if (ct == null || ct.checks() == null) {
                        continue;
                    }
                    for (String checkId : ct.checks()) {
                        add(buckets, scopeById, checkId, rackNodes, rackChassis, rackIdList);
                    }
                }
            }
        }
        Map<String, Targets> out = new LinkedHashMap<>();
        buckets.forEach((id, b) -> out.put(id, new Targets(sorted(b.node), sorted(b.chassis), sorted(b.rack))));
        return java.util.Collections.unmodifiableMap(out);
    }

    private static final class Bucket {
        final Set<String> node = new HashSet<>();
        final Set<String> chassis = new HashSet<>();
        final Set<String> rack = new HashSet<>();
    }

    private static void add(Map<String, Bucket> buckets, Map<String, String> scopeById, String checkId,
                            List<String> nodes, List<String> chassis, List<String> racks) {
        String scope = scopeById.get(checkId);
        if (scope == null) {
            return;
        }
        Bucket b = buckets.computeIfAbsent(checkId, k -> new Bucket());
        switch (scope) {
            case "node" -> b.node.addAll(nodes);
            case "chassis" -> b.chassis.addAll(chassis);
            case "rack" -> b.rack.addAll(racks);
            default -> {
            }
        }
    }

    private static List<String> sorted(Collection<String> ids) {
        List<String> list = new ArrayList<>(ids);
        list.sort(CODE_POINT_ORDER);
        return List.copyOf(list);
    }
}
