package dev.rackscope.slurm;

import static dev.rackscope.slurm.Fixtures.failure;
import static dev.rackscope.slurm.Fixtures.map;
import static dev.rackscope.slurm.Fixtures.series;
import static dev.rackscope.slurm.Fixtures.success;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.rackscope.api.telemetry.QueryResult;
import dev.rackscope.api.telemetry.Series;
import dev.rackscope.slurm.SlurmNodes.NodeState;
import dev.rackscope.slurm.SlurmNodes.Observation;

/** Series filter, mapping, state building, room states and partition counts (§3.2, §3.7, §4.1, §4.3, §6.14–20). */
class SlurmNodesTest {

    private static final SlurmConfig CONFIG = SlurmConfig.defaults();
    private static final SlurmStatus STATUS = new SlurmStatus(CONFIG.statusMap());

    private static List<Observation> observe(QueryResult r, NodeMapping mapping) {
        return SlurmNodes.observe(r, CONFIG, mapping, STATUS);
    }

    private static List<Observation> observe(Series... s) {
        return observe(success(s), NodeMapping.EMPTY);
    }

    private static Map<String, NodeState> states(Set<String> allowed, Series... s) {
        return SlurmNodes.states(observe(s), allowed);
    }

    @Test
    void successWithOneSeriesGivesThatSeries() { // §6.14
        List<Observation> o = observe(series("node01", "idle", "all"));
        assertEquals(1, o.size());
        assertEquals(new Observation("node01", "idle", STATUS.classify("idle"), "all"), o.get(0));
    }

    @Test
    void failureAndEmptySuccessGiveNothing() { // §6.14
        assertEquals(List.of(), observe(failure("connection refused"), NodeMapping.EMPTY));
        assertEquals(List.of(), observe(new QueryResult(true, "vector", null, null, Fixtures.json("{\"data\":{}}")),
                NodeMapping.EMPTY));
    }

    @Test
    void allSeriesGivesStatusAll() { // §6.15
        NodeState s = states(null, series("node01", "idle", "all")).get("node01");
        assertEquals(new NodeState("idle", "OK", "idle", "OK", List.of("idle"), List.of("all"), List.of()), s);
    }

    @Test
    void mappedNamesReplaceSlurmNames() { // §6.16
        NodeMapping m = NodeMapping.of(map("mappings", List.of(map("node", "slurm-node-01", "instance", "node01"))));
        Map<String, NodeState> s = SlurmNodes.states(observe(success(series("slurm-node-01", "idle", "all")), m), null);
        assertEquals(Set.of("node01"), s.keySet());
    }

    @Test
    void allowedSetFiltersNodes() { // §6.17
        Map<String, NodeState> s = states(Set.of("node01"), series("node01", "idle", "all"),
                series("node02", "down", "all"));
        assertEquals(Set.of("node01"), s.keySet());
    }

    @Test
    void emptyAllowedSetFiltersEverything() {
        assertEquals(Map.of(), states(Set.of(), series("node01", "idle", "all")));
    }

    @Test
    void zeroValuedSeriesIsIgnored() { // §6.18
        assertEquals(Map.of(), states(null, series("node01", "idle", "all", "0")));
    }

    @Test
    void worstSeriesWins() { // §6.19
        NodeState s = states(null, series("node01", "idle", "compute"), series("node01", "down", "all")).get("node01");
        assertEquals("down", s.status());
        assertEquals("CRIT", s.severity());
        assertEquals(List.of("down", "idle"), s.statuses());
        assertEquals(List.of("all", "compute"), s.partitions());
    }

    @Test
    void noResultsGiveNoStates() { // §6.20
        assertEquals(Map.of(), states(null));
    }

    @Test
    void onATieTheFirstSeenStatusIsKept() {
        NodeState s = states(null, series("n1", "allocated", "a"), series("n1", "idle", "b")).get("n1");
        assertEquals("allocated", s.status());
        NodeState t = states(null, series("n1", "custom", "a"), series("n1", "future", "b")).get("n1");
        assertEquals("custom", t.status());
    }

    @Test
    void infoRanksLikeUnknownSoALaterOkReplacesIt() { // §3.6, §6.7
        SlurmStatus status = new SlurmStatus(Map.of("info", List.of("planned"), "ok", List.of("idle")));
        List<Observation> o = SlurmNodes.observe(success(series("n1", "planned", "a"), series("n1", "idle", "b")),
                CONFIG, NodeMapping.EMPTY, status);
        assertEquals("idle", SlurmNodes.states(o, null).get("n1").status());
    }

    @Test
    void theWorstAllSeriesIsKeptFixedPer75() { // the original kept the last "all" series
        NodeState s = states(null, series("n1", "down", "all"), series("n1", "idle", "all")).get("n1");
        assertEquals("down", s.statusAll());
        assertEquals("CRIT", s.severityAll());
    }

    @Test
    void reportedStatusPrefersTheAllPartition() {
        NodeState s = states(null, series("n1", "down", "batch"), series("n1", "idle", "all")).get("n1");
        assertEquals("down", s.status());
        assertEquals("idle", s.reportedStatus());
        assertEquals("OK", s.reportedSeverity());
        NodeState t = states(null, series("n1", "down", "batch")).get("n1");
        assertNull(t.statusAll());
        assertEquals("down", t.reportedStatus());
    }

    @Test
    void statusesAreRawDistinctSortedAndPartitionsSkipEmptyLabels() {
        NodeState s = states(null, series("n1", "IDLE*", "b"), series("n1", "idle", "a"), series("n1", "IDLE*", "b"),
                series("n1", "idle", "")).get("n1");
        assertEquals(List.of("IDLE*", "idle"), s.statuses());
        assertEquals(List.of("a", "b"), s.partitions());
        assertEquals("idle", s.status());
        assertEquals("CRIT", s.severity());
        assertEquals(List.of("*"), s.flags());
    }

    @Test
    void flagsOfEverySeriesAreCollected() {
        NodeState s = states(null, series("n1", "idle~", "a"), series("n1", "idle#", "all")).get("n1");
        assertEquals(List.of("#", "~"), s.flags());
        assertEquals("idle", s.status());
        assertEquals("OK", s.severity());
    }

    @Test
    void seriesWithoutNodeOrWithBadValuesAreSkipped() {
        List<Series> s = new ArrayList<>();
        s.add(series(null, "idle", "all"));
        s.add(series("", "idle", "all"));
        s.add(series("n-nan", "idle", "all", "NaN"));
        s.add(series("n-neg", "idle", "all", "-1"));
        s.add(series("n-neginf", "idle", "all", "-Inf"));
        s.add(series("n-text", "idle", "all", "abc"));
        s.add(series("n-none", "idle", "all", null));
        s.add(series("n-inf", "idle", "all", "+Inf"));
        s.add(series("n-half", "idle", "all", "0.5"));
        s.add(series("n-exp", "idle", "all", "1e3"));

        Map<String, NodeState> states = SlurmNodes.states(observe(success(s), NodeMapping.EMPTY), null);

        assertEquals(List.of("n-inf", "n-half", "n-exp"), List.copyOf(states.keySet()), "NaN is dropped (§7.8)");
    }

    @Test
    void missingStatusLabelIsUnknownAndMissingPartitionIsNone() {
        NodeState s = states(null, series("n1", null, null)).get("n1");
        assertEquals("unknown", s.status());
        assertEquals("CRIT", s.severity(), "'unknown' is in the default crit list");
        assertEquals(List.of("unknown"), s.statuses());
        assertEquals(List.of(), s.partitions());
    }

    @Test
    void nodesKeepFirstSeenOrder() {
        Map<String, NodeState> s = states(null, series("b", "idle", "all"), series("a", "idle", "all"),
                series("b", "down", "x"));
        assertEquals(List.of("b", "a"), List.copyOf(s.keySet()));
    }

    @Test
    void sortingIsByCodePoint() {
        assertEquals(-1, Integer.signum(SlurmNodes.compareCodePoints("B", "a")));
        assertEquals(1, Integer.signum(SlurmNodes.compareCodePoints("\uD83D\uDE00", "\uFFFD")));
        assertEquals(-1, Integer.signum(SlurmNodes.compareCodePoints("ab", "abc")));
    }

    // ----------------------------------------------------------------------------------- room states

    @Test
    void roomStatesSeedEveryRoomNodeAndIgnoreOthers() { // §4.1
        Set<String> room = new LinkedHashSet<>(List.of("node01", "node02", "node03"));
        Map<String, NodeState> s = SlurmNodes.roomStates(observe(series("node01", "idle", "all"),
                series("node02", "allocated", "compute"), series("node02", "mixed", "all"),
                series("elsewhere", "down", "all")), room);

        assertEquals(List.of("node01", "node02", "node03"), List.copyOf(s.keySet()));
        assertEquals("idle", s.get("node01").status());
        assertEquals("mixed", s.get("node02").status());
        assertEquals("WARN", s.get("node02").severity());
        assertEquals(new NodeState("unknown", "UNKNOWN", null, null, List.of(), List.of(), List.of()), s.get("node03"));
    }

    @Test
    void roomStatesHaveNoAllPreference() {
        Map<String, NodeState> s = SlurmNodes.roomStates(observe(series("n1", "down", "batch"),
                series("n1", "idle", "all")), Set.of("n1"));
        assertEquals("down", s.get("n1").status());
        assertNull(s.get("n1").statusAll());
    }

    @Test
    void aSeededNodeShowsItsInfoStatusFixedPer73() { // the original kept unknown/UNKNOWN
        SlurmStatus status = new SlurmStatus(Map.of("info", List.of("planned")));
        List<Observation> o = SlurmNodes.observe(success(series("n1", "planned", "a")), CONFIG, NodeMapping.EMPTY,
                status);
        NodeState s = SlurmNodes.roomStates(o, Set.of("n1")).get("n1");
        assertEquals("planned", s.status());
        assertEquals("INFO", s.severity());
    }

    @Test
    void anEmptyRoomHasNoNodesFixedPer74() { // the original returned every node of the cluster
        assertEquals(Map.of(), SlurmNodes.roomStates(observe(series("n1", "idle", "all")), Set.of()));
    }

    // ------------------------------------------------------------------------------------- partitions

    @Test
    void partitionsCountSeriesPerNormalisedStatus() { // §4.3, §6.27
        Map<String, Map<String, Integer>> p = SlurmNodes.partitions(observe(series("node01", "idle", "all"),
                series("node02", "allocated", "compute"), series("node03", "ALLOC*", "compute"),
                series("node04", "idle~", null)), null);

        Map<String, Map<String, Integer>> expected = new LinkedHashMap<>();
        expected.put("all", Map.of("idle", 1));
        expected.put("compute", Map.of("allocated", 2));
        expected.put("unknown", Map.of("idle", 1));
        assertEquals(expected, p);
    }

    @Test
    void partitionsCountSeriesNotNodes() { // §7.7 kept: the wire meaning of the counts
        Map<String, Map<String, Integer>> p = SlurmNodes.partitions(observe(series("n1", "idle", "batch"),
                series("n1", "mixed", "batch")), null);
        assertEquals(Map.of("batch", Map.of("idle", 1, "mixed", 1)), p);
    }

    @Test
    void partitionsHonourTheRoomFilter() {
        List<Observation> o = observe(series("n1", "idle", "all"), series("n2", "idle", "all"));
        assertEquals(Map.of("all", Map.of("idle", 1)), SlurmNodes.partitions(o, Set.of("n2")));
        assertEquals(Map.of(), SlurmNodes.partitions(o, Set.of()));
    }
}
