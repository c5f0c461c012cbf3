package dev.rackscope.core.config;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where app.yaml is. The start script passes its absolute path as the framework property
 * {@value #PROPERTY}; without it the environment variable {@code RACKSCOPE_APP_CONFIG}, then
 * {@code config/app.yaml} relative to the working directory, are used.
 */
public record ConfigLocation(Path appConfigFile) {

    /** Framework property that names app.yaml. */
    public static final String PROPERTY = "rackscope.app.config";

    /** Framework property that names the folder holding {@code profiles/} (else {@code RACKSCOPE_CONFIG_DIR}). */
    public static final String HOME_PROPERTY = "rackscope.config.dir";

    public ConfigLocation {
        appConfigFile = appConfigFile.toAbsolutePath().normalize();
    }

    /** Resolves the location from a framework property value (may be null) and the environment. */
    public static ConfigLocation from(String propertyValue) {
        String raw = propertyValue;
        if (raw == null || raw.isBlank()) {
            raw = System.getenv("RACKSCOPE_APP_CONFIG");
        }
        if (raw == null || raw.isBlank()) {
            raw = "config/app.yaml";
        }
        return new ConfigLocation(Paths.get(raw));
    }

    /**
     * The folder that holds the configuration profiles ({@code profiles/<id>/app.yaml}, {@code examples/...}):
     * the framework property, else {@code RACKSCOPE_CONFIG_DIR} (relative to the working directory), else the
     * folder of the start app.yaml, or the folder above it when that app.yaml is itself a profile.
     */
    public static Path configHome(String propertyValue, String envValue, ConfigLocation start) {
        for (String raw : new String[] {propertyValue, envValue}) {
            if (raw != null && !raw.isBlank()) {
                return Paths.get(raw).toAbsolutePath().normalize();
            }
        }
        Path dir = start.configDir();
        Path parent = dir.getParent();
        if (parent != null && parent.getParent() != null && parent.getFileName() != null
                && (parent.getFileName().toString().equals("profiles")
                        || parent.getFileName().toString().equals("examples"))) {
            return parent.getParent();
        }
        return dir;
    }

    /** The folder of app.yaml (the profile folder). */
    public Path configDir() {
        return appConfigFile.getParent();
    }

    /**
     * Resolves a path written in a configuration file: absolute kept; relative and existing from the
     * working directory kept; otherwise relative to the app.yaml folder.
     */
    public Path resolve(String path) {
        Path p = Paths.get(path);
        if (p.isAbsolute()) {
            return p.normalize();
        }
        Path fromCwd = p.toAbsolutePath().normalize();
        if (fromCwd.toFile().exists()) {
            return fromCwd;
        }
        return configDir().resolve(p).normalize();
    }
}
