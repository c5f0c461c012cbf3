package dev.rackscope.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.rackscope.core.config.PluginSettingsResolver.Decision;
import dev.rackscope.core.config.PluginSettingsResolver.Switch;

class PluginSettingsResolverTest {

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    private static Map<String, Object> app(Object slurmSection) {
        return map("paths", map("topology", "topology"), "plugins", map("slurm", slurmSection));
    }

    // --- priority chain --------------------------------------------------------------------------

    @Test
    void fileBeatsAppSectionBeatsLegacySectionKeyByKey() {
        Map<String, Object> appYaml = map(
                "plugins", map("slurm", map("enabled", true, "metric", "from_app", "label_node", "app_node")),
                "slurm", map("metric", "from_legacy", "label_node", "legacy_node", "label_status", "legacy_status"));
        Map<String, Object> file = map("metric", "from_file");

        Decision d = PluginSettingsResolver.decide(appYaml, "slurm", file);

        assertEquals(map("metric", "from_file", "label_node", "app_node", "label_status", "legacy_status"),
                d.settings());
    }

    @Test
    void legacySectionAloneGivesTheSettings() {
        Map<String, Object> appYaml = map(
                "plugins", map("simulator", map("enabled", true)),
                "simulator", map("update_interval_seconds", 5, "seed", 42));

        Decision d = PluginSettingsResolver.decide(appYaml, "simulator", null);

        assertEquals(map("update_interval_seconds", 5, "seed", 42), d.settings());
        assertEquals(Switch.ENABLED, d.state());
    }

    @Test
    void explicitNullInTheFileOverridesALowerValue() {
        Map<String, Object> appYaml = app(map("enabled", true, "mapping_path", "app/mapping.yaml"));

        Decision d = PluginSettingsResolver.decide(appYaml, "slurm", map("mapping_path", null));

        assertTrue(d.settings().containsKey("mapping_path"));
        assertNull(d.settings().get("mapping_path"));
    }

    @Test
    void nestedSectionsAreReplacedWholeNotMerged() {
        Map<String, Object> appYaml = app(map("enabled", true, "status_map", map("ok", List.of("idle"),
                "crit", List.of("down"))));

        Decision d = PluginSettingsResolver.decide(appYaml, "slurm", map("status_map", map("ok", List.of("alloc"))));

        assertEquals(map("ok", List.of("alloc")), d.settings().get("status_map"));
    }

    @Test
    void enabledIsRemovedFromTheSettings() {
        Map<String, Object> appYaml = map(
                "plugins", map("slurm", map("enabled", true, "metric", "m")),
                "slurm", map("enabled", true));

        Decision d = PluginSettingsResolver.decide(appYaml, "slurm", map("enabled", true, "roles", List.of("compute")));

        assertFalse(d.settings().containsKey("enabled"));
        assertEquals(map("metric", "m", "roles", List.of("compute")), d.settings());
    }

    @Test
    void settingsAreResolvedEvenWhenThePluginIsDisabled() {
        Decision d = PluginSettingsResolver.decide(app(map("enabled", false, "metric", "m")), "slurm", null);

        assertEquals(Switch.DISABLED_IN_APP_CONFIG, d.state());
        assertEquals(map("metric", "m"), d.settings());
    }

    @Test
    void inputsAreNotModified() {
        Map<String, Object> section = map("enabled", true, "metric", "m");
        Map<String, Object> file = map("enabled", true, "roles", List.of("x"));

        PluginSettingsResolver.decide(app(section), "slurm", file);

        assertEquals(map("enabled", true, "metric", "m"), section);
        assertEquals(map("enabled", true, "roles", List.of("x")), file);
    }

    @Test
    void nonStringKeysOfTheSectionsBecomeText() {
        Map<Object, Object> legacy = new LinkedHashMap<>();
        legacy.put(1, "one");
        Map<String, Object> appYaml = map("plugins", map("p", map("enabled", true)), "p", legacy);

        Decision d = PluginSettingsResolver.decide(appYaml, "p", null);

        assertEquals(map("1", "one"), d.settings());
    }

    // --- switch ----------------------------------------------------------------------------------

    @Test
    void noAppYamlMeansDisabledInAppConfig() {
        Decision d = PluginSettingsResolver.decide(null, "slurm", map("metric", "m"));

        assertEquals(Switch.DISABLED_IN_APP_CONFIG, d.state());
        assertFalse(d.enabled());
        assertEquals(map("metric", "m"), d.settings());
    }

    @Test
    void missingPluginsSectionMeansDisabledInAppConfig() {
        Decision d = PluginSettingsResolver.decide(map("slurm", map("metric", "m")), "slurm", null);

        assertEquals(Switch.DISABLED_IN_APP_CONFIG, d.state());
    }

    @Test
    void missingPluginEntryMeansDisabledInAppConfig() {
        Decision d = PluginSettingsResolver.decide(map("plugins", map("simulator", map("enabled", true))),
                "slurm", null);

        assertEquals(Switch.DISABLED_IN_APP_CONFIG, d.state());
    }

    @Test
    void entryWithoutEnabledKeyMeansDisabledInAppConfig() {
        assertEquals(Switch.DISABLED_IN_APP_CONFIG,
                PluginSettingsResolver.decide(app(map("metric", "m")), "slurm", null).state());
    }

    @Test
    void enabledFalseInAppYamlMeansDisabledInAppConfigWhateverTheFileSays() {
        Decision d = PluginSettingsResolver.decide(app(map("enabled", false)), "slurm", map("enabled", true));

        assertEquals(Switch.DISABLED_IN_APP_CONFIG, d.state());
    }

    @Test
    void nonMapPluginEntryMeansDisabledInAppConfig() {
        assertEquals(Switch.DISABLED_IN_APP_CONFIG, PluginSettingsResolver.decide(app(true), "slurm", null).state());
        assertEquals(Switch.DISABLED_IN_APP_CONFIG,
                PluginSettingsResolver.decide(map("plugins", List.of("slurm")), "slurm", null).state());
    }

    @Test
    void enabledFalseInThePluginFileMeansDisabledInPluginFile() {
        Decision d = PluginSettingsResolver.decide(app(map("enabled", true)), "slurm", map("enabled", false));

        assertEquals(Switch.DISABLED_IN_PLUGIN_FILE, d.state());
        assertFalse(d.enabled());
    }

    @Test
    void pluginFileWithoutEnabledKeyLeavesThePluginEnabled() {
        Decision d = PluginSettingsResolver.decide(app(map("enabled", true)), "slurm", map("metric", "m"));

        assertEquals(Switch.ENABLED, d.state());
        assertTrue(d.enabled());
    }

    @Test
    void missingPluginFileLeavesThePluginEnabled() {
        assertEquals(Switch.ENABLED, PluginSettingsResolver.decide(app(map("enabled", true)), "slurm", null).state());
    }

    @Test
    void enabledNullInThePluginFileMeansDisabledInPluginFile() {
        // "enabled:" with no value is YAML null, which the lax reading takes as false
        Decision d = PluginSettingsResolver.decide(app(map("enabled", true)), "slurm", map("enabled", null));

        assertEquals(Switch.DISABLED_IN_PLUGIN_FILE, d.state());
    }

    @Test
    void quotedSwitchWordsInAppYamlAreReadLaxly() {
        assertEquals(Switch.ENABLED, PluginSettingsResolver.decide(app(map("enabled", "yes")), "slurm", null).state());
        assertEquals(Switch.DISABLED_IN_APP_CONFIG,
                PluginSettingsResolver.decide(app(map("enabled", "off")), "slurm", null).state());
        assertEquals(Switch.DISABLED_IN_PLUGIN_FILE,
                PluginSettingsResolver.decide(app(map("enabled", 1)), "slurm", map("enabled", "no")).state());
    }

    @Test
    void appSectionIsNullWhenAbsentOrNotAMap() {
        assertNull(PluginSettingsResolver.appSection(null, "slurm"));
        assertNull(PluginSettingsResolver.appSection(map("app", map()), "slurm"));
        assertNull(PluginSettingsResolver.appSection(map("plugins", "slurm"), "slurm"));
        assertNull(PluginSettingsResolver.appSection(app(null), "slurm"));
        assertEquals(map("enabled", true), PluginSettingsResolver.appSection(app(map("enabled", true)), "slurm"));
    }

    // --- truthy ----------------------------------------------------------------------------------

    @Test
    void truthyReadsBooleans() {
        assertTrue(PluginSettingsResolver.truthy(Boolean.TRUE));
        assertFalse(PluginSettingsResolver.truthy(Boolean.FALSE));
    }

    @Test
    void truthyReadsNumbersAsNonZero() {
        assertTrue(PluginSettingsResolver.truthy(1));
        assertTrue(PluginSettingsResolver.truthy(2L));
        assertTrue(PluginSettingsResolver.truthy(0.5));
        assertFalse(PluginSettingsResolver.truthy(0));
        assertFalse(PluginSettingsResolver.truthy(0L));
        assertFalse(PluginSettingsResolver.truthy(0.0));
    }

    @Test
    void truthyReadsFalseWordsAsFalse() {
        for (String word : List.of("false", "False", "FALSE", "no", "No", "off", "OFF", "0", "n", "f", "", "  no  ")) {
            assertFalse(PluginSettingsResolver.truthy(word), "'" + word + "'");
        }
    }

    @Test
    void truthyReadsTrueWordsAsTrue() {
        for (String word : List.of("true", "True", "yes", "YES", "on", "On", "1", "y", "t")) {
            assertTrue(PluginSettingsResolver.truthy(word), "'" + word + "'");
        }
    }

    @Test
    void truthyReadsNullAndOtherTypesAsFalse() {
        assertFalse(PluginSettingsResolver.truthy(null));
        assertFalse(PluginSettingsResolver.truthy(List.of(true)));
        assertFalse(PluginSettingsResolver.truthy(Map.of("enabled", true)));
    }
}
