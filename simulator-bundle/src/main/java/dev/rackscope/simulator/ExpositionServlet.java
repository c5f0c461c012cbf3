package dev.rackscope.simulator;

import java.io.EOFException;
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
 * process series included (outside {@code /api}, so outside API auth). Exists only while the generator
 * does. A scrape only copies bytes, the rendering happened on the tick: the stored gzip as is when the
 * client accepts gzip (Prometheus does), else inflated on the fly.
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
        resp.setStatus(200);
        resp.setContentType(CONTENT_TYPE);
        resp.setHeader("Vary", "Accept-Encoding");
        resp.setHeader("Cache-Control", "no-store");
        OutputStream out = resp.getOutputStream();
        try {
            if (acceptsGzip(req.getHeader("Accept-Encoding"))) {
                resp.setHeader("Content-Encoding", "gzip");
                resp.setContentLength(e.gzipLength());
                e.writeGzipTo(out);
            } else {
                resp.setContentLengthLong(e.length());
                e.writeTo(out);
            }
        } catch (EOFException clientGone) {
            // the scraper hung up (timeout, curl | head): nothing to answer
        }
    }

    /** True when the header lists {@code gzip} (or {@code *}) without {@code q=0}. */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String part : acceptEncoding.split(",")) {
            String[] p = part.trim().split(";");
            String coding = p[0].trim().toLowerCase(java.util.Locale.ROOT);
            if (coding.equals("gzip") || coding.equals("x-gzip") || coding.equals("*")) {
                for (int i = 1; i < p.length; i++) {
                    String q = p[i].trim().replace(" ", "");
                    if (q.startsWith("q=") && q.substring(2).matches("0(\\.0*)?")) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }
}
