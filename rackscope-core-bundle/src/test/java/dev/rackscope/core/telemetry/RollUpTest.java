package dev.rackscope.core.telemetry;

import static dev.rackscope.api.telemetry.Severity.CRIT;
import static dev.rackscope.api.telemetry.Severity.OK;
import static dev.rackscope.api.telemetry.Severity.UNKNOWN;
import static dev.rackscope.api.telemetry.Severity.WARN;
import static dev.rackscope.core.telemetry.TelemetryFixtures.aisle;
import static dev.rackscope.core.telemetry.TelemetryFixtures.device;
import static dev.rackscope.core.telemetry.TelemetryFixtures.rack;
import static dev.rackscope.core.telemetry.TelemetryFixtures.room;
import static dev.rackscope.core.telemetry.TelemetryFixtures.site;
import static dev.rackscope.core.telemetry.TelemetryFixtures.topology;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.rackscope.api.model.Topology;
import dev.rackscope.api.telemetry.Severity;
import dev.rackscope.core.telemetry.RollUp.GlobalStats;
import dev.rackscope.core.telemetry.RollUp.RackSummary;

class RollUpTest {

    private static Severity agg(Severity unknownState, Severity... states) {
        return RollUp.aggregate(Arrays.asList(states), unknownState);
    }

    @Test
    void aggregateOfAnEmptyListIsTheUnknownState() {
        assertEquals(UNKNOWN, RollUp.aggregate(List.of()));
        assertEquals(OK, agg(OK));
        assertEquals(WARN, agg(WARN));
    }

    @Test
    void aggregateFirstRuleThatAppliesWins() {
        assertEquals(CRIT, agg(UNKNOWN, OK, WARN, CRIT, UNKNOWN));
        assertEquals(WARN, agg(UNKNOWN, OK, WARN, UNKNOWN));
        assertEquals(UNKNOWN, agg(UNKNOWN, OK, UNKNOWN));
        assertEquals(OK, agg(UNKNOWN, OK, OK));
        assertEquals(UNKNOWN, agg(OK, OK, UNKNOWN));
        assertEquals(OK, agg(OK, OK));
    }

    @Test
    void roomIgnoresUnknownRacks() {
        Topology topo = topology(rack("r1"), rack("r2"));
        assertEquals(OK, RollUp.roomState(topo, "room1", Map.of("r1", UNKNOWN, "r2", UNKNOWN)));
        assertEquals(OK, RollUp.roomState(topo, "room1", Map.of("r1", UNKNOWN, "r2", OK)));
        assertEquals(WARN, RollUp.roomState(topo, "room1", Map.of("r1", UNKNOWN, "r2", WARN)));
        assertEquals(CRIT, RollUp.roomState(topo, "room1", Map.of("r1", CRIT, "r2", WARN)));
        assertEquals(OK, RollUp.roomState(topo, "room1", Map.of()), "a rack with no state reads OK");
    }

    @Test
    void acceptance33RoomStateFollowsItsRacks() {
        Topology topo = topology(rack("rack01"));
        assertEquals(CRIT, RollUp.roomState(topo, "room1", Map.of("rack01", CRIT)));
        Map<String, RackSummary> racks = RollUp.roomRackSummary(topo, "room1", Map.of("rack01", CRIT), Map.of());
        assertEquals(CRIT, racks.get("rack01").state());
        assertEquals(Map.of("room1", WARN), RollUp.roomStates(topo, Map.of("rack01", WARN)));
    }

    @Test
    void unknownRoomIsOkWithNoRacks() {
        Topology topo = topology(rack("r1"));
        assertEquals(OK, RollUp.roomState(topo, "nope", Map.of("r1", CRIT)));
        assertEquals(Map.of(), RollUp.roomRackSummary(topo, "nope", Map.of(), Map.of()));
    }

    @Test
    void roomStatesCoverEveryRoomAndALaterDuplicateOverwrites() {
        Topology topo = topology(site("s1", room("a", rack("r1")), room("b", rack("r2"))),
                site("s2", room("a", rack("r3"))));
        Map<String, Severity> states = RollUp.roomStates(topo, Map.of("r1", CRIT, "r2", WARN, "r3", OK));
        assertEquals(List.of("a", "b"), List.copyOf(states.keySet()));
        assertEquals(OK, states.get("a"));
        assertEquals(WARN, states.get("b"));
        // the single-room endpoint walks every room with that id
        assertEquals(CRIT, RollUp.roomState(topo, "a", Map.of("r1", CRIT, "r3", OK)));
    }

    @Test
    void roomWalksAisleRacksThenStandaloneRacks() {
        Topology topo = topology(site("s", room("room1", List.of(aisle("a1", rack("r1"))), List.of(rack("net"))),
                room("room2", rack("r9"))));
        assertEquals(List.of("r1", "net"), RollUp.roomRacks(topo, "room1").stream().map(r -> r.id()).toList());
        assertEquals(CRIT, RollUp.roomState(topo, "room1", Map.of("net", CRIT)));
        assertEquals(WARN, RollUp.siteState(topo.sites().get(0), Map.of("r9", WARN, "r1", UNKNOWN)));
        assertEquals(OK, RollUp.aisleState(topo.sites().get(0).rooms().get(0).aisles().get(0),
                Map.of("r1", UNKNOWN)));
    }

    @Test
    void acceptance31GlobalCountsOverAllRackStates() {
        Topology topo = topology(rack("rack01"));
        Map<String, Severity> racks = new LinkedHashMap<>();
        racks.put("rack01", CRIT);
        racks.put("rack02", WARN);
        racks.put("rack03", OK);
        GlobalStats g = RollUp.globalStats(topo, racks);
        assertEquals(new GlobalStats(1, 1, 1, 1, CRIT), g);
        assertEquals(2, g.activeAlerts());
        assertEquals(new GlobalStats(1, 1, 0, 0, OK), RollUp.globalStats(topo, Map.of()));
        assertEquals(new GlobalStats(0, 0, 0, 0, OK), RollUp.globalStats(null, Map.of()));
        assertEquals(WARN, RollUp.globalStats(null, Map.of("x", WARN, "y", UNKNOWN)).status());
    }

    @Test
    void globalTotalsCountAisleAndStandaloneRacks() {
        Topology topo = topology(site("s", room("a", List.of(aisle("x", rack("r1"), rack("r2"))),
                List.of(rack("r3"))), room("b", rack("r4"))));
        GlobalStats g = RollUp.globalStats(topo, Map.of());
        assertEquals(2, g.totalRooms());
        assertEquals(4, g.totalRacks());
    }

    @Test
    void rackSummaryCountsNodesWithDeviceIdFallback() {
        Topology topo = topology(rack("r1", device("d1", "n[1-3]"), device("pdu", null), device("d2", List.of())));
        Map<String, Severity> nodes = Map.of("n1", CRIT, "n2", WARN, "n3", OK, "pdu", CRIT, "n1:slot3", CRIT);
        RackSummary s = RollUp.roomRackSummary(topo, "room1", Map.of("r1", CRIT), nodes).get("r1");
        assertEquals(new RackSummary(CRIT, 5, 2, 1), s);
        assertEquals(UNKNOWN, RollUp.roomRackSummary(topo, "room1", Map.of(), Map.of()).get("r1").state());
    }
}
