package dev.rackscope.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.rackscope.api.config.FlatSettings;
import dev.rackscope.simulator.generator.NodeKind;
import dev.rackscope.simulator.generator.Profile;
import dev.rackscope.simulator.generator.Settings;

/** Defaults and key handling of the simulator settings (simulator.md §1.3). */
class SimulatorConfigTest {

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    @Test
    void emptySettingsGiveTheApiDefaults() {
        SimulatorConfig c = SimulatorConfig.from(Map.of());

        assertEquals(20, c.updateIntervalSeconds());
        assertNull(c.seed());
        assertEquals("light", c.incidentMode());
        assertEquals(2, c.changesPerHour());
        assertEquals(map("devices_crit", 0, "devices_warn", 0, "racks_crit", 0, "aisles_hot", 0), c.customIncidents());
        assertEquals("config/plugins/simulator/overrides/overrides.yaml", c.overridesPath());
        assertEquals(120, c.defaultTtlSeconds());
        assertEquals("config/plugins/simulator/metrics/metrics_full.yaml", c.metricsCatalogPath());
        assertEquals(List.of(), c.metricsCatalogs());
        assertEquals(map("drain", 1, "down", 1, "maint", 1), c.slurmRandomStatuses());
        assertEquals(List.of("compute*", "visu*"), c.slurmRandomMatch());
        assertEquals(80, c.slurmAllocPercent());
    }

    @Test
    void givenValuesReplaceTheDefaults() {
        SimulatorConfig c = SimulatorConfig.from(map(
                "update_interval_seconds", 5, "seed", 42, "incident_mode", "heavy", "changes_per_hour", 4,
                "overrides_path", "o.yaml", "default_ttl_seconds", 0, "metrics_catalog_path", "m.yaml",
                "slurm_random_statuses", map("drain", 2), "slurm_random_match", List.of("gpu*"),
                "slurm_alloc_percent", 50));

        assertEquals(5, c.updateIntervalSeconds());
        assertEquals(42, c.seed());
        assertEquals("heavy", c.incidentMode());
        assertEquals(4, c.changesPerHour());
        assertEquals("o.yaml", c.overridesPath());
        assertEquals(0, c.defaultTtlSeconds());
        assertEquals("m.yaml", c.metricsCatalogPath());
        assertEquals(map("drain", 2), c.slurmRandomStatuses());
        assertEquals(List.of("gpu*"), c.slurmRandomMatch());
        assertEquals(50, c.slurmAllocPercent());
    }

    @Test
    void partialCustomIncidentsKeepZeroForTheOthers() {
        SimulatorConfig c = SimulatorConfig.from(map("custom_incidents", map("devices_crit", 1, "devices_warn", 2)));

        assertEquals(map("devices_crit", 1, "devices_warn", 2, "racks_crit", 0, "aisles_hot", 0), c.customIncidents());
    }

    @Test
    void legacyUpdateIntervalKeyIsAccepted() {
        assertEquals(7, SimulatorConfig.from(map("update_interval", 7)).updateIntervalSeconds());
    }

    @Test
    void updateIntervalSecondsWinsOverTheLegacyKey() {
        SimulatorConfig c = SimulatorConfig.from(map("update_interval", 7, "update_interval_seconds", 9));

        assertEquals(9, c.updateIntervalSeconds());
    }

    @Test
    void seedNullOrBlankMeansNoSeed() {
        assertNull(SimulatorConfig.from(map("seed", null)).seed());
        assertNull(SimulatorConfig.from(map("seed", "")).seed());
        assertNull(SimulatorConfig.from(map("seed", "   ")).seed());
    }

    @Test
    void seedNumberIsKept() {
        assertEquals(42, SimulatorConfig.from(map("seed", 42)).seed());
        assertEquals(42, SimulatorConfig.from(map("seed", 42L)).seed());
        assertEquals(0, SimulatorConfig.from(map("seed", 0)).seed());
        assertEquals(-3, SimulatorConfig.from(map("seed", -3)).seed());
    }

    @Test
    void seedTextOfANumberIsReadAsTheNumber() {
        assertEquals(42, SimulatorConfig.from(map("seed", "42")).seed());
        assertEquals(42, SimulatorConfig.from(map("seed", " 42 ")).seed());
    }

    @Test
    void numbersGivenAsTextAreRead() {
        SimulatorConfig c = SimulatorConfig.from(map("update_interval_seconds", "15", "slurm_alloc_percent", "30"));

        assertEquals(15, c.updateIntervalSeconds());
        assertEquals(30, c.slurmAllocPercent());
    }

    @Test
    void unreadableNumbersFallBackToTheDefault() {
        SimulatorConfig c = SimulatorConfig.from(map("changes_per_hour", "often", "default_ttl_seconds", List.of(1)));

        assertEquals(2, c.changesPerHour());
        assertEquals(120, c.defaultTtlSeconds());
    }

    @Test
    void metricsCatalogsListIsKeptAsWritten() {
        List<Object> catalogs = List.of(map("id", "slurm", "path", "metrics/slurm.yaml", "enabled", true),
                "metrics/extra.yaml");

        assertEquals(catalogs, SimulatorConfig.from(map("metrics_catalogs", catalogs)).metricsCatalogs());
    }

    @Test
    void slurmRandomMatchItemsAreReadAsText() {
        assertEquals(List.of("gpu*", "7"), SimulatorConfig.from(map("slurm_random_match", List.of("gpu*", 7)))
                .slurmRandomMatch());
    }

    @Test
    void nonMapSlurmRandomStatusesGivesTheDefault() {
        assertEquals(map("drain", 1, "down", 1, "maint", 1),
                SimulatorConfig.from(map("slurm_random_statuses", List.of("drain"))).slurmRandomStatuses());
    }

    @Test
    void emptySlurmRandomStatusesMeansNoForcedStatus() {
        assertEquals(Map.of(), SimulatorConfig.from(map("slurm_random_statuses", map())).slurmRandomStatuses());
    }

    @Test
    void emptySlurmRandomStatusesSurvivesTheConfigAdminRoundTrip() {
        Map<String, Object> fromFile = map("slurm_random_statuses", map(), "incident_mode", "light");

        SimulatorConfig c = SimulatorConfig.from(FlatSettings.unflatten(FlatSettings.flatten(fromFile)));

        assertEquals(Map.of(), c.slurmRandomStatuses());
    }

    @Test
    void settingsFromConfigAdminGiveTheSameConfigAsTheFile() {
        Map<String, Object> fromFile = map(
                "update_interval_seconds", 10, "seed", 42, "incident_mode", "custom",
                "custom_incidents", map("devices_crit", 1, "devices_warn", 2),
                "metrics_catalogs", List.of(map("id", "slurm", "path", "metrics/slurm.yaml", "enabled", true)),
                "slurm_random_statuses", map("drain", 1, "down", 0),
                "slurm_random_match", List.of("compute*", "gpu*"));

        SimulatorConfig direct = SimulatorConfig.from(fromFile);
        SimulatorConfig viaConfigAdmin = SimulatorConfig.from(FlatSettings.unflatten(FlatSettings.flatten(fromFile)));

        assertEquals(direct, viaConfigAdmin);
    }

    @Test
    void toMapListsEveryKeyWithEnabledFirstAndNullSeed() {
        Map<String, Object> m = SimulatorConfig.from(Map.of()).toMap();

        assertEquals(List.of("enabled", "update_interval_seconds", "seed", "incident_mode", "changes_per_hour",
                "custom_incidents", "overrides_path", "default_ttl_seconds", "metrics_catalog_path",
                "metrics_catalogs", "slurm_random_statuses", "slurm_random_match", "slurm_alloc_percent", "profiles"),
                List.copyOf(m.keySet()));
        assertTrue(m.containsKey("seed"));
        assertNull(m.get("seed"));
    }

    @Test
    void profilesAreReadWithDefaultsForMissingKeys() {
        SimulatorConfig c = SimulatorConfig.from(map("profiles", map("gpu", map("base_temp", 28.0, "load_max", "95"),
                "bogus", "not a map")));

        assertEquals(java.util.Set.of("gpu"), c.profiles().keySet());
        Profile gpu = c.profiles().get("gpu");
        assertEquals(28.0, gpu.baseTemp());
        assertEquals(95.0, gpu.loadMax());
        assertEquals(Profile.DEFAULT.powerVar(), gpu.powerVar());
        assertEquals(gpu, c.generatorSettings().profile(NodeKind.GPU));
        assertEquals(Profile.DEFAULT, c.generatorSettings().profile(NodeKind.SERVICE), "no compute profile either");
    }

    @Test
    void profilesSurviveTheConfigAdminRoundTrip() {
        Map<String, Object> fromFile = map("profiles", map("compute", map("base_temp", 24, "temp_range", 8.5)));

        assertEquals(SimulatorConfig.from(fromFile),
                SimulatorConfig.from(FlatSettings.unflatten(FlatSettings.flatten(fromFile))));
    }

    @Test
    void generatorSettingsShareTheApiDefaults() {
        Settings s = SimulatorConfig.from(Map.of()).generatorSettings();

        assertEquals(Settings.DEFAULT, s);
    }

    @Test
    void catalogPathsListThePrimaryThenEnabledExtrasWithoutDuplicates() {
        SimulatorConfig c = SimulatorConfig.from(map("metrics_catalog_path", "a.yaml", "metrics_catalogs", List.of(
                map("id", "x", "path", "b.yaml", "enabled", true), map("id", "off", "path", "c.yaml", "enabled", false),
                "d.yaml", map("id", "dup", "path", "a.yaml"))));

        assertEquals(List.of("a.yaml", "b.yaml", "d.yaml"), c.catalogPaths());
    }

    @Test
    void outOfRangeValuesAreReportedAndTheGeneratorUsesSafeOnes() {
        SimulatorConfig c = SimulatorConfig.from(map("update_interval_seconds", 0, "incident_mode", "random-demo",
                "changes_per_hour", 0, "slurm_alloc_percent", 150, "default_ttl_seconds", -1,
                "custom_incidents", map("devices_crit", -2)));

        assertEquals(6, c.problems().size(), c.problems().toString());
        Settings s = c.generatorSettings();
        assertEquals(1, s.intervalSeconds());
        assertEquals(1, s.changesPerHour());
        assertEquals(100, s.slurmAllocPercent());
        assertTrue(SimulatorConfig.from(Map.of()).problems().isEmpty());
    }

    @Test
    void retiredKeysAreIgnored() {
        SimulatorConfig c = SimulatorConfig.from(map("scenario", "demo", "scale_factor", 2, "incident_rates", map(),
                "incident_durations", map(), "incident_mode", "chaos"));

        assertEquals("chaos", c.incidentMode());
        assertTrue(c.problems().isEmpty());
        for (String retired : List.of("scenario", "scale_factor", "incident_rates", "incident_durations")) {
            assertTrue(!c.toMap().containsKey(retired), retired);
        }
    }
}
