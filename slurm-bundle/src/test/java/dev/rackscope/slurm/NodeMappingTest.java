package dev.rackscope.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
