package dev.rackscope.simulator.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** Incident selection per mode (simulator.md §3.5, acceptance 14–17). */
class IncidentsTest {

    private static List<String> ids(String prefix, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(prefix + i);
        }
        return out;
    }

    private static Incidents roll(IncidentMode mode, CustomIncidents custom, int nodes, int racks, int aisles, long seed) {
        return Incidents.roll(mode, custom, ids("n", nodes), ids("r", racks), ids("a", aisles),
                new SplittableRandom(seed));
    }

    @Test
    void cycleTicksFollowChangesPerHourAndInterval() {
        assertEquals(180, Incidents.cycleTicks(1, 20));
        assertEquals(90, Incidents.cycleTicks(2, 20));
        assertEquals(60, Incidents.cycleTicks(3, 20));
        assertEquals(45, Incidents.cycleTicks(4, 20));
        assertEquals(36, Incidents.cycleTicks(5, 20));
        assertEquals(1, Incidents.cycleTicks(10000, 20));
        assertTrue(Incidents.cycleTicks(0, 0) >= 1);
        assertEquals(Incidents.cycleTicks(2, 20) / 2, Incidents.cycleTicks(2, 40));
    }

    @Test
    void fullOkRollsNothingEvenWithCustomCounts() {
        Incidents i = roll(IncidentMode.FULL_OK, new CustomIncidents(99, 99, 99, 99), 100, 10, 4, 1);
        assertEquals(Incidents.NONE, i);
    }

    @Test
    void chaosTakesFixedSharesAndKeepsCritAndWarnDisjoint() {
        for (long seed = 0; seed < 20; seed++) {
            Incidents i = roll(IncidentMode.CHAOS, CustomIncidents.NONE, 100, 10, 4, seed);
            assertEquals(15, i.nodesCrit().size());
            assertEquals(25, i.nodesWarn().size());
            assertEquals(2, i.racksCrit().size());
            assertEquals(1, i.aislesHot().size());
            Set<String> both = new HashSet<>(i.nodesCrit());
            both.retainAll(i.nodesWarn());
            assertTrue(both.isEmpty(), "crit and warn overlap: " + both);
        }
    }

    @Test
    void chaosOnTheHpcClusterShapeGivesTheOriginalsCounts() {
        Incidents i = roll(IncidentMode.CHAOS, CustomIncidents.NONE, 256, 13, 3, 7);
        assertEquals(38, i.nodesCrit().size());
        assertEquals(64, i.nodesWarn().size());
        assertEquals(2, i.racksCrit().size());
        assertEquals(0, i.aislesHot().size());
    }

    @Test
    void emptyTopologyRollsFourEmptySets() {
        for (IncidentMode mode : IncidentMode.values()) {
            assertEquals(Incidents.NONE, Incidents.roll(mode, new CustomIncidents(5, 5, 5, 5), List.of(), List.of(),
                    List.of(), new SplittableRandom(3)));
        }
    }

    @Test
    void lightStaysWithinItsRangesAndTouchesNoRack() {
        for (long seed = 0; seed < 30; seed++) {
            Incidents i = roll(IncidentMode.LIGHT, CustomIncidents.NONE, 20, 5, 2, seed);
            assertTrue(i.nodesCrit().size() >= 1 && i.nodesCrit().size() <= 3, "crit " + i.nodesCrit());
            assertTrue(i.nodesWarn().size() >= 1 && i.nodesWarn().size() <= 5, "warn " + i.nodesWarn());
            assertTrue(i.racksCrit().isEmpty());
            assertTrue(i.aislesHot().isEmpty());
        }
    }

    @Test
    void mediumTakesExactlyOneRack() {
        for (long seed = 0; seed < 30; seed++) {
            Incidents i = roll(IncidentMode.MEDIUM, CustomIncidents.NONE, 40, 5, 3, seed);
            assertEquals(1, i.racksCrit().size());
            assertTrue(i.nodesCrit().size() >= 1 && i.nodesCrit().size() <= 3);
            assertTrue(i.nodesWarn().size() >= 5 && i.nodesWarn().size() <= 10);
            assertTrue(i.aislesHot().isEmpty());
        }
    }

    @Test
    void heavyTakesTwoRacksAndOneAisleClampedToWhatExists() {
        Incidents i = roll(IncidentMode.HEAVY, CustomIncidents.NONE, 50, 5, 3, 11);
        assertEquals(2, i.racksCrit().size());
        assertEquals(1, i.aislesHot().size());
        assertTrue(i.nodesCrit().size() >= 5 && i.nodesCrit().size() <= 10);
        assertTrue(i.nodesWarn().size() >= 10 && i.nodesWarn().size() <= 20);
        Incidents small = roll(IncidentMode.HEAVY, CustomIncidents.NONE, 50, 1, 1, 11);
        assertTrue(small.racksCrit().size() <= 1);
    }

    @Test
    void unknownModeBehavesAsLight() {
        assertEquals(IncidentMode.LIGHT, IncidentMode.parse("random-demo"));
        assertEquals(IncidentMode.LIGHT, IncidentMode.parse(null));
        Incidents i = roll(IncidentMode.parse("random-demo"), CustomIncidents.NONE, 20, 5, 2, 5);
        assertEquals(0, i.racksCrit().size());
    }

    @Test
    void everyNonCustomModeIsAPresetAndTheEnumHasExactlySixValues() {
        assertEquals(List.of("full_ok", "light", "medium", "heavy", "chaos", "custom"),
                java.util.Arrays.stream(IncidentMode.values()).map(IncidentMode::id).toList());
        assertEquals(List.of(1, 2, 4, 4, 3, 2),
                java.util.Arrays.stream(IncidentMode.values()).map(IncidentMode::defaultChangesPerHour).toList());
    }

    @Test
    void customTakesExactCounts() {
        Incidents i = roll(IncidentMode.CUSTOM, new CustomIncidents(5, 3, 2, 1), 20, 5, 3, 2);
        assertEquals(5, i.nodesCrit().size());
        assertEquals(3, i.nodesWarn().size());
        assertEquals(2, i.racksCrit().size());
        assertEquals(1, i.aislesHot().size());
    }

    @Test
    void customCountsClampToTheTopology() {
        Incidents i = roll(IncidentMode.CUSTOM, new CustomIncidents(100, 100, 10, 10), 3, 1, 1, 2);
        assertEquals(3, i.nodesCrit().size());
        assertEquals(0, i.nodesWarn().size());
        assertEquals(1, i.racksCrit().size());
        assertEquals(1, i.aislesHot().size());
    }

    @Test
    void everyRolledIdBelongsToTheTopology() {
        Incidents i = roll(IncidentMode.CHAOS, CustomIncidents.NONE, 60, 8, 3, 9);
        assertTrue(ids("n", 60).containsAll(i.nodesCrit()));
        assertTrue(ids("n", 60).containsAll(i.nodesWarn()));
        assertTrue(ids("r", 8).containsAll(i.racksCrit()));
        assertTrue(ids("a", 3).containsAll(i.aislesHot()));
    }

    @Test
    void aRollDependsOnTheSeedAndTheIdsNotOnTheirOrder() {
        List<String> nodes = ids("n", 50);
        List<String> reversed = new ArrayList<>(nodes);
        java.util.Collections.reverse(reversed);
        Incidents a = Incidents.roll(IncidentMode.CHAOS, CustomIncidents.NONE, nodes, ids("r", 5), ids("a", 4),
                new SplittableRandom(42));
        Incidents b = Incidents.roll(IncidentMode.CHAOS, CustomIncidents.NONE, reversed, ids("r", 5), ids("a", 4),
                new SplittableRandom(42));
        assertEquals(a, b);
        Incidents c = Incidents.roll(IncidentMode.CHAOS, CustomIncidents.NONE, nodes, ids("r", 5), ids("a", 4),
                new SplittableRandom(43));
        assertNotEquals(a, c);
    }

    @Test
    void retainDropsVanishedNodesAndRacksButKeepsAisles() {
        Incidents i = new Incidents(Set.of("n1", "n2"), Set.of("n3"), Set.of("r1", "r2"), Set.of("a9"));
        Incidents kept = i.retain(Set.of("n1", "n3"), Set.of("r2"));
        assertEquals(Set.of("n1"), kept.nodesCrit());
        assertEquals(Set.of("n3"), kept.nodesWarn());
        assertEquals(Set.of("r2"), kept.racksCrit());
        assertEquals(Set.of("a9"), kept.aislesHot());
    }

    @Test
    void standaloneRacksCountAsAnAisle() {
        Targets t = Targets.of(List.of(Target.node("s", "room", "a1", "r1", "d1", "n1"),
                Target.node("s", "room", Targets.STANDALONE, "r2", "d2", "n2")));
        assertEquals(List.of("a1", "standalone"), t.aisleIds());
    }
}
