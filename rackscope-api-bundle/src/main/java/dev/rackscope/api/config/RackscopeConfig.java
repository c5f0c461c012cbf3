package dev.rackscope.api.config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Read access to the server's configuration files, provided by the core.
 *
 * <p>A plugin receives its own effective settings as the properties of its configuration PID
 * (flattened, see {@link FlatSettings}); this service answers the questions those properties cannot:
 * where app.yaml lives, how a relative path in a setting resolves, and where the plugin's dedicated
 * file is.
 */
@ProviderType
public interface RackscopeConfig {

    /** Absolute path of app.yaml (it may not exist). */
    Path appConfigFile();

    /** The folder that holds app.yaml: the profile folder. Files the server writes go below it. */
    Path configDir();

    /**
     * The last app.yaml that parsed, as nested maps and lists; empty when none has parsed yet.
     * Never {@code null}; callers must not modify the result.
     */
    Optional<Map<String, Object>> appYaml();

    /**
     * The effective settings of a plugin, key by key: its dedicated file, then the
     * {@code plugins.<id>} section of app.yaml, then the legacy top-level {@code <id>} section. The
     * {@code enabled} key is not part of the result. Plugin defaults are not applied.
     */
    Map<String, Object> pluginSettings(String pluginId);

    /** Absolute path of the plugin's dedicated settings file (it may not exist). */
    Path pluginConfigFile(String pluginId);

    /**
     * Resolves a path as written in a configuration file: an absolute path is kept; a relative one that
     * exists from the working directory is used as is; otherwise it is taken relative to
     * {@link #configDir()}.
     */
    Path resolve(String path);

    /**
     * Parses a YAML file with the same YAML 1.1 rules the core uses for every configuration file.
     *
     * @return the document (maps, lists, scalars), or {@code null} when the file does not exist
     * @throws IOException when it cannot be read or parsed; the message names the file and line
     */
    Object readYaml(Path file) throws IOException;
}
