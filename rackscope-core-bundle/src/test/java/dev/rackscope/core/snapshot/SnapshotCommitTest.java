package dev.rackscope.core.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rackscope.api.http.ApiException;
import dev.rackscope.core.load.LoadException;

class SnapshotCommitTest {

    @TempDir
    Path dir;
    private SnapshotManager manager;
    private Path topology;

    @BeforeEach
    void start() throws IOException {
        Files.writeString(dir.resolve("app.yaml"), "paths:\n  topology: topology\n  templates: templates\n"
                + "  checks: checks\n  metrics: metrics\n");
        topology = dir.resolve("topology");
        Path room = topology.resolve("datacenters/s1/rooms/r1");
        Files.createDirectories(room.resolve("aisles"));
        Files.writeString(topology.resolve("sites.yaml"), "sites:\n  - id: s1\n    name: Site 1\n");
        Files.writeString(room.resolve("room.yaml"), "id: r1\nname: Room 1\naisles: []\n");
        Files.createDirectories(dir.resolve("templates"));
        Files.createDirectories(dir.resolve("checks"));
        Files.createDirectories(dir.resolve("metrics"));
        manager = new SnapshotManager(new FolderConfig(dir.resolve("app.yaml")), null);
    }

    @AfterEach
    void stop() {
        manager.deactivate();
    }

    @Test
    void aCommittedChangeIsOnDiskAndInTheSnapshot() throws Exception {
        Path sites = topology.resolve("sites.yaml");
        String answer = manager.commit("test", (current, change) -> {
            change.write(sites, "sites:\n  - id: s1\n    name: Site 1\n  - id: s2\n    name: Site 2\n    rooms: []\n");
            return "ok";
        });
        assertEquals("ok", answer);
        assertEquals(2, manager.current().topology().sites().size());
        assertTrue(Files.readString(sites).contains("s2"));
    }

    @Test
    void aChangeThatDoesNotLoadIsRolledBackEntirely() throws Exception {
        Path sites = topology.resolve("sites.yaml");
        String before = Files.readString(sites);
        Path room = topology.resolve("datacenters/s1/rooms/r1");
        Path newFile = topology.resolve("datacenters/s1/rooms/r1/aisles/a1/aisle.yaml");
        long generation = manager.current().generation();
        assertThrows(LoadException.class, () -> manager.commit("test", (current, change) -> {
            change.delete(room);                       // a folder tree, restored from memory
            change.write(newFile, "id: a1\nracks: []\n"); // a new file, removed again
            change.write(sites, "sites: [unclosed\n");    // does not parse
            return null;
        }));
        assertEquals(before, Files.readString(sites));
        assertTrue(Files.isRegularFile(room.resolve("room.yaml")));
        assertTrue(Files.isDirectory(room.resolve("aisles")));
        assertFalse(Files.exists(newFile));
        assertEquals(generation, manager.current().generation(), "the current snapshot keeps serving");
        assertEquals(1, manager.current().topology().sites().size());
    }

    @Test
    void aPlanThatRefusesChangesNothing() throws Exception {
        Path sites = topology.resolve("sites.yaml");
        String before = Files.readString(sites);
        ApiException e = assertThrows(ApiException.class, () -> manager.commit("test", (current, change) -> {
            change.write(sites, "sites: []\n");
            throw ApiException.badRequest("Site name is required");
        }));
        assertEquals(400, e.status());
        assertEquals(before, Files.readString(sites));
    }

    @Test
    void pathsOutsideTheConfigurationTreeAreRefused() throws Exception {
        Path outside = Files.createTempFile("outside", ".yaml");
        try {
            assertThrows(IllegalArgumentException.class, () -> manager.commit("test", (current, change) -> {
                change.write(outside, "x: 1\n");
                return null;
            }));
            assertEquals("", Files.readString(outside));
        } finally {
            Files.delete(outside);
        }
    }

    @Test
    void concurrentCommitsAreSerializedAndNoneIsLost() throws Exception {
        Path counter = dir.resolve("counter.yaml");
        Files.writeString(counter, "n: 0\n");
        Thread[] threads = new Thread[8];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new Thread(() -> {
                try {
                    manager.commit("count", (current, change) -> {
                        int n = Integer.parseInt(Files.readString(counter).trim().substring(3));
                        change.write(counter, "n: " + (n + 1) + "\n");
                        return null;
                    });
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            threads[i].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals("n: 8", Files.readString(counter).trim());
    }

    @Test
    void temporaryFilesOfInterruptedWritesAreRemovedAndNothingElse(@TempDir Path other) throws Exception {
        Path room = java.nio.file.Files.createDirectories(other.resolve("rooms/r1")); // not watched by the manager
        java.nio.file.Files.writeString(room.resolve("room.yaml"), "id: r1\n");
        Path stale = room.resolve(".room.yaml.4711.tmp");
        Path editorBackup = room.resolve("room.yaml.tmp");
        java.nio.file.Files.writeString(stale, "id: r1\nname: half");
        java.nio.file.Files.writeString(editorBackup, "kept");
        java.nio.file.Files.setLastModifiedTime(stale, java.nio.file.attribute.FileTime.fromMillis(0));
        java.nio.file.Files.setLastModifiedTime(editorBackup, java.nio.file.attribute.FileTime.fromMillis(0));
        assertEquals(1, SnapshotManager.removeStaleTempFiles(java.util.List.of(other)));
        assertFalse(java.nio.file.Files.exists(stale));
        assertTrue(java.nio.file.Files.exists(editorBackup));
        assertTrue(java.nio.file.Files.exists(room.resolve("room.yaml")));
    }
}
