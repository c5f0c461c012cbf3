package dev.rackscope.core.load;

import static dev.rackscope.core.load.CatalogLoaderTest.write;
import static dev.rackscope.core.load.CatalogLoaderTest.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rackscope.api.model.CheckDefinition;
import dev.rackscope.api.model.CheckDefinition.Rule;
import dev.rackscope.core.config.Yaml11;

class ChecksLoaderTest {

    @TempDir
    Path dir;

    private static final String BASE = "id: c, name: C, scope: node, expr: up";

    private static CheckDefinition check(String fields, Problems problems) throws IOException {
        return ChecksLoader.check(yaml("{" + BASE + (fields.isEmpty() ? "" : ", " + fields) + "}"), problems);
    }

    private static CheckDefinition valid(String fields) throws IOException {
        Problems problems = new Problems();
        CheckDefinition c = check(fields, problems);
        assertTrue(problems.isEmpty(), problems.summary());
        return c;
    }

    private static Problems.Problem invalid(String fields) throws IOException {
        Problems problems = new Problems();
        assertNull(check(fields, problems), fields);
        assertEquals(1, problems.list().size(), problems.summary());
        return problems.list().get(0);
    }

    private static List<String> ids(Loaded<List<CheckDefinition>> loaded) {
        return loaded.value().stream().map(CheckDefinition::id).toList();
    }

    private static String checks(String... ids) {
        StringBuilder sb = new StringBuilder("checks:\n");
        for (String id : ids) {
            sb.append("  - {id: ").append(id).append(", name: N, scope: node, expr: up}\n");
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ discovery and file errors

    @Test
    void missingPathGivesAnEmptyLibraryWithoutWarning() {
        Loaded<List<CheckDefinition>> loaded = ChecksLoader.load(dir.resolve("nope"));
        assertEquals(List.of(), loaded.value());
        assertEquals(List.of(), loaded.warnings());
    }

    @Test
    void aDirectoryIsReadAtTopLevelYamlSortedThenYmlSorted() throws IOException {
        write(dir, "b.yaml", checks("b-yaml"));
        write(dir, "a.yml", checks("a-yml"));
        write(dir, "a.yaml", checks("a-yaml"));
        write(dir, "c.yml", checks("c-yml"));
        write(dir, "nested/n.yaml", checks("nested"));
        write(dir, "notes.txt", checks("txt"));
        assertEquals(List.of("a-yaml", "b-yaml", "a-yml", "c-yml"), ids(ChecksLoader.load(dir)));
    }

    @Test
    void aFilePathIsReadAsTheOnlyFile() throws IOException {
        Path file = write(dir, "library.txt", checks("one", "two"));
        write(dir, "other.yaml", checks("other"));
        assertEquals(List.of("one", "two"), ids(ChecksLoader.load(file)));
    }

    @Test
    void aBadCheckIsSkippedAloneWithItsFileAndLine() throws IOException {
        Path file = write(dir, "a.yaml", """
                checks:
                  - {id: ok1, name: OK, scope: node, expr: up}
                  - {id: bad, name: BAD, scope: pdu, expr: up}
                  - {id: ok2, name: OK, scope: rack, expr: up}
                """);
        Loaded<List<CheckDefinition>> loaded = ChecksLoader.load(dir);
        assertEquals(List.of("ok1", "ok2"), ids(loaded));
        assertEquals(List.of("Failed to load check in " + file + " (line 3): checks.1.scope: Input should be 'node', "
                + "'chassis' or 'rack'"), loaded.warnings());
    }

    @Test
    void aFileThatDoesNotParseIsSkippedWithAWarning() throws IOException {
        Path bad = write(dir, "a.yaml", "checks: [\n");
        write(dir, "b.yaml", checks("fine"));
        Loaded<List<CheckDefinition>> loaded = ChecksLoader.load(dir);
        assertEquals(List.of("fine"), ids(loaded));
        assertEquals(1, loaded.warnings().size());
        assertTrue(loaded.warnings().get(0).startsWith("Failed to parse checks file " + bad + " (line 2): invalid "
                + "YAML: "), loaded.warnings().get(0));
    }

    @Test
    void nonListChecksOrKindsSkipTheWholeFileWithAWarningNamingIt() throws IOException {
        Path checksMap = write(dir, "a.yaml", "checks: {id: x}\nkinds:\n  pdu: [{id: k, name: K, scope: rack, "
                + "expr: x}]\n");
        Path kindsList = write(dir, "b.yaml", checks("lost") + "kinds: [pdu]\n");
        Path kindValue = write(dir, "c.yaml", checks("lost2") + "kinds:\n  pdu: 5\n");
        write(dir, "d.yaml", checks("kept"));
        Loaded<List<CheckDefinition>> loaded = ChecksLoader.load(dir);
        assertEquals(List.of("kept"), ids(loaded));
        assertEquals(List.of(
                "Skipped checks file " + checksMap + " (line 1): 'checks' must be a list, got a mapping",
                "Skipped checks file " + kindsList + " (line 3): 'kinds' must be a mapping of kind to a list of checks, "
                        + "got a list",
                "Skipped checks file " + kindValue + " (line 4): 'kinds.pdu' must be a list, got a number"),
                loaded.warnings());
    }

    @Test
    void emptyOrNullSectionsAreNothingToLoad() throws IOException {
        write(dir, "a.yaml", "checks: null\nkinds:\n  pdu: null\n  ipmi: []\n  net: [{id: n, name: N, scope: node, "
                + "expr: x}]\n");
        write(dir, "b.yaml", "");
        write(dir, "c.yaml", "checks: []\nkinds: {}\n");
        Loaded<List<CheckDefinition>> loaded = ChecksLoader.load(dir);
        assertEquals(List.of("n"), ids(loaded));
        assertEquals(List.of(), loaded.warnings());
    }

    @Test
    void legacyKindsGiveTheirKeyAsKindUnlessTheCheckNamesOneAndComeAfterChecks() throws IOException {
        write(dir, "a.yaml", """
                kinds:
                  pdu:
                    - {id: k1, name: K1, scope: rack, expr: x}
                    - {id: k2, name: K2, scope: rack, expr: x, kind: custom}
                    - {id: k3, name: K3, scope: rack, expr: x, kind: null}
                  ipmi:
                    - {id: k4, name: K4, scope: node, expr: x}
                checks:
                  - {id: c1, name: C1, scope: node, expr: x}
                """);
        Loaded<List<CheckDefinition>> loaded = ChecksLoader.load(dir);
        assertEquals(List.of("c1", "k1", "k2", "k3", "k4"), ids(loaded));
        assertEquals(Arrays.asList(null, "pdu", "custom", null, "ipmi"),
                loaded.value().stream().map(CheckDefinition::kind).toList());
    }

    @Test
    void aBadLegacyCheckNamesItsKindInTheWarning() throws IOException {
        Path file = write(dir, "a.yaml", "kinds:\n  pdu:\n    - {id: k1, name: K1, scope: rack}\n");
        Loaded<List<CheckDefinition>> loaded = ChecksLoader.load(dir);
        assertEquals(List.of("Failed to load check in " + file + " (line 3): kinds.pdu.0.expr: Field required"),
                loaded.warnings());
    }

    @Test
    void duplicateIdsAreAllKept() throws IOException {
        write(dir, "a.yaml", checks("dup", "dup"));
        write(dir, "b.yaml", checks("dup"));
        assertEquals(List.of("dup", "dup", "dup"), ids(ChecksLoader.load(dir)));
    }

    @Test
    void aNonMappingDocumentOrCheckIsSkippedWithAWarning() throws IOException {
        Path list = write(dir, "a.yaml", "- id: x\n");
        Path item = write(dir, "b.yaml", "checks:\n  - up\n");
        Loaded<List<CheckDefinition>> loaded = ChecksLoader.load(dir);
        assertEquals(List.of(
                "Skipped checks file " + list + ": the document is a list, not a mapping",
                "Failed to load check in " + item + " (line 2): checks.0: Input should be a valid dictionary or "
                        + "instance of CheckDefinition"), loaded.warnings());
    }

    // ------------------------------------------------------------------ the check model

    @Test
    void checkDefaults() throws IOException {
        assertEquals(new CheckDefinition("c", "C", "node", "up", "bool", List.of(), List.of(), null, null, null, null,
                null, null), valid(""));
    }

    @Test
    void checkReadsEveryField() throws IOException {
        CheckDefinition c = valid("output: numeric, selectors: [a, b], kind: ipmi, expand_by_label: slot, "
                + "expand_discovery_expr: 'count(x)', expand_absent_state: OK, expand_crit_threshold: '3', for: 5m, "
                + "rules: [{op: '>=', value: 2, severity: WARN}], unknown: 1");
        assertEquals(new CheckDefinition("c", "C", "node", "up", "numeric", List.of("a", "b"),
                List.of(new Rule(">=", 2, "WARN")), "ipmi", "slot", "count(x)", "OK", 3, "5m"), c);
    }

    @Test
    void requiredFieldsAreReported() throws IOException {
        Problems problems = new Problems();
        assertNull(ChecksLoader.check(Map.of(), problems));
        assertEquals(List.of("id", "name", "scope", "expr"),
                problems.list().stream().map(p -> Problems.path(p.loc())).toList());
        assertTrue(problems.list().stream().allMatch(p -> p.type().equals("missing")));
    }

    @Test
    void scopeAndOutputAreEnums() throws IOException {
        for (String scope : List.of("node", "chassis", "rack")) {
            Problems problems = new Problems();
            assertNotNull(ChecksLoader.check(yaml("{id: c, name: C, expr: x, scope: " + scope + "}"), problems));
        }
        assertEquals("numeric", valid("output: numeric").output());
        assertEquals("Input should be 'bool' or 'numeric'", invalid("output: gauge").msg());
        assertEquals("literal_error", invalid("output: null").type());
    }

    @Test
    void stringFieldsRejectNumbersAndNullForDefaults() throws IOException {
        assertEquals("string_type", invalid("kind: 5").type());
        assertEquals(List.of("selectors", 0), invalid("selectors: [1]").loc());
        assertEquals(List.of("selectors"), invalid("selectors: null").loc());
        assertEquals(List.of("rules"), invalid("rules: null").loc());
        assertNull(valid("kind: null, expand_by_label: null, expand_crit_threshold: null").kind());
    }

    @Test
    void expandCritThresholdIsALaxInt() throws IOException {
        assertEquals(4, valid("expand_crit_threshold: 4.0").expandCritThreshold());
        assertEquals(1, valid("expand_crit_threshold: true").expandCritThreshold());
        assertEquals("int_from_float", invalid("expand_crit_threshold: 2.5").type());
        assertEquals("int_parsing", invalid("expand_crit_threshold: many").type());
    }

    @Test
    void forMustBeANumberAndAUnit() throws IOException {
        for (String ok : List.of("30s", "5m", "1h", "2d", "1w", "1y", "100m")) {
            assertEquals(ok, valid("for: " + ok).forDuration(), ok);
        }
        for (String bad : List.of("5x", "'5'", "m", "'5 m'", "' 5m'", "5M", "1h30m", "''")) {
            Problems.Problem p = invalid("for: " + bad);
            assertEquals("value_error", p.type(), bad);
            assertEquals(List.of("for"), p.loc());
            assertTrue(p.msg().startsWith("Value error, invalid duration"), p.msg());
            assertTrue(p.ctx().get("error") instanceof String, "the ctx error is a plain string");
        }
        assertEquals("string_type", invalid("for: 5").type());
        assertNull(valid("for: null").forDuration());
    }

    @Test
    void forDurationIsAcceptedAndForWinsWhenBothAreGiven() throws IOException {
        assertEquals("10s", valid("for_duration: 10s").forDuration());
        assertEquals("1m", valid("for: 1m, for_duration: 10s").forDuration());
        assertNull(valid("for: null, for_duration: 10s").forDuration());
        assertEquals(List.of("for_duration"), invalid("for_duration: soon").loc());
    }

    @Test
    void ruleValuesKeepTheirTypeAndTrueBecomesOne() throws IOException {
        List<Rule> rules = valid("""
                rules: [{op: '==', value: 0, severity: CRIT}, {op: '>', value: 2.5, severity: WARN},
                        {op: '!=', value: ok, severity: OK}, {op: '<', value: true, severity: UNKNOWN},
                        {op: '<=', value: '5', severity: OK}, {op: '>=', value: 1.0, severity: WARN},
                        {op: '==', value: false, severity: OK}, {op: '==', value: 99999999999, severity: OK},
                        {op: '==', value: 99999999999999999999, severity: OK}]
                """).rules();
        List<Object> values = rules.stream().map(Rule::value).toList();
        assertEquals(Arrays.asList(0, 2.5, "ok", 1, "5", 1.0, 0, 99999999999L, new BigInteger("99999999999999999999")),
                values);
        assertEquals(Integer.class, values.get(0).getClass());
        assertEquals(Double.class, values.get(5).getClass());
        assertEquals(List.of("==", ">", "!=", "<", "<=", ">=", "==", "==", "=="), rules.stream().map(Rule::op).toList());
        assertEquals("UNKNOWN", rules.get(3).severity());
    }

    @Test
    void ruleOpSeverityAndValueAreChecked() throws IOException {
        assertEquals(List.of("rules", 0, "op"), invalid("rules: [{op: '=', value: 1, severity: CRIT}]").loc());
        assertEquals(List.of("rules", 0, "severity"), invalid("rules: [{op: '==', value: 1, severity: FATAL}]").loc());
        assertEquals(List.of("rules", 0, "severity"), invalid("rules: [{op: '==', value: 1}]").loc());
        assertEquals(List.of("rules", 0, "value"), invalid("rules: [{op: '==', severity: OK}]").loc());
        assertEquals("model_type", invalid("rules: [up]").type());

        Problems problems = new Problems();
        assertNull(check("rules: [{op: '==', value: null, severity: OK}]", problems));
        assertEquals(List.of("int_type", "float_type", "string_type"),
                problems.list().stream().map(Problems.Problem::type).toList());
        assertEquals(List.of("rules.0.value.int", "rules.0.value.float", "rules.0.value.str"),
                problems.list().stream().map(p -> Problems.path(p.loc())).toList());
    }

    // ------------------------------------------------------------------ validation of a whole document

    private static List<Map<String, Object>> validate(String text) throws IOException {
        return ChecksLoader.validate(Yaml11.parse(text, "test"));
    }

    @Test
    void aValidDocumentHasNoErrors() throws IOException {
        assertEquals(List.of(), validate("checks:\n  - {" + BASE + ", rules: [{op: '==', value: 0, severity: CRIT}]}\n"
                + "kinds:\n  pdu:\n    - {id: d, name: D, scope: rack, expr: x, rules: [{op: '>', value: 1, severity: "
                + "WARN}]}\n"));
        assertEquals(List.of(), ChecksLoader.validate(null));
    }

    @Test
    void emptyRulesAndRepeatedIdsAreReportedPerCheck() throws IOException {
        List<Map<String, Object>> errors = validate("""
                checks:
                  - {id: a, name: A, scope: node, expr: x, rules: [{op: '==', value: 0, severity: CRIT}]}
                  - {id: b, name: B, scope: node, expr: x}
                kinds:
                  pdu:
                    - {id: a, name: A2, scope: rack, expr: x}
                """);
        assertEquals(List.of(
                Map.of("index", 1, "id", "b", "errors", List.of(Map.of("msg", "rules must not be empty"))),
                Map.of("index", 2, "id", "a", "errors", List.of(Map.of("msg", "rules must not be empty"))),
                Map.of("index", 2, "id", "a", "errors", List.of(Map.of("msg", "duplicate id")))), errors);
    }

    @Test
    void anInvalidCheckGivesItsPydanticErrors() throws IOException {
        List<Map<String, Object>> errors = validate("checks:\n  - {id: a, name: A, scope: node, expr: x, for: 5x, "
                + "rules: [{op: '==', value: 0, severity: CRIT}]}\n  - 42\n");
        assertEquals(2, errors.size());
        assertEquals(0, errors.get(0).get("index"));
        assertEquals("a", errors.get(0).get("id"));
        @SuppressWarnings("unchecked")
        Map<String, Object> problem = ((List<Map<String, Object>>) errors.get(0).get("errors")).get(0);
        assertEquals("value_error", problem.get("type"));
        assertEquals(List.of("for"), problem.get("loc"));
        assertEquals("5x", problem.get("input"));
        assertTrue(((Map<?, ?>) problem.get("ctx")).get("error") instanceof String);
        assertEquals(1, errors.get(1).get("index"));
        assertNull(errors.get(1).get("id"));
    }

    @Test
    void aDocumentOfTheWrongShapeGivesOneErrorWithoutIndex() throws IOException {
        List<Map<String, Object>> errors = validate("checks: 5\n");
        assertEquals(1, errors.size());
        assertNull(errors.get(0).get("index"));
        @SuppressWarnings("unchecked")
        Map<String, Object> problem = ((List<Map<String, Object>>) errors.get(0).get("errors")).get(0);
        assertEquals(List.of("checks"), problem.get("loc"));
        assertEquals("list_type", problem.get("type"));
    }
}
