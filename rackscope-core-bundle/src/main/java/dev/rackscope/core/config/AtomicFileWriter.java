package dev.rackscope.core.config;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import dev.rackscope.api.config.ConfigWriter;

/**
 * Atomic, serialized file writes restricted to the configuration tree: temp file in the same folder,
 * fsync, rename over the target.
 */
public final class AtomicFileWriter implements ConfigWriter {

    private final Supplier<List<Path>> roots;
    private final ConcurrentHashMap<Path, ReentrantLock> locks = new ConcurrentHashMap<>();

    /** @param roots the folders (or files) that make up the configuration tree, asked at each write */
    public AtomicFileWriter(Supplier<List<Path>> roots) {
        this.roots = roots;
    }

    @Override
    public boolean isInConfigTree(Path file) {
        Path target = canonical(file);
        for (Path root : roots.get()) {
            if (target.startsWith(canonical(root))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void write(Path file, String content) throws IOException {
        write(file, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes bytes as they are (a file being restored, an image), with the same checks as {@link #write(Path, String)}. */
    public void write(Path file, byte[] bytes) throws IOException {
        Path target = file.toAbsolutePath().normalize();
        if (!isInConfigTree(target)) {
            throw new IllegalArgumentException("Refusing to write outside the configuration tree: " + target);
        }
        ReentrantLock lock = locks.computeIfAbsent(target, p -> new ReentrantLock());
        lock.lock();
        try {
            writeAtomically(target, bytes);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void writeYaml(Path file, Object document, String header) throws IOException {
        write(file, (header == null ? "" : "# " + header + "\n\n") + Yaml11.dump(document));
    }

    /** Writes without the configuration-tree check; for callers that already checked. */
    static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.setPosixFilePermissions(tmp, Files.exists(target) ? Files.getPosixFilePermissions(target)
                        : java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException | IOException ignored) {
                // not a POSIX file system: keep the temp file's default permissions
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The real path of the longest existing prefix, plus the rest: symlinks cannot lead outside. */
    static Path canonical(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return abs;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(abs)).normalize();
        } catch (IOException e) {
            return abs;
        }
    }
}
