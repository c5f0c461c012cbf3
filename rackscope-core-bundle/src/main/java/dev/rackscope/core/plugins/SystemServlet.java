package dev.rackscope.core.plugins;

import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import dev.rackscope.api.http.ApiServlet;
import dev.rackscope.api.snapshot.Snapshot;
import dev.rackscope.api.snapshot.SnapshotService;
import dev.rackscope.core.config.ConfigBridge;
import dev.rackscope.core.runtime.DeployFolderMonitor;
import jakarta.servlet.Servlet;

/** {@code /api/system/status}: process id, configuration state and the state of every known plugin. */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/system/*")
public final class SystemServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;

    @Activate
    public SystemServlet(@Reference PluginRegistry registry, @Reference ConfigBridge bridge,
                         @Reference ServiceComponentRuntime scr, @Reference DeployFolderMonitor deploy,
                         @Reference SnapshotService snapshots, BundleContext context) {
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
            return body;
        });
    }
}
