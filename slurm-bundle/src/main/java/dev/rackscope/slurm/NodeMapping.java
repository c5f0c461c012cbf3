package dev.rackscope.slurm;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Slurm node name → topology instance mapping of {@code node_mapping.yaml} (slurm.md §3.3).
 *
 * <p>Two file forms are read: the documented {@code mappings:} list of {@code {node, instance}} items
 * (kept as written, extra keys included), and the legacy {@code mapping:} dict of
 * {@code slurm-name: instance-name} pairs that the original's own examples use but its loader ignored.
 *
 * <p>An entry's {@code node} is one of:
 * <ul>
 * <li>an exact name, compared case-sensitively;</li>
 * <li>a glob with {@code *} (one or more characters, greedy): the k-th captured text replaces the k-th
 * {@code *} of {@code instance}; an {@code instance} without {@code *} is used as is (many to one);</li>
 * <li>a bracket range {@code c[001-480]} (in either form): paired by index with the range of
 * {@code instance} ({@code c007} → {@code compute007} for {@code compute[001-480]}); ranges of different
 * lengths are an error; an {@code instance} without a range is used as is.</li>
 * </ul>
 * Entries are tried in file order and the first hit wins; a name nothing matches is kept. Unusable
 * entries are skipped and reported by {@link #problems()}.
 *
 * <p>Immutable and thread-safe. Exact names are one hash lookup; patterns are compiled once, here.
 */
public final class NodeMapping {

    /** No entries: every name maps to itself. */
    public static final NodeMapping EMPTY = new NodeMapping(List.of(), List.of());

    private final List<Map<String, Object>> entries;
    private final List<String> problems;
    /** Exact names → the first entry that names them. */
    private final Map<String, Exact> exact;
    /** Globs and ranges, in file order. */
    private final List<Rule> patterns;

    private record Exact(int index, String instance) {
    }

    /** A glob or range entry, with its position in the file. */
    private interface Rule {
        int index();

        /** The instance for {@code name}, or {@code null} when the rule does not match. */
        String apply(String name);
    }

    private NodeMapping(List<Map<String, Object>> entries, List<String> problems) {
        this(entries, problems, Map.of(), List.of());
    }

    private NodeMapping(List<Map<String, Object>> entries, List<String> problems, Map<String, Exact> exact,
                        List<Rule> patterns) {
        this.entries = entries;
        this.problems = List.copyOf(problems);
        this.exact = exact;
        this.patterns = patterns;
    }

    /** Parses a mapping document (either form) and compiles it; see {@link #entries(Object)}. */
    public static NodeMapping of(Object document) {
        List<String> problems = new ArrayList<>();
        if (document instanceof Map<?, ?> root && !(root.get("mappings") instanceof List)
                && !(root.get("mapping") instanceof Map) && !root.isEmpty()) {
            problems.add("neither a 'mappings:' list nor a legacy 'mapping:' dict; nothing is mapped");
        } else if (document != null && !(document instanceof Map)) {
            problems.add("the file is not a mapping; nothing is mapped");
        }
        List<Map<String, Object>> entries = entries(document);
        if (document instanceof Map<?, ?> root && root.get("mappings") instanceof List<?> items
                && items.size() > entries.size()) {
            problems.add((items.size() - entries.size()) + " item(s) of 'mappings:' skipped: each needs text 'node' "
                    + "and 'instance'");
        }
        NodeMapping m = compile(entries);
        if (problems.isEmpty()) {
            return m;
        }
        problems.addAll(m.problems);
        return new NodeMapping(m.entries, problems, m.exact, m.patterns);
    }

    /**
     * Entries of a parsed mapping document, as written: the {@code mappings:} list (items that are
     * mappings with string {@code node} and {@code instance}, other keys kept), else the legacy
     * {@code mapping:} dict as {@code {node, instance}} pairs (keys and values read as text). Anything
     * unusable gives no entry.
     */
    public static List<Map<String, Object>> entries(Object document) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (!(document instanceof Map<?, ?> root)) {
            return out;
        }
        if (root.get("mappings") instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> m && m.get("node") instanceof String
                        && m.get("instance") instanceof String) {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    m.forEach((k, v) -> entry.put(String.valueOf(k), v));
                    out.add(entry);
                }
            }
        } else if (root.get("mapping") instanceof Map<?, ?> legacy) {
            legacy.forEach((node, instance) -> {
                if (node != null && instance != null) {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("node", String.valueOf(node));
                    entry.put("instance", String.valueOf(instance));
                    out.add(entry);
                }
            });
        }
        return out;
    }

    /** Compiles entries ({@code node} and {@code instance} strings); unusable ones become problems. */
    public static NodeMapping compile(List<Map<String, Object>> entries) {
        List<Map<String, Object>> kept = new ArrayList<>(entries.size());
        for (Map<String, Object> e : entries) {
            kept.add(Collections.unmodifiableMap(new LinkedHashMap<>(e)));
        }
        Compiler c = new Compiler();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < kept.size(); i++) {
            Object node = kept.get(i).get("node");
            Object instance = kept.get(i).get("instance");
            String problem = node instanceof String n && instance instanceof String inst ? c.add(i, n, inst)
                    : "node and instance must both be text";
            if (problem != null) {
                problems.add("entry " + (i + 1) + (node instanceof String n ? " (node '" + n + "')" : "") + ": "
                        + problem);
            }
        }
        return new NodeMapping(Collections.unmodifiableList(kept), problems, Map.copyOf(c.exact),
                List.copyOf(c.patterns));
    }

    /**
     * Why one {@code node → instance} pair cannot be used, or {@code null} when it can (the rules of
     * {@link #compile}); {@code POST /mapping} answers these with 422.
     */
    public static String problem(String node, String instance) {
        return new Compiler().add(0, node, instance);
    }

    private static final class Compiler {
        final Map<String, Exact> exact = new HashMap<>();
        final List<Rule> patterns = new ArrayList<>();

        /** Adds a rule; returns the reason when the entry is unusable. */
        String add(int index, String node, String instance) {
            if (node.isEmpty() || instance.isEmpty()) {
                return "node and instance must not be empty";
            }
            Range nodeRange = Range.find(node);
            Range instanceRange = Range.find(instance);
            boolean glob = node.indexOf('*') >= 0;
            if (glob && nodeRange != null) {
                return "use either '*' or a bracket range in node, not both";
            }
            if (nodeRange != null) {
                if (nodeRange.count() <= 0) {
                    return "the range [" + nodeRange.first() + "-" + nodeRange.last() + "] is empty";
                }
                if (instanceRange != null && instanceRange.count() != nodeRange.count()) {
                    return "node range " + node + " has " + nodeRange.count() + " names but instance range "
                            + instance + " has " + instanceRange.count()
                            + "; ranges are paired by index, so their lengths must match";
                }
                patterns.add(new RangeRule(index, nodeRange, instanceRange, instance));
                return null;
            }
            if (instanceRange != null) {
                return "instance " + instance + " has a bracket range but node " + node + " has none";
            }
            if (glob) {
                patterns.add(new GlobRule(index, node, instance));
                return null;
            }
            exact.putIfAbsent(node, new Exact(index, instance));
            return null;
        }
    }

    /** This mapping with one more problem (a file that cannot be read, say). */
    NodeMapping withProblem(String problem) {
        List<String> p = new ArrayList<>(problems);
        p.add(problem);
        return new NodeMapping(entries, p, exact, patterns);
    }

    /** The entries as written (file order); for {@code GET /mapping}. */
    public List<Map<String, Object>> entries() {
        return entries;
    }

    /** What could not be used, each naming its entry; empty when everything was. */
    public List<String> problems() {
        return problems;
    }

    /** The topology instance for a Slurm node name; the name itself when no entry matches. */
    public String resolve(String name) {
        Exact hit = exact.isEmpty() ? null : exact.get(name);
        int limit = hit == null ? Integer.MAX_VALUE : hit.index();
        for (Rule rule : patterns) {
            if (rule.index() > limit) {
                break;
            }
            String instance = rule.apply(name);
            if (instance != null) {
                return instance;
            }
        }
        return hit != null ? hit.instance() : name;
    }

    /**
     * A glob: literal parts quoted, each {@code *} one greedy group of one or more characters. One star (the
     * usual case) is matched without a regular expression; the literal prefix and suffix reject most names
     * before any matching.
     */
    private record GlobRule(int index, String prefix, String suffix, int stars, Pattern pattern,
                            String[] instanceParts) implements Rule {

        GlobRule(int index, String node, String instance) {
            this(index, node.split("\\*", -1), instance.split("\\*", -1));
        }

        private GlobRule(int index, String[] parts, String[] instanceParts) {
            this(index, parts[0], parts[parts.length - 1], parts.length - 1,
                    parts.length > 2 ? compile(parts) : null, instanceParts);
        }

        private static Pattern compile(String[] parts) {
            StringBuilder regex = new StringBuilder();
            for (int i = 0; i < parts.length; i++) {
                if (i > 0) {
                    regex.append("(.+)");
                }
                if (!parts[i].isEmpty()) {
                    regex.append(Pattern.quote(parts[i]));
                }
            }
            return Pattern.compile(regex.toString(), Pattern.DOTALL);
        }

        @Override
        public String apply(String name) {
            if (name.length() < prefix.length() + suffix.length() + stars || !name.startsWith(prefix)
                    || !name.endsWith(suffix)) {
                return null;
            }
            String[] captures;
            if (pattern == null) {
                captures = new String[] {name.substring(prefix.length(), name.length() - suffix.length())};
            } else {
                Matcher m = pattern.matcher(name);
                if (!m.matches()) {
                    return null;
                }
                captures = new String[m.groupCount()];
                for (int i = 0; i < captures.length; i++) {
                    captures[i] = m.group(i + 1);
                }
            }
            if (instanceParts.length == 1) {
                return instanceParts[0];
            }
            StringBuilder sb = new StringBuilder(name.length() + 16).append(instanceParts[0]);
            for (int i = 1; i < instanceParts.length; i++) {
                sb.append(i <= captures.length ? captures[i - 1] : "*").append(instanceParts[i]);
            }
            return sb.toString();
        }
    }

    /** A range paired by index with the instance's range, or many-to-one when the instance has none. */
    private record RangeRule(int index, Range node, Range instanceRange, String instance) implements Rule {
        @Override
        public String apply(String name) {
            long offset = node.offsetOf(name);
            if (offset < 0) {
                return null;
            }
            return instanceRange == null ? instance : instanceRange.nameAt(offset);
        }
    }

    /**
     * The first {@code prefix[A-B]suffix} group of a name, read as the core's instance expansion reads it:
     * numbers zero-padded to the width of {@code A}.
     */
    record Range(String prefix, String first, String last, String suffix, long start, long end) {

        private static final int MAX_DIGITS = 18;

        static Range find(String s) {
            for (int open = s.indexOf('['); open >= 0; open = s.indexOf('[', open + 1)) {
                int aEnd = digitsEnd(s, open + 1);
                if (aEnd == open + 1 || aEnd >= s.length() || s.charAt(aEnd) != '-') {
                    continue;
                }
                int bEnd = digitsEnd(s, aEnd + 1);
                if (bEnd == aEnd + 1 || bEnd >= s.length() || s.charAt(bEnd) != ']') {
                    continue;
                }
                String a = s.substring(open + 1, aEnd);
                String b = s.substring(aEnd + 1, bEnd);
                if (a.length() > MAX_DIGITS || b.length() > MAX_DIGITS) {
                    continue;
                }
                return new Range(s.substring(0, open), a, b, s.substring(bEnd + 1), Long.parseLong(a),
                        Long.parseLong(b));
            }
            return null;
        }

        private static int digitsEnd(String s, int from) {
            int i = from;
            while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
            return i;
        }

        long count() {
            return end - start + 1;
        }

        /** The index of {@code name} in this range, or -1. */
        long offsetOf(String name) {
            int from = prefix.length();
            int to = name.length() - suffix.length();
            if (to <= from || to - from > MAX_DIGITS || !name.startsWith(prefix) || !name.endsWith(suffix)) {
                return -1;
            }
            long v = 0;
            for (int i = from; i < to; i++) {
                char c = name.charAt(i);
                if (c < '0' || c > '9') {
                    return -1;
                }
                v = v * 10 + (c - '0');
            }
            // The expansion writes v zero-padded to the width of the start: only that spelling is in range.
            int digits = to - from;
            if (v < start || v > end || digits < first.length()
                    || (digits > first.length() && name.charAt(from) == '0')) {
                return -1;
            }
            return v - start;
        }

        String nameAt(long offset) {
            String digits = Long.toString(start + offset);
            StringBuilder sb = new StringBuilder(prefix.length() + first.length() + suffix.length() + 2);
            sb.append(prefix);
            for (int k = digits.length(); k < first.length(); k++) {
                sb.append('0');
            }
            return sb.append(digits).append(suffix).toString();
        }
    }
}
