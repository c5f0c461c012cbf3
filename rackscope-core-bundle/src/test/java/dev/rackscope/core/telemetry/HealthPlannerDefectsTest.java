package dev.rackscope.core.telemetry;

import static dev.rackscope.api.telemetry.Severity.CRIT;
import static dev.rackscope.api.telemetry.Severity.OK;
import static dev.rackscope.api.telemetry.Severity.UNKNOWN;
import static dev.rackscope.api.telemetry.Severity.WARN;
import static dev.rackscope.core.telemetry.TelemetryFixtures.appConfig;
import static dev.rackscope.core.telemetry.TelemetryFixtures.catalog;
import static dev.rackscope.core.telemetry.TelemetryFixtures.check;
import static dev.rackscope.core.telemetry.TelemetryFixtures.device;
import static dev.rackscope.core.telemetry.TelemetryFixtures.deviceTemplate;
import static dev.rackscope.core.telemetry.TelemetryFixtures.expand;
import static dev.rackscope.core.telemetry.TelemetryFixtures.node;
import static dev.rackscope.core.telemetry.TelemetryFixtures.rack;
import static dev.rackscope.core.telemetry.TelemetryFixtures.rule;
import static dev.rackscope.core.telemetry.TelemetryFixtures.series;
import static dev.rackscope.core.telemetry.TelemetryFixtures.snapshot;
import static dev.rackscope.core.telemetry.TelemetryFixtures.topology;
import static dev.rackscope.core.telemetry.TelemetryFixtures.withFor;
import static dev.rackscope.core.telemetry.TelemetryFixtures.withSelectors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.rackscope.api.model.CheckDefinition;
import dev.rackscope.api.model.Topology;
import dev.rackscope.api.snapshot.Snapshot;
import dev.rackscope.core.telemetry.TelemetryFixtures.FakeProm;
import dev.rackscope.core.telemetry.TelemetryFixtures.ManualClock;

/**
 * The original's defects that the port fixes (telemetry.md §2.9 quirks, §3.2, §8 correction 1). Each test
 * fails on the original behaviour, noted in its comments.
 */
class HealthPlannerDefectsTest {

    final ManualClock clock = new ManualClock();
    final HealthPlanner planner = new HealthPlanner(clock);

    static final CheckDefinition NODE_UP_5M = withFor(check("node_up", "node", "up{instance=~\"$instances\"}",
            rule("==", 0, "CRIT")), "5m");
    static final Topology ONE_NODE = topology(rack("rack01", device("dev1", "compute001")));

    HealthSnapshot run(Snapshot cfg, FakeProm prom) {
        return planner.recompute(cfg, null, prom);
    }

    // ------------------------------------------------------------------ defect 1

    @Test
    void forCheckStaysFiredWhileSeverityUnchangedInsteadOfFlapping() {
        Snapshot cfg = snapshot(ONE_NODE, NODE_UP_5M);
        FakeProm down = new FakeProm().on("up{", node("compute001", "0"));
        assertEquals(UNKNOWN, run(cfg, down).nodeStates().get("compute001"), "held");
        clock.advanceSeconds(300);
        assertEquals(CRIT, run(cfg, down).nodeStates().get("compute001"), "fired");
        // The original deleted the pending entry on firing, so this cycle started a new timer and went
        // back to UNKNOWN for another 5 minutes.
        for (int i = 0; i < 6; i++) {
            clock.advanceSeconds(30);
            HealthSnapshot s = run(cfg, down);
            assertEquals(CRIT, s.nodeStates().get("compute001"), "cycle " + i);
            assertEquals(Map.of("node_up", CRIT), s.nodeAlerts().get("compute001"));
            assertEquals(CRIT, s.rackStates().get("rack01"));
        }
        // Recovery clears the marker; a new failure is debounced again.
        clock.advanceSeconds(30);
        assertEquals(OK, run(cfg, new FakeProm().on("up{", node("compute001", "1"))).nodeStates().get("compute001"));
        assertNull(planner.pending("node_up", "compute001"));
        clock.advanceSeconds(30);
        assertEquals(UNKNOWN, run(cfg, down).nodeStates().get("compute001"));
    }

    @Test
    void firedCheckWhoseSeverityChangesIsDebouncedAgain() {
        CheckDefinition temp = withFor(check("temp", "node", "t{instance=~\"$instances\"}", rule(">", 70, "WARN"),
                rule(">", 80, "CRIT")), "1m");
        Snapshot cfg = snapshot(ONE_NODE, temp);
        run(cfg, new FakeProm().on("t{", node("compute001", "90")));
        clock.advanceSeconds(60);
        assertEquals(CRIT, run(cfg, new FakeProm().on("t{", node("compute001", "90"))).nodeStates().get("compute001"));
        clock.advanceSeconds(10);
        assertEquals(UNKNOWN, run(cfg, new FakeProm().on("t{", node("compute001", "75"))).nodeStates()
                .get("compute001"), "a new severity starts a new debounce period");
        assertFalse(planner.pending("temp", "compute001").firing());
        clock.advanceSeconds(60);
        assertEquals(WARN, run(cfg, new FakeProm().on("t{", node("compute001", "75"))).nodeStates().get("compute001"));
    }

    @Test
    void firingMarkerSurvivesACycleWithoutData() {
        Snapshot cfg = snapshot(ONE_NODE, NODE_UP_5M);
        FakeProm down = new FakeProm().on("up{", node("compute001", "0"));
        run(cfg, down);
        clock.advanceSeconds(300);
        run(cfg, down);
        clock.advanceSeconds(30);
        assertEquals(UNKNOWN, run(cfg, new FakeProm().on("up{", TelemetryFixtures.error())).nodeStates()
                .get("compute001"));
        clock.advanceSeconds(30);
        assertEquals(CRIT, run(cfg, down).nodeStates().get("compute001"));
    }

    // ------------------------------------------------------------------ defect 2

    @Test
    void forCheckWithSeveralSeriesPerNodeReducesToWorstBeforeDebouncing() {
        CheckDefinition sensors = withFor(check("ipmi_sensor_state", "node", "ipmi{instance=~\"$instances\"}",
                rule("==", 1, "WARN"), rule("==", 2, "CRIT")), "1m");
        Snapshot cfg = snapshot(ONE_NODE, sensors);
        // [CRIT, OK]: in the original the OK series deleted the pending entry every cycle → UNKNOWN forever.
        FakeProm critThenOk = new FakeProm().on("ipmi{", series("2", "instance", "compute001", "name", "Fan1"),
                series("0", "instance", "compute001", "name", "Fan2"));
        assertEquals(UNKNOWN, run(cfg, critThenOk).nodeStates().get("compute001"));
        assertEquals(CRIT, planner.pending("ipmi_sensor_state", "compute001").severity());
        clock.advanceSeconds(60);
        HealthSnapshot s = run(cfg, critThenOk);
        assertEquals(CRIT, s.nodeStates().get("compute001"));
        assertEquals(Map.of("ipmi_sensor_state", CRIT), s.nodeChecks().get("compute001"));
        assertEquals(Map.of("ipmi_sensor_state", CRIT), s.nodeAlerts().get("compute001"));
    }

    @Test
    void forCheckWithOkSeriesFirstStillFiresOnTheWorstSeries() {
        CheckDefinition sensors = withFor(check("ipmi_sensor_state", "node", "ipmi{instance=~\"$instances\"}",
                rule("==", 1, "WARN"), rule("==", 2, "CRIT")), "1m");
        Snapshot cfg = snapshot(ONE_NODE, sensors);
        // [OK, CRIT]: the original showed OK forever (the OK series recorded first, CRIT only pending).
        FakeProm okThenCrit = new FakeProm().on("ipmi{", series("0", "instance", "compute001", "name", "Fan2"),
                series("2", "instance", "compute001", "name", "Fan1"));
        assertEquals(UNKNOWN, run(cfg, okThenCrit).nodeStates().get("compute001"));
        clock.advanceSeconds(60);
        assertEquals(CRIT, run(cfg, okThenCrit).nodeStates().get("compute001"));
    }

    // ------------------------------------------------------------------ defect 3 (and §8 correction 1)

    @Test
    void forCheckOnVirtualNodesFiresBecauseVkeysAreValidPendingKeys() {
        CheckDefinition drive = withFor(expand(check("eseries_drive_status", "node",
                        "eseries_drive_status{instance=~\"$instances\",status!~\"optimal\"} == 1", rule("==", 1, "CRIT")),
                "slot", "eseries_drive_status{instance=~\"$instances\"}", "OK", null), "5m");
        Topology topo = topology(rack("r1", device("da", "da01")));
        Snapshot cfg = snapshot(topo, drive);
        FakeProm prom = new FakeProm().on("status!~", series("1", "instance", "da01", "slot", "3"))
                .on("eseries_drive_status{", series("1", "instance", "da01", "slot", "3"),
                        series("1", "instance", "da01", "slot", "4"));
        HealthSnapshot first = run(cfg, prom);
        assertEquals(OK, first.nodeStates().get("da01:slot3"), "held at its discovery state");
        assertEquals(UNKNOWN, first.nodeStates().get("da01"));
        assertEquals(CRIT, planner.pending("eseries_drive_status", "da01:slot3").severity());
        // The original purged vkey entries at the start of every cycle, so this never fired.
        clock.advanceSeconds(300);
        HealthSnapshot fired = run(cfg, prom);
        assertEquals(CRIT, fired.nodeStates().get("da01:slot3"));
        assertEquals(OK, fired.nodeStates().get("da01:slot4"));
        assertEquals(CRIT, fired.nodeStates().get("da01"));
        assertEquals(CRIT, fired.rackStates().get("r1"));
        assertEquals(Map.of("eseries_drive_status", CRIT), fired.nodeAlerts().get("da01:slot3"));
    }

    @Test
    void vkeyPendingEntriesArePurgedWhenTheParentLeavesTheTopology() {
        CheckDefinition drive = withFor(expand(check("d", "node", "d{instance=~\"$instances\"}",
                rule("==", 1, "CRIT")), "slot", null, null, null), "5m");
        FakeProm prom = new FakeProm().on("d{", series("1", "instance", "da01", "slot", "3"));
        run(snapshot(topology(rack("r1", device("da", "da01"))), drive), prom);
        assertEquals(1, planner.pending().size());
        run(snapshot(topology(rack("r1", device("db", "db01"))), drive), new FakeProm());
        assertTrue(planner.pending().isEmpty());
    }

    @Test
    void forCheckOnSelectorKeysFires() {
        CheckDefinition pcb = withFor(withSelectors(check("sequana3_board_temperature", "rack",
                "pcb{sequana_rack_id=~\"$racks\"}", rule(">=", 90, "CRIT")), "sequana_rack_id"), "5m");
        Snapshot cfg = snapshot(topology(rack("r1")), pcb);
        FakeProm prom = new FakeProm().on("pcb{", series("95", "sequana_rack_id", "seq-x1"));
        assertEquals(UNKNOWN, run(cfg, prom).rackStates().get("seq-x1"));
        clock.advanceSeconds(300);
        // The original purged keys that are not topology rack ids, so this never fired.
        assertEquals(CRIT, run(cfg, prom).rackStates().get("seq-x1"));
    }

    @Test
    void forCheckOnDeviceIdFallbackTargetFires() {
        Topology topo = topology(rack("r1", device("pdu1", "pdu", null)));
        Snapshot cfg = snapshot(appConfig(200), topo, catalog(List.of(deviceTemplate("pdu", "node_up")), List.of(),
                List.of()), NODE_UP_5M);
        FakeProm prom = new FakeProm().on("up{", node("pdu1", "0"));
        var targets = CheckTargets.collect(cfg);
        planner.recompute(cfg, targets, prom);
        clock.advanceSeconds(300);
        // The original's planner lists had no node for a device without instance: the key was purged.
        HealthSnapshot s = planner.recompute(cfg, targets, prom);
        assertEquals(CRIT, s.nodeStates().get("pdu1"));
        assertEquals(CRIT, s.deviceState("r1", "pdu1"));
    }

    @Test
    void forCheckFiresOnNodesFromSuffixRangePatternsBecauseOneExpansionIsUsedEverywhere() {
        Topology topo = topology(rack("r1", device("ib", "srv", "cn[01-02]-ib")));
        Snapshot cfg = snapshot(appConfig(200), topo, catalog(List.of(deviceTemplate("srv", "node_up")), List.of(),
                List.of()), NODE_UP_5M);
        var targets = CheckTargets.collect(cfg);
        assertEquals(List.of("cn01-ib", "cn02-ib"), targets.get("node_up").node());
        FakeProm prom = new FakeProm().on("up{", node("cn01-ib", "0"), node("cn02-ib", "1"));
        planner.recompute(cfg, targets, prom);
        clock.advanceSeconds(300);
        HealthSnapshot s = planner.recompute(cfg, targets, prom);
        assertEquals(CRIT, s.nodeStates().get("cn01-ib"));
        assertEquals(List.of("cn01-ib", "cn02-ib"), s.rackNodes().get("r1"));
        assertEquals(CRIT, s.rackStates().get("r1"));
    }

    @Test
    void pendingEntriesOfRemovedChecksOrStaleForADayArePurged() {
        Snapshot cfg = snapshot(ONE_NODE, NODE_UP_5M);
        FakeProm down = new FakeProm().on("up{", node("compute001", "0"));
        run(cfg, down);
        assertEquals(1, planner.pending().size());
        clock.advanceSeconds(86_401);
        run(cfg, new FakeProm());
        assertTrue(planner.pending().isEmpty(), "not updated for a day");
        run(cfg, down);
        run(snapshot(ONE_NODE), new FakeProm());
        assertTrue(planner.pending().isEmpty(), "check removed from the library");
    }

    @Test
    void forDurationsOfADayOrMoreCanFire() {
        Snapshot cfg = snapshot(ONE_NODE, withFor(NODE_UP_5M, "2d"));
        FakeProm down = new FakeProm().on("up{", node("compute001", "0"));
        for (int hour = 0; hour < 48; hour++) {
            assertEquals(UNKNOWN, run(cfg, down).nodeStates().get("compute001"), "hour " + hour);
            clock.advanceSeconds(3600);
        }
        assertEquals(CRIT, run(cfg, down).nodeStates().get("compute001"));
    }

    // ------------------------------------------------------------------ defect 4

    @Test
    void deviceStatesCombineInstanceStatesWithChassisCheckStateInsteadOfBeingUnused() {
        CheckDefinition up = check("node_up", "node", "up{instance=~\"$instances\"}", rule("==", 0, "CRIT"));
        CheckDefinition psu = check("psu", "chassis", "psu{chassis_id=~\"$chassis\"}", rule(">", 0, "CRIT"),
                rule("<", 0, "WARN"));
        Topology topo = topology(rack("r1",
                device("c1", List.of("a1", "a2")),   // nodes OK, chassis CRIT → CRIT
                device("c2", List.of("b1", "b2")),   // nodes OK, no chassis result → OK
                device("c3", List.of("d1")),         // node CRIT, chassis OK → CRIT
                device("c4", List.of("e1", "e2")),   // one node without data → UNKNOWN
                device("c5", "f1"),                  // node OK, chassis WARN → WARN
                device("c6", null)));                // nothing at all → unknown_state
        FakeProm prom = new FakeProm()
                .on("up{", node("a1", "1"), node("a2", "1"), node("b1", "1"), node("b2", "1"), node("d1", "0"),
                        node("e1", "1"), node("f1", "1"))
                .on("psu{", series("1", "chassis_id", "c1"), series("0", "chassis_id", "c3"),
                        series("-1", "chassis_id", "c5"));
        HealthSnapshot s = run(snapshot(topo, up, psu), prom);
        assertEquals(CRIT, s.deviceState("r1", "c1"));
        assertEquals(OK, s.deviceState("r1", "c2"));
        assertEquals(CRIT, s.deviceState("r1", "c3"));
        assertEquals(UNKNOWN, s.deviceState("r1", "c4"));
        assertEquals(WARN, s.deviceState("r1", "c5"));
        assertEquals(UNKNOWN, s.deviceState("r1", "c6"));
        assertEquals(List.of("c1", "c2", "c3", "c4", "c5", "c6"), List.copyOf(s.deviceStates().get("r1").keySet()));
        // existing fields are unchanged: chassis states are still filled, and still do not feed the rack
        assertEquals(UNKNOWN, s.chassisStates().get("c2"));
        assertEquals(CRIT, s.chassisStates().get("c1"));
        assertEquals(CRIT, s.rackStates().get("r1"), "d1 is CRIT");
        HealthSnapshot noBadNodes = run(snapshot(topology(rack("r2", device("c1", "a1"))), up, psu),
                new FakeProm().on("up{", node("a1", "1")).on("psu{", series("1", "chassis_id", "c1")));
        assertEquals(OK, noBadNodes.rackStates().get("r2"), "a chassis CRIT does not reach the rack");
        assertEquals(CRIT, noBadNodes.deviceState("r2", "c1"));
    }

    @Test
    void deviceStatesUseTheConfiguredUnknownState() {
        Topology topo = topology(rack("r1", device("c6", null), device("c7", "x1")));
        HealthSnapshot s = run(snapshot(appConfig("OK", 0, 50, ".*"), topo, null), new FakeProm());
        assertEquals(OK, s.deviceState("r1", "c6"));
        assertEquals(OK, s.deviceState("r1", "c7"));
        assertNull(s.deviceState("r1", "nope"));
        assertNull(s.deviceState("nope", "c6"));
    }
}
