package dev.rackscope.simulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulator plugin's settings (simulator.md §1.3) with the API defaults for every absent key.
 */
public record SimulatorConfig(int updateIntervalSeconds, Integer seed, String incidentMode, int changesPerHour,
                              Map<String, Integer> customIncidents, String overridesPath, int defaultTtlSeconds,
                              String metricsCatalogPath, List<Object> metricsCatalogs,
                              Map<String, Object> slurmRandomStatuses, List<String> slurmRandomMatch,
                              int slurmAllocPercent) {

    public static SimulatorConfig from(Map<String, Object> s) {
        Map<String, Object> ci = map(s.get("custom_incidents"));
        Map<String, Integer> custom = new LinkedHashMap<>();
        for (String k : List.of("devices_crit", "devices_warn", "racks_crit", "aisles_hot")) {
            custom.put(k, integer(ci.get(k), 0));
        }
        Map<String, Object> statuses = s.get("slurm_random_statuses") instanceof Map<?, ?> m
                ? map(m) : Map.of("drain", 1, "down", 1, "maint", 1);
        return new SimulatorConfig(
                integer(s.containsKey("update_interval_seconds") ? s.get("update_interval_seconds")
                        : s.get("update_interval"), 20),
                s.get("seed") == null || String.valueOf(s.get("seed")).isBlank() ? null : integer(s.get("seed"), 0),
                string(s.get("incident_mode"), "light"),
                integer(s.get("changes_per_hour"), 2),
                custom,
                string(s.get("overrides_path"), "config/plugins/simulator/overrides/overrides.yaml"),
                integer(s.get("default_ttl_seconds"), 120),
                string(s.get("metrics_catalog_path"), "config/plugins/simulator/metrics/metrics_full.yaml"),
                s.get("metrics_catalogs") instanceof List<?> l ? List.copyOf(l) : List.of(),
                statuses,
                s.get("slurm_random_match") instanceof List<?> l2 ? l2.stream().map(String::valueOf).toList()
                        : List.of("compute*", "visu*"),
                integer(s.get("slurm_alloc_percent"), 80));
    }

    /** The full effective config, every key, as {@code GET /api/config} reports it. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("enabled", true);
        m.put("update_interval_seconds", updateIntervalSeconds);
        m.put("seed", seed);
        m.put("incident_mode", incidentMode);
        m.put("changes_per_hour", changesPerHour);
        m.put("custom_incidents", customIncidents);
        m.put("overrides_path", overridesPath);
        m.put("default_ttl_seconds", defaultTtlSeconds);
        m.put("metrics_catalog_path", metricsCatalogPath);
        m.put("metrics_catalogs", metricsCatalogs);
        m.put("slurm_random_statuses", slurmRandomStatuses);
        m.put("slurm_random_match", slurmRandomMatch);
        m.put("slurm_alloc_percent", slurmAllocPercent);
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static String string(Object o, String dflt) {
        return o == null ? dflt : String.valueOf(o);
    }

    private static int integer(Object o, int dflt) {
        if (o instanceof Number n) {
            return n.intValue();
        }
        if (o instanceof String str) {
            try {
                return Integer.parseInt(str.trim());
            } catch (NumberFormatException e) {
                return dflt;
            }
        }
        return dflt;
    }
}
