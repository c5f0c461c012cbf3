package dev.rackscope.core.rest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import dev.rackscope.api.config.ConfigWriter;
import dev.rackscope.api.config.RackscopeConfig;
import dev.rackscope.api.http.Json;
import dev.rackscope.api.http.ValidationException;
import dev.rackscope.api.model.AppConfig;
import dev.rackscope.api.plugin.RackscopePlugin;
import dev.rackscope.api.snapshot.Snapshot;
import dev.rackscope.core.config.ConfigBridge;
import dev.rackscope.core.config.SettingsText;
import dev.rackscope.core.config.Yaml11;
import dev.rackscope.core.load.AppConfigLoader;
import dev.rackscope.core.load.LoadException;
import dev.rackscope.core.load.Problems;
import dev.rackscope.core.plugins.PluginRegistry;
import dev.rackscope.core.setup.Profiles;
import dev.rackscope.core.snapshot.SnapshotManager;
import jakarta.servlet.Servlet;

/** {@code GET/PUT /api/config}, {@code GET /api/config/profiles} and {@code GET /api/env}. */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({"/api/config/*", "/api/env"})
public final class ConfigServlet extends CoreServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ConfigServlet.class);
    private static final List<String> ENV = List.of("RACKSCOPE_APP_CONFIG", "RACKSCOPE_CONFIG_DIR", "RACKSCOPE_CONFIG",
            "RACKSCOPE_TEMPLATES", "RACKSCOPE_CHECKS", "PROMETHEUS_URL", "PROMETHEUS_CACHE_TTL");

    private final transient SnapshotManager snapshots;
    private final transient PluginRegistry registry;
    private final transient ConfigBridge bridge;
    private final transient RackscopeConfig files;
    private final transient ConfigWriter writer;

    @Activate
    public ConfigServlet(@Reference SnapshotManager snapshots, @Reference PluginRegistry registry,
                         @Reference ConfigBridge bridge, @Reference RackscopeConfig files,
                         @Reference ConfigWriter writer) {
        this.snapshots = snapshots;
        this.registry = registry;
        this.bridge = bridge;
        this.files = files;
        this.writer = writer;
        get("/api/config", r -> read(snapshots.current()));
        put("/api/config", r -> update(r.jsonObject(), r.requestPath()));
        get("/api/env", r -> env());
        get("/api/config/profiles", r -> profiles());
    }

    /** The profiles under the configuration home; {@code active} is the active app.yaml. */
    private Map<String, Object> profiles() throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("profiles", Profiles.list(bridge.configHome(), bridge.appConfigFile()));
        body.put("active", activeAppConfig());
        return body;
    }

    /**
     * What the original shows as {@code RACKSCOPE_APP_CONFIG}: the variable as set, or after the setup wizard
     * switched profile (the original then rewrote the variable) the active app.yaml.
     */
    private String activeAppConfig() {
        String raw = System.getenv("RACKSCOPE_APP_CONFIG");
        return bridge.switchedFromStart() || raw == null || raw.isBlank() ? bridge.appConfigFile().toString() : raw;
    }

    private Map<String, Object> read(Snapshot s) {
        if (s.config() == null) {
            return AppConfigLoader.fallbackJson();
        }
        Map<String, Object> body = AppConfigLoader.toJson(s.config());
        return withLivePluginConfigs(body);
    }

    /** Replaces {@code plugins.<id>} by each registered plugin's full effective config. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> withLivePluginConfigs(Map<String, Object> body) {
        Map<String, Object> plugins = new LinkedHashMap<>();
        if (body.get("plugins") instanceof Map<?, ?> m) {
            plugins.putAll((Map<String, Object>) m);
        }
        for (RackscopePlugin p : registry.plugins()) {
            Map<String, Object> live = p.effectiveConfig();
            if (live != null) {
                plugins.put(p.id(), live);
            }
        }
        body.put("plugins", plugins);
        return body;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> update(JsonNode json, String path) throws IOException {
        for (String pluginSettings : List.of("plugins", "simulator", "slurm")) {
            SettingsText.reject(json.get(pluginSettings), List.of("body", pluginSettings));
        }
        Map<String, Object> doc = Json.mapper().convertValue(json, LinkedHashMap.class);
        Snapshot before = snapshots.current();
        if (before.config() != null) {
            doc = AppConfigLoader.keepAbsentKeys(doc, AppConfigLoader.toJson(before.config()));
        }
        Problems problems = new Problems();
        AppConfig submitted = AppConfigLoader.fromMap(doc, problems);
        if (submitted == null || !problems.isEmpty()) {
            throw new ValidationException(problems.detail("body"));
        }
        boolean authSent = json.get("auth") != null && !json.get("auth").isNull();
        boolean usernameSent = authSent && json.get("auth").has("username");
        AppConfig config = before.config() == null ? submitted
                : AppConfigLoader.keepCredentials(submitted, before.config(), authSent, usernameSent);
        AppConfig resolved = AppConfigLoader.resolvePaths(config, files.appConfigFile());
        try {
            snapshots.apply(resolved);
        } catch (LoadException e) {
            throw ValidationException.of("value_error", List.of("body", "paths", "topology"),
                    "Value error, cannot load the configuration: " + e.getMessage(), config.paths().topology());
        }
        writer.writeYaml(files.appConfigFile(), AppConfigLoader.toYamlDocument(config), null);
        writePluginFiles(config.plugins());
        bridge.reloadNow(true);
        LOG.info("Configuration updated through PUT {}", path);
        return withLivePluginConfigs(AppConfigLoader.toJson(config));
    }

    /** Merges each submitted plugin section (minus {@code enabled}) over the plugin's dedicated file. */
    @SuppressWarnings("unchecked")
    private void writePluginFiles(Map<String, Object> plugins) throws IOException {
        if (plugins == null) {
            return;
        }
        for (Map.Entry<String, Object> e : plugins.entrySet()) {
            if (!(e.getValue() instanceof Map<?, ?> section) || !e.getKey().matches("[a-z0-9][a-z0-9._-]{0,63}")) {
                continue;
            }
            Map<String, Object> submitted = new LinkedHashMap<>((Map<String, Object>) section);
            submitted.remove("enabled");
            if (submitted.isEmpty()) {
                continue;
            }
            Path file = bridge.pluginConfigFile(e.getKey());
            Map<String, Object> merged = new LinkedHashMap<>();
            Map<String, Object> existing;
            try {
                existing = Yaml11.readMap(file);
            } catch (Yaml11.YamlFileException ex) {
                existing = null;
                LOG.warn("Replacing {}, which does not parse: {}", file, ex.getMessage());
            }
            if (existing != null) {
                merged.putAll(existing);
            }
            merged.putAll(submitted);
            merged.remove("enabled");
            if (!merged.equals(existing)) {
                writer.writeYaml(file, merged, titleCase(e.getKey()) + " Plugin Configuration — managed by Settings UI");
            }
        }
    }

    private static String titleCase(String id) {
        return Character.toUpperCase(id.charAt(0)) + id.substring(1);
    }

    private Map<String, Object> env() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String name : ENV) {
            m.put(name, System.getenv(name));
        }
        if (bridge.switchedFromStart()) {
            m.put("RACKSCOPE_APP_CONFIG", bridge.appConfigFile().toString());
        }
        m.computeIfPresent("PROMETHEUS_URL", (k, v) -> maskCredentials((String) v));
        return m;
    }

    /** {@code http://user:secret@host:9090} → {@code http://***@host:9090}: credentials never leave the server. */
    static String maskCredentials(String url) {
        int scheme = url.indexOf("://");
        int start = scheme < 0 ? 0 : scheme + 3;
        int end = url.length();
        for (char c : new char[] {'/', '?', '#'}) {
            int i = url.indexOf(c, start);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        int at = url.lastIndexOf('@', end - 1);
        if (at < start) {
            return url;
        }
        return url.substring(0, start) + "***" + url.substring(at);
    }
}
