package dev.rackscope.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;

import javax.inject.Inject;

import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Registry, menu and the config bridge on the real bundle set: enabling and disabling through
 * app.yaml, the plugin's own file, ConfigAdmin and REST, and what each leaves in the files.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PluginRuntimeIT extends RackscopeTestSupport {

    private static final String SLURM_PID = "dev.rackscope.plugin.slurm";

    @Inject
    private ConfigurationAdmin configAdmin;

    @Configuration
    public Option[] config() throws IOException {
        return runtimeOptions();
    }

    /** Every test starts from, and leaves, both plugins enabled with the original files. */
    @After
    public void restoreFiles() throws IOException {
        writeFile(configDir().resolve("app.yaml"), TestConfig.APP_YAML);
        writeFile(configDir().resolve("plugins/slurm/config.yml"), TestConfig.SLURM_FILE);
        await("slurm back", () -> http().get("/api/slurm/mapping").status() == 200);
        await("simulator back", () -> http().get("/api/simulator/overrides").status() == 200);
    }

    @Test
    public void bothPluginsAreListedWithTheirIdentities() {
        await("two plugins", () -> registryHas("slurm") && registryHas("simulator"));
        JsonNode list = http().get("/api/plugins").json();
        assertEquals(2, list.get("count").asInt());
        JsonNode slurm = http().get("/api/plugins/slurm").json();
        assertEquals("Slurm Workload", slurm.get("name").asText());
        assertEquals("1.0.0", slurm.get("version").asText());
        assertEquals("Job scheduling and node monitoring via Slurm workload manager", slurm.get("description").asText());
        assertEquals("Rackscope Team", slurm.get("author").asText());
        JsonNode sim = http().get("/api/plugins/simulator").json();
        assertEquals("Simulator", sim.get("name").asText());
        assertEquals("Demo mode with metric overrides and test scenarios", sim.get("description").asText());
    }

    @Test
    public void menuHasBothSectionsSortedByOrder() {
        await("menu", () -> menuHas("workload") && menuHas("simulator"));
        JsonNode sections = http().get("/api/plugins/menu").json().get("sections");
        assertEquals(2, sections.size());
        assertEquals("workload", sections.get(0).get("id").asText());
        assertEquals(50, sections.get(0).get("order").asInt());
        assertEquals("Zap", sections.get(0).get("icon").asText());
        assertEquals(5, sections.get(0).get("items").size());
        assertEquals("/slurm/overview", sections.get(0).get("items").get(0).get("path").asText());
        assertEquals("simulator", sections.get(1).get("id").asText());
        assertEquals(200, sections.get(1).get("order").asInt());
        assertEquals("/simulator", sections.get(1).get("items").get(0).get("path").asText());
    }

    @Test
    public void pluginRoutesAnswerAsTheSpecsSay() {
        JsonNode mapping = awaitValue("mapping", () -> {
            Http.Resp r = http().get("/api/slurm/mapping");
            return r.status() == 200 ? r.json() : null;
        });
        assertEquals("plugins/slurm/node_mapping.yaml", mapping.get("mapping_path").asText());
        assertEquals(2, mapping.get("entries").size());
        assertEquals("cn*", mapping.get("entries").get(0).get("node").asText());
        assertEquals("compute*", mapping.get("entries").get(0).get("instance").asText());

        JsonNode overrides = http().get("/api/simulator/overrides").json();
        assertEquals(1, overrides.get("overrides").size());
        assertEquals("n1-up", overrides.get("overrides").get(0).get("id").asText());
    }

    @Test
    public void unknownPathsAnswerJson404AndUnknownPluginSaysNotFound() {
        Http.Resp unknownRoute = http().get("/api/slurm/no-such-route");
        assertEquals(404, unknownRoute.status());
        assertEquals("Not Found", unknownRoute.json().get("detail").asText());
        Http.Resp unknownApi = http().get("/api/nothing/here");
        assertEquals(404, unknownApi.status());
        assertEquals("Not Found", unknownApi.json().get("detail").asText());
        Http.Resp unknownPlugin = http().get("/api/plugins/nope");
        assertEquals(404, unknownPlugin.status());
        assertEquals("Plugin 'nope' not found", unknownPlugin.json().get("detail").asText());
        Http.Resp wrongMethod = http().post("/api/plugins/menu", "{}");
        assertEquals(405, wrongMethod.status());
        assertEquals("Method Not Allowed", wrongMethod.json().get("detail").asText());
        assertEquals("ok", http().get("/healthz").json().get("status").asText());
    }

    @Test
    public void disablingInAppYamlRemovesRoutesMenuAndRegistryEntryAndEnablingRestoresThem() throws Exception {
        setEnabledInAppYaml("slurm", false);
        await("slurm route gone", () -> http().get("/api/slurm/mapping").status() == 404);
        assertFalse(menuHas("workload"));
        assertFalse(registryHas("slurm"));
        assertTrue(menuHas("simulator"));
        Http.Resp why = http().get("/api/plugins/slurm");
        assertEquals(404, why.status());
        assertTrue(why.body(), why.json().get("detail").asText().contains("disabled"));
        assertTrue(why.body(), why.json().get("detail").asText().contains("app.yaml"));
        assertNull("no configuration while disabled", existing(SLURM_PID));

        setEnabledInAppYaml("slurm", true);
        await("slurm route back", () -> http().get("/api/slurm/mapping").status() == 200);
        assertTrue(menuHas("workload"));
        assertTrue(registryHas("slurm"));
    }

    @Test
    public void enabledFalseInThePluginFileDisablesAndTheApiNamesThatFile() throws IOException {
        writeFile(configDir().resolve("plugins/slurm/config.yml"), TestConfig.SLURM_FILE + "enabled: false\n");
        await("slurm route gone", () -> http().get("/api/slurm/mapping").status() == 404);
        assertFalse(menuHas("workload"));
        String detail = http().get("/api/plugins/slurm").json().get("detail").asText();
        assertTrue(detail, detail.contains("config.yml"));
        JsonNode status = http().get("/api/system/status").json();
        boolean listed = false;
        for (JsonNode p : status.get("plugins")) {
            if (p.get("id").asText().equals("slurm")) {
                assertEquals("disabled", p.get("state").asText());
                listed = true;
            }
        }
        assertTrue("system status lists slurm", listed);
    }

    @Test
    public void deletingTheConfigurationInConfigAdminDisablesInAppYamlKeepingComments() throws Exception {
        await("slurm config", () -> existingQuietly(SLURM_PID) != null);
        existing(SLURM_PID).delete();
        await("slurm route gone", () -> http().get("/api/slurm/mapping").status() == 404);
        await("app.yaml says false", () -> readQuietly(configDir().resolve("app.yaml"))
                .contains("  slurm:\n    enabled: false"));
        String app = read(configDir().resolve("app.yaml"));
        assertTrue("comments kept", app.contains("# integration test app.yaml: comments must survive"));
        assertTrue("other plugin untouched", app.contains("enabled: true   # the demo plugin"));

        // Creating the absent configuration (as the console's form does) enables it again.
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("metric", "slurm_node_status");
        configAdmin.getConfiguration(SLURM_PID, "?").update(props);
        awaitValue("slurm route back", () -> http().get("/api/slurm/mapping").status() == 200 ? "ok" : null,
                this::diagnostics);
        await("app.yaml says true", () -> readQuietly(configDir().resolve("app.yaml"))
                .contains("  slurm:\n    enabled: true"));
    }

    @Test
    public void configAdminEditIsWrittenToThePluginFileWithoutLooping() throws Exception {
        await("slurm config", () -> existingQuietly(SLURM_PID) != null);
        org.osgi.service.cm.Configuration cfg = existing(SLURM_PID);
        Dictionary<String, Object> props = cfg.getProperties();
        props.put("mapping_path", "plugins/slurm/other_mapping.yaml");
        cfg.update(props);
        Path file = configDir().resolve("plugins/slurm/config.yml");
        await("file has the edit", () -> readQuietly(file).contains("mapping_path: plugins/slurm/other_mapping.yaml"));
        await("plugin saw it", () -> http().get("/api/slurm/mapping").body().contains("other_mapping.yaml"));
        String text = read(file);
        assertTrue("other keys kept", text.contains("metric: slurm_node_status"));

        // The bridge's own update must not come back as a new edit: the revision settles.
        sleep(600);
        Object revision = existing(SLURM_PID).getProperties().get("rackscope.revision");
        long modified = Files.getLastModifiedTime(file).toMillis();
        sleep(800);
        assertEquals(revision, existing(SLURM_PID).getProperties().get("rackscope.revision"));
        assertEquals(modified, Files.getLastModifiedTime(file).toMillis());
    }

    @Test
    public void settingsResolveFileThenAppSectionThenLegacySection() throws Exception {
        writeFile(configDir().resolve("app.yaml"), TestConfig.APP_YAML.replace(
                "  slurm:\n    enabled: true\n",
                "  slurm:\n    enabled: true\n    metric: from_app_section\n    label_node: app_node\n")
                + "slurm:\n  metric: from_legacy\n  label_node: legacy_node\n  label_status: legacy_status\n");
        await("settings applied", () -> {
            org.osgi.service.cm.Configuration c = existingQuietly(SLURM_PID);
            return c != null && "legacy_status".equals(c.getProperties().get("label_status"));
        });
        Dictionary<String, Object> props = existing(SLURM_PID).getProperties();
        assertEquals("file wins", "slurm_node_status", props.get("metric"));
        assertEquals("app section next", "app_node", props.get("label_node"));
        assertEquals("legacy last", "legacy_status", props.get("label_status"));
        assertNull("the switch is not a setting", props.get("enabled"));
    }

    @Test
    public void restSwitchAndConfigWriteTakeEffectBeforeTheyAnswer() throws IOException {
        Http.Resp off = http().put("/api/plugins/slurm/enabled", "{\"enabled\": false}");
        assertEquals(off.body(), 200, off.status());
        assertEquals("disabled", off.json().get("state").asText());
        assertEquals(404, http().get("/api/slurm/mapping").status());
        assertTrue(read(configDir().resolve("app.yaml")).contains("  slurm:\n    enabled: false"));

        Http.Resp on = http().put("/api/plugins/slurm/enabled", "{\"enabled\": true}");
        assertEquals("active", on.json().get("state").asText());
        assertEquals(200, http().get("/api/slurm/mapping").status());

        Http.Resp saved = http().post("/api/plugins/slurm/config",
                "{\"config\": {\"metric\": \"slurm_node_status\", \"mapping_path\": \"plugins/slurm/m2.yaml\"}}");
        assertEquals(saved.body(), 200, saved.status());
        assertEquals("saved", saved.json().get("status").asText());
        assertEquals("file", saved.json().get("source").asText());
        assertTrue(saved.json().get("path").asText().endsWith("plugins/slurm/config.yml"));
        await("plugin reloaded", () -> http().get("/api/slurm/mapping").body().contains("m2.yaml"));
        JsonNode read = http().get("/api/plugins/slurm/config").json();
        assertEquals("plugins/slurm/m2.yaml", read.get("config").get("mapping_path").asText());
        assertEquals("file", read.get("source").asText());
    }

    @Test
    public void badRequestsGetClearErrorsNotServerErrors() {
        Http.Resp malformed = http().post("/api/plugins/slurm/config", "{not json");
        assertEquals(422, malformed.status());
        assertEquals("Validation error", malformed.json().get("error").asText());
        Http.Resp noConfig = http().post("/api/plugins/slurm/config", "{\"other\": 1}");
        assertEquals(422, noConfig.status());
        Http.Resp wrongType = http().put("/api/plugins/slurm/enabled", "{\"enabled\": \"maybe\"}");
        assertEquals(422, wrongType.status());
        Http.Resp traversal = http().put("/api/plugins/..%2f..%2fetc/enabled", "{\"enabled\": true}");
        assertTrue(traversal.body(), traversal.status() >= 400 && traversal.status() < 500);
        Http.Resp unknownWrite = http().post("/api/plugins/nope/config", "{\"config\": {}}");
        assertEquals(404, unknownWrite.status());
    }

    @Test
    public void invalidAppYamlKeepsTheRunningStateAndIsReported() throws IOException {
        writeFile(configDir().resolve("app.yaml"), "plugins: [unclosed\n  slurm: {enabled: false\n");
        await("error reported", () -> !http().get("/api/system/status").json().get("config").get("error").isNull());
        String error = http().get("/api/system/status").json().get("config").get("error").asText();
        assertTrue(error, error.contains("app.yaml"));
        assertTrue(error, error.contains("line"));
        assertEquals("plugins keep running", 200, http().get("/api/slurm/mapping").status());
        writeFile(configDir().resolve("app.yaml"), TestConfig.APP_YAML);
        await("error cleared", () -> http().get("/api/system/status").json().get("config").get("error").isNull());
    }

    @Test
    public void invalidPluginFileKeepsThePluginRunningAndIsReportedInTheStatus() throws IOException {
        writeFile(configDir().resolve("plugins/slurm/config.yml"), "metric: [unclosed\n");
        await("file error reported", () -> slurmStatus().hasNonNull("file_error"));
        assertEquals("active", slurmStatus().get("state").asText());
        assertTrue(slurmStatus().toString(), slurmStatus().get("file_error").asText().contains("config.yml"));
        assertEquals("plugin keeps serving", 200, http().get("/api/slurm/mapping").status());
        writeFile(configDir().resolve("plugins/slurm/config.yml"), TestConfig.SLURM_FILE);
        await("file error cleared", () -> !slurmStatus().hasNonNull("file_error"));
    }

    private com.fasterxml.jackson.databind.JsonNode slurmStatus() {
        for (com.fasterxml.jackson.databind.JsonNode p : http().get("/api/system/status").json().get("plugins")) {
            if (p.get("id").asText().equals("slurm")) {
                return p;
            }
        }
        throw new AssertionError("slurm not in /api/system/status");
    }

    private org.osgi.service.cm.Configuration existing(String pid) throws Exception {
        org.osgi.service.cm.Configuration[] found = configAdmin.listConfigurations("(service.pid=" + pid + ")");
        return found == null ? null : found[0];
    }

    private org.osgi.service.cm.Configuration existingQuietly(String pid) {
        try {
            return existing(pid);
        } catch (Exception e) {
            return null;
        }
    }

    /** What the bridge sees, for failure messages (logs are not visible inside pax-exam). */
    private String diagnostics() {
        org.osgi.service.cm.Configuration c = existingQuietly(SLURM_PID);
        return "app.yaml=" + readQuietly(configDir().resolve("app.yaml")) + " | config.yml="
                + readQuietly(configDir().resolve("plugins/slurm/config.yml")) + " | CA=" + (c == null ? null
                : c.getProperties()) + " | status=" + http().get("/api/system/status").body();
    }

    private static String readQuietly(Path file) {
        try {
            return read(file);
        } catch (IOException e) {
            return "";
        }
    }

}
