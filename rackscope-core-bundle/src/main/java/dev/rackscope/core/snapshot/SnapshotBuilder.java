package dev.rackscope.core.snapshot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.rackscope.api.model.AppConfig;
import dev.rackscope.api.model.Catalog;
import dev.rackscope.api.model.CheckDefinition;
import dev.rackscope.api.model.MetricDefinition;
import dev.rackscope.api.snapshot.Snapshot;
import dev.rackscope.api.snapshot.TopologyIndex;
import dev.rackscope.core.load.AppConfigLoader;
import dev.rackscope.core.load.CatalogLoader;
import dev.rackscope.core.load.ChecksLoader;
import dev.rackscope.core.load.LoadException;
import dev.rackscope.core.load.Loaded;
import dev.rackscope.core.load.MetricsLoader;
import dev.rackscope.core.load.TopologyIndexBuilder;
import dev.rackscope.core.load.TopologyLoader;

/**
 * Builds a complete {@link Snapshot} from files, beside the one serving: nothing is shared with the
 * current snapshot and nothing is published here, so a failure leaves the server as it was.
 */
public final class SnapshotBuilder {

    private SnapshotBuilder() {
    }

    /**
     * Loads app.yaml and everything it points to. Without an app.yaml the original's legacy mode applies:
     * no config, data from {@code RACKSCOPE_CONFIG_DIR} (default {@code config}) and its siblings.
     *
     * @throws LoadException when app.yaml or the topology cannot be loaded (libraries never fail)
     */
    public static Snapshot fromFile(Path appYaml, long generation) throws LoadException {
        if (!Files.exists(appYaml)) {
            return legacy(appYaml, generation);
        }
        return fromConfig(AppConfigLoader.load(appYaml), appYaml, generation);
    }

    /** Loads the data an already validated config points to (paths resolved). */
    public static Snapshot fromConfig(AppConfig config, Path appYaml, long generation) throws LoadException {
        AppConfig.Paths paths = config.paths();
        return assemble(config, appYaml, generation, Paths.get(paths.topology()), Paths.get(paths.templates()),
                Paths.get(paths.checks()), Paths.get(paths.metrics()));
    }

    private static Snapshot legacy(Path appYaml, long generation) throws LoadException {
        String dir = env("RACKSCOPE_CONFIG_DIR", "config");
        return assemble(null, appYaml, generation,
                Paths.get(env("RACKSCOPE_CONFIG", dir + "/topology/topology.yaml")),
                Paths.get(env("RACKSCOPE_TEMPLATES", dir + "/templates")),
                Paths.get(env("RACKSCOPE_CHECKS", dir + "/checks/library")),
                Paths.get(env("RACKSCOPE_METRICS", dir + "/metrics/library")));
    }

    private static Snapshot assemble(AppConfig config, Path appYaml, long generation, Path topologyPath,
                                     Path templates, Path checksPath, Path metricsPath) throws LoadException {
        TopologyLoader.LoadedTopology topology = TopologyLoader.load(topologyPath);
        TopologyIndex index = TopologyIndexBuilder.build(topology.topology());
        Loaded<Catalog> catalog = CatalogLoader.load(templates);
        Loaded<List<CheckDefinition>> checks = ChecksLoader.load(checksPath);
        Loaded<List<MetricDefinition>> metrics = MetricsLoader.load(metricsPath);
        List<String> warnings = new ArrayList<>(topology.warnings());
        warnings.addAll(catalog.warnings());
        warnings.addAll(checks.warnings());
        warnings.addAll(metrics.warnings());
        return new Snapshot(generation, Instant.now(), config, appYaml, topology.topology(), catalog.value(),
                checks.value(), metrics.value(), index, warnings);
    }

    private static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v;
    }
}
