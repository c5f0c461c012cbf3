package dev.rackscope.core.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import dev.rackscope.api.model.AppConfig;
import dev.rackscope.api.model.AppConfig.App;
import dev.rackscope.api.model.AppConfig.Auth;
import dev.rackscope.api.model.AppConfig.Auth.Policy;
import dev.rackscope.api.model.AppConfig.Cache;
import dev.rackscope.api.model.AppConfig.Features;
import dev.rackscope.api.model.AppConfig.MapView;
import dev.rackscope.api.model.AppConfig.MapView.Center;
import dev.rackscope.api.model.AppConfig.Paths;
import dev.rackscope.api.model.AppConfig.Planner;
import dev.rackscope.api.model.AppConfig.Playlist;
import dev.rackscope.api.model.AppConfig.Refresh;
import dev.rackscope.api.model.AppConfig.Telemetry;
import dev.rackscope.core.config.ConfigLocation;
import dev.rackscope.core.config.PluginSettingsResolver;
import dev.rackscope.core.config.Yaml11;
import dev.rackscope.core.config.Yaml11.YamlFileException;

/**
 * app.yaml to {@link AppConfig} and back (core.md §1 and §3.6): every key with its default and
 * constraint, validated with the original's lax rules and messages; path resolution against the
 * app.yaml folder; the JSON view of {@code GET /api/config} (never with secrets), its fixed fallback,
 * the document {@code PUT /api/config} writes back, and the credentials a PUT keeps.
 */
public final class AppConfigLoader {

    /** Default of {@code paths.metrics}. */
    public static final String DEFAULT_METRICS_PATH = "config/metrics/library";
    /** Default of {@code playlist.views}. */
    public static final List<String> DEFAULT_PLAYLIST_VIEWS = List.of("/views/worldmap", "/slurm/overview");

    private static final String[] UNKNOWN_STATES = {"OK", "WARN", "CRIT", "UNKNOWN"};
    private static final String[] SESSION_DURATIONS = {"8h", "24h", "unlimited"};
    private static final String[] MAP_VIEWS = {"world", "continent", "country", "city"};

    private AppConfigLoader() {
    }

    // ------------------------------------------------------------------ reading

    /**
     * Builds the model from a parsed app.yaml document or a JSON body. Every problem is recorded in
     * {@code problems} with its location (for example {@code ["telemetry","prometheus_url"]}) and the
     * original's message; the result is {@code null} when this document has any problem.
     */
    public static AppConfig fromMap(Map<String, Object> doc, Problems problems) {
        int before = problems.list().size();
        Map<String, Object> root = doc == null ? Map.of() : doc;
        Fields f = Fields.of(root, problems);

        App app = app(section(f, "app", "AppInfoConfig"));
        Paths paths = null;
        if (!f.has("paths")) {
            problems.add("missing", List.of("paths"), "Field required", root);
        } else {
            paths = paths(section(f, "paths", "PathsConfig"));
        }
        Refresh refresh = refresh(section(f, "refresh", "RefreshConfig"));
        Cache cache = cache(section(f, "cache", "CacheConfig"));
        Telemetry telemetry = telemetry(section(f, "telemetry", "TelemetryConfig"));
        Planner planner = planner(section(f, "planner", "PlannerConfig"));
        Features features = features(section(f, "features", "FeatureConfig"));
        Auth auth = auth(section(f, "auth", "AuthConfig"));
        MapView map = map(section(f, "map", "MapConfig"));
        Playlist playlist = playlist(section(f, "playlist", "PlaylistConfig"));
        Map<String, Object> plugins = plugins(f);
        Map<String, Object> simulator = legacy(f, "simulator", "SimulatorConfig",
                AppConfigLoader::checkLegacySimulator);
        Map<String, Object> slurm = legacy(f, "slurm", "SlurmConfig", AppConfigLoader::checkLegacySlurm);

        if (problems.list().size() != before) {
            return null;
        }
        return new AppConfig(app, paths, refresh, cache, telemetry, planner, features, auth, map, playlist, plugins,
                simulator, slurm);
    }

    /**
     * Loads app.yaml and resolves {@code paths.*} (core.md §1.1): an absolute path is kept; a relative
     * path that exists from the working directory, or else from the app.yaml folder, becomes that
     * absolute path; any other path is kept as written (its loader fails or finds nothing later).
     *
     * @throws LoadException naming the file (and the line for YAML errors) when the file is missing,
     *                       is not YAML, is empty, or does not validate
     */
    public static AppConfig load(Path appYaml) throws LoadException {
        String name = appYaml.toString();
        String text;
        try {
            text = Files.readString(appYaml, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new LoadException("Config file not found: " + name, name, null, e);
        } catch (IOException e) {
            throw new LoadException("Cannot read config file " + name + ": " + e.getMessage(), name, null, e);
        }
        Object root;
        try {
            root = Yaml11.parse(text, name);
        } catch (YamlFileException e) {
            throw new LoadException(e.getMessage(), name, e.line(), e);
        }
        if (root == null) {
            throw new LoadException("Config file is empty: " + name, name);
        }
        if (!(root instanceof Map<?, ?> rootMap)) {
            throw new LoadException("Validation failed for " + name
                    + ": Input should be a valid dictionary or instance of AppConfig", name);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        rootMap.forEach((k, v) -> doc.put(String.valueOf(k), v));

        Problems problems = new Problems();
        AppConfig cfg = fromMap(doc, problems);
        if (cfg == null) {
            throw new LoadException("Validation failed for " + name + ": " + problems.summary(), name);
        }
        return resolvePaths(cfg, appYaml);
    }

    /**
     * The config with {@code paths.*} resolved as a file load does (core.md §1.1), relative to
     * {@code appYaml}'s folder. {@code PUT /api/config} uses it too, so that a profile's relative paths
     * mean the same whether they come from the file or from the Settings page.
     */
    public static AppConfig resolvePaths(AppConfig cfg, Path appYaml) {
        ConfigLocation location = new ConfigLocation(appYaml);
        Paths p = cfg.paths();
        Paths resolved = new Paths(resolve(location, p.topology()), resolve(location, p.templates()),
                resolve(location, p.checks()), resolve(location, p.metrics()));
        return new AppConfig(cfg.app(), resolved, cfg.refresh(), cfg.cache(), cfg.telemetry(), cfg.planner(),
                cfg.features(), cfg.auth(), cfg.map(), cfg.playlist(), cfg.plugins(), cfg.simulator(), cfg.slurm());
    }

    private static String resolve(ConfigLocation location, String raw) {
        Path p;
        try {
            p = Path.of(raw);
        } catch (InvalidPathException e) {
            return raw;
        }
        if (p.isAbsolute()) {
            return raw;
        }
        Path r = location.resolve(raw);
        return Files.exists(r) ? r.toString() : raw;
    }

    // ------------------------------------------------------------------ sections

    /** A nested model: absent gives its defaults; null or a non-mapping is pydantic's {@code model_type}. */
    private static Fields section(Fields parent, String key, String className) {
        if (parent.has(key) && parent.raw(key) instanceof Map<?, ?> m) {
            return new Fields(m, parent.loc(key), parent.problems());
        }
        if (parent.has(key)) {
            parent.problems().add("model_type", parent.loc(key), "Input should be a valid dictionary or instance of "
                    + className, parent.raw(key), Map.of("class_name", className));
            // Its fields are not looked at (pydantic stops at the section): their reports go nowhere.
            return new Fields(Map.of(), parent.loc(key), new Problems());
        }
        return new Fields(Map.of(), parent.loc(key), parent.problems());
    }

    private static App app(Fields f) {
        return new App(f.str("name", "Rackscope", 1), f.optStr("description", "Datacenter Overview"));
    }

    private static Paths paths(Fields f) {
        Paths paths = new Paths(f.reqStr("topology", 1), f.reqStr("templates", 1), f.reqStr("checks", 1),
                f.str("metrics", DEFAULT_METRICS_PATH, 1));
        for (String key : List.of("topology", "templates", "checks", "metrics")) {
            if (f.raw(key) instanceof String s) {
                try {
                    Path.of(s); // a NUL, or a lone surrogate the file system cannot encode
                } catch (InvalidPathException e) {
                    valueError(f, key, "not a valid path: " + e.getReason());
                }
            }
        }
        return paths;
    }

    private static Refresh refresh(Fields f) {
        return new Refresh(f.integer("room_state_seconds", 30, 10, null),
                f.integer("rack_state_seconds", 30, 10, null));
    }

    private static Cache cache(Fields f) {
        return new Cache(f.integer("ttl_seconds", 30, 1, null), f.integer("health_checks_ttl_seconds", 30, 1, null),
                f.integer("metrics_ttl_seconds", 120, 1, null), f.integer("service_ttl_seconds", 5, 1, null));
    }

    private static Telemetry telemetry(Fields f) {
        String url = emptyToNull(f.optStr("prometheus_url", null));
        if (url != null) {
            valueError(f, "prometheus_url", AppConfigRules.prometheusUrlError(url));
        }
        double timeout = number(f, "prometheus_timeout_seconds", 5.0, 0.0, true, 60.0);
        String identityLabel = f.str("identity_label", "instance");
        String rackLabel = f.str("rack_label", "rack_id");
        String chassisLabel = f.str("chassis_label", "chassis_id");
        String jobRegex = f.str("job_regex", ".*");
        if (f.raw("job_regex") instanceof String s) {
            valueError(f, "job_regex", errorOrNull("Invalid job_regex: ", AppConfigRules.jobRegexError(s)));
        }
        int heartbeat = f.integer("prometheus_heartbeat_seconds", 30, 10, null);
        int latencyWindow = f.integer("prometheus_latency_window", 20, 1, null);
        boolean debugStats = f.bool("debug_stats", false);

        // Like pydantic's info.data: a field that failed validation counts as absent for the later check.
        int mark = count(f);
        String user = emptyToNull(f.optStr("basic_auth_user", null));
        boolean userValid = count(f) == mark;
        String password = emptyToNull(f.optStr("basic_auth_password", null));
        if (password != null && (user == null || !userValid)) {
            valueError(f, "basic_auth_password", "basic_auth_user is required when basic_auth_password is set");
        }
        boolean tlsVerify = f.bool("tls_verify", true);
        String caFile = emptyToNull(f.optStr("tls_ca_file", null));
        mark = count(f);
        String certFile = emptyToNull(f.optStr("tls_cert_file", null));
        boolean certValid = count(f) == mark;
        String keyFile = emptyToNull(f.optStr("tls_key_file", null));
        if (keyFile != null && (certFile == null || !certValid)) {
            valueError(f, "tls_key_file", "tls_cert_file is required when tls_key_file is set");
        }
        return new Telemetry(url, timeout, identityLabel, rackLabel, chassisLabel, jobRegex, heartbeat, latencyWindow,
                debugStats, user, password, tlsVerify, caFile, certFile, keyFile);
    }

    private static Planner planner(Fields f) {
        return new Planner(f.literal("unknown_state", "UNKNOWN", false, UNKNOWN_STATES),
                f.integer("cache_ttl_seconds", 30, 1, null), f.integer("max_ids_per_query", 200, 1, null));
    }

    private static Features features(Fields f) {
        return new Features(f.bool("notifications", true), f.integer("notifications_max_visible", 10, 1, null),
                f.bool("playlist", false), f.bool("offline", false), f.bool("wizard", true), f.bool("worldmap", true),
                f.bool("show_logs", true), f.bool("maintenances", true), f.bool("dev_tools", false),
                f.integer("toast_duration_seconds", Features.DEFAULT_TOAST_DURATION_SECONDS, 1, null),
                f.str("toast_position", Features.DEFAULT_TOAST_POSITION),
                f.integer("toast_stack_threshold", Features.DEFAULT_TOAST_STACK_THRESHOLD, 1, null),
                f.bool("aisle_dashboard", true));
    }

    private static Auth auth(Fields f) {
        boolean enabled = f.bool("enabled", false);
        String username = f.str("username", "admin");
        String passwordHash = f.str("password_hash", "");
        String secretKey = f.str("secret_key", "");
        String sessionDuration = f.literal("session_duration", "24h", false, SESSION_DURATIONS);
        Fields p = section(f, "policy", "PasswordPolicyConfig");
        Policy policy = new Policy(p.integer("min_length", 6, 1, 128), p.integer("max_length", 128, 6, 512),
                p.bool("require_digit", false), p.bool("require_symbol", false));
        List<String> trustedNetworks = f.strList("trusted_networks", List.of());
        return new Auth(enabled, username, passwordHash, secretKey, sessionDuration, policy, trustedNetworks);
    }

    private static MapView map(Fields f) {
        String defaultView = f.literal("default_view", "world", true, MAP_VIEWS);
        Integer defaultZoom = f.optInteger("default_zoom", null, 1, 18);
        int minZoom = f.integer("min_zoom", 2, 1, 18);
        int maxZoom = f.integer("max_zoom", 7, 1, 18);
        boolean zoomControls = f.bool("zoom_controls", true);
        Fields c = section(f, "center", "MapCenterConfig");
        Center center = new Center(number(c, "lat", 20.0, -90.0, false, 90.0),
                number(c, "lon", 0.0, -180.0, false, 180.0));
        return new MapView(defaultView, defaultZoom, minZoom, maxZoom, zoomControls, center,
                f.str("style", MapView.DEFAULT_STYLE));
    }

    private static Playlist playlist(Fields f) {
        return new Playlist(f.integer("interval_seconds", 30, 5, null), f.strList("views", DEFAULT_PLAYLIST_VIEWS));
    }

    /** {@code plugins}: a mapping of id to mapping, each kept as written (the plugin owns its entry). */
    private static Map<String, Object> plugins(Fields f) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (!f.has("plugins")) {
            return Collections.unmodifiableMap(out);
        }
        Problems problems = f.problems();
        if (!(f.raw("plugins") instanceof Map<?, ?> plugins)) {
            problems.add("dict_type", f.loc("plugins"), "Input should be a valid dictionary", f.raw("plugins"));
            return Collections.unmodifiableMap(out);
        }
        plugins.forEach((id, entry) -> {
            List<Object> loc = f.loc("plugins");
            loc.add(id);
            if (!(id instanceof String)) {
                problems.add("string_type", keyLoc(loc), "Input should be a valid string", id);
            } else if (!(entry instanceof Map<?, ?> settings)) {
                problems.add("dict_type", loc, "Input should be a valid dictionary", entry);
            } else {
                settings.keySet().stream().filter(k -> !(k instanceof String)).forEach(k -> {
                    List<Object> kl = new ArrayList<>(loc);
                    kl.add(k);
                    problems.add("string_type", keyLoc(kl), "Input should be a valid string", k);
                });
                out.put((String) id, frozenCopy(entry));
            }
        });
        return Collections.unmodifiableMap(out);
    }

    private static List<Object> keyLoc(List<Object> loc) {
        List<Object> l = new ArrayList<>(loc);
        l.add("[key]");
        return l;
    }

    /** A deprecated top-level block: null or absent gives null; otherwise validated, and kept as written. */
    private static Map<String, Object> legacy(Fields f, String key, String className, Consumer<Fields> check) {
        if (!f.has(key) || f.raw(key) == null) {
            return null;
        }
        Fields block = section(f, key, className);
        if (!(f.raw(key) instanceof Map<?, ?> m)) {
            return null;
        }
        check.accept(block);
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), frozenCopy(v)));
        return Collections.unmodifiableMap(out);
    }

    private static void checkLegacySimulator(Fields s) {
        s.integer("update_interval_seconds", 20, 1, null);
        s.optInteger("seed", null, null, null);
        s.str("overrides_path", "config/plugins/simulator/overrides/overrides.yaml", 1);
        s.integer("default_ttl_seconds", 120, 0, null);
        s.str("metrics_catalog_path", "config/plugins/simulator/metrics/metrics_full.yaml", 1);
        if (!s.has("metrics_catalogs")) {
            return;
        }
        if (!(s.raw("metrics_catalogs") instanceof List<?> catalogs)) {
            s.problems().add("list_type", s.loc("metrics_catalogs"), "Input should be a valid list",
                    s.raw("metrics_catalogs"));
            return;
        }
        for (int i = 0; i < catalogs.size(); i++) {
            List<Object> loc = s.loc("metrics_catalogs");
            loc.add(i);
            if (catalogs.get(i) instanceof Map<?, ?> m) {
                Fields c = new Fields(m, loc, s.problems());
                c.reqStr("id", 1);
                c.reqStr("path", 1);
                c.bool("enabled", true);
            } else {
                s.problems().add("model_type", loc, "Input should be a valid dictionary or instance of "
                        + "SimulatorMetricsCatalog", catalogs.get(i), Map.of("class_name", "SimulatorMetricsCatalog"));
            }
        }
    }

    private static void checkLegacySlurm(Fields s) {
        s.str("metric", "slurm_node_status", 1);
        s.str("label_node", "node", 1);
        s.str("label_status", "status", 1);
        s.str("label_partition", "partition", 1);
        Fields statusMap = section(s, "status_map", "SlurmStatusMap");
        statusMap.strList("ok", List.of());
        statusMap.strList("warn", List.of());
        statusMap.strList("crit", List.of());
        s.strList("roles", List.of());
        s.bool("include_unlabeled", false);
        s.optStr("mapping_path", null);
    }

    // ------------------------------------------------------------------ field helpers

    /** {@link Fields#number} plus pydantic's refusal of NaN, which compares false against every bound. */
    private static double number(Fields f, String key, double dflt, Double min, boolean exclusiveMin, Double max) {
        Object raw = f.raw(key);
        boolean nan = raw instanceof Number n ? Double.isNaN(n.doubleValue())
                : raw instanceof String s && s.trim().equalsIgnoreCase("nan");
        if (f.has(key) && nan) {
            f.problems().add("less_than_equal", f.loc(key), "Input should be less than or equal to "
                    + (max == Math.rint(max) ? Long.toString(max.longValue()) : max.toString()), raw,
                    Map.of("le", max));
            return dflt;
        }
        return f.number(key, dflt, min, exclusiveMin, max);
    }

    /** A custom validator's failure, as pydantic reports a ValueError raised in a field validator. */
    private static void valueError(Fields f, String key, String error) {
        if (error != null) {
            f.problems().add("value_error", f.loc(key), "Value error, " + error, f.raw(key), Map.of("error", error));
        }
    }

    private static String errorOrNull(String prefix, String error) {
        return error == null ? null : prefix + error;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static int count(Fields f) {
        return f.problems().list().size();
    }

    /** An unmodifiable deep copy (nulls kept), so a loaded config cannot be changed through its maps. */
    private static Object frozenCopy(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(k, frozenCopy(x)));
            return Collections.unmodifiableMap(out);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(frozenCopy(x)));
            return Collections.unmodifiableList(out);
        }
        return v;
    }

    /** A mutable deep copy, for views that callers may change. */
    private static Object mutableCopy(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(k, mutableCopy(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(mutableCopy(x)));
            return out;
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mutableMap(Map<String, Object> m) {
        return m == null ? null : (Map<String, Object>) mutableCopy(m);
    }

    // ------------------------------------------------------------------ views

    /**
     * The body of {@code GET /api/config}: every section in §1.2 order, nulls included, without
     * {@code auth.password_hash}, {@code auth.secret_key} and {@code telemetry.basic_auth_password}.
     * {@code plugins}, {@code simulator} and {@code slurm} are mutable copies of what is stored, so the
     * caller can put each active plugin's effective settings under {@code plugins.<id>}.
     */
    public static Map<String, Object> toJson(AppConfig cfg) {
        Map<String, Object> out = document(cfg, false);
        out.put("plugins", mutableMap(cfg.plugins()));
        return out;
    }

    /**
     * What {@code PUT /api/config} writes to app.yaml: every section in model order, nulls included,
     * secrets included (the file is where they live), {@code plugins} slimmed to
     * {@code {<id>: {enabled: bool}}} (each plugin's other settings go to its own file).
     */
    public static Map<String, Object> toYamlDocument(AppConfig cfg) {
        Map<String, Object> out = document(cfg, true);
        Map<String, Object> plugins = new LinkedHashMap<>();
        if (cfg.plugins() != null) {
            cfg.plugins().forEach((id, settings) -> {
                Object enabled = settings instanceof Map<?, ?> m ? m.get("enabled") : null;
                Map<String, Object> slim = new LinkedHashMap<>();
                slim.put("enabled", PluginSettingsResolver.truthy(enabled));
                plugins.put(id, slim);
            });
        }
        out.put("plugins", plugins);
        return out;
    }

    private static Map<String, Object> document(AppConfig cfg, boolean withSecrets) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("app", cfg.app() == null ? null : app(cfg.app()));
        out.put("paths", cfg.paths() == null ? null : paths(cfg.paths()));
        out.put("refresh", cfg.refresh() == null ? null : refresh(cfg.refresh()));
        out.put("cache", cfg.cache() == null ? null : cache(cfg.cache()));
        out.put("telemetry", cfg.telemetry() == null ? null : telemetry(cfg.telemetry(), withSecrets));
        out.put("planner", cfg.planner() == null ? null : planner(cfg.planner()));
        out.put("features", cfg.features() == null ? null : features(cfg.features()));
        out.put("auth", cfg.auth() == null ? null : auth(cfg.auth(), withSecrets));
        out.put("map", cfg.map() == null ? null : map(cfg.map()));
        out.put("playlist", cfg.playlist() == null ? null : playlist(cfg.playlist()));
        out.put("plugins", null);
        out.put("simulator", mutableMap(cfg.simulator()));
        out.put("slurm", mutableMap(cfg.slurm()));
        return out;
    }

    private static Map<String, Object> app(App a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", a.name());
        m.put("description", a.description());
        return m;
    }

    private static Map<String, Object> paths(Paths p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("topology", p.topology());
        m.put("templates", p.templates());
        m.put("checks", p.checks());
        m.put("metrics", p.metrics());
        return m;
    }

    private static Map<String, Object> refresh(Refresh r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("room_state_seconds", r.roomStateSeconds());
        m.put("rack_state_seconds", r.rackStateSeconds());
        return m;
    }

    private static Map<String, Object> cache(Cache c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ttl_seconds", c.ttlSeconds());
        m.put("health_checks_ttl_seconds", c.healthChecksTtlSeconds());
        m.put("metrics_ttl_seconds", c.metricsTtlSeconds());
        m.put("service_ttl_seconds", c.serviceTtlSeconds());
        return m;
    }

    private static Map<String, Object> telemetry(Telemetry t, boolean withSecrets) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("prometheus_url", t.prometheusUrl());
        m.put("prometheus_timeout_seconds", t.prometheusTimeoutSeconds());
        m.put("identity_label", t.identityLabel());
        m.put("rack_label", t.rackLabel());
        m.put("chassis_label", t.chassisLabel());
        m.put("job_regex", t.jobRegex());
        m.put("prometheus_heartbeat_seconds", t.prometheusHeartbeatSeconds());
        m.put("prometheus_latency_window", t.prometheusLatencyWindow());
        m.put("debug_stats", t.debugStats());
        m.put("basic_auth_user", t.basicAuthUser());
        if (withSecrets) {
            m.put("basic_auth_password", t.basicAuthPassword());
        }
        m.put("tls_verify", t.tlsVerify());
        m.put("tls_ca_file", t.tlsCaFile());
        m.put("tls_cert_file", t.tlsCertFile());
        m.put("tls_key_file", t.tlsKeyFile());
        return m;
    }

    private static Map<String, Object> planner(Planner p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("unknown_state", p.unknownState());
        m.put("cache_ttl_seconds", p.cacheTtlSeconds());
        m.put("max_ids_per_query", p.maxIdsPerQuery());
        return m;
    }

    private static Map<String, Object> features(Features f) {
        // The original's declaration order (core.md §7.5).
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("notifications", f.notifications());
        m.put("notifications_max_visible", f.notificationsMaxVisible());
        m.put("playlist", f.playlist());
        m.put("offline", f.offline());
        m.put("wizard", f.wizard());
        m.put("worldmap", f.worldmap());
        m.put("show_logs", f.showLogs());
        m.put("dev_tools", f.devTools());
        m.put("maintenances", f.maintenances());
        // kept for the web UI's Settings page (ui-surface.md §10 F8)
        m.put("toast_duration_seconds", f.toastDurationSeconds());
        m.put("toast_position", f.toastPosition());
        m.put("toast_stack_threshold", f.toastStackThreshold());
        m.put("aisle_dashboard", f.aisleDashboard());
        return m;
    }

    private static Map<String, Object> auth(Auth a, boolean withSecrets) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("enabled", a.enabled());
        m.put("username", a.username());
        if (withSecrets) {
            m.put("password_hash", a.passwordHash());
            m.put("secret_key", a.secretKey());
        }
        m.put("session_duration", a.sessionDuration());
        Map<String, Object> policy = null;
        if (a.policy() != null) {
            policy = new LinkedHashMap<>();
            policy.put("min_length", a.policy().minLength());
            policy.put("max_length", a.policy().maxLength());
            policy.put("require_digit", a.policy().requireDigit());
            policy.put("require_symbol", a.policy().requireSymbol());
        }
        m.put("policy", policy);
        m.put("trusted_networks", a.trustedNetworks() == null ? null : new ArrayList<>(a.trustedNetworks()));
        return m;
    }

    private static Map<String, Object> map(MapView v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("default_view", v.defaultView());
        m.put("default_zoom", v.defaultZoom());
        m.put("min_zoom", v.minZoom());
        m.put("max_zoom", v.maxZoom());
        m.put("zoom_controls", v.zoomControls());
        Map<String, Object> center = null;
        if (v.center() != null) {
            center = new LinkedHashMap<>();
            center.put("lat", v.center().lat());
            center.put("lon", v.center().lon());
        }
        m.put("center", center);
        m.put("style", v.style());
        return m;
    }

    private static Map<String, Object> playlist(Playlist p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("interval_seconds", p.intervalSeconds());
        m.put("views", p.views() == null ? null : new ArrayList<>(p.views()));
        return m;
    }

    /**
     * The fixed body of {@code GET /api/config} when no app.yaml is loaded (core.md §3.6), except that
     * {@code telemetry.basic_auth_password} is left out: secrets are never echoed.
     */
    public static Map<String, Object> fallbackJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("paths", new LinkedHashMap<>());
        Map<String, Object> refresh = new LinkedHashMap<>();
        refresh.put("room_state_seconds", 30);
        refresh.put("rack_state_seconds", 30);
        out.put("refresh", refresh);
        Map<String, Object> cache = new LinkedHashMap<>();
        cache.put("ttl_seconds", 30);
        out.put("cache", cache);
        Map<String, Object> telemetry = new LinkedHashMap<>();
        telemetry.put("prometheus_url", null);
        telemetry.put("identity_label", "instance");
        telemetry.put("rack_label", "rack_id");
        telemetry.put("chassis_label", "chassis_id");
        telemetry.put("job_regex", ".*");
        telemetry.put("prometheus_heartbeat_seconds", 30);
        telemetry.put("prometheus_latency_window", 20);
        telemetry.put("basic_auth_user", null);
        telemetry.put("tls_verify", true);
        telemetry.put("tls_ca_file", null);
        telemetry.put("tls_cert_file", null);
        telemetry.put("tls_key_file", null);
        out.put("telemetry", telemetry);
        Map<String, Object> planner = new LinkedHashMap<>();
        planner.put("unknown_state", "UNKNOWN");
        planner.put("cache_ttl_seconds", 30);
        planner.put("max_ids_per_query", 50);
        out.put("planner", planner);
        Map<String, Object> features = new LinkedHashMap<>();
        features.put("notifications", false);
        features.put("playlist", false);
        features.put("offline", false);
        out.put("features", features);
        Map<String, Object> simulator = new LinkedHashMap<>();
        simulator.put("update_interval_seconds", 20);
        simulator.put("seed", null);
        simulator.put("default_ttl_seconds", 120);
        simulator.put("overrides_path", "config/plugins/simulator/overrides/overrides.yaml");
        simulator.put("metrics_catalog_path", "config/plugins/simulator/metrics/metrics_full.yaml");
        simulator.put("metrics_catalogs", new ArrayList<>());
        out.put("simulator", simulator);
        return out;
    }

    // ------------------------------------------------------------------ PUT /api/config

    /**
     * Step 3 of {@code PUT /api/config}: an empty {@code auth.password_hash} or {@code auth.secret_key}
     * in the submitted config takes the current value. Because no response ever carries
     * {@code telemetry.basic_auth_password}, a submitted config without one also keeps the current
     * password when it names the same {@code basic_auth_user} (otherwise every save from the UI would
     * erase it).
     *
     * @param current the config in force, or {@code null} when none is loaded
     */
    public static AppConfig keepCredentials(AppConfig submitted, AppConfig current) {
        return keepCredentials(submitted, current, true, true);
    }

    /**
     * As {@link #keepCredentials(AppConfig, AppConfig)}, and (§10 S4) a body without an {@code auth} section keeps
     * the current one whole, and an {@code auth} section without {@code username} keeps the current user name:
     * the UI's Settings save never sends it, and the original reset it to "admin" at every save.
     *
     * @param authSent     whether the body had an {@code auth} key
     * @param usernameSent whether that section had a {@code username} key
     */
    public static AppConfig keepCredentials(AppConfig submitted, AppConfig current, boolean authSent,
                                            boolean usernameSent) {
        if (current == null || submitted == null) {
            return submitted;
        }
        Auth auth = !authSent && current.auth() != null ? current.auth() : submitted.auth();
        if (auth != null && current.auth() != null && authSent && !usernameSent) {
            auth = new Auth(auth.enabled(), current.auth().username(), auth.passwordHash(), auth.secretKey(),
                    auth.sessionDuration(), auth.policy(), auth.trustedNetworks());
        }
        if (auth != null && current.auth() != null) {
            String hash = isEmpty(auth.passwordHash()) && !isEmpty(current.auth().passwordHash())
                    ? current.auth().passwordHash() : auth.passwordHash();
            String key = isEmpty(auth.secretKey()) && !isEmpty(current.auth().secretKey())
                    ? current.auth().secretKey() : auth.secretKey();
            auth = new Auth(auth.enabled(), auth.username(), hash, key, auth.sessionDuration(), auth.policy(),
                    auth.trustedNetworks());
        }
        Telemetry t = submitted.telemetry();
        Telemetry now = current.telemetry();
        if (t != null && now != null && isEmpty(t.basicAuthPassword()) && !isEmpty(now.basicAuthPassword())
                && t.basicAuthUser() != null && t.basicAuthUser().equals(now.basicAuthUser())) {
            t = new Telemetry(t.prometheusUrl(), t.prometheusTimeoutSeconds(), t.identityLabel(), t.rackLabel(),
                    t.chassisLabel(), t.jobRegex(), t.prometheusHeartbeatSeconds(), t.prometheusLatencyWindow(),
                    t.debugStats(), t.basicAuthUser(), now.basicAuthPassword(), t.tlsVerify(), t.tlsCaFile(),
                    t.tlsCertFile(), t.tlsKeyFile());
        }
        return new AppConfig(submitted.app(), submitted.paths(), submitted.refresh(), submitted.cache(), t,
                submitted.planner(), submitted.features(), auth, submitted.map(), submitted.playlist(),
                submitted.plugins(), submitted.simulator(), submitted.slurm());
    }

    /** Sections whose absent keys are not taken from the current config: required, or written elsewhere. */
    private static final java.util.Set<String> SENT_AS_IS = java.util.Set.of("paths", "plugins", "simulator", "slurm");

    /**
     * A {@code PUT /api/config} body completed with the current config's values for every key it leaves out, at any
     * depth of the sections (not {@code paths}, which must be sent, nor the plugin sections, which are merged into
     * the plugin files). The web UI's Settings form sends only the keys it shows: without this, each save reset
     * {@code features.wizard}, {@code features.show_logs}, {@code auth.username} and the like to their defaults.
     * A key sent, even as null, is kept as sent.
     *
     * @param current {@link #toJson(AppConfig)} of the config in force
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> keepAbsentKeys(Map<String, Object> body, Map<String, Object> current) {
        Map<String, Object> out = new LinkedHashMap<>(body);
        current.forEach((key, value) -> {
            if (SENT_AS_IS.contains(key)) {
                return;
            }
            if (!out.containsKey(key)) {
                out.put(key, deepCopy(value));
            } else if (out.get(key) instanceof Map<?, ?> sent && value instanceof Map<?, ?> now) {
                out.put(key, mergeAbsent((Map<String, Object>) sent, (Map<String, Object>) now));
            }
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mergeAbsent(Map<String, Object> sent, Map<String, Object> now) {
        Map<String, Object> out = new LinkedHashMap<>(sent);
        now.forEach((key, value) -> {
            if (!out.containsKey(key)) {
                out.put(key, deepCopy(value));
            } else if (out.get(key) instanceof Map<?, ?> s && value instanceof Map<?, ?> n) {
                out.put(key, mergeAbsent((Map<String, Object>) s, (Map<String, Object>) n));
            }
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object deepCopy(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            ((Map<String, Object>) m).forEach((k, v) -> copy.put(k, deepCopy(v)));
            return copy;
        }
        if (value instanceof List<?> l) {
            List<Object> copy = new ArrayList<>(l.size());
            l.forEach(v -> copy.add(deepCopy(v)));
            return copy;
        }
        return value;
    }

    private static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }
}
