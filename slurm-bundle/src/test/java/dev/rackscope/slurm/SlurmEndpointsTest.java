package dev.rackscope.slurm;

import static dev.rackscope.slurm.Fixtures.failure;
import static dev.rackscope.slurm.Fixtures.map;
import static dev.rackscope.slurm.Fixtures.series;
import static dev.rackscope.slurm.Fixtures.success;
import static dev.rackscope.slurm.Fixtures.writeFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.rackscope.api.config.FlatSettings;
import dev.rackscope.api.telemetry.PrometheusClient.CacheKind;
import dev.rackscope.slurm.HttpFakes.Answer;

/**
 * Contract tests of the nine {@code /api/slurm} endpoints (slurm.md §4, acceptance §6.23–34): status codes
 * and JSON shapes through the real servlet, with fake core services.
 */
class SlurmEndpointsTest {

    private static final String QUERY = "max by (node,status,partition) (slurm_node_status) > 0";

    @TempDir
    Path dir;

    Fixtures.FakePrometheus prometheus;
    Fixtures.FakeSnapshots snapshots;
    Fixtures.FakeRackscopeConfig rackscope;
    Fixtures.FakeConfigWriter writer;
    SlurmPlugin plugin;

    @BeforeEach
    void setUp() throws Exception {
        prometheus = new Fixtures.FakePrometheus().answering(fixtureSeries());
        snapshots = new Fixtures.FakeSnapshots(Fixtures.snapshot(Fixtures.specTopology()));
        rackscope = new Fixtures.FakeRackscopeConfig(dir);
        writer = new Fixtures.FakeConfigWriter(dir);
        plugin = plugin(map("mapping_path", "plugins/slurm/node_mapping.yaml",
                "metrics_catalog_dir", "plugins/slurm/metrics", "metrics_catalogs", List.of("metrics1.yaml")));
    }

    private SlurmPlugin plugin(Map<String, Object> settings) throws Exception {
        SlurmPlugin p = new SlurmPlugin(rackscope, writer, prometheus, snapshots, FlatSettings.flatten(settings));
        HttpFakes.init(p);
        return p;
    }

    /** §6 fixture series: node01 idle/all = 1, node02 allocated/compute = 1. */
    private static dev.rackscope.api.telemetry.QueryResult fixtureSeries() {
        return success(series("node01", "idle", "all"), series("node02", "allocated", "compute"));
    }

    private Answer get(String path) throws Exception {
        return HttpFakes.get(plugin, path);
    }

    private Answer post(String path, Object body) throws Exception {
        return HttpFakes.post(plugin, path, body);
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void assertDetail(Answer a, int status, String contains) {
        assertEquals(status, a.status(), a.text());
        assertTrue(a.json().path("detail").asText().contains(contains), a.text());
    }

    // ============================================================================ common guard, routing

    @Nested
    class Guard {

        @Test
        void stateEndpointsAnswer503UntilTheTopologyIsLoaded() throws Exception { // §6.25
            snapshots.current = Fixtures.notLoaded();
            for (String path : List.of("/rooms/room1/nodes", "/summary", "/partitions", "/nodes")) {
                Answer a = get(path);
                assertEquals(503, a.status(), path);
                assertEquals("Topology not loaded", a.json().path("detail").asText(), path);
                assertTrue(a.json().path("detail").asText().contains("not loaded"));
            }
            assertTrue(prometheus.queries.isEmpty(), "the guard comes before the query");
        }

        @Test
        void unknownRoomIs404ByPathOrQuery() throws Exception { // §6.25
            for (String path : List.of("/rooms/nope/nodes", "/summary?room_id=nope", "/partitions?room_id=nope",
                    "/nodes?room_id=nope")) {
                Answer a = get(path);
                assertEquals(404, a.status(), path);
                assertEquals("Room not found", a.json().path("detail").asText());
                assertTrue(a.json().path("detail").asText().contains("not found"));
            }
        }

        @Test
        void mappingAndCatalogEndpointsNeedNoTopology() throws Exception {
            snapshots.current = Fixtures.notLoaded();
            assertEquals(200, get("/mapping").status());
            assertEquals(200, get("/metrics/catalog").status());
        }

        @Test
        void unknownPathsAre404AndWrongMethods405() throws Exception {
            Answer a = get("/nothing");
            assertEquals(404, a.status());
            assertEquals("Not Found", a.json().path("detail").asText());
            Answer b = HttpFakes.call(plugin, "DELETE", "/mapping", null);
            assertEquals(405, b.status());
            assertEquals(405, post("/summary", map()).status());
        }

        @Test
        void everyStateEndpointSendsOneFilteredQueryThroughTheHealthCache() throws Exception {
            for (String path : List.of("/rooms/room1/nodes", "/summary", "/partitions", "/nodes")) {
                prometheus.queries.clear();
                prometheus.kinds.clear();
                assertEquals(200, get(path).status());
                assertEquals(List.of(QUERY), prometheus.queries, path);
                assertEquals(List.of(CacheKind.HEALTH), prometheus.kinds, path);
            }
        }

        @Test
        void answersAreJson() throws Exception {
            assertEquals("application/json", get("/summary").contentType());
        }
    }

    // ============================================================================ §4.1 rooms/{id}/nodes

    @Nested
    class RoomNodes {

        @Test
        void roomNodesCarryTheirStates() throws Exception { // §6.23
            Answer a = get("/rooms/room1/nodes");

            assertEquals(200, a.status());
            JsonNode body = a.json();
            assertEquals(List.of("room_id", "nodes"), fieldNames(body));
            assertEquals("room1", body.path("room_id").asText());
            assertEquals("idle", body.at("/nodes/node01/status").asText());
            assertEquals("OK", body.at("/nodes/node01/severity").asText());
            assertEquals("allocated", body.at("/nodes/node02/status").asText());
            assertEquals(Fixtures.json("{\"status\":\"allocated\",\"severity\":\"OK\",\"statuses\":[\"allocated\"],"
                    + "\"partitions\":[\"compute\"],\"flags\":[]}"), body.at("/nodes/node02"));
        }

        @Test
        void withoutResultsEveryRoomNodeIsUnknown() throws Exception { // §6.24
            prometheus.answering(success());

            JsonNode body = get("/rooms/room1/nodes").json();

            assertEquals("unknown", body.at("/nodes/node01/status").asText());
            assertEquals("UNKNOWN", body.at("/nodes/node01/severity").asText());
            assertEquals(0, body.at("/nodes/node01/statuses").size());
            assertFalse(body.has("error"));
        }

        @Test
        void seriesOfNodesOutsideTheRoomAreIgnored() throws Exception {
            prometheus.answering(success(series("node01", "idle", "all"), series("node77", "down", "all")));
            assertEquals(List.of("node01", "node02"), fieldNames(get("/rooms/room1/nodes").json().path("nodes")));
        }

        @Test
        void prometheusFailureIsReportedNotHiddenFixedPer711() throws Exception {
            prometheus.answering(failure("connect timed out"));

            Answer a = get("/rooms/room1/nodes");

            assertEquals(200, a.status());
            assertEquals("Prometheus query failed: connect timed out", a.json().path("error").asText());
            assertEquals("unknown", a.json().at("/nodes/node01/status").asText());
        }
    }

    // ============================================================================ §4.2 summary

    @Nested
    class Summary {

        @Test
        void summaryCountsNodesByStatusAndSeverity() throws Exception { // §6.26
            JsonNode body = get("/summary").json();

            assertEquals(List.of("room_id", "total_nodes", "by_status", "by_severity"), fieldNames(body));
            assertTrue(body.path("room_id").isNull());
            assertEquals(2, body.path("total_nodes").asInt());
            assertEquals(2, body.at("/by_severity/OK").asInt());
            assertEquals(Fixtures.json("{\"idle\":1,\"allocated\":1}"), body.path("by_status"));
            assertEquals(List.of("OK", "WARN", "CRIT", "UNKNOWN"), fieldNames(body.path("by_severity")));
        }

        @Test
        void roomIdIsEchoedAndEmptyMeansNoFilter() throws Exception { // §6.26, §4 room_id rule
            assertEquals("room1", get("/summary?room_id=room1").json().path("room_id").asText());
            JsonNode empty = get("/summary?room_id=").json();
            assertEquals("", empty.path("room_id").asText());
            assertTrue(empty.path("room_id").isTextual());
            assertEquals(2, empty.path("total_nodes").asInt());
        }

        @Test
        void roomFilterDropsNodesOutsideTheRoom() throws Exception {
            prometheus.answering(success(series("node01", "idle", "all"), series("login9", "down", "all")));
            assertEquals(2, get("/summary").json().path("total_nodes").asInt(), "without a room, every series node");
            assertEquals(1, get("/summary?room_id=room1").json().path("total_nodes").asInt());
        }

        @Test
        void allPartitionStatusIsCountedAndInfoIsAppended() throws Exception {
            plugin = plugin(map("status_map", map("info", List.of("future"))));
            prometheus.answering(success(series("n1", "down", "batch"), series("n1", "idle", "all"),
                    series("n2", "futr", "all"), series("n3", "weird", "all")));

            JsonNode body = get("/summary").json();

            assertEquals(Fixtures.json("{\"idle\":1,\"future\":1,\"weird\":1}"), body.path("by_status"));
            assertEquals(List.of("OK", "WARN", "CRIT", "UNKNOWN", "INFO"), fieldNames(body.path("by_severity")));
            assertEquals(Fixtures.json("{\"OK\":1,\"WARN\":0,\"CRIT\":0,\"UNKNOWN\":1,\"INFO\":1}"),
                    body.path("by_severity"));
        }

        @Test
        void prometheusFailureGivesZerosAndAnErrorFixedPer711() throws Exception {
            prometheus.answering(failure("HTTP 503"));

            Answer a = get("/summary");

            assertEquals(200, a.status());
            JsonNode body = a.json();
            assertEquals(0, body.path("total_nodes").asInt());
            assertEquals(0, body.path("by_status").size());
            assertEquals(Fixtures.json("{\"OK\":0,\"WARN\":0,\"CRIT\":0,\"UNKNOWN\":0}"), body.path("by_severity"));
            assertEquals("Prometheus query failed: HTTP 503", body.path("error").asText());
        }

        @Test
        void successHasNoErrorField() throws Exception {
            assertFalse(get("/summary").json().has("error"));
        }
    }

    // ============================================================================ §4.3 partitions

    @Nested
    class Partitions {

        @Test
        void partitionsCountStatusesPerPartition() throws Exception { // §6.27
            JsonNode body = get("/partitions").json();
            assertEquals(List.of("room_id", "partitions"), fieldNames(body));
            assertEquals(1, body.at("/partitions/all/idle").asInt());
            assertEquals(1, body.at("/partitions/compute/allocated").asInt());
        }

        @Test
        void noResultsGiveNoPartitions() throws Exception { // §6.27
            prometheus.answering(success());
            JsonNode body = get("/partitions").json();
            assertEquals(0, body.path("partitions").size());
            assertTrue(body.path("partitions").isObject());
        }

        @Test
        void roomIdIsEchoed() throws Exception { // §6.27
            assertEquals("room1", get("/partitions?room_id=room1").json().path("room_id").asText());
        }

        @Test
        void prometheusFailureIsReportedFixedPer711() throws Exception {
            prometheus.answering(failure("boom"));
            JsonNode body = get("/partitions").json();
            assertEquals(0, body.path("partitions").size());
            assertEquals("Prometheus query failed: boom", body.path("error").asText());
        }
    }

    // ============================================================================ §4.4 nodes

    @Nested
    class Nodes {

        @Test
        void nodesCarryStateAndPlace() throws Exception { // §6.28
            JsonNode body = get("/nodes").json();

            assertEquals(List.of("room_id", "nodes"), fieldNames(body));
            JsonNode n = body.path("nodes").get(0);
            assertEquals("node01", n.path("node").asText());
            assertEquals("idle", n.path("status").asText());
            assertEquals("OK", n.path("severity").asText());
            assertEquals("site1", n.path("site_id").asText());
            assertEquals("rack01", n.path("rack_id").asText());
            assertEquals(List.of("node", "status", "severity", "statuses", "partitions", "site_id", "site_name",
                    "room_id", "room_name", "rack_id", "rack_name", "device_id", "device_name", "flags"), fieldNames(n));
            assertEquals("Server Room 1", n.path("room_name").asText());
            assertEquals("Compute Node", n.path("device_name").asText());
        }

        @Test
        void noStatesGiveAnEmptyList() throws Exception { // §6.28
            prometheus.answering(success());
            JsonNode nodes = get("/nodes").json().path("nodes");
            assertTrue(nodes.isArray());
            assertEquals(0, nodes.size());
        }

        @Test
        void nodesOutsideTheTopologyHaveNoPlace() throws Exception {
            prometheus.answering(success(series("ghost", "down*", "all")));
            JsonNode n = get("/nodes").json().path("nodes").get(0);
            assertEquals(List.of("node", "status", "severity", "statuses", "partitions", "flags"), fieldNames(n));
            assertEquals("down", n.path("status").asText());
            assertEquals("CRIT", n.path("severity").asText());
            assertEquals(Fixtures.json("[\"down*\"]"), n.path("statuses"));
            assertEquals(Fixtures.json("[\"*\"]"), n.path("flags"));
        }

        @Test
        void nodesPreferTheAllPartitionStatus() throws Exception {
            prometheus.answering(success(series("node01", "down", "batch"), series("node01", "idle", "all")));
            JsonNode n = get("/nodes").json().path("nodes").get(0);
            assertEquals("idle", n.path("status").asText());
            assertEquals(Fixtures.json("[\"down\",\"idle\"]"), n.path("statuses"));
        }

        @Test
        void roomFilterAndMappingApply() throws Exception {
            writeFile(dir.resolve("plugins/slurm/node_mapping.yaml"), "mapping:\n  'cn[1-2]': 'node[01-02]'\n");
            prometheus.answering(success(series("cn2", "mixed", "all"), series("other", "idle", "all")));

            JsonNode nodes = get("/nodes?room_id=room1").json().path("nodes");

            assertEquals(1, nodes.size());
            assertEquals("node02", nodes.get(0).path("node").asText());
            assertEquals("WARN", nodes.get(0).path("severity").asText());
        }

        @Test
        void prometheusFailureIsReportedFixedPer711() throws Exception {
            prometheus.answering(failure("timeout"));
            JsonNode body = get("/nodes").json();
            assertEquals(0, body.path("nodes").size());
            assertEquals("Prometheus query failed: timeout", body.path("error").asText());
        }

        @Test
        void aSecondRequestOnTheSameCachedAnswerGivesTheSameBody() throws Exception {
            String first = get("/nodes").text();
            assertEquals(first, get("/nodes").text());
            assertEquals(get("/summary?room_id=room1").text(), get("/summary?room_id=room1").text());
        }
    }

    // ============================================================================ §4.5–4.6 mapping

    @Nested
    class Mapping {

        private Path file() {
            return dir.resolve("plugins/slurm/node_mapping.yaml");
        }

        @Test
        void getReturnsTheEntriesAsWritten() throws Exception { // §6.29
            writeFile(file(), "mappings:\n  - {node: n001, instance: compute001}\n  - {node: 'n*', instance: 'c*', note: x}\n");

            JsonNode body = get("/mapping").json();

            assertEquals(List.of("mapping_path", "entries"), fieldNames(body));
            assertEquals("plugins/slurm/node_mapping.yaml", body.path("mapping_path").asText());
            assertEquals(Fixtures.json("{\"node\":\"n001\",\"instance\":\"compute001\"}"), body.path("entries").get(0));
            assertEquals("x", body.path("entries").get(1).path("note").asText());
        }

        @Test
        void missingFileGivesNoEntries() throws Exception { // §6.29
            Answer a = get("/mapping");
            assertEquals(200, a.status());
            assertEquals(0, a.json().path("entries").size());
            assertFalse(a.json().has("errors"));
        }

        @Test
        void legacyDictIsReturnedAsEntriesWithItsProblems() throws Exception {
            writeFile(file(), "mapping:\n  'c[001-480]': 'compute[001-480]'\n  'g[01-10]': 'gpu[01-09]'\n");

            JsonNode body = get("/mapping").json();

            assertEquals(Fixtures.json("[{\"node\":\"c[001-480]\",\"instance\":\"compute[001-480]\"},"
                    + "{\"node\":\"g[01-10]\",\"instance\":\"gpu[01-09]\"}]"), body.path("entries"));
            assertEquals(1, body.path("errors").size());
            assertTrue(body.path("errors").get(0).asText().contains("lengths must match"));
        }

        @Test
        void nullMappingPathGivesNullAndNoEntries() throws Exception {
            plugin = plugin(map("mapping_path", null));
            JsonNode body = get("/mapping").json();
            assertTrue(body.path("mapping_path").isNull());
            assertEquals(0, body.path("entries").size());
        }

        @Test
        void postWritesTheListFormAtomically() throws Exception { // §6.30
            Answer a = post("/mapping", map("entries", List.of(map("node", "n001", "instance", "compute001", "x", 1),
                    map("node", "n*", "instance", "compute*"))));

            assertEquals(200, a.status(), a.text());
            assertEquals(Fixtures.json("{\"ok\":true,\"saved\":2}"), a.json());
            assertEquals(List.of(file()), writer.written);
            assertEquals(map("mappings", List.of(map("instance", "compute001", "node", "n001"),
                    map("instance", "compute*", "node", "n*"))), Fixtures.yaml(file()));
            try (var files = Files.list(file().getParent())) {
                assertEquals(List.of(file()), files.toList(), "no temporary file is left behind");
            }
        }

        @Test
        void theNextStateRequestUsesTheSavedMapping() throws Exception {
            prometheus.answering(success(series("cn2", "idle", "all")));
            assertEquals("cn2", get("/nodes").json().at("/nodes/0/node").asText());

            post("/mapping", map("entries", List.of(map("node", "cn*", "instance", "node0*"))));

            JsonNode n = get("/nodes").json().at("/nodes/0");
            assertEquals("node02", n.path("node").asText());
            assertEquals("rack01", n.path("rack_id").asText());
        }

        @Test
        void postWithoutMappingPathIs400() throws Exception { // §6.30
            plugin = plugin(map("mapping_path", null));
            Answer a = post("/mapping", map("entries", List.of(map("node", "a", "instance", "b"))));
            assertDetail(a, 400, "not configured");
            assertEquals("mapping_path is not configured", a.json().path("detail").asText());
        }

        @Test
        void emptyListIsAllowed() throws Exception {
            Answer a = post("/mapping", map("entries", List.of()));
            assertEquals(Fixtures.json("{\"ok\":true,\"saved\":0}"), a.json());
            assertEquals(map("mappings", List.of()), Fixtures.yaml(file()));
        }

        @Test
        void missingOrWrongTypedFieldsAre422() throws Exception { // §4.6
            Answer a = post("/mapping", map("entries", List.of(map("node", "a"), map("node", 1, "instance", "b"), "x")));

            assertEquals(422, a.status());
            JsonNode body = a.json();
            assertEquals("Validation error", body.path("error").asText());
            assertEquals("/api/slurm/mapping", body.path("path").asText());
            assertEquals(3, body.path("detail").size());
            assertEquals(Fixtures.json("[\"body\",\"entries\",0,\"instance\"]"), body.at("/detail/0/loc"));
            assertEquals("missing", body.at("/detail/0/type").asText());
            assertEquals("string_type", body.at("/detail/1/type").asText());
            assertEquals("model_type", body.at("/detail/2/type").asText());
            assertFalse(Files.exists(file()), "nothing is written");
        }

        @Test
        void bodyShapeErrorsAre422() throws Exception {
            assertEquals("missing", post("/mapping", map()).json().at("/detail/0/type").asText());
            assertEquals("list_type", post("/mapping", map("entries", "x")).json().at("/detail/0/type").asText());
            assertEquals(422, post("/mapping", "[1]").status());
            assertEquals(422, post("/mapping", "{not json").status());
            assertEquals(422, HttpFakes.call(plugin, "POST", "/mapping", null).status());
        }

        @Test
        void unusablePatternsAre422FixedPer717() throws Exception {
            Answer a = post("/mapping", map("entries", List.of(map("node", "", "instance", "b"),
                    map("node", "c[001-480]", "instance", "compute[001-400]"), map("node", "c[1-2]*", "instance", "x"))));

            assertEquals(422, a.status());
            JsonNode d = a.json().path("detail");
            assertEquals(3, d.size(), a.text());
            assertEquals("string_too_short", d.at("/0/type").asText());
            assertEquals(Fixtures.json("[\"body\",\"entries\",0,\"node\"]"), d.at("/0/loc"));
            assertEquals("value_error", d.at("/1/type").asText());
            assertTrue(d.at("/1/msg").asText().contains("480 names but instance range compute[001-400] has 400"));
            assertTrue(d.at("/2/msg").asText().contains("not both"));
            assertFalse(Files.exists(file()));
        }

        @Test
        void validationComesBeforeTheMappingPathCheck() throws Exception {
            plugin = plugin(map("mapping_path", null));
            assertEquals(422, post("/mapping", map()).status());
        }

        @Test
        void missingFoldersAreCreated() throws Exception { // §7.17
            plugin = plugin(map("mapping_path", "deep/er/map.yaml"));
            assertEquals(200, post("/mapping", map("entries", List.of())).status());
            assertTrue(Files.isRegularFile(dir.resolve("deep/er/map.yaml")));
        }

        @Test
        void aFileOutsideTheConfigTreeIs403() throws Exception {
            Path outside = dir.getParent().resolve("outside-" + System.nanoTime() + ".yaml");
            plugin = plugin(map("mapping_path", outside.toString()));
            assertDetail(post("/mapping", map("entries", List.of())), 403, "Access denied");
            assertFalse(Files.exists(outside));
        }

        @Test
        void aMappingPathThatIsAFolderIs409WithoutTheServerPath() throws Exception {
            Files.createDirectories(dir.resolve("plugins/slurm/folder.yaml"));
            plugin = plugin(map("mapping_path", "plugins/slurm/folder.yaml"));
            Answer a = post("/mapping", map("entries", List.of(map("node", "a", "instance", "b"))));
            assertDetail(a, 409, "Cannot write the node mapping file set by mapping_path");
            assertFalse(a.text().contains(dir.toString()), a.text());
            assertTrue(Files.isDirectory(dir.resolve("plugins/slurm/folder.yaml")));
        }

        @Test
        void aWriteFailureIsA500ThatSaysWhy() throws Exception {
            writeFile(file(), "mappings: []\n");
            writer.failWith = new IOException("No space left on device");
            Answer a = post("/mapping", map("entries", List.of(map("node", "a", "instance", "b"))));
            assertDetail(a, 500, "No space left on device");
            assertEquals("mappings: []\n", Files.readString(file()), "the old file is untouched");
        }
    }

    // ============================================================================ §4.7–4.8 catalog

    @Nested
    class Catalog {

        private Path metrics() {
            return dir.resolve("plugins/slurm/metrics");
        }

        @BeforeEach
        void files() throws IOException {
            writeFile(metrics().resolve("metrics1.yaml"), "metrics:\n"
                    + "  - {id: slurm_nodes, name: Slurm Node Count, metric: slurm_nodes_total, display: {unit: count}}\n"
                    + "  - {id: slurm_jobs, metric: 'sum(slurm_jobs)', scope: partition}\n");
            writeFile(metrics().resolve("metrics2.yaml"), "metrics:\n  - {id: other}\n");
        }

        @Test
        void catalogListsMetricsAndFiles() throws Exception { // §6.31, §6.32
            JsonNode body = get("/metrics/catalog").json();

            assertEquals(List.of("metrics", "loaded_files", "available_files"), fieldNames(body));
            assertEquals(2, body.path("metrics").size());
            assertEquals("Slurm Node Count", body.at("/metrics/0/name").asText());
            assertEquals(Fixtures.json("[\"metrics1.yaml\"]"), body.path("loaded_files"));
            assertEquals(Fixtures.json("[\"metrics1.yaml\",\"metrics2.yaml\"]"), body.path("available_files"));
        }

        @Test
        void missingConfiguredFileGivesNoMetrics() throws Exception { // §6.31
            plugin = plugin(map("metrics_catalog_dir", "plugins/slurm/metrics", "metrics_catalogs", List.of("gone.yaml")));
            JsonNode body = get("/metrics/catalog").json();
            assertEquals(0, body.path("metrics").size());
            assertEquals(Fixtures.json("[\"gone.yaml\"]"), body.path("loaded_files"));
            assertTrue(body.path("errors").get(0).asText().contains("gone.yaml"));
        }

        @Test
        void missingFolderGivesEmptyLists() throws Exception { // §6.32
            plugin = plugin(map("metrics_catalog_dir", "nowhere"));
            JsonNode body = get("/metrics/catalog").json();
            assertEquals(0, body.path("metrics").size());
            assertEquals(0, body.path("available_files").size());
        }

        @Test
        void getReloadsTheCatalogFromDisk() throws Exception {
            writeFile(metrics().resolve("metrics1.yaml"), "metrics:\n  - {id: fresh}\n");
            assertEquals(404, get("/metrics/data?metric_id=fresh").status(), "in memory: the catalog of activation");
            assertEquals("fresh", get("/metrics/catalog").json().at("/metrics/0/id").asText());
            assertEquals(200, get("/metrics/data?metric_id=fresh").status());
        }

        @Test
        void postUpdatesTheConfigFileAndReloads() throws Exception { // §6.33
            Path config = dir.resolve("plugins/slurm/config.yml");
            writeFile(config, "metric: slurm_node_status\nmetrics_catalogs: [metrics1.yaml]\n");

            Answer a = post("/metrics/catalog/config", map("metrics_catalogs", List.of("metrics2.yaml", "metrics1.yaml")));

            assertEquals(200, a.status(), a.text());
            assertEquals(Fixtures.json("{\"ok\":true,\"metrics_catalogs\":[\"metrics2.yaml\",\"metrics1.yaml\"]}"),
                    a.json());
            assertEquals(map("metric", "slurm_node_status", "metrics_catalogs", List.of("metrics2.yaml", "metrics1.yaml")),
                    Fixtures.yaml(config));
            assertEquals(List.of(config), writer.written, "through the atomic writer");
            assertEquals(List.of("metrics2.yaml", "metrics1.yaml"), plugin.config().metricsCatalogs());
            assertEquals(200, get("/metrics/data?metric_id=other").status(), "the catalog is reloaded");
            assertEquals("other", get("/metrics/catalog").json().at("/metrics/0/id").asText());
        }

        @Test
        void postCreatesAMissingConfigFileFixedPer716() throws Exception { // the original answered 500
            Path config = dir.resolve("plugins/slurm/config.yml");

            Answer a = post("/metrics/catalog/config", map("metrics_catalogs", List.of("metrics2.yaml")));

            assertEquals(200, a.status(), a.text());
            assertEquals(map("metrics_catalogs", List.of("metrics2.yaml")), Fixtures.yaml(config));
        }

        @Test
        void postWithoutTheKeyKeepsTheCurrentList() throws Exception {
            Answer a = post("/metrics/catalog/config", map("other", 1));
            assertEquals(Fixtures.json("[\"metrics1.yaml\"]"), a.json().path("metrics_catalogs"));
        }

        @Test
        void traversalAndFolderNamesAre400() throws Exception {
            for (String bad : List.of("../config.yml", "..", "sub/x.yaml", "/etc/passwd", "..\\x.yaml", "")) {
                Answer a = post("/metrics/catalog/config", map("metrics_catalogs", List.of("metrics1.yaml", bad)));
                assertDetail(a, 400, "Invalid filename");
            }
            assertTrue(writer.written.isEmpty());
            assertEquals(List.of("metrics1.yaml"), plugin.config().metricsCatalogs());
        }

        @Test
        void nonExistentFilesAre400() throws Exception {
            Answer a = post("/metrics/catalog/config", map("metrics_catalogs", List.of("nope.yaml")));
            assertDetail(a, 400, "'nope.yaml' not found");
            Files.createDirectories(metrics().resolve("folder.yaml"));
            assertDetail(post("/metrics/catalog/config", map("metrics_catalogs", List.of("folder.yaml"))), 400,
                    "not found");
            assertTrue(writer.written.isEmpty());
        }

        @Test
        void aSymlinkLeadingOutOfTheFolderIs403() throws Exception {
            Path target = dir.resolve("secret.yaml");
            writeFile(target, "metrics: []\n");
            try {
                Files.createSymbolicLink(metrics().resolve("link.yaml"), target);
            } catch (UnsupportedOperationException | IOException e) {
                org.junit.jupiter.api.Assumptions.abort("no symbolic links here");
            }
            assertDetail(post("/metrics/catalog/config", map("metrics_catalogs", List.of("link.yaml"))), 403,
                    "Access denied");
        }

        @Test
        void wrongTypesAre422FixedPer716() throws Exception { // the original assigned any value unchecked
            Answer s = post("/metrics/catalog/config", map("metrics_catalogs", "metrics1.yaml"));
            assertEquals(422, s.status());
            assertEquals(Fixtures.json("[\"body\",\"metrics_catalogs\"]"), s.json().at("/detail/0/loc"));
            assertEquals(422, post("/metrics/catalog/config", map("metrics_catalogs", null)).status());
            Answer n = post("/metrics/catalog/config", map("metrics_catalogs", List.of("metrics1.yaml", 3)));
            assertEquals(Fixtures.json("[\"body\",\"metrics_catalogs\",1]"), n.json().at("/detail/0/loc"));
            assertEquals(422, post("/metrics/catalog/config", "[\"metrics1.yaml\"]").status(), "not an object");
        }

        @Test
        void aConfigFileThatIsNotAMappingIs500WithTheReason() throws Exception {
            writeFile(dir.resolve("plugins/slurm/config.yml"), "- just\n- a list\n");
            assertDetail(post("/metrics/catalog/config", map("metrics_catalogs", List.of("metrics1.yaml"))), 500,
                    "not a mapping");
        }
    }

    // ============================================================================ §4.9 metrics/data

    @Nested
    class MetricData {

        @BeforeEach
        void files() throws Exception {
            writeFile(dir.resolve("plugins/slurm/metrics/metrics1.yaml"), "metrics:\n"
                    + "  - {id: slurm_nodes, name: Slurm Node Count, metric: slurm_nodes_total, display: {unit: count}}\n"
                    + "  - {id: bare}\n"
                    + "  - {id: nulls, name: null, scope: null, display: null, metric: ''}\n"
                    + "  - {id: unit_null, display: {unit: null}, scope: node}\n"
                    + "  - not a mapping\n"
                    + "  - {id: slurm_nodes, name: Duplicate}\n");
            plugin = plugin(map("metrics_catalog_dir", "plugins/slurm/metrics", "metrics_catalogs",
                    List.of("metrics1.yaml")));
        }

        @Test
        void dataOfACatalogMetric() throws Exception { // §6.34
            prometheus.answer = q -> success(Fixtures.series("n1", null, null, "42"));

            Answer a = get("/metrics/data?metric_id=slurm_nodes&scope=node");

            assertEquals(200, a.status());
            JsonNode body = a.json();
            assertEquals(List.of("metric_id", "name", "unit", "scope", "data"), fieldNames(body));
            assertEquals("slurm_nodes", body.path("metric_id").asText());
            assertEquals("Slurm Node Count", body.path("name").asText());
            assertEquals("count", body.path("unit").asText());
            assertEquals("global", body.path("scope").asText());
            assertEquals(1, body.path("data").size());
            assertEquals(Fixtures.json("{\"metric\":{\"node\":\"n1\"},\"value\":[1.7E9,\"42\"]}"), body.at("/data/0"));
            assertEquals(List.of("slurm_nodes_total"), prometheus.queries);
            assertEquals(List.of(CacheKind.HEALTH), prometheus.kinds);
        }

        @Test
        void unknownMetricIs404() throws Exception { // §6.34
            Answer a = get("/metrics/data?metric_id=nope");
            assertDetail(a, 404, "not found");
            assertEquals("Metric 'nope' not found in catalog", a.json().path("detail").asText());
        }

        @Test
        void prometheusErrorIs200WithError() throws Exception { // §6.34
            prometheus.answering(failure("bad_data"));
            Answer a = get("/metrics/data?metric_id=slurm_nodes");
            assertEquals(200, a.status());
            assertEquals(Fixtures.json("{\"metric_id\":\"slurm_nodes\",\"data\":[],\"error\":\"Prometheus query failed\"}"),
                    a.json());
        }

        @Test
        void missingMetricIdIs422() throws Exception {
            Answer a = get("/metrics/data");
            assertEquals(422, a.status());
            assertEquals(Fixtures.json("[\"query\",\"metric_id\"]"), a.json().at("/detail/0/loc"));
        }

        @Test
        void defaultsApplyOnlyToAbsentKeys() throws Exception { // §8.2
            JsonNode bare = get("/metrics/data?metric_id=bare").json();
            assertEquals("bare", bare.path("name").asText());
            assertEquals("", bare.path("unit").asText());
            assertEquals("global", bare.path("scope").asText());
            assertEquals("bare", prometheus.queries.get(0), "the id is the query when metric is absent");

            JsonNode nulls = get("/metrics/data?metric_id=nulls").json();
            assertTrue(nulls.path("name").isNull());
            assertTrue(nulls.path("scope").isNull());
            assertEquals("", nulls.path("unit").asText(), "display: null is treated as absent, not a 500");
            assertEquals("nulls", prometheus.queries.get(1));

            JsonNode unitNull = get("/metrics/data?metric_id=unit_null").json();
            assertTrue(unitNull.path("unit").isNull());
            assertEquals("node", unitNull.path("scope").asText());
        }

        @Test
        void theFirstEntryWithTheIdWins() throws Exception {
            assertEquals("Slurm Node Count", get("/metrics/data?metric_id=slurm_nodes").json().path("name").asText());
        }
    }
}
