package dev.rackscope.slurm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The Slurm plugin's settings (slurm.md §2.3) with the original's defaults for every absent key.
 * Nested objects are defaulted per field, so a partial {@code status_map} keeps the other lists.
 *
 * <p>The config bridge resolves the chain (dedicated file, app.yaml {@code plugins.slurm}, legacy
 * top-level {@code slurm:}) key by key; this record applies the defaults and validates. A {@code null}
 * value means "use the default" (ConfigAdmin cannot tell null from absent), except for
 * {@code mapping_path}, where an explicit null or "" disables the mapping.
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

    static final String DEFAULT_MAPPING_PATH = "config/plugins/slurm/node_mapping.yaml";
    static final String DEFAULT_CATALOG_DIR = "config/plugins/slurm/metrics";

    /** Severity levels of {@code status_map} and {@code severity_colors}, in the original's key order. */
    static final List<String> LEVELS = List.of("ok", "warn", "crit", "info");

    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Set<String> TRUE_WORDS = Set.of("true", "t", "yes", "y", "on", "1");
    private static final Set<String> FALSE_WORDS = Set.of("false", "f", "no", "n", "off", "0");

    /** Settings that cannot be used; the message lists every problem, each naming its key. */
    public static final class InvalidConfigException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final List<String> problems;

        InvalidConfigException(List<String> problems) {
            super("Invalid Slurm plugin settings: " + String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        /** One message per offending key, for example {@code label_node: 'a-b' is not a valid label name}. */
        public List<String> problems() {
            return problems;
        }
    }

    public SlurmConfig {
        statusMap = copyOfLists(statusMap);
        severityColors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(severityColors));
        roles = List.copyOf(roles);
        metricsCatalogs = List.copyOf(metricsCatalogs);
    }

    /** The defaults. */
    public static SlurmConfig defaults() {
        return from(Map.of());
    }

    /**
     * Builds the config from nested settings; absent or null keys take the defaults, unknown keys are
     * ignored.
     *
     * @throws InvalidConfigException listing every invalid key
     */
    public static SlurmConfig from(Map<String, ?> s) {
        Reader r = new Reader();
        Map<String, List<String>> statusMap = new LinkedHashMap<>();
        Map<String, ?> sm = r.map(s.get("status_map"), "status_map");
        statusMap.put("ok", r.strings(sm.get("ok"), OK, "status_map.ok"));
        statusMap.put("warn", r.strings(sm.get("warn"), WARN, "status_map.warn"));
        statusMap.put("crit", r.strings(sm.get("crit"), CRIT, "status_map.crit"));
        statusMap.put("info", r.strings(sm.get("info"), List.of(), "status_map.info"));

        Map<String, ?> sc = r.map(s.get("severity_colors"), "severity_colors");
        Map<String, String> colors = new LinkedHashMap<>();
        colors.put("ok", r.scalarText(sc.get("ok"), "#22c55e", "severity_colors.ok"));
        colors.put("warn", r.scalarText(sc.get("warn"), "#f59e0b", "severity_colors.warn"));
        colors.put("crit", r.scalarText(sc.get("crit"), "#ef4444", "severity_colors.crit"));
        colors.put("info", r.scalarText(sc.get("info"), "#3b82f6", "severity_colors.info"));

        String metric = r.text(s.get("metric"), "slurm_node_status", "metric");
        if (metric.isBlank()) {
            r.problem("metric: must not be empty");
        }
        String labelNode = r.label(s.get("label_node"), "node", "label_node");
        String labelStatus = r.label(s.get("label_status"), "status", "label_status");
        String labelPartition = r.label(s.get("label_partition"), "partition", "label_partition");

        String mappingPath = DEFAULT_MAPPING_PATH;
        if (s.containsKey("mapping_path")) {
            Object v = s.get("mapping_path");
            if (v == null || "".equals(v)) {
                mappingPath = null;
            } else if (v instanceof String p) {
                mappingPath = p;
            } else {
                r.problem("mapping_path: must be a path or null, not " + describe(v));
            }
        }
        String catalogDir = r.text(s.get("metrics_catalog_dir"), DEFAULT_CATALOG_DIR, "metrics_catalog_dir");
        if (catalogDir.isBlank()) {
            r.problem("metrics_catalog_dir: must not be empty");
        }
        List<String> catalogs = r.strings(s.get("metrics_catalogs"), List.of("metrics.yaml"), "metrics_catalogs");
        for (String name : catalogs) {
            String why = catalogNameProblem(name);
            if (why != null) {
                r.problem("metrics_catalogs: '" + name + "' " + why);
            }
        }
        SlurmConfig c = new SlurmConfig(metric, labelNode, labelStatus, labelPartition, statusMap, colors,
                r.strings(s.get("roles"), List.of("compute", "visu"), "roles"),
                r.bool(s.get("include_unlabeled"), false, "include_unlabeled"),
                mappingPath, catalogDir, catalogs);
        if (!r.problems.isEmpty()) {
            throw new InvalidConfigException(r.problems);
        }
        return c;
    }

    /**
     * Why {@code name} is not a plain catalog file name (a name inside {@code metrics_catalog_dir}, no
     * folders, no {@code ..}), or {@code null} when it is one.
     */
    static String catalogNameProblem(String name) {
        if (name.isBlank()) {
            return "is empty";
        }
        if (name.contains("..")) {
            return "contains '..'";
        }
        if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) {
            return "is not a plain file name (no folders)";
        }
        if (name.indexOf('\0') >= 0 || name.equals(".")) {
            return "is not a file name";
        }
        return null;
    }

    /** The instant query of every state endpoint: the original's, with zero-valued series dropped in PromQL. */
    public String promql() {
        return "max by (" + labelNode + "," + labelStatus + "," + labelPartition + ") (" + metric + ") > 0";
    }

    /** This config with another catalog list (the caller has checked the names, see {@link #catalogNameProblem}). */
    public SlurmConfig withMetricsCatalogs(List<String> catalogs) {
        return new SlurmConfig(metric, labelNode, labelStatus, labelPartition, statusMap, severityColors, roles,
                includeUnlabeled, mappingPath, metricsCatalogDir, catalogs);
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

    private static Map<String, List<String>> copyOfLists(Map<String, List<String>> in) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        in.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return java.util.Collections.unmodifiableMap(out);
    }

    static String describe(Object v) {
        if (v instanceof String s) {
            return "'" + s + "'";
        }
        if (v instanceof Map) {
            return "a mapping";
        }
        if (v instanceof List) {
            return "a list";
        }
        return v + " (" + v.getClass().getSimpleName().toLowerCase(Locale.ROOT) + ")";
    }

    /** Reads values the way the original's model does, collecting problems instead of stopping at the first. */
    private static final class Reader {
        final List<String> problems = new ArrayList<>();

        void problem(String p) {
            problems.add(p);
        }

        @SuppressWarnings("unchecked")
        Map<String, ?> map(Object o, String key) {
            if (o == null) {
                return Map.of();
            }
            if (o instanceof Map<?, ?> m) {
                return (Map<String, ?>) m;
            }
            problem(key + ": must be a mapping, not " + describe(o));
            return Map.of();
        }

        /** Text settings are not coerced from numbers or booleans (pydantic v2 strict strings). */
        String text(Object o, String dflt, String key) {
            if (o == null) {
                return dflt;
            }
            if (o instanceof String s) {
                return s;
            }
            problem(key + ": must be text, not " + describe(o));
            return dflt;
        }

        String label(Object o, String dflt, String key) {
            String s = text(o, dflt, key);
            if (!LABEL_NAME.matcher(s).matches()) {
                problem(key + ": '" + s + "' is not a valid Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*)");
            }
            return s;
        }

        /** A scalar written as text (colours may be written unquoted and read as numbers). */
        String scalarText(Object o, String dflt, String key) {
            if (o == null) {
                return dflt;
            }
            if (o instanceof Map || o instanceof List) {
                problem(key + ": must be text, not " + describe(o));
                return dflt;
            }
            return String.valueOf(o);
        }

        /** A list of scalars as text; ConfigAdmin flattens mixed lists to strings anyway. */
        List<String> strings(Object o, List<String> dflt, String key) {
            if (o == null) {
                return dflt;
            }
            if (!(o instanceof List<?> l)) {
                problem(key + ": must be a list, not " + describe(o));
                return dflt;
            }
            List<String> out = new ArrayList<>(l.size());
            for (int i = 0; i < l.size(); i++) {
                Object item = l.get(i);
                if (item == null || item instanceof Map || item instanceof List) {
                    problem(key + "[" + i + "]: must be text, not " + (item == null ? "null" : describe(item)));
                } else {
                    out.add(String.valueOf(item));
                }
            }
            return out;
        }

        /** Lax booleans as pydantic reads them: true/false, yes/no, on/off, t/f, y/n, 1/0. */
        boolean bool(Object o, boolean dflt, String key) {
            if (o == null) {
                return dflt;
            }
            if (o instanceof Boolean b) {
                return b;
            }
            if (o instanceof Number n && (n.doubleValue() == 0 || n.doubleValue() == 1)) {
                return n.doubleValue() == 1;
            }
            if (o instanceof String s) {
                String w = s.trim().toLowerCase(Locale.ROOT);
                if (TRUE_WORDS.contains(w)) {
                    return true;
                }
                if (FALSE_WORDS.contains(w)) {
                    return false;
                }
            }
            problem(key + ": must be a boolean (true/false), not " + describe(o));
            return dflt;
        }
    }
}
