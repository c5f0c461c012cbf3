package dev.rackscope.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
    void nullStatusMapAndColorsGiveTheDefaults() {
        SlurmConfig c = SlurmConfig.from(map("status_map", null, "severity_colors", null));

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

    // ------------------------------------------------------------------------------------- validation

    private static String problems(Map<String, Object> settings) {
        return assertThrows(SlurmConfig.InvalidConfigException.class, () -> SlurmConfig.from(settings)).getMessage();
    }

    @Test
    void everyInvalidKeyIsNamedInOneMessage() {
        SlurmConfig.InvalidConfigException e = assertThrows(SlurmConfig.InvalidConfigException.class,
                () -> SlurmConfig.from(map("metric", "", "label_node", "node-name", "status_map", "idle",
                        "include_unlabeled", "maybe", "roles", "compute")));

        assertEquals(5, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().startsWith("Invalid Slurm plugin settings: "));
        assertTrue(e.getMessage().contains("metric: must not be empty"), e.getMessage());
        assertTrue(e.getMessage().contains("label_node: 'node-name' is not a valid Prometheus label name"));
        assertTrue(e.getMessage().contains("status_map: must be a mapping, not 'idle'"));
        assertTrue(e.getMessage().contains("include_unlabeled: must be a boolean"));
        assertTrue(e.getMessage().contains("roles: must be a list, not 'compute'"));
    }

    @Test
    void textSettingsAreNotCoercedFromNumbers() {
        assertTrue(problems(map("metric", 42)).contains("metric: must be text, not 42"));
        assertTrue(problems(map("label_status", true)).contains("label_status: must be text"));
    }

    @Test
    void statusMapListsMustBeListsOfStates() {
        assertTrue(problems(map("status_map", map("ok", "idle"))).contains("status_map.ok: must be a list"));
        assertTrue(problems(map("status_map", map("crit", List.of("down", map("x", 1)))))
                .contains("status_map.crit[1]: must be text"));
    }

    @Test
    void severityColorsMustBeAMappingOfText() {
        assertTrue(problems(map("severity_colors", List.of("red"))).contains("severity_colors: must be a mapping"));
        assertTrue(problems(map("severity_colors", map("ok", List.of()))).contains("severity_colors.ok"));
    }

    @Test
    void catalogNamesMustBePlainFileNames() {
        assertTrue(problems(map("metrics_catalogs", List.of("../etc/x.yaml"))).contains("contains '..'"));
        assertTrue(problems(map("metrics_catalogs", List.of("/etc/x.yaml"))).contains("no folders"));
        assertTrue(problems(map("metrics_catalogs", List.of("sub\\x.yaml"))).contains("no folders"));
        assertTrue(problems(map("metrics_catalogs", List.of(""))).contains("is empty"));
        assertTrue(problems(map("metrics_catalogs", "metrics.yaml")).contains("metrics_catalogs: must be a list"));
        assertTrue(problems(map("metrics_catalog_dir", "")).contains("metrics_catalog_dir: must not be empty"));
    }

    @Test
    void mappingPathMustBeTextOrNull() {
        assertTrue(problems(map("mapping_path", 3)).contains("mapping_path: must be a path or null"));
    }

    @Test
    void laxBooleansAsPydanticReadsThem() {
        for (Object yes : List.of("on", "Y", "t", 1.0)) {
            assertTrue(SlurmConfig.from(map("include_unlabeled", yes)).includeUnlabeled(), String.valueOf(yes));
        }
        for (Object no : List.of("off", "N", "f", 0)) {
            assertFalse(SlurmConfig.from(map("include_unlabeled", no)).includeUnlabeled(), String.valueOf(no));
        }
        assertTrue(problems(map("include_unlabeled", 2)).contains("include_unlabeled"));
    }

    @Test
    void unknownKeysAndEnabledAreIgnored() {
        SlurmConfig c = SlurmConfig.from(map("enabled", false, "colour", "blue"));
        assertEquals(SlurmConfig.defaults(), c);
        assertEquals(true, c.toMap().get("enabled"));
    }

    @Test
    void queryFiltersZeroValuedSeriesInPromql() {
        assertEquals("max by (node,status,partition) (slurm_node_status) > 0", SlurmConfig.defaults().promql());
        assertEquals("max by (host,state,part) (slurm_state{cluster=\"a\"}) > 0", SlurmConfig.from(map(
                "metric", "slurm_state{cluster=\"a\"}", "label_node", "host", "label_status", "state",
                "label_partition", "part")).promql());
    }

    @Test
    void theProjectsOwnConfigFileIsValid() throws Exception {
        java.nio.file.Path file = java.nio.file.Path.of(System.getProperty("rackscope.root", "."))
                .resolve("config/plugins/slurm/config.yml");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(file), "no " + file);
        @SuppressWarnings("unchecked")
        Map<String, Object> settings = (Map<String, Object>) Fixtures.yaml(file);

        SlurmConfig c = SlurmConfig.from(FlatSettings.unflatten(FlatSettings.flatten(settings)));

        assertEquals("plugins/slurm/node_mapping.yaml", c.mappingPath());
        assertEquals(List.of("future"), c.statusMap().get("info"));
    }

    @Test
    void aLegacyTopLevelBlockGetsTheMissingKeysFromTheDefaults() { // §2.2 step 2b, as the bridge publishes it
        Map<String, Object> legacy = map("metric", "slurm_node_status", "status_map",
                map("ok", List.of("idle"), "warn", List.of("mixed"), "crit", List.of("down")),
                "roles", List.of("compute"), "include_unlabeled", false, "mapping_path", null);

        SlurmConfig c = SlurmConfig.from(FlatSettings.unflatten(FlatSettings.flatten(legacy)));

        assertEquals(List.of(), c.statusMap().get("info"));
        assertEquals("#3b82f6", c.severityColors().get("info"));
        assertNull(c.mappingPath());
    }

    @Test
    void theOriginalsSettingsUiFileIsValid() throws Exception {
        java.nio.file.Path file = java.nio.file.Path.of(System.getProperty("rackscope.root", "."))
                .resolve("../shared/rackscope-examples/plugins-default/slurm/config.yml").normalize();
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(file), "no " + file);
        @SuppressWarnings("unchecked")
        Map<String, Object> settings = (Map<String, Object>) Fixtures.yaml(file);

        SlurmConfig c = SlurmConfig.from(FlatSettings.unflatten(FlatSettings.flatten(settings)));

        assertEquals(List.of("idle"), c.statusMap().get("info"));
        assertEquals(List.of("compute", "gpu", "highmem", "visu"), c.roles());
        assertEquals("config/examples/bull/plugins/slurm/node_mapping.yaml", c.mappingPath());
    }
}
