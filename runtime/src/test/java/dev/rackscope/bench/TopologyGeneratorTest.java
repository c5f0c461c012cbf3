package dev.rackscope.bench;

import static org.junit.Assert.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.Test;

import dev.rackscope.api.model.Room;
import dev.rackscope.api.model.Site;
import dev.rackscope.api.snapshot.Snapshot;
import dev.rackscope.core.snapshot.SnapshotBuilder;

/** The generated configuration loads through the server's own loaders with the counts the generator reports. */
public class TopologyGeneratorTest {

    @Test
    public void generatedTopologyLoadsWithTheReportedCounts() throws Exception {
        for (int instances : new int[] {1, 41, 2000}) {
            Path dir = Files.createTempDirectory("rackscope-gen-");
            TopologyGenerator.Counts counts = TopologyGenerator.generate(dir, instances);
            assertEquals("instances asked for", instances, counts.instances());

            Snapshot s = SnapshotBuilder.fromFile(dir.resolve("app.yaml"), 1);
            assertEquals(counts.sites(), s.topology().sites().size());
            int rooms = 0;
            int aisles = 0;
            int racks = 0;
            for (Site site : s.topology().sites()) {
                for (Room room : site.rooms()) {
                    rooms++;
                    aisles += room.aisles().size();
                    racks += room.aisles().stream().mapToInt(a -> a.racks().size()).sum();
                }
            }
            assertEquals(counts.rooms(), rooms);
            assertEquals(counts.aisles(), aisles);
            assertEquals(counts.racks(), racks);
            assertEquals(counts.devices(), s.index().devices().size());
            assertEquals(counts.instances(), s.index().instances().size());
            assertEquals(5, s.catalog().deviceTemplates().size());
            assertEquals(4, s.checks().size());
            assertEquals(2, s.metrics().size());
            assertEquals("no warnings", 0, s.warnings().size());
        }
    }
}
