package dev.rackscope.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLocationTest {

    private static final Path CWD = Paths.get("").toAbsolutePath();

    @TempDir
    Path dir;

    /** Prints {@code ConfigLocation.from(args[0] or null)} in a JVM whose environment the test controls. */
    public static final class Probe {
        public static void main(String[] args) {
            System.out.print(ConfigLocation.from(args.length == 0 ? null : args[0]).appConfigFile());
        }
    }

    private static String probe(Path workDir, String envValue, String... args) throws Exception {
        String classpath = String.join(File.pathSeparator,
                Paths.get(ConfigLocation.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString(),
                Paths.get(Probe.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath,
                Probe.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.remove("RACKSCOPE_APP_CONFIG");
        if (envValue != null) {
            env.put("RACKSCOPE_APP_CONFIG", envValue);
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "probe did not finish");
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    // --- where app.yaml is -----------------------------------------------------------------------

    @Test
    void defaultIsConfigAppYamlUnderTheWorkingDirectory() throws Exception {
        Path workDir = dir.toRealPath();

        assertEquals(workDir.resolve("config/app.yaml").toString(), probe(workDir, null));
    }

    @Test
    void environmentVariableIsUsedWithoutProperty() throws Exception {
        Path workDir = dir.toRealPath();

        assertEquals("/srv/profiles/demo/app.yaml", probe(workDir, "/srv/profiles/demo/app.yaml"));
        assertEquals(workDir.resolve("profiles/demo/app.yaml").toString(), probe(workDir, "profiles/demo/app.yaml"));
    }

    @Test
    void propertyBeatsEnvironmentVariable() throws Exception {
        assertEquals("/opt/rackscope/app.yaml",
                probe(dir.toRealPath(), "/srv/profiles/demo/app.yaml", "/opt/rackscope/app.yaml"));
    }

    @Test
    void blankPropertyFallsBackToEnvironmentVariable() throws Exception {
        assertEquals("/srv/profiles/demo/app.yaml", probe(dir.toRealPath(), "/srv/profiles/demo/app.yaml", "  "));
    }

    @Test
    void blankEnvironmentVariableFallsBackToTheDefault() throws Exception {
        Path workDir = dir.toRealPath();

        assertEquals(workDir.resolve("config/app.yaml").toString(), probe(workDir, " "));
    }

    @Test
    void propertyPathIsMadeAbsoluteAndNormalised() {
        ConfigLocation location = ConfigLocation.from("/opt/rackscope/../rs/./app.yaml");

        assertEquals(Paths.get("/opt/rs/app.yaml"), location.appConfigFile());
        assertEquals(Paths.get("/opt/rs"), location.configDir());
    }

    @Test
    void relativePropertyIsTakenFromTheWorkingDirectory() {
        assertEquals(CWD.resolve("profiles/x/app.yaml"), ConfigLocation.from("profiles/x/app.yaml").appConfigFile());
    }

    // --- resolve ---------------------------------------------------------------------------------

    @Test
    void absolutePathIsKeptNormalised() {
        ConfigLocation location = new ConfigLocation(dir.resolve("profile/app.yaml"));

        assertEquals(Paths.get("/data/topology"), location.resolve("/data/x/../topology"));
    }

    @Test
    void relativePathThatExistsFromTheWorkingDirectoryIsKept() throws IOException {
        Path existing = Files.createTempDirectory(CWD.resolve("target"), "cfgloc");
        try {
            String relative = CWD.relativize(existing).toString();
            Path profile = Files.createDirectories(dir.resolve("profile"));
            Files.createDirectories(profile.resolve(relative));
            ConfigLocation location = new ConfigLocation(profile.resolve("app.yaml"));

            assertEquals(existing, location.resolve(relative));
        } finally {
            Files.delete(existing);
        }
    }

    @Test
    void relativePathMissingFromTheWorkingDirectoryResolvesUnderTheAppYamlFolder() throws IOException {
        assumeFalse(Files.exists(CWD.resolve("topology")), "the working directory must not hold 'topology'");
        Path profile = Files.createDirectories(dir.resolve("profiles/hpc"));
        Files.createDirectories(profile.resolve("topology"));
        ConfigLocation location = new ConfigLocation(profile.resolve("app.yaml"));

        assertEquals(profile.resolve("topology"), location.resolve("topology"));
    }

    @Test
    void pathMissingEverywhereResolvesUnderTheAppYamlFolder() {
        String name = "no-such-dir-" + System.nanoTime();
        ConfigLocation location = new ConfigLocation(dir.resolve("profile/app.yaml"));

        Path resolved = location.resolve(name + "/plugins/x.yml");

        assertEquals(dir.resolve("profile").resolve(name).resolve("plugins/x.yml"), resolved);
        assertFalse(Files.exists(resolved));
    }

    @Test
    void dotDotSegmentsAreNormalisedAgainstTheAppYamlFolder() {
        assumeFalse(Files.exists(CWD.resolve("../../templates").normalize()), "'../../templates' exists from the cwd");
        ConfigLocation location = new ConfigLocation(dir.resolve("config/profiles/a/app.yaml"));

        assertEquals(dir.resolve("config/templates"), location.resolve("../../templates"));
    }
}
