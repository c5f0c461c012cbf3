package dev.rackscope.api.snapshot;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import dev.rackscope.api.model.AppConfig;
import dev.rackscope.api.model.Catalog;
import dev.rackscope.api.model.CheckDefinition;
import dev.rackscope.api.model.MetricDefinition;
import dev.rackscope.api.model.Topology;

/**
 * Everything loaded from the configuration, immutable: read it once per request and use that one
 * object throughout, so that a concurrent reload can never show half of itself.
 *
 * @param generation    increases with every swap (0: nothing loaded yet)
 * @param config        the app.yaml model, or {@code null} when none is loaded (endpoints that need it answer 503)
 * @param appConfigFile the app.yaml this snapshot came from
 * @param warnings      what the loaders skipped or doubted (missing files, duplicate ids…), each naming its file
 */
public record Snapshot(long generation, Instant loadedAt, AppConfig config, Path appConfigFile, Topology topology,
                       Catalog catalog, List<CheckDefinition> checks, List<MetricDefinition> metrics,
                       TopologyIndex index, List<String> warnings) {

    public Snapshot {
        checks = List.copyOf(checks);
        metrics = List.copyOf(metrics);
        warnings = List.copyOf(warnings);
    }

    /** The snapshot before anything loaded: empty topology and libraries, no config. */
    public static Snapshot empty(Path appConfigFile) {
        return new Snapshot(0, Instant.EPOCH, null, appConfigFile, Topology.EMPTY, Catalog.EMPTY, List.of(),
                List.of(), TopologyIndex.EMPTY, List.of());
    }
}
