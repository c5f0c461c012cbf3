package dev.rackscope.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigWatcherTest {

    @TempDir
    Path dir;

    @Test
    void anExistingFolderIsWatchedWithEverythingBelowIt() throws Exception {
        Files.createDirectories(dir.resolve("tree/a/b"));
        Files.createDirectories(dir.resolve("tree/c"));
        try (ConfigWatcher w = new ConfigWatcher(10, 50, changed -> { })) {
            w.watch(List.of(dir.resolve("tree")));
            assertEquals(4, w.watchedFolders());
        }
    }

    @Test
    void aMissingFolderWatchesOnlyItsNearestAncestorUntilItIsCreated() throws Exception {
        // a path that does not exist under a big tree (as a bad paths.templates under /tmp): the tree is not walked
        for (int i = 0; i < 40; i++) {
            Files.createDirectories(dir.resolve("big/sub" + i + "/deeper"));
        }
        List<Set<Path>> batches = new CopyOnWriteArrayList<>();
        CountDownLatch seen = new CountDownLatch(1);
        Path missing = dir.resolve("big/missing");
        try (ConfigWatcher w = new ConfigWatcher(10, 50, changed -> {
            batches.add(changed);
            if (changed.contains(missing.resolve("templates.yaml"))) {
                seen.countDown();
            }
        })) {
            w.watch(List.of(missing.resolve("templates.yaml")));
            assertEquals(1, w.watchedFolders(), "only " + dir.resolve("big"));

            Files.createDirectories(missing);
            // the created folder is watched once its creation is seen; write until a change inside it arrives
            for (int i = 0; i < 100 && seen.getCount() > 0; i++) {
                Files.writeString(missing.resolve("templates.yaml"), "templates: [] # " + i + "\n");
                seen.await(100, TimeUnit.MILLISECONDS);
            }
            assertTrue(seen.getCount() == 0, "no change seen inside the created folder: " + batches);
        }
    }
}
