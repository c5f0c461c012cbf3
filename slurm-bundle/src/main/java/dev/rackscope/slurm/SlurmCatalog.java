package dev.rackscope.slurm;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.rackscope.api.config.RackscopeConfig;

/**
 * The Slurm metrics catalog (slurm.md §5): the {@code metrics:} lists of the files named by
 * {@code metrics_catalogs}, read from {@code metrics_catalog_dir} in that order and concatenated. Items are
 * passed through as written. Immutable; reloading builds a new one.
 *
 * @param metrics the items, as written (non-mapping items included; {@link #find} skips them)
 * @param errors  files that were missing or unreadable, each naming the file
 */
public record SlurmCatalog(List<Object> metrics, List<String> errors) {

    private static final Logger LOG = LoggerFactory.getLogger(SlurmCatalog.class);

    public static final SlurmCatalog EMPTY = new SlurmCatalog(List.of(), List.of());

    public SlurmCatalog {
        metrics = Collections.unmodifiableList(new ArrayList<>(metrics)); // items may be null
        errors = List.copyOf(errors);
    }

    /** Loads the catalog {@code config} names. A missing folder gives an empty catalog. */
    public static SlurmCatalog load(RackscopeConfig rackscope, SlurmConfig config) {
        Path dir = SlurmPaths.resolve(rackscope, config.metricsCatalogDir());
        if (!Files.isDirectory(dir)) {
            LOG.info("Slurm metrics catalog folder {} does not exist; the catalog is empty", dir);
            return EMPTY;
        }
        List<Object> metrics = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (String name : config.metricsCatalogs()) {
            Path file = dir.resolve(name).normalize();
            if (!file.startsWith(dir.normalize())) {
                errors.add(name + ": outside " + dir);
                continue;
            }
            try {
                Object doc = rackscope.readYaml(file);
                if (doc == null) {
                    errors.add(name + ": not found in " + dir);
                } else if (doc instanceof Map<?, ?> root && root.get("metrics") instanceof List<?> items) {
                    metrics.addAll(items);
                } else {
                    errors.add(name + ": no 'metrics:' list");
                }
            } catch (IOException | RuntimeException e) {
                errors.add(name + ": " + e.getMessage());
            }
        }
        errors.forEach(e -> LOG.warn("Slurm metrics catalog {}", e));
        LOG.debug("Slurm metrics catalog loaded from {}: {} metrics", dir, metrics.size());
        return new SlurmCatalog(metrics, errors);
    }

    /** Sorted names of the {@code *.yaml} files directly in the catalog folder (none when it is missing). */
    public static List<String> availableFiles(RackscopeConfig rackscope, SlurmConfig config) {
        Path dir = SlurmPaths.resolve(rackscope, config.metricsCatalogDir());
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return names;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.yaml")) {
            for (Path f : files) {
                if (Files.isRegularFile(f)) {
                    names.add(f.getFileName().toString());
                }
            }
        } catch (IOException e) {
            LOG.warn("Slurm metrics catalog folder {} cannot be listed: {}", dir, e.getMessage());
        }
        Collections.sort(names);
        return names;
    }

    /** The first catalog entry whose {@code id} equals {@code id}. */
    @SuppressWarnings("unchecked")
    public Optional<Map<String, Object>> find(String id) {
        for (Object item : metrics) {
            if (item instanceof Map<?, ?> m && id.equals(m.get("id"))) {
                return Optional.of((Map<String, Object>) m);
            }
        }
        return Optional.empty();
    }
}
