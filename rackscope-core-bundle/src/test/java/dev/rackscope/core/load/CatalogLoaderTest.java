package dev.rackscope.core.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rackscope.api.model.Catalog;
import dev.rackscope.api.model.DeviceTemplate;
import dev.rackscope.api.model.DeviceTemplate.Layout;
import dev.rackscope.api.model.RackComponentTemplate;
import dev.rackscope.api.model.RackTemplate;
import dev.rackscope.api.model.RackTemplate.InfrastructureComponent;
import dev.rackscope.api.model.RackTemplate.RackComponentRef;
import dev.rackscope.core.config.Yaml11;

class CatalogLoaderTest {

    @TempDir
    Path dir;

    static Path write(Path root, String relative, String content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file;
    }

    /** A YAML flow mapping as the parser gives it. */
    static Map<?, ?> yaml(String text) throws IOException {
        return (Map<?, ?>) Yaml11.parse(text, "test");
    }

    private static DeviceTemplate device(String yaml, Problems problems) throws IOException {
        return CatalogLoader.deviceTemplate(yaml(yaml), problems);
    }

    private static Problems.Problem onlyProblem(Problems problems) {
        assertEquals(1, problems.list().size(), problems.summary());
        return problems.list().get(0);
    }

    private static List<String> ids(Catalog c) {
        return c.deviceTemplates().stream().map(DeviceTemplate::id).toList();
    }

    // ------------------------------------------------------------------ discovery and file errors

    @Test
    void missingRootGivesAnEmptyCatalogWithoutWarning() {
        Loaded<Catalog> loaded = CatalogLoader.load(dir.resolve("nope"));
        assertEquals(Catalog.EMPTY, loaded.value());
        assertEquals(List.of(), loaded.warnings());
    }

    @Test
    void rootThatIsAFileGivesAnEmptyCatalogAndSaysSo() throws IOException {
        Path file = write(dir, "t.yaml", "templates: [{id: a, name: A, u_height: 1}]\n");
        Loaded<Catalog> loaded = CatalogLoader.load(file);
        assertEquals(Catalog.EMPTY, loaded.value());
        assertEquals(1, loaded.warnings().size());
        assertTrue(loaded.warnings().get(0).contains(file.toString()));
    }

    @Test
    void yamlFilesAreFoundAtAnyDepthAndYmlFilesAreIgnored() throws IOException {
        write(dir, "devices/server/deep/a.yaml", "templates: [{id: deep, name: D, u_height: 1}]\n");
        write(dir, "top.yaml", "templates: [{id: top, name: T, u_height: 1}]\n");
        write(dir, "devices/ignored.yml", "templates: [{id: yml, name: Y, u_height: 1}]\n");
        write(dir, "README.md", "templates: [{id: md, name: M, u_height: 1}]\n");
        Loaded<Catalog> loaded = CatalogLoader.load(dir);
        assertEquals(List.of("deep", "top"), ids(loaded.value()));
        assertEquals(List.of(), loaded.warnings());
    }

    @Test
    void filesAreReadInSortedPathOrderNameByName() throws IOException {
        write(dir, "b.yaml", "templates: [{id: b, name: B, u_height: 1}]\n");
        write(dir, "a-c.yaml", "templates: [{id: a-c, name: AC, u_height: 1}]\n");
        write(dir, "a/z.yaml", "templates: [{id: a/z, name: AZ, u_height: 1}]\n");
        write(dir, "A.yaml", "templates: [{id: A, name: A, u_height: 1}]\n");
        // "a" < "a-c.yaml" name by name, although "a/z.yaml" > "a-c.yaml" as plain strings
        assertEquals(List.of("A", "a/z", "a-c", "b"), ids(CatalogLoader.load(dir).value()));
    }

    @Test
    void linkedFoldersAreFollowedAndALinkLoopDoesNotHang() throws IOException {
        Path shared = dir.resolve("shared");
        write(shared, "srv.yaml", "templates: [{id: shared, name: S, u_height: 1}]\n");
        Path root = dir.resolve("templates");
        write(root, "own.yaml", "templates: [{id: own, name: O, u_height: 1}]\n");
        try {
            Files.createSymbolicLink(root.resolve("linked"), shared);
            Files.createSymbolicLink(root.resolve("loop"), root);
        } catch (UnsupportedOperationException | IOException e) {
            org.junit.jupiter.api.Assumptions.abort("symbolic links are not supported here: " + e);
        }
        Loaded<Catalog> loaded = CatalogLoader.load(root);
        assertEquals(List.of("shared", "own"), ids(loaded.value()));
        assertEquals(1, loaded.warnings().size(), loaded.warnings().toString());
        assertTrue(loaded.warnings().get(0).startsWith("Symbolic link loop skipped: "), loaded.warnings().get(0));
    }

    @Test
    void duplicateIdsAreAllKeptAndALookupFindsTheFirst() throws IOException {
        write(dir, "a.yaml", "templates: [{id: dup, name: First, u_height: 1}]\n");
        write(dir, "b.yaml", "templates: [{id: dup, name: Second, u_height: 2}]\n");
        Catalog catalog = CatalogLoader.load(dir).value();
        assertEquals(List.of("dup", "dup"), ids(catalog));
        assertEquals("First", catalog.deviceTemplate("dup").orElseThrow().name());
    }

    @Test
    void aBadTemplateDropsTheRestOfItsFileButKeepsWhatCameBefore() throws IOException {
        Path bad = write(dir, "a.yaml", """
                templates:
                  - {id: ok1, name: OK1, u_height: 1}
                  - {id: bad, name: BAD, u_height: 2.5}
                  - {id: never, name: NEVER, u_height: 1}
                rack_templates:
                  - {id: never-rack, name: NR}
                """);
        write(dir, "b.yaml", "templates: [{id: other, name: O, u_height: 1}]\n");
        Loaded<Catalog> loaded = CatalogLoader.load(dir);
        assertEquals(List.of("ok1", "other"), ids(loaded.value()));
        assertEquals(List.of(), loaded.value().rackTemplates());
        assertEquals(List.of("Failed to load template file " + bad + " (line 3): templates.1.u_height: Input should "
                + "be a valid integer, got a number with a fractional part"), loaded.warnings());
    }

    @Test
    void sectionsAreReadDeviceThenRackThenComponentWhateverTheirOrderInTheFile() throws IOException {
        Path file = write(dir, "a.yaml", """
                rack_component_templates:
                  - {id: c, name: C, u_height: 1}
                rack_templates:
                  - {id: r, name: R}
                templates:
                  - {id: d, name: D, u_height: 1}
                  - {id: bad, name: 42, u_height: 1}
                """);
        Loaded<Catalog> loaded = CatalogLoader.load(dir);
        assertEquals(List.of("d"), ids(loaded.value()));
        assertEquals(List.of(), loaded.value().rackTemplates());
        assertEquals(List.of(), loaded.value().rackComponentTemplates());
        assertEquals(List.of("Failed to load template file " + file + " (line 7): templates.1.name: Input should be "
                + "a valid string"), loaded.warnings());
    }

    @Test
    void aBadRackComponentTemplateKeepsTheEarlierSectionsOfTheFile() throws IOException {
        write(dir, "a.yaml", """
                templates: [{id: d, name: D, u_height: 1}]
                rack_templates: [{id: r, name: R}]
                rack_component_templates:
                  - {id: c1, name: C1, u_height: 1}
                  - {id: c2, name: C2}
                  - {id: c3, name: C3, u_height: 1}
                """);
        Loaded<Catalog> loaded = CatalogLoader.load(dir);
        assertEquals(1, loaded.value().deviceTemplates().size());
        assertEquals(1, loaded.value().rackTemplates().size());
        assertEquals(List.of("c1"), loaded.value().rackComponentTemplates().stream().map(RackComponentTemplate::id)
                .toList());
        assertTrue(loaded.warnings().get(0).endsWith("(line 5): rack_component_templates.1.u_height: Field required"),
                loaded.warnings().get(0));
    }

    @Test
    void aNullOrNonListSectionFailsTheRestOfTheFile() throws IOException {
        Path nullKey = write(dir, "a.yaml", "templates: [{id: d, name: D, u_height: 1}]\nrack_templates: null\n"
                + "rack_component_templates: [{id: c, name: C, u_height: 1}]\n");
        Path scalar = write(dir, "b.yaml", "templates: 5\n");
        Loaded<Catalog> loaded = CatalogLoader.load(dir);
        assertEquals(List.of("d"), ids(loaded.value()));
        assertEquals(List.of(), loaded.value().rackComponentTemplates());
        assertEquals(List.of("Failed to load template file " + nullKey + " (line 2): 'rack_templates' must be a list, "
                        + "got null",
                "Failed to load template file " + scalar + " (line 1): 'templates' must be a list, got a number"),
                loaded.warnings());
    }

    @Test
    void anEmptyMappingSectionIsNothingToLoad() throws IOException {
        write(dir, "a.yaml", "templates: {}\nrack_templates: [{id: r, name: R}]\n");
        Loaded<Catalog> loaded = CatalogLoader.load(dir);
        assertEquals(1, loaded.value().rackTemplates().size());
        assertEquals(List.of(), loaded.warnings());
    }

    @Test
    void aTemplateThatIsNotAMappingFailsTheFile() throws IOException {
        Path file = write(dir, "a.yaml", "templates:\n  - just-a-name\n");
        Loaded<Catalog> loaded = CatalogLoader.load(dir);
        assertEquals(List.of("Failed to load template file " + file + " (line 2): templates.0: Input should be a "
                + "valid dictionary or instance of DeviceTemplate"), loaded.warnings());
    }

    @Test
    void emptyFilesAreSkippedAndBadYamlIsAWarningWithItsLine() throws IOException {
        write(dir, "empty.yaml", "");
        write(dir, "comment.yaml", "# nothing yet\n");
        Path broken = write(dir, "broken.yaml", "templates:\n  - {id: x\n");
        Path list = write(dir, "list.yaml", "- templates\n");
        write(dir, "ok.yaml", "templates: [{id: ok, name: OK, u_height: 1}]\n");
        Loaded<Catalog> loaded = CatalogLoader.load(dir);
        assertEquals(List.of("ok"), ids(loaded.value()));
        assertEquals(2, loaded.warnings().size(), loaded.warnings().toString());
        assertTrue(loaded.warnings().get(0).startsWith("Failed to load template file " + broken + " (line 3): "
                + "invalid YAML: "), loaded.warnings().get(0));
        assertEquals("Failed to load template file " + list + ": the document is a list, not a mapping",
                loaded.warnings().get(1));
    }

    @Test
    void aMultiDocumentFileFails() throws IOException {
        write(dir, "a.yaml", "templates: [{id: a, name: A, u_height: 1}]\n---\ntemplates: []\n");
        Loaded<Catalog> loaded = CatalogLoader.load(dir);
        assertEquals(List.of(), ids(loaded.value()));
        assertEquals(1, loaded.warnings().size());
    }

    // ------------------------------------------------------------------ device templates

    @Test
    void deviceTemplateDefaults() throws IOException {
        Problems problems = new Problems();
        DeviceTemplate t = device("{id: d, name: D, u_height: 2}", problems);
        assertEquals(new DeviceTemplate("d", "D", "server", null, null, 2, null, null, null, List.of(), List.of(),
                List.of(), null), t);
        assertTrue(problems.isEmpty());
    }

    @Test
    void deviceTemplateReadsEveryFieldAndIgnoresUnknownKeys() throws IOException {
        Problems problems = new Problems();
        DeviceTemplate t = device("""
                {id: s, name: Shelf, type: storage, storage_type: eseries, role: data, u_height: 4, colour: red,
                 layout: {type: vertical, rows: "2", cols: 1.0, matrix: [[1, "2"], [true, 4.0]]},
                 disk_layout: {matrix: []},
                 rear_layout: {rows: 1, cols: 2, matrix: [[901, 902]]},
                 rear_components: [{id: psu1, name: PSU 1, type: psu, role: primary, checks: [psu_ok]},
                                   {id: fan1, name: Fan, type: fan}],
                 checks: [a, b], metrics: [m],
                 display_thresholds: {temperature: {warn: 40, crit: "48.5"}, power: {max: true}}}
                """, problems);
        assertTrue(problems.isEmpty(), problems.summary());
        assertEquals(new Layout("vertical", 2, 1, List.of(List.of(1, 2), List.of(1, 4))), t.layout());
        assertEquals(new Layout("grid", 1, 1, List.of()), t.diskLayout());
        assertEquals(new Layout("grid", 1, 2, List.of(List.of(901, 902))), t.rearLayout());
        assertEquals(List.of(new DeviceTemplate.RearComponent("psu1", "PSU 1", "psu", "primary", List.of("psu_ok")),
                new DeviceTemplate.RearComponent("fan1", "Fan", "fan", null, List.of())), t.rearComponents());
        assertEquals("storage", t.type());
        assertEquals("eseries", t.storageType());
        assertEquals("data", t.role());
        assertEquals(List.of("a", "b"), t.checks());
        assertEquals(List.of("m"), t.metrics());
        assertEquals(Map.of("temperature", Map.of("warn", 40.0, "crit", 48.5), "power", Map.of("max", 1.0)),
                t.displayThresholds());
    }

    @Test
    void intFieldsAcceptIntegralFormsAndRejectFractions() throws IOException {
        Problems problems = new Problems();
        assertEquals(5, device("{id: d, name: D, u_height: '5'}", problems).uHeight());
        assertEquals(5, device("{id: d, name: D, u_height: 5.0}", problems).uHeight());
        assertEquals(1, device("{id: d, name: D, u_height: true}", problems).uHeight());
        assertTrue(problems.isEmpty(), problems.summary());

        assertNull(device("{id: d, name: D, u_height: 2.5}", problems));
        assertEquals("int_from_float", onlyProblem(problems).type());
        assertEquals(List.of("u_height"), onlyProblem(problems).loc());
    }

    @Test
    void uHeightIsRequiredAndNotNull() throws IOException {
        Problems missing = new Problems();
        assertNull(device("{id: d, name: D}", missing));
        assertEquals("missing", onlyProblem(missing).type());
        Problems nul = new Problems();
        assertNull(device("{id: d, name: D, u_height: null}", nul));
        assertEquals("int_type", onlyProblem(nul).type());
    }

    @Test
    void stringFieldsRejectNumbers() throws IOException {
        Problems problems = new Problems();
        assertNull(device("{id: 7, name: 42, u_height: 1, checks: [1]}", problems));
        assertEquals(List.of(List.of("id"), List.of("name"), List.of("checks", 0)),
                problems.list().stream().map(Problems.Problem::loc).toList());
        assertTrue(problems.list().stream().allMatch(p -> p.type().equals("string_type")));
    }

    @Test
    void nullForADefaultedFieldIsAnErrorButOptionalFieldsTakeNull() throws IOException {
        Problems problems = new Problems();
        assertNotNull(device("{id: d, name: D, u_height: 1, role: null, storage_type: null, layout: null, "
                + "display_thresholds: null}", problems));
        assertTrue(problems.isEmpty(), problems.summary());
        for (String field : List.of("type", "checks", "metrics", "rear_components")) {
            Problems p = new Problems();
            assertNull(device("{id: d, name: D, u_height: 1, " + field + ": null}", p), field);
            assertEquals(List.of(field), onlyProblem(p).loc());
        }
    }

    @Test
    void layoutNeedsAMatrixOfIntsAndAKnownType() throws IOException {
        Problems noMatrix = new Problems();
        assertNull(device("{id: d, name: D, u_height: 1, layout: {rows: 1}}", noMatrix));
        assertEquals("missing", onlyProblem(noMatrix).type());
        assertEquals(List.of("layout", "matrix"), onlyProblem(noMatrix).loc());

        Problems badType = new Problems();
        assertNull(device("{id: d, name: D, u_height: 1, layout: {type: circle, matrix: []}}", badType));
        assertEquals("literal_error", onlyProblem(badType).type());
        assertEquals("Input should be 'grid' or 'vertical'", onlyProblem(badType).msg());

        Problems badCell = new Problems();
        assertNull(device("{id: d, name: D, u_height: 1, rear_layout: {matrix: [[1, 1.5], 3]}}", badCell));
        assertEquals(List.of(List.of("rear_layout", "matrix", 0, 1), List.of("rear_layout", "matrix", 1)),
                badCell.list().stream().map(Problems.Problem::loc).toList());

        Problems notAMap = new Problems();
        assertNull(device("{id: d, name: D, u_height: 1, disk_layout: [1]}", notAMap));
        assertEquals("model_type", onlyProblem(notAMap).type());
        assertEquals("Input should be a valid dictionary or instance of LayoutConfig", onlyProblem(notAMap).msg());
    }

    @Test
    void rearComponentTypeIsRequiredAndFromTheList() throws IOException {
        for (String type : List.of("psu", "fan", "io", "hydraulics", "other")) {
            Problems ok = new Problems();
            assertNotNull(device("{id: d, name: D, u_height: 1, rear_components: [{id: r, name: R, type: " + type
                    + "}]}", ok), type);
        }
        Problems bad = new Problems();
        assertNull(device("{id: d, name: D, u_height: 1, rear_components: [{id: r, name: R, type: blower}]}", bad));
        assertEquals("Input should be 'psu', 'fan', 'io', 'hydraulics' or 'other'", onlyProblem(bad).msg());
        Problems missing = new Problems();
        assertNull(device("{id: d, name: D, u_height: 1, rear_components: [{id: r, name: R}]}", missing));
        assertEquals(List.of("rear_components", 0, "type"), onlyProblem(missing).loc());
    }

    @Test
    void displayThresholdsNeedStringKeysAndNumbers() throws IOException {
        Problems key = new Problems();
        assertNull(device("{id: d, name: D, u_height: 1, display_thresholds: {1: {warn: 2}}}", key));
        assertEquals(List.of("display_thresholds", 1, "[key]"), onlyProblem(key).loc());
        Problems value = new Problems();
        assertNull(device("{id: d, name: D, u_height: 1, display_thresholds: {t: {warn: hot}}}", value));
        assertEquals("float_parsing", onlyProblem(value).type());
        Problems inner = new Problems();
        assertNull(device("{id: d, name: D, u_height: 1, display_thresholds: {t: 5}}", inner));
        assertEquals("dict_type", onlyProblem(inner).type());
    }

    @Test
    void aNullInputIsAProblemNotAnException() {
        Problems problems = new Problems();
        assertNull(CatalogLoader.deviceTemplate(null, problems));
        assertNull(CatalogLoader.rackTemplate(null, problems));
        assertNull(CatalogLoader.rackComponentTemplate(null, problems));
        assertEquals(3, problems.list().size());
        assertTrue(problems.list().stream().allMatch(p -> p.type().equals("model_type")));
    }

    @Test
    void problemsHaveThePydanticShapeForA422Body() throws IOException {
        Problems problems = new Problems();
        Map<Object, Object> body = new LinkedHashMap<>(yaml("{id: d, u_height: x}"));
        assertNull(CatalogLoader.deviceTemplate(body, problems));
        List<Map<String, Object>> detail = problems.detail("body", "template");
        assertEquals(2, detail.size());
        assertEquals("missing", detail.get(0).get("type"));
        assertEquals(List.of("body", "template", "name"), detail.get(0).get("loc"));
        assertEquals("Field required", detail.get(0).get("msg"));
        assertEquals("int_parsing", detail.get(1).get("type"));
        assertEquals("x", detail.get(1).get("input"));
    }

    // ------------------------------------------------------------------ rack templates

    @Test
    void rackTemplateDefaults() throws IOException {
        Problems problems = new Problems();
        RackTemplate r = CatalogLoader.rackTemplate(yaml("{id: r, name: R}"), problems);
        assertEquals(new RackTemplate("r", "R", 42, new RackTemplate.Infrastructure(List.of(), List.of(), List.of(),
                List.of(), List.of()), List.of()), r);
    }

    @Test
    void rackTemplateInfrastructureComponentsAndRefs() throws IOException {
        Problems problems = new Problems();
        RackTemplate r = CatalogLoader.rackTemplate(yaml("""
                {id: r, name: R, u_height: "48", checks: [pdu_ok],
                 infrastructure: {
                   components: [{id: c, name: C, type: power, model: X1, role: primary, location: top,
                                 u_position: "3", u_height: 2}],
                   front_components: [{id: f, name: F, type: cooling}],
                   rear_components: [{id: b, name: B, type: management, location: bottom}],
                   side_components: [{id: s, name: S, type: network, location: side-left},
                                     {id: s2, name: S2, type: other, location: side-right}],
                   rack_components: [{template_id: pdu, side: left, id: dropped, location: left},
                                     {template_id: hmc, u_position: 40, u_height: 2, side: right},
                                     {template_id: pmc}]}}
                """), problems);
        assertTrue(problems.isEmpty(), problems.summary());
        assertEquals(48, r.uHeight());
        assertEquals(List.of("pdu_ok"), r.checks());
        assertEquals(List.of(new InfrastructureComponent("c", "C", "power", "X1", "primary", "top", 3, 2)),
                r.infrastructure().components());
        assertEquals(List.of(new InfrastructureComponent("f", "F", "cooling", null, null, "u-mount", null, null)),
                r.infrastructure().frontComponents());
        assertEquals("bottom", r.infrastructure().rearComponents().get(0).location());
        assertEquals(2, r.infrastructure().sideComponents().size());
        assertEquals(List.of(new RackComponentRef("pdu", 1, null, "left"), new RackComponentRef("hmc", 40, 2, "right"),
                new RackComponentRef("pmc", 1, null, null)), r.infrastructure().rackComponents());
    }

    @Test
    void rackTemplateRejectsBadEnumsMissingFieldsAndNulls() throws IOException {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("{id: r, name: R, infrastructure: null}", "infrastructure");
        cases.put("{id: r, name: R, infrastructure: [1]}", "infrastructure");
        cases.put("{id: r, name: R, u_height: null}", "u_height");
        cases.put("{id: r, name: R, checks: null}", "checks");
        cases.put("{id: r, name: R, infrastructure: {components: null}}", "infrastructure.components");
        cases.put("{id: r, name: R, infrastructure: {components: [{id: c, name: C, type: water}]}}",
                "infrastructure.components.0.type");
        cases.put("{id: r, name: R, infrastructure: {components: [{id: c, name: C}]}}",
                "infrastructure.components.0.type");
        cases.put("{id: r, name: R, infrastructure: {components: [{id: c, name: C, type: power, location: left}]}}",
                "infrastructure.components.0.location");
        cases.put("{id: r, name: R, infrastructure: {components: [{id: c, name: C, type: power, location: null}]}}",
                "infrastructure.components.0.location");
        cases.put("{id: r, name: R, infrastructure: {rack_components: [{side: left}]}}",
                "infrastructure.rack_components.0.template_id");
        cases.put("{id: r, name: R, infrastructure: {rack_components: [{template_id: p, side: top}]}}",
                "infrastructure.rack_components.0.side");
        cases.put("{id: r, name: R, infrastructure: {rack_components: [{template_id: p, u_position: null}]}}",
                "infrastructure.rack_components.0.u_position");
        cases.put("{name: R}", "id");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Problems problems = new Problems();
            assertNull(CatalogLoader.rackTemplate(yaml(c.getKey()), problems), c.getKey());
            assertEquals(c.getValue(), Problems.path(onlyProblem(problems).loc()), c.getKey());
        }
    }

    // ------------------------------------------------------------------ rack component templates

    @Test
    void rackComponentTemplateDefaults() throws IOException {
        Problems problems = new Problems();
        assertEquals(new RackComponentTemplate("c", "C", "other", null, null, "u-mount", null, 1, null, List.of(),
                List.of()), CatalogLoader.rackComponentTemplate(yaml("{id: c, name: C, u_height: 1}"), problems));
    }

    @Test
    void rackComponentTemplateReadsEveryField() throws IOException {
        Problems problems = new Problems();
        RackComponentTemplate c = CatalogLoader.rackComponentTemplate(yaml("{id: p, name: PDU, type: pdu, model: M, "
                + "role: a, location: side, side: right, u_height: '21', u_position: 1, checks: [x], metrics: [y]}"),
                problems);
        assertEquals(new RackComponentTemplate("p", "PDU", "pdu", "M", "a", "side", "right", 21, 1, List.of("x"),
                List.of("y")), c);
        for (String location : List.of("side", "u-mount", "front", "rear")) {
            assertNotNull(CatalogLoader.rackComponentTemplate(yaml("{id: p, name: P, u_height: 1, location: "
                    + location + "}"), problems), location);
        }
        assertTrue(problems.isEmpty(), problems.summary());
    }

    @Test
    void rackComponentTemplateRejectsBadEnumsAndMissingHeight() throws IOException {
        Map<String, String> cases = Map.of(
                "{id: p, name: P}", "u_height",
                "{id: p, name: P, u_height: 1, location: top}", "location",
                "{id: p, name: P, u_height: 1, side: up}", "side",
                "{id: p, name: P, u_height: 1, type: null}", "type",
                "{id: p, name: P, u_height: 1, u_position: 1.5}", "u_position",
                "{id: p, name: P, u_height: 1, metrics: null}", "metrics");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Problems problems = new Problems();
            assertNull(CatalogLoader.rackComponentTemplate(yaml(c.getKey()), problems), c.getKey());
            assertEquals(c.getValue(), Problems.path(onlyProblem(problems).loc()), c.getKey());
        }
    }
}
