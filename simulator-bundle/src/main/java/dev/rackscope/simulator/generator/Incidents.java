package dev.rackscope.simulator.generator;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * The incident state between two rolls: critical and warning nodes (disjoint), critical racks and hot
 * aisles (simulator.md §3.5).
 */
public record Incidents(Set<String> nodesCrit, Set<String> nodesWarn, Set<String> racksCrit, Set<String> aislesHot) {

    public static final Incidents NONE = new Incidents(Set.of(), Set.of(), Set.of(), Set.of());

    public Incidents {
        nodesCrit = Set.copyOf(nodesCrit);
        nodesWarn = Set.copyOf(nodesWarn);
        racksCrit = Set.copyOf(racksCrit);
        aislesHot = Set.copyOf(aislesHot);
    }

    /**
     * Ticks between two rolls: {@code max(1, int(3600 / max(1, cph) / max(1, interval)))}; at 20 s, 2 changes
     * per hour give 90.
     */
    public static int cycleTicks(int changesPerHour, int intervalSeconds) {
        return Math.max(1, (int) (3600.0 / Math.max(1, changesPerHour) / Math.max(1, intervalSeconds)));
    }

    /**
     * Rolls a new incident set. Ids are sorted before shuffling, so a roll depends only on {@code rng}
     * and the ids themselves (not on set order, §6.15); crit takes the first nodes of the shuffle and warn
     * the next ones, so the two are disjoint and clamp to the nodes that exist.
     */
    public static Incidents roll(IncidentMode mode, CustomIncidents custom, Collection<String> nodeIds,
                                 Collection<String> rackIds, Collection<String> aisleIds, SplittableRandom rng) {
        List<String> nodes = sortedDistinct(nodeIds);
        List<String> racks = sortedDistinct(rackIds);
        List<String> aisles = sortedDistinct(aisleIds);
        IncidentMode.Counts n = mode.counts(rng, nodes.size(), racks.size(), aisles.size(), custom);
        shuffle(nodes, rng);
        shuffle(racks, rng);
        shuffle(aisles, rng);
        int crit = Math.min(n.nodesCrit(), nodes.size());
        int warn = Math.min(n.nodesWarn(), nodes.size() - crit);
        return new Incidents(Set.copyOf(nodes.subList(0, crit)), Set.copyOf(nodes.subList(crit, crit + warn)),
                Set.copyOf(racks.subList(0, Math.min(n.racksCrit(), racks.size()))),
                Set.copyOf(aisles.subList(0, Math.min(n.aislesHot(), aisles.size()))));
    }

    /** After a topology reload: keeps only nodes and racks that still exist (aisles are kept, as the original does). */
    public Incidents retain(Set<String> nodeIds, Set<String> rackIds) {
        return new Incidents(keep(nodesCrit, nodeIds), keep(nodesWarn, nodeIds), keep(racksCrit, rackIds), aislesHot);
    }

    private static Set<String> keep(Set<String> set, Set<String> allowed) {
        Set<String> out = new TreeSet<>(set);
        out.retainAll(allowed);
        return out;
    }

    private static List<String> sortedDistinct(Collection<String> ids) {
        return new ArrayList<>(new TreeSet<>(ids));
    }

    /** Fisher–Yates. */
    static void shuffle(List<String> list, SplittableRandom rng) {
        for (int i = list.size() - 1; i > 0; i--) {
            Collections.swap(list, i, rng.nextInt(i + 1));
        }
    }
}
