package dev.rackscope.simulator.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Catalog loading and normalisation (simulator.md §3.2–§3.3, acceptance 22–23). */
class MetricCatalogTest {

    private static Map<String, Object> entry(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static Map<String, Object> doc(Object... entries) {
        return Map.of("metrics", List.of(entries));
    }

    @Test
    void entriesWithoutANameOrScopeOrGeneratorAreSkippedWithAWarning() {
        List<String> warnings = new ArrayList<>();
        MetricCatalog c = MetricCatalog.fromDocuments(List.of(doc(entry("scope", "node"),
                entry("name", "my_custom_metric"), entry("name", "my_other", "scope", "node"),
                entry("name", "up"))), warnings::add);
        assertEquals(List.of("up"), c.entries().stream().map(CatalogEntry::name).toList());
        assertEquals(3, warnings.size(), warnings.toString());
        assertEquals(Builtin.Scope.NODE, c.get("up").scope());
    }

    @Test
    void emptyOrNullDocumentsGiveAnEmptyCatalog() {
        assertTrue(MetricCatalog.fromDocuments(Arrays.asList(null, List.of(), Map.of()), w -> {
        }).isEmpty());
    }

    @Test
    void aLaterFileReplacesAnEntryWholesale() {
        MetricCatalog c = MetricCatalog.fromDocuments(List.of(
                doc(entry("name", "up", "instances", List.of("a*"), "labels", Map.of("x", "1"))),
                doc(entry("name", "up", "help", "second"))), w -> {
                });
        CatalogEntry up = c.get("up");
        assertEquals("second", up.help());
        assertTrue(up.labels().isEmpty());
        assertTrue(up.enabled(Builtin.Scope.NODE, "zzz"));
    }

    @Test
    void helpDefaultsToTheNameAndLabelsOnlyOrNoBaseLabelsStripBaseLabels() {
        MetricCatalog c = MetricCatalog.fromDocuments(List.of(doc(entry("name", "up"),
                entry("name", "ipmi_up", "include_base_labels", false),
                entry("name", "node_load_percent", "labels_only", true))), w -> {
                });
        assertEquals("up", c.get("up").help());
        assertFalse(c.get("up").labelsOnly());
        assertTrue(c.get("ipmi_up").labelsOnly());
        assertTrue(c.get("node_load_percent").labelsOnly());
    }

    @Test
    void filtersEnableByScopeAndId() {
        MetricCatalog c = MetricCatalog.fromDocuments(List.of(doc(
                entry("name", "ipmi_up", "instances", List.of("compute*", "gpu[01-02]")),
                entry("name", "slurm_cpus_total", "racks", List.of("*")),
                entry("name", "sequana3_hyc_p_in_kpa", "racks", List.of("r01-*")))), w -> {
                });
        assertTrue(c.enabled("ipmi_up", Builtin.Scope.NODE, "compute7"));
        assertTrue(c.enabled("ipmi_up", Builtin.Scope.NODE, "gpu02"));
        assertFalse(c.enabled("ipmi_up", Builtin.Scope.NODE, "gpu03"));
        assertFalse(c.enabled("ipmi_up", Builtin.Scope.RACK, "compute7"));
        assertTrue(c.enabled("slurm_cpus_total", Builtin.Scope.RACK, ""), "cluster aggregates are tested with ''");
        assertFalse(c.enabled("sequana3_hyc_p_in_kpa", Builtin.Scope.RACK, ""));
        assertTrue(c.enabled("sequana3_hyc_p_in_kpa", Builtin.Scope.RACK, "r01-04"));
        assertFalse(c.enabled("not_there", Builtin.Scope.NODE, "x"));
    }

    @Test
    void theProjectCatalogsLoadWithoutWarnings() {
        MetricCatalog c = CatalogFiles.project();
        assertNotNull(c.get("slurm_node_status"));
        assertTrue(c.get("slurm_node_status").labelsOnly());
        assertNotNull(c.get("raritan_pdu_current_ampere"));
    }

    @Test
    void theOriginalCatalogsLoad() {
        MetricCatalog c = CatalogFiles.original();
        Assumptions.assumeTrue(c != null, "../shared/rackscope-examples is absent");
        assertTrue(c.enabled("eseries_drive_status", Builtin.Scope.NODE, "da03-r02-01"));
        assertTrue(c.enabled("sequana3_hyc_state_info", Builtin.Scope.RACK, "r01-01"));
        assertFalse(c.enabled("sequana3_hyc_state_info", Builtin.Scope.RACK, "r02-01"));
        assertTrue(c.enabled("slurm_cpus_total", Builtin.Scope.RACK, ""));
        assertNull(c.get("made_up"));
    }

    @Test
    void theDefaultCatalogCoversEveryBuiltinForEveryId() {
        MetricCatalog c = MetricCatalog.defaults();
        assertEquals(Builtin.values().length, c.entries().size());
        assertTrue(c.enabled("switch_port_oper_status", Builtin.Scope.NODE, "anything"));
        assertTrue(c.enabled("slurm_nodes_total", Builtin.Scope.RACK, ""));
    }
}
