package dev.rackscope.simulator.generator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the generator reads of the plugin configuration; every change takes effect at the next tick.
 *
 * @param seed                {@code null}: a random seed chosen when the generator starts
 * @param slurmRandomStatuses status → number of nodes forced into it (only drain, down, maint are used)
 * @param slurmRandomMatch    globs of the nodes eligible for a forced status; empty: all Slurm nodes
 */
public record Settings(int intervalSeconds, Long seed, String incidentMode, int changesPerHour,
                       CustomIncidents custom, Map<String, Integer> slurmRandomStatuses,
                       List<String> slurmRandomMatch, int slurmAllocPercent, Map<String, Profile> profiles) {

    /** The API defaults of simulator.md §1.3 (one set of defaults for API and generator, §6.7). */
    public static final Settings DEFAULT = new Settings(20, null, "light", 2, CustomIncidents.NONE,
            Map.of("drain", 1, "down", 1, "maint", 1), List.of("compute*", "visu*"), 80, Map.of());

    public Settings {
        intervalSeconds = Math.max(1, intervalSeconds);
        changesPerHour = Math.max(1, changesPerHour);
        slurmAllocPercent = Math.max(0, Math.min(100, slurmAllocPercent));
        slurmRandomStatuses = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(slurmRandomStatuses));
        slurmRandomMatch = List.copyOf(slurmRandomMatch);
        profiles = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(profiles));
    }

    /** The parameters of a node kind: its profile, else {@code profiles.compute}, else {@link Profile#DEFAULT}. */
    public Profile profile(NodeKind kind) {
        Profile p = profiles.get(kind.profileName());
        if (p == null) {
            p = profiles.get("compute");
        }
        return p == null ? Profile.DEFAULT : p;
    }

    public Settings withMode(String mode) {
        return new Settings(intervalSeconds, seed, mode, changesPerHour, custom, slurmRandomStatuses,
                slurmRandomMatch, slurmAllocPercent, profiles);
    }

    public Settings withSeed(Long newSeed) {
        return new Settings(intervalSeconds, newSeed, incidentMode, changesPerHour, custom, slurmRandomStatuses,
                slurmRandomMatch, slurmAllocPercent, profiles);
    }

    public Settings withCustom(CustomIncidents c) {
        return new Settings(intervalSeconds, seed, incidentMode, changesPerHour, c, slurmRandomStatuses,
                slurmRandomMatch, slurmAllocPercent, profiles);
    }

    public Settings withSlurm(Map<String, Integer> statuses, List<String> match, int allocPercent) {
        return new Settings(intervalSeconds, seed, incidentMode, changesPerHour, custom, statuses, match,
                allocPercent, profiles);
    }

    public Settings withProfiles(Map<String, Profile> p) {
        return new Settings(intervalSeconds, seed, incidentMode, changesPerHour, custom, slurmRandomStatuses,
                slurmRandomMatch, slurmAllocPercent, p);
    }

    public Settings withInterval(int seconds, int cph) {
        return new Settings(seconds, seed, incidentMode, cph, custom, slurmRandomStatuses, slurmRandomMatch,
                slurmAllocPercent, profiles);
    }
}
