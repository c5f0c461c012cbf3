package dev.rackscope.api.config;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Converts nested plugin settings (as read from YAML) to the flat properties ConfigAdmin can hold,
 * and back.
 *
 * <ul>
 *   <li>a nested map becomes dotted keys: {@code status_map: {ok: [idle]}} → {@code status_map.ok};</li>
 *   <li>a list of scalars of one type becomes an array of that type ({@code String[]}, {@code Long[]}…);
 *       a list of mixed scalars becomes {@code String[]};</li>
 *   <li>a list that holds maps or lists becomes indexed keys: {@code metrics_catalogs.0.path};</li>
 *   <li>ConfigAdmin cannot hold {@code null} or an empty map: their dotted keys are listed in
 *       {@value #NULLS} and {@value #EMPTY_MAPS} so that {@link #unflatten} restores them (a plugin must
 *       tell "{@code mapping_path: null}" from an absent key, which means "use the default").</li>
 * </ul>
 * Keys owned by the framework or the bridge ({@code service.*}, {@code component.*}, {@code felix.*},
 * {@code osgi.*}, {@code rackscope.*}) are ignored by {@link #unflatten}.
 */
public final class FlatSettings {

    /** Property listing the dotted keys whose value is {@code null}. */
    public static final String NULLS = "rackscope.nulls";

    /** Property listing the dotted keys whose value is an empty map. */
    public static final String EMPTY_MAPS = "rackscope.empty_maps";

    private FlatSettings() {
    }

    /** Flattens nested settings; the result is ordered by key. */
    public static Map<String, Object> flatten(Map<String, ?> nested) {
        Map<String, Object> out = new TreeMap<>();
        List<String> nulls = new ArrayList<>();
        List<String> emptyMaps = new ArrayList<>();
        flattenInto("", nested, out, nulls, emptyMaps);
        if (!nulls.isEmpty()) {
            out.put(NULLS, nulls.toArray(new String[0]));
        }
        if (!emptyMaps.isEmpty()) {
            out.put(EMPTY_MAPS, emptyMaps.toArray(new String[0]));
        }
        return out;
    }

    /** Rebuilds nested settings from flat properties, skipping framework-owned keys. */
    public static Map<String, Object> unflatten(Map<String, ?> flat) {
        Map<String, Object> root = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : new TreeMap<>(flat).entrySet()) {
            if (isFrameworkKey(e.getKey()) || e.getValue() == null) {
                continue;
            }
            put(root, e.getKey().split("\\."), 0, fromProperty(e.getValue()));
        }
        for (String key : keys(flat.get(NULLS))) {
            put(root, key.split("\\."), 0, null);
        }
        for (String key : keys(flat.get(EMPTY_MAPS))) {
            put(root, key.split("\\."), 0, new LinkedHashMap<String, Object>());
        }
        return listify(root);
    }

    private static List<String> keys(Object property) {
        List<String> out = new ArrayList<>();
        if (property instanceof String[] a) {
            out.addAll(List.of(a));
        } else if (property instanceof java.util.Collection<?> c) {
            c.forEach(o -> out.add(String.valueOf(o)));
        } else if (property instanceof String one) {
            out.add(one);
        }
        return out;
    }

    /** {@link #unflatten(Map)} for a ConfigAdmin dictionary. */
    public static Map<String, Object> unflatten(Dictionary<String, ?> flat) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (Enumeration<String> keys = flat.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            map.put(key, flat.get(key));
        }
        return unflatten(map);
    }

    /** True for property keys that are not plugin settings. */
    public static boolean isFrameworkKey(String key) {
        return key.startsWith("service.") || key.startsWith("component.") || key.startsWith("felix.")
                || key.startsWith("osgi.") || key.startsWith("rackscope.");
    }

    /**
     * A canonical text form of a property value, used to compare values that ConfigAdmin, the web
     * console and YAML may type differently ({@code Integer 5}, {@code Long 5}, {@code "5"}).
     */
    public static String canonical(Object value) {
        if (value == null) {
            return "null";
        }
        if (value.getClass().isArray()) {
            StringBuilder sb = new StringBuilder("[").append(Array.getLength(value)).append(':');
            for (int i = 0; i < Array.getLength(value); i++) {
                sb.append(i == 0 ? "" : "\u0000").append(canonical(Array.get(value, i)));
            }
            return sb.append(']').toString();
        }
        if (value instanceof List<?> list) {
            return canonical(list.toArray());
        }
        if (value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
            return Long.toString(d.longValue());
        }
        if (value instanceof Float f && f == Math.rint(f) && !Float.isInfinite(f)) {
            return Long.toString(f.longValue());
        }
        return String.valueOf(value);
    }

    private static void flattenInto(String prefix, Map<String, ?> map, Map<String, Object> out, List<String> nulls,
                                    List<String> emptyMaps) {
        for (Map.Entry<String, ?> e : map.entrySet()) {
            flattenValue(prefix + e.getKey(), e.getValue(), out, nulls, emptyMaps);
        }
    }

    @SuppressWarnings("unchecked")
    private static void flattenValue(String key, Object value, Map<String, Object> out, List<String> nulls,
                                     List<String> emptyMaps) {
        if (value == null) {
            nulls.add(key);
            return;
        }
        if (value instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                emptyMaps.add(key);
                return;
            }
            Map<String, Object> stringKeyed = new LinkedHashMap<>();
            m.forEach((k, v) -> stringKeyed.put(String.valueOf(k), v));
            flattenInto(key + ".", stringKeyed, out, nulls, emptyMaps);
        } else if (value instanceof List<?> list) {
            if (list.stream().allMatch(FlatSettings::isScalar)) {
                out.put(key, scalarArray((List<Object>) list));
            } else {
                for (int i = 0; i < list.size(); i++) {
                    flattenValue(key + "." + i, list.get(i), out, nulls, emptyMaps);
                }
            }
        } else {
            out.put(key, toProperty(value));
        }
    }

    private static boolean isScalar(Object o) {
        return o != null && !(o instanceof Map) && !(o instanceof List);
    }

    private static Object scalarArray(List<Object> list) {
        Class<?> type = null;
        for (Object o : list) {
            Class<?> t = toProperty(o).getClass();
            type = type == null || type == t ? t : String.class;
        }
        if (type == null || type == String.class) {
            return list.stream().map(String::valueOf).toArray(String[]::new);
        }
        Object array = Array.newInstance(type, list.size());
        for (int i = 0; i < list.size(); i++) {
            Array.set(array, i, toProperty(list.get(i)));
        }
        return array;
    }

    private static Object toProperty(Object v) {
        if (v instanceof String || v instanceof Boolean || v instanceof Integer || v instanceof Long
                || v instanceof Double) {
            return v;
        }
        if (v instanceof Short || v instanceof Byte) {
            return ((Number) v).intValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof java.math.BigInteger b && b.bitLength() < 64) {
            return b.longValue();
        }
        return String.valueOf(v);
    }

    private static Object fromProperty(Object v) {
        if (v.getClass().isArray()) {
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < Array.getLength(v); i++) {
                list.add(Array.get(v, i));
            }
            return list;
        }
        if (v instanceof java.util.Collection<?> c) {
            return new ArrayList<>(c);
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> node, String[] path, int i, Object value) {
        if (i == path.length - 1) {
            node.put(path[i], value);
            return;
        }
        Object child = node.get(path[i]);
        if (!(child instanceof Map)) {
            child = new LinkedHashMap<String, Object>();
            node.put(path[i], child);
        }
        put((Map<String, Object>) child, path, i + 1, value);
    }

    /** Turns maps whose keys are all indexes into lists, depth first. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> listify(Map<String, Object> map) {
        map.replaceAll((k, v) -> v instanceof Map ? asListIfIndexed(listify((Map<String, Object>) v)) : v);
        return map;
    }

    private static Object asListIfIndexed(Map<String, Object> map) {
        if (map.isEmpty() || !map.keySet().stream().allMatch(k -> k.matches("\\d{1,6}"))) {
            return map;
        }
        TreeMap<Integer, Object> byIndex = new TreeMap<>();
        map.forEach((k, v) -> byIndex.put(Integer.parseInt(k), v));
        return new ArrayList<>(byIndex.values());
    }
}
