package dev.rackscope.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileWriterTest {

    @TempDir
    Path tmp;

    private Path configDir;
    private Path outside;
    private AtomicFileWriter writer;

    @BeforeEach
    void createTree() throws IOException {
        configDir = Files.createDirectories(tmp.resolve("config"));
        outside = Files.createDirectories(tmp.resolve("elsewhere"));
        writer = new AtomicFileWriter(() -> List.of(configDir));
    }

    private static Set<String> names(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    // --- writing ---------------------------------------------------------------------------------

    @Test
    void writeReplacesTheContent() throws IOException {
        Path file = Files.writeString(configDir.resolve("app.yaml"), "old content that is longer\n");

        writer.write(file, "new\n");

        assertEquals("new\n", Files.readString(file));
    }

    @Test
    void writeCreatesMissingParentFolders() throws IOException {
        Path file = configDir.resolve("plugins/slurm/config.yml");

        writer.write(file, "metric: m\n");

        assertEquals("metric: m\n", Files.readString(file));
    }

    @Test
    void writeUsesUtf8() throws IOException {
        Path file = configDir.resolve("names.yaml");

        writer.write(file, "name: Salle é 机房\n");

        assertEquals("name: Salle é 机房\n", Files.readString(file, java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void writeLeavesNoTemporaryFileBehind() throws IOException {
        writer.write(configDir.resolve("app.yaml"), "a: 1\n");
        writer.write(configDir.resolve("app.yaml"), "a: 2\n");

        assertEquals(Set.of("app.yaml"), names(configDir));
    }

    @Test
    void failedWriteLeavesNoTemporaryFileAndKeepsTheOldTarget() throws IOException {
        Path target = Files.createDirectories(configDir.resolve("busy"));
        Files.writeString(target.resolve("inside.txt"), "keep");

        assertThrows(IOException.class, () -> writer.write(target, "content"));

        assertEquals(Set.of("busy"), names(configDir));
        assertEquals("keep", Files.readString(target.resolve("inside.txt")));
    }

    @Test
    void writeKeepsTheFilePermissions() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path file = Files.writeString(configDir.resolve("app.yaml"), "a: 1\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

        writer.write(file, "a: 2\n");

        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("a: 2\n", Files.readString(file));
    }

    @Test
    void writeYamlPutsTheHeaderAsACommentThenBlockYaml() throws IOException {
        Path file = configDir.resolve("plugins/slurm/config.yml");

        writer.writeYaml(file, Map.of("roles", List.of("compute")), "Slurm Plugin Configuration");

        assertEquals("# Slurm Plugin Configuration\n\nroles:\n- compute\n", Files.readString(file));
    }

    @Test
    void writeYamlWithoutHeaderWritesOnlyTheDocument() throws IOException {
        Path file = configDir.resolve("x.yml");

        writer.writeYaml(file, Map.of("a", 1), null);

        assertEquals("a: 1\n", Files.readString(file));
    }

    // --- the configuration tree ------------------------------------------------------------------

    @Test
    void writeOutsideTheRootsIsRefused() {
        Path target = outside.resolve("app.yaml");

        assertThrows(IllegalArgumentException.class, () -> writer.write(target, "x"));

        assertFalse(Files.exists(target));
    }

    @Test
    void dotDotEscapeIsRefused() {
        Path target = configDir.resolve("plugins/../../elsewhere/evil.yaml");

        assertThrows(IllegalArgumentException.class, () -> writer.write(target, "x"));

        assertFalse(Files.exists(outside.resolve("evil.yaml")));
        assertFalse(writer.isInConfigTree(target));
    }

    @Test
    void dotDotThatStaysInsideIsAccepted() throws IOException {
        Path target = configDir.resolve("plugins/../app.yaml");

        writer.write(target, "ok\n");

        assertEquals("ok\n", Files.readString(configDir.resolve("app.yaml")));
    }

    @Test
    void siblingFolderSharingThePrefixIsOutside() {
        Path sibling = tmp.resolve("config2/app.yaml");

        assertFalse(writer.isInConfigTree(sibling));
        assertThrows(IllegalArgumentException.class, () -> writer.write(sibling, "x"));
    }

    @Test
    void symlinkedFilePointingOutsideIsRefused() throws IOException {
        Path victim = Files.writeString(outside.resolve("passwd"), "root:x:0:0\n");
        Path link = Files.createSymbolicLink(configDir.resolve("app.yaml"), victim);

        assertThrows(IllegalArgumentException.class, () -> writer.write(link, "pwned"));

        assertEquals("root:x:0:0\n", Files.readString(victim));
        assertTrue(Files.isSymbolicLink(link));
    }

    @Test
    void symlinkedFolderPointingOutsideIsRefusedForNewFiles() throws IOException {
        Path link = Files.createSymbolicLink(configDir.resolve("plugins"), outside);

        assertThrows(IllegalArgumentException.class, () -> writer.write(link.resolve("slurm/config.yml"), "x"));

        assertEquals(Set.of(), names(outside));
    }

    @Test
    void symlinkedRootIsFollowed() throws IOException {
        Path linkToConfig = Files.createSymbolicLink(tmp.resolve("current"), configDir);
        AtomicFileWriter viaLink = new AtomicFileWriter(() -> List.of(linkToConfig));

        viaLink.write(configDir.resolve("app.yaml"), "a\n");
        viaLink.write(linkToConfig.resolve("b.yaml"), "b\n");

        assertEquals("a\n", Files.readString(configDir.resolve("app.yaml")));
        assertEquals("b\n", Files.readString(configDir.resolve("b.yaml")));
    }

    @Test
    void aFileRootAllowsExactlyThatFile() throws IOException {
        Path checks = Files.writeString(outside.resolve("checks.yaml"), "checks: []\n");
        AtomicFileWriter w = new AtomicFileWriter(() -> List.of(configDir, checks));

        w.write(checks, "checks: [a]\n");

        assertEquals("checks: [a]\n", Files.readString(checks));
        assertThrows(IllegalArgumentException.class, () -> w.write(outside.resolve("other.yaml"), "x"));
    }

    @Test
    void rootsAreAskedAtEachWrite() throws IOException {
        List<Path> roots = new CopyOnWriteArrayList<>(List.of(configDir));
        AtomicFileWriter w = new AtomicFileWriter(() -> roots);
        Path target = outside.resolve("topology.yaml");

        assertThrows(IllegalArgumentException.class, () -> w.write(target, "x"));
        roots.add(outside);
        w.write(target, "x");

        assertEquals("x", Files.readString(target));
    }

    @Test
    void relativePathsAreCheckedAfterMakingThemAbsolute() {
        assertFalse(writer.isInConfigTree(Path.of("config/app.yaml")));
        assertTrue(writer.isInConfigTree(configDir.resolve("a/b/c.yaml")));
    }

    // --- concurrency -----------------------------------------------------------------------------

    @Test
    void fiftyConcurrentWritersLeaveOneCompleteContent() throws Exception {
        Path file = configDir.resolve("app.yaml");
        int writers = 50;
        int size = 64 * 1024;
        List<String> contents = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            contents.add(("writer-" + i + ";").repeat(size / 9 + 1).substring(0, size));
        }
        writer.write(file, contents.get(0));

        AtomicBoolean done = new AtomicBoolean();
        List<String> tornReads = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            while (!done.get()) {
                try {
                    String seen = Files.readString(file);
                    if (!contents.contains(seen)) {
                        tornReads.add(seen.length() + " chars");
                    }
                } catch (NoSuchFileException e) {
                    tornReads.add("file missing");
                } catch (IOException e) {
                    tornReads.add(e.toString());
                }
            }
        });
        reader.start();

        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (String content : contents) {
            futures.add(pool.submit(() -> {
                start.await();
                writer.write(file, content);
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        done.set(true);
        reader.join(10_000);

        assertTrue(contents.contains(Files.readString(file)), "final content is not one writer's whole content");
        assertEquals(List.of(), tornReads);
        assertEquals(Set.of("app.yaml"), names(configDir));
    }
}
