package dev.rackscope.core.plugins;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.rackscope.api.http.ApiException;
import dev.rackscope.api.http.ApiServlet;
import dev.rackscope.api.snapshot.Snapshot;
import dev.rackscope.api.snapshot.SnapshotService;
import dev.rackscope.core.config.ConfigBridge;
import dev.rackscope.core.runtime.DeployFolderMonitor;
import dev.rackscope.core.runtime.ProcessStats;
import dev.rackscope.core.telemetry.HealthService;
import jakarta.servlet.Servlet;

/**
 * {@code /api/system/status} (process id, configuration state, the state of every known plugin),
 * {@code POST /api/system/restart} and {@code GET /api/system/process-stats} (ui-surface.md §7).
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/system/*")
public final class SystemServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SystemServlet.class);

    private final transient ExecutorService statsPool;

    @Activate
    public SystemServlet(@Reference PluginRegistry registry, @Reference ConfigBridge bridge,
                         @Reference ServiceComponentRuntime scr, @Reference DeployFolderMonitor deploy,
                         @Reference SnapshotService snapshots, @Reference PluginRestarter restarter,
                         @Reference HealthService health, BundleContext context) {
        AtomicInteger n = new AtomicInteger();
        this.statsPool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "rackscope-process-stats-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ProcessStats stats = new ProcessStats(health, health::getText, System.getenv("SIMULATOR_INSTANCE_LABEL"),
                statsPool);
        get("/process-stats", r -> stats.collect());
        post("/restart", r -> {
            try {
                restarter.requestRestart();
            } catch (RuntimeException e) {
                throw new ApiException(500, "Failed to restart: " + e.getMessage());
            }
            LOG.info("Restart requested through {}", r.requestPath());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", "ok");
            body.put("message", "Backend restart initiated");
            return body;
        });
        get("/status", r -> {
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("app_config", bridge.appConfigFile().toString());
            config.put("error", bridge.appYamlError());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", "running");
            body.put("pid", ProcessHandle.current().pid());
            body.put("config", config);
            Snapshot current = snapshots.current();
            Map<String, Object> snapshot = new LinkedHashMap<>();
            snapshot.put("generation", current.generation());
            snapshot.put("loaded_at", current.generation() == 0 ? null : current.loadedAt().toString());
            snapshot.put("app_config_loaded", current.config() != null);
            snapshot.put("error", snapshots.lastError().map(e -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("at", e.at().toString());
                m.put("message", e.message());
                m.put("file", e.file());
                m.put("line", e.line());
                return m;
            }).orElse(null));
            snapshot.put("warnings", current.warnings());
            body.put("snapshot", snapshot);
            body.put("plugins", PluginStatus.all(registry, bridge, scr, context));
            Map<String, Object> deployFolder = new LinkedHashMap<>();
            deployFolder.put("folder", deploy.folder().toString());
            deployFolder.put("ignored_jars", deploy.problems());
            body.put("deploy", deployFolder);
            body.put("restart", restarter.status());
            return body;
        });
    }

    @Deactivate
    void deactivate() {
        statsPool.shutdownNow();
    }
}
