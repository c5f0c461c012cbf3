package dev.rackscope.core.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.rackscope.api.model.MetricDefinition;
import dev.rackscope.api.model.MetricDefinition.Display;

/**
 * Loads the metrics library ({@code paths.metrics}, core.md §2.7).
 *
 * <p>A directory is searched at any depth: every {@code *.yaml} (sorted by path, name by name), then
 * every {@code *.yml} (sorted). Any other path that exists is read as one file. A file is a mapping
 * with {@code metrics:} (a list of definitions) or is itself one definition (it has a top-level
 * {@code id}); {@code metrics:} wins when both are present.
 *
 * <p>Nothing fails the library: a file that does not parse, or whose {@code metrics:} is not a list,
 * is skipped with a warning (core.md §7.4); a definition that fails validation is skipped alone with a
 * warning. A missing path gives an empty library and one warning.
 */
public final class MetricsLoader {

    static final List<String> DEFAULT_TIME_RANGES = List.of("1h", "6h", "24h", "7d");

    private MetricsLoader() {
    }

    /** The metric definitions under {@code pathOrFile}. Never throws for bad content. */
    public static Loaded<List<MetricDefinition>> load(Path pathOrFile) {
        List<String> warnings = new ArrayList<>();
        if (!Files.exists(pathOrFile)) {
            warnings.add("Metrics library path not found: " + pathOrFile);
            return new Loaded<>(List.of(), warnings);
        }
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(pathOrFile)) {
            files.addAll(LibraryFiles.recursive(pathOrFile, ".yaml", warnings));
            files.addAll(LibraryFiles.recursive(pathOrFile, ".yml", warnings));
        } else {
            files.add(pathOrFile);
        }
        List<MetricDefinition> metrics = new ArrayList<>();
        for (Path file : files) {
            loadFile(LibraryFiles.read(file), metrics, warnings);
        }
        return new Loaded<>(List.copyOf(metrics), warnings);
    }

    private static void loadFile(LibraryFiles.Parsed parsed, List<MetricDefinition> out, List<String> warnings) {
        Path file = parsed.file();
        if (parsed.failed()) {
            warnings.add("Failed to parse metrics file " + parsed.failure());
            return;
        }
        Object root = parsed.root();
        if (LibraryFiles.falsy(root)) {
            return;
        }
        if (!(root instanceof Map<?, ?> doc)) {
            warnings.add("Skipped metrics file " + file + ": the document is " + LibraryFiles.kindOf(root)
                    + ", not a mapping");
            return;
        }
        List<Object> items = new ArrayList<>();
        List<List<Object>> locs = new ArrayList<>();
        if (doc.containsKey("metrics")) {
            Object value = doc.get("metrics");
            if (LibraryFiles.falsy(value)) {
                return;
            }
            if (!(value instanceof List<?> list)) {
                warnings.add("Skipped metrics file " + LibraryFiles.where(file, parsed.line(List.of("metrics")))
                        + ": 'metrics' must be a list, got " + LibraryFiles.kindOf(value));
                return;
            }
            for (int i = 0; i < list.size(); i++) {
                items.add(list.get(i));
                locs.add(List.of("metrics", i));
            }
        } else if (doc.containsKey("id")) {
            items.add(doc);
            locs.add(List.of());
        }
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            Problems problems = new Problems();
            MetricDefinition metric = null;
            if (item instanceof Map<?, ?> m) {
                metric = metric(m, problems);
            } else {
                LaxReaders.modelType(problems, List.of(), "MetricDefinition", item);
            }
            if (metric == null) {
                warnings.add("Failed to load metric in " + LibraryFiles.where(file,
                        LibraryFiles.firstProblemLine(parsed, locs.get(i), problems)) + ": "
                        + LibraryFiles.summary(locs.get(i), problems));
            } else {
                out.add(metric);
            }
        }
    }

    /**
     * A metric definition from a parsed mapping (a YAML item or a request body), or {@code null} with
     * the reasons recorded in {@code problems} (locations relative to the definition).
     */
    public static MetricDefinition metric(Map<?, ?> input, Problems problems) {
        if (input == null) {
            LaxReaders.modelType(problems, List.of(), "MetricDefinition", null);
            return null;
        }
        int before = problems.list().size();
        Fields f = Fields.of(input, problems);
        String id = f.reqStr("id", 0);
        String name = f.reqStr("name", 0);
        String description = f.optStr("description", null);
        String metric = f.reqStr("metric", 0);
        Map<String, String> labels = LaxReaders.strMap(f, "labels");
        Display display = null;
        if (!f.has("display")) {
            LaxReaders.missing(f, input, "display");
        } else {
            LaxReaders.Item item = LaxReaders.model(f, "display", "MetricDisplay");
            if (item != null) {
                display = display(item);
            }
        }
        String category = f.optStr("category", null);
        List<String> tags = f.strList("tags", List.of());
        if (problems.list().size() > before) {
            return null;
        }
        return new MetricDefinition(id, name, description, metric, labels, display, category, tags);
    }

    private static Display display(LaxReaders.Item item) {
        Fields f = item.fields();
        return new Display(f.reqStr("unit", 0), f.str("chart_type", "line"), f.optStr("color", null),
                f.strList("time_ranges", DEFAULT_TIME_RANGES), f.str("default_range", "24h"),
                f.str("aggregation", "avg"), LaxReaders.optFloatMap(f, "thresholds"),
                LaxReaders.optAnyMap(f, "format"));
    }
}
