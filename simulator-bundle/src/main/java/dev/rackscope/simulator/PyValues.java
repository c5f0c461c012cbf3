package dev.rackscope.simulator;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Python's conversions as the original routes apply them to JSON values ({@code bool()}, {@code str()},
 * {@code float()}, {@code int()}), so that the same bodies pass and fail the same checks.
 */
final class PyValues {

    private static final Pattern FLOAT = Pattern.compile(
            "[+-]?(?:(?:\\d(?:_?\\d)*)?\\.\\d(?:_?\\d)*|\\d(?:_?\\d)*\\.?)(?:[eE][+-]?\\d(?:_?\\d)*)?");
    private static final Pattern SPECIAL = Pattern.compile("[+-]?(?:inf|infinity|nan)", Pattern.CASE_INSENSITIVE);
    private static final Pattern INT = Pattern.compile("[+-]?\\d(?:_?\\d)*");
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private PyValues() {
    }

    /** {@code bool(v)}; a missing value is falsy. */
    static boolean truthy(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return false;
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isNumber()) {
            return n.decimalValue().signum() != 0;
        }
        if (n.isTextual()) {
            return !n.textValue().isEmpty();
        }
        return n.size() > 0;
    }

    /** True when the key is absent or null. */
    static boolean absent(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode();
    }

    /** {@code str(v)} for the scalars a body may hold. */
    static String str(JsonNode n) {
        if (absent(n)) {
            return "None";
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        if (n.isBoolean()) {
            return n.booleanValue() ? "True" : "False";
        }
        if (n.isIntegralNumber()) {
            return n.bigIntegerValue().toString();
        }
        if (n.isNumber()) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 1e16) {
                return BigDecimal.valueOf(d).toBigInteger() + ".0";
            }
            return Double.toString(d).replace("E", "e");
        }
        return n.toString();
    }

    /** {@code float(v)}: numbers, booleans and numeric strings; {@code null} when Python would raise. */
    static Double toFloat(JsonNode n) {
        if (absent(n)) {
            return null;
        }
        if (n.isBoolean()) {
            return n.booleanValue() ? 1.0 : 0.0;
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (n.isTextual()) {
            String s = n.textValue().strip();
            if (SPECIAL.matcher(s).matches()) {
                String t = s.toLowerCase(java.util.Locale.ROOT);
                return t.contains("nan") ? Double.NaN : t.startsWith("-") ? Double.NEGATIVE_INFINITY
                        : Double.POSITIVE_INFINITY;
            }
            if (FLOAT.matcher(s).matches()) {
                return Double.parseDouble(s.replace("_", ""));
            }
        }
        return null;
    }

    /**
     * {@code int(v)}: integers, floats (truncated), booleans and integer strings; {@code null} when Python
     * would raise, and for values beyond the range of a long.
     */
    static Long toInt(JsonNode n) {
        if (absent(n)) {
            return null;
        }
        if (n.isBoolean()) {
            return n.booleanValue() ? 1L : 0L;
        }
        if (n.isIntegralNumber()) {
            return fits(n.bigIntegerValue());
        }
        if (n.isNumber()) {
            double d = n.doubleValue();
            return Double.isFinite(d) ? fits(BigDecimal.valueOf(d).toBigInteger()) : null;
        }
        if (n.isTextual()) {
            String s = n.textValue().strip();
            if (INT.matcher(s).matches()) {
                return fits(new BigInteger(s.replace("_", "")));
            }
        }
        return null;
    }

    private static Long fits(BigInteger b) {
        return b.compareTo(LONG_MIN) < 0 || b.compareTo(LONG_MAX) > 0 ? null : b.longValue();
    }

    /** The JSON value as plain Java (for writing to YAML and echoing back). */
    static Object java(JsonNode n) {
        if (absent(n)) {
            return null;
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isIntegralNumber()) {
            return n.canConvertToLong() ? (Object) n.longValue() : n.bigIntegerValue();
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (n.isArray()) {
            List<Object> out = new ArrayList<>();
            n.forEach(v -> out.add(java(v)));
            return out;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> out.put(e.getKey(), java(e.getValue())));
        return out;
    }

    /** {@code repr(list_of_str)}: {@code ['a', 'b']}. */
    static String repr(List<String> items) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            String s = items.get(i);
            char q = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
            sb.append(q);
            for (char c : s.toCharArray()) {
                if (c == '\\' || c == q) {
                    sb.append('\\');
                }
                sb.append(c);
            }
            sb.append(q);
        }
        return sb.append(']').toString();
    }
}
