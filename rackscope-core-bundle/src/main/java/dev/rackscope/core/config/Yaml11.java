package dev.rackscope.core.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * YAML reading and writing as the original does it: YAML 1.1 scalars (SnakeYAML's default resolver,
 * like PyYAML {@code safe_load}), safe construction only, block style on output.
 */
public final class Yaml11 {

    private Yaml11() {
    }

    /** A YAML file that could not be read or parsed; the message names the file and, when known, the line. */
    public static final class YamlFileException extends IOException {
        private static final long serialVersionUID = 1L;
        private final Integer line;

        public YamlFileException(String message, Throwable cause) {
            this(message, null, cause);
        }

        public YamlFileException(String message, Integer line, Throwable cause) {
            super(message, cause);
            this.line = line;
        }

        /** The 1-based line of the problem, or {@code null}. */
        public Integer line() {
            return line;
        }
    }

    /** Set {@code -Drackscope.yaml.fast=false} to parse every document with SnakeYAML (for comparisons). */
    private static final boolean FAST = Boolean.parseBoolean(System.getProperty("rackscope.yaml.fast", "true"));

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true);
        options.setMaxAliasesForCollections(100);
        options.setCodePointLimit(64 * 1024 * 1024);
        return options;
    }

    private static Yaml loader(LoaderOptions options) {
        DumperOptions dumper = new DumperOptions();
        return new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options, new Resolver11());
    }

    /**
     * SnakeYAML's resolver with PyYAML's YAML 1.1 float rule: an exponent needs a dot and a sign
     * ({@code 1e3} stays a string, as PyYAML reads it).
     */
    static final class Resolver11 extends Resolver {
        /** First characters (ASCII) for which no implicit resolver exists: a plain scalar so starting is a string. */
        private final boolean[] stringStart = new boolean[128];

        Resolver11() {
            // Resolvers tried for every scalar (stored without first characters: EMPTY, and NULL through its
            // '\0') match only "", " ", "~" and null/Null/NULL, whose first characters are excluded here.
            for (char c = 1; c < 128; c++) {
                stringStart[c] = c != ' ' && !yamlImplicitResolvers.containsKey(c);
            }
        }

        /** The tag of a plain scalar, as {@code resolve(NodeId.scalar, value, true)}, without a regex for most strings. */
        Tag resolvePlain(String value) {
            if (!value.isEmpty()) {
                char c = value.charAt(0);
                if (c < 128 && stringStart[c]) {
                    return Tag.STR;
                }
            }
            return resolve(NodeId.scalar, value, true);
        }

        static final Pattern FLOAT11 = Pattern.compile("^(?:[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?"
                + "|\\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
                + "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*"
                + "|[-+]?\\.(?:inf|Inf|INF)"
                + "|\\.(?:nan|NaN|NAN))$");

        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.BOOL, BOOL, "yYnNtTfFoO");
            addImplicitResolver(Tag.INT, INT, "-+0123456789");
            addImplicitResolver(Tag.FLOAT, FLOAT11, "-+0123456789.");
            addImplicitResolver(Tag.MERGE, MERGE, "<");
            addImplicitResolver(Tag.NULL, NULL, "~nN\0");
            addImplicitResolver(Tag.NULL, EMPTY, null);
            addImplicitResolver(Tag.TIMESTAMP, TIMESTAMP, "0123456789");
        }
    }

    private static Yaml dumper() {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(0);
        options.setAllowUnicode(true);
        options.setSplitLines(false);
        // control characters (NUL...) in a string are written as escapes, as PyYAML does; SnakeYAML's default
        // writes them as !!binary, or throws "invalid string value" for a lone surrogate
        options.setNonPrintableStyle(DumperOptions.NonPrintableStyle.ESCAPE);
        return new Yaml(new SafeConstructor(new LoaderOptions()), new Representer(options), options);
    }

    /** Parses YAML text; the source name appears in error messages. */
    public static Object parse(String text, String source) throws YamlFileException {
        LoaderOptions options = loaderOptions();
        if (FAST) {
            // most configuration files are plain YAML that FastYaml reads directly, with the same result
            Object value = FastYaml.parse(text, options);
            if (value != FastYaml.UNSUPPORTED) {
                return value;
            }
        }
        try {
            return loader(options).load(text);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? -1 : e.getProblemMark().getLine() + 1;
            throw new YamlFileException("Error parsing YAML file " + source
                    + (line > 0 ? " (line " + line + ")" : "") + ": " + e.getProblem(), line > 0 ? line : null, e);
        } catch (YAMLException | ClassCastException e) {
            throw new YamlFileException("Error parsing YAML file " + source + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a YAML file whose root must be a mapping. A missing file gives {@code null}; an empty
     * document gives an empty map.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> readMap(Path file) throws YamlFileException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new YamlFileException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        Object root = parse(text, file.toString());
        if (root == null) {
            return new LinkedHashMap<>();
        }
        if (!(root instanceof Map)) {
            throw new YamlFileException("Error parsing YAML file " + file + ": the root is not a mapping", null);
        }
        Map<String, Object> map = new LinkedHashMap<>();
        ((Map<Object, Object>) root).forEach((k, v) -> map.put(String.valueOf(k), v));
        return map;
    }

    /** Block-style YAML text for {@code value}, key order kept. */
    public static String dump(Object value) {
        return dumper().dump(value);
    }
}
