package dev.rackscope.slurm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Slurm plugin's settings (slurm.md §2.3) with the original's defaults for every absent key.
 * Nested objects are defaulted per field, so a partial {@code status_map} keeps the other lists.
 */
public record SlurmConfig(String metric, String labelNode, String labelStatus, String labelPartition,
                          Map<String, List<String>> statusMap, Map<String, String> severityColors,
                          List<String> roles, boolean includeUnlabeled, String mappingPath,
                          String metricsCatalogDir, List<String> metricsCatalogs) {

    static final List<String> OK = List.of("idle", "allocated", "alloc", "completing", "comp");
    static final List<String> WARN = List.of("mixed", "mix", "maint", "planned", "plnd", "reserved", "resv",
            "blocked", "block", "power_down", "pow_dn", "power_up", "pow_up", "powering_up", "powered_down",
            "reboot_issued", "reboot_req");
    static final List<String> CRIT = List.of("down", "drain", "drained", "draining", "drng", "fail", "failing",
            "failg", "error", "unknown", "unk", "noresp", "inval");

    /** Builds the config from nested settings; absent keys take the defaults. */
    public static SlurmConfig from(Map<String, Object> s) {
        Map<String, Object> sm = map(s.get("status_map"));
        Map<String, List<String>> statusMap = new LinkedHashMap<>();
        statusMap.put("ok", strings(sm.get("ok"), OK));
        statusMap.put("warn", strings(sm.get("warn"), WARN));
        statusMap.put("crit", strings(sm.get("crit"), CRIT));
        statusMap.put("info", strings(sm.get("info"), List.of()));
        Map<String, Object> sc = map(s.get("severity_colors"));
        Map<String, String> colors = new LinkedHashMap<>();
        colors.put("ok", string(sc.get("ok"), "#22c55e"));
        colors.put("warn", string(sc.get("warn"), "#f59e0b"));
        colors.put("crit", string(sc.get("crit"), "#ef4444"));
        colors.put("info", string(sc.get("info"), "#3b82f6"));
        return new SlurmConfig(
                string(s.get("metric"), "slurm_node_status"),
                string(s.get("label_node"), "node"),
                string(s.get("label_status"), "status"),
                string(s.get("label_partition"), "partition"),
                statusMap, colors,
                strings(s.get("roles"), List.of("compute", "visu")),
                bool(s.get("include_unlabeled"), false),
                s.containsKey("mapping_path") ? nullableString(s.get("mapping_path"))
                        : "config/plugins/slurm/node_mapping.yaml",
                string(s.get("metrics_catalog_dir"), "config/plugins/slurm/metrics"),
                strings(s.get("metrics_catalogs"), List.of("metrics.yaml")));
    }

    /** The full effective config as the original dumps it (every key, {@code enabled} first). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("enabled", true);
        m.put("metric", metric);
        m.put("label_node", labelNode);
        m.put("label_status", labelStatus);
        m.put("label_partition", labelPartition);
        m.put("status_map", statusMap);
        m.put("severity_colors", severityColors);
        m.put("roles", roles);
        m.put("include_unlabeled", includeUnlabeled);
        m.put("mapping_path", mappingPath);
        m.put("metrics_catalog_dir", metricsCatalogDir);
        m.put("metrics_catalogs", metricsCatalogs);
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static String string(Object o, String dflt) {
        return o == null ? dflt : String.valueOf(o);
    }

    private static String nullableString(Object o) {
        return o == null || String.valueOf(o).isEmpty() ? null : String.valueOf(o);
    }

    private static List<String> strings(Object o, List<String> dflt) {
        if (o instanceof List<?> l) {
            return l.stream().map(String::valueOf).toList();
        }
        return dflt;
    }

    private static boolean bool(Object o, boolean dflt) {
        if (o instanceof Boolean b) {
            return b;
        }
        if (o instanceof Number n) {
            return n.doubleValue() != 0;
        }
        if (o instanceof String s) {
            return s.equalsIgnoreCase("true") || s.equalsIgnoreCase("yes") || s.equals("1");
        }
        return dflt;
    }
}
