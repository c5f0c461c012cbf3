package dev.rackscope.core.config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The priority chain of a plugin's settings and its on/off switch, as pure functions of the parsed
 * files (no I/O, no OSGi).
 *
 * <p>Settings resolve key by key: the dedicated file, then the {@code plugins.<id>} section of app.yaml,
 * then the legacy top-level {@code <id>} section. A plugin is enabled only when
 * {@code plugins.<id>.enabled} is true in app.yaml and its dedicated file does not say
 * {@code enabled: false} (a missing key there means enabled).
 */
public final class PluginSettingsResolver {

    private PluginSettingsResolver() {
    }

    /** Why a plugin is on or off. */
    public enum Switch {
        ENABLED, DISABLED_IN_APP_CONFIG, DISABLED_IN_PLUGIN_FILE
    }

    /** The switch and the effective settings (without {@code enabled}). */
    public record Decision(Switch state, Map<String, Object> settings) {
        public boolean enabled() {
            return state == Switch.ENABLED;
        }
    }

    /**
     * @param appYaml  parsed app.yaml, or {@code null} when none is loaded (then nothing is enabled)
     * @param pluginId the plugin id
     * @param fileMap  parsed dedicated file, or {@code null} when it does not exist
     */
    public static Decision decide(Map<String, Object> appYaml, String pluginId, Map<String, Object> fileMap) {
        Map<String, Object> section = appSection(appYaml, pluginId);
        Map<String, Object> settings = new LinkedHashMap<>();
        if (appYaml != null && appYaml.get(pluginId) instanceof Map<?, ?> legacy) {
            legacy.forEach((k, v) -> settings.put(String.valueOf(k), v));
        }
        if (section != null) {
            settings.putAll(section);
        }
        if (fileMap != null) {
            settings.putAll(fileMap);
        }
        settings.remove("enabled");

        Switch state;
        if (section == null || !truthy(section.get("enabled"))) {
            state = Switch.DISABLED_IN_APP_CONFIG;
        } else if (fileMap != null && fileMap.containsKey("enabled") && !truthy(fileMap.get("enabled"))) {
            state = Switch.DISABLED_IN_PLUGIN_FILE;
        } else {
            state = Switch.ENABLED;
        }
        return new Decision(state, settings);
    }

    /** The {@code plugins.<id>} map of app.yaml, or {@code null} when absent or not a map. */
    public static Map<String, Object> appSection(Map<String, Object> appYaml, String pluginId) {
        if (appYaml == null || !(appYaml.get("plugins") instanceof Map<?, ?> plugins)
                || !(plugins.get(pluginId) instanceof Map<?, ?> section)) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        section.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    /** Lax boolean as the original reads switches: YAML booleans, numbers, and yes/no words. */
    public static boolean truthy(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Number n) {
            return n.doubleValue() != 0;
        }
        if (value instanceof String s) {
            switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "false", "no", "off", "0", "n", "f", "":
                    return false;
                default:
                    return true;
            }
        }
        return false;
    }
}
