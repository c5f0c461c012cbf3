package dev.rackscope.core.rest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

import dev.rackscope.api.http.ApiException;
import dev.rackscope.api.http.Json;
import dev.rackscope.api.http.ValidationException;
import dev.rackscope.api.model.AppConfig;
import dev.rackscope.api.model.Catalog;
import dev.rackscope.api.snapshot.Snapshot;
import dev.rackscope.core.config.Yaml11;
import dev.rackscope.core.load.CatalogLoader;
import dev.rackscope.core.load.ChecksLoader;
import dev.rackscope.core.load.LoadException;
import dev.rackscope.core.load.Problems;
import dev.rackscope.core.snapshot.SnapshotManager;

/**
 * The catalog, checks-file and metrics-file writes (core.md §3.3–§3.5, ui-surface.md §4–§5), with the
 * fixes of ui-surface.md §10: a template is found by id across every catalog file (in the loader's sorted
 * order) and edited or removed in place, also inside multi-template files (F3); every write is one
 * {@link SnapshotManager#commit} transaction (F4, F5); unknown template keys and the raw text of files are
 * kept (F6); ids and types are checked before they become paths, and file names are matched literally
 * and must stay inside their folder (S13).
 */
final class LibraryWrites {

    /** What a template id or device type must look like before it names a file or folder (S13). */
    static final Pattern SAFE_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,127}");
    private static final String SAFE_ID_TEXT = "^[a-z0-9][a-z0-9._-]{0,127}$";
    private static final String PYDANTIC_URL = "https://errors.pydantic.dev/2.10/v/";

    /** One of the three template kinds: its YAML key, folder, model and the messages naming it. */
    enum Kind {
        DEVICE("device", "templates", "devices", "Device template already exists: ",
                (m, p) -> CatalogLoader.deviceTemplate(m, p)),
        RACK("rack", "rack_templates", "racks", "Rack template already exists: ",
                (m, p) -> CatalogLoader.rackTemplate(m, p)),
        RACK_COMPONENT("rack_component", "rack_component_templates", "rack_components",
                "Component template already exists: ", (m, p) -> CatalogLoader.rackComponentTemplate(m, p));

        final String wire;
        final String key;
        final String folder;
        final String exists;
        final BiFunction<Map<?, ?>, Problems, Object> parser;

        Kind(String wire, String key, String folder, String exists, BiFunction<Map<?, ?>, Problems, Object> parser) {
            this.wire = wire;
            this.key = key;
            this.folder = folder;
            this.exists = exists;
            this.parser = parser;
        }
    }

    /** A validated request body: the kind, the model, the template as sent and its full dump to write. */
    private record Template(Kind kind, Object model, String id, Map<String, Object> input) {
    }

    /** Where an id was found: the file, its parsed document, and the entry's index in the kind's list. */
    private record Found(Path file, Map<String, Object> document, int index) {
    }

    private final SnapshotManager manager;
    private final Path configDir;

    /** @param configDir the folder of app.yaml: a relative library path that does not exist yet is created there */
    LibraryWrites(SnapshotManager manager, Path configDir) {
        this.manager = manager;
        this.configDir = configDir.toAbsolutePath().normalize();
    }

    // ------------------------------------------------------------------ catalog

    /** {@code POST /api/catalog/templates}: creates a template; an existing id or target file is a 400. */
    Object createTemplate(JsonNode body) throws IOException {
        Template t = template(body, true);
        return commit("create " + t.kind().wire + " template " + t.id(), (current, change) -> {
            Path root = templatesRoot(current);
            if (exists(current.catalog(), t) || find(root, t.kind(), t.id()) != null) {
                throw ApiException.badRequest(t.kind().exists + t.id());
            }
            Path target = target(root, t);
            if (Files.exists(target)) {
                throw ApiException.badRequest("Template file already exists: " + relative(root, target));
            }
            change.mkdirs(target.getParent());
            change.writeYaml(target, Map.of(t.kind().key, List.of(dump(t, null))));
            return modelJson(t);
        });
    }

    /**
     * {@code PUT /api/catalog/templates}: replaces the first entry with that id in whichever catalog file holds
     * it (keys the model does not know kept), or writes the template's own file when there is none.
     */
    Object upsertTemplate(JsonNode body) throws IOException {
        Template t = template(body, false);
        return commit("update " + t.kind().wire + " template " + t.id(), (current, change) -> {
            Path root = templatesRoot(current);
            Found found = find(root, t.kind(), t.id());
            if (found != null) {
                List<Object> items = entries(found.document(), t.kind());
                Object old = items.get(found.index());
                items.set(found.index(), dump(t, old instanceof Map<?, ?> m ? m : null));
                change.writeYaml(found.file(), found.document());
            } else {
                requireSafe(t);
                Path target = target(root, t);
                change.mkdirs(target.getParent());
                change.writeYaml(target, Map.of(t.kind().key, List.of(dump(t, null))));
            }
            return modelJson(t);
        });
    }

    /**
     * {@code DELETE /api/catalog/templates/device/{template_id}}: removes the first device template with that id
     * (compared literally, never a pattern); its file goes only when nothing else is left in it.
     */
    Object deleteDeviceTemplate(String id) throws IOException {
        return commit("delete device template " + id, (current, change) -> {
            Path root = templatesRoot(current);
            Found found = id == null ? null : find(root, Kind.DEVICE, id);
            if (found == null) {
                throw ApiException.notFound("Device template '" + id + "' not found");
            }
            List<Object> items = entries(found.document(), Kind.DEVICE);
            items.remove(found.index());
            if (items.isEmpty()) {
                found.document().remove(Kind.DEVICE.key);
            }
            if (found.document().isEmpty()) {
                change.delete(found.file());
            } else {
                change.writeYaml(found.file(), found.document());
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("status", "ok");
            answer.put("deleted", id);
            return answer;
        });
    }

    /** {@code POST /api/catalog/templates/validate}: no write; each kind against its own model. */
    Object validateTemplate(JsonNode body) {
        JsonNode kindNode = body.get("kind");
        Kind kind = kind(kindNode);
        Map<String, Object> input = templateMap(body);
        Problems problems = new Problems();
        if (kind.parser.apply(input, problems) == null) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("message", "Template validation failed");
            detail.put("errors", withUrls(problems.detail()));
            throw new ApiException(400, detail);
        }
        return Map.of("status", "ok");
    }

    // ------------------------------------------------------------------ checks files

    /**
     * {@code PUT /api/checks/files/{name}}: the content must parse and every check in it validate (400
     * {@code {message, errors}} otherwise); the text is then written as sent (comments, UTF-8 kept). When
     * {@code paths.checks} is not an existing folder, that path itself is written and {@code name} ignored.
     */
    Object putChecksFile(String name, JsonNode body) throws IOException {
        return commit("write checks file " + name, (current, change) -> {
            Path path = Paths.get(CoreServlet.requireConfig(current).paths().checks());
            if (!path.isAbsolute()) {
                path = configDir.resolve(path).normalize(); // missing: never created relative to the working folder
            }
            Path file = Files.isDirectory(path) ? SafePaths.resolveYaml(path, name) : path;
            JsonNode content = body.get("content");
            if (content == null || !content.isTextual() || content.asText().isBlank()) {
                throw ApiException.badRequest("Content is required");
            }
            Object document = parseYaml(content.asText(), file.getFileName().toString());
            List<Map<String, Object>> errors = ChecksLoader.validate(document);
            if (!errors.isEmpty()) {
                Map<String, Object> detail = new LinkedHashMap<>();
                detail.put("message", "Validation failed");
                detail.put("errors", errors);
                throw new ApiException(400, detail);
            }
            if (file.getParent() != null && !Files.isDirectory(file.getParent())) {
                change.mkdirs(file.getParent());
            }
            change.write(file, content.asText());
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("status", "ok");
            answer.put("name", file.getFileName().toString());
            return answer;
        });
    }

    // ------------------------------------------------------------------ metrics files

    /** {@code PUT /api/metrics/library/files/{name}}: the YAML syntax is checked first, then the name. */
    Object putMetricsFile(String name, JsonNode body) throws IOException {
        JsonNode content = body.get("content");
        if (content == null) {
            throw ValidationException.of("missing", List.of("body", "content"), "Field required", Json.mapper()
                    .convertValue(body, Map.class));
        }
        if (!content.isTextual()) {
            throw ValidationException.of("string_type", List.of("body", "content"), "Input should be a valid string",
                    content);
        }
        String text = content.asText();
        parseYaml(text, name == null ? "content" : name);
        return commit("write metrics file " + name, (current, change) -> {
            Path file = metricsFile(current, name, true);
            if (!Files.isDirectory(file.getParent())) {
                change.mkdirs(file.getParent());
            }
            change.write(file, text);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("status", "ok");
            answer.put("name", name);
            return answer;
        });
    }

    /** {@code DELETE /api/metrics/library/files/{name}}: 404 when there is no such file. */
    Object deleteMetricsFile(String name) throws IOException {
        return commit("delete metrics file " + name, (current, change) -> {
            Path file = metricsFile(current, name, false);
            if (!Files.isRegularFile(file)) {
                throw ApiException.notFound("Metric file '" + name + "' not found");
            }
            change.delete(file);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("status", "deleted");
            answer.put("name", name);
            return answer;
        });
    }

    private Path metricsFile(Snapshot current, String name, boolean written) {
        if (current.config() == null) {
            throw new ApiException(503, "Config not loaded");
        }
        Path dir = Paths.get(current.config().paths().metrics());
        if (!dir.isAbsolute()) {
            dir = configDir.resolve(dir).normalize();
        }
        Path base = Files.isDirectory(dir) ? dir : dir.toAbsolutePath().getParent();
        return written ? SafePaths.resolveYaml(base, name) : SafePaths.resolve(base, name);
    }

    // ------------------------------------------------------------------ helpers

    private <T> T commit(String why, SnapshotManager.ChangePlan<T> plan) throws IOException {
        try {
            return manager.commit(why, plan);
        } catch (LoadException e) {
            throw CoreServlet.refused(e);
        }
    }

    private Path templatesRoot(Snapshot current) {
        AppConfig config = CoreServlet.requireConfig(current);
        return configDir.resolve(config.paths().templates()).normalize();
    }

    /** The body {@code {kind, template}} validated: a bad kind or template is a 422 in the original's shape. */
    private static Template template(JsonNode body, boolean create) {
        Kind kind = kind(body.get("kind"));
        Map<String, Object> input = templateMap(body);
        Problems problems = new Problems();
        Object model = kind.parser.apply(input, problems);
        if (model == null) {
            throw new ValidationException(withUrls(problems.detail()));
        }
        Map<String, Object> json = Json.mapper().convertValue(model, new TypeReference<LinkedHashMap<String, Object>>() {
        });
        Template t = new Template(kind, model, String.valueOf(json.get("id")), input);
        if (create) {
            requireSafe(t);
        }
        return t;
    }

    /** S13: the id (and a device's type) must be safe before they name a file. */
    private static void requireSafe(Template t) {
        checkSafe(t.id(), "id");
        if (t.kind() == Kind.DEVICE) {
            checkSafe(String.valueOf(modelJson(t).get("type")), "type");
        }
    }

    private static void checkSafe(String value, String field) {
        if (!SAFE_ID.matcher(value).matches()) {
            List<Map<String, Object>> errors = new ArrayList<>();
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("type", "string_pattern_mismatch");
            e.put("loc", List.of("body", "template", field));
            e.put("msg", "String should match pattern '" + SAFE_ID_TEXT + "'");
            e.put("input", value);
            e.put("ctx", Map.of("pattern", SAFE_ID_TEXT));
            e.put("url", PYDANTIC_URL + "string_pattern_mismatch");
            errors.add(e);
            throw new ValidationException(errors);
        }
    }

    private static Kind kind(JsonNode node) {
        if (node == null) {
            throw ValidationException.of("missing", List.of("body", "kind"), "Field required", null);
        }
        if (node.isTextual()) {
            for (Kind k : Kind.values()) {
                if (k.wire.equals(node.asText())) {
                    return k;
                }
            }
        }
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("type", "literal_error");
        e.put("loc", List.of("body", "kind"));
        e.put("msg", "Input should be 'device', 'rack' or 'rack_component'");
        e.put("input", node);
        e.put("ctx", Map.of("expected", "'device', 'rack' or 'rack_component'"));
        throw new ValidationException(List.of(e));
    }

    private static Map<String, Object> templateMap(JsonNode body) {
        JsonNode node = body.get("template");
        if (node == null) {
            throw ValidationException.of("missing", List.of("body", "template"), "Field required", null);
        }
        if (!node.isObject()) {
            throw ValidationException.of("dict_type", List.of("body", "template"), "Input should be a valid dictionary",
                    node);
        }
        return Json.mapper().convertValue(node, new TypeReference<LinkedHashMap<String, Object>>() {
        });
    }

    private static List<Map<String, Object>> withUrls(List<Map<String, Object>> errors) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> e : errors) {
            Map<String, Object> copy = new LinkedHashMap<>(e);
            copy.put("url", PYDANTIC_URL + e.get("type"));
            out.add(copy);
        }
        return out;
    }

    private static Map<String, Object> modelJson(Template t) {
        return Json.mapper().convertValue(t.model(), new TypeReference<LinkedHashMap<String, Object>>() {
        });
    }

    /**
     * The entry to write: the full model dump (nulls included), then the keys the model does not know, from the
     * request and, for an edit, from the entry it replaces (F6).
     */
    private static Map<String, Object> dump(Template t, Map<?, ?> old) {
        Map<String, Object> out = modelJson(t);
        for (Map.Entry<String, Object> e : t.input().entrySet()) {
            out.putIfAbsent(e.getKey(), e.getValue());
        }
        if (old != null) {
            for (Map.Entry<?, ?> e : old.entrySet()) {
                out.putIfAbsent(String.valueOf(e.getKey()), e.getValue());
            }
        }
        return out;
    }

    private static boolean exists(Catalog catalog, Template t) {
        if (catalog == null) {
            return false;
        }
        return switch (t.kind()) {
            case DEVICE -> catalog.deviceTemplates().stream().anyMatch(d -> t.id().equals(d.id()));
            case RACK -> catalog.rackTemplates().stream().anyMatch(r -> t.id().equals(r.id()));
            case RACK_COMPONENT -> catalog.rackComponentTemplates() != null
                    && catalog.rackComponentTemplates().stream().anyMatch(c -> t.id().equals(c.id()));
        };
    }

    /** The file a new template is written to: {@code devices/<type>/<id>.yaml}, {@code racks/<id>.yaml}, ... */
    private static Path target(Path root, Template t) {
        Path folder = root.resolve(t.kind().folder);
        if (t.kind() == Kind.DEVICE) {
            folder = folder.resolve(String.valueOf(modelJson(t).get("type")));
        }
        Path target = folder.resolve(t.id() + ".yaml").normalize();
        if (!target.startsWith(root)) {
            throw new ApiException(403, "Access denied");
        }
        return target;
    }

    private static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }

    /** The first entry with {@code id} in the kind's list, across the catalog files in the loader's order. */
    private static Found find(Path root, Kind kind, String id) {
        for (Path file : CatalogLoader.files(root)) {
            Object parsed;
            try {
                parsed = Yaml11.parse(Files.readString(file, StandardCharsets.UTF_8), file.getFileName().toString());
            } catch (IOException | RuntimeException e) {
                continue; // a file the loader skips holds no template either
            }
            if (!(parsed instanceof Map<?, ?> doc) || !(doc.get(kind.key) instanceof List<?> items)) {
                continue;
            }
            for (int i = 0; i < items.size(); i++) {
                if (items.get(i) instanceof Map<?, ?> m && id.equals(String.valueOf(m.get("id")))) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> document = new LinkedHashMap<>((Map<String, Object>) doc);
                    document.put(kind.key, new ArrayList<>(items));
                    return new Found(file, document, i);
                }
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> entries(Map<String, Object> document, Kind kind) {
        return (List<Object>) document.get(kind.key);
    }

    private static Object parseYaml(String text, String source) {
        try {
            return Yaml11.parse(text, source);
        } catch (Yaml11.YamlFileException | RuntimeException e) {
            throw ApiException.badRequest("Invalid YAML: " + e.getMessage());
        }
    }
}
