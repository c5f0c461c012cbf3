package dev.rackscope.slurm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import dev.rackscope.api.config.ConfigWriter;
import dev.rackscope.api.config.RackscopeConfig;
import dev.rackscope.api.http.ApiException;
import dev.rackscope.api.http.ValidationException;
import dev.rackscope.api.model.Room;
import dev.rackscope.api.snapshot.Snapshot;
import dev.rackscope.api.snapshot.SnapshotService;
import dev.rackscope.api.snapshot.TopologyIndex.InstanceRef;
import dev.rackscope.api.telemetry.PrometheusClient;
import dev.rackscope.api.telemetry.PrometheusClient.CacheKind;
import dev.rackscope.api.telemetry.QueryResult;

/**
 * The bodies of the nine {@code /api/slurm} endpoints (slurm.md §4), independent of HTTP.
 *
 * <p>The live settings (config, status classifier, metrics catalog) are one immutable {@link Live} value
 * behind one reference: {@link #configure} (activation and every {@code @Modified}) swaps in a new one,
 * reloading the catalog (the original forgot it on reload, §7.15).
 *
 * <p>A Prometheus failure is reported, not hidden as "no data" (§7.11): the state endpoints keep their
 * shape and status 200 and add {@code "error": "Prometheus query failed: <reason>"}.
 */
public final class SlurmViews {

    private static final Logger LOG = LoggerFactory.getLogger(SlurmViews.class);

    /** Header of the plugin file when this plugin rewrites it (as the Settings UI does). */
    static final String CONFIG_HEADER = "Slurm Plugin Configuration — managed by Settings UI";

    /** The settings in force: replaced as a whole, never changed in place. */
    public record Live(SlurmConfig config, SlurmStatus status, SlurmCatalog catalog) {
    }

    /** The observations of one Prometheus answer, kept while the same answer object comes back from cache. */
    private record Observed(QueryResult result, NodeMapping mapping, SlurmConfig config, SlurmStatus status,
                            List<SlurmNodes.Observation> observations, Map<String, SlurmNodes.NodeState> allStates) {
    }

    /** The observations of a request, or the reason the query failed. */
    private record Fetch(List<SlurmNodes.Observation> observations, String error, Observed memo) {

        Map<String, SlurmNodes.NodeState> states(Set<String> allowed) {
            if (allowed == null && memo != null) {
                return memo.allStates();
            }
            return SlurmNodes.states(observations, allowed);
        }
    }

    private final PrometheusClient prometheus;
    private final SnapshotService snapshots;
    private final RackscopeConfig rackscope;
    private final ConfigWriter writer;
    private final MappingFile mappingFile;
    private final AtomicReference<Live> live = new AtomicReference<>();
    private final AtomicReference<Observed> lastObserved = new AtomicReference<>();
    private final Object catalogConfigLock = new Object();

    public SlurmViews(PrometheusClient prometheus, SnapshotService snapshots, RackscopeConfig rackscope,
                      ConfigWriter writer, SlurmConfig config) {
        this.prometheus = prometheus;
        this.snapshots = snapshots;
        this.rackscope = rackscope;
        this.writer = writer;
        this.mappingFile = new MappingFile(rackscope, writer);
        configure(config);
    }

    /** Applies new settings: a new classifier and a freshly loaded metrics catalog, swapped in at once. */
    public void configure(SlurmConfig config) {
        SlurmCatalog catalog = SlurmCatalog.load(rackscope, config);
        live.set(new Live(config, new SlurmStatus(config.statusMap()), catalog));
        LOG.info("Slurm settings applied: query '{}'; node mapping {}; metrics catalog {} in {} ({} metrics)",
                config.promql(), config.mappingPath() == null ? "disabled"
                        : SlurmPaths.resolve(rackscope, config.mappingPath()),
                config.metricsCatalogs(), SlurmPaths.resolve(rackscope, config.metricsCatalogDir()),
                catalog.metrics().size());
    }

    /** The settings in force. */
    public Live live() {
        return live.get();
    }

    // ---------------------------------------------------------------------------------- state endpoints

    /** §4.1 {@code GET /rooms/{room_id}/nodes}. */
    public Map<String, Object> roomNodes(String roomId) {
        Snapshot snapshot = guard();
        Room room = SlurmTopology.room(snapshot, roomId);
        if (room == null) {
            throw ApiException.notFound("Room not found");
        }
        Set<String> members = SlurmTopology.roomNodes(snapshot.index(), room);
        Fetch f = fetch(live.get());
        Map<String, Object> nodes = new LinkedHashMap<>();
        SlurmNodes.roomStates(f.observations(), members).forEach((node, st) -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("status", st.status());
            e.put("severity", st.severity());
            e.put("statuses", st.statuses());
            e.put("partitions", st.partitions());
            e.put("flags", st.flags());
            nodes.put(node, e);
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("room_id", roomId);
        body.put("nodes", nodes);
        return withError(body, f);
    }

    /** §4.2 {@code GET /summary[?room_id]}. */
    public Map<String, Object> summary(String roomId) {
        Snapshot snapshot = guard();
        Set<String> allowed = allowed(snapshot, roomId);
        Fetch f = fetch(live.get());
        Map<String, SlurmNodes.NodeState> states = f.states(allowed);
        Map<String, Integer> byStatus = new LinkedHashMap<>();
        Map<String, Integer> bySeverity = new LinkedHashMap<>();
        for (String s : List.of(SlurmStatus.OK, SlurmStatus.WARN, SlurmStatus.CRIT, SlurmStatus.UNKNOWN)) {
            bySeverity.put(s, 0);
        }
        for (SlurmNodes.NodeState st : states.values()) {
            String s = st.reportedStatus();
            String v = st.reportedSeverity();
            byStatus.merge(s == null || s.isEmpty() ? "unknown" : s, 1, Integer::sum);
            bySeverity.merge(v == null || v.isEmpty() ? SlurmStatus.UNKNOWN : v, 1, Integer::sum);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("room_id", roomId);
        body.put("total_nodes", states.size());
        body.put("by_status", byStatus);
        body.put("by_severity", bySeverity);
        return withError(body, f);
    }

    /** §4.3 {@code GET /partitions[?room_id]}. */
    public Map<String, Object> partitions(String roomId) {
        Snapshot snapshot = guard();
        Set<String> allowed = allowed(snapshot, roomId);
        Fetch f = fetch(live.get());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("room_id", roomId);
        body.put("partitions", SlurmNodes.partitions(f.observations(), allowed));
        return withError(body, f);
    }

    /** §4.4 {@code GET /nodes[?room_id]}: node entries in first-seen order, with their place when known. */
    public Map<String, Object> nodes(String roomId) {
        Snapshot snapshot = guard();
        Set<String> allowed = allowed(snapshot, roomId);
        Fetch f = fetch(live.get());
        Map<String, SlurmNodes.NodeState> states = f.states(allowed);
        Map<String, InstanceRef> instances = snapshot.index().instances();
        List<Map<String, Object>> nodes = new ArrayList<>(states.size());
        states.forEach((node, st) -> {
            Map<String, Object> e = new LinkedHashMap<>(24);
            e.put("node", node);
            e.put("status", st.reportedStatus());
            e.put("severity", st.reportedSeverity());
            e.put("statuses", st.statuses());
            e.put("partitions", st.partitions());
            InstanceRef ref = instances.get(node);
            if (ref != null) {
                SlurmTopology.putContext(e, ref);
            }
            e.put("flags", st.flags());
            nodes.add(e);
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("room_id", roomId);
        body.put("nodes", nodes);
        return withError(body, f);
    }

    /** The common guard of §4.1–4.4: 503 until app.yaml and the topology are loaded. */
    private Snapshot guard() {
        Snapshot s = snapshots.current();
        if (s == null || s.config() == null || s.topology() == null || s.index() == null) {
            throw new ApiException(503, "Topology not loaded");
        }
        return s;
    }

    /** The room filter: {@code null} (none) for an absent or empty {@code room_id}; 404 for an unknown room. */
    private static Set<String> allowed(Snapshot snapshot, String roomId) {
        if (roomId == null || roomId.isEmpty()) {
            return null;
        }
        Room room = SlurmTopology.room(snapshot, roomId);
        if (room == null) {
            throw ApiException.notFound("Room not found");
        }
        return SlurmTopology.roomNodes(snapshot.index(), room);
    }

    /**
     * One instant query ({@code … > 0}, HEALTH cache). While the client's cache hands back the same answer
     * object, with the same mapping and settings, its observations are reused.
     */
    private Fetch fetch(Live l) {
        NodeMapping mapping = mappingFile.load(l.config().mappingPath()).mapping();
        QueryResult r = prometheus.query(l.config().promql(), CacheKind.HEALTH);
        if (r == null || !r.success()) {
            String why = r == null ? "no answer" : r.error() == null ? "unknown error" : r.error();
            LOG.debug("Slurm status query failed: {}", why);
            return new Fetch(List.of(), "Prometheus query failed: " + why, null);
        }
        Observed o = lastObserved.get();
        if (o == null || o.result() != r || o.mapping() != mapping || o.config() != l.config()
                || o.status() != l.status()) {
            List<SlurmNodes.Observation> obs = SlurmNodes.observe(r, l.config(), mapping, l.status());
            o = new Observed(r, mapping, l.config(), l.status(), obs, SlurmNodes.states(obs, null));
            lastObserved.set(o);
        }
        return new Fetch(o.observations(), null, o);
    }

    private static Map<String, Object> withError(Map<String, Object> body, Fetch f) {
        if (f.error() != null) {
            body.put("error", f.error());
        }
        return body;
    }

    // ----------------------------------------------------------------------------------------- mapping

    /** §4.5 {@code GET /mapping}: entries as written; {@code errors} lists unusable entries, when any. */
    public Map<String, Object> mapping() {
        String path = live.get().config().mappingPath();
        NodeMapping m = mappingFile.load(path).mapping();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("mapping_path", path);
        body.put("entries", m.entries());
        if (!m.problems().isEmpty()) {
            body.put("errors", m.problems());
        }
        return body;
    }

    /**
     * §4.6 {@code POST /mapping}: validates every entry (422 naming each bad one), then writes the
     * {@code mappings:} list atomically. 400 when no mapping file is configured, 403 outside the
     * configuration tree, 409 when the file cannot be written there.
     */
    public Map<String, Object> saveMapping(JsonNode body) {
        List<Map<String, String>> entries = MappingRequest.entries(body);
        String path = live.get().config().mappingPath();
        if (path == null || path.isEmpty()) {
            throw ApiException.badRequest("mapping_path is not configured");
        }
        try {
            mappingFile.save(path, entries);
        } catch (IllegalArgumentException e) {
            throw new ApiException(403, "Access denied: " + e.getMessage());
        } catch (IOException e) {
            LOG.warn("Cannot write the node mapping {}: {}", path, e.toString());
            if (e instanceof java.nio.file.FileSystemException f) {
                // the OS refused the path itself (mapping_path names a folder, a file under a file, a read-only
                // place): the settings conflict with the disk, not a server fault; the answer names no server path
                throw new ApiException(409, "Cannot write the node mapping file set by mapping_path ("
                        + (f.getReason() != null ? f.getReason() : f.getClass().getSimpleName()) + ")");
            }
            throw new ApiException(500, "Cannot write the node mapping: " + e.getMessage());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ok", true);
        out.put("saved", entries.size());
        return out;
    }

    // ----------------------------------------------------------------------------------------- catalog

    /** §4.7 {@code GET /metrics/catalog}: reloads the catalog. {@code errors} lists unreadable files, when any. */
    public Map<String, Object> catalog() {
        Live l = reloadCatalog();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("metrics", l.catalog().metrics());
        body.put("loaded_files", l.config().metricsCatalogs());
        body.put("available_files", SlurmCatalog.availableFiles(rackscope, l.config()));
        if (!l.catalog().errors().isEmpty()) {
            body.put("errors", l.catalog().errors());
        }
        return body;
    }

    private Live reloadCatalog() {
        while (true) {
            Live l = live.get();
            Live next = new Live(l.config(), l.status(), SlurmCatalog.load(rackscope, l.config()));
            if (live.compareAndSet(l, next)) {
                return next;
            }
        }
    }

    /**
     * §4.8 {@code POST /metrics/catalog/config}: {@code metrics_catalogs} must be a list of plain file
     * names (400 otherwise, 403 for a name that leads out of the folder) of existing files (400). The
     * plugin file is updated atomically (created when missing, §7.16) and the catalog reloaded.
     */
    public Map<String, Object> setCatalogs(JsonNode body) {
        synchronized (catalogConfigLock) {
            Live l = live.get();
            List<String> files = body.has("metrics_catalogs") ? catalogNames(body.get("metrics_catalogs"))
                    : l.config().metricsCatalogs();
            checkCatalogFiles(l.config(), files);
            Path file = rackscope.pluginConfigFile("slurm");
            Map<String, Object> doc = readPluginFile(file);
            doc.put("metrics_catalogs", files);
            try {
                writer.writeYaml(file, doc, CONFIG_HEADER);
            } catch (IllegalArgumentException e) {
                throw new ApiException(403, "Access denied: " + e.getMessage());
            } catch (IOException e) {
                throw new ApiException(500, "Cannot write " + file + ": " + e.getMessage());
            }
            while (true) { // on top of whatever is in force now (a reload may have run meanwhile)
                Live current = live.get();
                SlurmConfig next = current.config().withMetricsCatalogs(files);
                if (live.compareAndSet(current, new Live(next, current.status(), SlurmCatalog.load(rackscope, next)))) {
                    break;
                }
            }
            LOG.info("Slurm metrics catalogs set to {} in {}", files, file);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("ok", true);
            out.put("metrics_catalogs", files);
            return out;
        }
    }

    private static List<String> catalogNames(JsonNode value) {
        if (value == null || !value.isArray()) {
            throw ValidationException.of("list_type", List.of("body", "metrics_catalogs"),
                    "Input should be a valid list", value);
        }
        List<String> names = new ArrayList<>();
        List<Map<String, Object>> errors = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (!item.isTextual()) {
                errors.add(error("string_type", List.of("body", "metrics_catalogs", i),
                        "Input should be a valid string", item));
            } else {
                names.add(item.asText());
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return names;
    }

    private void checkCatalogFiles(SlurmConfig config, List<String> files) {
        for (String name : files) {
            String why = SlurmConfig.catalogNameProblem(name);
            if (why != null) {
                throw ApiException.badRequest("Invalid filename: '" + name + "' " + why);
            }
        }
        Path dir = SlurmPaths.resolve(rackscope, config.metricsCatalogDir());
        for (String name : files) {
            Path file;
            try {
                file = dir.resolve(name);
            } catch (java.nio.file.InvalidPathException e) {
                throw ApiException.badRequest("Invalid filename: '" + name + "' (" + e.getReason() + ")");
            }
            if (!Files.isRegularFile(file)) {
                throw ApiException.badRequest("Metrics catalog file '" + name + "' not found in " + dir);
            }
            try {
                if (!file.toRealPath().startsWith(dir.toRealPath())) {
                    throw new ApiException(403, "Access denied: '" + name + "' leads outside " + dir);
                }
            } catch (IOException e) {
                throw ApiException.badRequest("Metrics catalog file '" + name + "' cannot be read: " + e.getMessage());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> readPluginFile(Path file) {
        Object doc;
        try {
            doc = rackscope.readYaml(file);
        } catch (IOException e) {
            throw new ApiException(500, "Cannot read " + file + ": " + e.getMessage());
        }
        if (doc == null) {
            return new LinkedHashMap<>();
        }
        if (!(doc instanceof Map)) {
            throw new ApiException(500, "Cannot update " + file + ": its top level is not a mapping");
        }
        return new LinkedHashMap<>((Map<String, Object>) doc);
    }

    /**
     * §4.9 {@code GET /metrics/data?metric_id=}: the first catalog entry with that id (404 when none),
     * queried as written. A failed query is 200 with {@code error}, as in the original.
     */
    public Map<String, Object> metricData(String metricId) {
        if (metricId == null) {
            throw ValidationException.of("missing", List.of("query", "metric_id"), "Field required", null);
        }
        Map<String, Object> entry = live.get().catalog().find(metricId)
                .orElseThrow(() -> ApiException.notFound("Metric '" + metricId + "' not found in catalog"));
        Object expr = entry.get("metric");
        String promql = expr instanceof String s && !s.isEmpty() ? s
                : expr == null || "".equals(expr) || Boolean.FALSE.equals(expr) ? metricId : String.valueOf(expr);
        QueryResult r = prometheus.query(promql, CacheKind.HEALTH);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("metric_id", metricId);
        if (r == null || !r.success()) {
            body.put("data", List.of());
            body.put("error", "Prometheus query failed");
            return body;
        }
        Object display = entry.get("display");
        body.put("name", entry.containsKey("name") ? entry.get("name") : metricId);
        body.put("unit", display instanceof Map<?, ?> d && d.containsKey("unit") ? d.get("unit") : "");
        body.put("scope", entry.containsKey("scope") ? entry.get("scope") : "global");
        body.put("data", data(r));
        return body;
    }

    /** {@code data.result} as Prometheus sent it. */
    private static Object data(QueryResult r) {
        if (r.raw() != null && r.raw().path("data").has("result")) {
            return r.raw().path("data").get("result");
        }
        List<Map<String, Object>> out = new ArrayList<>();
        r.result().forEach(s -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("metric", s.labels());
            if (s.values() != null) {
                item.put("values", s.values());
            } else {
                item.put("value", java.util.Arrays.asList(s.timestamp(), s.value()));
            }
            out.add(item);
        });
        return out;
    }

    static Map<String, Object> error(String type, List<Object> loc, String msg, Object input) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("type", type);
        e.put("loc", loc);
        e.put("msg", msg);
        e.put("input", input);
        return e;
    }
}
