package dev.rackscope.core.snapshot;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.rackscope.core.config.Yaml11;

/**
 * The file edits of one write endpoint (topology, catalog, checks or metrics files), applied together by
 * {@link SnapshotManager#commit}: written atomically, validated by loading the next snapshot from them, and
 * rolled back as a whole when that load fails, so a bad write never leaves broken files behind.
 */
public final class ConfigChange {

    /** One edit: {@code bytes == null} deletes the file or folder tree at {@code path}. */
    record Edit(Path path, byte[] bytes) {
    }

    private final List<Edit> edits = new ArrayList<>();

    /** Replaces (or creates) a file with the given text, UTF-8. */
    public ConfigChange write(Path file, String content) {
        edits.add(new Edit(file.toAbsolutePath().normalize(), content.getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    /** Replaces (or creates) a file with a YAML document in the block style the loaders read back. */
    public ConfigChange writeYaml(Path file, Object document) {
        return write(file, Yaml11.dump(document));
    }

    /** Deletes a file, or a folder with everything in it; nothing happens when it does not exist. */
    public ConfigChange delete(Path fileOrFolder) {
        edits.add(new Edit(fileOrFolder.toAbsolutePath().normalize(), null));
        return this;
    }

    /** Creates a folder (and its parents) if missing; kept on success, removed again on roll-back. */
    public ConfigChange mkdirs(Path folder) {
        edits.add(new Edit(folder.toAbsolutePath().normalize(), MKDIRS));
        return this;
    }

    boolean isEmpty() {
        return edits.isEmpty();
    }

    List<Edit> edits() {
        return List.copyOf(edits);
    }

    /** Marker content for {@link #mkdirs}: compared by identity only. */
    static final byte[] MKDIRS = new byte[0];
}
