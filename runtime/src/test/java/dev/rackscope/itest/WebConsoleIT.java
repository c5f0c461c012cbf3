package dev.rackscope.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;

/** The Felix web console: its authentication, the DS components tab and the typed configuration forms. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class WebConsoleIT extends RackscopeTestSupport {

    private static final String SLURM_FORM = "/system/console/configMgr/dev.rackscope.plugin.slurm";

    @Configuration
    public Option[] config() throws IOException {
        return runtimeOptions();
    }

    @Test
    public void consoleRefusesMissingWrongAndWellKnownCredentials() {
        await("console up", () -> http().get("/system/console/bundles").status() == 401);
        assertEquals(401, http().getAuth("/system/console/bundles", "admin", "admin").status());
        assertEquals(401, http().getAuth("/system/console/bundles", CONSOLE_USER, "admin").status());
        assertEquals(401, http().getAuth("/system/console/bundles", CONSOLE_USER, consolePassword() + "x").status());
        assertEquals(200, http().getAuth("/system/console/bundles", CONSOLE_USER, consolePassword()).status());
    }

    @Test
    public void componentsTabListsThePluginComponentsActive() {
        JsonNode components = awaitValue("components.json", () -> {
            Http.Resp r = http().getAuth("/system/console/components.json", CONSOLE_USER, consolePassword());
            return r.status() == 200 && r.body().contains("SlurmPlugin") ? r.json() : null;
        });
        boolean slurm = false;
        boolean simulator = false;
        for (JsonNode c : components.get("data")) {
            String name = c.get("name").asText();
            if (name.equals("dev.rackscope.slurm.SlurmPlugin")) {
                slurm = c.get("state").asText().equals("active");
            }
            if (name.equals("dev.rackscope.simulator.SimulatorPlugin")) {
                simulator = c.get("state").asText().equals("active");
            }
        }
        assertTrue("slurm component active", slurm);
        assertTrue("simulator component active", simulator);
    }

    @Test
    public void configurationTabShowsATypedFormForEachPlugin() {
        JsonNode slurm = http().postForm(SLURM_FORM, "", CONSOLE_USER, consolePassword()).json();
        assertEquals("Rackscope Slurm plugin", slurm.get("title").asText());
        JsonNode props = slurm.get("properties");
        assertEquals("String", 1, props.get("metric").get("type").asInt());
        assertEquals("Boolean", 11, props.get("include_unlabeled").get("type").asInt());
        assertTrue("list of states", props.get("status_map.ok").has("values"));
        JsonNode simulator = http().postForm("/system/console/configMgr/dev.rackscope.plugin.simulator", "",
                CONSOLE_USER, consolePassword()).json();
        JsonNode simProps = simulator.get("properties");
        assertEquals("Integer", 3, simProps.get("update_interval_seconds").get("type").asInt());
        assertTrue("incident modes are options", simProps.get("incident_mode").get("type").has("labels"));
    }

    @Test
    public void savingAndDeletingInTheConsoleIsWrittenBackToTheFiles() throws IOException {
        Http.Resp save = http().postForm(SLURM_FORM, "apply=true&action=ajaxConfigManager&propertylist=metric"
                + "&metric=" + URLEncoder.encode("slurm_node_state_console", StandardCharsets.UTF_8),
                CONSOLE_USER, consolePassword());
        assertTrue(save.body(), save.status() < 400);
        await("file written", () -> readQuietly("plugins/slurm/config.yml").contains("metric: slurm_node_state_console"));
        assertTrue("keys the form did not send are kept",
                readQuietly("plugins/slurm/config.yml").contains("mapping_path: plugins/slurm/node_mapping.yaml"));

        Http.Resp delete = http().postForm(SLURM_FORM, "apply=true&delete=true", CONSOLE_USER, consolePassword());
        assertTrue(delete.body(), delete.status() < 400);
        await("disabled in app.yaml", () -> readQuietly("app.yaml").contains("  slurm:\n    enabled: false"));
        await("route gone", () -> http().get("/api/slurm/mapping").status() == 404);

        // Saving the form of the now absent configuration enables the plugin again.
        http().postForm(SLURM_FORM, "apply=true&action=ajaxConfigManager&propertylist=metric&metric=slurm_node_status",
                CONSOLE_USER, consolePassword());
        await("enabled in app.yaml", () -> readQuietly("app.yaml").contains("  slurm:\n    enabled: true"));
        await("route back", () -> http().get("/api/slurm/mapping").status() == 200);
    }

    private String readQuietly(String relative) {
        try {
            return read(configDir().resolve(relative));
        } catch (IOException e) {
            return "";
        }
    }
}
