package dev.rackscope.core.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.rackscope.api.model.CheckDefinition;
import dev.rackscope.api.model.CheckDefinition.Rule;

/**
 * Loads the checks library ({@code paths.checks}, core.md §2.6).
 *
 * <p>A directory is read at its top level only: {@code *.yaml} sorted by name, then {@code *.yml}
 * sorted by name. Any other path that exists is read as one file. A file may hold {@code checks:} (a
 * list of checks) and the legacy {@code kinds:} (a mapping from kind to a list of checks, each getting
 * that kind unless it names one); the {@code checks} entries come first.
 *
 * <p>Nothing fails the library: a file that does not parse, or whose {@code checks:} or
 * {@code kinds:} entry is not a list, is skipped with a warning (the original aborted the whole load
 * on the latter, core.md §7.4); a check that fails validation is skipped alone with a warning.
 * Duplicate ids are all kept.
 */
public final class ChecksLoader {

    /** Accepts what Python's {@code re.match(r"^\d+[smhdwy]$")} accepts, including one trailing newline. */
    private static final Pattern DURATION = Pattern.compile("\\d+[smhdwy]\\n?", Pattern.UNICODE_CHARACTER_CLASS);

    private ChecksLoader() {
    }

    /** The checks under {@code pathOrFile}; a missing path gives an empty library. Never throws for bad content. */
    public static Loaded<List<CheckDefinition>> load(Path pathOrFile) {
        List<String> warnings = new ArrayList<>();
        List<CheckDefinition> checks = new ArrayList<>();
        if (!Files.exists(pathOrFile)) {
            return new Loaded<>(List.of(), warnings);
        }
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(pathOrFile)) {
            files.addAll(LibraryFiles.topLevel(pathOrFile, ".yaml", warnings));
            files.addAll(LibraryFiles.topLevel(pathOrFile, ".yml", warnings));
        } else {
            files.add(pathOrFile);
        }
        for (Path file : files) {
            loadFile(LibraryFiles.read(file), checks, warnings);
        }
        return new Loaded<>(List.copyOf(checks), warnings);
    }

    /** One entry to validate: the raw item and where it sits in the document. */
    private record Entry(Object item, List<Object> at) {
    }

    private static void loadFile(LibraryFiles.Parsed parsed, List<CheckDefinition> out, List<String> warnings) {
        Path file = parsed.file();
        if (parsed.failed()) {
            warnings.add("Failed to parse checks file " + parsed.failure());
            return;
        }
        List<Entry> entries = new ArrayList<>();
        ShapeError shape = entries(parsed.root(), entries);
        if (shape != null) {
            warnings.add("Skipped checks file " + LibraryFiles.where(file, shape.loc().isEmpty() ? null
                    : parsed.line(shape.loc())) + ": " + shape.reason());
            return;
        }
        for (Entry e : entries) {
            Problems problems = new Problems();
            CheckDefinition check = e.item() instanceof Map<?, ?> m ? check(m, problems) : null;
            if (!(e.item() instanceof Map)) {
                LaxReaders.modelType(problems, List.of(), "CheckDefinition", e.item());
            }
            if (check == null) {
                warnings.add("Failed to load check in " + LibraryFiles.where(file,
                        LibraryFiles.firstProblemLine(parsed, e.at(), problems)) + ": "
                        + LibraryFiles.summary(e.at(), problems));
            } else {
                out.add(check);
            }
        }
    }

    /** A document whose {@code checks} or {@code kinds} is not what it must be; {@code loc} is the offending key. */
    private record ShapeError(List<Object> loc, String type, String reason) {
    }

    /** Collects the check items of a document in the original's order; returns a shape error or null. */
    private static ShapeError entries(Object root, List<Entry> out) {
        if (LibraryFiles.falsy(root)) {
            return null;
        }
        if (!(root instanceof Map<?, ?> doc)) {
            return new ShapeError(List.of(), "dict_type", "the document is " + LibraryFiles.kindOf(root)
                    + ", not a mapping");
        }
        Object checks = doc.get("checks");
        if (!LibraryFiles.falsy(checks)) {
            if (!(checks instanceof List<?> list)) {
                return new ShapeError(List.of("checks"), "list_type", "'checks' must be a list, got "
                        + LibraryFiles.kindOf(checks));
            }
            for (int i = 0; i < list.size(); i++) {
                out.add(new Entry(list.get(i), List.of("checks", i)));
            }
        }
        Object kinds = doc.get("kinds");
        if (LibraryFiles.falsy(kinds)) {
            return null;
        }
        if (!(kinds instanceof Map<?, ?> byKind)) {
            return new ShapeError(List.of("kinds"), "dict_type", "'kinds' must be a mapping of kind to a list of "
                    + "checks, got " + LibraryFiles.kindOf(kinds));
        }
        for (Map.Entry<?, ?> k : byKind.entrySet()) {
            Object items = k.getValue();
            if (LibraryFiles.falsy(items)) {
                continue;
            }
            if (!(items instanceof List<?> list)) {
                return new ShapeError(List.of("kinds", String.valueOf(k.getKey())), "list_type",
                        "'kinds." + k.getKey() + "' must be a list, got " + LibraryFiles.kindOf(items));
            }
            for (int i = 0; i < list.size(); i++) {
                Object item = list.get(i);
                if (item instanceof Map<?, ?> m && !m.containsKey("kind")) {
                    // the legacy form: the map key is the kind unless the item names one (even as null)
                    Map<Object, Object> copy = new LinkedHashMap<>(m);
                    copy.put("kind", k.getKey());
                    item = copy;
                }
                out.add(new Entry(item, List.of("kinds", String.valueOf(k.getKey()), i)));
            }
        }
        return null;
    }

    /**
     * A check from a parsed mapping (a YAML item or a request body), or {@code null} with the reasons
     * recorded in {@code problems} (locations relative to the check; the duration is at {@code for}
     * or {@code for_duration}, whichever was given; {@code for} wins when both are).
     */
    public static CheckDefinition check(Map<?, ?> input, Problems problems) {
        if (input == null) {
            LaxReaders.modelType(problems, List.of(), "CheckDefinition", null);
            return null;
        }
        int before = problems.list().size();
        Fields f = Fields.of(input, problems);
        String id = f.reqStr("id", 0);
        String name = f.reqStr("name", 0);
        String scope = LaxReaders.reqLiteral(f, input, "scope", "node", "chassis", "rack");
        String expr = f.reqStr("expr", 0);
        String output = f.literal("output", "bool", false, "bool", "numeric");
        List<String> selectors = f.strList("selectors", List.of());
        List<Rule> rules = new ArrayList<>();
        for (LaxReaders.Item r : LaxReaders.modelList(f, "rules", "CheckRule")) {
            Fields rf = r.fields();
            rules.add(new Rule(LaxReaders.reqLiteral(rf, r.map(), "op", "==", "!=", ">", ">=", "<", "<="),
                    LaxReaders.intFloatOrStr(rf, r.map(), "value"),
                    LaxReaders.reqLiteral(rf, r.map(), "severity", "OK", "WARN", "CRIT", "UNKNOWN")));
        }
        String kind = f.optStr("kind", null);
        String expandByLabel = f.optStr("expand_by_label", null);
        String expandDiscoveryExpr = f.optStr("expand_discovery_expr", null);
        String expandAbsentState = f.optStr("expand_absent_state", null);
        Integer expandCritThreshold = f.optInteger("expand_crit_threshold", null, null, null);
        String forKey = f.has("for") || !f.has("for_duration") ? "for" : "for_duration";
        int beforeFor = problems.list().size();
        String forDuration = f.optStr(forKey, null);
        if (forDuration != null && problems.list().size() == beforeFor && !DURATION.matcher(forDuration).matches()) {
            String error = "invalid duration '" + forDuration + "': expected a number followed by one of "
                    + "s, m, h, d, w, y (for example 30s or 5m)";
            problems.add("value_error", f.loc(forKey), "Value error, " + error, forDuration, Map.of("error", error));
        }
        if (problems.list().size() > before) {
            return null;
        }
        return new CheckDefinition(id, name, scope, expr, output, selectors, List.copyOf(rules), kind, expandByLabel,
                expandDiscoveryExpr, expandAbsentState, expandCritThreshold, forDuration);
    }

    /**
     * Validates a whole parsed checks document as {@code PUT /api/checks/files/{name}} does (core.md
     * §3.4, ui-surface.md §5): every check of {@code checks} and {@code kinds}, numbered in that order.
     * Each failing check gives {@code {index, id, errors}}, where {@code errors} are pydantic-shaped
     * problems ({@code type, loc, msg, input, ctx?}) or {@code {msg: "rules must not be empty"}} or
     * {@code {msg: "duplicate id"}} (two entries when both apply). A document whose {@code checks} or
     * {@code kinds} has the wrong shape gives one entry with a null index and id. An empty list means
     * the document is valid.
     */
    public static List<Map<String, Object>> validate(Object document) {
        List<Entry> entries = new ArrayList<>();
        ShapeError shape = entries(document, entries);
        List<Map<String, Object>> errors = new ArrayList<>();
        if (shape != null) {
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("type", shape.type());
            problem.put("loc", shape.loc());
            problem.put("msg", shape.reason());
            errors.add(entry(null, null, List.of(problem)));
            return errors;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            Object item = entries.get(i).item();
            Problems problems = new Problems();
            CheckDefinition check = item instanceof Map<?, ?> m ? check(m, problems) : null;
            if (!(item instanceof Map)) {
                LaxReaders.modelType(problems, List.of(), "CheckDefinition", item);
            }
            if (check == null) {
                Object id = item instanceof Map<?, ?> m ? m.get("id") : null;
                errors.add(entry(i, id, List.copyOf(problems.detail())));
                continue;
            }
            if (check.rules().isEmpty()) {
                errors.add(entry(i, check.id(), List.of(Map.of("msg", "rules must not be empty"))));
            }
            if (!seen.add(check.id())) {
                errors.add(entry(i, check.id(), List.of(Map.of("msg", "duplicate id"))));
            }
        }
        return errors;
    }

    private static Map<String, Object> entry(Integer index, Object id, List<Map<String, Object>> errors) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("index", index);
        e.put("id", id);
        e.put("errors", errors);
        return e;
    }
}
