package dev.rackscope.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code POST /api/system/restart} (ui-surface.md §7) in the real framework: the configuration is reloaded from
 * the files and every active plugin bundle is stopped and started again, after which its routes and menu answer
 * as before; {@code /api/system/status} counts the restarts and names the bundles.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RestartIT extends RackscopeTestSupport {

    private static final List<String> PLUGIN_BUNDLES = List.of("dev.rackscope.simulator", "dev.rackscope.slurm");

    @Configuration
    public Option[] config() throws IOException {
        return runtimeOptions(true, true);
    }

    @Test
    public void restartStopsAndStartsEveryActivePluginBundleAndTheRoutesComeBack() {
        Http http = http();
        await("both plugins in the menu", () -> menuHas("simulator") && menuHas("workload"));
        int before = http.get("/api/system/status").json().path("restart").path("count").asInt();

        List<String> events = new CopyOnWriteArrayList<>();
        BundleListener listener = e -> {
            if (PLUGIN_BUNDLES.contains(e.getBundle().getSymbolicName())
                    && (e.getType() == BundleEvent.STOPPED || e.getType() == BundleEvent.STARTED)) {
                events.add(e.getBundle().getSymbolicName() + (e.getType() == BundleEvent.STOPPED ? " stopped"
                        : " started"));
            }
        };
        context.addBundleListener(listener);
        try {
            Http.Resp r = http.post("/api/system/restart", "");
            assertEquals(r.body(), 200, r.status());
            assertEquals("ok", r.json().path("status").asText());
            JsonNode restart = awaitValue("the restart to finish", () -> {
                JsonNode s = http.get("/api/system/status").json().path("restart");
                return s.path("count").asInt() > before ? s : null;
            });
            assertTrue(restart.toString(), restart.path("error").isNull());
            for (String bundle : PLUGIN_BUNDLES) {
                assertTrue(bundle + " in " + restart, restart.path("restarted_bundles").toString()
                        .contains("\"" + bundle + "\""));
                int stopped = events.indexOf(bundle + " stopped");
                int started = events.indexOf(bundle + " started");
                assertTrue(bundle + " stopped then started: " + events, stopped >= 0 && started > stopped);
            }
        } finally {
            context.removeBundleListener(listener);
        }
        await("both plugins back in the menu", () -> menuHas("simulator") && menuHas("workload"));
        await("the plugin routes answer again", () -> http.get("/api/simulator/status").status() == 200
                && http.get("/api/slurm/mapping").status() == 200);
        assertEquals(before + 1, http.get("/api/system/status").json().path("restart").path("count").asInt());
    }
}
