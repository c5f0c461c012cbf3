package dev.rackscope.core.http;

import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import dev.rackscope.api.http.ApiServlet;
import jakarta.servlet.Servlet;

/** {@code GET /healthz}: liveness. */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/healthz")
public final class HealthServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;

    public HealthServlet() {
        get("", r -> Map.of("status", "ok"));
    }
}
