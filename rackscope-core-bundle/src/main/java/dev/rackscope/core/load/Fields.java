package dev.rackscope.core.load;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads typed fields out of a parsed YAML/JSON mapping with the original's lax rules (pydantic v2
 * "lax" mode, core.md §0): unknown keys ignored; an int accepts {@code "5"}, {@code 5.0} and
 * {@code true} but not {@code 2.5}; a str rejects numbers; {@code null} for a non-optional field with a
 * default is an error. Every problem is recorded in {@link Problems} with its location and the
 * reader returns the default, so one pass reports all problems of a document.
 */
public final class Fields {

    private final Map<?, ?> map;
    private final List<Object> loc;
    private final Problems problems;

    public Fields(Map<?, ?> map, List<Object> loc, Problems problems) {
        this.map = map == null ? Map.of() : map;
        this.loc = List.copyOf(loc);
        this.problems = problems;
    }

    /** Fields of a root mapping. */
    public static Fields of(Map<?, ?> map, Problems problems) {
        return new Fields(map, List.of(), problems);
    }

    public Problems problems() {
        return problems;
    }

    public List<Object> loc() {
        return loc;
    }

    public List<Object> loc(Object key) {
        List<Object> l = new ArrayList<>(loc);
        l.add(key);
        return l;
    }

    public boolean has(String key) {
        return map.containsKey(key);
    }

    public Object raw(String key) {
        return map.get(key);
    }

    /** A nested mapping's fields; absent or null gives an empty mapping, a non-mapping is a problem. */
    public Fields child(String key) {
        Object v = map.get(key);
        if (v != null && !(v instanceof Map)) {
            problems.add("model_type", loc(key), "Input should be a valid dictionary or instance of " + key, v);
            v = null;
        }
        return new Fields((Map<?, ?>) v, loc(key), problems);
    }

    /** True when the key is present with a null value. */
    public boolean isNull(String key) {
        return map.containsKey(key) && map.get(key) == null;
    }

    // ------------------------------------------------------------------ strings

    /** A required string; {@code minLength} 1 rejects the empty string. */
    public String reqStr(String key, int minLength) {
        if (!map.containsKey(key)) {
            problems.add("missing", loc(key), "Field required", map);
            return null;
        }
        return str(key, null, minLength, false);
    }

    /** An optional string (null allowed), default when absent. */
    public String optStr(String key, String dflt) {
        if (!map.containsKey(key)) {
            return dflt;
        }
        return str(key, dflt, 0, true);
    }

    /** A string with a default; null is an error. */
    public String str(String key, String dflt) {
        if (!map.containsKey(key)) {
            return dflt;
        }
        return str(key, dflt, 0, false);
    }

    /** A string with a default and a minimum length; null is an error. */
    public String str(String key, String dflt, int minLength) {
        if (!map.containsKey(key)) {
            return dflt;
        }
        return str(key, dflt, minLength, false);
    }

    private String str(String key, String dflt, int minLength, boolean nullable) {
        Object v = map.get(key);
        if (v == null) {
            if (!nullable) {
                problems.add("string_type", loc(key), "Input should be a valid string", null);
            }
            return nullable ? null : dflt;
        }
        if (!(v instanceof String s)) {
            problems.add("string_type", loc(key), "Input should be a valid string", v);
            return dflt;
        }
        if (s.length() < minLength) {
            problems.add("string_too_short", loc(key), "String should have at least " + minLength + " character"
                    + (minLength == 1 ? "" : "s"), s, Map.of("min_length", minLength));
            return dflt;
        }
        return s;
    }

    /** A string among {@code allowed} (pydantic literal); null allowed only when {@code nullable}. */
    public String literal(String key, String dflt, boolean nullable, String... allowed) {
        if (!map.containsKey(key)) {
            return dflt;
        }
        Object v = map.get(key);
        if (v == null && nullable) {
            return null;
        }
        if (v instanceof String s && Set.of(allowed).contains(s)) {
            return s;
        }
        String expected = expectedList(allowed);
        problems.add("literal_error", loc(key), "Input should be " + expected, v,
                Map.of("expected", expected));
        return dflt;
    }

    static String expectedList(String... allowed) {
        List<String> quoted = new ArrayList<>();
        for (String a : allowed) {
            quoted.add("'" + a + "'");
        }
        if (quoted.size() == 1) {
            return quoted.get(0);
        }
        return String.join(", ", quoted.subList(0, quoted.size() - 1)) + " or " + quoted.get(quoted.size() - 1);
    }

    // ------------------------------------------------------------------ numbers and booleans

    /** An int with a default and optional bounds (inclusive); null is an error. */
    public int integer(String key, int dflt, Integer min, Integer max) {
        Integer v = optInteger(key, dflt, min, max, false);
        return v == null ? dflt : v;
    }

    /** A required int. */
    public int reqInteger(String key, Integer min, Integer max) {
        if (!map.containsKey(key)) {
            problems.add("missing", loc(key), "Field required", map);
            return min == null ? 0 : min;
        }
        return integer(key, min == null ? 0 : min, min, max);
    }

    /** An optional int (null allowed). */
    public Integer optInteger(String key, Integer dflt, Integer min, Integer max) {
        return optInteger(key, dflt, min, max, true);
    }

    private Integer optInteger(String key, Integer dflt, Integer min, Integer max, boolean nullable) {
        if (!map.containsKey(key)) {
            return dflt;
        }
        Object v = map.get(key);
        if (v == null) {
            if (!nullable) {
                problems.add("int_type", loc(key), "Input should be a valid integer", null);
                return dflt;
            }
            return null;
        }
        Long n = toLong(key, v);
        if (n == null) {
            return dflt;
        }
        if (min != null && n < min) {
            problems.add("greater_than_equal", loc(key), "Input should be greater than or equal to " + min, v,
                    Map.of("ge", min));
            return dflt;
        }
        if (max != null && n > max) {
            problems.add("less_than_equal", loc(key), "Input should be less than or equal to " + max, v,
                    Map.of("le", max));
            return dflt;
        }
        if (n > Integer.MAX_VALUE || n < Integer.MIN_VALUE) {
            problems.add("int_type", loc(key), "Input should be a valid integer", v);
            return dflt;
        }
        return n.intValue();
    }

    private Long toLong(String key, Object v) {
        if (v instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof BigInteger b) {
            if (b.bitLength() < 63) {
                return b.longValue();
            }
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (d == Math.rint(d) && !Double.isInfinite(d)) {
                return (long) d;
            }
            problems.add("int_from_float", loc(key), "Input should be a valid integer, got a number with a "
                    + "fractional part", v);
            return null;
        } else if (v instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                problems.add("int_parsing", loc(key), "Input should be a valid integer, unable to parse string as "
                        + "an integer", v);
                return null;
            }
        }
        problems.add("int_type", loc(key), "Input should be a valid integer", v);
        return null;
    }

    /** A float with a default and bounds; {@code exclusiveMin} for "> min". */
    public double number(String key, double dflt, Double min, boolean exclusiveMin, Double max) {
        if (!map.containsKey(key)) {
            return dflt;
        }
        Double d = toDouble(key, map.get(key));
        if (d == null) {
            return dflt;
        }
        if (min != null && (exclusiveMin ? d <= min : d < min)) {
            problems.add(exclusiveMin ? "greater_than" : "greater_than_equal", loc(key), "Input should be greater than "
                    + (exclusiveMin ? "" : "or equal to ") + fmt(min), map.get(key),
                    Map.of(exclusiveMin ? "gt" : "ge", min));
            return dflt;
        }
        if (max != null && d > max) {
            problems.add("less_than_equal", loc(key), "Input should be less than or equal to " + fmt(max),
                    map.get(key), Map.of("le", max));
            return dflt;
        }
        return d;
    }

    /** A required float. */
    public double reqNumber(String key, Double min, Double max) {
        if (!map.containsKey(key)) {
            problems.add("missing", loc(key), "Field required", map);
            return 0;
        }
        return number(key, 0, min, false, max);
    }

    private Double toDouble(String key, Object v) {
        if (v instanceof Boolean b) {
            return b ? 1.0 : 0.0;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                problems.add("float_parsing", loc(key), "Input should be a valid number, unable to parse string as a "
                        + "number", v);
                return null;
            }
        }
        problems.add("float_type", loc(key), "Input should be a valid number", v);
        return null;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /** A bool with a default (lax: true/false, 1/0, yes/no, on/off, t/f, y/n); null is an error. */
    public boolean bool(String key, boolean dflt) {
        if (!map.containsKey(key)) {
            return dflt;
        }
        Object v = map.get(key);
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number n && (n.doubleValue() == 0 || n.doubleValue() == 1)) {
            return n.doubleValue() == 1;
        }
        if (v instanceof String s) {
            switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "true", "1", "yes", "on", "t", "y":
                    return true;
                case "false", "0", "no", "off", "f", "n":
                    return false;
                default:
                    break;
            }
            problems.add("bool_parsing", loc(key), "Input should be a valid boolean, unable to interpret input", v);
            return dflt;
        }
        problems.add("bool_type", loc(key), "Input should be a valid boolean", v);
        return dflt;
    }

    // ------------------------------------------------------------------ collections

    /** A list of strings with a default; null is an error; a non-string element is an error. */
    public List<String> strList(String key, List<String> dflt) {
        if (!map.containsKey(key)) {
            return dflt;
        }
        Object v = map.get(key);
        if (!(v instanceof List<?> list)) {
            problems.add("list_type", loc(key), "Input should be a valid list", v);
            return dflt;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object e = list.get(i);
            if (e instanceof String s) {
                out.add(s);
            } else {
                List<Object> l = loc(key);
                l.add(i);
                problems.add("string_type", l, "Input should be a valid string", e);
            }
        }
        return List.copyOf(out);
    }

    /** A list of mappings (items that are not mappings are problems). */
    public List<Fields> list(String key) {
        Object v = map.get(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            problems.add("list_type", loc(key), "Input should be a valid list", v);
            return List.of();
        }
        List<Fields> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            List<Object> l = loc(key);
            l.add(i);
            Object e = list.get(i);
            if (e instanceof Map<?, ?> m) {
                out.add(new Fields(m, l, problems));
            } else {
                problems.add("model_type", l, "Input should be a valid dictionary", e);
            }
        }
        return out;
    }

    /** A map of string to string, or {@code null} when absent/null; non-string values are problems. */
    public Map<String, String> strMap(String key) {
        Object v = map.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Map<?, ?> m)) {
            problems.add("dict_type", loc(key), "Input should be a valid dictionary", v);
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        m.forEach((k, val) -> {
            if (val instanceof String s) {
                out.put(String.valueOf(k), s);
            } else {
                List<Object> l = loc(key);
                l.add(String.valueOf(k));
                problems.add("string_type", l, "Input should be a valid string", val);
            }
        });
        return out;
    }

    /** A raw nested mapping with string keys, or {@code null}. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> rawMap(String key) {
        Object v = map.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Map<?, ?> m)) {
            problems.add("dict_type", loc(key), "Input should be a valid dictionary", v);
            return null;
        }
        return ((Map<Object, Object>) m).entrySet().stream().collect(Collectors.toMap(e -> String.valueOf(e.getKey()),
                Map.Entry::getValue, (a, b) -> b, LinkedHashMap::new));
    }
}
