package dev.rackscope.core.load;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import dev.rackscope.api.model.Device;

/**
 * The canonical expansion of a device's {@code instance} field into Prometheus node names, the one
 * the topology index uses (core.md §2.3):
 * <ul>
 * <li>empty ({@code {}}, {@code []}, {@code ""}) or absent: no names;</li>
 * <li>a slot map: its values in map order, used literally;</li>
 * <li>a list: its elements, used literally;</li>
 * <li>a string: {@code prefix[A-B]suffix} on the <em>first</em> bracket group that holds two digit
 * runs, giving {@code prefix + i + suffix} for i from A to B, i zero-padded to the length of A;
 * B &lt; A gives nothing; more than {@value #MAX_RANGE} names is an error. A string without such a
 * group is one literal name.</li>
 * </ul>
 * Pure and allocation-light: the pattern is parsed by hand, not with a regex, because it runs for
 * every device of every load.
 */
public final class InstanceExpander {

    /** The most names one {@code [A-B]} range may produce. */
    public static final int MAX_RANGE = 10_000;

    /** A range pattern that would produce more than {@link #MAX_RANGE} names. */
    public static final class RangeTooLargeException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        private final String pattern;

        public RangeTooLargeException(String pattern, BigInteger size) {
            super("Instance range too large: '" + pattern + "' expands to " + size + " names (the limit is "
                    + MAX_RANGE + ")");
            this.pattern = pattern;
        }

        /** The offending instance pattern. */
        public String pattern() {
            return pattern;
        }
    }

    private InstanceExpander() {
    }

    /** The expanded names of a device's {@code instance} (its legacy {@code nodes} is ignored, as in the original). */
    public static List<String> instances(Device device) {
        return expand(device.instance());
    }

    /**
     * Expands an {@code instance} value as written: a {@code String}, a {@code List} of strings or a
     * slot {@code Map}. Anything else (including {@code null}) gives no names; {@code null} elements
     * and values are skipped.
     *
     * @throws RangeTooLargeException when a string pattern's range exceeds {@link #MAX_RANGE}
     */
    public static List<String> expand(Object instance) {
        if (instance instanceof String s) {
            return expandPattern(s);
        }
        if (instance instanceof Map<?, ?> map) {
            return literal(map.values());
        }
        if (instance instanceof List<?> list) {
            return literal(list);
        }
        return List.of();
    }

    private static List<String> literal(Collection<?> values) {
        if (values.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(values.size());
        for (Object v : values) {
            if (v != null) {
                out.add(v.toString());
            }
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * Expands one string: {@code ""} gives nothing, a string with a {@code [A-B]} group gives its range,
     * any other string is itself.
     *
     * @throws RangeTooLargeException when the range exceeds {@link #MAX_RANGE}
     */
    public static List<String> expandPattern(String s) {
        if (s.isEmpty()) {
            return List.of();
        }
        int n = s.length();
        for (int open = s.indexOf('['); open >= 0; open = s.indexOf('[', open + 1)) {
            int aStart = open + 1;
            int aEnd = digitsEnd(s, aStart);
            if (aEnd == aStart || aEnd >= n || s.charAt(aEnd) != '-') {
                continue;
            }
            int bStart = aEnd + 1;
            int bEnd = digitsEnd(s, bStart);
            if (bEnd == bStart || bEnd >= n || s.charAt(bEnd) != ']') {
                continue;
            }
            return range(s, s.substring(0, open), aStart, aEnd, bStart, bEnd, s.substring(bEnd + 1));
        }
        return List.of(s);
    }

    private static int digitsEnd(String s, int from) {
        int i = from;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static List<String> range(String pattern, String prefix, int aStart, int aEnd, int bStart, int bEnd,
                                      String suffix) {
        int width = aEnd - aStart;
        if (width <= 18 && bEnd - bStart <= 18) {
            long a = parse(pattern, aStart, aEnd);
            long b = parse(pattern, bStart, bEnd);
            if (b < a) {
                return List.of();
            }
            long size = b - a + 1;
            if (size > MAX_RANGE) {
                throw new RangeTooLargeException(pattern, BigInteger.valueOf(size));
            }
            List<String> out = new ArrayList<>((int) size);
            StringBuilder sb = new StringBuilder(prefix.length() + Math.max(width, 19) + suffix.length());
            sb.append(prefix);
            for (long i = a; i <= b; i++) {
                sb.setLength(prefix.length());
                appendPadded(sb, Long.toString(i), width);
                out.add(sb.append(suffix).toString());
            }
            return Collections.unmodifiableList(out);
        }
        // Digit runs too long for a long: rare, so BigInteger is fine here.
        BigInteger a = new BigInteger(ascii(pattern, aStart, aEnd));
        BigInteger b = new BigInteger(ascii(pattern, bStart, bEnd));
        if (b.compareTo(a) < 0) {
            return List.of();
        }
        BigInteger size = b.subtract(a).add(BigInteger.ONE);
        if (size.compareTo(BigInteger.valueOf(MAX_RANGE)) > 0) {
            throw new RangeTooLargeException(pattern, size);
        }
        List<String> out = new ArrayList<>(size.intValue());
        StringBuilder sb = new StringBuilder();
        for (BigInteger i = a; i.compareTo(b) <= 0; i = i.add(BigInteger.ONE)) {
            sb.setLength(0);
            sb.append(prefix);
            appendPadded(sb, i.toString(), width);
            out.add(sb.append(suffix).toString());
        }
        return Collections.unmodifiableList(out);
    }

    private static void appendPadded(StringBuilder sb, String digits, int width) {
        for (int k = digits.length(); k < width; k++) {
            sb.append('0');
        }
        sb.append(digits);
    }

    // Character.digit handles every Unicode decimal digit, as Python's \d and int() do.
    private static long parse(String s, int from, int to) {
        long v = 0;
        for (int i = from; i < to; i++) {
            v = v * 10 + Character.digit(s.charAt(i), 10);
        }
        return v;
    }

    private static String ascii(String s, int from, int to) {
        StringBuilder sb = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            sb.append((char) ('0' + Character.digit(s.charAt(i), 10)));
        }
        return sb.toString();
    }
}
