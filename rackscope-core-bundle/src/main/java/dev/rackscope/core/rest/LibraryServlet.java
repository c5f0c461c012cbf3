package dev.rackscope.core.rest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import dev.rackscope.api.config.RackscopeConfig;
import dev.rackscope.api.http.ApiException;
import dev.rackscope.api.model.MetricDefinition;
import dev.rackscope.api.snapshot.Snapshot;
import dev.rackscope.api.snapshot.SnapshotService;
import dev.rackscope.core.snapshot.SnapshotManager;
import jakarta.servlet.Servlet;

/** The catalog, the checks library and the metrics library, and their files: reads, and the writes of {@link LibraryWrites}. */
@Component(service = {Servlet.class, LibraryServlet.class})
@HttpWhiteboardServletPattern({"/api/catalog/*", "/api/checks/*", "/api/metrics/*"})
public final class LibraryServlet extends CoreServlet {

    private static final long serialVersionUID = 1L;

    private final transient SnapshotService snapshots;
    private final transient RackscopeConfig files;

    @Activate
    public LibraryServlet(@Reference SnapshotService snapshots, @Reference RackscopeConfig files,
                          @Reference SnapshotManager manager) {
        this.snapshots = snapshots;
        this.files = files;
        LibraryWrites writes = new LibraryWrites(manager, files.configDir());
        post("/api/catalog/templates", r -> writes.createTemplate(r.jsonObject()));
        put("/api/catalog/templates", r -> writes.upsertTemplate(r.jsonObject()));
        delete("/api/catalog/templates/device/{template_id}", r -> writes.deleteDeviceTemplate(r.path("template_id")));
        post("/api/catalog/templates/validate", r -> writes.validateTemplate(r.jsonObject()));
        put("/api/checks/files/{name}", r -> writes.putChecksFile(r.path("name"), r.jsonObject()));
        put("/api/metrics/library/files/{name}", r -> writes.putMetricsFile(r.path("name"), r.jsonObject()));
        delete("/api/metrics/library/files/{name}", r -> writes.deleteMetricsFile(r.path("name")));
        get("/api/catalog", r -> snapshots.current().catalog());
        get("/api/checks", r -> Map.of("checks", snapshots.current().checks()));
        get("/api/checks/files", r -> checkFiles(snapshots.current()));
        get("/api/checks/files/{name}", r -> checkFile(snapshots.current(), r.path("name")));
        get("/api/metrics/library", r -> library(snapshots.current(), r.query("category"), r.query("tag")));
        get("/api/metrics/library/files", r -> metricFiles(snapshots.current()));
        get("/api/metrics/library/files/{name}", r -> metricFile(snapshots.current(), r.path("name")));
        get("/api/metrics/library/{metric_id}", r -> metric(snapshots.current(), r.path("metric_id")));
        get("/api/metrics/categories", r -> Map.of("categories", categories(snapshots.current())));
        get("/api/metrics/tags", r -> Map.of("tags", tags(snapshots.current())));
        get("/api/metrics/files", r -> catalogFiles(snapshots.current()));
    }

    // ------------------------------------------------------------------ checks

    private Map<String, Object> checkFiles(Snapshot s) throws IOException {
        Path path = Paths.get(requireConfig(s).paths().checks());
        List<Map<String, Object>> out = new ArrayList<>();
        if (Files.isRegularFile(path)) {
            out.add(fileEntry(path, path.getFileName().toString(), true));
        } else if (Files.isDirectory(path)) {
            for (Path p : topLevelYaml(path)) {
                out.add(fileEntry(p, p.getFileName().toString(), true));
            }
        }
        return Map.of("files", out);
    }

    private Map<String, Object> checkFile(Snapshot s, String name) throws IOException {
        Path path = Paths.get(requireConfig(s).paths().checks());
        Path file = Files.isDirectory(path) ? SafePaths.resolve(path, name) : path;
        if (!Files.isRegularFile(file)) {
            throw ApiException.notFound("Checks file not found");
        }
        return nameContent(file.getFileName().toString(), file);
    }

    // ------------------------------------------------------------------ metrics

    private static Map<String, Object> library(Snapshot s, String category, String tag) {
        List<MetricDefinition> metrics = s.metrics().stream()
                .filter(m -> category == null || category.equals(m.category()))
                .filter(m -> tag == null || (m.tags() != null && m.tags().contains(tag)))
                .toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("count", metrics.size());
        body.put("metrics", metrics);
        return body;
    }

    private static MetricDefinition metric(Snapshot s, String id) {
        return s.metrics().stream().filter(m -> m.id().equals(id)).findFirst()
                .orElseThrow(() -> ApiException.notFound("Metric '" + id + "' not found"));
    }

    private static List<String> categories(Snapshot s) {
        Set<String> set = new TreeSet<>();
        s.metrics().stream().map(MetricDefinition::category).filter(Objects::nonNull).forEach(set::add);
        return List.copyOf(set);
    }

    private static List<String> tags(Snapshot s) {
        Set<String> set = new TreeSet<>();
        s.metrics().forEach(m -> {
            if (m.tags() != null) {
                set.addAll(m.tags());
            }
        });
        return List.copyOf(set);
    }

    private Map<String, Object> metricFiles(Snapshot s) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        if (s.config() != null) {
            Path dir = Paths.get(s.config().paths().metrics());
            if (Files.isDirectory(dir)) {
                for (Path p : topLevelYaml(dir)) {
                    out.add(fileEntry(p, p.getFileName().toString(), false));
                }
            }
        }
        return Map.of("files", out);
    }

    private Map<String, Object> metricFile(Snapshot s, String name) throws IOException {
        if (s.config() == null) {
            throw new ApiException(503, "Config not loaded");
        }
        Path dir = Paths.get(s.config().paths().metrics());
        Path file = SafePaths.resolve(Files.isDirectory(dir) ? dir : dir.getParent(), name);
        if (!Files.isRegularFile(file)) {
            throw ApiException.notFound("Metric file '" + name + "' not found");
        }
        return nameContent(name, file);
    }

    /** {@code metrics_*.yaml|yml} from the metrics path, its parent and the simulator catalogs folder. */
    private Map<String, Object> catalogFiles(Snapshot s) throws IOException {
        Set<Path> dirs = new LinkedHashSet<>();
        if (s.config() != null) {
            Path metrics = Paths.get(s.config().paths().metrics());
            dirs.add(metrics);
            if (metrics.getParent() != null) {
                dirs.add(metrics.getParent());
            }
        }
        dirs.add(files.configDir().resolve("plugins/simulator/metrics"));
        Set<String> seen = new LinkedHashSet<>();
        List<Map<String, Object>> out = new ArrayList<>();
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            for (Path p : topLevelYaml(dir)) {
                String name = p.getFileName().toString();
                if (name.startsWith("metrics_") && seen.add(name)) {
                    out.add(fileEntry(p, name, false));
                }
            }
        }
        return Map.of("files", out);
    }

    // ------------------------------------------------------------------ helpers

    /** Top-level {@code *.yaml} sorted, then {@code *.yml} sorted. */
    static List<Path> topLevelYaml(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        for (String glob : new String[] {"*.yaml", "*.yml"}) {
            List<Path> part = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, glob)) {
                ds.forEach(p -> {
                    if (Files.isRegularFile(p)) {
                        part.add(p);
                    }
                });
            }
            part.sort(null);
            out.addAll(part);
        }
        return out;
    }

    private static Map<String, Object> fileEntry(Path p, String name, boolean withRelative) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("path", p.toString());
        if (withRelative) {
            m.put("relative", name);
        }
        return m;
    }

    private static Map<String, Object> nameContent(String name, Path file) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("content", Files.readString(file, StandardCharsets.UTF_8));
        return m;
    }
}
