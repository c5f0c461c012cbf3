package dev.rackscope.core.load;

import static dev.rackscope.core.load.CatalogLoaderTest.write;
import static dev.rackscope.core.load.CatalogLoaderTest.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rackscope.api.model.MetricDefinition;
import dev.rackscope.api.model.MetricDefinition.Display;

class MetricsLoaderTest {

    @TempDir
    Path dir;

    private static String metric(String id) {
        return "{id: " + id + ", name: N, metric: m, display: {unit: W}}";
    }

    private static String metrics(String... ids) {
        StringBuilder sb = new StringBuilder("metrics:\n");
        for (String id : ids) {
            sb.append("  - ").append(metric(id)).append('\n');
        }
        return sb.toString();
    }

    private static List<String> ids(Loaded<List<MetricDefinition>> loaded) {
        return loaded.value().stream().map(MetricDefinition::id).toList();
    }

    private static MetricDefinition valid(String yaml) throws IOException {
        Problems problems = new Problems();
        MetricDefinition m = MetricsLoader.metric(yaml(yaml), problems);
        assertTrue(problems.isEmpty(), problems.summary());
        return m;
    }

    private static Problems.Problem invalid(String yaml) throws IOException {
        Problems problems = new Problems();
        assertNull(MetricsLoader.metric(yaml(yaml), problems), yaml);
        assertEquals(1, problems.list().size(), problems.summary());
        return problems.list().get(0);
    }

    // ------------------------------------------------------------------ discovery and file errors

    @Test
    void missingPathGivesAnEmptyLibraryAndOneWarning() {
        Path missing = dir.resolve("metrics/library");
        Loaded<List<MetricDefinition>> loaded = MetricsLoader.load(missing);
        assertEquals(List.of(), loaded.value());
        assertEquals(List.of("Metrics library path not found: " + missing), loaded.warnings());
    }

    @Test
    void aDirectoryIsSearchedAtAnyDepthYamlSortedThenYmlSorted() throws IOException {
        write(dir, "b.yaml", metrics("b"));
        write(dir, "a/deep/x.yaml", metrics("a-deep"));
        write(dir, "a-c.yaml", metrics("a-c"));
        write(dir, "a.yml", metrics("a-yml"));
        write(dir, "z/z.yml", metrics("z-yml"));
        write(dir, "notes.txt", metrics("txt"));
        Loaded<List<MetricDefinition>> loaded = MetricsLoader.load(dir);
        assertEquals(List.of("a-deep", "a-c", "b", "a-yml", "z-yml"), ids(loaded));
        assertEquals(List.of(), loaded.warnings());
    }

    @Test
    void aFilePathIsReadAsTheOnlyFile() throws IOException {
        Path file = write(dir, "one.yml", metrics("one"));
        write(dir, "other.yaml", metrics("other"));
        assertEquals(List.of("one"), ids(MetricsLoader.load(file)));
    }

    @Test
    void aFileIsAListOrASingleDefinitionAndTheListWins() throws IOException {
        write(dir, "list.yaml", metrics("l1", "l2"));
        write(dir, "single.yaml", "id: s\nname: S\nmetric: m\ndisplay:\n  unit: W\n");
        write(dir, "both.yaml", "metrics: []\nid: ignored\nname: I\nmetric: m\ndisplay: {unit: W}\n");
        write(dir, "neither.yaml", "title: not a metric\n");
        write(dir, "empty.yaml", "");
        Loaded<List<MetricDefinition>> loaded = MetricsLoader.load(dir);
        assertEquals(List.of("l1", "l2", "s"), ids(loaded));
        assertEquals(List.of(), loaded.warnings());
    }

    @Test
    void aBadDefinitionIsSkippedAloneWithItsFileAndLine() throws IOException {
        Path file = write(dir, "a.yaml", """
                metrics:
                  - {id: ok1, name: N, metric: m, display: {unit: W}}
                  - {id: bad, name: N, metric: m}
                  - {id: ok2, name: N, metric: m, display: {unit: W}}
                """);
        Path single = write(dir, "b.yaml", "id: s\nname: S\nmetric: m\ndisplay:\n  unit: 5\n");
        Loaded<List<MetricDefinition>> loaded = MetricsLoader.load(dir);
        assertEquals(List.of("ok1", "ok2"), ids(loaded));
        assertEquals(List.of("Failed to load metric in " + file + " (line 3): metrics.1.display: Field required",
                "Failed to load metric in " + single + " (line 5): display.unit: Input should be a valid string"),
                loaded.warnings());
    }

    @Test
    void badFilesAreSkippedWithAWarningAndNeverAbortTheLoad() throws IOException {
        Path broken = write(dir, "a.yaml", "id: [\n");
        Path map = write(dir, "b.yaml", "metrics:\n  power: {id: p}\n");
        Path scalar = write(dir, "c.yaml", "metrics: 5\n");
        Path list = write(dir, "d.yaml", "- " + metric("x") + "\n");
        write(dir, "e.yaml", metrics("kept"));
        Loaded<List<MetricDefinition>> loaded = MetricsLoader.load(dir);
        assertEquals(List.of("kept"), ids(loaded));
        assertEquals(4, loaded.warnings().size(), loaded.warnings().toString());
        assertTrue(loaded.warnings().get(0).startsWith("Failed to parse metrics file " + broken + " (line 2): "));
        assertEquals("Skipped metrics file " + map + " (line 2): 'metrics' must be a list, got a mapping",
                loaded.warnings().get(1));
        assertEquals("Skipped metrics file " + scalar + " (line 1): 'metrics' must be a list, got a number",
                loaded.warnings().get(2));
        assertEquals("Skipped metrics file " + list + ": the document is a list, not a mapping",
                loaded.warnings().get(3));
    }

    @Test
    void aListItemThatIsNotAMappingIsSkipped() throws IOException {
        Path file = write(dir, "a.yaml", "metrics:\n  - node_power\n  - " + metric("ok") + "\n");
        Loaded<List<MetricDefinition>> loaded = MetricsLoader.load(dir);
        assertEquals(List.of("ok"), ids(loaded));
        assertEquals(List.of("Failed to load metric in " + file + " (line 2): metrics.0: Input should be a valid "
                + "dictionary or instance of MetricDefinition"), loaded.warnings());
    }

    @Test
    void duplicateIdsAreAllKept() throws IOException {
        write(dir, "a.yaml", metrics("dup", "dup"));
        assertEquals(List.of("dup", "dup"), ids(MetricsLoader.load(dir)));
    }

    // ------------------------------------------------------------------ the metric model

    @Test
    void metricAndDisplayDefaults() throws IOException {
        assertEquals(new MetricDefinition("p", "Power", null, "node_power_watts", Map.of(),
                        new Display("W", "line", null, List.of("1h", "6h", "24h", "7d"), "24h", "avg", null, null), null,
                        List.of()),
                valid("{id: p, name: Power, metric: node_power_watts, display: {unit: W}}"));
    }

    @Test
    void metricReadsEveryFieldAndIgnoresUnknownKeys() throws IOException {
        MetricDefinition m = valid("""
                {id: p, name: Power, description: Draw, metric: 'x{instance="{instance}"}', owner: me,
                 labels: {instance: "{instance}", rack_id: "{rack_id}"}, category: power, tags: [compute, energy],
                 display: {unit: W, chart_type: area, color: "#fbbf24", time_ranges: [1h, 7d], default_range: 1h,
                           aggregation: max, thresholds: {warn: 500, crit: "700.5", on_fire: true},
                           format: {decimals: 2, suffix: " W", nested: {a: [1, 2]}}}}
                """);
        assertEquals("Draw", m.description());
        assertEquals(Map.of("instance", "{instance}", "rack_id", "{rack_id}"), m.labels());
        assertEquals("power", m.category());
        assertEquals(List.of("compute", "energy"), m.tags());
        Display d = m.display();
        assertEquals(new Display("W", "area", "#fbbf24", List.of("1h", "7d"), "1h", "max",
                Map.of("warn", 500.0, "crit", 700.5, "on_fire", 1.0),
                Map.of("decimals", 2, "suffix", " W", "nested", Map.of("a", List.of(1, 2)))), d);
    }

    @Test
    void requiredFieldsAreReported() throws IOException {
        Problems problems = new Problems();
        assertNull(MetricsLoader.metric(Map.of(), problems));
        assertEquals(List.of("id", "name", "metric", "display"),
                problems.list().stream().map(p -> Problems.path(p.loc())).toList());
        assertEquals(List.of("display", "unit"), invalid("{id: p, name: P, metric: m, display: {}}").loc());
        assertEquals("model_type", invalid("{id: p, name: P, metric: m, display: null}").type());
        assertEquals("Input should be a valid dictionary or instance of MetricDisplay",
                invalid("{id: p, name: P, metric: m, display: W}").msg());
    }

    @Test
    void stringFieldsAndLabelsRejectNumbers() throws IOException {
        assertEquals(List.of("labels", "tray"), invalid("{id: p, name: P, metric: m, display: {unit: W}, labels: "
                + "{tray: 1}}").loc());
        assertEquals(List.of("labels", 1, "[key]"), invalid("{id: p, name: P, metric: m, display: {unit: W}, labels: "
                + "{1: a}}").loc());
        assertEquals(List.of("metric"), invalid("{id: p, name: P, metric: 42, display: {unit: W}}").loc());
        assertEquals(List.of("tags", 0), invalid("{id: p, name: P, metric: m, display: {unit: W}, tags: [1]}").loc());
        assertEquals(List.of("display", "unit"), invalid("{id: p, name: P, metric: m, display: {unit: 5}}").loc());
    }

    @Test
    void nullForADefaultedFieldIsAnErrorButOptionalFieldsTakeNull() throws IOException {
        MetricDefinition m = valid("{id: p, name: P, metric: m, description: null, category: null, "
                + "display: {unit: W, color: null, thresholds: null, format: null}}");
        assertNull(m.description());
        assertNull(m.display().thresholds());
        for (String field : List.of("labels", "tags")) {
            assertEquals(List.of(field), invalid("{id: p, name: P, metric: m, display: {unit: W}, " + field
                    + ": null}").loc(), field);
        }
        for (String field : List.of("chart_type", "time_ranges", "default_range", "aggregation")) {
            assertEquals(List.of("display", field), invalid("{id: p, name: P, metric: m, display: {unit: W, " + field
                    + ": null}}").loc(), field);
        }
    }

    @Test
    void thresholdsAndFormatNeedMappingsWithStringKeys() throws IOException {
        assertEquals("float_parsing", invalid("{id: p, name: P, metric: m, display: {unit: W, thresholds: "
                + "{warn: hot}}}").type());
        assertEquals("dict_type", invalid("{id: p, name: P, metric: m, display: {unit: W, thresholds: [1]}}").type());
        assertEquals(List.of("display", "format", 2, "[key]"), invalid("{id: p, name: P, metric: m, display: "
                + "{unit: W, format: {2: x}}}").loc());
        assertEquals(Map.of("inf", Double.POSITIVE_INFINITY, "big", 1000.0),
                valid("{id: p, name: P, metric: m, display: {unit: W, thresholds: {inf: inf, big: '1_000'}}}")
                        .display().thresholds());
    }
}
