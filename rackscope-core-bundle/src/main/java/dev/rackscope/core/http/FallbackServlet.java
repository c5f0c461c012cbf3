package dev.rackscope.core.http;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import dev.rackscope.api.http.ApiServlet;
import jakarta.servlet.Servlet;

/**
 * Answers every {@code /api/*} path no other servlet claims with JSON 404 {@code {"detail":"Not Found"}},
 * instead of Jetty's HTML page; this is also what a disabled plugin's routes answer.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/*")
public final class FallbackServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;
}
