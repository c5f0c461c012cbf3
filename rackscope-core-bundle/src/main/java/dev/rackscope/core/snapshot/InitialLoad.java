package dev.rackscope.core.snapshot;

import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

import dev.rackscope.api.snapshot.Snapshot;
import dev.rackscope.core.load.LoadException;

/**
 * The first load of the configuration, begun when the core bundle starts (see {@link CoreActivator}) so that
 * reading and indexing the files overlaps the activation of the core's components instead of following it.
 * The {@link SnapshotManager} {@linkplain #take takes} it for its first snapshot when it loads the same
 * app.yaml; in every other case (another file, a second manager, no activator as in unit tests) it loads
 * the files itself, exactly as before.
 */
public final class InitialLoad {

    /** What the load gave: the snapshot (generation 1) and how long building it took. */
    record Result(Snapshot snapshot, long nanos) {
    }

    private static final Object LOCK = new Object();
    private static InitialLoad pending;

    private final Path appYaml;
    private final FutureTask<Result> task;

    private InitialLoad(Path appYaml) {
        this.appYaml = appYaml;
        this.task = new FutureTask<>(() -> {
            long started = System.nanoTime();
            Snapshot snapshot = SnapshotBuilder.fromFile(appYaml, 1);
            return new Result(snapshot, System.nanoTime() - started);
        });
    }

    /** Starts loading {@code appYaml} on a thread of its own; replaces a load begun earlier and not taken. */
    public static void begin(Path appYaml) {
        InitialLoad load = new InitialLoad(appYaml.toAbsolutePath().normalize());
        synchronized (LOCK) {
            if (pending != null) {
                pending.task.cancel(true);
            }
            pending = load;
        }
        Thread t = new Thread(load.task, "rackscope-initial-load");
        t.setDaemon(true);
        t.start();
    }

    /** Drops a load that nobody took (the bundle stops before its components ran). */
    public static void discard() {
        synchronized (LOCK) {
            if (pending != null) {
                pending.task.cancel(true);
                pending = null;
            }
        }
    }

    /**
     * The load begun for {@code appYaml}, waited for and handed over once; null when none was begun for that
     * file (the caller loads it itself).
     *
     * @throws LoadException when that load failed: the same error a load by the caller would have given
     */
    static Result take(Path appYaml) throws LoadException {
        InitialLoad load;
        synchronized (LOCK) {
            load = pending;
            if (load == null || !load.appYaml.equals(appYaml.toAbsolutePath().normalize())) {
                return null;
            }
            pending = null;
        }
        try {
            return load.task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (java.util.concurrent.CancellationException e) {
            return null;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LoadException le) {
                throw le;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
