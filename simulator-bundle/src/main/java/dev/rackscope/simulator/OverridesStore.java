package dev.rackscope.simulator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.rackscope.api.config.ConfigWriter;
import dev.rackscope.api.config.RackscopeConfig;
import dev.rackscope.api.http.ApiException;
import dev.rackscope.simulator.generator.MetricOverride;

/**
 * The overrides file (simulator.md §2.9) as the API edits it. Every read-modify-write runs under one lock
 * and writes through {@link ConfigWriter} (temp file + rename), so concurrent requests lose nothing and the
 * generator never reads a torn file (§6.1, §6.2). Expired entries are dropped whenever the API reads or
 * writes the file (§6.3).
 */
final class OverridesStore {

    static final String HEADER = "Runtime overrides written by the simulator API (POST /api/simulator/overrides).";

    private static final Logger LOG = LoggerFactory.getLogger(OverridesStore.class);

    private final ReentrantLock lock = new ReentrantLock();
    private final RackscopeConfig rackscope;
    private final ConfigWriter writer;
    private final Supplier<String> configuredPath;
    private final LongSupplier nowSeconds;

    OverridesStore(RackscopeConfig rackscope, ConfigWriter writer, Supplier<String> configuredPath,
                   LongSupplier nowSeconds) {
        this.rackscope = rackscope;
        this.writer = writer;
        this.configuredPath = configuredPath;
        this.nowSeconds = nowSeconds;
    }

    /** The one overrides file, resolved as the generator resolves it. */
    Path path() {
        String raw = configuredPath.get();
        try {
            return PluginPaths.overridesFile(rackscope, writer, raw);
        } catch (java.nio.file.InvalidPathException e) {
            // a hand edit of plugin.yaml, not the client's fault: say what to fix instead of failing with a 500
            throw new ApiException(409, "The simulator's overrides_path is not a valid path (" + e.getReason()
                    + "): fix plugins/simulator/config/plugin.yaml");
        }
    }

    /** The entries in force; expired ones are pruned from the file. */
    List<Object> list() {
        lock.lock();
        try {
            Path path = path();
            List<Object> all = read(path);
            List<Object> active = prune(all);
            if (active.size() != all.size()) {
                try {
                    write(path, active);
                } catch (ApiException e) {
                    LOG.warn("Expired overrides not pruned: {}", e.getMessage());
                }
            }
            return active;
        } finally {
            lock.unlock();
        }
    }

    /** The number of entries in force (what {@code overrides_count} reports). */
    int activeCount() {
        try {
            return prune(read(path())).size();
        } catch (ApiException e) {
            return 0; // the status stays answerable; the overrides routes say what is wrong
        }
    }

    /**
     * Appends the entry {@code make} builds from the id it is given: the caller's id, or the generated base
     * made unique within the file by a {@code -2}, {@code -3}… suffix (§6.4).
     *
     * @return the entries after the append
     */
    List<Object> add(String givenId, String idBase, Function<String, Map<String, Object>> make) {
        lock.lock();
        try {
            Path path = path();
            List<Object> entries = prune(read(path));
            String id = givenId != null ? givenId : unique(idBase, entries);
            entries.add(make.apply(id));
            write(path, entries);
            return entries;
        } finally {
            lock.unlock();
        }
    }

    /** Removes every entry with this id (an unknown id changes nothing but still rewrites, §2.8). */
    List<Object> remove(String id) {
        lock.lock();
        try {
            Path path = path();
            List<Object> entries = prune(read(path));
            entries.removeIf(e -> e instanceof Map<?, ?> m && id.equals(String.valueOf(m.get("id"))));
            write(path, entries);
            return entries;
        } finally {
            lock.unlock();
        }
    }

    /** Empties the file. */
    List<Object> clear() {
        lock.lock();
        try {
            List<Object> entries = new ArrayList<>();
            write(path(), entries);
            return entries;
        } finally {
            lock.unlock();
        }
    }

    private List<Object> prune(List<Object> entries) {
        long now = nowSeconds.getAsLong();
        List<Object> out = new ArrayList<>(entries.size());
        for (Object e : entries) {
            if (!MetricOverride.isExpired(e, now)) {
                out.add(e);
            }
        }
        return out;
    }

    private static String unique(String base, List<Object> entries) {
        Set<String> ids = new HashSet<>();
        for (Object e : entries) {
            if (e instanceof Map<?, ?> m) {
                ids.add(String.valueOf(m.get("id")));
            }
        }
        if (!ids.contains(base)) {
            return base;
        }
        for (int n = 2;; n++) {
            String candidate = base + "-" + n;
            if (!ids.contains(candidate)) {
                return candidate;
            }
        }
    }

    /** The list as written; a missing file, invalid YAML, another root or a missing key give an empty list. */
    private List<Object> read(Path path) {
        try {
            Object doc = rackscope.readYaml(path);
            if (doc instanceof Map<?, ?> m && m.get("overrides") instanceof List<?> list) {
                return new ArrayList<>(list);
            }
        } catch (IOException e) {
            LOG.warn("Overrides file unreadable, treated as empty: {}", e.getMessage());
        }
        return new ArrayList<>();
    }

    private void write(Path path, List<Object> entries) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("overrides", entries);
        try {
            writer.writeYaml(path, doc, HEADER);
        } catch (IllegalArgumentException e) {
            throw new ApiException(403, "Access denied: the simulator's overrides_path (" + path.getFileName()
                    + ") is outside the configuration tree; the server writes only below the app.yaml folder");
        } catch (IOException e) {
            LOG.error("Could not write the overrides file {}: {}", path, e.toString());
            throw new ApiException(500, "Could not write the overrides file " + path.getFileName());
        }
    }
}
