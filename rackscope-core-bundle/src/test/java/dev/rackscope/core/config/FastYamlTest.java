package dev.rackscope.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.DumperOptions;

/** FastYaml gives exactly SnakeYAML's result (values, classes, key order) or leaves the document to it. */
class FastYamlTest {

    private static LoaderOptions options() {
        LoaderOptions o = new LoaderOptions();
        o.setAllowDuplicateKeys(true);
        o.setMaxAliasesForCollections(100);
        o.setCodePointLimit(64 * 1024 * 1024);
        return o;
    }

    private static Object snake(String text) {
        DumperOptions d = new DumperOptions();
        LoaderOptions o = options();
        return new Yaml(new SafeConstructor(o), new Representer(d), d, o, new Yaml11.Resolver11()).load(text);
    }

    /** Value, class and order of everything in a parsed document. */
    private static String shape(Object v) {
        if (v instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder(m.getClass().getName()).append('{');
            m.forEach((k, x) -> sb.append(shape(k)).append('=').append(shape(x)).append(','));
            return sb.append('}').toString();
        }
        if (v instanceof List<?> l) {
            StringBuilder sb = new StringBuilder(l.getClass().getName()).append('[');
            l.forEach(x -> sb.append(shape(x)).append(','));
            return sb.append(']').toString();
        }
        if (v instanceof Date d) {
            return "Date:" + d.getTime();
        }
        return v == null ? "null" : v.getClass().getName() + ":" + v;
    }

    /** Asserts agreement when FastYaml accepts; returns whether it did. */
    private static boolean agrees(String text) {
        Object fast = FastYaml.parse(text, options());
        if (fast == FastYaml.UNSUPPORTED) {
            return false;
        }
        Object expected;
        try {
            expected = snake(text);
        } catch (RuntimeException e) {
            throw new AssertionError("FastYaml accepted a document SnakeYAML rejects: " + text, e);
        }
        assertEquals(shape(expected), shape(fast), text);
        return true;
    }

    private static void accepted(String text) {
        assertTrue(agrees(text), "expected the fast path for: " + text);
    }

    private static void leftToSnakeYaml(String text) {
        assertSame(FastYaml.UNSUPPORTED, FastYaml.parse(text, options()), text);
    }

    @Test
    void plainConfigurationShapesAreReadDirectlyWithSnakeYamlsResult() {
        accepted("");
        accepted("# only a comment\n\n");
        accepted("id: r1\nname: Rack 1\nu_height: 42\ndevices:\n  - id: c1\n    u_position: 1\n    instance:\n"
                + "      1: compute001\n      2: compute002\n  - {id: sw, name: Switch, u_position: 3, instance: sw1}\n");
        accepted("racks:\n- r1\n- r2\nnext: x\n");
        accepted("layout: {size: {width: 40, height: 20}, matrix: [[1, 2], [3, 4]]}\nlist: []\nmap: {}\n");
        accepted("a: yes\nb: off\nc: 010\nd: 08\ne: 1e3\nf: 1.0e+3\ng: .5\nh: ~\ni:\nj: 0x1A\nk: 12:30\nl: 3000000000\n");
        accepted("t: 2001-12-14\nu: 2001-12-14 21:59:43.10 -5\n");
        accepted("q: \"yes\"\nr: 'it''s'\n\"k k\" : v\nurl: http://x:9090/a#b\ns: a #comment\nv: a  b\n");
        accepted("-a: 1\n:b: 2\n?c: 3\nw: x]\nn: Salle Über\n");
        accepted("- a: 1\n  b:\n  - x\n  - y\n-\n  c: 2\n- [a, 'b', \"c\"]\n-\n");
    }

    @Test
    void anythingElseIsLeftToSnakeYaml() {
        leftToSnakeYaml("a: &x 1\nb: *x\n");
        leftToSnakeYaml("a: !!str 1\n");
        leftToSnakeYaml("a: |\n  text\n");
        leftToSnakeYaml("a: b\n  c\n"); // multi-line plain scalar
        leftToSnakeYaml("a: \"x\\ty\"\n");
        leftToSnakeYaml("a: [1,\n  2]\n");
        leftToSnakeYaml("---\na: 1\n");
        leftToSnakeYaml("a:\tb\n");
        leftToSnakeYaml("a: 1\r\n");
        leftToSnakeYaml("a: 1\na: 2\n"); // duplicate keys: SnakeYAML keeps the last and logs
        leftToSnakeYaml("<<: {a: 1}\n");
        leftToSnakeYaml("a: b: c\n");
        leftToSnakeYaml("a:\n    b: 1\n  c: 2\n");
        leftToSnakeYaml("just a scalar\n");
        leftToSnakeYaml("a: [b,]\n");
        leftToSnakeYaml("- - a\n");
        leftToSnakeYaml("a: {b}\n");
    }

    @Test
    void timestampsAreNeverSharedAndOtherScalarsResolveOnce() {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) FastYaml.parse("a: 2001-12-14\nb: 2001-12-14\n", options());
        assertEquals(m.get("a"), m.get("b"));
        assertNotSame(m.get("a"), m.get("b"));
    }

    @Test
    void randomDocumentsAgreeWithSnakeYamlWheneverAccepted() {
        String[] pieces = {"a", "b", "1", "01", "-1", "1.5", "yes", "~", "null", "x y", "\"q\"", "'s''t'", ": ", ":",
                "- ", "-", " ", "  ", "\n", "\n  ", "\n    ", "#c", " #c", "[", "]", "{", "}", ", ", ",", "?", "'",
                "\"", "http://h:1", "2001-01-01", "<<", "&a", "*a", "!", "|", ">", "%", "@", "é", "0x1F", "1_000",
                "12:30", ".inf", "a: 1\n", "- x\n", "k:\n  - v\n", "{a: [1, {b: c}]}", "Off"};
        Random random = new Random(42);
        int accepted = 0;
        for (int round = 0; round < 30_000; round++) {
            StringBuilder sb = new StringBuilder();
            int len = 1 + random.nextInt(14);
            for (int i = 0; i < len; i++) {
                sb.append(pieces[random.nextInt(pieces.length)]);
            }
            if (agrees(sb.toString())) {
                accepted++;
            }
        }
        assertTrue(accepted > 1000, "too few random documents took the fast path: " + accepted);
    }

    @Test
    void everyExampleFileAgreesWithSnakeYaml() throws IOException {
        Path examples = Path.of("../../shared/rackscope-examples");
        if (!Files.isDirectory(examples)) {
            examples = Path.of("../shared/rackscope-examples");
        }
        Assumptions.assumeTrue(Files.isDirectory(examples), "rackscope-examples not found");
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(examples)) {
            walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).forEach(files::add);
        }
        int accepted = 0;
        for (Path f : files) {
            if (agrees(Files.readString(f))) {
                accepted++;
            }
        }
        assertTrue(accepted > files.size() / 2, accepted + " of " + files.size() + " example files took the fast path");
    }
}
