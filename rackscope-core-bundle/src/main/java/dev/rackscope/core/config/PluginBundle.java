package dev.rackscope.core.config;

/**
 * A bundle that declares itself a Rackscope plugin through the {@code Rackscope-Plugin} manifest
 * header, known before any of its classes load.
 *
 * @param pluginId   the plugin id
 * @param configPath its dedicated settings file, relative to the app.yaml folder
 * @param bundleId   the framework's id of the bundle
 * @param symbolicName the bundle symbolic name
 */
public record PluginBundle(String pluginId, String configPath, long bundleId, String symbolicName) {

    /** Default dedicated file of a plugin whose header names none. */
    public static String defaultConfigPath(String pluginId) {
        return "plugins/" + pluginId + "/config.yml";
    }

    /** Parses {@code slurm;config=plugins/slurm/config.yml}; {@code null} when the header is unusable. */
    public static PluginBundle parse(String header, long bundleId, String symbolicName) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String[] parts = header.split(";");
        String id = parts[0].trim();
        if (!id.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
            return null;
        }
        String config = defaultConfigPath(id);
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].split("=", 2);
            if (kv.length == 2 && kv[0].trim().equals("config")) {
                String v = kv[1].trim().replace("\"", "");
                if (!v.isEmpty() && !v.startsWith("/") && !v.contains("..")) {
                    config = v;
                }
            }
        }
        return new PluginBundle(id, config, bundleId, symbolicName);
    }
}
