package dev.rackscope.simulator.generator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One entry of the overrides file (simulator.md §2.9), as the generator reads it.
 *
 * @param value     the numeric value, or {@code null} when the entry's value is not a number (it is then ignored)
 * @param expiresAt unix seconds, or {@code null} for a permanent override
 */
public record MetricOverride(String id, String instance, String rackId, String metric, Double value, Long expiresAt) {

    /** True when the entry has expired at {@code nowSeconds}. */
    public boolean expired(long nowSeconds) {
        return expiresAt != null && expiresAt != 0 && expiresAt <= nowSeconds;
    }

    /**
     * True when a raw file entry (a map) has expired: its {@code expires_at} is a non-zero number at or before
     * {@code nowSeconds}. The one expiry rule shared by the API and the generator.
     */
    public static boolean isExpired(Object rawEntry, long nowSeconds) {
        if (!(rawEntry instanceof Map<?, ?> m)) {
            return false;
        }
        Long at = seconds(m.get("expires_at"));
        return at != null && at != 0 && at <= nowSeconds;
    }

    /**
     * The entries of an overrides document ({@code {overrides: [...]}}) that are in force at
     * {@code nowSeconds}, in file order. Non-map entries and expired ones are dropped; anything unreadable
     * gives an empty list.
     */
    public static List<MetricOverride> active(Object document, long nowSeconds) {
        List<MetricOverride> out = new ArrayList<>();
        if (!(document instanceof Map<?, ?> doc) || !(doc.get("overrides") instanceof List<?> list)) {
            return out;
        }
        for (Object item : list) {
            if (item instanceof Map<?, ?> m) {
                MetricOverride o = new MetricOverride(text(m.get("id")), text(m.get("instance")), text(m.get("rack_id")),
                        text(m.get("metric")), number(m.get("value")), seconds(m.get("expires_at")));
                if (!o.expired(nowSeconds)) {
                    out.add(o);
                }
            }
        }
        return out;
    }

    /** A truthy string form of a scalar, or {@code null} for null and empty values. */
    private static String text(Object o) {
        if (o == null) {
            return null;
        }
        String s = String.valueOf(o);
        return s.isEmpty() ? null : s;
    }

    static Double number(Object o) {
        if (o instanceof Boolean b) {
            return b ? 1.0 : 0.0;
        }
        if (o instanceof Number n) {
            return n.doubleValue();
        }
        if (o instanceof String s) {
            try {
                double d = Double.parseDouble(s.trim());
                return Double.isFinite(d) ? d : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static Long seconds(Object o) {
        Double d = number(o);
        return d == null || d.isNaN() ? null : (long) Math.floor(d);
    }
}
