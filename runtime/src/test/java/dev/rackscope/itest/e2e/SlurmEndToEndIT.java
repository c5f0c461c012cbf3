package dev.rackscope.itest.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
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
 * The simulator's Slurm series, scraped by a real Prometheus, come out of {@code /api/slurm/summary},
 * {@code /nodes} and {@code /partitions} with the counts the simulator's configuration implies: exactly
 * {@code slurm_random_statuses} forced states, and {@code floor(rest × slurm_alloc_percent / 100)}
 * allocated nodes (simulator.md §3.5, §3.10).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SlurmEndToEndIT extends RackscopeTestSupport {

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
    public void slurmViewsCountWhatTheSimulatorWasConfiguredToProduce() throws Exception {
        Path binary = PrometheusProcess.find();
        Assume.assumeTrue("prometheus is not installed (apt-get install prometheus): end-to-end test skipped",
                binary != null);
        int port = Integer.parseInt(context.getProperty("org.osgi.service.http.port"));
        Path plugin = configDir().resolve("plugins/simulator/config/plugin.yaml");
        String text = read(plugin).replaceAll("(?m)^update_interval_seconds:.*$", "update_interval_seconds: 1")
                .replaceAll("(?m)^incident_mode:.*$", "incident_mode: full_ok")
                .replaceAll("(?m)^slurm_alloc_percent:.*$", "slurm_alloc_percent: 50")
                .replaceAll("(?m)^slurm_random_statuses:\\n(  [^\\n]*\\n)+", "slurm_random_statuses:\n  drain: 2\n  down: 1\n"
                        + "  maint: 1\n");
        writeFile(plugin, text);
        prometheus = PrometheusProcess.startScrapingSimulator(binary, Files.createTempDirectory(work(), "prometheus-"),
                port);
        Path app = configDir().resolve("app.yaml");
        writeFile(app, read(app).replace("prometheus_url: \"\"", "prometheus_url: " + prometheus.url())
                .replaceAll("(?m)^(\\s+)(ttl_seconds|health_checks_ttl_seconds|metrics_ttl_seconds|service_ttl_seconds"
                        + "|cache_ttl_seconds): \\d+", "$1$2: 1"));

        JsonNode summary = awaitValue("forced states visible", 60, () -> {
            Http.Resp r = http().get("/api/slurm/summary");
            if (r.status() != 200) {
                return null;
            }
            JsonNode s = r.json();
            JsonNode by = s.get("by_status");
            return by.path("drain").asInt() == 2 && by.path("down").asInt() == 1 && by.path("maint").asInt() == 1
                    && s.get("total_nodes").asInt() > 4 ? s : null;
        }, () -> http().get("/api/slurm/summary").body());
        assertFalse("no Prometheus error", summary.has("error"));
        int total = summary.get("total_nodes").asInt();
        int rest = total - 4;
        int allocated = rest * 50 / 100;
        JsonNode by = summary.get("by_status");
        assertEquals(summary.toString(), allocated, by.path("allocated").asInt());
        assertEquals(summary.toString(), rest - allocated, by.path("idle").asInt());
        int sum = 0;
        for (JsonNode v : by) {
            sum += v.asInt();
        }
        assertEquals("every node counted once", total, sum);
        assertEquals(3, summary.get("by_severity").get("CRIT").asInt()); // drain and down are CRIT states
        assertEquals(1, summary.get("by_severity").get("WARN").asInt()); // maint is a WARN state

        JsonNode nodes = http().get("/api/slurm/nodes").json().get("nodes");
        assertEquals(total, nodes.size());
        JsonNode first = nodes.get(0);
        assertTrue("topology context on simulated nodes: " + first, first.has("rack_id") && first.has("room_name"));

        JsonNode all = http().get("/api/slurm/partitions").json().get("partitions").get("all");
        assertEquals(2, all.path("drain").asInt());
        assertEquals(allocated, all.path("allocated").asInt());
        assertEquals(rest - allocated, all.path("idle").asInt());

        String room = first.get("room_id").asText();
        JsonNode roomSummary = http().get("/api/slurm/summary?room_id=" + room).json();
        assertEquals(room, roomSummary.get("room_id").asText());
        assertTrue(roomSummary.get("total_nodes").asInt() <= total);
        assertEquals(404, http().get("/api/slurm/summary?room_id=nope").status());
    }
}
