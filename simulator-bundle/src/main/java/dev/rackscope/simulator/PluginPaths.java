package dev.rackscope.simulator;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.rackscope.api.config.ConfigWriter;
import dev.rackscope.api.config.RackscopeConfig;

/**
 * Resolution of the plugin's file settings, shared by the API and the generator so that both use one
 * overrides file (§6.5).
 */
final class PluginPaths {

    private PluginPaths() {
    }

    /**
     * A path as written in plugin.yaml: {@link RackscopeConfig#resolve} (absolute, working directory, then the
     * app.yaml folder). When that names no file and the path is written in the original repository's layout
     * ({@code config/plugins/...}), the same path under the app.yaml folder is used if it, or its folder,
     * exists: shipped profiles say {@code config/plugins/simulator/...} for files that sit beside their app.yaml.
     */
    static Path resolve(RackscopeConfig rackscope, String raw) {
        Path p = rackscope.resolve(raw);
        if (Files.exists(p)) {
            return p;
        }
        Path written = Path.of(raw);
        if (!written.isAbsolute() && written.getNameCount() > 1 && written.getName(0).toString().equals("config")) {
            Path q = rackscope.configDir().resolve(written.subpath(1, written.getNameCount())).normalize();
            if (Files.exists(q) || (q.getParent() != null && Files.isDirectory(q.getParent()))) {
                return q;
            }
        }
        return p;
    }

    /**
     * The overrides file: {@link #resolve}, kept inside the configuration tree when the setting is relative
     * (the server writes only below the app.yaml folder).
     */
    static Path overridesFile(RackscopeConfig rackscope, ConfigWriter writer, String raw) {
        Path p = resolve(rackscope, raw);
        if (!writer.isInConfigTree(p) && !Path.of(raw).isAbsolute()) {
            Path q = rackscope.configDir().resolve(raw).normalize();
            if (writer.isInConfigTree(q)) {
                return q;
            }
        }
        return p;
    }
}
