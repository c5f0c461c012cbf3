package dev.rackscope.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** YAML 1.1 reading as PyYAML safe_load does it (core.md §0), and file-naming errors. */
class Yaml11Test {

    @TempDir
    Path dir;

    private static Object value(String scalar) throws Exception {
        return ((Map<?, ?>) Yaml11.parse("v: " + scalar + "\n", "test.yaml")).get("v");
    }

    @Test
    void yesNoOnOffAreBooleans() throws Exception {
        assertEquals(true, value("yes"));
        assertEquals(true, value("Yes"));
        assertEquals(true, value("ON"));
        assertEquals(true, value("on"));
        assertEquals(false, value("no"));
        assertEquals(false, value("NO"));
        assertEquals(false, value("off"));
        assertEquals(false, value("Off"));
        assertEquals(true, value("True"));
        assertEquals(false, value("FALSE"));
    }

    @Test
    void singleLettersYAndNStayStrings() throws Exception {
        // PyYAML's 1.1 resolver has no y/n booleans either
        assertEquals("y", value("y"));
        assertEquals("n", value("n"));
    }

    @Test
    void leadingZeroMeansOctal() throws Exception {
        assertEquals(8, ((Number) value("010")).intValue());
        assertEquals(-8, ((Number) value("-010")).intValue());
    }

    @Test
    void notOctalWithLeadingZeroStaysAString() throws Exception {
        assertEquals("08", value("08"));
        assertEquals("0900", value("0900"));
    }

    @Test
    void sexagesimalIsAnInteger() throws Exception {
        assertEquals(750, ((Number) value("12:30")).intValue());
        assertEquals(5400, ((Number) value("1:30:00")).intValue());
    }

    @Test
    void underscoresAreDigitSeparators() throws Exception {
        assertEquals(1000, ((Number) value("1_000")).intValue());
    }

    @Test
    void hexAndBinaryAreIntegers() throws Exception {
        assertEquals(26, ((Number) value("0x1A")).intValue());
        assertEquals(5, ((Number) value("0b101")).intValue());
    }

    @Test
    void yaml12OctalPrefixStaysAString() throws Exception {
        assertEquals("0o10", value("0o10"));
    }

    @Test
    void largeIntegersKeepTheirValue() throws Exception {
        assertEquals(3_000_000_000L, ((Number) value("3000000000")).longValue());
    }

    @Test
    void floatsAndNullsAreTyped() throws Exception {
        assertEquals(48.0, value("48.0"));
        assertEquals(0.5, value(".5"));
        assertEquals(1000.0, value("1.0e+3"));
        assertNull(value("~"));
        assertNull(value("null"));
        assertNull(value(""));
    }

    @Test
    void exponentWithoutDotOrSignStaysAStringAsInYaml11() throws Exception {
        assertEquals("1e3", value("1e3"));
        assertEquals("1.0e3", value("1.0e3"));
    }

    @Test
    void quotedScalarsStayStrings() throws Exception {
        assertEquals("yes", value("\"yes\""));
        assertEquals("010", value("'010'"));
    }

    @Test
    void duplicateKeysAreAcceptedAndTheLastOneWins() throws Exception {
        assertEquals(Map.of("a", 2), Yaml11.parse("a: 1\na: 2\n", "dup.yaml"));
    }

    @Test
    void mappingsKeepTheirKeyOrder() throws Exception {
        Map<?, ?> m = (Map<?, ?>) Yaml11.parse("zeta: 1\nalpha: 2\nmid: 3\n", "order.yaml");

        assertEquals(List.of("zeta", "alpha", "mid"), List.copyOf(m.keySet()));
    }

    @Test
    void arbitraryJavaTypesAreRefused() {
        Yaml11.YamlFileException e = assertThrows(Yaml11.YamlFileException.class,
                () -> Yaml11.parse("x: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[]]]\n",
                        "evil.yaml"));

        assertTrue(e.getMessage().contains("evil.yaml"), e.getMessage());
    }

    @Test
    void aliasBombIsRefused() {
        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        char prev = 'a';
        for (char c = 'b'; c <= 'm'; c++) {
            bomb.append(c).append(": &").append(c).append(" [");
            bomb.append(("*" + prev + ", ").repeat(9), 0, 9 * 4 - 2).append("]\n");
            prev = c;
        }

        assertThrows(Yaml11.YamlFileException.class, () -> Yaml11.parse(bomb.toString(), "bomb.yaml"));
    }

    // --- errors ----------------------------------------------------------------------------------

    @Test
    void syntaxErrorNamesTheSourceAndTheLine() {
        Yaml11.YamlFileException e = assertThrows(Yaml11.YamlFileException.class,
                () -> Yaml11.parse("a: 1\nb: [2, 3\nc: 4\n", "config/app.yaml"));

        assertTrue(e.getMessage().startsWith("Error parsing YAML file config/app.yaml"), e.getMessage());
        assertTrue(e.getMessage().matches("(?s).*\\(line [34]\\).*"), e.getMessage());
    }

    @Test
    void badIndentationErrorPointsAtItsLine() {
        Yaml11.YamlFileException e = assertThrows(Yaml11.YamlFileException.class,
                () -> Yaml11.parse("a:\n  b: 1\n c: 2\n", "x.yaml"));

        assertTrue(e.getMessage().contains("x.yaml (line 3)"), e.getMessage());
    }

    @Test
    void readMapOfAFileErrorNamesTheFile() throws Exception {
        Path file = dir.resolve("plugins/slurm/config.yml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "metric: m\nstatus_map:\n  ok: [idle\n");

        Yaml11.YamlFileException e = assertThrows(Yaml11.YamlFileException.class, () -> Yaml11.readMap(file));

        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("(line "), e.getMessage());
    }

    @Test
    void readMapOfAMissingFileIsNull() throws Exception {
        assertNull(Yaml11.readMap(dir.resolve("absent.yaml")));
    }

    @Test
    void readMapOfAnEmptyFileIsAnEmptyMap() throws Exception {
        Path file = Files.writeString(dir.resolve("empty.yaml"), "# only a comment\n");

        assertEquals(Map.of(), Yaml11.readMap(file));
    }

    @Test
    void readMapRefusesANonMappingRootNamingTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("list.yaml"), "- a\n- b\n");

        Yaml11.YamlFileException e = assertThrows(Yaml11.YamlFileException.class, () -> Yaml11.readMap(file));

        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("not a mapping"), e.getMessage());
    }

    @Test
    void readMapTurnsKeysIntoText() throws Exception {
        Path file = Files.writeString(dir.resolve("slots.yaml"), "1: a\nyes: b\nname: c\n");

        assertEquals(Map.of("1", "a", "true", "b", "name", "c"), Yaml11.readMap(file));
    }

    @Test
    void readMapReadsUtf8() throws Exception {
        Path file = dir.resolve("utf8.yaml");
        Files.write(file, "name: Salle é – 机房\n".getBytes(StandardCharsets.UTF_8));

        assertEquals(Map.of("name", "Salle é – 机房"), Yaml11.readMap(file));
    }

    // --- dump ------------------------------------------------------------------------------------

    @Test
    void dumpWritesBlockStyleInKeyOrder() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("plugins", Map.of("slurm", Map.of("enabled", true)));
        doc.put("roles", List.of("compute", "visu"));
        doc.put("app", Map.of("name", "Rackscope"));

        assertEquals("""
                plugins:
                  slurm:
                    enabled: true
                roles:
                - compute
                - visu
                app:
                  name: Rackscope
                """, Yaml11.dump(doc));
    }

    @Test
    void dumpQuotesStringsThatWouldReadBackAsOtherTypes() throws Exception {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("word", "yes");
        doc.put("octal", "010");
        doc.put("time", "12:30");
        doc.put("unicode", "机房");

        Object back = Yaml11.parse(Yaml11.dump(doc), "dumped.yaml");

        assertEquals(doc, back);
        assertTrue(Yaml11.dump(doc).contains("unicode: 机房"), Yaml11.dump(doc));
    }
}
