package dev.rackscope.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A server started on an invalid app.yaml stays up, answers 503 where the config is needed, serves the
 * original's fallback config, and says exactly what is wrong (file, key, reason); fixing the file
 * recovers without a restart.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BrokenStartIT extends RackscopeTestSupport {

    @Configuration
    public Option[] config() throws IOException {
        return runtimeOptions(true, true, "paths:\n  topology: topology\n  templates: templates\n"
                + "  checks: checks/library\n  metrics: metrics/library\nrefresh:\n  room_state_seconds: 3\n");
    }

    @Test
    public void invalidAppYamlAtStartKeepsTheServerUpAnswering503AndSayingWhy() throws IOException {
        assertEquals("ok", http().get("/healthz").json().get("status").asText());
        JsonNode error = http().get("/api/system/status").json().get("snapshot").get("error");
        String message = error.get("message").asText();
        assertTrue(message, message.contains("app.yaml"));
        assertTrue(message, message.contains("refresh.room_state_seconds"));
        assertTrue(message, message.contains("greater than or equal to 10"));

        Http.Resp files = http().get("/api/checks/files");
        assertEquals(503, files.status());
        assertEquals("App config not loaded", files.json().get("detail").asText());
        assertEquals(503, http().get("/api/metrics/library/files/x.yaml").status());
        JsonNode fallback = http().get("/api/config").json();
        assertFalse("the fallback has no app section", fallback.has("app"));
        assertEquals(50, fallback.get("planner").get("max_ids_per_query").asInt());
        assertFalse("no secret key, even null", fallback.get("telemetry").has("basic_auth_password"));
        assertEquals("empty but present", 0, http().get("/api/sites").json().size());
        assertEquals(0, http().get("/api/rooms").json().size());

        String app = read(configDir().resolve("app.yaml"));
        writeFile(configDir().resolve("app.yaml"), app.replace("room_state_seconds: 3", "room_state_seconds: 30"));
        await("recovers", () -> http().get("/api/sites").json().size() == 2);
        assertTrue(http().get("/api/system/status").json().get("snapshot").get("error").isNull());
        assertEquals(200, http().get("/api/checks/files").status());
    }
}
