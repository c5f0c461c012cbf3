package dev.rackscope.simulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.rackscope.simulator.generator.CustomIncidents;
import dev.rackscope.simulator.generator.IncidentMode;
import dev.rackscope.simulator.generator.Profile;
import dev.rackscope.simulator.generator.Settings;

/**
 * The simulator plugin's settings (simulator.md §1.3) with the API defaults for every absent key. One record
 * and one set of defaults serve the API and the generator alike (§6.7).
 *
 * @param profiles per-profile physics ({@code compute}, {@code gpu}, {@code service}, {@code network}, §3.6)
 */
public record SimulatorConfig(int updateIntervalSeconds, Integer seed, String incidentMode, int changesPerHour,
                              Map<String, Integer> customIncidents, String overridesPath, int defaultTtlSeconds,
                              String metricsCatalogPath, List<Object> metricsCatalogs,
                              Map<String, Object> slurmRandomStatuses, List<String> slurmRandomMatch,
                              int slurmAllocPercent, Map<String, Profile> profiles) {

    public static SimulatorConfig from(Map<String, Object> s) {
        Map<String, Object> ci = map(s.get("custom_incidents"));
        Map<String, Integer> custom = new LinkedHashMap<>();
        for (String k : List.of("devices_crit", "devices_warn", "racks_crit", "aisles_hot")) {
            custom.put(k, integer(ci.get(k), 0));
        }
        Map<String, Object> statuses = s.get("slurm_random_statuses") instanceof Map<?, ?> m
                ? map(m) : Map.of("drain", 1, "down", 1, "maint", 1);
        Map<String, Profile> profiles = new LinkedHashMap<>();
        map(s.get("profiles")).forEach((name, p) -> {
            if (p instanceof Map<?, ?> pm) {
                profiles.put(name, Profile.from(pm));
            }
        });
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
                integer(s.get("slurm_alloc_percent"), 80),
                Collections.unmodifiableMap(profiles));
    }

    /** What the generator reads: the same values, normalised (interval and cph ≥ 1, percent in 0..100). */
    public Settings generatorSettings() {
        Map<String, Integer> statuses = new LinkedHashMap<>();
        slurmRandomStatuses.forEach((k, v) -> statuses.put(k, integer(v, 0)));
        return new Settings(updateIntervalSeconds, seed == null ? null : seed.longValue(), incidentMode,
                changesPerHour, CustomIncidents.from(customIncidents), statuses, slurmRandomMatch, slurmAllocPercent,
                profiles);
    }

    /**
     * The catalog files in priority order: the primary path, then each enabled {@code metrics_catalogs} item
     * (a map's {@code path}, or a bare path string), duplicates skipped (§3.2).
     */
    public List<String> catalogPaths() {
        List<String> out = new ArrayList<>();
        if (metricsCatalogPath != null && !metricsCatalogPath.isBlank()) {
            out.add(metricsCatalogPath);
        }
        for (Object item : metricsCatalogs) {
            String path = null;
            if (item instanceof Map<?, ?> m) {
                Object enabled = m.get("enabled");
                if (Boolean.FALSE.equals(enabled) || "false".equalsIgnoreCase(String.valueOf(enabled))) {
                    continue;
                }
                path = m.get("path") == null ? null : String.valueOf(m.get("path"));
            } else if (item != null) {
                path = String.valueOf(item);
            }
            if (path != null && !path.isBlank() && !out.contains(path)) {
                out.add(path);
            }
        }
        return out;
    }

    /**
     * Values outside the model's ranges (§1.3). The original refuses such a file; here they are reported and
     * the generator uses the nearest valid value (an unknown mode behaves as {@code light}).
     */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (updateIntervalSeconds < 1) {
            p.add("update_interval_seconds must be >= 1 (got " + updateIntervalSeconds + ")");
        }
        if (!IncidentMode.isKnown(incidentMode)) {
            p.add("incident_mode must be one of full_ok, light, medium, heavy, chaos, custom (got '" + incidentMode
                    + "')");
        }
        if (changesPerHour < 1) {
            p.add("changes_per_hour must be >= 1 (got " + changesPerHour + ")");
        }
        customIncidents.forEach((k, v) -> {
            if (v < 0) {
                p.add("custom_incidents." + k + " must be >= 0 (got " + v + ")");
            }
        });
        if (defaultTtlSeconds < 0) {
            p.add("default_ttl_seconds must be >= 0 (got " + defaultTtlSeconds + ")");
        }
        if (slurmAllocPercent < 0 || slurmAllocPercent > 100) {
            p.add("slurm_alloc_percent must be between 0 and 100 (got " + slurmAllocPercent + ")");
        }
        return p;
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
        Map<String, Object> p = new LinkedHashMap<>();
        profiles.forEach((name, v) -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("base_temp", v.baseTemp());
            one.put("temp_range", v.tempRange());
            one.put("base_power", v.basePower());
            one.put("power_var", v.powerVar());
            one.put("load_min", v.loadMin());
            one.put("load_max", v.loadMax());
            p.put(name, one);
        });
        m.put("profiles", p);
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
