package dev.rackscope.core.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.rackscope.api.model.AppConfig;

/** Every app.yaml published with the original (and the project's own) loads without a problem. */
class AppConfigExamplesTest {

    /** The reactor root: the surefire property, else the nearest folder up that holds the api bundle. */
    static Path reactorRoot() {
        String prop = System.getProperty("rackscope.root");
        if (prop != null && !prop.isBlank() && !prop.contains("${")) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("rackscope-api-bundle"))) {
                return p;
            }
        }
        return Path.of("").toAbsolutePath();
    }

    static Path examples() {
        Path dir = reactorRoot().resolve("../shared/rackscope-examples").normalize();
        Assumptions.assumeTrue(Files.isDirectory(dir), "rackscope examples absent at " + dir + ": skipped");
        return dir;
    }

    private static List<Path> appYamls(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.getFileName().toString().equals("app.yaml")).sorted().toList();
        }
    }

    @Test
    void everyExampleAppYamlLoadsWithoutProblems() throws Exception {
        List<Path> files = appYamls(examples());
        assertTrue(files.size() >= 6, "found " + files);
        for (Path file : files) {
            AppConfig cfg = AppConfigLoader.load(file);
            assertNotNull(cfg.paths(), file.toString());
        }
    }

    @Test
    void theReferenceFileIsAValidAppYaml() throws Exception {
        Path reference = examples().resolve("app.yaml.reference");
        Assumptions.assumeTrue(Files.isRegularFile(reference), "no app.yaml.reference");
        AppConfig cfg = AppConfigLoader.load(reference);
        assertEquals("node|rackscope-simulator", cfg.telemetry().jobRegex());
        assertEquals(300, cfg.planner().maxIdsPerQuery());
        assertFalse(cfg.features().wizard());
        assertEquals(2, cfg.map().defaultZoom());
        assertEquals(List.of("simulator", "slurm"), List.copyOf(cfg.plugins().keySet()));
    }

    @Test
    void selfContainedProfilesResolveTheirPathsInsideTheProfileFolder() throws Exception {
        Path profiles = examples().resolve("profiles");
        List<Path> files = appYamls(profiles);
        assertFalse(files.isEmpty());
        for (Path file : files) {
            Path dir = file.getParent();
            AppConfig cfg = AppConfigLoader.load(file);
            for (String p : List.of(cfg.paths().topology(), cfg.paths().templates(), cfg.paths().checks())) {
                Path resolved = Path.of(p);
                assertTrue(resolved.isAbsolute() && resolved.startsWith(dir) && Files.exists(resolved),
                        file + ": " + p);
            }
        }
    }

    @Test
    void examplePluginSectionsAreKeptAsWritten() throws Exception {
        AppConfig cfg = AppConfigLoader.load(examples().resolve("hpc-cluster/app.yaml"));
        assertEquals(true, ((Map<?, ?>) cfg.plugins().get("slurm")).get("enabled"));
        assertEquals("custom", ((Map<?, ?>) cfg.plugins().get("simulator")).get("incident_mode"));
        assertEquals("$2b$12$X91lqP3eT0gSs7rF9JdM0OtowhwbsugMYDDGySdrXscVmtggB4eCS", cfg.auth().passwordHash());
        assertFalse(AppConfigLoader.toJson(cfg).toString().contains("X91lqP3eT0gSs7rF9JdM0"));
    }

    @Test
    void theProjectsOwnAppYamlLoadsAndIsSelfContained() throws Exception {
        Path file = reactorRoot().resolve("config/app.yaml");
        Assumptions.assumeTrue(Files.isRegularFile(file), "no config/app.yaml at " + file);
        AppConfig cfg = AppConfigLoader.load(file);
        assertEquals(file.getParent().resolve("topology").toString(), cfg.paths().topology());
        assertEquals(null, cfg.telemetry().prometheusUrl());
    }
}
