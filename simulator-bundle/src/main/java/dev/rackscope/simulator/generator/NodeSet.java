package dev.rackscope.simulator.generator;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Node-name expansion with the core's canonical rule (core.md §2.3): {@code prefix[A-B]suffix} on the first
 * bracket group holding two digit runs gives {@code prefix + i + suffix} for i from A to B, zero-padded to
 * the length of A. Unlike the original generator the suffix is kept (§6.19). Used for the legacy
 * {@code nodes} field and for catalog filters; device instances come from the snapshot's index.
 */
public final class NodeSet {

    /** The most names one range may give. */
    public static final int MAX_RANGE = 10_000;

    private NodeSet() {
    }

    /**
     * Expands a device's {@code instance} (or {@code nodes}) value: a pattern string, a list, or a slot map
     * (its values in order); {@code null} and anything else give nothing.
     */
    public static List<String> expand(Object value) {
        if (value instanceof String s) {
            return expand(s);
        }
        if (value instanceof Map<?, ?> m) {
            return literal(m.values());
        }
        if (value instanceof List<?> l) {
            return literal(l);
        }
        return List.of();
    }

    /** Expands one pattern; {@code ""} and {@code null} give nothing, a string without a range is itself. */
    public static List<String> expand(String s) {
        if (s == null || s.isEmpty()) {
            return List.of();
        }
        int[] group = rangeGroup(s);
        if (group == null) {
            return List.of(s);
        }
        int open = group[0];
        int dash = group[1];
        int close = group[2];
        String a = s.substring(open + 1, dash);
        String b = s.substring(dash + 1, close);
        if (a.length() > 18 || b.length() > 18) {
            throw new IllegalArgumentException("Node range too large: '" + s + "'");
        }
        long from = Long.parseLong(a);
        long to = Long.parseLong(b);
        if (to < from) {
            return List.of();
        }
        if (to - from + 1 > MAX_RANGE) {
            throw new IllegalArgumentException("Node range too large: '" + s + "' expands to " + (to - from + 1)
                    + " names (the limit is " + MAX_RANGE + ")");
        }
        String prefix = s.substring(0, open);
        String suffix = s.substring(close + 1);
        List<String> out = new ArrayList<>((int) (to - from + 1));
        StringBuilder sb = new StringBuilder();
        for (long i = from; i <= to; i++) {
            sb.setLength(0);
            sb.append(prefix);
            String digits = Long.toString(i);
            for (int k = digits.length(); k < a.length(); k++) {
                sb.append('0');
            }
            out.add(sb.append(digits).append(suffix).toString());
        }
        return out;
    }

    /** True when {@code s} holds a {@code [A-B]} range group. */
    public static boolean isRange(String s) {
        return s != null && rangeGroup(s) != null;
    }

    /** {open, dash, close} of the first {@code [digits-digits]} group, or {@code null}. */
    private static int[] rangeGroup(String s) {
        for (int open = s.indexOf('['); open >= 0; open = s.indexOf('[', open + 1)) {
            int i = open + 1;
            int aEnd = digits(s, i);
            if (aEnd == i || aEnd >= s.length() || s.charAt(aEnd) != '-') {
                continue;
            }
            int bEnd = digits(s, aEnd + 1);
            if (bEnd == aEnd + 1 || bEnd >= s.length() || s.charAt(bEnd) != ']') {
                continue;
            }
            return new int[] {open, aEnd, bEnd};
        }
        return null;
    }

    private static int digits(String s, int from) {
        int i = from;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i;
    }

    private static List<String> literal(Collection<?> values) {
        List<String> out = new ArrayList<>(values.size());
        for (Object v : values) {
            if (v != null) {
                out.add(v.toString());
            }
        }
        return out;
    }
}
