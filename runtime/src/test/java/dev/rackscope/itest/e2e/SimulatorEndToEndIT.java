package dev.rackscope.itest.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.After;
import org.junit.Assume;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;

import dev.rackscope.itest.Http;
import dev.rackscope.itest.RackscopeTestSupport;

/**
 * The simulator plugin scraped by a real Prometheus (relabelled as the original's demo does), with the
 * core's health computed from it: a {@code rack_down} override makes that rack CRIT within one tick, two
 * scrape intervals and the cache TTLs; deleting the override clears it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SimulatorEndToEndIT extends RackscopeTestSupport {

    private PrometheusProcess prometheus;

    @Configuration
    public Option[] config() throws IOException {
        return runtimeOptions(true, true);
    }

    @After
    public void stop() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    @Test
    public void rackDownOverrideMakesTheRackCritThroughRealPrometheusAndDeletingClearsIt() throws Exception {
        Path binary = PrometheusProcess.find();
        Assume.assumeTrue("prometheus is not installed (apt-get install prometheus): end-to-end test skipped",
                binary != null);
        int port = Integer.parseInt(context.getProperty("org.osgi.service.http.port"));
        Path plugin = configDir().resolve("plugins/simulator/config/plugin.yaml");
        writeFile(plugin, read(plugin).replaceAll("(?m)^update_interval_seconds:.*$", "update_interval_seconds: 1")
                .replaceAll("(?m)^incident_mode:.*$", "incident_mode: full_ok"));
        await("generator ticking", () -> http().get("/api/simulator/status").json().get("running").asBoolean());
        Http.Resp exposition = http().get("/simulator/metrics");
        assertEquals(200, exposition.status());
        assertTrue(exposition.body().contains("node_temperature_celsius{"));

        prometheus = PrometheusProcess.startScrapingSimulator(binary, Files.createTempDirectory(work(), "prometheus-"),
                port);
        Path app = configDir().resolve("app.yaml");
        writeFile(app, read(app).replace("prometheus_url: \"\"", "prometheus_url: " + prometheus.url())
                .replaceAll("(?m)^(\\s+)(ttl_seconds|health_checks_ttl_seconds|metrics_ttl_seconds|service_ttl_seconds"
                        + "|cache_ttl_seconds): \\d+", "$1$2: 1"));
        await("rack r1-02 healthy from real data", () -> "OK".equals(rackState("r1-02")));

        Http.Resp created = http().post("/api/simulator/overrides",
                "{\"rack_id\": \"r1-02\", \"metric\": \"rack_down\", \"value\": 1, \"ttl_seconds\": 0}");
        assertEquals(created.body(), 200, created.status());
        long start = System.nanoTime();
        await("r1-02 CRIT", () -> "CRIT".equals(rackState("r1-02")));
        double seconds = (System.nanoTime() - start) / 1e9;
        // one tick (1 s) + two scrape intervals (2 s) + health, planner and response TTLs (3 s), plus slack
        assertTrue("CRIT after " + seconds + " s", seconds <= 1 + 2 + 3 + 4);
        JsonNode room = http().get("/api/rooms/hall-a/state").json();
        assertEquals("CRIT", room.get("state").asText());
        assertEquals("CRIT", room.get("racks").get("r1-02").get("state").asText());
        assertEquals("OK", rackState("r2-01"));

        JsonNode overrides = http().get("/api/simulator/overrides").json().get("overrides");
        String id = overrides.get(0).get("id").asText();
        assertEquals(200, http().delete("/api/simulator/overrides/" + id).status());
        await("r1-02 clears", () -> "OK".equals(rackState("r1-02")));
    }

    private String rackState(String rack) {
        Http.Resp r = http().get("/api/racks/" + rack + "/state");
        return r.status() == 200 ? r.json().get("state").asText() : null;
    }
}
