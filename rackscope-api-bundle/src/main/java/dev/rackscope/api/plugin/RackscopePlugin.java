package dev.rackscope.api.plugin;

import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Identity of a Rackscope plugin, published as an OSGi service by the plugin's component.
 *
 * <p>The core lists every registered {@code RackscopePlugin} under {@code GET /api/plugins}. A plugin
 * component is normally declared with {@code configurationPolicy = REQUIRE} on the PID
 * {@code dev.rackscope.plugin.<id>}: the core's config bridge creates that configuration only while
 * {@code plugins.<id>.enabled} is true in app.yaml, so a disabled plugin has no service and no entry.
 *
 * <p>JSON shape: {@code {id, name, version, description, author}}.
 */
@ConsumerType
public interface RackscopePlugin {

    /** Configuration PID prefix: the plugin with id {@code x} is configured by PID {@code dev.rackscope.plugin.x}. */
    String PID_PREFIX = "dev.rackscope.plugin.";

    /**
     * Manifest header that declares a bundle as a Rackscope plugin before any of its classes are loaded:
     * {@code Rackscope-Plugin: <id>;config=<path of its dedicated file, relative to the app.yaml folder>}.
     */
    String MANIFEST_HEADER = "Rackscope-Plugin";

    /** Stable plugin id, for example {@code slurm}; lower case letters, digits, '-', '_' and '.'. */
    String id();

    /** Human-readable name, for example {@code Slurm Workload}. */
    String name();

    /** Plugin version as reported to clients, for example {@code 1.0.0}. */
    String version();

    /** One-line description. */
    String description();

    /** Author or team. */
    String author();

    /**
     * The plugin's default settings, reported by {@code GET /api/plugins/{id}/config} when its dedicated
     * file does not exist. Nested maps and lists as they would appear in YAML.
     */
    default Map<String, Object> defaultConfig() {
        return Map.of();
    }

    /**
     * The plugin's full effective configuration now (every key, defaults applied), which
     * {@code GET /api/config} reports under {@code plugins.<id>}; {@code null} when the plugin has none.
     */
    default Map<String, Object> effectiveConfig() {
        return null;
    }
}
