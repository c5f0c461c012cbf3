package dev.rackscope.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class NodeMappingTest {

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    @Test
    void mappingsListIsReturnedInOrder() {
        Object doc = map("mappings", List.of(
                map("node", "n002", "instance", "compute002"),
                map("node", "n001", "instance", "compute001")));

        assertEquals(List.of(
                map("node", "n002", "instance", "compute002"),
                map("node", "n001", "instance", "compute001")), NodeMapping.entries(doc));
    }

    @Test
    void extraKeysOfAnEntryAreKeptInTheirOrder() {
        Object doc = map("mappings", List.of(map("instance", "c1", "comment", "rack 4", "node", "n1", "port", 9100)));

        List<Map<String, Object>> entries = NodeMapping.entries(doc);

        assertEquals(List.of(map("instance", "c1", "comment", "rack 4", "node", "n1", "port", 9100)), entries);
        assertEquals(List.of("instance", "comment", "node", "port"), List.copyOf(entries.get(0).keySet()));
    }

    @Test
    void itemsWithoutStringNodeAndInstanceAreDropped() {
        List<Object> items = new ArrayList<>(Arrays.asList(
                map("node", "n1", "instance", "c1"),
                map("node", "n2"),
                map("instance", "c3"),
                map("node", 4, "instance", "c4"),
                map("node", "n5", "instance", null),
                map("node", "n6", "instance", List.of("c6")),
                "n7: c7",
                null,
                List.of("n8", "c8"),
                map("node", "n9", "instance", "c9")));

        List<Map<String, Object>> entries = NodeMapping.entries(map("mappings", items));

        assertEquals(List.of(map("node", "n1", "instance", "c1"), map("node", "n9", "instance", "c9")), entries);
    }

    @Test
    void emptyMappingsListGivesNoEntries() {
        assertEquals(List.of(), NodeMapping.entries(map("mappings", List.of())));
    }

    @Test
    void legacyMappingDictBecomesEntriesInOrder() {
        Object doc = map("mapping", map("c[0001-1000]", "compute[0001-1000]", "visu01", "viz-01"));

        assertEquals(List.of(
                map("node", "c[0001-1000]", "instance", "compute[0001-1000]"),
                map("node", "visu01", "instance", "viz-01")), NodeMapping.entries(doc));
    }

    @Test
    void legacyMappingValuesAndKeysBecomeText() {
        Map<Object, Object> legacy = new LinkedHashMap<>();
        legacy.put(101, 202);
        legacy.put("n2", null);
        legacy.put(null, "c3");

        assertEquals(List.of(map("node", "101", "instance", "202")), NodeMapping.entries(map("mapping", legacy)));
    }

    @Test
    void mappingsListWinsOverALegacyDict() {
        Object doc = map(
                "mapping", map("old", "old-instance"),
                "mappings", List.of(map("node", "new", "instance", "new-instance")));

        assertEquals(List.of(map("node", "new", "instance", "new-instance")), NodeMapping.entries(doc));
    }

    @Test
    void nonListMappingsFallsBackToTheLegacyDict() {
        Object doc = map("mappings", "broken", "mapping", map("n1", "c1"));

        assertEquals(List.of(map("node", "n1", "instance", "c1")), NodeMapping.entries(doc));
    }

    @Test
    void garbageRootsGiveNoEntries() {
        assertEquals(List.of(), NodeMapping.entries(null));
        assertEquals(List.of(), NodeMapping.entries("mappings"));
        assertEquals(List.of(), NodeMapping.entries(42));
        assertEquals(List.of(), NodeMapping.entries(List.of(map("node", "n1", "instance", "c1"))));
        assertEquals(List.of(), NodeMapping.entries(map()));
        assertEquals(List.of(), NodeMapping.entries(map("mappings", null, "mapping", "n1=c1")));
    }

    @Test
    void returnedEntriesAreCopiesOfTheDocument() {
        Map<String, Object> item = map("node", "n1", "instance", "c1");
        List<Map<String, Object>> entries = NodeMapping.entries(map("mappings", List.of(item)));

        entries.get(0).put("node", "changed");

        assertEquals("n1", item.get("node"));
    }

    // ------------------------------------------------------------------ acceptance §6.10–13 and resolution

    private static NodeMapping compiled(Object... nodeInstancePairs) {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (int i = 0; i < nodeInstancePairs.length; i += 2) {
            entries.add(map("node", nodeInstancePairs[i], "instance", nodeInstancePairs[i + 1]));
        }
        return NodeMapping.compile(entries);
    }

    @Test
    void twoExactEntriesMapInOrder() { // §6.10
        NodeMapping m = NodeMapping.of(map("mappings", List.of(
                map("node", "slurm-node-01", "instance", "node01"),
                map("node", "slurm-node-02", "instance", "node02"))));

        assertEquals(2, m.entries().size());
        assertEquals("slurm-node-01", m.entries().get(0).get("node"));
        assertEquals("node01", m.resolve("slurm-node-01"));
        assertEquals("node02", m.resolve("slurm-node-02"));
        assertEquals("slurm-node-03", m.resolve("slurm-node-03"));
        assertEquals(List.of(), m.problems());
    }

    @Test
    void unusableDocumentsGiveNoEntries() { // §6.11 (null path and missing file: MappingFileTest)
        assertEquals(List.of(), NodeMapping.of(null).entries());
        assertEquals(List.of(), NodeMapping.of(map()).entries());
        assertEquals(List.of(), NodeMapping.of(map("other", 1)).entries());
        assertEquals(List.of(), NodeMapping.of(map("mappings", "not_a_list")).entries());
        assertEquals(1, NodeMapping.of(map("mappings", "not_a_list")).problems().size());
    }

    @Test
    void onlyValidItemsSurvive() { // §6.12
        List<Object> items = new ArrayList<>(Arrays.asList(
                map("node", "node01", "instance", "inst01"), "invalid_item", map("node", "node02"),
                map("instance", "inst03"), map("node", 123, "instance", "inst04"), map("node", "node05", "instance", 456)));

        NodeMapping m = NodeMapping.of(map("mappings", items));

        assertEquals(List.of(map("node", "node01", "instance", "inst01")), m.entries());
        assertEquals("inst01", m.resolve("node01"));
        assertEquals(List.of("5 item(s) of 'mappings:' skipped: each needs text 'node' and 'instance'"), m.problems());
    }

    @Test
    void globCapturesReplaceTheStar() { // §6.13
        NodeMapping m = compiled("n*", "compute*");
        assertEquals("compute042", m.resolve("n042"));
        assertEquals("n", m.resolve("n"), "a star needs at least one character");
        assertEquals("x042", m.resolve("x042"));
    }

    @Test
    void globWithoutStarInInstanceIsManyToOne() { // §6.13
        assertEquals("login", compiled("n*", "login").resolve("n7"));
    }

    @Test
    void earlierEntryWins() { // §6.13
        NodeMapping m = compiled("n*", "first*", "n0*", "second*", "n001", "exact");
        assertEquals("first001", m.resolve("n001"));
    }

    @Test
    void earlierExactEntryWinsOverALaterGlob() {
        NodeMapping m = compiled("n001", "exact", "n*", "glob*");
        assertEquals("exact", m.resolve("n001"));
        assertEquals("glob002", m.resolve("n002"));
    }

    @Test
    void firstOfTwoExactEntriesForOneNameWins() {
        assertEquals("a", compiled("n1", "a", "n1", "b").resolve("n1"));
    }

    @Test
    void matchingIsCaseSensitiveAndLiteralPartsAreNotRegex() {
        NodeMapping m = compiled("N*", "upper*", "a.b*", "dots*", "x+(y)*", "plus*");
        assertEquals("n1", m.resolve("n1"));
        assertEquals("upper1", m.resolve("N1"));
        assertEquals("aXb1", m.resolve("aXb1"));
        assertEquals("dots1", m.resolve("a.b1"));
        assertEquals("plus1", m.resolve("x+(y)1"));
    }

    @Test
    void eachStarTakesItsOwnCapture() { // §7.10: the original substituted only the first
        NodeMapping m = compiled("r*n*", "rack*-node*");
        assertEquals("rack12-node3", m.resolve("r12n3"));
        assertEquals("c1-*", compiled("n*", "c*-*").resolve("n1"), "extra stars in instance stay literal");
    }

    @Test
    void emptyNodeOrInstanceIsSkippedAndReported() {
        NodeMapping m = compiled("", "x", "n1", "", "n1", "ok");
        assertEquals("ok", m.resolve("n1"));
        assertEquals("", m.resolve(""));
        assertEquals(2, m.problems().size());
    }

    // ------------------------------------------------------------------ bracket ranges (legacy form)

    @Test
    void legacyRangesArePairedByIndex() {
        NodeMapping m = NodeMapping.of(map("mapping", map("c[0001-1000]", "compute[0001-1000]",
                "dr[001-080]", "dr-compute[001-080]", "g[001-096]", "gpu[101-196]")));

        assertEquals(List.of(), m.problems());
        assertEquals("compute0001", m.resolve("c0001"));
        assertEquals("compute0480", m.resolve("c0480"));
        assertEquals("compute1000", m.resolve("c1000"));
        assertEquals("dr-compute042", m.resolve("dr042"));
        assertEquals("gpu101", m.resolve("g001"));
        assertEquals("gpu196", m.resolve("g096"));
    }

    @Test
    void namesOutsideTheRangeOrWithAnotherWidthAreNotMapped() {
        NodeMapping m = compiled("c[001-480]", "compute[001-480]");
        assertEquals("c000", m.resolve("c000"));
        assertEquals("c481", m.resolve("c481"));
        assertEquals("c1", m.resolve("c1"));
        assertEquals("c0001", m.resolve("c0001"));
        assertEquals("c01a", m.resolve("c01a"));
        assertEquals("cx001", m.resolve("cx001"));
    }

    @Test
    void rangePairingFollowsTheExpansionsPadding() {
        NodeMapping m = compiled("n[98-102]", "node[198-202]", "s[1-3]x", "srv[01-03]-a");
        assertEquals("node198", m.resolve("n98"));
        assertEquals("node202", m.resolve("n102"));
        assertEquals("n0100", m.resolve("n0100"));
        assertEquals("srv02-a", m.resolve("s2x"));
    }

    @Test
    void rangeWithoutInstanceRangeIsManyToOne() {
        assertEquals("login", compiled("login[01-04]", "login").resolve("login03"));
    }

    @Test
    void rangesOfDifferentLengthsAreAClearError() {
        NodeMapping m = NodeMapping.of(map("mapping", map("c[001-480]", "compute[001-400]", "n1", "c1")));

        assertEquals(1, m.problems().size());
        String p = m.problems().get(0);
        assertTrue(p.contains("c[001-480]") && p.contains("480") && p.contains("400") && p.contains("lengths"), p);
        assertEquals("c001", m.resolve("c001"), "the bad entry is skipped");
        assertEquals("c1", m.resolve("n1"), "the others still apply");
        assertEquals(p.substring(p.indexOf(": ") + 2), NodeMapping.problem("c[001-480]", "compute[001-400]"));
    }

    @Test
    void otherUnusableRangeEntriesAreReported() {
        assertTrue(NodeMapping.problem("c[005-001]", "x").contains("empty"));
        assertTrue(NodeMapping.problem("c[001-005]*", "x*").contains("not both"));
        assertTrue(NodeMapping.problem("login01", "login[01-04]").contains("has none"));
        assertNull(NodeMapping.problem("c[001-005]", "x[1-5]"));
    }

    @Test
    void rangesWorkInTheListFormToo() { // so that GET → POST (list form) keeps a legacy mapping working
        NodeMapping m = NodeMapping.of(map("mappings", List.of(map("node", "c[001-480]", "instance", "compute[001-480]"))));
        assertEquals("compute123", m.resolve("c123"));
    }

    @Test
    void theOriginalsShippedLegacyExampleMapsEveryRange() throws Exception {
        java.nio.file.Path file = java.nio.file.Path.of(System.getProperty("rackscope.root", "."))
                .resolve("../shared/rackscope-examples/plugins-default/slurm/node_mapping.yaml").normalize();
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(file), "no " + file);

        NodeMapping m = NodeMapping.of(Fixtures.yaml(file));

        assertEquals(6, m.entries().size());
        assertEquals(List.of(), m.problems());
        assertEquals("compute480", m.resolve("c480"));
        assertEquals("hm007", m.resolve("hm007"));
        assertEquals("gpu096", m.resolve("g096"));
        assertEquals("dr-compute001", m.resolve("dr001"));
        assertEquals("visu04", m.resolve("visu04"));
    }
}
