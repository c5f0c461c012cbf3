package dev.rackscope.simulator;

import java.io.IOException;
import java.io.OutputStream;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import dev.rackscope.simulator.generator.Exposition;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /simulator/metrics}: the generator's last complete tick in the Prometheus text format 0.0.4,
 * plus the process series (outside {@code /api}, so outside API auth). Exists only while the generator
 * does. A scrape only copies bytes: the rendering happened on the tick.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern(ExpositionServlet.PATH)
public final class ExpositionServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** Where Prometheus scrapes the simulator. */
    public static final String PATH = "/simulator/metrics";

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final transient GeneratorControl generator;

    @Activate
    public ExpositionServlet(@Reference GeneratorControl generator) {
        this.generator = generator;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Exposition e = generator.exposition();
        byte[] process = ProcessMetrics.render();
        resp.setStatus(200);
        resp.setContentType(CONTENT_TYPE);
        resp.setContentLengthLong((long) e.length() + process.length);
        OutputStream out = resp.getOutputStream();
        e.writeTo(out);
        out.write(process);
    }
}
