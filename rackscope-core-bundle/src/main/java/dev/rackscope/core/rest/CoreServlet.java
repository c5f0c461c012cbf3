package dev.rackscope.core.rest;

import dev.rackscope.api.http.ApiException;
import dev.rackscope.api.http.ApiServlet;
import dev.rackscope.api.model.AppConfig;
import dev.rackscope.api.snapshot.Snapshot;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Base of the core's servlets: routes are declared with their full path ({@code /api/racks/{rack_id}})
 * because one servlet may serve several whiteboard patterns.
 */
abstract class CoreServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected String routePath(HttpServletRequest req) {
        return req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
    }

    /** The app config of a snapshot, or 503 "App config not loaded" as the original answers. */
    static AppConfig requireConfig(Snapshot snapshot) {
        if (snapshot.config() == null) {
            throw new ApiException(503, "App config not loaded");
        }
        return snapshot.config();
    }

    /**
     * The 4xx for a write that {@code SnapshotManager.commit} refused because the files it would leave do not
     * load: 400 naming the file (relative to nothing the client cannot see) and line.
     */
    static ApiException refused(dev.rackscope.core.load.LoadException e) {
        String where = e.file() == null ? "" : java.nio.file.Path.of(e.file()).getFileName()
                + (e.line() == null ? "" : ":" + e.line()) + ": ";
        return new ApiException(400, "Change refused, the configuration would not load: " + where + e.getMessage());
    }
}
