package dev.rackscope.core.snapshot;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import dev.rackscope.api.config.RackscopeConfig;

/** The configuration service of a folder, as the core's own one answers for app.yaml (tests only). */
public final class FolderConfig implements RackscopeConfig {
    private final Path appYaml;

    public FolderConfig(Path appYaml) {
        this.appYaml = appYaml;
    }

    @Override
    public Path appConfigFile() {
        return appYaml;
    }

    @Override
    public Path configDir() {
        return appYaml.getParent();
    }

    @Override
    public Optional<Map<String, Object>> appYaml() {
        return Optional.empty();
    }

    @Override
    public Map<String, Object> pluginSettings(String pluginId) {
        return Map.of();
    }

    @Override
    public Path pluginConfigFile(String pluginId) {
        return configDir().resolve("plugins").resolve(pluginId).resolve("config.yml");
    }

    @Override
    public Path resolve(String path) {
        return configDir().resolve(path);
    }

    @Override
    public Object readYaml(Path file) {
        throw new UnsupportedOperationException();
    }
}
