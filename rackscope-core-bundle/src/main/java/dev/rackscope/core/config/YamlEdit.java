package dev.rackscope.core.config;

import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Edits one value of a YAML document in place, keeping the operator's comments and layout: only the
 * characters of the changed scalar are replaced. When the key has to be created inside a block
 * mapping, one line is inserted. Other shapes fall back to a full re-dump (comments lost), which the
 * caller is told about.
 */
public final class YamlEdit {

    private YamlEdit() {
    }

    /** The edited text, and whether the layout could be kept. */
    public record Result(String text, boolean layoutKept) {
    }

    /**
     * Sets {@code plugins.<id>.enabled} in app.yaml text.
     *
     * @throws Yaml11.YamlFileException when the text does not parse
     */
    public static Result setPluginEnabled(String text, String pluginId, boolean enabled)
            throws Yaml11.YamlFileException {
        return set(text, List.of("plugins", pluginId, "enabled"), enabled);
    }

    /** Sets a boolean at {@code path} (mapping keys from the root). */
    public static Result set(String text, List<String> path, boolean value) throws Yaml11.YamlFileException {
        return setScalar(text, path, value, Boolean.toString(value));
    }

    /**
     * Sets a string at {@code path}, written double-quoted (UTF-8 as is, quotes, backslashes and control
     * characters escaped). The edited text is parsed back; if it does not hold the value the document is
     * re-dumped instead.
     */
    @SuppressWarnings("unchecked")
    public static Result set(String text, List<String> path, String value) throws Yaml11.YamlFileException {
        Result edited = setScalar(text, path, value, quoted(value));
        Object parsed = Yaml11.parse(edited.text(), "app.yaml");
        Object cursor = parsed;
        for (String key : path) {
            cursor = cursor instanceof Map<?, ?> m ? m.get(key) : null;
        }
        if (value.equals(cursor)) {
            return edited;
        }
        Map<String, Object> doc = parsed instanceof Map<?, ?> m ? (Map<String, Object>) m : new LinkedHashMap<>();
        put(doc, path, value);
        return new Result(Yaml11.dump(doc), false);
    }

    /** A YAML double-quoted scalar. */
    static String quoted(String value) {
        StringBuilder b = new StringBuilder(value.length() + 2).append('"');
        value.codePoints().forEach(cp -> {
            switch (cp) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (cp < 0x20 || cp == 0x7F || cp == 0x85 || cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF) {
                        b.append(String.format("\\u%04x", cp));
                    } else {
                        b.appendCodePoint(cp);
                    }
                }
            }
        });
        return b.append('"').toString();
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> doc, List<String> path, Object value) {
        Map<String, Object> cursor = doc;
        for (int i = 0; i < path.size() - 1; i++) {
            Object child = cursor.get(path.get(i));
            if (!(child instanceof Map)) {
                child = new LinkedHashMap<String, Object>();
                cursor.put(path.get(i), child);
            }
            cursor = (Map<String, Object>) child;
        }
        cursor.put(path.get(path.size() - 1), value);
    }

    @SuppressWarnings("unchecked")
    private static Result setScalar(String text, List<String> path, Object value, String literal)
            throws Yaml11.YamlFileException {
        Node root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(text));
        } catch (RuntimeException e) {
            Yaml11.parse(text, "app.yaml");
            throw new Yaml11.YamlFileException("Error parsing YAML: " + e.getMessage(), e);
        }
        if (root == null) {
            root = null;
        }
        Node node = root;
        for (int depth = 0; depth < path.size(); depth++) {
            if (!(node instanceof MappingNode mapping) || mapping.getFlowStyle() == org.yaml.snakeyaml.DumperOptions.FlowStyle.FLOW) {
                break;
            }
            NodeTuple tuple = find(mapping, path.get(depth));
            if (tuple == null) {
                String inserted = insert(text, mapping, path.subList(depth, path.size()), literal);
                if (inserted != null) {
                    return new Result(inserted, true);
                }
                break;
            }
            if (depth == path.size() - 1 && tuple.getValueNode() instanceof ScalarNode scalar
                    && scalar.getScalarStyle() != org.yaml.snakeyaml.DumperOptions.ScalarStyle.LITERAL
                    && scalar.getScalarStyle() != org.yaml.snakeyaml.DumperOptions.ScalarStyle.FOLDED) {
                int start = scalar.getStartMark().getIndex();
                int end = scalar.getEndMark().getIndex();
                if (start < tuple.getKeyNode().getEndMark().getIndex()) {
                    break; // an alias: its marks are the anchor's, elsewhere in the file
                }
                String replacement = start == end && start > 0 && text.charAt(start - 1) == ':' ? " " + literal : literal;
                return new Result(text.substring(0, start) + replacement + text.substring(end), true);
            }
            node = tuple.getValueNode();
        }
        // Fallback: rebuild the document.
        Object parsed = Yaml11.parse(text, "app.yaml");
        Map<String, Object> doc = parsed instanceof Map<?, ?> m ? (Map<String, Object>) m : new LinkedHashMap<>();
        put(doc, path, value);
        return new Result(Yaml11.dump(doc), false);
    }

    private static NodeTuple find(MappingNode mapping, String key) {
        for (NodeTuple t : mapping.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                return t;
            }
        }
        return null;
    }

    /** Inserts {@code rest} as new block lines at the top of a non-empty block mapping. */
    private static String insert(String text, MappingNode mapping, List<String> rest, String literal) {
        if (mapping.getValue().isEmpty()) {
            return null;
        }
        Node firstKey = mapping.getValue().get(0).getKeyNode();
        int column = firstKey.getStartMark().getColumn();
        int lineStart = firstKey.getStartMark().getIndex() - column;
        if (lineStart < 0 || !text.substring(lineStart, firstKey.getStartMark().getIndex()).isBlank()) {
            return null;
        }
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < rest.size(); i++) {
            lines.append(" ".repeat(column + 2 * i)).append(rest.get(i)).append(':');
            lines.append(i == rest.size() - 1 ? " " + literal : "").append('\n');
        }
        return text.substring(0, lineStart) + lines + text.substring(lineStart);
    }
}
