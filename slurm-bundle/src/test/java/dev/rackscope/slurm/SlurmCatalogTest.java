package dev.rackscope.slurm;

import static dev.rackscope.slurm.Fixtures.map;
import static dev.rackscope.slurm.Fixtures.writeFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading and listing the metrics catalog (§5, §6.31–32). */
class SlurmCatalogTest {

    @TempDir
    Path dir;

    private SlurmConfig config(List<String> files) {
        return SlurmConfig.from(map("metrics_catalog_dir", "metrics", "metrics_catalogs", files));
    }

    private Fixtures.FakeRackscopeConfig rc() {
        return new Fixtures.FakeRackscopeConfig(dir);
    }

    @Test
    void filesAreLoadedInOrderAndConcatenatedAsWritten() throws Exception {
        writeFile(dir.resolve("metrics/a.yaml"), "metrics:\n  - {id: a1, name: A1}\n  - {id: dup, name: first}\n");
        writeFile(dir.resolve("metrics/b.yaml"), "metrics:\n  - {id: dup, name: second}\n  - plain text item\n");

        SlurmCatalog c = SlurmCatalog.load(rc(), config(List.of("a.yaml", "b.yaml")));

        assertEquals(4, c.metrics().size());
        assertEquals("plain text item", c.metrics().get(3));
        assertEquals("first", c.find("dup").orElseThrow().get("name"));
        assertTrue(c.find("plain text item").isEmpty());
        assertEquals(List.of(), c.errors());
    }

    @Test
    void missingDirectoryGivesAnEmptyCatalog() { // §6.32
        assertEquals(SlurmCatalog.EMPTY, SlurmCatalog.load(rc(), config(List.of("metrics.yaml"))));
        assertEquals(List.of(), SlurmCatalog.availableFiles(rc(), config(List.of())));
    }

    @Test
    void missingBrokenOrShapelessFilesAreSkippedAndReported() throws Exception { // §5, §6.31
        writeFile(dir.resolve("metrics/ok.yaml"), "metrics:\n  - {id: x}\n");
        writeFile(dir.resolve("metrics/broken.yaml"), "metrics: [unclosed\n");
        writeFile(dir.resolve("metrics/list.yaml"), "- id: y\n");
        writeFile(dir.resolve("metrics/notalist.yaml"), "metrics: {id: z}\n");

        SlurmCatalog c = SlurmCatalog.load(rc(), config(List.of("missing.yaml", "broken.yaml", "list.yaml",
                "notalist.yaml", "ok.yaml")));

        assertEquals(List.of(map("id", "x")), c.metrics());
        assertEquals(4, c.errors().size(), c.errors().toString());
        assertTrue(c.errors().get(0).startsWith("missing.yaml: not found"));
    }

    @Test
    void availableFilesAreTheSortedYamlFilesOfTheFolder() throws Exception { // §6.32
        writeFile(dir.resolve("metrics/test2.yaml"), "metrics: []\n");
        writeFile(dir.resolve("metrics/test1.yaml"), "metrics: []\n");
        writeFile(dir.resolve("metrics/other.yml"), "metrics: []\n");
        writeFile(dir.resolve("metrics/notes.txt"), "");
        Files.createDirectories(dir.resolve("metrics/folder.yaml"));
        writeFile(dir.resolve("metrics/sub/deep.yaml"), "metrics: []\n");

        assertEquals(List.of("test1.yaml", "test2.yaml"), SlurmCatalog.availableFiles(rc(), config(List.of())));
    }
}
