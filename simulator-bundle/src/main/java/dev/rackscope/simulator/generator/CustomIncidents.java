package dev.rackscope.simulator.generator;

import java.util.Map;

/** Exact incident counts of the {@code custom} mode. */
public record CustomIncidents(int devicesCrit, int devicesWarn, int racksCrit, int aislesHot) {

    public static final CustomIncidents NONE = new CustomIncidents(0, 0, 0, 0);

    /** From the {@code custom_incidents} map; absent keys are 0. */
    public static CustomIncidents from(Map<String, Integer> m) {
        return new CustomIncidents(m.getOrDefault("devices_crit", 0), m.getOrDefault("devices_warn", 0),
                m.getOrDefault("racks_crit", 0), m.getOrDefault("aisles_hot", 0));
    }
}
