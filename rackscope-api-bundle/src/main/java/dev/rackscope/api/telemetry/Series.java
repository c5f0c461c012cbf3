package dev.rackscope.api.telemetry;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * One item of a Prometheus result: its labels, and either an instant sample ({@code value}: timestamp and
 * text) or a range ({@code values}).
 *
 * @param labels    the series labels ({@code __name__} included when Prometheus sends it)
 * @param timestamp the instant sample's time in seconds, or {@code null}
 * @param value     the instant sample's value as Prometheus wrote it ("1", "NaN", "+Inf"…), or {@code null}
 * @param values    the samples of a range result as {@code [time, "value"]} pairs, or {@code null}
 */
public record Series(Map<String, String> labels, Double timestamp, String value, List<List<Object>> values) {

    /**
     * The instant value as a number: Prometheus's {@code NaN}, {@code +Inf} and {@code -Inf} (and Python's
     * case-insensitive spellings with surrounding white space) included; empty when absent or unparsable.
     */
    public OptionalDouble number() {
        return parseNumber(value);
    }

    /** Parses a Prometheus sample value; see {@link #number()}. */
    public static OptionalDouble parseNumber(String text) {
        if (text == null) {
            return OptionalDouble.empty();
        }
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        switch (t) {
            case "nan", "+nan", "-nan":
                return OptionalDouble.of(Double.NaN);
            case "inf", "+inf", "infinity", "+infinity":
                return OptionalDouble.of(Double.POSITIVE_INFINITY);
            case "-inf", "-infinity":
                return OptionalDouble.of(Double.NEGATIVE_INFINITY);
            default:
                break;
        }
        if (t.isEmpty() || t.endsWith("d") || t.endsWith("f") || t.startsWith("0x")) {
            return OptionalDouble.empty(); // Java-only spellings Python rejects
        }
        try {
            return OptionalDouble.of(Double.parseDouble(t.replace("_", "")));
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    public String label(String name) {
        return labels.get(name);
    }
}
