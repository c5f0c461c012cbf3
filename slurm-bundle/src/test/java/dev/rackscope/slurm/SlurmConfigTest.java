package dev.rackscope.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.rackscope.api.config.FlatSettings;

/** Defaults and lax reading of the Slurm settings (slurm.md §2.3). */
class SlurmConfigTest {

    private static final List<String> DEFAULT_OK = List.of("idle", "allocated", "alloc", "completing", "comp");
    private static final List<String> DEFAULT_WARN = List.of("mixed", "mix", "maint", "planned", "plnd", "reserved",
            "resv", "blocked", "block", "power_down", "pow_dn", "power_up", "pow_up", "powering_up", "powered_down",
            "reboot_issued", "reboot_req");
    private static final List<String> DEFAULT_CRIT = List.of("down", "drain", "drained", "draining", "drng", "fail",
            "failing", "failg", "error", "unknown", "unk", "noresp", "inval");

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    @Test
    void emptySettingsGiveEveryDefault() {
        SlurmConfig c = SlurmConfig.from(Map.of());

        assertEquals("slurm_node_status", c.metric());
        assertEquals("node", c.labelNode());
        assertEquals("status", c.labelStatus());
        assertEquals("partition", c.labelPartition());
        assertEquals(map("ok", DEFAULT_OK, "warn", DEFAULT_WARN, "crit", DEFAULT_CRIT, "info", List.of()),
                c.statusMap());
        assertEquals(map("ok", "#22c55e", "warn", "#f59e0b", "crit", "#ef4444", "info", "#3b82f6"),
                c.severityColors());
        assertEquals(List.of("compute", "visu"), c.roles());
        assertFalse(c.includeUnlabeled());
        assertEquals("config/plugins/slurm/node_mapping.yaml", c.mappingPath());
        assertEquals("config/plugins/slurm/metrics", c.metricsCatalogDir());
        assertEquals(List.of("metrics.yaml"), c.metricsCatalogs());
    }

    @Test
    void givenValuesReplaceTheDefaults() {
        SlurmConfig c = SlurmConfig.from(map(
                "metric", "slurm_state", "label_node", "host", "label_status", "state", "label_partition", "part",
                "roles", List.of("gpu"), "include_unlabeled", true, "mapping_path", "m.yaml",
                "metrics_catalog_dir", "cat", "metrics_catalogs", List.of("a.yaml", "b.yaml")));

        assertEquals("slurm_state", c.metric());
        assertEquals("host", c.labelNode());
        assertEquals("state", c.labelStatus());
        assertEquals("part", c.labelPartition());
        assertEquals(List.of("gpu"), c.roles());
        assertTrue(c.includeUnlabeled());
        assertEquals("m.yaml", c.mappingPath());
        assertEquals("cat", c.metricsCatalogDir());
        assertEquals(List.of("a.yaml", "b.yaml"), c.metricsCatalogs());
    }

    @Test
    void partialStatusMapKeepsTheOtherDefaultLists() {
        SlurmConfig c = SlurmConfig.from(map("status_map", map("ok", List.of("idle"), "info", List.of("planned"))));

        assertEquals(List.of("idle"), c.statusMap().get("ok"));
        assertEquals(DEFAULT_WARN, c.statusMap().get("warn"));
        assertEquals(DEFAULT_CRIT, c.statusMap().get("crit"));
        assertEquals(List.of("planned"), c.statusMap().get("info"));
    }

    @Test
    void emptyListInStatusMapIsKeptEmpty() {
        SlurmConfig c = SlurmConfig.from(map("status_map", map("crit", List.of())));

        assertEquals(List.of(), c.statusMap().get("crit"));
        assertEquals(DEFAULT_OK, c.statusMap().get("ok"));
    }

    @Test
    void partialSeverityColorsKeepTheOtherDefaults() {
        SlurmConfig c = SlurmConfig.from(map("severity_colors", map("crit", "red")));

        assertEquals(map("ok", "#22c55e", "warn", "#f59e0b", "crit", "red", "info", "#3b82f6"), c.severityColors());
    }

    @Test
    void nonMapStatusMapGivesTheDefaults() {
        SlurmConfig c = SlurmConfig.from(map("status_map", "idle", "severity_colors", null));

        assertEquals(DEFAULT_OK, c.statusMap().get("ok"));
        assertEquals("#22c55e", c.severityColors().get("ok"));
    }

    @Test
    void nullValuesGiveTheDefaults() {
        SlurmConfig c = SlurmConfig.from(map("metric", null, "roles", null, "include_unlabeled", null));

        assertEquals("slurm_node_status", c.metric());
        assertEquals(List.of("compute", "visu"), c.roles());
        assertFalse(c.includeUnlabeled());
    }

    @Test
    void mappingPathExplicitNullDisablesMapping() {
        assertNull(SlurmConfig.from(map("mapping_path", null)).mappingPath());
    }

    @Test
    void mappingPathEmptyStringDisablesMapping() {
        assertNull(SlurmConfig.from(map("mapping_path", "")).mappingPath());
    }

    @Test
    void mappingPathNullSurvivesTheConfigAdminRoundTrip() {
        Map<String, Object> fromFile = map("mapping_path", null, "metric", "m");

        SlurmConfig c = SlurmConfig.from(FlatSettings.unflatten(FlatSettings.flatten(fromFile)));

        assertNull(c.mappingPath());
    }

    @Test
    void flattenedSettingsFromConfigAdminGiveTheSameConfig() {
        Map<String, Object> nested = map(
                "status_map", map("ok", List.of("idle"), "warn", List.of("mixed")),
                "roles", List.of("compute"),
                "include_unlabeled", true);

        SlurmConfig direct = SlurmConfig.from(nested);
        SlurmConfig viaConfigAdmin = SlurmConfig.from(FlatSettings.unflatten(FlatSettings.flatten(nested)));

        assertEquals(direct, viaConfigAdmin);
        assertEquals(List.of("idle"), viaConfigAdmin.statusMap().get("ok"));
        assertEquals(DEFAULT_CRIT, viaConfigAdmin.statusMap().get("crit"));
    }

    @Test
    void includeUnlabeledAcceptsTrueWordsAsText() {
        assertTrue(SlurmConfig.from(map("include_unlabeled", "true")).includeUnlabeled());
        assertTrue(SlurmConfig.from(map("include_unlabeled", "Yes")).includeUnlabeled());
        assertTrue(SlurmConfig.from(map("include_unlabeled", "1")).includeUnlabeled());
        assertFalse(SlurmConfig.from(map("include_unlabeled", "false")).includeUnlabeled());
        assertFalse(SlurmConfig.from(map("include_unlabeled", "no")).includeUnlabeled());
    }

    @Test
    void includeUnlabeledAcceptsTheNumberOne() {
        assertTrue(SlurmConfig.from(map("include_unlabeled", 1)).includeUnlabeled());
        assertTrue(SlurmConfig.from(map("include_unlabeled", 1L)).includeUnlabeled());
    }

    @Test
    void listItemsAreReadAsText() {
        SlurmConfig c = SlurmConfig.from(map("roles", List.of("compute", 42), "status_map", map("ok", List.of(true))));

        assertEquals(List.of("compute", "42"), c.roles());
        assertEquals(List.of("true"), c.statusMap().get("ok"));
    }

    @Test
    void toMapListsEveryKeyWithEnabledFirst() {
        Map<String, Object> m = SlurmConfig.from(map("mapping_path", null)).toMap();

        assertEquals(List.of("enabled", "metric", "label_node", "label_status", "label_partition", "status_map",
                "severity_colors", "roles", "include_unlabeled", "mapping_path", "metrics_catalog_dir",
                "metrics_catalogs"), List.copyOf(m.keySet()));
        assertEquals(true, m.get("enabled"));
        assertTrue(m.containsKey("mapping_path"));
        assertNull(m.get("mapping_path"));
    }
}
