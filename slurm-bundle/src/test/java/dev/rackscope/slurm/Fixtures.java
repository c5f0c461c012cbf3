package dev.rackscope.slurm;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.rackscope.api.config.ConfigWriter;
import dev.rackscope.api.config.RackscopeConfig;
import dev.rackscope.api.model.Aisle;
import dev.rackscope.api.model.AppConfig;
import dev.rackscope.api.model.Catalog;
import dev.rackscope.api.model.Device;
import dev.rackscope.api.model.Rack;
import dev.rackscope.api.model.Room;
import dev.rackscope.api.model.Site;
import dev.rackscope.api.model.Topology;
import dev.rackscope.api.snapshot.LoadError;
import dev.rackscope.api.snapshot.Snapshot;
import dev.rackscope.api.snapshot.SnapshotService;
import dev.rackscope.api.snapshot.TopologyIndex;
import dev.rackscope.api.telemetry.PrometheusClient;
import dev.rackscope.api.telemetry.QueryResult;
import dev.rackscope.api.telemetry.Series;

/** Hand-written fakes of the core's services and small builders shared by the tests. */
final class Fixtures {

    private Fixtures() {
    }

    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    // ------------------------------------------------------------------------------------- Prometheus

    static Series series(String node, String status, String partition, String value) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (node != null) {
            labels.put("node", node);
        }
        if (status != null) {
            labels.put("status", status);
        }
        if (partition != null) {
            labels.put("partition", partition);
        }
        return new Series(labels, 1.7e9, value, null);
    }

    static Series series(String node, String status, String partition) {
        return series(node, status, partition, "1");
    }

    /** A successful vector answer, with the envelope Prometheus would have sent. */
    static QueryResult success(List<Series> result) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode raw = f.objectNode().put("status", "success");
        ObjectNode data = raw.putObject("data").put("resultType", "vector");
        ArrayNode items = data.putArray("result");
        for (Series s : result) {
            ObjectNode item = items.addObject();
            ObjectNode metric = item.putObject("metric");
            s.labels().forEach(metric::put);
            item.putArray("value").add(s.timestamp()).add(s.value());
        }
        return new QueryResult(true, "vector", result, null, raw);
    }

    static QueryResult success(Series... result) {
        return success(List.of(result));
    }

    static QueryResult failure(String why) {
        ObjectNode raw = JsonNodeFactory.instance.objectNode().put("status", "error").put("error", why);
        return new QueryResult(false, null, List.of(), why, raw);
    }

    /** Answers every query with {@link #answer}; records what was asked. */
    static final class FakePrometheus implements PrometheusClient {
        volatile Function<String, QueryResult> answer = q -> success(List.of());
        final List<String> queries = new CopyOnWriteArrayList<>();
        final List<CacheKind> kinds = new CopyOnWriteArrayList<>();

        FakePrometheus answering(QueryResult r) {
            answer = q -> r;
            return this;
        }

        @Override
        public QueryResult query(String promql, CacheKind cache) {
            queries.add(promql);
            kinds.add(cache);
            return answer.apply(promql);
        }

        @Override
        public QueryResult queryRange(String promql, double start, double end, String step) {
            return failure("not in tests");
        }

        @Override
        public String baseUrl() {
            return "http://prometheus.test:9090";
        }

        @Override
        public boolean reachable() {
            return true;
        }

        @Override
        public Map<String, Object> latencyStats() {
            return Map.of();
        }
    }

    // ---------------------------------------------------------------------------------------- topology

    static final AppConfig APP_CONFIG = new AppConfig(null, null, null, null, null, null, null, null, null, null,
            Map.of(), null, null);

    static Device device(String id, String name, Object instance) {
        return new Device(id, name, "tpl", 1, instance, null, Map.of());
    }

    static Rack rack(String id, String name, Device... devices) {
        return new Rack(id, name, null, 42, null, List.of(devices));
    }

    static Room room(String id, String name, List<Aisle> aisles, List<Rack> standalone) {
        return new Room(id, name, null, null, aisles, standalone);
    }

    static Site site(String id, String name, Room... rooms) {
        return new Site(id, name, null, null, List.of(rooms));
    }

    /**
     * The spec's endpoint fixture (§6): site1 "Datacenter 1" / room1 "Server Room 1" / aisle-a / rack01
     * "Rack 01" / dev1 "Compute Node" with instance {@code node[01-02]}.
     */
    static Topology specTopology() {
        Rack rack01 = rack("rack01", "Rack 01", device("dev1", "Compute Node", "node[01-02]"));
        Room room1 = room("room1", "Server Room 1", List.of(new Aisle("aisle-a", "Aisle A", List.of(rack01))),
                List.of());
        return new Topology(List.of(site("site1", "Datacenter 1", room1)));
    }

    static Snapshot snapshot(Topology topology) {
        return new Snapshot(1, Instant.EPOCH, APP_CONFIG, Path.of("app.yaml"), topology, Catalog.EMPTY, List.of(),
                List.of(), index(topology), List.of());
    }

    /** No app.yaml loaded yet. */
    static Snapshot notLoaded() {
        return Snapshot.empty(Path.of("app.yaml"));
    }

    static final class FakeSnapshots implements SnapshotService {
        volatile Snapshot current;

        FakeSnapshots(Snapshot s) {
            current = s;
        }

        @Override
        public Snapshot current() {
            return current;
        }

        @Override
        public Optional<LoadError> lastError() {
            return Optional.empty();
        }
    }

    /**
     * The index the core builds (walk order site, room, aisle racks, standalone racks; the last occurrence
     * wins), with a test-only expansion of {@code prefix[A-B]suffix}, lists and slot maps.
     */
    static TopologyIndex index(Topology topology) {
        Map<String, Site> sites = new LinkedHashMap<>();
        Map<String, TopologyIndex.RoomRef> rooms = new LinkedHashMap<>();
        Map<String, TopologyIndex.AisleRef> aisles = new LinkedHashMap<>();
        Map<String, TopologyIndex.RackRef> racks = new LinkedHashMap<>();
        Map<String, TopologyIndex.DeviceRef> devices = new LinkedHashMap<>();
        Map<String, TopologyIndex.InstanceRef> instances = new LinkedHashMap<>();
        for (Site site : topology.sites()) {
            sites.put(site.id(), site);
            for (Room room : site.rooms()) {
                rooms.put(room.id(), new TopologyIndex.RoomRef(room, site));
                List<Object[]> all = new ArrayList<>();
                for (Aisle aisle : room.aisles()) {
                    aisles.put(aisle.id(), new TopologyIndex.AisleRef(aisle, room, site));
                    aisle.racks().forEach(r -> all.add(new Object[] {r, aisle.id()}));
                }
                room.standaloneRacks().forEach(r -> all.add(new Object[] {r, null}));
                for (Object[] ra : all) {
                    Rack rack = (Rack) ra[0];
                    racks.put(rack.id(), new TopologyIndex.RackRef(rack, site, room, (String) ra[1], ra[1] == null));
                    for (Device d : rack.devices()) {
                        List<String> names = expand(d.instance());
                        devices.put(d.id(), new TopologyIndex.DeviceRef(d, rack, names));
                        for (String n : names) {
                            instances.put(n, new TopologyIndex.InstanceRef(n, d, rack, room, site));
                        }
                    }
                }
            }
        }
        return new TopologyIndex(sites, rooms, aisles, racks, devices, instances);
    }

    static List<String> expand(Object instance) {
        if (instance instanceof List<?> l) {
            return l.stream().map(String::valueOf).toList();
        }
        if (instance instanceof Map<?, ?> m) {
            return m.values().stream().map(String::valueOf).toList();
        }
        if (!(instance instanceof String s) || s.isEmpty()) {
            return List.of();
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(.*?)\\[(\\d+)-(\\d+)\\](.*)$").matcher(s);
        if (!m.matches()) {
            return List.of(s);
        }
        List<String> out = new ArrayList<>();
        int width = m.group(2).length();
        for (long i = Long.parseLong(m.group(2)); i <= Long.parseLong(m.group(3)); i++) {
            out.add(m.group(1) + String.format("%0" + width + "d", i) + m.group(4));
        }
        return out;
    }

    // ---------------------------------------------------------------------------------- configuration

    /** The core's config service over a temporary app.yaml folder; relative paths resolve below it. */
    static class FakeRackscopeConfig implements RackscopeConfig {
        final Path dir;
        volatile int yamlReads;

        FakeRackscopeConfig(Path dir) {
            this.dir = dir;
        }

        @Override
        public Path appConfigFile() {
            return dir.resolve("app.yaml");
        }

        @Override
        public Path configDir() {
            return dir;
        }

        @Override
        public Optional<Map<String, Object>> appYaml() {
            return Optional.empty();
        }

        @Override
        public Map<String, Object> pluginSettings(String pluginId) {
            return Map.of();
        }

        @Override
        public Path pluginConfigFile(String pluginId) {
            return dir.resolve("plugins").resolve(pluginId).resolve("config.yml");
        }

        @Override
        public Path resolve(String path) {
            Path p = Path.of(path);
            return p.isAbsolute() ? p : dir.resolve(p).normalize();
        }

        @Override
        public Object readYaml(Path file) throws IOException {
            yamlReads++;
            if (!Files.exists(file)) {
                return null;
            }
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                return new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
            } catch (YAMLException e) {
                throw new IOException(file + ": " + e.getMessage(), e);
            }
        }
    }

    /** Atomic writes (temp file + rename) restricted to one folder, as the core's writer does. */
    static final class FakeConfigWriter implements ConfigWriter {
        final Path root;
        final List<Path> written = new CopyOnWriteArrayList<>();
        volatile IOException failWith;

        FakeConfigWriter(Path root) {
            this.root = root.toAbsolutePath().normalize();
        }

        @Override
        public void write(Path file, String content) throws IOException {
            Path target = file.toAbsolutePath().normalize();
            if (!isInConfigTree(target)) {
                throw new IllegalArgumentException("Refusing to write outside the configuration tree: " + target);
            }
            if (failWith != null) {
                throw failWith;
            }
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            Files.writeString(tmp, content);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            written.add(target);
        }

        @Override
        public boolean isInConfigTree(Path file) {
            return file.toAbsolutePath().normalize().startsWith(root);
        }

        @Override
        public void writeYaml(Path file, Object document, String header) throws IOException {
            DumperOptions o = new DumperOptions();
            o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
            o.setAllowUnicode(true);
            write(file, (header == null ? "" : "# " + header + "\n\n") + new Yaml(o).dump(document));
        }
    }

    /** Parses YAML text (for assertions on written files). */
    static Object yaml(Path file) throws IOException {
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
    }

    static void writeFile(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    static JsonNode json(String text) {
        try {
            return dev.rackscope.api.http.Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
