package dev.rackscope.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import com.fasterxml.jackson.databind.JsonNode;

import dev.rackscope.api.model.Catalog;
import dev.rackscope.api.model.MetricDefinition;
import dev.rackscope.api.model.Topology;
import dev.rackscope.api.plugin.MenuSection;
import dev.rackscope.api.snapshot.Snapshot;
import dev.rackscope.simulator.Fakes.Response;
import dev.rackscope.simulator.generator.Exposition;

/**
 * Contract tests of the eight {@code /api/simulator} routes (simulator.md §2, acceptance 1–13), driven through
 * the servlet with hand-written request/response fakes. Where the original is defective (§6) the test asserts
 * the fixed behaviour and says so in its name.
 */
class SimulatorPluginContractTest {

    private static final long NOW = 1_718_000_000L;
    private static final String OVERRIDES = "plugins/simulator/overrides/overrides.yaml";

    @TempDir
    Path dir;
    private Fakes.Config config;
    private Fakes.Writer writer;
    private Fakes.Snapshots snapshots;
    private final AtomicLong clock = new AtomicLong(NOW);
    private SimulatorPlugin plugin;

    @BeforeEach
    void setUp() throws Exception {
        config = new Fakes.Config(dir);
        writer = new Fakes.Writer(dir);
        snapshots = new Fakes.Snapshots(Snapshot.empty(dir.resolve("app.yaml")));
        plugin = plugin(settings());
    }

    private Map<String, Object> settings(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("overrides_path", OVERRIDES);
        m.put("incident_mode", "heavy");
        m.put("changes_per_hour", 4);
        m.put("update_interval_seconds", 15);
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private SimulatorPlugin plugin(Map<String, Object> settings) throws Exception {
        SimulatorPlugin p = new SimulatorPlugin(config, writer, snapshots,
                dev.rackscope.api.config.FlatSettings.flatten(settings), clock::get);
        Fakes.init(p);
        return p;
    }

    private Response get(String path) throws Exception {
        return Fakes.call(plugin, "/api/simulator", "GET", path, null, Map.of());
    }

    private Response post(String path, String json) throws Exception {
        return Fakes.call(plugin, "/api/simulator", "POST", path, json, Map.of());
    }

    private Response delete(String path) throws Exception {
        return Fakes.call(plugin, "/api/simulator", "DELETE", path, null, Map.of());
    }

    private Path file() {
        return dir.resolve(OVERRIDES);
    }

    private void writeFile(String yaml) throws IOException {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), yaml);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> fileEntries() throws IOException {
        Map<String, Object> doc = new Yaml().load(Files.readString(file()));
        return (List<Map<String, Object>>) doc.get("overrides");
    }

    /** A generator stand-in. */
    static final class FakeGenerator implements GeneratorControl {
        volatile boolean running = true;
        volatile RuntimeException restartFailure;
        final AtomicInteger restarts = new AtomicInteger();

        @Override
        public Exposition exposition() {
            return Exposition.EMPTY;
        }

        @Override
        public GeneratorStatus status() {
            return new GeneratorStatus(running, 3, NOW * 1000, 1, 1, 20, 0, 0, 0, null);
        }

        @Override
        public void restart() {
            if (restartFailure != null) {
                throw restartFailure;
            }
            restarts.incrementAndGet();
        }
    }

    // --- identity and menu (§1.1, acceptance 13) ----------------------------------------------------------

    @Test
    void identityAndMenuAreTheOriginals() {
        assertEquals("simulator", plugin.id());
        assertEquals("Simulator", plugin.name());
        assertEquals("1.0.0", plugin.version());
        assertEquals("Demo mode with metric overrides and test scenarios", plugin.description());
        assertEquals("Rackscope Team", plugin.author());
        MenuSection s = plugin.menuSections().get(0);
        assertEquals("simulator", s.id());
        assertEquals("Simulator", s.label());
        assertEquals("Sparkles", s.icon());
        assertEquals(200, s.order());
        assertEquals("simulator-control", s.items().get(0).id());
        assertEquals("/simulator", s.items().get(0).path());
        assertEquals("Sliders", s.items().get(0).icon());
        assertTrue(plugin.effectiveConfig().containsKey("profiles"));
    }

    // --- GET /status (§2.1, acceptance 1) --------------------------------------------------------------

    @Test
    void statusWithoutAGeneratorSaysNotRunningAndKeepsItsShape() throws Exception {
        Response r = get("/status");
        assertEquals(200, r.status);
        JsonNode b = r.json();
        assertFalse(b.get("running").asBoolean());
        assertEquals("http://rack.example:8080/simulator/metrics", b.get("endpoint").asText());
        assertEquals(15, b.get("update_interval").asInt());
        assertEquals("heavy", b.get("incident_mode").asText());
        assertEquals(4, b.get("changes_per_hour").asInt());
        assertEquals(0, b.get("overrides_count").asInt());
        assertFalse(b.has("scenario"));
        assertFalse(b.has("scale_factor"));
        assertEquals(Set.of("running", "endpoint", "update_interval", "incident_mode", "changes_per_hour",
                "overrides_count"), fieldNames(b));
    }

    @Test
    void statusRunningIsTheGeneratorsOwnStateNotATcpProbe() throws Exception {
        FakeGenerator g = new FakeGenerator();
        plugin.bindGenerator(g);
        assertTrue(get("/status").json().get("running").asBoolean());
        g.running = false;
        assertFalse(get("/status").json().get("running").asBoolean());
        plugin.unbindGenerator(g);
        assertFalse(get("/status").json().get("running").asBoolean());
    }

    @Test
    void statusCountsOnlyActiveOverridesFixingTheOriginal() throws Exception {
        writeFile("overrides:\n"
                + "  - {id: a, instance: n1, metric: up, value: 0.0}\n"
                + "  - {id: b, instance: n2, metric: up, value: 0.0, expires_at: " + (NOW - 5) + "}\n"
                + "  - {id: c, rack_id: r1, metric: rack_down, value: 1, expires_at: " + (NOW + 60) + "}\n");
        assertEquals(2, get("/status").json().get("overrides_count").asInt());
    }

    @Test
    void statusReadsTheReloadedConfig() throws Exception {
        plugin.modified(dev.rackscope.api.config.FlatSettings.flatten(settings("incident_mode", "chaos",
                "update_interval_seconds", 5)));
        JsonNode b = get("/status").json();
        assertEquals("chaos", b.get("incident_mode").asText());
        assertEquals(5, b.get("update_interval").asInt());
    }

    // --- GET /metrics (§2.2, acceptance 2) -------------------------------------------------------------

    @Test
    void metricsWithoutALibraryListTheFiveFallbackEntries() throws Exception {
        JsonNode list = get("/metrics").json().get("metrics");
        assertEquals(5, list.size());
        assertEquals("up", list.get(0).get("id").asText());
        assertEquals("Node Up", list.get(0).get("name").asText());
        assertEquals("bool", list.get(0).get("unit").asText());
        assertEquals("health", list.get(0).get("category").asText());
        assertEquals("°C", list.get(1).get("unit").asText());
        assertEquals("node_health_status", list.get(4).get("id").asText());
        for (JsonNode m : list) {
            assertEquals(Set.of("id", "name", "unit", "category"), fieldNames(m));
        }
    }

    @Test
    void metricsWithALibraryListItsEntries() throws Exception {
        snapshots.current = Fakes.snapshot(1, Topology.EMPTY, Catalog.EMPTY, List.of(
                library("node_temp", "node_temperature_celsius", "°C", "temperature"),
                library("pdu_power", "sum(raritan_pdu_activepower_watt{job=\"pdu\"})", "W", null)));
        JsonNode list = get("/metrics").json().get("metrics");
        assertEquals(2, list.size());
        assertEquals("node_temp", list.get(0).get("id").asText());
        assertEquals("W", list.get(1).get("unit").asText());
        assertTrue(list.get(1).get("category").isNull());
        snapshots.current = Fakes.snapshot(2, Topology.EMPTY, Catalog.EMPTY, List.of());
        assertEquals(0, get("/metrics").json().get("metrics").size());
    }

    private static MetricDefinition library(String id, String metric, String unit, String category) {
        return new MetricDefinition(id, id + " name", null, metric, Map.of(),
                new MetricDefinition.Display(unit, "line", null, List.of(), "24h", "avg", null, null), category,
                List.of());
    }

    // --- POST /restart (§2.3) ------------------------------------------------------------------------------

    @Test
    void restartRestartsTheGeneratorComponent() throws Exception {
        FakeGenerator g = new FakeGenerator();
        plugin.bindGenerator(g);
        Response r = post("/restart", null);
        assertEquals(200, r.status);
        assertEquals("restarting", r.json().get("status").asText());
        assertEquals(1, g.restarts.get());
    }

    @Test
    void restartWithoutAGeneratorIs503AndAFailedRestartIs502() throws Exception {
        Response r = post("/restart", null);
        assertEquals(503, r.status);
        assertTrue(r.detail().startsWith("Could not reach simulator control server: "));
        FakeGenerator g = new FakeGenerator();
        g.restartFailure = new IllegalStateException("boom");
        plugin.bindGenerator(g);
        Response failed = post("/restart", null);
        assertEquals(502, failed.status);
        assertEquals("Simulator returned unexpected status", failed.detail());
    }

    // --- POST /incidents (§2.4, acceptance 10–12) --------------------------------------------------------

    @Test
    void rackDownIncidentIsWrittenAsARackOverride() throws Exception {
        Response r = post("/incidents", "{\"type\":\"rack_down\",\"target_id\":\"r01-01\",\"duration\":300}");
        assertEquals(200, r.status);
        JsonNode b = r.json();
        assertEquals("triggered", b.get("status").asText());
        assertEquals("rack_down", b.get("incident_type").asText());
        assertEquals("r01-01", b.get("target_id").asText());
        assertEquals(300, b.get("duration").asInt());
        assertEquals(NOW + 300, b.get("expires_at").asLong());
        Map<String, Object> entry = fileEntries().get(0);
        assertEquals(List.of("id", "rack_id", "metric", "value", "expires_at"), List.copyOf(entry.keySet()));
        assertEquals("r01-01-rack_down-" + NOW, entry.get("id"));
        assertEquals("r01-01", entry.get("rack_id"));
        assertEquals("rack_down", entry.get("metric"));
        assertEquals(1, entry.get("value"));
    }

    @Test
    void incidentWithZeroDurationNeverExpiresAndDefaultsTo300() throws Exception {
        JsonNode zero = post("/incidents", "{\"type\":\"rack_down\",\"target_id\":\"r1\",\"duration\":0}").json();
        assertTrue(zero.get("expires_at").isNull());
        assertFalse(fileEntries().get(0).containsKey("expires_at"));
        JsonNode dflt = post("/incidents", "{\"type\":\"rack_down\",\"target_id\":\"r2\"}").json();
        assertEquals(300, dflt.get("duration").asInt());
        JsonNode text = post("/incidents", "{\"type\":\"rack_down\",\"target_id\":\"r3\",\"duration\":\"60\"}").json();
        assertEquals(60, text.get("duration").asInt());
        JsonNode truncated = post("/incidents", "{\"type\":\"rack_down\",\"target_id\":\"r4\",\"duration\":9.9}").json();
        assertEquals(9, truncated.get("duration").asInt());
    }

    @Test
    void aisleCoolingIsNotImplementedAndWritesNothing() throws Exception {
        Response r = post("/incidents", "{\"type\":\"aisle_cooling\",\"target_id\":\"aisle-a\",\"duration\":600}");
        assertEquals(200, r.status);
        assertEquals("not_implemented", r.json().get("status").asText());
        assertEquals("Aisle cooling incidents not yet supported via API", r.json().get("message").asText());
        assertFalse(Files.exists(file()));
    }

    @Test
    void incidentValidationMessagesInOrder() throws Exception {
        assertBad(post("/incidents", "{\"target_id\":\"r01-01\"}"), "type and target_id are required");
        assertBad(post("/incidents", "{\"type\":\"rack_down\",\"target_id\":\"\"}"), "type and target_id are required");
        assertBad(post("/incidents", "{\"type\":\"invalid_type\",\"target_id\":\"r01-01\"}"),
                "type must be 'rack_down' or 'aisle_cooling'");
        assertBad(post("/incidents", "{\"type\":\"rack_down\",\"target_id\":\"r01-01\",\"duration\":-100}"),
                "duration must be non-negative");
        assertBad(post("/incidents", "{\"type\":\"rack_down\",\"target_id\":\"r01-01\",\"duration\":\"not_a_number\"}"),
                "duration must be integer");
        assertBad(post("/incidents", "{\"type\":\"invalid_type\",\"target_id\":\"r\",\"duration\":\"x\"}"),
                "type must be 'rack_down' or 'aisle_cooling'");
        assertBad(post("/incidents", "{\"type\":\"aisle_cooling\",\"target_id\":\"a\",\"duration\":null}"),
                "duration must be integer");
        assertFalse(Files.exists(file()));
    }

    @Test
    void nonObjectBodiesGet422() throws Exception {
        assertEquals(422, post("/incidents", "[1]").status);
        assertEquals(422, post("/overrides", "").status);
        assertEquals(422, post("/overrides", "{broken").status);
    }

    // --- GET /overrides (§2.5, acceptance 9) -------------------------------------------------------------

    @Test
    void overridesListsTheFileAndTreatsAnythingUnreadableAsEmpty() throws Exception {
        writeFile("overrides:\n  - {id: hand, instance: n1, rack_id: null, metric: up, value: 0.0}\n");
        JsonNode list = get("/overrides").json().get("overrides");
        assertEquals(1, list.size());
        assertEquals("hand", list.get(0).get("id").asText());
        assertTrue(list.get(0).get("rack_id").isNull());
        Files.delete(file());
        assertEquals(0, get("/overrides").json().get("overrides").size());
        writeFile("{ invalid yaml ][");
        assertEquals(0, get("/overrides").json().get("overrides").size());
        writeFile("- just a list\n");
        assertEquals(0, get("/overrides").json().get("overrides").size());
        writeFile("other: 1\n");
        assertEquals(0, get("/overrides").json().get("overrides").size());
    }

    @Test
    void expiredOverridesArePrunedFromTheListAndTheFileFixingTheOriginal() throws Exception {
        writeFile("overrides:\n"
                + "  - {id: old, instance: n1, metric: up, value: 0.0, expires_at: " + (NOW - 1) + "}\n"
                + "  - {id: live, instance: n2, metric: up, value: 0.0, expires_at: " + (NOW + 100) + "}\n");
        JsonNode list = get("/overrides").json().get("overrides");
        assertEquals(1, list.size());
        assertEquals("live", list.get(0).get("id").asText());
        assertEquals(1, fileEntries().size());
        clock.set(NOW + 100);
        assertEquals(0, get("/overrides").json().get("overrides").size(), "expires_at == now is expired");
    }

    // --- POST /overrides (§2.6, acceptance 3–6) ------------------------------------------------------------

    @Test
    void anInstanceOverrideWithTtlIsAppended() throws Exception {
        Response r = post("/overrides", "{\"instance\":\"node01\",\"metric\":\"node_temperature_celsius\","
                + "\"value\":90,\"ttl_seconds\":300}");
        assertEquals(200, r.status);
        JsonNode list = r.json().get("overrides");
        assertEquals(1, list.size());
        JsonNode e = list.get(0);
        assertEquals("node01", e.get("instance").asText());
        assertTrue(e.get("rack_id").isNull());
        assertEquals(90.0, e.get("value").asDouble());
        assertTrue(e.get("value").isDouble(), "value is stored as a float");
        assertEquals(NOW + 300, e.get("expires_at").asLong());
        assertEquals("node01-node_temperature_celsius-" + NOW, e.get("id").asText());
        Map<String, Object> entry = fileEntries().get(0);
        assertEquals(List.of("id", "instance", "rack_id", "metric", "value", "expires_at"), List.copyOf(entry.keySet()));
        assertEquals(90.0, entry.get("value"));
    }

    @Test
    void aRackDownOverrideNeedsOnlyTheRack() throws Exception {
        JsonNode e = post("/overrides", "{\"rack_id\":\"rack01\",\"metric\":\"rack_down\",\"value\":1}").json()
                .get("overrides").get(0);
        assertEquals("rack01", e.get("rack_id").asText());
        assertEquals("rack_down", e.get("metric").asText());
        assertTrue(e.get("instance").isNull());
    }

    @Test
    void defaultTtlComesFromThePluginConfigFixingTheOriginal() throws Exception {
        plugin = plugin(settings("default_ttl_seconds", 60));
        JsonNode e = post("/overrides", "{\"instance\":\"n1\",\"metric\":\"up\",\"value\":0}").json()
                .get("overrides").get(0);
        assertEquals(NOW + 60, e.get("expires_at").asLong());
        JsonNode permanent = post("/overrides", "{\"instance\":\"n2\",\"metric\":\"up\",\"value\":0,\"ttl_seconds\":0}")
                .json().get("overrides").get(1);
        assertFalse(permanent.has("expires_at"));
        JsonNode nullTtl = post("/overrides", "{\"instance\":\"n3\",\"metric\":\"up\",\"value\":0,\"ttl_seconds\":null}")
                .json().get("overrides").get(2);
        assertEquals(NOW + 60, nullTtl.get("expires_at").asLong());
    }

    @Test
    void theApiDefaultTtlIs120Seconds() throws Exception {
        JsonNode e = post("/overrides", "{\"instance\":\"n1\",\"metric\":\"up\",\"value\":1}").json()
                .get("overrides").get(0);
        assertEquals(NOW + 120, e.get("expires_at").asLong());
    }

    @Test
    void overrideValidationMessagesInOrder() throws Exception {
        assertBad(post("/overrides", "{\"instance\":\"node01\",\"value\":1}"), "metric is required");
        assertBad(post("/overrides", "{\"metric\":\"\",\"value\":1}"), "metric is required");
        assertBad(post("/overrides", "{\"value\":1}"), "metric is required");
        Response unsupported = post("/overrides", "{\"instance\":\"node01\",\"metric\":\"invalid_metric\",\"value\":1}");
        assertBad(unsupported, "Unsupported metric. Available: ['node_health_status', 'node_load_percent', "
                + "'node_power_watts', 'node_temperature_celsius', 'rack_down', 'up']");
        assertBad(post("/overrides", "{\"rack_id\":\"r1\",\"metric\":\"invalid_metric\",\"value\":1}"),
                "Unsupported metric");
        assertBad(post("/overrides", "{\"metric\":\"invalid_metric\"}"), "Unsupported metric");
        assertBad(post("/overrides", "{\"metric\":\"up\",\"value\":0}"), "instance or rack_id is required");
        assertBad(post("/overrides", "{\"metric\":\"up\",\"instance\":\"\",\"rack_id\":null,\"value\":0}"),
                "instance or rack_id is required");
        assertBad(post("/overrides", "{\"instance\":\"node01\",\"metric\":\"rack_down\",\"value\":1}"),
                "rack_down requires rack_id");
        assertBad(post("/overrides", "{\"instance\":\"node01\",\"metric\":\"up\"}"), "value is required");
        assertBad(post("/overrides", "{\"instance\":\"node01\",\"metric\":\"up\",\"value\":null}"), "value is required");
        assertBad(post("/overrides", "{\"instance\":\"node01\",\"metric\":\"up\",\"value\":\"not_a_number\"}"),
                "value must be numeric");
        assertBad(post("/overrides", "{\"instance\":\"node01\",\"metric\":\"up\",\"value\":[1]}"),
                "value must be numeric");
        assertBad(post("/overrides", "{\"instance\":\"node01\",\"metric\":\"node_health_status\",\"value\":5}"),
                "node_health_status must be 0, 1, or 2");
        assertBad(post("/overrides", "{\"instance\":\"node01\",\"metric\":\"up\",\"value\":0.5}"), "up must be 0 or 1");
        assertBad(post("/overrides", "{\"instance\":\"node01\",\"metric\":\"up\",\"value\":0,\"ttl_seconds\":\"not_a_number\"}"),
                "ttl_seconds must be int");
        assertBad(post("/overrides", "{\"instance\":\"node01\",\"metric\":\"up\",\"value\":0,\"ttl_seconds\":\"1.5\"}"),
                "ttl_seconds must be int");
        assertBad(post("/overrides", "{\"instance\":\"node01\",\"metric\":\"up\",\"value\":0,\"ttl_seconds\":-10}"),
                "ttl_seconds must be >= 0");
        assertFalse(Files.exists(file()), "no failed request wrote the file");
    }

    @Test
    void numericStringsAndTruncatedTtlsAreAccepted() throws Exception {
        JsonNode e = post("/overrides", "{\"instance\":\"n1\",\"metric\":\"node_health_status\",\"value\":\" 2 \","
                + "\"ttl_seconds\":\"30\"}").json().get("overrides").get(0);
        assertEquals(2.0, e.get("value").asDouble());
        assertEquals(NOW + 30, e.get("expires_at").asLong());
        JsonNode f = post("/overrides", "{\"instance\":\"n1\",\"metric\":\"up\",\"value\":true,\"ttl_seconds\":10.7}")
                .json().get("overrides").get(1);
        assertEquals(1.0, f.get("value").asDouble());
        assertEquals(NOW + 10, f.get("expires_at").asLong());
    }

    @Test
    void libraryMetricsAreValidByTheirBaseNameFixingTheOriginal() throws Exception {
        snapshots.current = Fakes.snapshot(1, Topology.EMPTY, Catalog.EMPTY, List.of(
                library("pdu_power", "sum(raritan_pdu_activepower_watt{job=\"pdu\"})", "W", "power"),
                library("seq", "sequana3_hyc_p_in_kpa", "kPa", "cooling")));
        assertEquals(200, post("/overrides", "{\"rack_id\":\"r1\",\"metric\":\"raritan_pdu_activepower_watt\","
                + "\"value\":1000}").status);
        assertEquals(200, post("/overrides", "{\"rack_id\":\"r1\",\"metric\":\"sequana3_hyc_p_in_kpa\",\"value\":150}").status);
        Response expr = post("/overrides", "{\"rack_id\":\"r1\",\"metric\":\"sum(raritan_pdu_activepower_watt{job=\\\"pdu\\\"})\","
                + "\"value\":1}");
        assertBad(expr, "Unsupported metric. Available: ['node_health_status', 'node_load_percent', "
                + "'node_power_watts', 'node_temperature_celsius', 'rack_down', 'raritan_pdu_activepower_watt', "
                + "'sequana3_hyc_p_in_kpa', 'up']");
    }

    @Test
    void idsAreUniqueWithinOneSecondFixingTheOriginal() throws Exception {
        String body = "{\"instance\":\"n1\",\"metric\":\"up\",\"value\":0,\"ttl_seconds\":0}";
        post("/overrides", body);
        post("/overrides", body);
        JsonNode list = post("/overrides", body).json().get("overrides");
        assertEquals("n1-up-" + NOW, list.get(0).get("id").asText());
        assertEquals("n1-up-" + NOW + "-2", list.get(1).get("id").asText());
        assertEquals("n1-up-" + NOW + "-3", list.get(2).get("id").asText());
        JsonNode after = delete("/overrides/n1-up-" + NOW).json().get("overrides");
        assertEquals(2, after.size(), "deleting one id leaves the others");
        JsonNode given = post("/overrides", "{\"instance\":\"n1\",\"metric\":\"up\",\"value\":0,\"id\":\"mine\"}")
                .json().get("overrides");
        assertEquals("mine", given.get(2).get("id").asText());
    }

    @Test
    void hundredConcurrentPostsLoseNothing() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String body = "{\"instance\":\"node" + (i % 7) + "\",\"metric\":\"up\",\"value\":0,\"ttl_seconds\":0}";
            results.add(pool.submit(() -> {
                start.await();
                return post("/overrides", body).status;
            }));
        }
        start.countDown();
        for (Future<Integer> f : results) {
            assertEquals(200, f.get(30, TimeUnit.SECONDS));
        }
        pool.shutdown();
        List<Map<String, Object>> entries = fileEntries();
        assertEquals(100, entries.size());
        Set<Object> ids = new HashSet<>();
        entries.forEach(e -> ids.add(e.get("id")));
        assertEquals(100, ids.size(), "ids unique");
        assertEquals(100, get("/overrides").json().get("overrides").size());
    }

    // --- DELETE (§2.7, §2.8, acceptance 7–8) -------------------------------------------------------------

    @Test
    void deleteAllEmptiesTheFile() throws Exception {
        writeFile("overrides:\n  - {id: a, instance: n1, metric: up, value: 0.0}\n"
                + "  - {id: b, instance: n2, metric: up, value: 0.0}\n");
        Response r = delete("/overrides");
        assertEquals(200, r.status);
        assertEquals("{\"overrides\":[]}", r.text());
        assertEquals(List.of(), fileEntries());
        assertTrue(Files.readString(file()).contains("overrides: []"));
    }

    @Test
    void deleteAllCreatesTheFolders() throws Exception {
        assertEquals(200, delete("/overrides").status);
        assertTrue(Files.exists(file()));
    }

    @Test
    void deleteOneRemovesEveryEntryWithThatIdAndAnUnknownIdIsNot404() throws Exception {
        writeFile("overrides:\n  - {id: override1, instance: n1, metric: up, value: 0.0}\n"
                + "  - {id: override2, instance: n2, metric: up, value: 0.0}\n");
        JsonNode list = delete("/overrides/override1").json().get("overrides");
        assertEquals(1, list.size());
        assertEquals("override2", list.get(0).get("id").asText());
        Response unknown = delete("/overrides/nonexistent");
        assertEquals(200, unknown.status);
        assertEquals(1, unknown.json().get("overrides").size());
        assertEquals(1, fileEntries().size());
    }

    @Test
    void unknownRoutesAndMethodsAnswerJson() throws Exception {
        assertEquals(404, get("/nope").status);
        assertEquals(405, Fakes.call(plugin, "/api/simulator", "PUT", "/overrides", "{}", Map.of()).status);
        assertEquals(405, get("/restart").status);
    }

    // --- one overrides path (§6.5) ---------------------------------------------------------------------

    @Test
    void apiAndGeneratorResolveTheSameOverridesFile() {
        Path api = new OverridesStore(config, writer, () -> OVERRIDES, clock::get).path();
        assertEquals(api, PluginPaths.overridesFile(config, writer, OVERRIDES));
        assertEquals(dir.resolve(OVERRIDES), api);
    }

    @Test
    void repositoryLayoutPathsFallBackBesideAppYaml() throws IOException {
        Files.createDirectories(dir.resolve("plugins/simulator/overrides"));
        assertEquals(dir.resolve("plugins/simulator/overrides/overrides.yaml"),
                PluginPaths.overridesFile(config, writer, "config/plugins/simulator/overrides/overrides.yaml"));
        assertEquals(dir.resolve("config/x/y.yaml"), PluginPaths.resolve(config, "config/x/y.yaml"));
    }

    @Test
    void anOverridesFileOutsideTheTreeIsA403NamingNoServerPath() throws Exception {
        plugin = plugin(settings("overrides_path", "/elsewhere/overrides.yaml"));
        Response r = post("/overrides", "{\"instance\":\"n1\",\"metric\":\"up\",\"value\":0}");
        assertEquals(403, r.status);
        assertTrue(r.detail().contains("outside the configuration tree"), r.detail());
        assertFalse(r.detail().contains("/elsewhere"), r.detail());
    }

    private static void assertBad(Response r, String detail) throws IOException {
        assertEquals(400, r.status, r.text());
        assertTrue(r.detail().contains(detail), "'" + r.detail() + "' should contain '" + detail + "'");
    }

    private static Set<String> fieldNames(JsonNode n) {
        Set<String> s = new HashSet<>();
        n.fieldNames().forEachRemaining(s::add);
        return s;
    }

    @Test
    void idsOfTwoEntriesPostedAtDifferentSecondsFollowTheOriginalFormat() throws Exception {
        post("/overrides", "{\"rack_id\":\"r9\",\"metric\":\"rack_down\",\"value\":1}");
        clock.incrementAndGet();
        JsonNode list = post("/overrides", "{\"rack_id\":\"r9\",\"metric\":\"rack_down\",\"value\":1}").json()
                .get("overrides");
        assertEquals("r9-rack_down-" + NOW, list.get(0).get("id").asText());
        assertEquals("r9-rack_down-" + (NOW + 1), list.get(1).get("id").asText());
        assertNotEquals(list.get(0).get("id"), list.get(1).get("id"));
    }
}
