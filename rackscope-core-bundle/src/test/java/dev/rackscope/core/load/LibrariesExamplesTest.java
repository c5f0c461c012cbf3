package dev.rackscope.core.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.rackscope.api.model.Catalog;
import dev.rackscope.api.model.CheckDefinition;
import dev.rackscope.api.model.MetricDefinition;

/**
 * The libraries of the original's published examples load to the counts of
 * {@code shared/rackscope-examples/README.md}, without a warning.
 */
class LibrariesExamplesTest {

    /** The reactor root: the {@code rackscope.root} property (set by surefire), else the folder holding the API bundle. */
    static Path projectRoot() {
        String prop = System.getProperty("rackscope.root");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("rackscope-api-bundle"))) {
                return p;
            }
        }
        throw new IllegalStateException("Cannot find the project root (no rackscope.root property and no "
                + "rackscope-api-bundle folder above " + Path.of("").toAbsolutePath() + ")");
    }

    static Path examples() {
        Path dir = projectRoot().resolve("../shared/rackscope-examples").normalize();
        Assumptions.assumeTrue(Files.isDirectory(dir), "Skipped: the original's examples are not present at " + dir
                + " (CI provides ../shared/rackscope-examples next to the project)");
        return dir;
    }

    static Stream<Arguments> examplesWithCounts() {
        return Stream.of(
                Arguments.of("simple-room", 2, 1, 0, 2, 0),
                Arguments.of("hpc-cluster", 23, 2, 9, 27, 7),
                Arguments.of("full-datacenter", 10, 1, 1, 10, 7),
                Arguments.of("profiles/homelab", 16, 2, 5, 14, 4),
                Arguments.of("profiles/small-cluster", 16, 2, 5, 14, 4),
                Arguments.of("profiles/hpc-cluster", 16, 2, 5, 20, 6));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examplesWithCounts")
    void exampleLibrariesLoadWithTheOriginalsCounts(String example, int devices, int racks, int components,
                                                    int checks, int metrics) {
        Path dir = examples().resolve(example);

        Loaded<Catalog> catalog = CatalogLoader.load(dir.resolve("templates"));
        assertEquals(List.of(), catalog.warnings(), example + " templates");
        assertEquals(devices, catalog.value().deviceTemplates().size(), example + " device templates");
        assertEquals(racks, catalog.value().rackTemplates().size(), example + " rack templates");
        assertEquals(components, catalog.value().rackComponentTemplates().size(), example + " component templates");

        Loaded<List<CheckDefinition>> library = ChecksLoader.load(dir.resolve("checks/library"));
        assertEquals(List.of(), library.warnings(), example + " checks");
        assertEquals(checks, library.value().size(), example + " checks");

        Path metricsDir = dir.resolve("metrics/library");
        Loaded<List<MetricDefinition>> metricsLib = MetricsLoader.load(metricsDir);
        assertEquals(metrics, metricsLib.value().size(), example + " metrics");
        if (Files.exists(metricsDir)) {
            assertEquals(List.of(), metricsLib.warnings(), example + " metrics");
        } else {
            assertEquals(List.of("Metrics library path not found: " + metricsDir), metricsLib.warnings());
        }
    }

    @Test
    void everyCheckOfTheExamplesValidatesAsTheEditorWould() throws Exception {
        Path root = examples();
        for (String example : List.of("hpc-cluster", "full-datacenter", "profiles/hpc-cluster")) {
            try (Stream<Path> files = Files.list(root.resolve(example).resolve("checks/library"))) {
                for (Path file : files.sorted().toList()) {
                    Object doc = dev.rackscope.core.config.Yaml11.parse(Files.readString(file), file.toString());
                    List<?> errors = ChecksLoader.validate(doc);
                    assertTrue(errors.stream().allMatch(e -> e.toString().contains("rules must not be empty")
                            || e.toString().contains("duplicate id")), file + ": " + errors);
                }
            }
        }
    }

    @Test
    void theProjectsOwnConfigLibrariesLoadCleanly() {
        Path config = projectRoot().resolve("config");
        Assumptions.assumeTrue(Files.isDirectory(config.resolve("templates")), "no config/templates in " + config);
        Loaded<Catalog> catalog = CatalogLoader.load(config.resolve("templates"));
        assertEquals(List.of(), catalog.warnings());
        assertFalse(catalog.value().deviceTemplates().isEmpty());
        Loaded<List<CheckDefinition>> checks = ChecksLoader.load(config.resolve("checks/library"));
        assertEquals(List.of(), checks.warnings());
        assertFalse(checks.value().isEmpty());
        Loaded<List<MetricDefinition>> metrics = MetricsLoader.load(config.resolve("metrics/library"));
        assertEquals(List.of(), metrics.warnings());
        assertFalse(metrics.value().isEmpty());
    }
}
