package dev.rackscope.simulator.generator;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The incident patterns of simulator.md §3.5, with the changes-per-hour the UI sets for each. Every mode
 * but {@code custom} is a preset; an unknown mode name behaves as {@code light}, as in the original.
 */
public enum IncidentMode {
    FULL_OK("full_ok", 1),
    LIGHT("light", 2),
    MEDIUM("medium", 4),
    HEAVY("heavy", 4),
    CHAOS("chaos", 3),
    CUSTOM("custom", 2);

    private final String id;
    private final int defaultChangesPerHour;

    IncidentMode(String id, int defaultChangesPerHour) {
        this.id = id;
        this.defaultChangesPerHour = defaultChangesPerHour;
    }

    /** The mode's configuration value, for example {@code full_ok}. */
    public String id() {
        return id;
    }

    public int defaultChangesPerHour() {
        return defaultChangesPerHour;
    }

    /** True for the six configuration values. */
    public static boolean isKnown(String mode) {
        for (IncidentMode m : values()) {
            if (m.id.equals(mode)) {
                return true;
            }
        }
        return false;
    }

    /** The mode named {@code mode}; unknown names (and {@code null}) give {@link #LIGHT}. */
    public static IncidentMode parse(String mode) {
        if (mode != null) {
            String m = mode.trim().toLowerCase(Locale.ROOT);
            for (IncidentMode v : values()) {
                if (v.id.equals(m)) {
                    return v;
                }
            }
        }
        return LIGHT;
    }

    /** How many of each incident one roll asks for (before clamping to what exists). */
    record Counts(int nodesCrit, int nodesWarn, int racksCrit, int aislesHot) {
    }

    Counts counts(SplittableRandom rng, int nodes, int racks, int aisles, CustomIncidents custom) {
        return switch (this) {
            case FULL_OK -> new Counts(0, 0, 0, 0);
            case LIGHT -> new Counts(Seeds.randint(rng, 1, 3), Seeds.randint(rng, 1, 5), 0, 0);
            case MEDIUM -> new Counts(Seeds.randint(rng, 1, 3), Seeds.randint(rng, 5, 10), 1, 0);
            case HEAVY -> new Counts(Seeds.randint(rng, 5, 10), Seeds.randint(rng, 10, 20), 2, 1);
            case CHAOS -> new Counts(nodes * 15 / 100, nodes * 25 / 100, racks * 20 / 100, aisles * 25 / 100);
            case CUSTOM -> new Counts(Math.max(0, custom.devicesCrit()), Math.max(0, custom.devicesWarn()),
                    Math.max(0, custom.racksCrit()), Math.max(0, custom.aislesHot()));
        };
    }
}
