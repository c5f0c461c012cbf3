package dev.rackscope.core.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.rackscope.api.model.Aisle;
import dev.rackscope.api.model.Rack;
import dev.rackscope.api.model.Room;
import dev.rackscope.api.model.Site;
import dev.rackscope.api.snapshot.Snapshot;

/**
 * Every real Rackscope configuration of {@code ../shared/rackscope-examples/} loads through the same
 * path the server uses (app.yaml → snapshot) with the counts its README gives.
 */
class SnapshotExamplesTest {

    @TempDir
    Path temp;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // example, sites, rooms, aisles, racks, devices, instances, unique, device/rack/component templates, checks, metrics
        "simple-room,            1, 1, 1,  4,  11,   11,   11,  2, 1, 0,  2, 0",
        "hpc-cluster,            2, 2, 3, 13, 136,  256,  256, 23, 2, 9, 27, 7",
        "full-datacenter,        2, 3, 6, 22, 296,  850,  850, 10, 1, 1, 10, 7",
        "profiles/homelab,       1, 1, 1,  3,  23,   23,   23, 16, 2, 5, 14, 4",
        "profiles/small-cluster, 1, 1, 3, 11, 194,  608,  608, 16, 2, 5, 14, 4",
        "profiles/hpc-cluster,   1, 2, 5, 25, 762, 1912, 1912, 16, 2, 5, 20, 6"})
    void exampleLoadsWithTheCountsOfItsReadme(String example, int sites, int rooms, int aisles, int racks, int devices,
                                              int instances, int unique, int deviceTemplates, int rackTemplates,
                                              int componentTemplates, int checks, int metrics) throws Exception {
        Path dir = examples().resolve(example);
        Path appYaml = example.startsWith("profiles/") ? dir.resolve("app.yaml") : inPlaceAppYaml(dir);

        Snapshot s = SnapshotBuilder.fromFile(appYaml, 1);

        assertNotNull(s.config(), "app config loaded");
        assertEquals(sites, s.topology().sites().size(), "sites");
        int roomCount = 0;
        int aisleCount = 0;
        int rackCount = 0;
        int deviceCount = 0;
        for (Site site : s.topology().sites()) {
            for (Room room : site.rooms()) {
                roomCount++;
                aisleCount += room.aisles().size();
                for (Aisle aisle : room.aisles()) {
                    rackCount += aisle.racks().size();
                    deviceCount += aisle.racks().stream().mapToInt(r -> r.devices().size()).sum();
                }
                rackCount += room.standaloneRacks().size();
                deviceCount += room.standaloneRacks().stream().mapToInt(r -> r.devices().size()).sum();
            }
        }
        assertEquals(rooms, roomCount, "rooms");
        assertEquals(aisles, aisleCount, "aisles");
        assertEquals(racks, rackCount, "racks");
        assertEquals(devices, deviceCount, "devices");
        int expanded = s.index().devices().values().stream().mapToInt(d -> d.instances().size()).sum();
        Set<String> names = new HashSet<>();
        s.index().devices().values().forEach(d -> names.addAll(d.instances()));
        assertEquals(instances, expandedAcrossAllDevices(s), "instances");
        assertEquals(unique, s.index().instances().size(), "unique instances");
        assertEquals(unique, names.size(), "unique instances by device");
        assertEquals(true, expanded <= instances, "index devices hold at most all instances");
        assertEquals(deviceTemplates, s.catalog().deviceTemplates().size(), "device templates");
        assertEquals(rackTemplates, s.catalog().rackTemplates().size(), "rack templates");
        assertEquals(componentTemplates, s.catalog().rackComponentTemplates().size(), "rack component templates");
        assertEquals(checks, s.checks().size(), "checks");
        assertEquals(metrics, s.metrics().size(), "metrics");
    }

    /** Sums the expansion over every device of the topology (not only those the index keeps per id). */
    private static int expandedAcrossAllDevices(Snapshot s) {
        int n = 0;
        for (Site site : s.topology().sites()) {
            for (Room room : site.rooms()) {
                for (Aisle aisle : room.aisles()) {
                    for (Rack rack : aisle.racks()) {
                        n += count(rack);
                    }
                }
                for (Rack rack : room.standaloneRacks()) {
                    n += count(rack);
                }
            }
        }
        return n;
    }

    private static int count(Rack rack) {
        return rack.devices().stream().mapToInt(d -> dev.rackscope.core.load.InstanceExpander.instances(d).size()).sum();
    }

    /** The three top-level examples are written for a server's config/ folder; point paths at the folder. */
    private Path inPlaceAppYaml(Path dir) throws IOException {
        Path app = temp.resolve("app.yaml");
        Files.writeString(app, "paths:\n  topology: " + dir.resolve("topology") + "\n  templates: "
                + dir.resolve("templates") + "\n  checks: " + dir.resolve("checks/library") + "\n  metrics: "
                + dir.resolve("metrics/library") + "\n");
        return app;
    }

    private static Path examples() {
        String root = System.getProperty("rackscope.root");
        Path base = root != null ? Paths.get(root) : Paths.get("").toAbsolutePath();
        while (base != null && !Files.isDirectory(base.resolve("rackscope-api-bundle"))) {
            base = base.getParent();
        }
        Path examples = base == null ? null : base.resolve("../shared/rackscope-examples").normalize();
        Assumptions.assumeTrue(examples != null && Files.isDirectory(examples),
                "../shared/rackscope-examples is absent: compatibility with the original's examples not checked");
        return examples;
    }
}
