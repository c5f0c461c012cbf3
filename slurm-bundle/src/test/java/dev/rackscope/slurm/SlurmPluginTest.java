package dev.rackscope.slurm;

import static dev.rackscope.slurm.Fixtures.map;
import static dev.rackscope.slurm.Fixtures.series;
import static dev.rackscope.slurm.Fixtures.success;
import static dev.rackscope.slurm.Fixtures.writeFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rackscope.api.config.FlatSettings;
import dev.rackscope.api.plugin.MenuItem;
import dev.rackscope.api.plugin.MenuSection;

/** The component: identity, menu, activation and live reconfiguration (§1, §2.2, §6.35, §7.15). */
class SlurmPluginTest {

    @TempDir
    Path dir;

    Fixtures.FakePrometheus prometheus;
    Fixtures.FakeSnapshots snapshots;

    @BeforeEach
    void setUp() {
        prometheus = new Fixtures.FakePrometheus();
        snapshots = new Fixtures.FakeSnapshots(Fixtures.snapshot(Fixtures.specTopology()));
    }

    private SlurmPlugin plugin(Map<String, Object> settings) throws Exception {
        SlurmPlugin p = new SlurmPlugin(new Fixtures.FakeRackscopeConfig(dir), new Fixtures.FakeConfigWriter(dir),
                prometheus, snapshots, properties(settings, 1));
        HttpFakes.init(p);
        return p;
    }

    /** What ConfigAdmin hands over: flattened settings plus framework and bridge keys. */
    private static Map<String, Object> properties(Map<String, Object> settings, long revision) {
        Map<String, Object> p = new HashMap<>(FlatSettings.flatten(settings));
        p.put("service.pid", SlurmPlugin.PID);
        p.put("component.name", SlurmPlugin.class.getName());
        p.put("rackscope.revision", revision);
        return p;
    }

    @Test
    void identity() throws Exception { // §6.35
        SlurmPlugin p = plugin(map());
        assertEquals("slurm", p.id());
        assertEquals("Slurm Workload", p.name());
        assertEquals("1.0.0", p.version());
        assertEquals("Job scheduling and node monitoring via Slurm workload manager", p.description());
        assertEquals("Rackscope Team", p.author());
    }

    @Test
    void menuHasTheWorkloadSection() throws Exception { // §1, §6.35
        List<MenuSection> menu = plugin(map()).menuSections();

        assertEquals(1, menu.size());
        MenuSection s = menu.get(0);
        assertEquals("workload", s.id());
        assertEquals("Workload", s.label());
        assertEquals("Zap", s.icon());
        assertEquals(50, s.order());
        assertEquals(List.of("slurm-overview", "slurm-wallboard", "slurm-partitions", "slurm-nodes", "slurm-alerts"),
                s.items().stream().map(MenuItem::id).toList());
        assertEquals(new MenuItem("slurm-wallboard", "Room Wallboard", "/slurm/wallboard", "Columns"), s.items().get(1));
    }

    @Test
    void effectiveConfigHasEveryKeyAndDefaults() throws Exception { // §2.4
        Map<String, Object> c = plugin(map("roles", List.of("gpu"), "include_unlabeled", "yes")).effectiveConfig();
        assertEquals(12, c.size());
        assertEquals(true, c.get("enabled"));
        assertEquals(List.of("gpu"), c.get("roles"));
        assertEquals(true, c.get("include_unlabeled"));
        assertEquals("slurm_node_status", c.get("metric"));
        assertEquals(SlurmConfig.defaults().toMap(), plugin(map()).defaultConfig());
    }

    @Test
    void invalidSettingsFailTheActivationWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> plugin(map("label_node", "node name", "metrics_catalogs", List.of("../x.yaml"))));
        assertTrue(e.getMessage().contains("label_node"), e.getMessage());
        assertTrue(e.getMessage().contains("metrics_catalogs"), e.getMessage());
    }

    @Test
    void modifiedReloadsTheMetricsCatalogFixedPer715() throws Exception { // the original kept the old catalog
        writeFile(dir.resolve("cat/a.yaml"), "metrics:\n  - {id: from_a}\n");
        writeFile(dir.resolve("cat/b.yaml"), "metrics:\n  - {id: from_b}\n");
        SlurmPlugin p = plugin(map("metrics_catalog_dir", "cat", "metrics_catalogs", List.of("a.yaml")));
        assertEquals(200, HttpFakes.get(p, "/metrics/data?metric_id=from_a").status());
        assertEquals(404, HttpFakes.get(p, "/metrics/data?metric_id=from_b").status());

        p.modified(properties(map("metrics_catalog_dir", "cat", "metrics_catalogs", List.of("b.yaml")), 2));

        assertEquals(404, HttpFakes.get(p, "/metrics/data?metric_id=from_a").status());
        assertEquals(200, HttpFakes.get(p, "/metrics/data?metric_id=from_b").status());
    }

    @Test
    void modifiedReReadsTheSameCatalogFilesToo() throws Exception {
        writeFile(dir.resolve("cat/a.yaml"), "metrics:\n  - {id: old}\n");
        Map<String, Object> settings = map("metrics_catalog_dir", "cat", "metrics_catalogs", List.of("a.yaml"));
        SlurmPlugin p = plugin(settings);
        writeFile(dir.resolve("cat/a.yaml"), "metrics:\n  - {id: new}\n");

        p.modified(properties(settings, 2));

        assertEquals(200, HttpFakes.get(p, "/metrics/data?metric_id=new").status());
    }

    @Test
    void modifiedAppliesNewStatusMapsAndLabelsToTheNextRequest() throws Exception {
        prometheus.answering(success(series("node01", "idle", "all")));
        SlurmPlugin p = plugin(map());
        assertEquals("OK", HttpFakes.get(p, "/nodes").json().at("/nodes/0/severity").asText());

        p.modified(properties(map("status_map", map("ok", List.of(), "info", List.of("idle")), "label_node", "host"), 2));

        assertEquals("max by (host,status,partition) (slurm_node_status) > 0", p.config().promql());
        prometheus.answering(success(new dev.rackscope.api.telemetry.Series(
                Map.of("host", "node01", "status", "idle", "partition", "all"), 1.0, "1", null)));
        assertEquals("INFO", HttpFakes.get(p, "/nodes").json().at("/nodes/0/severity").asText());
        assertEquals("max by (host,status,partition) (slurm_node_status) > 0",
                prometheus.queries.get(prometheus.queries.size() - 1));
    }

    @Test
    void invalidModifiedSettingsKeepThePreviousOnes() throws Exception {
        SlurmPlugin p = plugin(map("metric", "first_metric"));

        p.modified(properties(map("metric", "second", "include_unlabeled", "perhaps"), 2));

        assertEquals("first_metric", p.config().metric());
        assertEquals("first_metric", p.effectiveConfig().get("metric"));
    }

    @Test
    void mappingPathNullFromTheFileSurvivesConfigAdmin() throws Exception {
        SlurmPlugin p = plugin(map("mapping_path", null));
        assertEquals(null, p.config().mappingPath());
        assertTrue(p.effectiveConfig().containsKey("mapping_path"));
        assertFalse(HttpFakes.get(p, "/mapping").json().path("mapping_path").isTextual());
    }
}
