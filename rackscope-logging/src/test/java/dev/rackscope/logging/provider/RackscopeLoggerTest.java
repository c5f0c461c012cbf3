package dev.rackscope.logging.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.MarkerFactory;
import org.slf4j.event.Level;

import dev.rackscope.logging.LogBuffer;
import dev.rackscope.logging.LogRecord;

class RackscopeLoggerTest {

    private final LogBuffer buffer = new LogBuffer();
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    private Logger logger(String name, LevelConfig levels) {
        return new RackscopeLoggerFactory(levels, buffer, new PrintStream(console, true, StandardCharsets.UTF_8))
                .getLogger(name);
    }

    @Test
    void levelsDefaultToInfoWithJettyAtWarnAndPrefixOverrides() {
        LevelConfig c = new LevelConfig(Map.of("rackscope.log.level.dev.rackscope.slurm", "debug"), null);
        assertEquals(Level.INFO, c.levelFor("dev.rackscope.core"));
        assertEquals(Level.WARN, c.levelFor("org.eclipse.jetty.server.Server"));
        assertEquals(Level.DEBUG, c.levelFor("dev.rackscope.slurm.x"));
        assertEquals(Level.INFO, c.levelFor("dev.rackscope.slurmish"));
        assertEquals(Level.WARN, new LevelConfig(Map.of(), "WARNING").levelFor("a"));
        assertEquals(Level.ERROR, new LevelConfig(Map.of("rackscope.log.level", "critical"), "DEBUG").levelFor("a"));
        assertEquals(Level.INFO, new LevelConfig(Map.of(), "nonsense").levelFor("a"));
    }

    @Test
    void belowTheThresholdNothingIsKeptNorPrinted() {
        Logger log = logger("a.b", new LevelConfig(Map.of(), "WARNING"));
        log.info("hidden");
        log.debug("hidden");
        assertEquals(0, buffer.lastSeq());
        assertEquals("", console.toString(StandardCharsets.UTF_8));
        log.warn("shown {}", 1);
        List<LogRecord> r = buffer.query(10, null, null, 0);
        assertEquals("WARNING", r.get(0).level());
        assertEquals("shown 1", r.get(0).message());
        assertEquals("a.b", r.get(0).logger());
        String line = console.toString(StandardCharsets.UTF_8);
        assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\[[^\\]]+\\] WARN a\\.b - shown 1\\R"),
                line);
    }

    @Test
    void requestFieldsFromKeyValuesExceptionAndCritical() {
        Logger log = logger("rackscope.request", new LevelConfig(Map.of(), "DEBUG"));
        log.atInfo().addKeyValue("request_id", "r1").addKeyValue("duration_ms", 3.5).addKeyValue("method", "GET")
                .addKeyValue("path", "/api/x").addKeyValue("status_code", 404).log("GET /api/x - 404");
        log.error("failed with password=pw1", new IllegalStateException("token=tk1"));
        log.error(MarkerFactory.getMarker("CRITICAL"), "disk gone");
        log.trace("trace stays below DEBUG");
        List<LogRecord> r = buffer.query(10, null, null, 0);
        assertEquals("r1", r.get(0).requestId());
        assertEquals(3.5, r.get(0).durationMs());
        assertEquals("GET", r.get(0).method());
        assertEquals("/api/x", r.get(0).path());
        assertEquals(404, r.get(0).statusCode());
        assertEquals("ERROR", r.get(1).level());
        assertTrue(r.get(1).exception().startsWith("java.lang.IllegalStateException: token=***"), r.get(1).exception());
        assertEquals("failed with password=***", r.get(1).message());
        assertEquals("CRITICAL", r.get(2).level());
        assertEquals(3, r.size());
        log.debug("debug kept");
        assertEquals("DEBUG", buffer.query(1, null, null, 0).get(0).level());
        String out = console.toString(StandardCharsets.UTF_8);
        assertFalse(out.contains("pw1") || out.contains("tk1"), out);
    }
}
