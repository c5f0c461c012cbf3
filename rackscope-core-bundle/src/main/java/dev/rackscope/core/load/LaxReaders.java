package dev.rackscope.core.load;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Lax readers that {@link Fields} does not offer, needed by the library models: nested models with
 * the original's class names in errors, lists of models, maps with string keys, an int matrix and the
 * {@code int | float | str} union of a check rule. Same rules and problem shapes as pydantic v2.
 */
final class LaxReaders {

    private static final Pattern DECIMAL = Pattern.compile(
            "[+-]?(?:\\d+(?:_\\d+)*(?:\\.(?:\\d+(?:_\\d+)*)?)?|\\.\\d+(?:_\\d+)*)(?:[eE][+-]?\\d+(?:_\\d+)*)?");

    private LaxReaders() {
    }

    /** A nested mapping and its field reader (the mapping is the input of "missing" problems). */
    record Item(Map<?, ?> map, Fields fields) {
    }

    static List<Object> append(List<Object> loc, Object... steps) {
        List<Object> l = new ArrayList<>(loc);
        l.addAll(List.of(steps));
        return l;
    }

    static void missing(Fields f, Map<?, ?> map, String key) {
        f.problems().add("missing", f.loc(key), "Field required", map);
    }

    static void modelType(Problems problems, List<Object> loc, String className, Object input) {
        problems.add("model_type", loc, "Input should be a valid dictionary or instance of " + className, input,
                Map.of("class_name", className));
    }

    /** A required literal (enum) field. */
    static String reqLiteral(Fields f, Map<?, ?> map, String key, String... allowed) {
        if (!f.has(key)) {
            missing(f, map, key);
            return null;
        }
        return f.literal(key, null, false, allowed);
    }

    /** An optional nested model: absent or null gives null, a non-mapping is a problem. */
    static Item optModel(Fields f, String key, String className) {
        Object v = f.raw(key);
        if (v == null) {
            return null;
        }
        return model(f, key, className);
    }

    /** A nested model that must be a mapping when present (null is a problem); null when it is not. */
    static Item model(Fields f, String key, String className) {
        Object v = f.raw(key);
        if (v instanceof Map<?, ?> m) {
            return new Item(m, new Fields(m, f.loc(key), f.problems()));
        }
        modelType(f.problems(), f.loc(key), className, v);
        return null;
    }

    /** A list of models with an empty default; null, a non-list or a non-mapping item is a problem. */
    static List<Item> modelList(Fields f, String key, String className) {
        if (!f.has(key)) {
            return List.of();
        }
        Object v = f.raw(key);
        if (!(v instanceof List<?> list)) {
            f.problems().add("list_type", f.loc(key), "Input should be a valid list", v);
            return List.of();
        }
        List<Item> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object e = list.get(i);
            if (e instanceof Map<?, ?> m) {
                out.add(new Item(m, new Fields(m, append(f.loc(), key, i), f.problems())));
            } else {
                modelType(f.problems(), append(f.loc(), key, i), className, e);
            }
        }
        return out;
    }

    /** A {@code str} map key; a number or other scalar is a problem at {@code [..., key, "[key]"]}. */
    private static String key(Object k, List<Object> mapLoc, Problems problems) {
        if (k instanceof String s) {
            return s;
        }
        problems.add("string_type", append(mapLoc, k, "[key]"), "Input should be a valid string", k);
        return null;
    }

    private static Map<?, ?> dict(Object v, List<Object> loc, Problems problems) {
        if (v instanceof Map<?, ?> m) {
            return m;
        }
        problems.add("dict_type", loc, "Input should be a valid dictionary", v);
        return null;
    }

    /** {@code Dict[str, str]} with an empty default (null is a problem). */
    static Map<String, String> strMap(Fields f, String key) {
        if (!f.has(key)) {
            return Map.of();
        }
        Map<?, ?> m = dict(f.raw(key), f.loc(key), f.problems());
        if (m == null) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            String name = key(k, f.loc(key), f.problems());
            if (!(v instanceof String s)) {
                f.problems().add("string_type", append(f.loc(key), k), "Input should be a valid string", v);
            } else if (name != null) {
                out.put(name, s);
            }
        });
        return Collections.unmodifiableMap(out);
    }

    /** {@code Optional[Dict[str, float]]}: absent or null gives null. */
    static Map<String, Double> optFloatMap(Fields f, String key) {
        Object v = f.raw(key);
        return v == null ? null : floatMap(v, f.loc(key), f.problems());
    }

    private static Map<String, Double> floatMap(Object v, List<Object> loc, Problems problems) {
        Map<?, ?> m = dict(v, loc, problems);
        if (m == null) {
            return null;
        }
        Map<String, Double> out = new LinkedHashMap<>();
        m.forEach((k, val) -> {
            String name = key(k, loc, problems);
            Double d = laxFloat(val, append(loc, k), problems);
            if (name != null && d != null) {
                out.put(name, d);
            }
        });
        return Collections.unmodifiableMap(out);
    }

    /** {@code Optional[Dict[str, Dict[str, float]]]}: absent or null gives null. */
    static Map<String, Map<String, Double>> optNestedFloatMap(Fields f, String key) {
        Object v = f.raw(key);
        if (v == null) {
            return null;
        }
        Map<?, ?> m = dict(v, f.loc(key), f.problems());
        if (m == null) {
            return null;
        }
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        m.forEach((k, inner) -> {
            String name = key(k, f.loc(key), f.problems());
            Map<String, Double> values = floatMap(inner, append(f.loc(key), k), f.problems());
            if (name != null && values != null) {
                out.put(name, values);
            }
        });
        return Collections.unmodifiableMap(out);
    }

    /** {@code Optional[Dict[str, Any]]}: absent or null gives null; values are kept as parsed. */
    static Map<String, Object> optAnyMap(Fields f, String key) {
        Object v = f.raw(key);
        if (v == null) {
            return null;
        }
        Map<?, ?> m = dict(v, f.loc(key), f.problems());
        if (m == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, val) -> {
            String name = key(k, f.loc(key), f.problems());
            if (name != null) {
                out.put(name, val);
            }
        });
        return Collections.unmodifiableMap(out);
    }

    /** A required {@code List[List[int]]}. */
    static List<List<Integer>> intMatrix(Fields f, Map<?, ?> map, String key) {
        if (!f.has(key)) {
            missing(f, map, key);
            return List.of();
        }
        Object v = f.raw(key);
        if (!(v instanceof List<?> rows)) {
            f.problems().add("list_type", f.loc(key), "Input should be a valid list", v);
            return List.of();
        }
        List<List<Integer>> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (!(rows.get(i) instanceof List<?> cells)) {
                f.problems().add("list_type", append(f.loc(), key, i), "Input should be a valid list", rows.get(i));
                continue;
            }
            List<Integer> row = new ArrayList<>();
            for (int j = 0; j < cells.size(); j++) {
                Integer n = laxInt(cells.get(j), append(f.loc(), key, i, j), f.problems());
                if (n != null) {
                    row.add(n);
                }
            }
            out.add(List.copyOf(row));
        }
        return List.copyOf(out);
    }

    /**
     * The rule value, {@code int | float | str} in pydantic's smart mode: each type is kept as written,
     * a boolean becomes 1 or 0; anything else fails once per member.
     */
    static Object intFloatOrStr(Fields f, Map<?, ?> map, String key) {
        if (!f.has(key)) {
            missing(f, map, key);
            return null;
        }
        Object v = f.raw(key);
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (v instanceof Integer || v instanceof String || v instanceof Double) {
            return v;
        }
        if (v instanceof Long || v instanceof Short || v instanceof Byte) {
            long n = ((Number) v).longValue();
            return n == (int) n ? (Object) (int) n : (Object) n;
        }
        if (v instanceof BigInteger b) {
            return b.bitLength() < 32 ? (Object) b.intValue() : b.bitLength() < 64 ? (Object) b.longValue() : b;
        }
        if (v instanceof Float x) {
            return x.doubleValue();
        }
        Problems p = f.problems();
        p.add("int_type", append(f.loc(), key, "int"), "Input should be a valid integer", v);
        p.add("float_type", append(f.loc(), key, "float"), "Input should be a valid number", v);
        p.add("string_type", append(f.loc(), key, "str"), "Input should be a valid string", v);
        return null;
    }

    /** A lax int (same rules as {@link Fields}); null and the problem recorded when it is not one. */
    static Integer laxInt(Object v, List<Object> loc, Problems problems) {
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        Long n = null;
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            n = ((Number) v).longValue();
        } else if (v instanceof BigInteger b && b.bitLength() < 63) {
            n = b.longValue();
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (d != Math.rint(d) || Double.isInfinite(d)) {
                problems.add("int_from_float", loc, "Input should be a valid integer, got a number with a "
                        + "fractional part", v);
                return null;
            }
            n = (long) d;
        } else if (v instanceof String s) {
            try {
                n = Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                problems.add("int_parsing", loc, "Input should be a valid integer, unable to parse string as an "
                        + "integer", v);
                return null;
            }
        }
        if (n == null || n != n.intValue()) {
            problems.add("int_type", loc, "Input should be a valid integer", v);
            return null;
        }
        return n.intValue();
    }

    /** A lax float: numbers, booleans and numeric strings ({@code "1.5"}, {@code "1_000"}, {@code "inf"}). */
    static Double laxFloat(Object v, List<Object> loc, Problems problems) {
        if (v instanceof Boolean b) {
            return b ? 1.0 : 0.0;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            String t = s.trim();
            String lower = t.toLowerCase(Locale.ROOT);
            String unsigned = lower.startsWith("+") || lower.startsWith("-") ? lower.substring(1) : lower;
            double sign = lower.startsWith("-") ? -1 : 1;
            if (unsigned.equals("inf") || unsigned.equals("infinity")) {
                return sign * Double.POSITIVE_INFINITY;
            }
            if (unsigned.equals("nan")) {
                return Double.NaN;
            }
            if (DECIMAL.matcher(t).matches()) {
                return Double.parseDouble(t.replace("_", ""));
            }
            problems.add("float_parsing", loc, "Input should be a valid number, unable to parse string as a number",
                    v);
            return null;
        }
        problems.add("float_type", loc, "Input should be a valid number", v);
        return null;
    }
}
