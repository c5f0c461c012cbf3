package dev.rackscope.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

import com.fasterxml.jackson.databind.JsonNode;

import dev.rackscope.itest.plugins.PluginJars;

/** Dropping plugin jars into deploy/ and taking them away while the server runs. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotDeployIT extends RackscopeTestSupport {

    @Configuration
    public Option[] config() throws IOException {
        return runtimeOptions();
    }

    @Test
    public void removingAJarUninstallsThePluginAndCopyingItBackRestoresIt() throws IOException {
        await("slurm up", () -> http().get("/api/slurm/mapping").status() == 200);
        Files.delete(deploy().resolve("slurm-bundle.jar"));
        await("route gone", () -> http().get("/api/slurm/mapping").status() == 404);
        await("menu gone", () -> !menuHas("workload"));
        assertFalse(registryHas("slurm"));
        await("bundle uninstalled", () -> bundle("dev.rackscope.slurm") == null);
        String why = http().get("/api/plugins/slurm").json().get("detail").asText();
        assertTrue(why, why.contains("deploy/"));
        assertEquals("the other plugin is untouched", 200, http().get("/api/simulator/overrides").status());

        copyIn(samples().resolve("slurm-bundle.jar"), "slurm-bundle.jar");
        await("route back", () -> http().get("/api/slurm/mapping").status() == 200);
        await("menu back", () -> menuHas("workload"));
        assertTrue(registryHas("slurm"));
    }

    @Test
    public void replacingAJarWithANewBuildUpdatesTheBundle() throws Exception {
        Path jar = deploy().resolve("third-update.jar");
        PluginJars.third(jar, "1.0.0");
        enable("third");
        await("third up", () -> http().get("/api/third/hello").status() == 200);
        assertEquals("1.0.0", bundle("dev.rackscope.itest.third").getVersion().toString());

        Path next = samples().resolve("third-1.1.0.jar");
        PluginJars.third(next, "1.1.0");
        copyIn(next, "third-update.jar");
        await("updated", () -> {
            Bundle b = bundle("dev.rackscope.itest.third");
            return b != null && b.getVersion().toString().equals("1.1.0");
        });
        await("still serving", () -> http().get("/api/third/hello").status() == 200);
        Files.delete(jar);
        await("third gone", () -> http().get("/api/third/hello").status() == 404);
    }

    @Test
    public void aPluginBuiltByATestIsInactiveUntilEnabledThenHasRoutesAndMenu() throws Exception {
        PluginJars.third(samples().resolve("third.jar"), "1.0.0");
        disable("third");
        copyIn(samples().resolve("third.jar"), "third.jar");
        await("bundle active", () -> {
            Bundle b = bundle("dev.rackscope.itest.third");
            return b != null && b.getState() == Bundle.ACTIVE;
        });
        assertEquals("disabled plugin has no route", 404, http().get("/api/third/hello").status());
        assertFalse(menuHas("third"));
        String why = http().get("/api/plugins/third").json().get("detail").asText();
        assertTrue(why, why.contains("disabled"));

        Http.Resp on = http().put("/api/plugins/third/enabled", "{\"enabled\": true}");
        assertEquals(on.body(), "active", on.json().get("state").asText());
        JsonNode hello = http().get("/api/third/hello").json();
        assertEquals("from the third plugin", hello.get("hello").asText());
        assertTrue(menuHas("third"));
        JsonNode sections = http().get("/api/plugins/menu").json().get("sections");
        assertEquals("sorted by order", "workload", sections.get(0).get("id").asText());
        assertEquals("third", sections.get(1).get("id").asText());
        assertEquals("simulator", sections.get(2).get("id").asText());
        assertTrue(read(configDir().resolve("app.yaml")).contains("  third:\n    enabled: true"));

        Files.delete(deploy().resolve("third.jar"));
        await("third gone", () -> http().get("/api/third/hello").status() == 404);
        await("third menu gone", () -> !menuHas("third"));
    }

    @Test
    public void corruptAndHalfCopiedJarsAreReportedAndIgnored() throws Exception {
        Path corrupt = deploy().resolve("corrupt.jar");
        Files.writeString(corrupt, "this is not a zip file");
        byte[] slurm = Files.readAllBytes(samples().resolve("slurm-bundle.jar"));
        Path half = deploy().resolve("half-copied.jar");
        try (OutputStream out = Files.newOutputStream(half)) {
            out.write(slurm, 0, slurm.length / 2);
        }
        await("both reported", () -> {
            JsonNode ignored = http().get("/api/system/status").json().get("deploy").get("ignored_jars");
            return ignored.has("corrupt.jar") && ignored.has("half-copied.jar");
        });
        assertEquals(200, http().get("/api/slurm/mapping").status());
        assertEquals(200, http().get("/api/plugins/menu").status());
        assertEquals("only the real bundles are installed", 1, count("dev.rackscope.slurm"));
        Files.delete(corrupt);
        Files.delete(half);
        await("report cleared", () -> http().get("/api/system/status").json().get("deploy").get("ignored_jars")
                .isEmpty());
    }

    @Test
    public void aPluginWhoseActivationThrowsIsReportedAndHarmsNothingElse() throws Exception {
        PluginJars.broken(samples().resolve("broken.jar"));
        enable("broken");
        copyIn(samples().resolve("broken.jar"), "broken.jar");
        String[] last = {""};
        String detail = awaitValue("failure reported", () -> {
            Http.Resp r = http().get("/api/plugins/broken");
            String d = r.status() == 404 ? r.json().get("detail").asText() : r.body();
            last[0] = d;
            return d.contains("failed") ? d : null;
        }, () -> last[0]);
        assertTrue(detail, detail.contains("broken on purpose"));
        assertFalse(registryHas("broken"));
        assertEquals(200, http().get("/api/slurm/mapping").status());
        assertEquals(200, http().get("/api/simulator/overrides").status());
        assertTrue(menuHas("workload"));
        Files.delete(deploy().resolve("broken.jar"));
        await("uninstalled", () -> bundle("dev.rackscope.itest.broken") == null);
    }

    private void enable(String id) {
        Http.Resp r = http().put("/api/plugins/" + id + "/enabled", "{\"enabled\": true}");
        assertEquals(r.body(), 200, r.status());
    }

    private void disable(String id) {
        Http.Resp r = http().put("/api/plugins/" + id + "/enabled", "{\"enabled\": false}");
        assertEquals(r.body(), 200, r.status());
        assertNotEquals("active", r.json().get("state").asText());
    }

    /** Copies as an operator should: to a hidden name, then renamed into place. */
    private void copyIn(Path source, String name) throws IOException {
        Path tmp = deploy().resolve("." + name + ".copying");
        Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, deploy().resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    private int count(String symbolicName) {
        int n = 0;
        for (Bundle b : context.getBundles()) {
            n += symbolicName.equals(b.getSymbolicName()) ? 1 : 0;
        }
        return n;
    }
}
