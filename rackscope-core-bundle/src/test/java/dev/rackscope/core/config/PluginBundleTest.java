package dev.rackscope.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class PluginBundleTest {

    @Test
    void bareIdGetsTheDefaultConfigPath() {
        PluginBundle b = PluginBundle.parse("slurm", 12L, "dev.rackscope.slurm");

        assertEquals(new PluginBundle("slurm", "plugins/slurm/config.yml", 12L, "dev.rackscope.slurm"), b);
    }

    @Test
    void defaultConfigPathIsPluginsIdConfigYml() {
        assertEquals("plugins/thirdparty/config.yml", PluginBundle.defaultConfigPath("thirdparty"));
    }

    @Test
    void configAttributeNamesTheDedicatedFile() {
        PluginBundle b = PluginBundle.parse("simulator;config=plugins/simulator/config/plugin.yaml", 3L, "sim");

        assertEquals("simulator", b.pluginId());
        assertEquals("plugins/simulator/config/plugin.yaml", b.configPath());
        assertEquals(3L, b.bundleId());
        assertEquals("sim", b.symbolicName());
    }

    @Test
    void spacesAndQuotesAroundPartsAreIgnored() {
        PluginBundle b = PluginBundle.parse("  slurm ; config = \"plugins/slurm/other.yml\" ", 1L, "s");

        assertEquals("slurm", b.pluginId());
        assertEquals("plugins/slurm/other.yml", b.configPath());
    }

    @Test
    void unknownAttributesAreIgnored() {
        PluginBundle b = PluginBundle.parse("slurm;version=1.0.0;config=a/b.yml;flag", 1L, "s");

        assertEquals("a/b.yml", b.configPath());
    }

    @Test
    void idMayUseDigitsDotsDashesAndUnderscores() {
        assertEquals("acme.gpu-stats_2", PluginBundle.parse("acme.gpu-stats_2", 1L, "s").pluginId());
        assertEquals("a".repeat(64), PluginBundle.parse("a".repeat(64), 1L, "s").pluginId());
    }

    @Test
    void missingOrBlankHeaderGivesNull() {
        assertNull(PluginBundle.parse(null, 1L, "s"));
        assertNull(PluginBundle.parse("", 1L, "s"));
        assertNull(PluginBundle.parse("   ", 1L, "s"));
    }

    @Test
    void badIdsGiveNull() {
        for (String header : new String[] {"Slurm", "-slurm", ".hidden", "_x", "a/b", "..", "../x", "a b",
            "sl urm;config=x.yml", "é", ";config=x.yml", "a".repeat(65)}) {
            assertNull(PluginBundle.parse(header, 1L, "s"), header);
        }
    }

    @Test
    void parentSegmentsInTheConfigPathAreRejectedForTheDefault() {
        PluginBundle b = PluginBundle.parse("slurm;config=../../etc/passwd", 1L, "s");

        assertEquals("plugins/slurm/config.yml", b.configPath());
        assertEquals("plugins/slurm/config.yml",
                PluginBundle.parse("slurm;config=plugins/../../secret.yml", 1L, "s").configPath());
    }

    @Test
    void absoluteConfigPathIsRejectedForTheDefault() {
        assertEquals("plugins/slurm/config.yml", PluginBundle.parse("slurm;config=/etc/passwd", 1L, "s").configPath());
        assertEquals("plugins/slurm/config.yml",
                PluginBundle.parse("slurm;config=\"/etc/passwd\"", 1L, "s").configPath());
    }

    @Test
    void emptyConfigPathKeepsTheDefault() {
        assertEquals("plugins/slurm/config.yml", PluginBundle.parse("slurm;config=", 1L, "s").configPath());
        assertEquals("plugins/slurm/config.yml", PluginBundle.parse("slurm;config=\"\"", 1L, "s").configPath());
    }
}
