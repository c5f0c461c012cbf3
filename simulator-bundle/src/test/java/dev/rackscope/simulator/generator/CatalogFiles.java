package dev.rackscope.simulator.generator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.yaml.snakeyaml.Yaml;

/** Reads catalog files of the project's own config/ tree (and the shared examples) for tests. */
final class CatalogFiles {

    private CatalogFiles() {
    }

    static Path root() {
        String root = System.getProperty("rackscope.root");
        Path p = root == null ? Path.of("..") : Path.of(root);
        if (!Files.isDirectory(p.resolve("config"))) {
            p = Path.of("..");
        }
        return p.toAbsolutePath().normalize();
    }

    static Object yaml(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return new Yaml().load(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The project's metrics_full.yaml + metrics_slurm.yaml. */
    static MetricCatalog project() {
        Path dir = root().resolve("config/plugins/simulator/metrics");
        List<Object> docs = new ArrayList<>();
        docs.add(yaml(dir.resolve("metrics_full.yaml")));
        docs.add(yaml(dir.resolve("metrics_slurm.yaml")));
        List<String> warnings = new ArrayList<>();
        MetricCatalog c = MetricCatalog.fromDocuments(docs, warnings::add);
        if (!warnings.isEmpty()) {
            throw new AssertionError("project catalogs warn: " + warnings);
        }
        return c;
    }

    /** The original's catalogs (test input), or null when ../shared is absent. */
    static MetricCatalog original() {
        Path dir = root().resolveSibling("shared/rackscope-examples/plugins-default/simulator/metrics");
        if (!Files.isDirectory(dir)) {
            return null;
        }
        return MetricCatalog.fromDocuments(List.of(yaml(dir.resolve("metrics_full.yaml")),
                yaml(dir.resolve("metrics_slurm.yaml"))), w -> {
                });
    }
}
