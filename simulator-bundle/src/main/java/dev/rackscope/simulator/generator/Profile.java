package dev.rackscope.simulator.generator;

import java.util.Map;

/**
 * Physics parameters of one node profile (simulator.md §3.6): temperature and power grow linearly with
 * the load, which moves between {@code loadMin} and {@code loadMax}.
 */
public record Profile(double baseTemp, double tempRange, double basePower, double powerVar, double loadMin,
                      double loadMax) {

    /** What the original assumes when neither the profile nor {@code profiles.compute} is configured. */
    public static final Profile DEFAULT = new Profile(22, 5, 150, 50, 10, 50);

    /** A profile from its YAML map; a missing or unreadable key takes the value of {@link #DEFAULT}. */
    public static Profile from(Map<?, ?> m) {
        return new Profile(number(m.get("base_temp"), DEFAULT.baseTemp), number(m.get("temp_range"), DEFAULT.tempRange),
                number(m.get("base_power"), DEFAULT.basePower), number(m.get("power_var"), DEFAULT.powerVar),
                number(m.get("load_min"), DEFAULT.loadMin), number(m.get("load_max"), DEFAULT.loadMax));
    }

    private static double number(Object o, double dflt) {
        if (o instanceof Number n) {
            return n.doubleValue();
        }
        if (o instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                return dflt;
            }
        }
        return dflt;
    }
}
