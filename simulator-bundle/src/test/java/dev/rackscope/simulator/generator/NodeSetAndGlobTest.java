package dev.rackscope.simulator.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Node-set expansion and fnmatch globs (acceptance 22). */
class NodeSetAndGlobTest {

    @Test
    void rangesExpandZeroPaddedToTheWidthOfTheStart() {
        assertEquals(List.of("compute001", "compute002", "compute003", "compute004"), NodeSet.expand("compute[001-004]"));
        assertEquals(List.of("node1", "node2", "node3"), NodeSet.expand("node[1-3]"));
        assertEquals(10, NodeSet.expand("gpu[01-10]").size());
        assertEquals("gpu10", NodeSet.expand("gpu[01-10]").get(9));
        assertEquals(List.of(), NodeSet.expand((Object) null));
        assertEquals(List.of(), NodeSet.expand(""));
    }

    @Test
    void suffixAfterTheRangeIsKeptUnlikeTheOriginal() {
        assertEquals(List.of("n01-eth", "n02-eth"), NodeSet.expand("n[01-02]-eth"));
    }

    @Test
    void listsAndSlotMapsAreTakenLiterally() {
        assertEquals(List.of("a", "b"), NodeSet.expand(List.of("a", "b")));
        Map<String, String> slots = new java.util.LinkedHashMap<>();
        slots.put("1", "x");
        slots.put("2", "y");
        assertEquals(List.of("x", "y"), NodeSet.expand(slots));
        assertEquals(List.of("plain"), NodeSet.expand("plain"));
        assertEquals(List.of(), NodeSet.expand("n[5-1]"));
    }

    @Test
    void hugeRangesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> NodeSet.expand("n[1-100000]"));
    }

    @Test
    void globsMatchLikeFnmatchCaseSensitively() {
        assertTrue(Glob.compile("*").test("anything"));
        assertTrue(Glob.compile("compute*").test("compute001"));
        assertFalse(Glob.compile("compute*").test("Compute001"));
        assertTrue(Glob.compile("*isw*").test("r01-isw-1"));
        assertTrue(Glob.compile("da*-r02-*").test("da03-r02-01"));
        assertFalse(Glob.compile("da*-r02-*").test("da03-r03-01"));
        assertTrue(Glob.compile("n?1").test("nx1"));
        assertTrue(Glob.compile("rack[0-9]").test("rack7"));
        assertTrue(Glob.compile("rack[!0-9]").test("rackx"));
        assertFalse(Glob.compile("rack[!0-9]").test("rack7"));
        assertTrue(Glob.compile("a.b").test("a.b"));
        assertFalse(Glob.compile("a.b").test("axb"));
        assertTrue(Glob.compile("[").test("["));
        assertTrue(Glob.compile("*-end").test("x-end"));
    }

    @Test
    void filterSplitsRangesGlobsAndExactNames() {
        CatalogEntry.Filter f = CatalogEntry.Filter.of(List.of("gpu[01-02]", "visu*", "login1"), w -> {
        });
        assertTrue(f.matches("gpu01"));
        assertTrue(f.matches("gpu02"));
        assertFalse(f.matches("gpu03"));
        assertTrue(f.matches("visu9"));
        assertTrue(f.matches("login1"));
        assertFalse(f.matches("login2"));
        assertTrue(CatalogEntry.Filter.of(List.of(), w -> {
        }).matches("whatever"));
    }
}
