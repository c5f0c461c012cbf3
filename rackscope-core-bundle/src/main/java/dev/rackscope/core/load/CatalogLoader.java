package dev.rackscope.core.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import dev.rackscope.api.model.Catalog;
import dev.rackscope.api.model.DeviceTemplate;
import dev.rackscope.api.model.DeviceTemplate.Layout;
import dev.rackscope.api.model.DeviceTemplate.RearComponent;
import dev.rackscope.api.model.RackComponentTemplate;
import dev.rackscope.api.model.RackTemplate;
import dev.rackscope.api.model.RackTemplate.Infrastructure;
import dev.rackscope.api.model.RackTemplate.InfrastructureComponent;
import dev.rackscope.api.model.RackTemplate.RackComponentRef;

/**
 * Loads the template catalog ({@code paths.templates}, core.md §2.5).
 *
 * <p>Every {@code *.yaml} file under the root, at any depth, is read ({@code .yml} is not); the folder
 * a file sits in does not matter. A file may hold {@code templates:} (device templates),
 * {@code rack_templates:} and {@code rack_component_templates:}, read in that order. Files are read in
 * sorted path order (name by name), where the original used the file system's order, so that the
 * catalog, and which of two duplicate ids a lookup finds, is the same on every machine.
 *
 * <p>Errors are per file and never fail the catalog: a file that does not parse, a key that is not a
 * list, or the first template that fails validation adds a warning and drops the rest of that file,
 * while the templates read from it before stay. Empty files are skipped. Duplicate ids are all kept.
 */
public final class CatalogLoader {

    private static final String TEMPLATES = "templates";
    private static final String RACK_TEMPLATES = "rack_templates";
    private static final String RACK_COMPONENT_TEMPLATES = "rack_component_templates";

    private CatalogLoader() {
    }

    /** The catalog under {@code root}; a missing root gives an empty catalog. Never throws for bad content. */
    public static Loaded<Catalog> load(Path root) {
        List<String> warnings = new ArrayList<>();
        if (!Files.exists(root)) {
            return new Loaded<>(Catalog.EMPTY, warnings);
        }
        if (!Files.isDirectory(root)) {
            warnings.add("Templates path is not a directory, catalog left empty: " + root);
            return new Loaded<>(Catalog.EMPTY, warnings);
        }
        List<DeviceTemplate> devices = new ArrayList<>();
        List<RackTemplate> racks = new ArrayList<>();
        List<RackComponentTemplate> components = new ArrayList<>();
        for (Path file : LibraryFiles.recursive(root, ".yaml", warnings)) {
            String failure = loadFile(LibraryFiles.read(file), devices, racks, components);
            if (failure != null) {
                warnings.add("Failed to load template file " + failure);
            }
        }
        return new Loaded<>(new Catalog(devices, racks, components), warnings);
    }

    /**
     * The files {@link #load} reads under {@code root}, in the order it reads them (every {@code *.yaml} at any
     * depth, sorted path by path); the write endpoints look a template up in the same order.
     */
    public static List<Path> files(Path root) {
        return Files.isDirectory(root) ? LibraryFiles.recursive(root, ".yaml", new ArrayList<>()) : List.of();
    }

    /** Appends the templates of one file; returns the warning text (after "Failed to load template file "), or null. */
    private static String loadFile(LibraryFiles.Parsed parsed, List<DeviceTemplate> devices, List<RackTemplate> racks,
                                   List<RackComponentTemplate> components) {
        Path file = parsed.file();
        if (parsed.failed()) {
            return parsed.failure();
        }
        Object root = parsed.root();
        if (LibraryFiles.falsy(root)) {
            return null;
        }
        if (!(root instanceof Map<?, ?> doc)) {
            return file + ": the document is " + LibraryFiles.kindOf(root) + ", not a mapping";
        }
        String failure = section(parsed, doc, TEMPLATES, "DeviceTemplate", devices, CatalogLoader::deviceTemplate);
        if (failure == null) {
            failure = section(parsed, doc, RACK_TEMPLATES, "RackTemplate", racks, CatalogLoader::rackTemplate);
        }
        if (failure == null) {
            failure = section(parsed, doc, RACK_COMPONENT_TEMPLATES, "RackComponentTemplate", components,
                    CatalogLoader::rackComponentTemplate);
        }
        return failure;
    }

    private static <T> String section(LibraryFiles.Parsed parsed, Map<?, ?> doc, String key, String className,
                                      List<T> out, BiFunction<Map<?, ?>, Problems, T> parser) {
        if (!doc.containsKey(key)) {
            return null;
        }
        Object value = doc.get(key);
        if (!(value instanceof List<?> items)) {
            // an empty mapping or string iterates to nothing in the original; anything else fails the file
            if ((value instanceof Map<?, ?> m && m.isEmpty()) || "".equals(value)) {
                return null;
            }
            return LibraryFiles.where(parsed.file(), parsed.line(List.of(key))) + ": '" + key + "' must be a list, got "
                    + LibraryFiles.kindOf(value);
        }
        for (int i = 0; i < items.size(); i++) {
            Problems problems = new Problems();
            Object item = items.get(i);
            T template = null;
            if (item instanceof Map<?, ?> m) {
                template = parser.apply(m, problems);
            } else {
                LaxReaders.modelType(problems, List.of(), className, item);
            }
            if (template == null) {
                List<Object> at = List.of(key, i);
                return LibraryFiles.where(parsed.file(), LibraryFiles.firstProblemLine(parsed, at, problems)) + ": "
                        + LibraryFiles.summary(at, problems);
            }
            out.add(template);
        }
        return null;
    }

    // ------------------------------------------------------------------ device templates

    /**
     * A device template from a parsed mapping (a YAML item or a request body), or {@code null} with the
     * reasons recorded in {@code problems} (locations relative to the template).
     */
    public static DeviceTemplate deviceTemplate(Map<?, ?> input, Problems problems) {
        if (input == null) {
            LaxReaders.modelType(problems, List.of(), "DeviceTemplate", null);
            return null;
        }
        int before = problems.list().size();
        Fields f = Fields.of(input, problems);
        String id = f.reqStr("id", 0);
        String name = f.reqStr("name", 0);
        String type = f.str("type", "server");
        String storageType = f.optStr("storage_type", null);
        String role = f.optStr("role", null);
        int uHeight = f.reqInteger("u_height", null, null);
        Layout layout = layout(LaxReaders.optModel(f, "layout", "LayoutConfig"));
        Layout diskLayout = layout(LaxReaders.optModel(f, "disk_layout", "LayoutConfig"));
        Layout rearLayout = layout(LaxReaders.optModel(f, "rear_layout", "LayoutConfig"));
        List<RearComponent> rear = new ArrayList<>();
        for (LaxReaders.Item c : LaxReaders.modelList(f, "rear_components", "DeviceRearComponent")) {
            rear.add(rearComponent(c));
        }
        List<String> checks = f.strList("checks", List.of());
        List<String> metrics = f.strList("metrics", List.of());
        Map<String, Map<String, Double>> thresholds = LaxReaders.optNestedFloatMap(f, "display_thresholds");
        if (problems.list().size() > before) {
            return null;
        }
        return new DeviceTemplate(id, name, type, storageType, role, uHeight, layout, diskLayout, rearLayout,
                List.copyOf(rear), checks, metrics, thresholds);
    }

    private static Layout layout(LaxReaders.Item item) {
        if (item == null) {
            return null;
        }
        Fields f = item.fields();
        String type = f.literal("type", "grid", false, "grid", "vertical");
        int rows = f.integer("rows", 1, null, null);
        int cols = f.integer("cols", 1, null, null);
        List<List<Integer>> matrix = LaxReaders.intMatrix(f, item.map(), "matrix");
        return new Layout(type, rows, cols, matrix);
    }

    private static RearComponent rearComponent(LaxReaders.Item item) {
        Fields f = item.fields();
        return new RearComponent(f.reqStr("id", 0), f.reqStr("name", 0),
                LaxReaders.reqLiteral(f, item.map(), "type", "psu", "fan", "io", "hydraulics", "other"),
                f.optStr("role", null), f.strList("checks", List.of()));
    }

    // ------------------------------------------------------------------ rack templates

    /** A rack template from a parsed mapping, or {@code null} with the reasons recorded in {@code problems}. */
    public static RackTemplate rackTemplate(Map<?, ?> input, Problems problems) {
        if (input == null) {
            LaxReaders.modelType(problems, List.of(), "RackTemplate", null);
            return null;
        }
        int before = problems.list().size();
        Fields f = Fields.of(input, problems);
        String id = f.reqStr("id", 0);
        String name = f.reqStr("name", 0);
        int uHeight = f.integer("u_height", 42, null, null);
        Infrastructure infrastructure = new Infrastructure(List.of(), List.of(), List.of(), List.of(), List.of());
        if (f.has("infrastructure")) {
            LaxReaders.Item item = LaxReaders.model(f, "infrastructure", "RackInfrastructure");
            if (item != null) {
                Fields infra = item.fields();
                infrastructure = new Infrastructure(components(infra, "components"),
                        components(infra, "front_components"), components(infra, "rear_components"),
                        components(infra, "side_components"), rackComponentRefs(infra));
            }
        }
        List<String> checks = f.strList("checks", List.of());
        if (problems.list().size() > before) {
            return null;
        }
        return new RackTemplate(id, name, uHeight, infrastructure, checks);
    }

    private static List<InfrastructureComponent> components(Fields infra, String key) {
        List<InfrastructureComponent> out = new ArrayList<>();
        for (LaxReaders.Item item : LaxReaders.modelList(infra, key, "InfrastructureComponent")) {
            Fields c = item.fields();
            out.add(new InfrastructureComponent(c.reqStr("id", 0), c.reqStr("name", 0),
                    LaxReaders.reqLiteral(c, item.map(), "type", "power", "cooling", "management", "network", "other"),
                    c.optStr("model", null), c.optStr("role", null),
                    c.literal("location", "u-mount", false, "u-mount", "side-left", "side-right", "top", "bottom"),
                    c.optInteger("u_position", null, null, null), c.optInteger("u_height", null, null, null)));
        }
        return List.copyOf(out);
    }

    private static List<RackComponentRef> rackComponentRefs(Fields infra) {
        List<RackComponentRef> out = new ArrayList<>();
        for (LaxReaders.Item item : LaxReaders.modelList(infra, "rack_components", "RackComponentRef")) {
            Fields r = item.fields();
            out.add(new RackComponentRef(r.reqStr("template_id", 0), r.integer("u_position", 1, null, null),
                    r.optInteger("u_height", null, null, null), r.literal("side", null, true, "left", "right")));
        }
        return List.copyOf(out);
    }

    // ------------------------------------------------------------------ rack component templates

    /** A rack component template from a parsed mapping, or {@code null} with the reasons recorded in {@code problems}. */
    public static RackComponentTemplate rackComponentTemplate(Map<?, ?> input, Problems problems) {
        if (input == null) {
            LaxReaders.modelType(problems, List.of(), "RackComponentTemplate", null);
            return null;
        }
        int before = problems.list().size();
        Fields f = Fields.of(input, problems);
        RackComponentTemplate t = new RackComponentTemplate(f.reqStr("id", 0), f.reqStr("name", 0),
                f.str("type", "other"), f.optStr("model", null), f.optStr("role", null),
                f.literal("location", "u-mount", false, "side", "u-mount", "front", "rear"),
                f.literal("side", null, true, "left", "right"), f.reqInteger("u_height", null, null),
                f.optInteger("u_position", null, null, null), f.strList("checks", List.of()),
                f.strList("metrics", List.of()));
        return problems.list().size() > before ? null : t;
    }
}
