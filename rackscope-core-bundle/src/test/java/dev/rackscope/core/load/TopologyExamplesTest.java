package dev.rackscope.core.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.rackscope.api.model.Aisle;
import dev.rackscope.api.model.Device;
import dev.rackscope.api.model.Rack;
import dev.rackscope.api.model.Room;
import dev.rackscope.api.model.Site;
import dev.rackscope.api.model.Topology;
import dev.rackscope.api.snapshot.TopologyIndex;
import dev.rackscope.core.load.TopologyLoader.LoadedTopology;

/**
 * Compatibility: the published Rackscope examples load with the counts the original loader gives
 * (../shared/rackscope-examples/README.md, core.md §6).
 */
class TopologyExamplesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // example,                sites, rooms, aisles, racks, devices, inst, uniq
            "simple-room,              1,     1,     1,      4,     11,      11,   11",
            "hpc-cluster,              2,     2,     3,      13,    136,     256,  256",
            "full-datacenter,          2,     3,     6,      22,    296,     850,  850",
            "profiles/homelab,         1,     1,     1,      3,     23,      23,   23",
            "profiles/small-cluster,   1,     1,     3,      11,    194,     608,  608",
            "profiles/hpc-cluster,     1,     2,     5,      25,    762,     1912, 1912",
    })
    void exampleTopologyLoadsWithTheOriginalsCounts(String example, int sites, int rooms, int aisles, int racks,
                                                    int devices, int instances, int unique) throws Exception {
        Path examples = examplesFolder();
        Assumptions.assumeTrue(Files.isDirectory(examples),
                "Rackscope examples not found at " + examples + " (they live in ../shared beside the project); skipped");

        LoadedTopology loaded = TopologyLoader.load(examples.resolve(example).resolve("topology"));
        Topology t = loaded.topology();
        int roomCount = 0;
        int aisleCount = 0;
        int rackCount = 0;
        int deviceCount = 0;
        int instanceCount = 0;
        Set<String> names = new HashSet<>();
        for (Site site : t.sites()) {
            for (Room room : site.rooms()) {
                roomCount++;
                aisleCount += room.aisles().size();
                List<Rack> all = new java.util.ArrayList<>(room.standaloneRacks());
                for (Aisle aisle : room.aisles()) {
                    all.addAll(aisle.racks());
                }
                rackCount += all.size();
                for (Rack rack : all) {
                    for (Device device : rack.devices()) {
                        deviceCount++;
                        List<String> expanded = InstanceExpander.instances(device);
                        instanceCount += expanded.size();
                        names.addAll(expanded);
                    }
                }
            }
        }
        assertEquals(sites, t.sites().size(), "sites");
        assertEquals(rooms, roomCount, "rooms");
        assertEquals(aisles, aisleCount, "aisles");
        assertEquals(racks, rackCount, "racks");
        assertEquals(devices, deviceCount, "devices");
        assertEquals(instances, instanceCount, "expanded instances");
        assertEquals(unique, names.size(), "unique instances");

        TopologyIndex index = TopologyIndexBuilder.build(t);
        assertEquals(unique, index.instances().size(), "indexed instances");
        assertEquals(List.of(), loaded.warnings(), "warnings");
    }

    /** {@code <reactor root>/../shared/rackscope-examples}. */
    static Path examplesFolder() {
        return reactorRoot().resolve("../shared/rackscope-examples").normalize();
    }

    static Path reactorRoot() {
        String prop = System.getProperty("rackscope.root");
        if (prop != null && !prop.isBlank() && !prop.contains("${")) {
            return Paths.get(prop).toAbsolutePath();
        }
        Path dir = Paths.get("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("rackscope-api-bundle"))) {
                return p;
            }
        }
        return dir;
    }
}
