package dev.rackscope.slurm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.rackscope.api.config.ConfigWriter;
import dev.rackscope.api.config.RackscopeConfig;

/**
 * The node mapping file: read through the core's YAML reader, kept until the file changes (the original
 * re-read it on every request, §7.20), and written atomically in the {@code mappings:} list form.
 */
final class MappingFile {

    private static final Logger LOG = LoggerFactory.getLogger(MappingFile.class);

    /** A loaded mapping and where it came from; {@code file} is {@code null} when mapping is disabled. */
    record Loaded(String configuredPath, Path file, NodeMapping mapping) {
    }

    /** The file version a mapping was read from: a rename-over (atomic write) changes the file key. */
    private record Version(String configuredPath, Path file, FileTime modified, long size, Object fileKey) {
    }

    private record Cached(Version version, Loaded loaded) {
    }

    private final RackscopeConfig rackscope;
    private final ConfigWriter writer;
    private final AtomicReference<Cached> cache = new AtomicReference<>();

    MappingFile(RackscopeConfig rackscope, ConfigWriter writer) {
        this.rackscope = rackscope;
        this.writer = writer;
    }

    /** The mapping of {@code mappingPath} ({@code null}: disabled, no entries). */
    Loaded load(String mappingPath) {
        if (mappingPath == null || mappingPath.isEmpty()) {
            return new Loaded(mappingPath, null, NodeMapping.EMPTY);
        }
        Path file = SlurmPaths.resolve(rackscope, mappingPath);
        Version version = version(mappingPath, file);
        Cached c = cache.get();
        if (c != null && c.version.equals(version)) {
            return c.loaded;
        }
        Loaded loaded = new Loaded(mappingPath, file, read(file, version));
        cache.set(new Cached(version, loaded));
        return loaded;
    }

    private static Version version(String configuredPath, Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new Version(configuredPath, file, a.lastModifiedTime(), a.size(), a.fileKey());
        } catch (IOException e) {
            return new Version(configuredPath, file, null, -1, null);
        }
    }

    private NodeMapping read(Path file, Version version) {
        if (version.size() < 0) {
            LOG.info("Slurm node mapping {} does not exist; node names are used as they are", file);
            return NodeMapping.EMPTY;
        }
        NodeMapping mapping;
        try {
            mapping = NodeMapping.of(rackscope.readYaml(file));
        } catch (NoSuchFileException e) {
            return NodeMapping.EMPTY;
        } catch (IOException | RuntimeException e) {
            LOG.warn("Slurm node mapping {} cannot be read; nothing is mapped: {}", file, e.getMessage());
            return NodeMapping.compile(List.of()).withProblem("cannot read " + file + ": " + e.getMessage());
        }
        for (String p : mapping.problems()) {
            LOG.warn("Slurm node mapping {}: {}", file, p);
        }
        LOG.info("Slurm node mapping {} loaded: {} entries", file, mapping.entries().size());
        return mapping;
    }

    /**
     * Writes {@code entries} ({@code node}, {@code instance}) as {@code {mappings: [{instance, node}…]}}
     * (the original's sorted keys), atomically, creating missing folders.
     *
     * @throws IllegalArgumentException when the file lies outside the configuration tree
     * @throws IOException              when it cannot be written (the old file stays)
     */
    Path save(String mappingPath, List<Map<String, String>> entries) throws IOException {
        Path file = SlurmPaths.writable(rackscope, writer, Objects.requireNonNull(mappingPath));
        List<Map<String, Object>> items = new ArrayList<>(entries.size());
        for (Map<String, String> e : entries) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("instance", e.get("instance"));
            item.put("node", e.get("node"));
            items.add(item);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("mappings", items);
        writer.writeYaml(file, doc, null);
        cache.set(null);
        LOG.info("Slurm node mapping {} saved: {} entries", file, entries.size());
        return file;
    }
}
