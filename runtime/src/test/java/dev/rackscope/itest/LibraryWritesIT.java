package dev.rackscope.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The catalog, checks-file and metrics-file writes on the real bundle set: every accepted write is served
 * by the next request, a refused one leaves the files as they were.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LibraryWritesIT extends RackscopeTestSupport {

    @Configuration
    public Option[] config() throws IOException {
        return runtimeOptions(true);
    }

    private boolean catalogHas(String id, String name) {
        for (JsonNode t : http().get("/api/catalog").json().get("device_templates")) {
            if (t.get("id").asText().equals(id) && (name == null || t.get("name").asText().equals(name))) {
                return true;
            }
        }
        return false;
    }

    @Test
    public void deviceTemplatesAreCreatedEditedAndDeleted() throws IOException {
        Http.Resp created = http().post("/api/catalog/templates",
                "{\"kind\":\"device\",\"template\":{\"id\":\"it-srv\",\"name\":\"IT server\",\"type\":\"server\",\"u_height\":2}}");
        assertEquals(created.body(), 200, created.status());
        assertTrue("GET /api/catalog follows at once", catalogHas("it-srv", "IT server"));
        Path file = configDir().resolve("templates/devices/server/it-srv.yaml");
        assertTrue(Files.isRegularFile(file));

        Http.Resp again = http().post("/api/catalog/templates",
                "{\"kind\":\"device\",\"template\":{\"id\":\"it-srv\",\"name\":\"x\",\"u_height\":1}}");
        assertEquals(400, again.status());
        assertEquals("Device template already exists: it-srv", again.json().get("detail").asText());

        Http.Resp edited = http().put("/api/catalog/templates",
                "{\"kind\":\"device\",\"template\":{\"id\":\"it-srv\",\"name\":\"Renamed\",\"type\":\"server\",\"u_height\":2}}");
        assertEquals(edited.body(), 200, edited.status());
        assertTrue(catalogHas("it-srv", "Renamed"));

        String before = read(file);
        Http.Resp bad = http().put("/api/catalog/templates",
                "{\"kind\":\"device\",\"template\":{\"id\":\"it-srv\",\"name\":\"No height\"}}");
        assertEquals(422, bad.status());
        assertEquals("Validation error", bad.json().get("error").asText());
        Http.Resp unsafe = http().post("/api/catalog/templates",
                "{\"kind\":\"device\",\"template\":{\"id\":\"t2\",\"name\":\"T\",\"type\":\"..\",\"u_height\":1}}");
        assertEquals(422, unsafe.status());
        assertEquals("refused writes leave the file alone", before, read(file));
        assertTrue(catalogHas("it-srv", "Renamed"));
        assertFalse(Files.exists(configDir().resolve("templates/t2.yaml")));

        assertEquals(404, http().delete("/api/catalog/templates/device/*").status());
        Http.Resp deleted = http().delete("/api/catalog/templates/device/it-srv");
        assertEquals(200, deleted.status());
        assertEquals("it-srv", deleted.json().get("deleted").asText());
        assertFalse(catalogHas("it-srv", null));
        assertFalse(Files.exists(file));
    }

    @Test
    public void checksAndMetricsFilesAreWrittenAndServed() throws IOException {
        String check = "checks:\\n  - id: it-up\\n    name: IT up\\n    scope: node\\n    expr: up\\n"
                + "    rules:\\n      - {op: '==', value: 0, severity: CRIT}\\n";
        Http.Resp put = http().put("/api/checks/files/it.yaml", "{\"content\":\"" + check + "\"}");
        assertEquals(put.body(), 200, put.status());
        boolean found = false;
        for (JsonNode c : http().get("/api/checks").json().get("checks")) {
            found |= c.get("id").asText().equals("it-up");
        }
        assertTrue("GET /api/checks follows", found);

        Path checksFile = configDir().resolve("checks/library/it.yaml");
        String before = read(checksFile);
        Http.Resp invalid = http().put("/api/checks/files/it.yaml", "{\"content\":\"" + check.replace("    expr: up\\n", "") + "\"}");
        assertEquals(invalid.body(), 400, invalid.status());
        assertTrue(invalid.body(), invalid.json().get("detail").isObject());
        assertEquals("Validation failed", invalid.json().get("detail").get("message").asText());
        assertEquals(before, read(checksFile));
        assertEquals(400, http().put("/api/checks/files/..x.yaml", "{\"content\":\"" + check + "\"}").status());

        Http.Resp metric = http().put("/api/metrics/library/files/it_temp.yaml",
                "{\"content\":\"id: it_temp\\nname: IT temperature\\nmetric: node_temp\\ndisplay:\\n  unit: C\\n\"}");
        assertEquals(metric.body(), 200, metric.status());
        boolean metricFound = false;
        for (JsonNode m : http().get("/api/metrics/library").json().get("metrics")) {
            metricFound |= m.get("id").asText().equals("it_temp");
        }
        assertTrue("GET /api/metrics/library follows", metricFound);
        Http.Resp badYaml = http().put("/api/metrics/library/files/it_temp.yaml", "{\"content\":\"a: [b\"}");
        assertEquals(400, badYaml.status());
        assertTrue(badYaml.json().get("detail").asText().startsWith("Invalid YAML: "));
        assertTrue(read(configDir().resolve("metrics/library/it_temp.yaml")).contains("IT temperature"));
        assertEquals(200, http().delete("/api/metrics/library/files/it_temp.yaml").status());
        assertEquals(0, http().get("/api/metrics/library").json().get("count").asInt());
    }
}
