package dev.rackscope.core.plugins;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.rackscope.api.http.ApiException;
import dev.rackscope.api.http.ApiServlet;
import dev.rackscope.api.http.Json;
import dev.rackscope.api.http.ValidationException;
import dev.rackscope.api.plugin.RackscopePlugin;
import dev.rackscope.core.config.ConfigBridge;
import dev.rackscope.core.config.SettingsText;
import dev.rackscope.core.config.Yaml11;
import jakarta.servlet.Servlet;

/**
 * {@code /api/plugins}: the plugin list, the aggregated menu, one plugin, its dedicated config file,
 * and a switch for scripts.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/plugins/*")
public final class PluginsServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;

    private final transient PluginRegistry registry;
    private final transient ConfigBridge bridge;
    private final transient ServiceComponentRuntime scr;
    private final transient BundleContext context;

    @Activate
    public PluginsServlet(@Reference PluginRegistry registry, @Reference ConfigBridge bridge,
                          @Reference ServiceComponentRuntime scr, BundleContext context) {
        this.registry = registry;
        this.bridge = bridge;
        this.scr = scr;
        this.context = context;
        get("", r -> list());
        get("/menu", r -> Map.of("sections", registry.menu()));
        get("/{id}", r -> describe(activePlugin(r.path("id"))));
        get("/{id}/config", r -> readConfig(r.path("id")));
        post("/{id}/config", r -> writeConfig(r.path("id"), r.jsonObject()));
        put("/{id}/enabled", r -> setEnabled(r.path("id"), r.jsonObject()));
    }

    private Map<String, Object> list() {
        List<Map<String, Object>> plugins = registry.plugins().stream().map(PluginsServlet::describe).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("count", plugins.size());
        body.put("plugins", plugins);
        return body;
    }

    static Map<String, Object> describe(RackscopePlugin p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.id());
        m.put("name", p.name());
        m.put("version", p.version());
        m.put("description", p.description());
        m.put("author", p.author());
        return m;
    }

    private RackscopePlugin activePlugin(String id) {
        return registry.plugin(id).orElseThrow(() -> {
            PluginStatus.Entry status = PluginStatus.of(id, registry, bridge, scr, context);
            return ApiException.notFound(status == null ? "Plugin '" + id + "' not found" : status.detail());
        });
    }

    private void requireKnown(String id) {
        if (registry.plugin(id).isEmpty() && !bridge.pluginStates().containsKey(id)) {
            throw ApiException.notFound("Plugin '" + id + "' not found");
        }
    }

    private Map<String, Object> readConfig(String id) throws Yaml11.YamlFileException {
        requireKnown(id);
        Path file = bridge.pluginConfigFile(id);
        Map<String, Object> body = new LinkedHashMap<>();
        if (Files.isRegularFile(file)) {
            Map<String, Object> config = Yaml11.readMap(file);
            body.put("config", config == null ? Map.of() : config);
            body.put("source", "file");
        } else {
            body.put("config", registry.plugin(id).map(RackscopePlugin::defaultConfig).orElse(Map.of()));
            body.put("source", "defaults");
        }
        body.put("path", file.toString());
        return body;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> writeConfig(String id, JsonNode body) {
        requireKnown(id);
        JsonNode config = body.get("config");
        if (config == null || config.isNull()) {
            throw ValidationException.of("missing", List.of("body", "config"), "Field required", body);
        }
        if (!config.isObject()) {
            throw ValidationException.of("dict_type", List.of("body", "config"), "Input should be a valid dictionary",
                    config);
        }
        SettingsText.reject(config, List.of("body", "config"));
        Map<String, Object> map = Json.mapper().convertValue(config, LinkedHashMap.class);
        Path file = bridge.writePluginFile(id, map);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("config", map);
        out.put("source", "file");
        out.put("path", file.toString());
        out.put("status", "saved");
        return out;
    }

    /** DS activates asynchronously; give it a moment so that the answer tells the resulting state. */
    private void awaitRegistration(String id, boolean registered) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(2);
        while (registry.plugin(id).isPresent() != registered && System.nanoTime() < deadline) {
            PluginStatus.Entry status = PluginStatus.of(id, registry, bridge, scr, context);
            if (registered && status != null && List.of("disabled", "failed", "not_installed").contains(status.state())) {
                return; // not installed, failed or disabled by its file: waiting will not help
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private Map<String, Object> setEnabled(String id, JsonNode body) {
        if (!id.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
            throw ApiException.badRequest("Invalid plugin id: '" + id + "'");
        }
        JsonNode enabled = body.get("enabled");
        if (enabled == null || !enabled.isBoolean()) {
            throw ValidationException.of("bool_type", List.of("body", "enabled"), "Input should be a valid boolean",
                    enabled == null ? null : enabled);
        }
        bridge.setEnabled(id, enabled.booleanValue());
        awaitRegistration(id, enabled.booleanValue());
        PluginStatus.Entry status = PluginStatus.of(id, registry, bridge, scr, context);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("enabled", enabled.booleanValue());
        out.put("state", status == null ? "unknown" : status.state());
        out.put("detail", status == null ? null : status.detail());
        return out;
    }
}
