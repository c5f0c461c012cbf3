package dev.rackscope.slurm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code node_mapping.yaml}: the documented {@code mappings:} list (entries kept as written,
 * extra keys included) and the legacy {@code mapping:} dict of {@code slurm-name: instance-name}
 * pairs that the original's own examples use but its loader ignored.
 */
public final class NodeMapping {

    private NodeMapping() {
    }

    /** Entries of a parsed mapping document; anything unusable gives no entry. */
    public static List<Map<String, Object>> entries(Object document) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (!(document instanceof Map<?, ?> root)) {
            return out;
        }
        if (root.get("mappings") instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> m && m.get("node") instanceof String
                        && m.get("instance") instanceof String) {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    m.forEach((k, v) -> entry.put(String.valueOf(k), v));
                    out.add(entry);
                }
            }
        } else if (root.get("mapping") instanceof Map<?, ?> legacy) {
            legacy.forEach((node, instance) -> {
                if (node != null && instance != null) {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("node", String.valueOf(node));
                    entry.put("instance", String.valueOf(instance));
                    out.add(entry);
                }
            });
        }
        return out;
    }
}
