package dev.rackscope.core.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rackscope.api.http.ApiException;
import dev.rackscope.core.config.Yaml11;

class ProfilesTest {

    @TempDir
    Path home;

    @Test
    void safeSegmentFollowsTheOriginal() {
        assertEquals("my-lab", Profiles.safeSegment("  My Lab  ", "profile"));
        assertEquals("a.b_c-d", Profiles.safeSegment("A.b_c-d", "profile"));
        assertEquals("..-evil", Profiles.safeSegment("../evil", "profile"));
        assertEquals("profile", Profiles.safeSegment("///", "profile"));
        assertEquals("x", Profiles.safeSegment("--x--", "profile"));
    }

    @Test
    void idsThatFailThePatternAre400WithTheOriginalMessage() {
        ApiException e = assertThrows(ApiException.class, () -> Profiles.requireSafeId("...", "profile_id"));
        assertEquals(400, e.status());
        assertEquals("Invalid profile_id: '...'. IDs must contain only lowercase letters, digits, dots, hyphens "
                + "and underscores (max 128 characters).", e.detail());
        assertThrows(ApiException.class, () -> Profiles.requireSafeId("_x", "profile_id"));
        Profiles.requireSafeId("lab-2", "profile_id");
    }

    @Test
    void newProfileKeepsAuthAndPluginsAndCopiesTheLibraries() throws IOException {
        Path current = Files.createDirectories(home.resolve("current"));
        write(current.resolve("templates/devices/server/a.yaml"), "templates: []\n");
        write(current.resolve("templates/.a.yaml.swp"), "junk");
        write(current.resolve("checks/library/c.yaml"), "checks: []\n");
        write(current.resolve("metrics/library/m.yaml"), "metrics: []\n");
        write(current.resolve("plugins/slurm/config.yml"), "metric: x\n");
        Map<String, Object> auth = new LinkedHashMap<>(Map.of("enabled", true, "username", "ops",
                "password_hash", "$2b$12$abc"));
        Map<String, Object> plugins = Map.of("slurm", Map.of("enabled", true));
        Profiles.Source source = new Profiles.Source(auth, plugins, current.resolve("templates"),
                current.resolve("checks/library"), current.resolve("metrics/library"), current.resolve("plugins"));

        Profiles.Created created = Profiles.create(home, "lab", "My Lab", source);

        Path dir = home.resolve("profiles/lab");
        assertEquals(dir.resolve("app.yaml"), created.appYaml());
        assertEquals(home.getFileName() + "/profiles/lab", created.shownPath());
        Map<String, Object> app = Yaml11.readMap(created.appYaml());
        assertEquals(List.of("app", "paths", "features", "auth", "plugins"), List.copyOf(app.keySet()));
        assertEquals(Map.of("name", "My Lab", "description", ""), app.get("app"));
        assertEquals(auth, app.get("auth"));
        assertEquals(plugins, app.get("plugins"));
        assertEquals(false, ((Map<?, ?>) app.get("features")).get("wizard"));
        assertEquals("sites: []\n", Files.readString(dir.resolve("topology/sites.yaml")));
        assertTrue(Files.exists(dir.resolve("templates/devices/server/a.yaml")));
        assertFalse(Files.exists(dir.resolve("templates/.a.yaml.swp")));
        assertTrue(Files.exists(dir.resolve("checks/library/c.yaml")));
        assertTrue(Files.exists(dir.resolve("metrics/library/m.yaml")));
        assertTrue(Files.exists(dir.resolve("plugins/slurm/config.yml")));
        try (Stream<Path> s = Files.list(home.resolve("profiles"))) {
            assertEquals(List.of("lab"), s.map(p -> p.getFileName().toString()).toList(), "no staging folder left");
        }
    }

    @Test
    void existingProfileIs409AndUntouched() throws IOException {
        write(home.resolve("profiles/lab/app.yaml"), "app: {name: old}\n");
        Profiles.Source none = new Profiles.Source(null, null, null, null, null, null);
        ApiException e = assertThrows(ApiException.class, () -> Profiles.create(home, "lab", "Lab", none));
        assertEquals(409, e.status());
        assertEquals("Profile 'lab' already exists", e.detail());
        assertEquals("app: {name: old}\n", Files.readString(home.resolve("profiles/lab/app.yaml")));
    }

    @Test
    void profileWithoutCurrentSectionsHasOnlyTheWizardSections() throws IOException {
        Profiles.Created created = Profiles.create(home, "empty", "Empty",
                new Profiles.Source(null, null, null, null, null, null));
        Map<String, Object> app = Yaml11.readMap(created.appYaml());
        assertEquals(List.of("app", "paths", "features"), List.copyOf(app.keySet()));
        assertTrue(Files.isDirectory(home.resolve("profiles/empty/templates")));
    }

    @Test
    void profilesAreListedSortedProfilesBeforeExamples() throws IOException {
        write(home.resolve("profiles/zeta/app.yaml"), "app: {}\n");
        write(home.resolve("profiles/alpha/app.yaml"), "app: {}\n");
        Files.createDirectories(home.resolve("profiles/no-app"));
        write(home.resolve("examples/demo/app.yaml"), "app: {}\n");
        List<Map<String, Object>> list = Profiles.list(home, home.resolve("profiles/zeta/app.yaml"));
        assertEquals(3, list.size());
        assertEquals(Map.of("name", "alpha", "type", "profile", "path", "profiles/alpha/app.yaml", "active", false),
                list.get(0));
        assertEquals(true, list.get(1).get("active"));
        assertEquals("example", list.get(2).get("type"));
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
