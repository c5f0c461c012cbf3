package dev.rackscope.api.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class FlatSettingsTest {

    /** A map literal that keeps insertion order and accepts nulls (Map.of does neither). */
    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    private static List<Object> list(Object... items) {
        return new ArrayList<>(Arrays.asList(items));
    }

    // --- flatten ---------------------------------------------------------------------------------

    @Test
    void nestedMapsBecomeDottedKeys() {
        Map<String, Object> flat = FlatSettings.flatten(map(
                "metric", "slurm_node_status",
                "labels", map("node", "node", "deep", map("x", 1))));

        assertEquals(Map.of("metric", "slurm_node_status", "labels.node", "node", "labels.deep.x", 1), flat);
    }

    @Test
    void flattenedKeysAreOrderedByKey() {
        Map<String, Object> flat = FlatSettings.flatten(map("zeta", 1, "alpha", 2, "mid", map("b", 3, "a", 4)));

        assertEquals(List.of("alpha", "mid.a", "mid.b", "zeta"), new ArrayList<>(flat.keySet()));
    }

    @Test
    void listOfStringsBecomesStringArray() {
        Map<String, Object> flat = FlatSettings.flatten(map("status_map", map("ok", list("idle", "alloc"))));

        String[] ok = assertInstanceOf(String[].class, flat.get("status_map.ok"));
        assertArrayEquals(new String[] {"idle", "alloc"}, ok);
    }

    @Test
    void listOfIntegersBecomesIntegerArray() {
        Object value = FlatSettings.flatten(map("ports", list(1, 2, 3))).get("ports");

        assertArrayEquals(new Integer[] {1, 2, 3}, assertInstanceOf(Integer[].class, value));
    }

    @Test
    void listOfLongsBecomesLongArray() {
        Object value = FlatSettings.flatten(map("big", list(5_000_000_000L, 6_000_000_000L))).get("big");

        assertArrayEquals(new Long[] {5_000_000_000L, 6_000_000_000L}, assertInstanceOf(Long[].class, value));
    }

    @Test
    void listOfBooleansBecomesBooleanArray() {
        Object value = FlatSettings.flatten(map("flags", list(true, false))).get("flags");

        assertArrayEquals(new Boolean[] {true, false}, assertInstanceOf(Boolean[].class, value));
    }

    @Test
    void listOfFloatsBecomesDoubleArray() {
        Object value = FlatSettings.flatten(map("ratios", list(0.5f, 1.5f))).get("ratios");

        assertArrayEquals(new Double[] {0.5, 1.5}, assertInstanceOf(Double[].class, value));
    }

    @Test
    void listOfMixedScalarsBecomesStringArray() {
        Object value = FlatSettings.flatten(map("mixed", list("a", 1, true, 2.5))).get("mixed");

        assertArrayEquals(new String[] {"a", "1", "true", "2.5"}, assertInstanceOf(String[].class, value));
    }

    @Test
    void emptyListBecomesEmptyStringArray() {
        Object value = FlatSettings.flatten(map("info", list())).get("info");

        assertArrayEquals(new String[0], assertInstanceOf(String[].class, value));
    }

    @Test
    void listOfMapsBecomesIndexedKeys() {
        Map<String, Object> flat = FlatSettings.flatten(map("metrics_catalogs", list(
                map("id", "slurm", "path", "metrics/slurm.yaml", "enabled", true),
                map("id", "gpu", "path", "metrics/gpu.yaml"))));

        Map<String, Object> expected = map(
                "metrics_catalogs.0.enabled", true,
                "metrics_catalogs.0.id", "slurm",
                "metrics_catalogs.0.path", "metrics/slurm.yaml",
                "metrics_catalogs.1.id", "gpu",
                "metrics_catalogs.1.path", "metrics/gpu.yaml");
        assertEquals(expected, flat);
    }

    @Test
    void listOfListsBecomesIndexedArrays() {
        Map<String, Object> flat = FlatSettings.flatten(map("grid", list(list("a", "b"), list(1, 2))));

        assertArrayEquals(new String[] {"a", "b"}, (String[]) flat.get("grid.0"));
        assertArrayEquals(new Integer[] {1, 2}, (Integer[]) flat.get("grid.1"));
        assertEquals(2, flat.size());
    }

    @Test
    void nullValuesAreNotPropertiesButAreListedByKey() {
        Map<String, Object> flat = FlatSettings.flatten(map("seed", null, "mode", "light", "nested", map("x", null)));

        assertEquals("light", flat.get("mode"));
        assertFalse(flat.containsKey("seed"));
        assertFalse(flat.containsKey("nested.x"));
        assertArrayEquals(new String[] {"seed", "nested.x"}, (String[]) flat.get(FlatSettings.NULLS));
        assertEquals(2, flat.size());
    }

    @Test
    void shortsAndBytesBecomeIntegersAndFloatsBecomeDoubles() {
        Map<String, Object> flat = FlatSettings.flatten(map("s", (short) 7, "b", (byte) 3, "f", 1.5f));

        assertEquals(Integer.valueOf(7), flat.get("s"));
        assertEquals(Integer.valueOf(3), flat.get("b"));
        assertEquals(Double.valueOf(1.5), flat.get("f"));
    }

    @Test
    void smallBigIntegerBecomesLongAndHugeOneBecomesText() {
        BigInteger huge = new BigInteger("123456789012345678901234567890");
        Map<String, Object> flat = FlatSettings.flatten(map("small", BigInteger.valueOf(42), "huge", huge));

        assertEquals(Long.valueOf(42), flat.get("small"));
        assertEquals("123456789012345678901234567890", flat.get("huge"));
    }

    @Test
    void nonStringMapKeysBecomeTheirText() {
        Map<Object, Object> slots = new LinkedHashMap<>();
        slots.put(1, "psu-a");
        slots.put(2, "psu-b");

        Map<String, Object> flat = FlatSettings.flatten(map("slots", slots));

        assertEquals(Map.of("slots.1", "psu-a", "slots.2", "psu-b"), flat);
    }

    // --- unflatten -------------------------------------------------------------------------------

    @Test
    void dottedKeysBecomeNestedMaps() {
        Map<String, Object> nested = FlatSettings.unflatten(
                map("metric", "m", "status_map.ok", new String[] {"idle"}, "status_map.crit", new String[] {"down"}));

        assertEquals(map("metric", "m", "status_map", map("crit", List.of("down"), "ok", List.of("idle"))), nested);
    }

    @Test
    void arraysComeBackAsLists() {
        Map<String, Object> nested = FlatSettings.unflatten(map("ports", new int[] {1, 2}, "names", new String[] {"a"}));

        assertEquals(List.of(1, 2), nested.get("ports"));
        assertEquals(List.of("a"), nested.get("names"));
    }

    @Test
    void collectionsComeBackAsLists() {
        Map<String, Object> nested = FlatSettings.unflatten(map("roles", new java.util.Vector<>(List.of("compute"))));

        assertEquals(List.of("compute"), nested.get("roles"));
        assertInstanceOf(ArrayList.class, nested.get("roles"));
    }

    @Test
    void indexedKeysComeBackAsListOfMapsInIndexOrder() {
        Map<String, Object> flat = new LinkedHashMap<>();
        for (int i = 0; i < 12; i++) {
            flat.put("catalogs." + i + ".id", "c" + i);
        }

        Object catalogs = FlatSettings.unflatten(flat).get("catalogs");

        List<Object> expected = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            expected.add(Map.of("id", "c" + i));
        }
        assertEquals(expected, catalogs);
    }

    @Test
    void mapWithSomeNonIndexKeysStaysAMap() {
        Map<String, Object> nested = FlatSettings.unflatten(map("x.0", "a", "x.name", "b"));

        assertEquals(map("x", map("0", "a", "name", "b")), nested);
    }

    @Test
    void unflattenSkipsFrameworkKeys() {
        Map<String, Object> flat = map(
                "service.pid", "dev.rackscope.plugin.slurm",
                "component.name", "x",
                "felix.fileinstall.filename", "file:/x",
                "osgi.ds.satisfying.condition.target", "(x=y)",
                "rackscope.revision", 7L,
                "metric", "m");

        assertEquals(Map.of("metric", "m"), FlatSettings.unflatten(flat));
    }

    @Test
    void unflattenSkipsNullValues() {
        assertEquals(Map.of("b", "x"), FlatSettings.unflatten(map("a", null, "b", "x")));
    }

    @Test
    void unflattenReadsAConfigAdminDictionary() {
        Hashtable<String, Object> dict = new Hashtable<>();
        dict.put("service.pid", "dev.rackscope.plugin.simulator");
        dict.put("custom_incidents.devices_crit", 1);
        dict.put("slurm_random_match", new String[] {"compute*"});

        Map<String, Object> nested = FlatSettings.unflatten((Dictionary<String, Object>) dict);

        assertEquals(map("custom_incidents", map("devices_crit", 1), "slurm_random_match", List.of("compute*")),
                nested);
    }

    @Test
    void frameworkKeysAreRecognisedByPrefix() {
        for (String key : List.of("service.pid", "component.id", "felix.fileinstall.filename", "osgi.x",
                "rackscope.revision")) {
            assertTrue(FlatSettings.isFrameworkKey(key), key);
        }
        for (String key : List.of("metric", "services", "status_map.ok", "rackscope", "my.service.pid")) {
            assertFalse(FlatSettings.isFrameworkKey(key), key);
        }
    }

    // --- round trips -----------------------------------------------------------------------------

    @Test
    void slurmStyleSettingsSurviveARoundTrip() {
        Map<String, Object> settings = map(
                "metric", "slurm_node_status",
                "status_map", map("ok", list("idle", "alloc"), "warn", list("mixed"), "crit", list("down"),
                        "info", list()),
                "roles", list("compute", "visu"),
                "include_unlabeled", false,
                "mapping_path", "config/plugins/slurm/node_mapping.yaml");

        Map<String, Object> back = FlatSettings.unflatten(FlatSettings.flatten(settings));

        assertEquals(settings, back);
    }

    @Test
    void listOfMapsSurvivesARoundTrip() {
        Map<String, Object> settings = map(
                "update_interval_seconds", 20,
                "metrics_catalogs", list(
                        map("id", "slurm", "path", "metrics/slurm.yaml", "enabled", true),
                        map("id", "gpu", "path", "metrics/gpu.yaml", "enabled", false)),
                "custom_incidents", map("devices_crit", 1, "devices_warn", 2));

        Map<String, Object> back = FlatSettings.unflatten(FlatSettings.flatten(settings));

        assertEquals(settings, back);
    }

    @Test
    void explicitNullSurvivesARoundTripUnlikeAnAbsentKey() {
        Map<String, Object> back = FlatSettings.unflatten(FlatSettings.flatten(map("seed", null, "mode", "x")));

        assertTrue(back.containsKey("seed"));
        assertNull(back.get("seed"));
        assertEquals("x", back.get("mode"));
        assertFalse(FlatSettings.unflatten(FlatSettings.flatten(map("mode", "x"))).containsKey("seed"));
    }

    @Test
    void emptyNestedMapSurvivesARoundTrip() {
        Map<String, Object> settings = map("slurm_random_statuses", map(), "incident_mode", "light");

        Map<String, Object> back = FlatSettings.unflatten(FlatSettings.flatten(settings));

        assertEquals(settings, back);
    }

    // --- canonical -------------------------------------------------------------------------------

    @Test
    void integerLongStringAndWholeDoubleAreCanonicallyEqual() {
        String five = FlatSettings.canonical(5);

        assertEquals("5", five);
        assertEquals(five, FlatSettings.canonical(5L));
        assertEquals(five, FlatSettings.canonical("5"));
        assertEquals(five, FlatSettings.canonical(5.0));
        assertEquals(five, FlatSettings.canonical(5.0f));
    }

    @Test
    void fractionalDoubleKeepsItsFraction() {
        assertEquals("2.5", FlatSettings.canonical(2.5));
        assertNotEquals(FlatSettings.canonical(2), FlatSettings.canonical(2.5));
    }

    @Test
    void booleanAndItsTextAreCanonicallyEqual() {
        assertEquals(FlatSettings.canonical("true"), FlatSettings.canonical(Boolean.TRUE));
        assertNotEquals(FlatSettings.canonical(true), FlatSettings.canonical(false));
    }

    @Test
    void arrayAndListWithEqualItemsAreCanonicallyEqual() {
        String fromArray = FlatSettings.canonical(new String[] {"idle", "alloc"});

        assertEquals(fromArray, FlatSettings.canonical(List.of("idle", "alloc")));
        assertEquals(FlatSettings.canonical(new Long[] {1L, 2L}), FlatSettings.canonical(new int[] {1, 2}));
        assertEquals(FlatSettings.canonical(List.of(1, 2)), FlatSettings.canonical(new Double[] {1.0, 2.0}));
    }

    @Test
    void arraysDifferingInOrderOrLengthAreCanonicallyDifferent() {
        assertNotEquals(FlatSettings.canonical(List.of("a", "b")), FlatSettings.canonical(List.of("b", "a")));
        assertNotEquals(FlatSettings.canonical(List.of("a")), FlatSettings.canonical(List.of("a", "a")));
        assertNotEquals(FlatSettings.canonical(List.of("a")), FlatSettings.canonical(List.of()));
    }

    @Test
    void emptyListAndListOfOneEmptyStringAreCanonicallyDifferent() {
        assertNotEquals(FlatSettings.canonical(List.of()), FlatSettings.canonical(List.of("")));
    }

    @Test
    void itemSeparatorCannotBeForgedWithACommaInsideAnItem() {
        assertNotEquals(FlatSettings.canonical(List.of("a,b")), FlatSettings.canonical(List.of("a", "b")));
    }

    @Test
    void nullHasItsOwnCanonicalForm() {
        assertEquals("null", FlatSettings.canonical(null));
        assertNotEquals(FlatSettings.canonical(null), FlatSettings.canonical(""));
    }

    @Test
    void infiniteAndNanDoublesAreNotTurnedIntoNumbers() {
        assertEquals("Infinity", FlatSettings.canonical(Double.POSITIVE_INFINITY));
        assertEquals("NaN", FlatSettings.canonical(Double.NaN));
    }
}
