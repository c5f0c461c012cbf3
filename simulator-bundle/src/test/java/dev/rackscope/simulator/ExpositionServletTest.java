package dev.rackscope.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rackscope.simulator.Fakes.Response;

/** {@code GET /simulator/metrics}: content type, gzip negotiation and a parseable body. */
class ExpositionServletTest {

    @TempDir
    Path dir;

    private ExpositionServlet servlet() throws Exception {
        Path metrics = dir.resolve("plugins/simulator/metrics");
        Files.createDirectories(metrics);
        Path project = GeneratorTest.projectRoot().resolve("config/plugins/simulator/metrics");
        Files.copy(project.resolve("metrics_full.yaml"), metrics.resolve("metrics_full.yaml"));
        Files.copy(project.resolve("metrics_slurm.yaml"), metrics.resolve("metrics_slurm.yaml"));
        Generator g = new Generator(new Fakes.Snapshots(Fakes.snapshot(1, GeneratorTest.topology(false),
                GeneratorTest.catalog(), List.of())), new Fakes.Config(dir), new Fakes.Writer(dir),
                GeneratorTest.settings(), System::currentTimeMillis);
        g.tickOnce();
        ExpositionServlet s = new ExpositionServlet(g);
        Fakes.init(s);
        return s;
    }

    @Test
    void plainScrapeGetsTheTextFormat() throws Exception {
        Response r = Fakes.call(servlet(), "/simulator/metrics", "GET", null, null, Map.of());
        assertEquals(200, r.status);
        assertEquals("text/plain; version=0.0.4; charset=utf-8", r.contentType);
        assertNull(r.headers.get("Content-Encoding"));
        assertEquals(r.body.size(), r.contentLength);
        String text = r.text();
        assertTrue(text.startsWith("# HELP up "));
        for (String line : text.split("\n")) {
            assertTrue(line.startsWith("#") || line.matches("[a-zA-Z_:][a-zA-Z0-9_:]*(\\{.*})? [-+0-9.eEInfNa]+"), line);
        }
        assertTrue(text.lines().anyMatch(l -> l.matches("process_resident_memory_bytes [0-9]+")));
        assertTrue(text.lines().anyMatch(l -> l.startsWith("process_cpu_seconds_total ")));
    }

    @Test
    void gzipScrapeGetsTheStoredBytesAsTheyAre() throws Exception {
        ExpositionServlet s = servlet();
        Response r = Fakes.call(s, "/simulator/metrics", "GET", null, null,
                Map.of("Accept-Encoding", "gzip, deflate"));
        assertEquals("gzip", r.headers.get("Content-Encoding"));
        assertEquals(r.body.size(), r.contentLength);
        String text = new String(new GZIPInputStream(new ByteArrayInputStream(r.body.toByteArray())).readAllBytes(),
                StandardCharsets.UTF_8);
        assertEquals(Fakes.call(s, "/simulator/metrics", "GET", null, null, Map.of()).text(), text);
    }

    @Test
    void acceptEncodingIsParsed() {
        assertTrue(ExpositionServlet.acceptsGzip("gzip"));
        assertTrue(ExpositionServlet.acceptsGzip("deflate, GZIP;q=0.5"));
        assertTrue(ExpositionServlet.acceptsGzip("*"));
        assertFalse(ExpositionServlet.acceptsGzip("gzip;q=0"));
        assertFalse(ExpositionServlet.acceptsGzip("identity"));
        assertFalse(ExpositionServlet.acceptsGzip(null));
    }
}
