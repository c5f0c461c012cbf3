package dev.rackscope.core.plugins;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.rackscope.core.config.ConfigBridge;
import dev.rackscope.core.snapshot.SnapshotManager;

/**
 * What {@code POST /api/system/restart} does, in the background and without taking the server down: reloads
 * the snapshot from the files, restarts every plugin bundle (a transient stop and start, so its components
 * are built anew with fresh state) and re-evaluates every plugin's enabled switch through the configuration
 * bridge, each plugin getting {@code @Modified}. Requests arriving while a restart is queued join it.
 */
@Component(service = PluginRestarter.class)
public final class PluginRestarter {

    private static final Logger LOG = LoggerFactory.getLogger(PluginRestarter.class);

    private final BundleContext context;
    private final SnapshotManager snapshots;
    private final ConfigBridge bridge;
    private final ExecutorService worker;
    private final AtomicBoolean queued = new AtomicBoolean();
    private final AtomicLong completed = new AtomicLong();
    private volatile Instant lastFinished;
    private volatile List<String> lastRestarted = List.of();
    private volatile String lastError;

    @Activate
    public PluginRestarter(BundleContext context, @Reference SnapshotManager snapshots, @Reference ConfigBridge bridge) {
        this.context = context;
        this.snapshots = snapshots;
        this.bridge = bridge;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "rackscope-restart");
            t.setDaemon(true);
            return t;
        });
    }

    @Deactivate
    void deactivate() {
        worker.shutdownNow();
    }

    /**
     * Queues a restart (or joins the one already queued) and returns at once.
     *
     * @throws IllegalStateException when the server is shutting down
     */
    public void requestRestart() {
        if (!queued.compareAndSet(false, true)) {
            return;
        }
        try {
            worker.execute(this::restart);
        } catch (RejectedExecutionException e) {
            queued.set(false);
            throw new IllegalStateException("the server is shutting down");
        }
    }

    /** {@code {count, last_finished_at, restarted_bundles, error}} for {@code /api/system/status}. */
    public Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", completed.get());
        m.put("pending", queued.get());
        m.put("last_finished_at", lastFinished == null ? null : lastFinished.toString());
        m.put("restarted_bundles", lastRestarted);
        m.put("error", lastError);
        return m;
    }

    private void restart() {
        queued.set(false);
        LOG.info("Restart requested: reloading the configuration and restarting the plugin bundles");
        String error = null;
        List<String> restarted = new ArrayList<>();
        try {
            snapshots.reloadNow();
        } catch (RuntimeException e) {
            error = "configuration reload: " + e.getMessage();
            LOG.warn("Restart: configuration reload failed: {}", e.toString());
        }
        for (ConfigBridge.PluginState state : bridge.pluginStates().values()) {
            if (state.bundle() == null) {
                continue;
            }
            Bundle bundle = context.getBundle(state.bundle().bundleId());
            if (bundle == null || bundle.getState() != Bundle.ACTIVE) {
                continue;
            }
            try {
                bundle.stop(Bundle.STOP_TRANSIENT);
                bundle.start(Bundle.START_TRANSIENT);
                restarted.add(bundle.getSymbolicName());
            } catch (BundleException | IllegalStateException | SecurityException e) {
                error = "bundle " + bundle.getSymbolicName() + ": " + e.getMessage();
                LOG.error("Restart: bundle {} could not be restarted: {}", bundle.getSymbolicName(), e.toString());
            }
        }
        try {
            bridge.reloadNow(true);
        } catch (RuntimeException e) {
            error = "plugin reconfiguration: " + e.getMessage();
            LOG.warn("Restart: plugin reconfiguration failed: {}", e.toString());
        }
        lastRestarted = List.copyOf(restarted);
        lastError = error;
        lastFinished = Instant.now();
        completed.incrementAndGet();
        LOG.info("Restart done: plugin bundles {} restarted{}", restarted, error == null ? "" : " (" + error + ")");
    }
}
