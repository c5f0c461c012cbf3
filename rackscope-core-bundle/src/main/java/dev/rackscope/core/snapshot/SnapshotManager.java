package dev.rackscope.core.snapshot;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.rackscope.api.config.RackscopeConfig;
import dev.rackscope.api.model.AppConfig;
import dev.rackscope.api.snapshot.LoadError;
import dev.rackscope.api.snapshot.Snapshot;
import dev.rackscope.api.snapshot.SnapshotListener;
import dev.rackscope.api.snapshot.SnapshotService;
import dev.rackscope.core.config.AtomicFileWriter;
import dev.rackscope.core.config.ConfigWatcher;
import dev.rackscope.core.load.LoadException;

/**
 * Holds the current {@link Snapshot} behind one reference. A reload (a change of any file under the
 * configuration tree, or an explicit request) builds the next snapshot beside the current one and swaps
 * it in one step; a reload that fails keeps the current snapshot serving and reports the error. Reloads
 * run one at a time on their own thread; a burst of file writes gives one reload.
 */
@Component(service = {SnapshotService.class, SnapshotManager.class}, immediate = true)
public final class SnapshotManager implements SnapshotService {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotManager.class);

    private final RackscopeConfig files;
    private final AtomicReference<Snapshot> current;
    private final ExecutorService reloader;
    private final ExecutorService notifier;
    private static final int NOTIFY_WAIT_SECONDS = 10;
    private final ConfigWatcher watcher;
    /**
     * Listeners are bound by reference and looked up only when told of a swap: a listener that is itself a
     * delayed component referencing this service (the simulator's generator) would otherwise be activated
     * from inside this component's binding, a cycle SCR refuses.
     */
    private final Map<ServiceReference<SnapshotListener>, Boolean> listeners = new ConcurrentHashMap<>();
    private final BundleContext context;
    private volatile LoadError lastError;
    private long generation;

    @Activate
    public SnapshotManager(@Reference RackscopeConfig files, BundleContext context) throws IOException {
        this.files = files;
        this.context = context;
        this.current = new AtomicReference<>(Snapshot.empty(files.appConfigFile()));
        this.reloader = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "rackscope-snapshot-reload");
            t.setDaemon(true);
            return t;
        });
        this.notifier = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "rackscope-snapshot-notify");
            t.setDaemon(true);
            return t;
        });
        call(() -> {
            reload("start");
            return null;
        });
        this.watcher = new ConfigWatcher(100, 600, changed -> {
            if (changed.isEmpty() || changed.stream().anyMatch(SnapshotManager::isConfigFile)) {
                reloader.submit(() -> reload("file change"));
            }
        });
        watcher.watch(watchRoots(current.get()));
        reloader.submit(() -> removeStaleTempFiles(watchRoots(current.get())));
    }

    /**
     * A process killed in the middle of an atomic write leaves its temporary file ({@code .<name>.<n>.tmp})
     * beside the whole target: those older than this process are removed once at start.
     */
    static int removeStaleTempFiles(List<Path> roots) {
        long startedAt = ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli)
                .orElse(System.currentTimeMillis());
        int removed = 0;
        for (Path root : roots) {
            if (!java.nio.file.Files.isDirectory(root)) {
                continue;
            }
            try (java.util.stream.Stream<Path> all = java.nio.file.Files.walk(root, 12)) {
                for (Path p : (Iterable<Path>) all::iterator) {
                    String name = p.getFileName() == null ? "" : p.getFileName().toString();
                    if (STALE_TEMP.matcher(name).matches() && java.nio.file.Files.isRegularFile(p)
                            && java.nio.file.Files.getLastModifiedTime(p).toMillis() < startedAt) {
                        java.nio.file.Files.deleteIfExists(p);
                        LOG.info("Removed {} left by an interrupted write", p);
                        removed++;
                    }
                }
            } catch (IOException | java.io.UncheckedIOException e) {
                LOG.warn("Could not look for stale temporary files under {}: {}", root, e.toString());
            }
        }
        return removed;
    }

    /** The temporary files of {@code AtomicFileWriter}: a dot, the target's name, a random number, {@code .tmp}. */
    private static final java.util.regex.Pattern STALE_TEMP = java.util.regex.Pattern.compile("\\..+\\.\\d+\\.tmp");

    /** Stops watching and reloading (DS deactivation; tests that build a manager call it too). */
    @Deactivate
    public void deactivate() {
        watcher.close();
        reloader.shutdownNow();
        notifier.shutdownNow();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, unbind = "removeListener")
    void addListener(ServiceReference<SnapshotListener> listener) {
        listeners.put(listener, Boolean.TRUE);
    }

    void removeListener(ServiceReference<SnapshotListener> listener) {
        listeners.remove(listener);
    }

    @Override
    public Snapshot current() {
        return current.get();
    }

    @Override
    public Optional<LoadError> lastError() {
        return Optional.ofNullable(lastError);
    }

    /** Reloads from the files now and returns the snapshot serving afterwards (the old one if it failed). */
    public Snapshot reloadNow() {
        return call(() -> {
            reload("request");
            return current.get();
        });
    }

    /**
     * Switches the server to another app.yaml (a new profile): loads it first, and only when it loads runs
     * {@code makeActive} (which points the file side, the configuration bridge, at it) and swaps the new
     * snapshot in, all on the reload thread so that no reload of the old file can come in between.
     *
     * @throws LoadException when {@code appYaml} does not load; nothing is switched then
     */
    public Snapshot switchTo(Path appYaml, Runnable makeActive) throws LoadException {
        try {
            return reloader.submit(() -> {
                Snapshot next = SnapshotBuilder.fromFile(appYaml, generation + 1);
                makeActive.run();
                swap(next, "profile switch");
                LOG.info("Configuration switched to {}: {} racks, {} templates", appYaml, next.index().racks().size(),
                        next.catalog().deviceTemplates().size());
                return next;
            }).get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LoadException le) {
                throw le;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("switch did not finish in 60 s", e);
        }
    }

    /**
     * Validates and applies a config that is not on disk yet (PUT /api/config): loads everything it points
     * to and swaps it in. The caller writes the files afterwards.
     *
     * @throws LoadException when the data it points to cannot be loaded; nothing is swapped then
     */
    public Snapshot apply(AppConfig config) throws LoadException {
        try {
            return reloader.submit(() -> {
                Snapshot next = SnapshotBuilder.fromConfig(config, files.appConfigFile(), generation + 1);
                swap(next, "config update");
                return next;
            }).get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LoadException le) {
                throw le;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("reload did not finish in 60 s", e);
        }
    }

    /**
     * What a write endpoint does, run on the reload thread so that reading the current files and snapshot,
     * deciding the edits and applying them is one serialized step (two concurrent writes never lose one).
     * It may throw an unchecked exception (an {@code ApiException} for a 4xx) to refuse before any edit.
     */
    @FunctionalInterface
    public interface ChangePlan<T> {
        /** Adds the edits to {@code change} and returns the answer to send once they are committed. */
        T plan(Snapshot current, ConfigChange change) throws IOException;
    }

    /**
     * Plans, writes and validates a change of files under the configuration tree as one transaction: the
     * edits are written atomically, the next snapshot is loaded from the files as they now are, and it is
     * swapped in only when it loads; otherwise every touched file and folder is put back as it was and the
     * current snapshot keeps serving.
     *
     * @throws LoadException when the changed files do not load (nothing stays changed then)
     * @throws IOException   when the files cannot be written (nothing stays changed then)
     */
    public <T> T commit(String why, ChangePlan<T> plan) throws LoadException, IOException {
        try {
            return reloader.submit(() -> {
                ConfigChange change = new ConfigChange();
                T answer = plan.plan(current.get(), change);
                if (change.isEmpty()) {
                    return answer;
                }
                ChangeTransaction tx = new ChangeTransaction(new AtomicFileWriter(() -> watchRoots(current.get())));
                tx.apply(change);
                Snapshot next;
                try {
                    next = SnapshotBuilder.fromFile(files.appConfigFile(), generation + 1);
                } catch (LoadException | RuntimeException e) {
                    tx.rollBack();
                    LOG.warn("Refused {}: the result does not load ({}); files left as they were", why,
                            e.getMessage());
                    throw e;
                }
                swap(next, why);
                LOG.info("Configuration changed ({}): {} racks, {} instances", why, next.index().racks().size(),
                        next.index().instances().size());
                return answer;
            }).get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof LoadException le) {
                throw le;
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("change did not finish in 60 s", e);
        }
    }

    /** Runs on the reload thread only. */
    private void reload(String why) {
        long started = System.nanoTime();
        Path appYaml = files.appConfigFile();
        try {
            InitialLoad.Result begun = generation == 0 ? InitialLoad.take(appYaml) : null;
            Snapshot next;
            long nanos;
            if (begun != null) {
                next = begun.snapshot();
                nanos = begun.nanos();
            } else {
                next = SnapshotBuilder.fromFile(appYaml, generation + 1);
                nanos = System.nanoTime() - started;
            }
            swap(next, why);
            LOG.info("Configuration loaded ({}) in {} ms: {} sites, {} rooms, {} racks, {} devices, {} instances, "
                    + "{} templates, {} checks, {} metrics{}", why, nanos / 1_000_000,
                    next.index().sites().size(), next.index().rooms().size(), next.index().racks().size(),
                    next.index().devices().size(), next.index().instances().size(),
                    next.catalog().deviceTemplates().size() + next.catalog().rackTemplates().size()
                            + next.catalog().rackComponentTemplates().size(),
                    next.checks().size(), next.metrics().size(),
                    next.warnings().isEmpty() ? "" : ", " + next.warnings().size() + " warnings");
            next.warnings().forEach(w -> LOG.warn("{}", w));
            if (next.config() == null) {
                LOG.warn("{} does not exist: running without app config (legacy paths)", appYaml);
            }
        } catch (LoadException e) {
            lastError = new LoadError(Instant.now(), e.getMessage(), e.file(), e.line());
            boolean startup = current.get().generation() == 0;
            LOG.error("{}: {}", startup ? "Cannot load the configuration; serving an empty one until it is fixed"
                    : "Reload failed; the previous configuration keeps serving", e.getMessage());
        } catch (RuntimeException e) {
            lastError = new LoadError(Instant.now(), "Unexpected error while loading: " + e, null, null);
            LOG.error("Reload failed; the previous configuration keeps serving", e);
        }
    }

    private void swap(Snapshot next, String why) {
        Snapshot previous = current.getAndSet(next);
        generation = next.generation();
        lastError = null;
        if (watcher != null) {
            watcher.watch(watchRoots(next));
        }
        // Listeners are told on a thread of their own: getting a listener's service may activate its component,
        // and SCR refuses (circular reference) or blocks when that happens on a thread inside an activation
        // that involves this component. The swap waits a bounded time, so listeners normally see every change
        // before the reload (or write) returns.
        Future<?> told = notifier.submit(() -> tell(previous, next));
        try {
            told.get(NOTIFY_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            LOG.warn("Snapshot listeners still busy after {} s; snapshot {} is served meanwhile", NOTIFY_WAIT_SECONDS,
                    next.generation());
        } catch (ExecutionException e) {
            LOG.warn("Snapshot listeners failed: {}", e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.debug("snapshot {} swapped in ({})", next.generation(), why);
    }

    private void tell(Snapshot previous, Snapshot next) {
        for (ServiceReference<SnapshotListener> ref : List.copyOf(listeners.keySet())) {
            SnapshotListener listener = null;
            try {
                listener = context.getService(ref);
                if (listener != null) {
                    listener.snapshotChanged(previous, next);
                }
            } catch (RuntimeException e) {
                LOG.warn("Snapshot listener {} failed: {}", listener == null ? ref : listener.getClass().getName(),
                        e.toString());
            } finally {
                if (listener != null) {
                    try {
                        context.ungetService(ref);
                    } catch (IllegalStateException e) {
                        // the listener's bundle went away meanwhile
                    }
                }
            }
        }
    }

    private List<Path> watchRoots(Snapshot snapshot) {
        List<Path> roots = new ArrayList<>();
        roots.add(files.configDir());
        AppConfig config = snapshot.config();
        if (config != null) {
            AppConfig.Paths p = config.paths();
            for (String s : new String[] {p.topology(), p.templates(), p.checks(), p.metrics()}) {
                if (s != null) {
                    roots.add(Paths.get(s).toAbsolutePath());
                }
            }
        }
        return roots;
    }

    /** Editors' swap and backup files do not trigger reloads; everything else under the tree does. */
    private static boolean isConfigFile(Path p) {
        String name = p.getFileName() == null ? "" : p.getFileName().toString();
        return !(name.endsWith(".tmp") || name.endsWith("~") || name.endsWith(".swp") || name.endsWith(".swx")
                || name.startsWith(".#"));
    }

    private <T> T call(java.util.concurrent.Callable<T> task) {
        try {
            return reloader.submit(task).get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("reload did not finish in 60 s", e);
        }
    }
}
