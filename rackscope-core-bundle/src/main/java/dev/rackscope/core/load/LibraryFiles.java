package dev.rackscope.core.load;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import dev.rackscope.core.config.Yaml11;
import dev.rackscope.core.config.Yaml11.YamlFileException;

/** File discovery, reading and line lookup shared by the library loaders (catalog, checks, metrics). */
final class LibraryFiles {

    private LibraryFiles() {
    }

    /**
     * Python's order for sorted {@code pathlib} paths: name by name, each compared by code point, so
     * {@code a/b.yaml} sorts before {@code a-c.yaml} (a plain string sort would put it after).
     */
    static final Comparator<Path> BY_PARTS = (a, b) -> {
        int n = Math.min(a.getNameCount(), b.getNameCount());
        for (int i = 0; i < n; i++) {
            int c = compareCodePoints(a.getName(i).toString(), b.getName(i).toString());
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.getNameCount(), b.getNameCount());
    };

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /**
     * Regular files under {@code dir} (any depth) whose name ends with {@code suffix}, sorted with
     * {@link #BY_PARTS}. Symbolic links are followed; a loop or an unreadable folder adds a warning
     * and the walk goes on.
     */
    static List<Path> recursive(Path dir, String suffix, List<String> warnings) {
        List<Path> found = new ArrayList<>();
        try {
            Files.walkFileTree(dir, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                            if (attrs.isRegularFile() && file.getFileName().toString().endsWith(suffix)) {
                                found.add(file);
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            warnings.add((e instanceof FileSystemLoopException ? "Symbolic link loop skipped: "
                                    : "Cannot read ") + file + (e.getMessage() == null
                                    || e instanceof FileSystemLoopException ? "" : ": " + e.getMessage()));
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            warnings.add("Cannot read " + dir + ": " + e.getMessage());
        }
        found.sort(Comparator.comparing(dir::relativize, BY_PARTS));
        return found;
    }

    /** Regular files directly in {@code dir} whose name ends with {@code suffix}, sorted by name. */
    static List<Path> topLevel(Path dir, String suffix, List<String> warnings) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix) && Files.isRegularFile(p))
                    .sorted(Comparator.comparing(Path::getFileName, BY_PARTS))
                    .toList();
        } catch (IOException e) {
            warnings.add("Cannot read " + dir + ": " + e.getMessage());
            return List.of();
        }
    }

    /**
     * A read and parsed YAML file: {@code root} is the document, or {@code error} says why there is
     * none ({@code errorLine} is its 1-based line when YAML gives one).
     */
    record Parsed(Path file, String text, Object root, String error, Integer errorLine) {

        boolean failed() {
            return error != null;
        }

        /** {@code "<file> (line n): <error>"}. */
        String failure() {
            return where(file, errorLine) + ": " + error;
        }

        /** The 1-based line of the node at {@code path} (or of its deepest existing ancestor), or null. */
        Integer line(List<Object> path) {
            return LibraryFiles.line(text, path);
        }
    }

    /** Reads and parses one YAML file; never throws. */
    static Parsed read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return new Parsed(file, null, null, e instanceof CharacterCodingException
                    ? "the file is not valid UTF-8" : "cannot read the file: " + e.getMessage(), null);
        }
        try {
            return new Parsed(file, text, Yaml11.parse(text, file.toString()), null, null);
        } catch (YamlFileException e) {
            // the message repeats the file and line, which the warning already gives
            String message = e.getMessage();
            String prefix = "Error parsing YAML file " + file;
            if (message.startsWith(prefix)) {
                message = message.substring(prefix.length()).replaceFirst("^ \\(line \\d+\\)", "")
                        .replaceFirst("^: ", "");
            }
            return new Parsed(file, text, null, "invalid YAML: " + message, e.line());
        }
    }

    /**
     * The 1-based line where the value at {@code path} (mapping keys and list indexes) starts in
     * {@code text}; when the path leaves the document, the line of the last node reached. Null when
     * the text does not compose.
     */
    static Integer line(String text, List<Object> path) {
        if (text == null) {
            return null;
        }
        Node node;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(true);
            options.setMaxAliasesForCollections(100);
            options.setCodePointLimit(64 * 1024 * 1024);
            node = new Yaml(new SafeConstructor(options)).compose(new StringReader(text));
        } catch (RuntimeException e) {
            return null;
        }
        if (node == null) {
            return null;
        }
        for (Object step : path) {
            Node next = child(node, step);
            if (next == null) {
                break;
            }
            node = next;
        }
        return node.getStartMark() == null ? null : node.getStartMark().getLine() + 1;
    }

    private static Node child(Node node, Object step) {
        if (node instanceof MappingNode m) {
            Node found = null;
            for (NodeTuple t : m.getValue()) {
                // the last duplicate key wins, as when the document is constructed
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(String.valueOf(step))) {
                    found = t.getValueNode();
                }
            }
            return found;
        }
        if (node instanceof SequenceNode s && step instanceof Integer i && i >= 0 && i < s.getValue().size()) {
            return s.getValue().get(i);
        }
        return null;
    }

    /** Python truthiness of a YAML value: null, false, zero and empty strings or collections are false. */
    static boolean falsy(Object v) {
        if (v == null) {
            return true;
        }
        if (v instanceof Boolean b) {
            return !b;
        }
        if (v instanceof Number n) {
            return n.doubleValue() == 0;
        }
        if (v instanceof CharSequence s) {
            return s.length() == 0;
        }
        if (v instanceof Collection<?> c) {
            return c.isEmpty();
        }
        if (v instanceof Map<?, ?> m) {
            return m.isEmpty();
        }
        return false;
    }

    /** How a value's type reads in a warning. */
    static String kindOf(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Map) {
            return "a mapping";
        }
        if (v instanceof List) {
            return "a list";
        }
        if (v instanceof String) {
            return "a string";
        }
        if (v instanceof Boolean) {
            return "a boolean";
        }
        if (v instanceof Number) {
            return "a number";
        }
        return "a " + v.getClass().getSimpleName();
    }

    /** {@code file (line n)} or {@code file}. */
    static String where(Path file, Integer line) {
        return line == null ? file.toString() : file + " (line " + line + ")";
    }

    /** {@code a.b.0.c: message; ...} with {@code prefix} put before every location. */
    static String summary(List<Object> prefix, Problems problems) {
        StringBuilder sb = new StringBuilder();
        for (Problems.Problem p : problems.list()) {
            if (!sb.isEmpty()) {
                sb.append("; ");
            }
            List<Object> loc = new ArrayList<>(prefix);
            loc.addAll(p.loc());
            String path = Problems.path(loc);
            sb.append(path.isEmpty() ? "" : path + ": ").append(p.msg());
        }
        return sb.toString();
    }

    /** The line of the first problem, looked up under {@code prefix}. */
    static Integer firstProblemLine(Parsed parsed, List<Object> prefix, Problems problems) {
        List<Object> loc = new ArrayList<>(prefix);
        if (!problems.isEmpty()) {
            loc.addAll(problems.list().get(0).loc());
        }
        return parsed.line(loc);
    }
}
