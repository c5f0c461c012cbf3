package dev.rackscope.core.config;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches folders recursively and reports changed paths once a burst of writes has gone quiet, so
 * that an editor's save (or a {@code git checkout}) gives one reload, not one per file event.
 */
public final class ConfigWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigWatcher.class);

    private final WatchService watchService;
    private final Map<WatchKey, Path> keys = new HashMap<>();
    private final Set<Path> watchedRoots = new HashSet<>();
    /** The folders in {@link #keys}, for a constant-time check (a tree may hold thousands). */
    private final Set<Path> registered = new HashSet<>();
    private final long quietMillis;
    private final long maxDelayMillis;
    private final Consumer<Set<Path>> listener;
    private final Thread thread;

    /**
     * @param quietMillis    how long no event must arrive before the burst is reported
     * @param maxDelayMillis report at the latest this long after the first event of a burst
     * @param listener       receives the changed paths (an empty set after an event overflow: reload all)
     */
    public ConfigWatcher(long quietMillis, long maxDelayMillis, Consumer<Set<Path>> listener) throws IOException {
        this.watchService = FileSystems.getDefault().newWatchService();
        this.quietMillis = quietMillis;
        this.maxDelayMillis = maxDelayMillis;
        this.listener = listener;
        this.thread = new Thread(this::run, "rackscope-config-watcher");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Watches {@code roots} (folders, or the folders of files) and everything below them. */
    /** How many folders are watched (tests). */
    synchronized int watchedFolders() {
        return keys.size();
    }

    public synchronized void watch(Collection<Path> roots) {
        for (Path root : roots) {
            Path dir = Files.isDirectory(root) ? root : root.getParent();
            if (dir != null && Files.isDirectory(dir)) {
                if (watchedRoots.add(dir.toAbsolutePath().normalize())) {
                    registerTree(dir);
                }
                continue;
            }
            // A folder that does not exist yet: its nearest existing ancestor alone (not the tree below it, which
            // may be /tmp or /), so that creating the folder is seen; a created folder is then watched whole.
            while (dir != null && !Files.isDirectory(dir)) {
                dir = dir.getParent();
            }
            if (dir != null) {
                register(dir);
            }
        }
    }

    private void registerTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(Files::isDirectory).forEach(this::register);
        } catch (IOException | java.io.UncheckedIOException e) {
            LOG.warn("Cannot watch {}: {}", dir, e.getMessage());
        }
    }

    private synchronized void register(Path dir) {
        try {
            if (!registered.add(dir)) {
                return;
            }
            keys.put(dir.register(watchService, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE), dir);
        } catch (IOException e) {
            LOG.warn("Cannot watch {}: {}", dir, e.getMessage());
        }
    }

    private void run() {
        Set<Path> pending = new LinkedHashSet<>();
        boolean overflow = false;
        long firstEvent = 0;
        try {
            while (true) {
                WatchKey key = pending.isEmpty() && !overflow
                        ? watchService.take()
                        : watchService.poll(quietMillis, TimeUnit.MILLISECONDS);
                long now = System.nanoTime();
                if (key != null) {
                    if (pending.isEmpty() && !overflow) {
                        firstEvent = now;
                    }
                    overflow |= collect(key, pending);
                }
                boolean quiet = key == null;
                boolean tooLong = TimeUnit.NANOSECONDS.toMillis(now - firstEvent) >= maxDelayMillis;
                if ((quiet || tooLong) && (!pending.isEmpty() || overflow)) {
                    Set<Path> batch = overflow ? Set.of() : Set.copyOf(pending);
                    pending.clear();
                    overflow = false;
                    try {
                        listener.accept(batch);
                    } catch (RuntimeException e) {
                        LOG.error("Configuration change handler failed", e);
                    }
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean collect(WatchKey key, Set<Path> pending) {
        Path dir;
        synchronized (this) {
            dir = keys.get(key);
        }
        boolean overflow = false;
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == OVERFLOW || dir == null) {
                overflow = true;
                continue;
            }
            Path child = dir.resolve((Path) event.context());
            if (event.kind() == ENTRY_CREATE && Files.isDirectory(child)) {
                registerTree(child);
            }
            pending.add(child);
        }
        if (!key.reset()) {
            synchronized (this) {
                Path gone = keys.remove(key);
                if (gone != null) {
                    registered.remove(gone);
                }
            }
        }
        return overflow;
    }

    @Override
    public void close() {
        try {
            watchService.close();
        } catch (IOException e) {
            LOG.debug("closing watch service", e);
        }
        thread.interrupt();
    }
}
