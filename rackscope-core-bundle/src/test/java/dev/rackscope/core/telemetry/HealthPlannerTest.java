package dev.rackscope.core.telemetry;

import static dev.rackscope.api.telemetry.Severity.CRIT;
import static dev.rackscope.api.telemetry.Severity.OK;
import static dev.rackscope.api.telemetry.Severity.UNKNOWN;
import static dev.rackscope.api.telemetry.Severity.WARN;
import static dev.rackscope.core.telemetry.TelemetryFixtures.appConfig;
import static dev.rackscope.core.telemetry.TelemetryFixtures.check;
import static dev.rackscope.core.telemetry.TelemetryFixtures.device;
import static dev.rackscope.core.telemetry.TelemetryFixtures.error;
import static dev.rackscope.core.telemetry.TelemetryFixtures.expand;
import static dev.rackscope.core.telemetry.TelemetryFixtures.node;
import static dev.rackscope.core.telemetry.TelemetryFixtures.ok;
import static dev.rackscope.core.telemetry.TelemetryFixtures.rack;
import static dev.rackscope.core.telemetry.TelemetryFixtures.rule;
import static dev.rackscope.core.telemetry.TelemetryFixtures.series;
import static dev.rackscope.core.telemetry.TelemetryFixtures.snapshot;
import static dev.rackscope.core.telemetry.TelemetryFixtures.topology;
import static dev.rackscope.core.telemetry.TelemetryFixtures.withFor;
import static dev.rackscope.core.telemetry.TelemetryFixtures.withSelectors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.rackscope.api.model.CheckDefinition;
import dev.rackscope.api.model.Topology;
import dev.rackscope.api.snapshot.Snapshot;
import dev.rackscope.api.telemetry.QueryResult;
import dev.rackscope.api.telemetry.Severity;
import dev.rackscope.core.telemetry.CheckTargets.Targets;
import dev.rackscope.core.telemetry.HealthPlanner.PendingState;
import dev.rackscope.core.telemetry.TelemetryFixtures.FakeProm;
import dev.rackscope.core.telemetry.TelemetryFixtures.ManualClock;

/** The planner acceptance cases of telemetry.md §5 (4–24), cache_ttl 0 unless stated. */
class HealthPlannerTest {

    static final CheckDefinition NODE_UP = check("node_up", "node", "up{job=~\"$jobs\",instance=~\"$instances\"}",
            rule("==", 0, "CRIT"));
    static final CheckDefinition TEMP = check("temp", "node", "node_temp{instance=~\"$instances\"}",
            rule(">", 75, "WARN"), rule(">", 90, "CRIT"));
    static final CheckDefinition DRIVE = expand(check("eseries_drive_status", "node",
            "eseries_drive_status{instance=~\"$instances\",status!~\"optimal\"} == 1", rule("==", 1, "CRIT")),
            "slot", null, null, null);

    static final Topology ONE_NODE = topology(rack("rack01", device("dev1", "compute001")));

    final ManualClock clock = new ManualClock();
    final HealthPlanner planner = new HealthPlanner(clock);

    HealthSnapshot run(Snapshot cfg, FakeProm prom) {
        return planner.recompute(cfg, null, prom);
    }

    // ------------------------------------------------------------------ 4–6 evaluation and recording

    @Test
    void acceptance4UpZeroIsCritWithAlertAndUpOneIsOkWithoutAlert() {
        Snapshot cfg = snapshot(ONE_NODE, NODE_UP);
        HealthSnapshot s = run(cfg, new FakeProm().on("up{", node("compute001", "0")));
        assertEquals(CRIT, s.nodeStates().get("compute001"));
        assertEquals(Map.of("node_up", CRIT), s.nodeAlerts().get("compute001"));
        assertEquals(Map.of("node_up", CRIT), s.nodeChecks().get("compute001"));

        s = run(cfg, new FakeProm().on("up{", node("compute001", "1")));
        assertEquals(OK, s.nodeStates().get("compute001"));
        assertEquals(Map.of("node_up", OK), s.nodeChecks().get("compute001"));
        assertFalse(s.nodeAlerts().containsKey("compute001"));
    }

    @Test
    void acceptance5WarnCritWorstSeriesAndNan() {
        Snapshot cfg = snapshot(ONE_NODE, TEMP);
        assertEquals(WARN, run(cfg, new FakeProm().on("node_temp", node("compute001", "80")))
                .nodeStates().get("compute001"));
        assertEquals(CRIT, run(cfg, new FakeProm().on("node_temp", node("compute001", "95")))
                .nodeStates().get("compute001"));
        HealthSnapshot both = run(cfg, new FakeProm().on("node_temp", node("compute001", "80"),
                node("compute001", "95")));
        assertEquals(CRIT, both.nodeStates().get("compute001"));
        assertEquals(Map.of("temp", CRIT), both.nodeChecks().get("compute001"));
        assertEquals(Map.of("temp", CRIT), both.nodeAlerts().get("compute001"));
        assertEquals(OK, run(cfg, new FakeProm().on("node_temp", node("compute001", "NaN")))
                .nodeStates().get("compute001"));
    }

    @Test
    void acceptance6MissingValueBadRuleValueAndUnknownRule() {
        Snapshot cfg = snapshot(ONE_NODE, NODE_UP);
        HealthSnapshot s = run(cfg, new FakeProm().on("up{", new dev.rackscope.api.telemetry.Series(
                Map.of("instance", "compute001"), null, null, null)));
        assertEquals(UNKNOWN, s.nodeStates().get("compute001"));
        assertEquals(Map.of("node_up", UNKNOWN), s.nodeChecks().get("compute001"));

        CheckDefinition abc = check("abc", "node", "x{instance=~\"$instances\"}", rule("==", "abc", "CRIT"));
        assertEquals(OK, run(snapshot(ONE_NODE, abc), new FakeProm().on("x{", node("compute001", "0")))
                .nodeStates().get("compute001"));
        CheckDefinition ne = check("ne", "node", "x{instance=~\"$instances\"}", rule("!=", 1, "UNKNOWN"));
        assertEquals(UNKNOWN, run(snapshot(ONE_NODE, ne), new FakeProm().on("x{", node("compute001", "5")))
                .nodeStates().get("compute001"));
    }

    // ------------------------------------------------------------------ 7–8 unknowns

    @Test
    void acceptance7AbsentNodeGetsUnknownStateAndAnErrorReplyMeansUnknown() {
        Topology topo = topology(rack("rack01", device("dev1", List.of("n1", "n2"))));
        HealthSnapshot s = run(snapshot(topo, NODE_UP), new FakeProm().on("up{", node("n1", "1")));
        assertEquals(OK, s.nodeStates().get("n1"));
        assertEquals(UNKNOWN, s.nodeStates().get("n2"));

        s = run(snapshot(topo, NODE_UP), new FakeProm().on("up{", error()));
        assertEquals(UNKNOWN, s.nodeStates().get("n1"));
        assertEquals(UNKNOWN, s.rackStates().get("rack01"));
        assertEquals(OK, RollUp.roomState(topo, "room1", s.rackStates()), "Prometheus down: rooms read OK");
    }

    @Test
    void unknownStateComesFromConfig() {
        Topology topo = topology(rack("rack01", device("dev1", List.of("n1", "n2"))));
        Snapshot cfg = snapshot(appConfig("OK", 0, 50, ".*"), topo, null, NODE_UP);
        HealthSnapshot s = run(cfg, new FakeProm().on("up{", error()));
        assertEquals(OK, s.nodeStates().get("n1"));
        assertEquals(OK, s.chassisStates().get("dev1"));
        assertEquals(OK, s.rackStates().get("rack01"));
        assertEquals(OK, s.deviceState("rack01", "dev1"));
    }

    @Test
    void builtInDefaultsApplyWithoutAppConfig() {
        Snapshot cfg = snapshot(null, ONE_NODE, null, NODE_UP);
        FakeProm prom = new FakeProm().on("up{", node("compute001", "0"));
        HealthSnapshot s = run(cfg, prom);
        assertEquals(CRIT, s.nodeStates().get("compute001"));
        assertEquals(List.of("up{job=~\"^(?:.*)$\",instance=~\"^(?:compute001)$\"}"), prom.queries);
        assertEquals(50, planner.lastBatch().maxIdsPerQuery());
    }

    @Test
    void acceptance8EmptyTopologyGivesEmptyMaps() {
        HealthSnapshot s = run(snapshot(Topology.EMPTY, NODE_UP), new FakeProm());
        assertTrue(s.nodeStates().isEmpty());
        assertTrue(s.chassisStates().isEmpty());
        assertTrue(s.rackStates().isEmpty());
        assertTrue(s.deviceStates().isEmpty());
    }

    // ------------------------------------------------------------------ 9 rack derivation

    static final CheckDefinition RACK_CHECK = check("rack_power", "rack", "p{rack_id=~\"$racks\"}",
            rule(">", 15000, "CRIT"), rule(">", 10000, "WARN"));

    @Test
    void acceptance9RackDerivation() {
        Topology topo = topology(rack("r1", device("d1", List.of("a", "b"))), rack("empty"));
        Snapshot nodesOnly = snapshot(topo, NODE_UP);
        assertEquals(OK, run(nodesOnly, new FakeProm().on("up{", node("a", "1"), node("b", "1")))
                .rackStates().get("r1"), "all nodes OK, no rack check");
        assertEquals(CRIT, run(nodesOnly, new FakeProm().on("up{", node("a", "0"), node("b", "1")))
                .rackStates().get("r1"), "one node CRIT");
        assertEquals(UNKNOWN, run(nodesOnly, new FakeProm()).rackStates().get("empty"), "no nodes, no checks");
        assertEquals(UNKNOWN, run(nodesOnly, new FakeProm().on("up{", node("a", "1"))).rackStates().get("r1"),
                "nodes OK plus UNKNOWN");

        Snapshot withRack = snapshot(topo, NODE_UP, RACK_CHECK);
        FakeProm nodesOk = new FakeProm().on("up{", node("a", "1"), node("b", "1"));
        assertEquals(WARN, run(withRack, nodesOk.on("p{", series("12000", "rack_id", "r1")))
                .rackStates().get("r1"), "rack check WARN, nodes OK");
        assertEquals(CRIT, run(withRack, new FakeProm().on("up{", node("a", "1"), node("b", "1"))
                .on("p{", series("20000", "rack_id", "r1"))).rackStates().get("r1"), "rack check CRIT, nodes OK");
        assertEquals(OK, run(withRack, new FakeProm().on("up{", node("a", "1"))
                .on("p{", series("1", "rack_id", "r1"))).rackStates().get("r1"), "rack check OK, a node UNKNOWN");
        assertEquals(CRIT, run(withRack, new FakeProm().on("up{", node("a", "0"), node("b", "1"))
                .on("p{", series("12000", "rack_id", "r1"))).rackStates().get("r1"), "rack WARN, node CRIT");
    }

    // ------------------------------------------------------------------ 10–11 keys

    @Test
    void acceptance10SelectorKeysTheResult() {
        CheckDefinition leak = withSelectors(check("sequana3_leak", "rack", "leak{sequana_rack_id=~\"$racks\"}",
                rule(">=", 1, "CRIT"), rule(">=", 0.5, "WARN")), "sequana_rack_id");
        Topology topo = topology(rack("rack02", device("d1", "n1")));
        HealthSnapshot s = run(snapshot(topo, leak), new FakeProm().on("leak{",
                series("0.7", "sequana_rack_id", "rack02", "rack_id", "other")));
        assertEquals(WARN, s.rackStates().get("rack02"));
        assertEquals(Map.of("sequana3_leak", WARN), s.rackAlerts().get("rack02"));
        assertFalse(s.rackStates().containsKey("other"));
    }

    @Test
    void acceptance11LabelLessFallbackSeriesIsIgnored() {
        CheckDefinition pdu = check("pdu_power_present", "rack",
                "sum by (rack_id)(pdu{rack_id=~\"$racks\"}) or on() vector(0)", rule("==", 0, "WARN"));
        Topology topo = topology(rack("r1"));
        HealthSnapshot s = run(snapshot(topo, pdu), new FakeProm().on("pdu{", series("0")));
        assertEquals(UNKNOWN, s.rackStates().get("r1"));
        assertTrue(s.rackAlerts().isEmpty());
    }

    @Test
    void keysAreNotCheckedAgainstTheTopology() {
        CheckDefinition all = check("up_all", "node", "up", rule("==", 0, "CRIT"));
        HealthSnapshot s = run(snapshot(ONE_NODE, all), new FakeProm().on("up", node("stranger", "0")));
        assertEquals(CRIT, s.nodeStates().get("stranger"));
        assertEquals(UNKNOWN, s.nodeStates().get("compute001"));
    }

    @Test
    void chassisScopeKeysByChassisLabel() {
        CheckDefinition ct = check("chassis_temp", "chassis", "ct{chassis_id=~\"$chassis\"}", rule(">", 80, "CRIT"));
        Topology topo = topology(rack("r1", device("d1", "n1"), device("d2", "n2")));
        FakeProm prom = new FakeProm().on("ct{", series("90", "chassis_id", "d1"), series("10", "chassis_id", "d2"));
        HealthSnapshot s = run(snapshot(topo, ct), prom);
        assertEquals(CRIT, s.chassisStates().get("d1"));
        assertEquals(OK, s.chassisStates().get("d2"));
        assertEquals(Map.of("chassis_temp", CRIT), s.chassisAlerts().get("d1"));
        assertEquals(Map.of("chassis_temp", OK), s.chassisChecks().get("d2"));
        assertEquals(UNKNOWN, s.rackStates().get("r1"), "chassis states never feed rack states");
        assertEquals(List.of("ct{chassis_id=~\"^(?:d[1-2])$\"}"), prom.queries);
    }

    // ------------------------------------------------------------------ 12–16 virtual nodes

    static final Topology STORAGE = topology(rack("r1", device("da", "da01")));

    @Test
    void acceptance12ExpandByLabelRecordsVirtualNodesAndPropagatesToTheParent() {
        HealthSnapshot s = run(snapshot(STORAGE, DRIVE), new FakeProm().on("eseries_drive_status",
                series("1", "instance", "da01", "slot", "3"), series("1", "instance", "da01", "slot", "7")));
        assertEquals(CRIT, s.nodeStates().get("da01:slot3"));
        assertEquals(CRIT, s.nodeStates().get("da01:slot7"));
        assertEquals(CRIT, s.nodeStates().get("da01"));
        assertEquals(Map.of("eseries_drive_status", CRIT), s.nodeChecks().get("da01:slot3"));
        assertFalse(s.nodeChecks().containsKey("da01"), "no check entry for the parent");
        assertFalse(s.nodeAlerts().containsKey("da01"), "no alert entry for the parent");
        assertEquals(CRIT, s.rackStates().get("r1"));

        s = run(snapshot(STORAGE, DRIVE), new FakeProm().on("eseries_drive_status",
                series("1", "instance", "da01", "slot", "2")));
        assertEquals(Map.of("eseries_drive_status", CRIT), s.nodeChecks().get("da01:slot2"));
        assertEquals(Map.of("eseries_drive_status", CRIT), s.nodeAlerts().get("da01:slot2"));
    }

    @Test
    void acceptance13DiscoveryGivesAbsentSlotsTheirAbsentState() {
        CheckDefinition drive = expand(DRIVE, "slot", "eseries_drive_status{instance=~\"$instances\"}", "OK", null);
        FakeProm prom = new FakeProm().on("status!~", series("1", "instance", "da01", "slot", "3"));
        List<dev.rackscope.api.telemetry.Series> discovered = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            discovered.add(series("1", "instance", "da01", "slot", String.valueOf(i)));
        }
        prom.on("eseries_drive_status{", ok(discovered.toArray(new dev.rackscope.api.telemetry.Series[0])));
        HealthSnapshot s = run(snapshot(STORAGE, drive), prom);
        for (int i : new int[] {1, 2, 4, 5}) {
            assertEquals(OK, s.nodeStates().get("da01:slot" + i));
        }
        assertEquals(CRIT, s.nodeStates().get("da01:slot3"));
        assertEquals(CRIT, s.nodeStates().get("da01"));
        assertEquals(2, prom.queries.size());
    }

    @Test
    void discoveredSlotWithUnknownAbsentStateStaysUnknownAfterAnOkResult() {
        CheckDefinition drive = expand(DRIVE, "slot", "eseries_drive_status{instance=~\"$instances\"}", null, null);
        FakeProm prom = new FakeProm().on("status!~", series("0", "instance", "da01", "slot", "1"))
                .on("eseries_drive_status{", series("1", "instance", "da01", "slot", "1"));
        HealthSnapshot s = run(snapshot(STORAGE, drive), prom);
        assertEquals(UNKNOWN, s.nodeStates().get("da01:slot1"));
    }

    @Test
    void acceptance14WithoutDiscoveryMissingSlotsGetNoEntry() {
        HealthSnapshot s = run(snapshot(STORAGE, DRIVE), new FakeProm().on("eseries_drive_status",
                series("1", "instance", "da01", "slot", "3")));
        assertEquals(CRIT, s.nodeStates().get("da01:slot3"));
        assertFalse(s.nodeStates().containsKey("da01:slot1"));
        assertEquals(List.of("da01", "da01:slot3"), s.nodeStates().keySet().stream().sorted().toList());
    }

    @Test
    void acceptance15CritThreshold() {
        CheckDefinition t3 = expand(DRIVE, "slot", null, null, 3);
        HealthSnapshot two = run(snapshot(STORAGE, t3), new FakeProm().on("eseries", slots(1, 2)));
        assertEquals(WARN, two.nodeStates().get("da01"));
        HealthSnapshot three = run(snapshot(STORAGE, t3), new FakeProm().on("eseries", slots(1, 2, 3)));
        assertEquals(CRIT, three.nodeStates().get("da01"));
        HealthSnapshot one = run(snapshot(STORAGE, DRIVE), new FakeProm().on("eseries", slots(1)));
        assertEquals(CRIT, one.nodeStates().get("da01"));
    }

    private static dev.rackscope.api.telemetry.Series[] slots(int... crit) {
        dev.rackscope.api.telemetry.Series[] out = new dev.rackscope.api.telemetry.Series[crit.length];
        for (int i = 0; i < crit.length; i++) {
            out[i] = series("1", "instance", "da01", "slot", String.valueOf(crit[i]));
        }
        return out;
    }

    @Test
    void acceptance16VirtualNodeCheckReturningNothingLeavesTheParentUnknown() {
        HealthSnapshot s = run(snapshot(STORAGE, DRIVE), new FakeProm());
        assertEquals(UNKNOWN, s.nodeStates().get("da01"));
        assertEquals(Map.of("da01", UNKNOWN), s.nodeStates());
    }

    @Test
    void okSlotsDoNotPropagateAndWarnSlotsDo() {
        CheckDefinition warnDrive = expand(check("d", "node", "eseries{instance=~\"$instances\"}",
                rule("==", 1, "WARN")), "slot", null, null, null);
        HealthSnapshot ok = run(snapshot(STORAGE, warnDrive), new FakeProm().on("eseries",
                series("0", "instance", "da01", "slot", "1")));
        assertEquals(UNKNOWN, ok.nodeStates().get("da01"));
        HealthSnapshot warn = run(snapshot(STORAGE, warnDrive), new FakeProm().on("eseries",
                series("1", "instance", "da01", "slot", "1")));
        assertEquals(WARN, warn.nodeStates().get("da01"));
    }

    @Test
    void virtualNodeItemsWithoutInstanceOrLabelAreSkipped() {
        HealthSnapshot s = run(snapshot(STORAGE, DRIVE), new FakeProm().on("eseries",
                series("1", "instance", "", "slot", "1"), series("1", "instance", "da01"),
                series("1", "slot", "4")));
        assertEquals(Map.of("da01", UNKNOWN), s.nodeStates());
    }

    // ------------------------------------------------------------------ 17–22 for

    @Test
    void acceptance17NoForIsCritOnTheFirstPoll() {
        HealthSnapshot s = run(snapshot(ONE_NODE, NODE_UP), new FakeProm().on("up{", node("compute001", "0")));
        assertEquals(CRIT, s.nodeStates().get("compute001"));
        assertTrue(planner.pending().isEmpty());
    }

    @Test
    void acceptance18FirstFailingPollIsPending() {
        HealthSnapshot s = run(snapshot(ONE_NODE, withFor(NODE_UP, "5m")),
                new FakeProm().on("up{", node("compute001", "0")));
        assertEquals(UNKNOWN, s.nodeStates().get("compute001"));
        assertEquals(Map.of("node_up", UNKNOWN), s.nodeChecks().get("compute001"), "the check shows the held state");
        assertTrue(s.nodeAlerts().isEmpty(), "pending never alerts");
        PendingState p = planner.pending().get("node_up:compute001");
        assertEquals(CRIT, p.severity());
        assertFalse(p.firing());
    }

    @Test
    void acceptance19ForFiresAfterTheDurationInEveryScope() {
        CheckDefinition nodeUp = withFor(NODE_UP, "1s");
        CheckDefinition chassisTemp = withFor(check("chassis_temp", "chassis", "ct{chassis_id=~\"$chassis\"}",
                rule(">", 80, "CRIT")), "1s");
        CheckDefinition rackPower = withFor(check("rack_power", "rack", "rp{rack_id=~\"$racks\"}",
                rule(">", 15000, "CRIT")), "1s");
        Topology topo = topology(rack("rack01", device("chassis01", "compute001")));
        Snapshot cfg = snapshot(topo, nodeUp, chassisTemp, rackPower);
        FakeProm prom = new FakeProm().on("up{", node("compute001", "0"))
                .on("ct{", series("85", "chassis_id", "chassis01"))
                .on("rp{", series("16000", "rack_id", "rack01"));
        HealthSnapshot first = run(cfg, prom);
        assertEquals(UNKNOWN, first.nodeStates().get("compute001"));
        assertEquals(UNKNOWN, first.chassisStates().get("chassis01"));
        assertEquals(UNKNOWN, first.rackStates().get("rack01"));
        assertEquals(3, planner.pending().size());

        clock.advanceSeconds(1.5);
        HealthSnapshot second = run(cfg, prom);
        assertEquals(CRIT, second.nodeStates().get("compute001"));
        assertEquals(CRIT, second.chassisStates().get("chassis01"));
        assertEquals(CRIT, second.rackStates().get("rack01"));
        assertEquals(Map.of("rack_power", CRIT), second.rackAlerts().get("rack01"));
        // No longer pending: what is left is the firing marker (see the defect tests).
        for (String key : List.of("node_up:compute001", "chassis_temp:chassis01", "rack_power:rack01")) {
            assertTrue(planner.pending().get(key).firing(), key);
        }
    }

    @Test
    void acceptance20RecoveryClearsThePendingEntryInEveryScope() {
        CheckDefinition nodeUp = withFor(NODE_UP, "5m");
        CheckDefinition chassisTemp = withFor(check("chassis_temp", "chassis", "ct{chassis_id=~\"$chassis\"}",
                rule(">", 80, "CRIT")), "5m");
        CheckDefinition rackPower = withFor(check("rack_power", "rack", "rp{rack_id=~\"$racks\"}",
                rule(">", 15000, "CRIT")), "5m");
        Topology topo = topology(rack("rack01", device("chassis01", "compute001")));
        Snapshot cfg = snapshot(topo, nodeUp, chassisTemp, rackPower);
        run(cfg, new FakeProm().on("up{", node("compute001", "0")).on("ct{", series("85", "chassis_id", "chassis01"))
                .on("rp{", series("16000", "rack_id", "rack01")));
        assertEquals(3, planner.pending().size());
        clock.advanceSeconds(10);
        HealthSnapshot s = run(cfg, new FakeProm().on("up{", node("compute001", "1"))
                .on("ct{", series("20", "chassis_id", "chassis01")).on("rp{", series("100", "rack_id", "rack01")));
        assertEquals(OK, s.nodeStates().get("compute001"));
        assertEquals(OK, s.chassisStates().get("chassis01"));
        assertEquals(OK, s.rackStates().get("rack01"));
        assertTrue(planner.pending().isEmpty());
    }

    @Test
    void acceptance21ChangedSeverityRestartsThePendingTimer() {
        CheckDefinition temp = withFor(check("temp", "node", "node_temp{instance=~\"$instances\"}",
                rule(">", 70, "WARN"), rule(">", 80, "CRIT")), "5m");
        Snapshot cfg = snapshot(ONE_NODE, temp);
        run(cfg, new FakeProm().on("node_temp", node("compute001", "75")));
        PendingState first = planner.pending("temp", "compute001");
        assertEquals(WARN, first.severity());
        clock.advanceSeconds(60);
        HealthSnapshot s = run(cfg, new FakeProm().on("node_temp", node("compute001", "85")));
        PendingState second = planner.pending("temp", "compute001");
        assertEquals(CRIT, second.severity());
        assertTrue(second.sinceMillis() > first.sinceMillis());
        assertEquals(UNKNOWN, s.nodeStates().get("compute001"));
    }

    @Test
    void acceptance22DurationParsing() {
        assertEquals(30, HealthPlanner.durationSeconds("30s"));
        assertEquals(300, HealthPlanner.durationSeconds("5m"));
        assertEquals(3600, HealthPlanner.durationSeconds("1h"));
        assertEquals(7200, HealthPlanner.durationSeconds("2h"));
        assertEquals(86400, HealthPlanner.durationSeconds("1d"));
        assertEquals(604800, HealthPlanner.durationSeconds("7d"));
        assertEquals(604800, HealthPlanner.durationSeconds("1w"));
        assertEquals(1209600, HealthPlanner.durationSeconds("2w"));
        assertEquals(31536000, HealthPlanner.durationSeconds("1y"));
        for (String bad : new String[] {"", "invalid", "5min", "1 m", "5M", "30", null}) {
            assertEquals(0, HealthPlanner.durationSeconds(bad), String.valueOf(bad));
        }
    }

    @Test
    void holdKeepsWhatAnEarlierCheckRecordedThisCycle() {
        CheckDefinition pendingTemp = withFor(TEMP, "5m");
        Snapshot cfg = snapshot(ONE_NODE, NODE_UP, pendingTemp);
        HealthSnapshot s = run(cfg, new FakeProm().on("up{", node("compute001", "1"))
                .on("node_temp", node("compute001", "95")));
        assertEquals(OK, s.nodeStates().get("compute001"));
        assertEquals(Map.of("node_up", OK, "temp", OK), s.nodeChecks().get("compute001"));
    }

    // ------------------------------------------------------------------ 23 targets

    @Test
    void acceptance23EmptyTargetsRunNoQueriesAndEverythingIsUnknown() {
        Topology topo = topology(rack("r1", device("d1", List.of("compute01", "compute02"))));
        FakeProm prom = new FakeProm().on("up{", node("compute01", "1"));
        HealthSnapshot s = planner.recompute(snapshot(topo, NODE_UP), Map.of(), prom);
        assertTrue(prom.queries.isEmpty());
        assertEquals(UNKNOWN, s.nodeStates().get("compute01"));
        assertEquals(UNKNOWN, s.rackStates().get("r1"));
        assertEquals(0, planner.lastBatch().queryCount());
    }

    @Test
    void acceptance23TargetsRestrictTheQueriedIds() {
        Topology topo = topology(rack("r1", device("d1", List.of("compute01", "compute02"))));
        FakeProm prom = new FakeProm().on("up{", node("compute01", "1"));
        HealthSnapshot s = planner.recompute(snapshot(topo, NODE_UP),
                Map.of("node_up", new Targets(List.of("compute01"), List.of(), List.of())), prom);
        assertEquals(1, prom.queries.size());
        assertTrue(prom.queries.get(0).contains("instance=~\"^(?:compute01)$\""), prom.queries.get(0));
        assertEquals(OK, s.nodeStates().get("compute01"));
        assertEquals(UNKNOWN, s.nodeStates().get("compute02"));
        assertEquals(1, planner.lastBatch().totalIds());
    }

    @Test
    void collectedTargetsDriveTheCycleEndToEnd() {
        Topology topo = topology(rack("r1", device("d1", "srv", "n[1-2]"), device("pdu1", "pdu", null)));
        var catalog = TelemetryFixtures.catalog(List.of(TelemetryFixtures.deviceTemplate("srv", "node_up"),
                TelemetryFixtures.deviceTemplate("pdu", "node_up")), List.of(), List.of());
        Snapshot cfg = snapshot(appConfig(200), topo, catalog, NODE_UP);
        FakeProm prom = new FakeProm().on("up{", node("n1", "1"), node("n2", "1"), node("pdu1", "0"));
        HealthSnapshot s = planner.recompute(cfg, CheckTargets.collect(cfg), prom);
        assertEquals(List.of("up{job=~\"^(?:.*)$\",instance=~\"^(?:(?:n[1-2]|pdu1))$\"}"), prom.queries);
        assertEquals(CRIT, s.nodeStates().get("pdu1"));
        assertEquals(List.of("n1", "n2"), s.rackNodes().get("r1"), "no device-id fallback in rack_nodes");
        assertEquals(OK, s.rackStates().get("r1"));
        assertEquals(CRIT, s.deviceState("r1", "pdu1"), "the device state sees its id-keyed node");
    }

    // ------------------------------------------------------------------ 24 snapshot caching

    @Test
    void acceptance24FreshSnapshotIsReturnedWithoutRecompute() {
        Snapshot cfg = snapshot(appConfig("UNKNOWN", 3600, 50, ".*"), ONE_NODE, null, NODE_UP);
        FakeProm prom = new FakeProm().on("up{", node("compute001", "1"));
        HealthSnapshot a = planner.snapshot(cfg, null, prom);
        clock.advanceSeconds(100);
        HealthSnapshot b = planner.snapshot(cfg, null, prom);
        assertSame(a, b);
        assertEquals(1, prom.queries.size());
        assertSame(a, planner.current());

        clock.advanceSeconds(3600);
        assertNotSame(a, planner.snapshot(cfg, null, prom), "stale after the ttl");
        assertEquals(2, prom.queries.size());
    }

    @Test
    void acceptance24ConcurrentCallersGetTheSameSnapshot() throws Exception {
        Snapshot cfg = snapshot(appConfig("UNKNOWN", 3600, 50, ".*"), ONE_NODE, null, NODE_UP);
        FakeProm prom = new FakeProm().on("up{", node("compute001", "1"));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CyclicBarrier start = new CyclicBarrier(4);
            List<Future<HealthSnapshot>> futures = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return planner.snapshot(cfg, null, prom);
                }));
            }
            HealthSnapshot first = futures.get(0).get(30, TimeUnit.SECONDS);
            for (Future<HealthSnapshot> f : futures) {
                assertSame(first, f.get(30, TimeUnit.SECONDS));
            }
            assertEquals(1, prom.queries.size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void acceptance24InvalidateAndANewConfigDropTheSnapshot() {
        Snapshot cfg = snapshot(appConfig("UNKNOWN", 3600, 50, ".*"), ONE_NODE, null, NODE_UP);
        FakeProm prom = new FakeProm().on("up{", node("compute001", "1"));
        HealthSnapshot a = planner.snapshot(cfg, null, prom);
        planner.invalidate();
        HealthSnapshot b = planner.snapshot(cfg, null, prom);
        assertNotSame(a, b);
        Snapshot reloaded = snapshot(appConfig("UNKNOWN", 3600, 50, ".*"), ONE_NODE, null, NODE_UP);
        assertNotSame(b, planner.snapshot(reloaded, null, prom));
        assertEquals(3, prom.queries.size());
        planner.reset();
        assertNull(planner.current());
    }

    // ------------------------------------------------------------------ execution

    @Test
    void queriesRunThroughTheExecutorAndResultsAreEvaluatedInQueryOrder() {
        Topology topo = topology(rack("r1", device("d1", "n[01-40]")));
        CheckDefinition a = check("a", "node", "a{instance=~\"$instances\"}", rule("==", 0, "CRIT"));
        CheckDefinition b = check("b", "node", "b{instance=~\"$instances\"}", rule("==", 0, "WARN"));
        Snapshot cfg = snapshot(appConfig(7), topo, null, a, b);
        FakeProm prom = new FakeProm().on("a{", node("n03", "0"), node("n09", "1"))
                .on("b{", node("n03", "0"), node("n09", "0"), node("n10", "1"));
        HealthSnapshot sequential = new HealthPlanner(clock).recompute(cfg, null, prom);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            HealthSnapshot parallel = new HealthPlanner(clock, pool).recompute(cfg, null, prom);
            assertEquals(sequential, parallel);
            assertEquals(List.copyOf(sequential.nodeStates().keySet()), List.copyOf(parallel.nodeStates().keySet()));
            assertEquals(List.copyOf(sequential.nodeChecks().keySet()), List.copyOf(parallel.nodeChecks().keySet()));
        } finally {
            pool.shutdownNow();
        }
        assertEquals(CRIT, sequential.nodeStates().get("n03"));
        assertEquals(WARN, sequential.nodeStates().get("n09"));
        assertEquals(OK, sequential.nodeStates().get("n10"));
        assertEquals(UNKNOWN, sequential.nodeStates().get("n11"));
        assertEquals(24, prom.queries.size(), "6 chunks x 2 checks, twice");
    }

    @Test
    void identicalQueryStringsAreSentOnce() {
        CheckDefinition a = check("a", "node", "up{instance=~\"$instances\"}", rule("==", 0, "CRIT"));
        CheckDefinition b = check("b", "node", "up{instance=~\"$instances\"}", rule("==", 1, "WARN"));
        FakeProm prom = new FakeProm().on("up{", node("compute001", "1"));
        HealthSnapshot s = run(snapshot(ONE_NODE, a, b), prom);
        assertEquals(1, prom.queries.size());
        assertEquals(Map.of("a", OK, "b", WARN), s.nodeChecks().get("compute001"));
        assertEquals(2, planner.lastBatch().queryCount());
    }

    @Test
    void aThrowingQueryOrARejectingExecutorCountsAsNoData() {
        Snapshot cfg = snapshot(ONE_NODE, NODE_UP);
        HealthSnapshot thrown = run(cfg, new FakeProm() {
            @Override
            public synchronized QueryResult apply(String query) {
                throw new IllegalStateException("down");
            }
        });
        assertEquals(UNKNOWN, thrown.nodeStates().get("compute001"));
        HealthPlanner rejecting = new HealthPlanner(clock, r -> {
            throw new RejectedExecutionException("full");
        });
        HealthSnapshot rejected = rejecting.recompute(cfg, null, new FakeProm().on("up{", node("compute001", "0")));
        assertEquals(UNKNOWN, rejected.nodeStates().get("compute001"));
        HealthSnapshot nulls = run(cfg, new FakeProm() {
            @Override
            public synchronized QueryResult apply(String query) {
                return null;
            }
        });
        assertEquals(UNKNOWN, nulls.nodeStates().get("compute001"));
    }

    @Test
    void batchStatsAndGeneratedAt() {
        Topology topo = topology(rack("r1", device("d1", List.of("a", "b", "c"))));
        CheckDefinition up = check("node_up", "node", "up{instance=~\"$instances\"}", rule("==", 0, "CRIT"));
        HealthSnapshot s = planner.recompute(snapshot(appConfig(2), topo, null, up), null, new FakeProm());
        assertEquals(new QueryPlanner.BatchStats(5, 2, 2), planner.lastBatch());
        assertEquals(clock.now, s.generatedAt());
    }

    @Test
    void snapshotMapsAreUnmodifiable() {
        HealthSnapshot s = run(snapshot(ONE_NODE, NODE_UP), new FakeProm().on("up{", node("compute001", "0")));
        assertThrows(UnsupportedOperationException.class, () -> s.nodeStates().put("x", OK));
        assertThrows(UnsupportedOperationException.class, () -> s.nodeChecks().get("compute001").put("x", OK));
        assertThrows(UnsupportedOperationException.class, () -> s.deviceStates().get("rack01").put("x", OK));
        assertNotNull(HealthSnapshot.empty(0).nodeStates());
        assertEquals(Severity.UNKNOWN, HealthSnapshot.empty(0).nodeState("x", Severity.UNKNOWN));
    }
}
