package dev.rackscope.core.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rackscope.core.load.LoadException;

class InitialLoadTest {

    @TempDir
    Path dir;

    @AfterEach
    void clear() {
        InitialLoad.discard();
    }

    private Path config(String siteName) throws IOException {
        Files.writeString(dir.resolve("app.yaml"), "paths:\n  topology: topology\n  templates: templates\n"
                + "  checks: checks\n  metrics: metrics\n");
        Path topology = dir.resolve("topology");
        Files.createDirectories(topology);
        Files.writeString(topology.resolve("sites.yaml"), "sites:\n  - id: s1\n    name: " + siteName + "\n");
        for (String d : new String[] {"templates", "checks", "metrics"}) {
            Files.createDirectories(dir.resolve(d));
        }
        return dir.resolve("app.yaml");
    }

    @Test
    void theLoadIsHandedOverOnceAndOnlyForItsFile() throws Exception {
        Path app = config("Site one");
        InitialLoad.begin(app);
        assertNull(InitialLoad.take(dir.resolve("other.yaml")));
        InitialLoad.Result result = InitialLoad.take(dir.resolve("./app.yaml"));
        assertNotNull(result);
        assertEquals(1, result.snapshot().generation());
        assertEquals("Site one", result.snapshot().topology().sites().get(0).name());
        assertTrue(result.nanos() > 0);
        assertNull(InitialLoad.take(app));
    }

    @Test
    void aFailedLoadGivesItsErrorToTheTaker() throws Exception {
        Path app = config("x");
        Files.writeString(app, "paths: [unclosed\n");
        InitialLoad.begin(app);
        assertThrows(LoadException.class, () -> InitialLoad.take(app));
    }

    @Test
    void theManagerStartsFromTheLoadBegunForItsFile() throws Exception {
        Path app = config("Site one");
        InitialLoad.begin(app);
        SnapshotManager manager = new SnapshotManager(new FolderConfig(app), null);
        try {
            assertNull(InitialLoad.take(app), "the manager took the load begun for its app.yaml");
            assertEquals(1, manager.current().generation());
            assertEquals("Site one", manager.current().topology().sites().get(0).name());
        } finally {
            manager.deactivate();
        }
    }

    @Test
    void theManagerReportsAFailedInitialLoad() throws Exception {
        Path app = config("x");
        Files.writeString(app, "paths: [unclosed\n");
        InitialLoad.begin(app);
        SnapshotManager manager = new SnapshotManager(new FolderConfig(app), null);
        try {
            assertTrue(manager.lastError().isPresent());
            assertEquals(0, manager.current().generation());
        } finally {
            manager.deactivate();
        }
    }
}
