package dev.rackscope.core.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.rackscope.core.config.AtomicFileWriter;

/**
 * Applies the edits of a {@link ConfigChange} to disk and can put every touched path back as it was. What it
 * replaces or deletes is kept in memory first (config files and folders are small), so a roll-back needs no
 * trash folder that a directory-scanning loader could mistake for a site or a room.
 */
final class ChangeTransaction {

    /** What a path held before the change: file bytes, a folder's files (relative path → bytes), or nothing. */
    private record Before(Path path, byte[] file, Map<Path, byte[]> tree, boolean existed) {
    }

    private final AtomicFileWriter writer;
    private final List<Before> undo = new ArrayList<>();

    ChangeTransaction(AtomicFileWriter writer) {
        this.writer = writer;
    }

    /** Applies every edit in order; on an I/O error the edits already made are rolled back and it rethrows. */
    void apply(ConfigChange change) throws IOException {
        try {
            for (ConfigChange.Edit edit : change.edits()) {
                if (!writer.isInConfigTree(edit.path())) {
                    throw new IllegalArgumentException("Refusing to change a path outside the configuration tree: "
                            + edit.path().getFileName());
                }
                undo.add(remember(edit.path()));
                if (edit.bytes() == ConfigChange.MKDIRS) {
                    Files.createDirectories(edit.path());
                } else if (edit.bytes() == null) {
                    deleteTree(edit.path());
                } else {
                    writer.write(edit.path(), edit.bytes());
                }
            }
        } catch (IOException | RuntimeException e) {
            rollBack();
            throw e;
        }
    }

    /** Puts every touched path back, last edit first. Best effort: a path that cannot be restored is reported. */
    void rollBack() throws IOException {
        IOException failure = null;
        for (int i = undo.size() - 1; i >= 0; i--) {
            Before b = undo.get(i);
            try {
                restore(b);
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        undo.clear();
        if (failure != null) {
            throw failure;
        }
    }

    private static Before remember(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            Map<Path, byte[]> tree = new LinkedHashMap<>();
            try (Stream<Path> all = Files.walk(path)) {
                for (Path p : (Iterable<Path>) all::iterator) {
                    tree.put(path.relativize(p), Files.isDirectory(p) ? null : Files.readAllBytes(p));
                }
            }
            return new Before(path, null, tree, true);
        }
        if (Files.exists(path)) {
            return new Before(path, Files.readAllBytes(path), null, true);
        }
        return new Before(path, null, null, false);
    }

    private void restore(Before b) throws IOException {
        deleteTree(b.path());
        if (!b.existed()) {
            return;
        }
        if (b.tree() == null) {
            writer.write(b.path(), b.file());
            return;
        }
        for (Map.Entry<Path, byte[]> e : b.tree().entrySet()) {
            Path target = b.path().resolve(e.getKey());
            if (e.getValue() == null) {
                Files.createDirectories(target);
            } else {
                Files.createDirectories(target.getParent());
                Files.write(target, e.getValue());
            }
        }
    }

    private static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> all = Files.walk(path)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
