package dev.rackscope.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

class YamlEditTest {

    /** Parses with plain SnakeYAML, independently of the class under test. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> load(String text) {
        return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    }

    @SuppressWarnings("unchecked")
    private static Object enabled(String text, String pluginId) {
        Map<String, Object> plugins = (Map<String, Object>) load(text).get("plugins");
        return ((Map<String, Object>) plugins.get(pluginId)).get("enabled");
    }

    private static final String APP = """
            # Rackscope demo profile
            app:
              name: Rackscope   # shown in the title bar
            paths:
              topology: topology
              templates: templates
              checks: checks/library

            plugins:
              # the generator
              simulator:
                enabled: true   # keep on for the demo
              slurm:
                enabled: false
                metric: slurm_node_status
            """;

    // --- replacing the scalar --------------------------------------------------------------------

    @Test
    void replacesOnlyTheScalarAndKeepsEverythingElseByteForByte() throws Exception {
        YamlEdit.Result r = YamlEdit.setPluginEnabled(APP, "slurm", true);

        assertTrue(r.layoutKept());
        assertEquals(APP.replace("""
                  slurm:
                    enabled: false
                """, """
                  slurm:
                    enabled: true
                """), r.text());
        assertEquals(true, enabled(r.text(), "slurm"));
        assertEquals(true, enabled(r.text(), "simulator"));
    }

    @Test
    void keepsTheCommentAfterTheReplacedValue() throws Exception {
        YamlEdit.Result r = YamlEdit.setPluginEnabled(APP, "simulator", false);

        assertTrue(r.layoutKept());
        assertTrue(r.text().contains("    enabled: false   # keep on for the demo\n"), r.text());
        assertEquals(APP.length() + 1, r.text().length());
        assertEquals(false, enabled(r.text(), "simulator"));
        assertEquals(false, enabled(r.text(), "slurm"));
    }

    @Test
    void settingTheCurrentValueLeavesTheTextUnchanged() throws Exception {
        YamlEdit.Result r = YamlEdit.setPluginEnabled(APP, "simulator", true);

        assertTrue(r.layoutKept());
        assertEquals(APP, r.text());
    }

    @Test
    void replacesYamlOneOneBooleanWordsAndQuotedValues() throws Exception {
        String text = "plugins:\n  a:\n    enabled: yes\n  b:\n    enabled: \"false\"\n  c:\n    enabled: 'on'\n";

        String afterA = YamlEdit.setPluginEnabled(text, "a", false).text();
        String afterB = YamlEdit.setPluginEnabled(afterA, "b", true).text();
        String afterC = YamlEdit.setPluginEnabled(afterB, "c", false).text();

        assertEquals("plugins:\n  a:\n    enabled: false\n  b:\n    enabled: true\n  c:\n    enabled: false\n", afterC);
    }

    @Test
    void keepsWindowsLineEndingsAroundTheReplacedValue() throws Exception {
        String text = "plugins:\r\n  slurm:\r\n    enabled: false\r\n    metric: m\r\n";

        YamlEdit.Result r = YamlEdit.setPluginEnabled(text, "slurm", true);

        assertEquals("plugins:\r\n  slurm:\r\n    enabled: true\r\n    metric: m\r\n", r.text());
    }

    @Test
    void replacesTheValueWhenItIsTheLastCharacterOfTheFile() throws Exception {
        YamlEdit.Result r = YamlEdit.setPluginEnabled("plugins:\n  slurm:\n    enabled: off", "slurm", true);

        assertEquals("plugins:\n  slurm:\n    enabled: true", r.text());
    }

    @Test
    void fillsAnEmptyValue() throws Exception {
        YamlEdit.Result alone = YamlEdit.setPluginEnabled("plugins:\n  slurm:\n    enabled:\n", "slurm", true);
        assertEquals(true, enabled(alone.text(), "slurm"));

        YamlEdit.Result followed = YamlEdit.setPluginEnabled("plugins:\n  slurm:\n    enabled:\n    metric: m\n",
                "slurm", true);
        assertEquals(true, enabled(followed.text(), "slurm"));
    }

    @Test
    void aliasedValueIsReplacedWithoutTouchingTheAnchor() throws Exception {
        String text = "defaults: &on true\nplugins:\n  slurm:\n    enabled: *on\n";

        YamlEdit.Result r = YamlEdit.setPluginEnabled(text, "slurm", false);

        assertEquals(true, load(r.text()).get("defaults"));
        assertEquals(false, enabled(r.text(), "slurm"));
    }

    // --- inserting the key -----------------------------------------------------------------------

    @Test
    void insertsEnabledIntoAnExistingPluginBlockWithItsIndentation() throws Exception {
        String text = "plugins:\n    slurm:\n        metric: m   # custom\n";

        YamlEdit.Result r = YamlEdit.setPluginEnabled(text, "slurm", true);

        assertTrue(r.layoutKept());
        assertEquals("plugins:\n    slurm:\n        enabled: true\n        metric: m   # custom\n", r.text());
        assertEquals(true, enabled(r.text(), "slurm"));
    }

    @Test
    void insertsAMissingPluginIntoThePluginsBlock() throws Exception {
        YamlEdit.Result r = YamlEdit.setPluginEnabled(APP, "thirdparty", true);

        assertTrue(r.layoutKept());
        assertEquals(APP.replace("""
                  # the generator
                  simulator:
                """, """
                  # the generator
                  thirdparty:
                    enabled: true
                  simulator:
                """), r.text());
        assertEquals(true, enabled(r.text(), "thirdparty"));
        assertEquals(false, enabled(r.text(), "slurm"));
    }

    @Test
    void insertsPluginsSectionWhenAbsent() throws Exception {
        String text = "# profile\napp:\n  name: R   # title\npaths:\n  topology: t\n";

        YamlEdit.Result r = YamlEdit.setPluginEnabled(text, "slurm", false);

        assertTrue(r.layoutKept());
        assertEquals("# profile\nplugins:\n  slurm:\n    enabled: false\napp:\n  name: R   # title\npaths:\n  topology: t\n",
                r.text());
        assertEquals(false, enabled(r.text(), "slurm"));
        assertEquals(Map.of("name", "R"), load(r.text()).get("app"));
    }

    // --- fallbacks -------------------------------------------------------------------------------

    @Test
    void flowStylePluginsMappingIsRedumpedAndReportedAsNotKept() throws Exception {
        String text = "# comment\napp: {name: R}\nplugins: {slurm: {enabled: false, metric: m}}\n";

        YamlEdit.Result r = YamlEdit.setPluginEnabled(text, "slurm", true);

        assertFalse(r.layoutKept());
        assertEquals(true, enabled(r.text(), "slurm"));
        assertEquals("m", ((Map<?, ?>) ((Map<?, ?>) load(r.text()).get("plugins")).get("slurm")).get("metric"));
        assertEquals(Map.of("name", "R"), load(r.text()).get("app"));
    }

    @Test
    void flowStyleRootIsRedumpedAndReportedAsNotKept() throws Exception {
        YamlEdit.Result r = YamlEdit.setPluginEnabled("{app: {name: R}}", "slurm", true);

        assertFalse(r.layoutKept());
        assertEquals(true, enabled(r.text(), "slurm"));
        assertEquals(Map.of("name", "R"), load(r.text()).get("app"));
    }

    @Test
    void emptyDocumentGetsThePluginsSection() throws Exception {
        YamlEdit.Result r = YamlEdit.setPluginEnabled("", "slurm", true);

        assertFalse(r.layoutKept());
        assertEquals(Map.of("plugins", Map.of("slurm", Map.of("enabled", true))), load(r.text()));
    }

    @Test
    void emptyPluginsValueIsRedumpedWithTheSwitch() throws Exception {
        String text = "app:\n  name: R\nplugins:\n";

        YamlEdit.Result r = YamlEdit.setPluginEnabled(text, "slurm", true);

        assertFalse(r.layoutKept());
        assertEquals(Map.of("app", Map.of("name", "R"), "plugins", Map.of("slurm", Map.of("enabled", true))),
                load(r.text()));
    }

    @Test
    void setWalksAnArbitraryPath() throws Exception {
        YamlEdit.Result r = YamlEdit.set("features:\n  wizard: true\n  playlist: false\n",
                List.of("features", "wizard"), false);

        assertTrue(r.layoutKept());
        assertEquals("features:\n  wizard: false\n  playlist: false\n", r.text());
    }

    @Test
    void unparsableTextIsRefusedWithTheLine() {
        Yaml11.YamlFileException e = assertThrows(Yaml11.YamlFileException.class,
                () -> YamlEdit.setPluginEnabled("app:\n  name: [unclosed\nplugins:\n  x: 1\n", "slurm", true));

        assertTrue(e.getMessage().contains("app.yaml"), e.getMessage());
        assertTrue(e.getMessage().matches("(?s).*line \\d+.*"), e.getMessage());
    }

    // ------------------------------------------------------------------ strings (auth credentials)

    @SuppressWarnings("unchecked")
    private static Object authValue(String text, String key) {
        return ((Map<String, Object>) load(text).get("auth")).get(key);
    }

    @Test
    void aStringReplacesTheScalarAndKeepsComments() throws Exception {
        String text = "# top\nauth:\n  enabled: false  # off for now\n  username: admin\n"
                + "  password_hash: ''   # set by the UI\nmap: {}\n";
        String hash = "$2b$13$abcdefghijklmnopqrstuu0123456789ABCDEFGHIJKLMNOPQRSTU";
        YamlEdit.Result r = YamlEdit.set(text, List.of("auth", "password_hash"), hash);
        assertTrue(r.layoutKept());
        assertEquals(hash, authValue(r.text(), "password_hash"));
        assertTrue(r.text().contains("# set by the UI") && r.text().contains("# off for now") && r.text().startsWith("# top"));
        assertEquals("admin", authValue(r.text(), "username"));
    }

    @Test
    void stringsThatYamlWouldReadOtherwiseAreQuoted() throws Exception {
        String text = "auth:\n  username: admin\n";
        for (String name : List.of("yes", "null", "123", "a: b", "# not a comment", "quote\" and \\ back", "tab\there",
                "émile 管理者", "line\nbreak", "\u0007bell")) {
            YamlEdit.Result r = YamlEdit.set(text, List.of("auth", "username"), name);
            assertEquals(name, authValue(r.text(), "username"), name);
        }
    }

    @Test
    void aMissingKeyOrSectionIsCreated() throws Exception {
        YamlEdit.Result r = YamlEdit.set("auth:\n  enabled: true\n", List.of("auth", "password_hash"), "$2b$x");
        assertEquals("$2b$x", authValue(r.text(), "password_hash"));
        assertEquals(true, authValue(r.text(), "enabled"));
        YamlEdit.Result none = YamlEdit.set("app:\n  name: X\n", List.of("auth", "username"), "root");
        assertEquals("root", authValue(none.text(), "username"));
        assertEquals("X", ((Map<?, ?>) load(none.text()).get("app")).get("name"));
    }

    @Test
    void blockScalarsAndFlowSectionsFallBackToADump() throws Exception {
        YamlEdit.Result block = YamlEdit.set("auth:\n  username: |\n    old\n  enabled: true\n",
                List.of("auth", "username"), "new");
        assertEquals("new", authValue(block.text(), "username"));
        assertEquals(true, authValue(block.text(), "enabled"));
        YamlEdit.Result flow = YamlEdit.set("auth: {username: old, enabled: true}\n", List.of("auth", "username"), "new");
        assertEquals("new", authValue(flow.text(), "username"));
        assertEquals(true, authValue(flow.text(), "enabled"));
    }
}
