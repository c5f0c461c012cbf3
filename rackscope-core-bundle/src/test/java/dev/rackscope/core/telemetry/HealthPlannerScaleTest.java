package dev.rackscope.core.telemetry;

import static dev.rackscope.core.telemetry.TelemetryFixtures.appConfig;
import static dev.rackscope.core.telemetry.TelemetryFixtures.catalog;
import static dev.rackscope.core.telemetry.TelemetryFixtures.check;
import static dev.rackscope.core.telemetry.TelemetryFixtures.device;
import static dev.rackscope.core.telemetry.TelemetryFixtures.deviceTemplate;
import static dev.rackscope.core.telemetry.TelemetryFixtures.rack;
import static dev.rackscope.core.telemetry.TelemetryFixtures.rule;
import static dev.rackscope.core.telemetry.TelemetryFixtures.series;
import static dev.rackscope.core.telemetry.TelemetryFixtures.snapshot;
import static dev.rackscope.core.telemetry.TelemetryFixtures.withFor;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.rackscope.api.model.CheckDefinition;
import dev.rackscope.api.model.Device;
import dev.rackscope.api.model.Rack;
import dev.rackscope.api.model.Topology;
import dev.rackscope.api.snapshot.Snapshot;
import dev.rackscope.api.telemetry.QueryResult;
import dev.rackscope.api.telemetry.Series;
import dev.rackscope.api.telemetry.Severity;
import dev.rackscope.core.telemetry.CheckTargets.Targets;
import dev.rackscope.core.telemetry.QueryPlanner.CheckQueries;
import dev.rackscope.core.telemetry.TelemetryFixtures.ManualClock;

/**
 * A 15,000-node topology with 10 checks, in targets mode as the endpoints run it. Asserts correctness only;
 * the CPU time per cycle is printed for information (no wall-clock assertions).
 */
class HealthPlannerScaleTest {

    @Test
    void fifteenThousandNodesWithTenChecks() {
        List<Rack> racks = new ArrayList<>();
        int n = 0;
        for (int r = 0; r < 375; r++) {
            List<Device> devices = new ArrayList<>();
            for (int d = 0; d < 10; d++) {
                String pattern = String.format("cn[%05d-%05d]", n + 1, n + 4);
                devices.add(device(String.format("c%04d-%02d", r, d), "srv", pattern));
                n += 4;
            }
            racks.add(rack(String.format("r%04d", r), devices.toArray(new Device[0])));
        }
        Topology topo = TelemetryFixtures.topology(racks.toArray(new Rack[0]));
        List<CheckDefinition> checks = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            CheckDefinition c = check("node_check_" + i, "node", "m" + i + "{instance=~\"$instances\"}",
                    rule("==", 1, "WARN"), rule("==", 2, "CRIT"));
            checks.add(i % 2 == 0 ? withFor(c, "1m") : c);
        }
        checks.add(check("ipmi_sensor_state", "node", "ipmi{instance=~\"$instances\"}", rule("==", 1, "WARN"),
                rule("==", 2, "CRIT")));
        checks.add(check("chassis_psu", "chassis", "psu{chassis_id=~\"$chassis\"}", rule(">", 0, "CRIT")));
        checks.add(check("rack_power", "rack", "power{rack_id=~\"$racks\"}", rule(">", 15000, "WARN")));
        List<String> ids = checks.stream().map(CheckDefinition::id).toList();
        Snapshot cfg = snapshot(appConfig(200), topo,
                catalog(List.of(deviceTemplate("srv", ids.toArray(new String[0]))), List.of(), List.of()),
                checks.toArray(new CheckDefinition[0]));
        Map<String, Targets> targets = CheckTargets.collect(cfg);
        assertEquals(15_000, targets.get("node_check_0").node().size());

        // canned answers: every id of the chunk gets a series (ipmi: two per node); every 100th node is CRIT
        Map<String, QueryResult> answers = new HashMap<>();
        TopologyIds topoIds = TopologyIds.of(topo);
        var plan = QueryPlanner.plan(checks, targets, topoIds, PlannerConfig.from(cfg.config()));
        for (CheckQueries cq : plan.main()) {
            CheckDefinition c = cq.check();
            Targets t = targets.get(c.id());
            List<String> scopeIds = t.forScope(c.scope());
            String label = PlannerConfig.from(cfg.config()).labelFor(c.scope());
            for (int i = 0; i < cq.expressions().size(); i++) {
                List<Series> items = new ArrayList<>();
                for (String id : scopeIds.subList(i * 200, Math.min(scopeIds.size(), (i + 1) * 200))) {
                    boolean bad = id.hashCode() % 100 == 0;
                    items.add(series(bad ? "2" : "0", label, id, "name", "a"));
                    if (c.id().equals("ipmi_sensor_state")) {
                        items.add(series("0", label, id, "name", "b"));
                    }
                }
                answers.put(cq.expressions().get(i), new QueryResult(true, "vector", items, null, null));
            }
        }
        ManualClock clock = new ManualClock();
        HealthPlanner planner = new HealthPlanner(clock);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        HealthSnapshot last = null;
        long best = Long.MAX_VALUE;
        long first = -1;
        for (int cycle = 0; cycle < 12; cycle++) {
            long cpu0 = mx.getCurrentThreadCpuTime();
            last = planner.recompute(cfg, targets, answers::get);
            long cpu = mx.getCurrentThreadCpuTime() - cpu0;
            best = Math.min(best, cpu);
            first = first < 0 ? cpu : first;
            clock.advanceSeconds(30);
        }
        System.out.printf("HealthPlannerScaleTest: %d node states, %d queries, first cycle (plan built, cold JIT)"
                + " %.1f ms CPU, best cycle %.1f ms CPU%n", last.nodeStates().size(),
                planner.lastBatch().queryCount(), first / 1e6, best / 1e6);
        assertEquals(15_000, last.nodeStates().size());
        assertEquals(8 * 75 + 19 + 2, planner.lastBatch().queryCount());
        long crit = last.nodeStates().values().stream().filter(s -> s == Severity.CRIT).count();
        long expected = topoIds.nodeIds().stream().filter(id -> id.hashCode() % 100 == 0).count();
        assertEquals(expected, crit);
        assertEquals(375, last.rackStates().size());
        assertEquals(3750, last.chassisStates().size());
    }
}
