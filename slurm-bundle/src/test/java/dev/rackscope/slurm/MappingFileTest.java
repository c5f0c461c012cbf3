package dev.rackscope.slurm;

import static dev.rackscope.slurm.Fixtures.map;
import static dev.rackscope.slurm.Fixtures.writeFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading (§3.3 loading, §6.11), caching (§7.20) and atomic writing (§4.6, §7.21) of node_mapping.yaml. */
class MappingFileTest {

    @TempDir
    Path dir;

    private Fixtures.FakeRackscopeConfig rackscope() {
        return new Fixtures.FakeRackscopeConfig(dir);
    }

    @Test
    void nullOrEmptyPathMapsNothing() { // §6.11
        MappingFile f = new MappingFile(rackscope(), new Fixtures.FakeConfigWriter(dir));
        assertSame(NodeMapping.EMPTY, f.load(null).mapping());
        assertSame(NodeMapping.EMPTY, f.load("").mapping());
        assertNull(f.load(null).file());
    }

    @Test
    void missingFileMapsNothingWithoutAProblem() { // §6.11
        MappingFile f = new MappingFile(rackscope(), new Fixtures.FakeConfigWriter(dir));
        MappingFile.Loaded l = f.load("nowhere.yaml");
        assertEquals(List.of(), l.mapping().entries());
        assertEquals(List.of(), l.mapping().problems());
        assertEquals(dir.resolve("nowhere.yaml"), l.file());
    }

    @Test
    void invalidYamlOrEmptyFileMapsNothing() throws Exception { // §6.11
        writeFile(dir.resolve("bad.yaml"), "{ invalid yaml ][");
        writeFile(dir.resolve("empty.yaml"), "");
        MappingFile f = new MappingFile(rackscope(), new Fixtures.FakeConfigWriter(dir));

        NodeMapping bad = f.load("bad.yaml").mapping();
        assertEquals(List.of(), bad.entries());
        assertEquals(1, bad.problems().size());
        assertTrue(bad.problems().get(0).startsWith("cannot read"), bad.problems().get(0));
        assertEquals(List.of(), f.load("empty.yaml").mapping().entries());
    }

    @Test
    void theFileIsReadOnceUntilItChanges() throws Exception { // §7.20
        writeFile(dir.resolve("m.yaml"), "mappings:\n  - {node: a, instance: b}\n");
        Fixtures.FakeRackscopeConfig rc = rackscope();
        Fixtures.FakeConfigWriter w = new Fixtures.FakeConfigWriter(dir);
        MappingFile f = new MappingFile(rc, w);

        NodeMapping first = f.load("m.yaml").mapping();
        assertSame(first, f.load("m.yaml").mapping());
        assertEquals(1, rc.yamlReads);

        w.write(dir.resolve("m.yaml"), "mappings:\n  - {node: a, instance: c}\n"); // atomic rename: new file
        assertEquals("c", f.load("m.yaml").mapping().resolve("a"));
        assertEquals(2, rc.yamlReads);
    }

    @Test
    void saveWritesTheListFormWithInstanceBeforeNode() throws Exception { // §4.6
        Fixtures.FakeConfigWriter w = new Fixtures.FakeConfigWriter(dir);
        MappingFile f = new MappingFile(rackscope(), w);
        assertEquals(List.of(), f.load("sub/dir/m.yaml").mapping().entries());

        Path file = f.save("sub/dir/m.yaml", List.of(Map.of("node", "n001", "instance", "compute001")));

        assertEquals(dir.resolve("sub/dir/m.yaml"), file);
        assertEquals(List.of(file), w.written, "through the atomic writer");
        assertEquals(map("mappings", List.of(map("instance", "compute001", "node", "n001"))), Fixtures.yaml(file));
        assertTrue(Files.readString(file).indexOf("instance:") < Files.readString(file).indexOf("node:"));
        assertEquals("compute001", f.load("sub/dir/m.yaml").mapping().resolve("n001"), "the cache is dropped");
    }

    @Test
    void saveOutsideTheConfigTreeIsRefused() {
        Path outside = dir.getParent().resolve("elsewhere-" + System.nanoTime() + ".yaml");
        MappingFile f = new MappingFile(rackscope(), new Fixtures.FakeConfigWriter(dir));
        assertThrows(IllegalArgumentException.class, () -> f.save(outside.toString(), List.of()));
        assertTrue(Files.notExists(outside));
    }

    @Test
    void originalLayoutPathsFallBackToTheAppYamlFolder() throws Exception {
        writeFile(dir.resolve("plugins/slurm/node_mapping.yaml"), "mapping:\n  'c[1-2]': 'x[1-2]'\n");
        Fixtures.FakeRackscopeConfig rc = new Fixtures.FakeRackscopeConfig(dir) {
            @Override
            public Path resolve(String path) {
                return Path.of("/nonexistent-cwd").resolve(path); // as if the working directory had no config/
            }
        };
        MappingFile f = new MappingFile(rc, new Fixtures.FakeConfigWriter(dir));

        MappingFile.Loaded l = f.load(SlurmConfig.DEFAULT_MAPPING_PATH);

        assertEquals(dir.resolve("plugins/slurm/node_mapping.yaml"), l.file());
        assertEquals("x2", l.mapping().resolve("c2"));
    }
}
