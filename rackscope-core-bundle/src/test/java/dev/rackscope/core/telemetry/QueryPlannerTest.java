package dev.rackscope.core.telemetry;

import static dev.rackscope.core.telemetry.TelemetryFixtures.check;
import static dev.rackscope.core.telemetry.TelemetryFixtures.device;
import static dev.rackscope.core.telemetry.TelemetryFixtures.expand;
import static dev.rackscope.core.telemetry.TelemetryFixtures.rack;
import static dev.rackscope.core.telemetry.TelemetryFixtures.rule;
import static dev.rackscope.core.telemetry.TelemetryFixtures.topology;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.rackscope.api.model.CheckDefinition;
import dev.rackscope.core.telemetry.CheckTargets.Targets;
import dev.rackscope.core.telemetry.QueryPlanner.Plan;

class QueryPlannerTest {

    private static PlannerConfig config(int maxIds, String job) {
        return new PlannerConfig("instance", "rack_id", "chassis_id", job, null, 0, maxIds);
    }

    @Test
    void acceptance2InstancesAreChunkedByMaxIds() {
        TopologyIds ids = TopologyIds.of(topology(rack("r1", device("d1", List.of("a", "b", "c")))));
        CheckDefinition up = check("node_up", "node", "up{instance=~\"$instances\"}", rule("==", 0, "CRIT"));
        Plan plan = QueryPlanner.plan(List.of(up), null, ids, config(2, ".*"));
        assertEquals(List.of("up{instance=~\"^(?:[ab])$\"}", "up{instance=~\"^(?:c)$\"}"), plan.mainExpressions());
        assertEquals(2, plan.stats().queryCount());
        assertEquals(3 + 1 + 1, plan.stats().totalIds());
        assertEquals(2, plan.stats().maxIdsPerQuery());
    }

    @Test
    void acceptance3JobsUsesJobRegexAndEmptyIdsGiveDotStar() {
        assertEquals(List.of("up{job=~\"^(?:node)$\",instance=~\".*\"}"),
                QueryPlanner.expand("up{job=~\"$jobs\",instance=~\"$instances\"}", "node", List.of(), List.of(),
                        List.of(), 50));
        assertEquals(List.of("up{job=~\"^(?:.*)$\"}"),
                QueryPlanner.expand("up{job=~\"$jobs\"}", ".*", List.of(), List.of(), List.of(), 50));
        assertEquals(List.of("up{job=~\"^(?:node|rackscope-simulator)$\"}"),
                QueryPlanner.expand("up{job=~\"$jobs\"}", "node|rackscope-simulator", List.of(), List.of(),
                        List.of(), 50));
    }

    @Test
    void severalPlaceholdersGiveTheCrossProductInFixedOrder() {
        List<String> out = QueryPlanner.expand("m{instance=~\"$instances\",rack_id=~\"$racks\",c=~\"$chassis\"}",
                ".*", List.of("n1", "n2", "n3"), List.of("r1", "r2"), List.of(), 2);
        assertEquals(List.of(
                "m{instance=~\"^(?:n[1-2])$\",rack_id=~\"^(?:r[1-2])$\",c=~\".*\"}",
                "m{instance=~\"^(?:n3)$\",rack_id=~\"^(?:r[1-2])$\",c=~\".*\"}"), out);
        List<String> cross = QueryPlanner.expand("m{i=~\"$instances\",r=~\"$racks\"}", ".*",
                List.of("a", "b"), List.of("x", "y"), List.of(), 1);
        assertEquals(List.of("m{i=~\"^(?:a)$\",r=~\"^(?:x)$\"}", "m{i=~\"^(?:a)$\",r=~\"^(?:y)$\"}",
                "m{i=~\"^(?:b)$\",r=~\"^(?:x)$\"}", "m{i=~\"^(?:b)$\",r=~\"^(?:y)$\"}"), cross);
    }

    @Test
    void everyOccurrenceOfAPlaceholderIsReplacedAndAbsentOnesAreSkipped() {
        assertEquals(List.of("a{i=~\"^(?:n1)$\"} / b{i=~\"^(?:n1)$\"}"),
                QueryPlanner.expand("a{i=~\"$instances\"} / b{i=~\"$instances\"}", ".*", List.of("n1"), List.of(),
                        List.of(), 10));
        assertEquals(List.of("plain"), QueryPlanner.expand("plain", ".*", List.of("n1"), List.of(), List.of(), 10));
    }

    @Test
    void targetsModeUsesTheChecksOwnListsAndSkipsChecksWithoutTargets() {
        TopologyIds ids = TopologyIds.of(topology(rack("r1", device("d1", "n[1-3]"))));
        CheckDefinition up = check("node_up", "node", "up{instance=~\"$instances\"}");
        CheckDefinition other = check("other", "node", "x{instance=~\"$instances\"}");
        CheckDefinition rackCheck = check("rack_power", "rack", "p{rack_id=~\"$racks\"}");
        Map<String, Targets> targets = Map.of(
                "node_up", new Targets(List.of("n2"), List.of(), List.of()),
                "rack_power", new Targets(List.of("n1"), List.of(), List.of()));
        Plan plan = QueryPlanner.plan(List.of(up, other, rackCheck), targets, ids, config(50, ".*"));
        assertEquals(List.of("up{instance=~\"^(?:n2)$\"}"), plan.mainExpressions());
        assertEquals(1, plan.stats().queryCount());
        assertEquals(2, plan.stats().totalIds()); // n2 and n1, from every target list
    }

    @Test
    void targetIdsAreCountedUniquePerScope() {
        Map<String, Targets> targets = Map.of(
                "a", new Targets(List.of("n1", "n2"), List.of("d1"), List.of("r1")),
                "b", new Targets(List.of("n2", "n3"), List.of("d1"), List.of("r2")));
        assertEquals(3 + 1 + 2, QueryPlanner.countTargetIds(targets));
    }

    @Test
    void emptyTargetsPlanNothing() {
        TopologyIds ids = TopologyIds.of(topology(rack("r1", device("d1", "n1"))));
        Plan plan = QueryPlanner.plan(List.of(check("node_up", "node", "up")), Map.of(), ids, config(50, ".*"));
        assertTrue(plan.mainExpressions().isEmpty());
        assertEquals(0, plan.stats().queryCount());
        assertEquals(0, plan.stats().totalIds());
    }

    @Test
    void emptyExpressionIsCountedButPlanned() {
        TopologyIds ids = TopologyIds.of(topology(rack("r1", device("d1", "n1"))));
        Plan plan = QueryPlanner.plan(List.of(check("empty", "node", null)), null, ids, config(50, ".*"));
        assertEquals(List.of(""), plan.mainExpressions());
        assertEquals(1, plan.stats().queryCount());
    }

    @Test
    void discoveryQueriesSubstituteOnlyInstancesAndAreNotCounted() {
        TopologyIds ids = TopologyIds.of(topology(rack("r1", device("d1", List.of("da01", "da02", "da03")))));
        CheckDefinition drive = expand(check("drive", "node", "d{instance=~\"$instances\"} == 1", rule("==", 1,
                "CRIT")), "slot", "d{instance=~\"$instances\",job=~\"$jobs\"}", "OK", null);
        Plan plan = QueryPlanner.plan(List.of(drive), null, ids, config(2, "x"));
        assertEquals(List.of("d{instance=~\"^(?:da0[1-2])$\",job=~\"$jobs\"}", "d{instance=~\"^(?:da03)$\",job=~\"$jobs\"}"),
                plan.discoveryExpressions());
        assertEquals(2, plan.stats().queryCount());

        Plan targeted = QueryPlanner.plan(List.of(drive), Map.of("drive", new Targets(List.of("da02"), List.of(),
                List.of())), ids, config(2, "x"));
        assertEquals(List.of("d{instance=~\"^(?:da02)$\",job=~\"$jobs\"}"), targeted.discoveryExpressions());
        assertTrue(QueryPlanner.plan(List.of(drive), Map.of(), ids, config(2, "x")).discoveryExpressions().isEmpty());
    }
}
