package dev.rackscope.api.telemetry;

import java.util.Locale;

/**
 * Health severities in the planner's order, lowest first: {@code OK < UNKNOWN < WARN < CRIT}
 * (telemetry.md). {@link #worse} keeps the existing value on a tie.
 */
public enum Severity {
    OK, UNKNOWN, WARN, CRIT;

    /** The worse of two severities (planner order); {@code a} on a tie. Null counts as absent. */
    public static Severity worse(Severity a, Severity b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return b.ordinal() > a.ordinal() ? b : a;
    }

    /** Parses {@code OK|WARN|CRIT|UNKNOWN} (case-insensitive); anything else gives {@code null}. */
    public static Severity parse(String s) {
        if (s == null) {
            return null;
        }
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
