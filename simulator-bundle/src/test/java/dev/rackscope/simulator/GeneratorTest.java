package dev.rackscope.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rackscope.api.config.FlatSettings;
import dev.rackscope.api.model.Aisle;
import dev.rackscope.api.model.Catalog;
import dev.rackscope.api.model.Device;
import dev.rackscope.api.model.DeviceTemplate;
import dev.rackscope.api.model.Rack;
import dev.rackscope.api.model.Room;
import dev.rackscope.api.model.Site;
import dev.rackscope.api.model.Topology;
import dev.rackscope.api.snapshot.Snapshot;
import dev.rackscope.simulator.generator.Exposition;

/** The generator component without a framework: ticks, reloads, restart and the shared overrides file. */
class GeneratorTest {

    private static final long NOW = 1_718_000_000L;

    @TempDir
    Path dir;
    private Fakes.Config config;
    private Fakes.Writer writer;
    private Fakes.Snapshots snapshots;
    private final AtomicLong clockMillis = new AtomicLong(NOW * 1000);
    private final List<Generator> started = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        config = new Fakes.Config(dir);
        writer = new Fakes.Writer(dir);
        Path metrics = dir.resolve("plugins/simulator/metrics");
        Files.createDirectories(metrics);
        Path project = projectRoot().resolve("config/plugins/simulator/metrics");
        Files.copy(project.resolve("metrics_full.yaml"), metrics.resolve("metrics_full.yaml"));
        Files.copy(project.resolve("metrics_slurm.yaml"), metrics.resolve("metrics_slurm.yaml"));
        snapshots = new Fakes.Snapshots(Fakes.snapshot(1, topology(false), catalog(), List.of()));
    }

    @AfterEach
    void stopAll() {
        started.forEach(Generator::deactivate);
    }

    static Path projectRoot() {
        String root = System.getProperty("rackscope.root");
        Path p = root == null ? Path.of("..") : Path.of(root);
        return Files.isDirectory(p.resolve("config")) ? p : Path.of("..");
    }

    static Map<String, Object> settings(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("update_interval_seconds", 20);
        m.put("seed", 42);
        m.put("incident_mode", "full_ok");
        m.put("overrides_path", "plugins/simulator/overrides/overrides.yaml");
        m.put("metrics_catalog_path", "plugins/simulator/metrics/metrics_full.yaml");
        m.put("metrics_catalogs", List.of(Map.of("id", "slurm", "path", "plugins/simulator/metrics/metrics_slurm.yaml",
                "enabled", true)));
        m.put("slurm_random_statuses", Map.of());
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return FlatSettings.flatten(m);
    }

    private Generator generator(Map<String, Object> properties) {
        return new Generator(snapshots, config, writer, properties, clockMillis::get);
    }

    static Catalog catalog() {
        DeviceTemplate.Layout disks = new DeviceTemplate.Layout("grid", 1, 3, List.of(List.of(1, 2, 3)));
        return new Catalog(List.of(
                new DeviceTemplate("quad", "Quad", "server", null, null, 2, null, null, null, List.of(), List.of(),
                        List.of(), Map.of()),
                new DeviceTemplate("array", "Array", "storage", "eseries", null, 2, null, disks, null, List.of(),
                        List.of(), List.of(), Map.of()),
                new DeviceTemplate("switch", "Switch", "network", null, null, 1, null, null, null, List.of(),
                        List.of(), List.of(), Map.of())), List.of(), List.of());
    }

    static Topology topology(boolean extra) {
        List<Device> r1 = new ArrayList<>(List.of(
                new Device("c1", "Chassis", "quad", 1, "compute[001-004]", null, null),
                new Device("g1", "GPU", "quad", 3, List.of("gpu01", "gpu02"), null, null),
                new Device("st1", "Array", "array", 5, "stor-01-[01-02]", null, null),
                new Device("sw1", "Switch", "switch", 7, "esw-r1-01", null, null),
                new Device("legacy", "Old", "quad", 9, Map.of(), "visu[1-2]", null)));
        if (extra) {
            r1.add(new Device("c2", "Chassis", "quad", 11, "compute005", null, null));
        }
        Rack rack1 = new Rack("r1-01", "R1", null, 42, null, r1);
        Rack rack2 = new Rack("r2-01", "R2", null, 42, null,
                List.of(new Device("c9", "Chassis", "quad", 1, List.of("compute101"), null, null)));
        Room room = new Room("room1", "Room", null, null, List.of(new Aisle("a1", "A1", List.of(rack1, rack2))),
                List.of());
        return new Topology(List.of(new Site("site1", "Site", null, null, List.of(room))));
    }

    private static List<String> lines(Exposition e, String prefix) {
        return e.text().lines().filter(l -> l.startsWith(prefix)).collect(Collectors.toList());
    }

    private static String line(Exposition e, String prefix) {
        List<String> l = lines(e, prefix);
        assertEquals(1, l.size(), prefix + " -> " + l);
        return l.get(0);
    }

    @Test
    void aTickPublishesTheWholeTopologyWithTheProcessSeries() {
        Generator g = generator(settings());
        assertSame(Exposition.EMPTY, g.exposition());
        g.tickOnce();
        Exposition e = g.exposition();
        assertEquals(1, e.tick());
        assertTrue(line(e, "up{site_id=\"site1\",room_id=\"room1\",rack_id=\"r1-01\",chassis_id=\"c1\","
                + "node_id=\"compute003\"").endsWith("} 1"));
        assertEquals(1, lines(e, "ipmi_up{").stream().filter(l -> l.contains("node_id=\"visu2\"")).count(),
                "legacy nodes field is expanded");
        assertEquals(12 * 3, lines(e, "slurm_node_status{node=\"gpu01\"").size());
        assertEquals(3, lines(e, "eseries_storage_system_status{").size(), "one storage target per array");
        assertEquals(6, lines(e, "eseries_drive_status{").size());
        assertEquals(8, lines(e, "switch_port_oper_status{").size());
        assertEquals(1, lines(e, "sequana3_hyc_p_in_kpa{").size(), "the catalog restricts sequana to r2-01/r2-02");
        assertTrue(line(e, "sequana3_hyc_p_in_kpa{").contains("sequana_rack_id=\"r2-01\""));
        assertEquals(2 * 6 + 2 * 2, lines(e, "raritan_pdu_activepower_watt{").size(), "2 PDUs of 3 outlets per rack");
        assertTrue(e.text().contains("\nprocess_resident_memory_bytes "));
        assertTrue(e.text().contains("\nprocess_cpu_seconds_total "));
        assertNull(g.status().lastError());
        assertTrue(g.status().lastTickNanos() > 0);
        assertFalse(g.status().running(), "ticked by hand: no loop is scheduled");
    }

    @Test
    void anOverridePostedThroughTheApiAppliesAtTheNextTick() throws Exception {
        Generator g = generator(settings());
        g.tickOnce();
        SimulatorPlugin plugin = new SimulatorPlugin(config, writer, snapshots, settings(), () -> NOW);
        Fakes.init(plugin);
        assertEquals(200, Fakes.call(plugin, "/api/simulator", "POST", "/overrides",
                "{\"instance\":\"compute002\",\"metric\":\"up\",\"value\":0,\"ttl_seconds\":0}", Map.of()).status);
        assertEquals(200, Fakes.call(plugin, "/api/simulator", "POST", "/incidents",
                "{\"type\":\"rack_down\",\"target_id\":\"r2-01\",\"duration\":60}", Map.of()).status);
        g.tickOnce();
        Exposition e = g.exposition();
        assertTrue(lines(e, "up{").stream().filter(l -> l.contains("node_id=\"compute002\"")).allMatch(l -> l.endsWith(" 0")));
        assertTrue(lines(e, "up{").stream().filter(l -> l.contains("node_id=\"compute101\"")).allMatch(l -> l.endsWith(" 0")));
        assertTrue(lines(e, "up{").stream().filter(l -> l.contains("node_id=\"compute001\"")).allMatch(l -> l.endsWith(" 1")));
        assertEquals(2, g.simulation().rackSample("r2-01").coolingState());
        clockMillis.addAndGet(61_000);
        g.tickOnce();
        assertEquals(1, g.simulation().sample("compute101").up(), "the incident expired");
        assertEquals(0, g.simulation().sample("compute002").up(), "the permanent override holds");
    }

    @Test
    void anUnreadableOverridesFileKeepsTheLastGoodOverrides() throws Exception {
        Generator g = generator(settings());
        Path file = dir.resolve("plugins/simulator/overrides/overrides.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "overrides:\n  - {id: x, instance: compute001, metric: up, value: 0}\n");
        g.tickOnce();
        assertEquals(0, g.simulation().sample("compute001").up());
        Files.writeString(file, "{ invalid yaml ][ and longer");
        g.tickOnce();
        assertEquals(0, g.simulation().sample("compute001").up());
        Files.delete(file);
        g.tickOnce();
        assertEquals(1, g.simulation().sample("compute001").up(), "a deleted file means no overrides");
    }

    @Test
    void aModeChangeIsPickedUpWithoutRestart() {
        Generator g = generator(settings());
        g.tickOnce();
        assertTrue(g.simulation().incidents().nodesCrit().isEmpty());
        g.modified(settings("incident_mode", "custom", "custom_incidents", Map.of("devices_crit", 3, "racks_crit", 1)));
        g.tickOnce();
        assertEquals(3, g.simulation().incidents().nodesCrit().size());
        assertEquals(1, g.simulation().incidents().racksCrit().size());
        assertEquals(2, g.exposition().tick(), "no restart: the tick counter went on");
    }

    @Test
    void aTopologyReloadIsPickedUpAtTheNextTick() {
        Generator g = generator(settings());
        g.tickOnce();
        assertNull(g.simulation().sample("compute005"));
        Snapshot previous = snapshots.current;
        snapshots.current = Fakes.snapshot(2, topology(true), catalog(), List.of());
        g.snapshotChanged(previous, snapshots.current);
        g.tickOnce();
        assertNotNull(g.simulation().sample("compute005"));
        snapshots.current = Fakes.snapshot(3, topology(false), catalog(), List.of());
        g.tickOnce();
        assertNull(g.simulation().sample("compute005"), "a new generation is noticed even without a notification");
    }

    @Test
    void anEditedCatalogFileIsPickedUpAtTheNextTick() throws Exception {
        Generator g = generator(settings());
        g.tickOnce();
        assertFalse(lines(g.exposition(), "ipmi_up{").isEmpty());
        Path full = dir.resolve("plugins/simulator/metrics/metrics_full.yaml");
        Files.writeString(full, "metrics:\n  - {name: up, scope: node}\n");
        Files.setLastModifiedTime(full, FileTime.fromMillis(System.currentTimeMillis() + 5000));
        g.tickOnce();
        assertTrue(lines(g.exposition(), "ipmi_up{").isEmpty());
        assertFalse(lines(g.exposition(), "up{").isEmpty());
    }

    @Test
    void missingCatalogsFallBackToTheBuiltInCatalog() {
        Generator g = generator(settings("metrics_catalog_path", "config/plugins/simulator/metrics/nowhere.yaml",
                "metrics_catalogs", List.of()));
        g.tickOnce();
        Exposition e = g.exposition();
        assertEquals(1, lines(e, "slurm_nodes_total ").size());
        assertFalse(lines(e, "sequana3_hyc_p_in_kpa{").isEmpty());
    }

    @Test
    void theOriginalsRepositoryLayoutCatalogPathsResolveBesideAppYaml() {
        Generator g = generator(settings("metrics_catalog_path", "config/plugins/simulator/metrics/metrics_full.yaml",
                "metrics_catalogs", List.of(Map.of("id", "slurm",
                        "path", "config/plugins/simulator/metrics/metrics_slurm.yaml", "enabled", true),
                        Map.of("id", "off", "path", "nowhere.yaml", "enabled", false))));
        g.tickOnce();
        assertEquals(1, lines(g.exposition(), "sequana3_hyc_p_in_kpa{").size(), "the project catalog, not the default");
        assertEquals(1, lines(g.exposition(), "slurm_nodes_total ").size());
    }

    @Test
    void aFailingTickKeepsThePreviousExpositionAndReportsTheError() {
        Generator g = generator(settings());
        g.tickOnce();
        Exposition first = g.exposition();
        snapshots.failure = new IllegalStateException("snapshot broken");
        g.tickOnce();
        assertSame(first, g.exposition());
        assertTrue(g.status().lastError().contains("snapshot broken"));
        snapshots.failure = null;
        g.tickOnce();
        assertEquals(2, g.exposition().tick());
        assertNull(g.status().lastError());
    }

    @Test
    void twoSeededGeneratorsProduceIdenticalSeries() {
        Generator a = generator(settings("incident_mode", "chaos"));
        Generator b = generator(settings("incident_mode", "chaos"));
        for (int i = 0; i < 4; i++) {
            a.tickOnce();
            b.tickOnce();
            assertEquals(withoutProcess(a.exposition()), withoutProcess(b.exposition()));
        }
    }

    private static String withoutProcess(Exposition e) {
        return e.text().lines().filter(l -> !l.contains("process_")).collect(Collectors.joining("\n"));
    }

    @Test
    void theLoopTicksAtOnceAndRestartStartsOverFromTickOne() throws Exception {
        Generator g = generator(settings("update_interval_seconds", 1));
        clockMillis.set(System.currentTimeMillis());
        started.add(g);
        g.start();
        await(() -> g.status().running() && g.exposition().tick() >= 2);
        g.restart();
        await(() -> g.exposition().tick() == 1);
        await(() -> g.status().running());
        g.deactivate();
        assertFalse(g.status().running());
    }

    @Test
    void anIntervalChangeReschedulesTheLoop() throws Exception {
        Generator g = generator(settings("update_interval_seconds", 1));
        clockMillis.set(System.currentTimeMillis());
        started.add(g);
        g.start();
        await(() -> g.status().running());
        g.modified(settings("update_interval_seconds", 7));
        assertEquals(7, g.status().intervalSeconds());
        assertTrue(g.status().running());
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long end = System.currentTimeMillis() + 10_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(10);
        }
    }
}
