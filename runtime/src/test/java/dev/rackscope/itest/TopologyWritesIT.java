package dev.rackscope.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The datacenter and rack editors' write sequence against the running server on a copy of the example
 * configuration: every read endpoint follows each write at once (no waiting for the file watcher).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TopologyWritesIT extends RackscopeTestSupport {

    @Configuration
    public Option[] config() throws IOException {
        return runtimeOptions(true, true);
    }

    @Test
    public void createMoveAndDeleteThroughTheEditorsSequence() throws IOException {
        Http http = http();
        assertEquals(200, http.post("/api/topology/sites", "{\"name\": \"Test Site\"}").status());
        assertTrue(ids(http.get("/api/sites").json()).contains("test-site"));
        assertEquals(200, http.post("/api/topology/sites/test-site/rooms", "{\"name\": \"Room 1\"}").status());
        assertEquals("room-1", http.get("/api/rooms/room-1/layout").json().get("id").asText());
        assertEquals(200, http.post("/api/topology/rooms/room-1/aisles/create",
                "{\"aisles\": [{\"name\": \"A\"}, {\"name\": \"B\"}]}").status());
        Http.Resp rack = http.post("/api/topology/aisles/a/racks", "{\"name\": \"Rack 1\", \"template_id\": \"air-42u\"}");
        assertEquals(rack.body(), "rack-1", rack.json().get("rack_id").asText());
        assertEquals(200, http.put("/api/topology/racks/rack-1/devices", "{\"devices\": [{\"id\": \"d1\", \"name\": "
                + "\"Server\", \"template_id\": \"srv-1u\", \"u_position\": 3, \"instance\": \"it-node-1\"}]}").status());
        JsonNode r = http.get("/api/racks/rack-1").json();
        assertEquals("d1", r.get("devices").get(0).get("id").asText());
        // the room canvas save: every aisle, then the whole room
        assertEquals(200, http.put("/api/topology/aisles/a/racks", "{\"room_id\": \"room-1\", \"racks\": []}").status());
        assertEquals(200, http.put("/api/topology/aisles/b/racks",
                "{\"room_id\": \"room-1\", \"racks\": [\"rack-1\"]}").status());
        Http.Resp moved = http.put("/api/topology/rooms/room-1/aisles",
                "{\"aisles\": {\"a\": [], \"b\": [\"rack-1\"]}}");
        assertEquals(moved.body(), 200, moved.status());
        JsonNode layout = http.get("/api/rooms/room-1/layout").json();
        assertEquals(0, layout.get("aisles").get(0).get("racks").size());
        assertEquals("rack-1", layout.get("aisles").get(1).get("racks").get(0).get("id").asText());
        assertEquals("b", http.get("/api/racks/rack-1").json().get("aisle_id").asText());
        assertEquals("d1", http.get("/api/racks/rack-1").json().get("devices").get(0).get("id").asText());
        assertTrue(Files.exists(configDir().resolve(
                "topology/datacenters/test-site/rooms/room-1/aisles/b/racks/rack-1.yaml")));
        assertEquals(200, http.get("/api/rooms/room-1/state").status());
        // deletes
        assertEquals(200, http.delete("/api/topology/racks/rack-1/devices/d1").status());
        assertEquals(0, http.get("/api/racks/rack-1").json().get("devices").size());
        assertEquals(200, http.delete("/api/topology/aisles/b").status());
        assertEquals(404, http.get("/api/racks/rack-1").status());
        assertEquals(200, http.delete("/api/topology/rooms/room-1").status());
        assertEquals(404, http.get("/api/rooms/room-1/layout").status());
        assertEquals(200, http.delete("/api/topology/sites/test-site").status());
        assertFalse(ids(http.get("/api/sites").json()).contains("test-site"));
        assertFalse(Files.exists(configDir().resolve("topology/datacenters/test-site")));
        // a refused write changes nothing and is a 4xx
        assertEquals(400, http.post("/api/topology/aisles/row-1/racks", "{\"name\": \"x\", \"u_height\": 80}").status());
        assertEquals(404, http.get("/api/racks/x").status());
    }

    private static List<String> ids(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.get("id").asText()));
        return out;
    }
}
