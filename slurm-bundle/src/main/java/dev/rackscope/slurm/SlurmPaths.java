package dev.rackscope.slurm;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.rackscope.api.config.ConfigWriter;
import dev.rackscope.api.config.RackscopeConfig;

/** Where the plugin's path settings ({@code mapping_path}, {@code metrics_catalog_dir}) point. */
final class SlurmPaths {

    private SlurmPaths() {
    }

    /**
     * A path as written in the settings: {@link RackscopeConfig#resolve} (absolute, working directory, then
     * the app.yaml folder). When that names nothing and the path is written in the original repository's
     * layout ({@code config/plugins/slurm/...}, the defaults), the same path below the app.yaml folder is
     * used if it, or its folder, exists: a profile keeps its plugin files beside its app.yaml.
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
     * A file the plugin writes: {@link #resolve}, kept inside the configuration tree when the setting is
     * relative (the server writes only below the app.yaml folder). An absolute path outside the tree is
     * returned as is; the writer refuses it.
     */
    static Path writable(RackscopeConfig rackscope, ConfigWriter writer, String raw) {
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
