package dev.rackscope.core.telemetry;

import static dev.rackscope.core.telemetry.TelemetryFixtures.aisle;
import static dev.rackscope.core.telemetry.TelemetryFixtures.appConfig;
import static dev.rackscope.core.telemetry.TelemetryFixtures.catalog;
import static dev.rackscope.core.telemetry.TelemetryFixtures.check;
import static dev.rackscope.core.telemetry.TelemetryFixtures.componentTemplate;
import static dev.rackscope.core.telemetry.TelemetryFixtures.device;
import static dev.rackscope.core.telemetry.TelemetryFixtures.deviceTemplate;
import static dev.rackscope.core.telemetry.TelemetryFixtures.rack;
import static dev.rackscope.core.telemetry.TelemetryFixtures.rackTemplate;
import static dev.rackscope.core.telemetry.TelemetryFixtures.room;
import static dev.rackscope.core.telemetry.TelemetryFixtures.site;
import static dev.rackscope.core.telemetry.TelemetryFixtures.snapshot;
import static dev.rackscope.core.telemetry.TelemetryFixtures.topology;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.rackscope.api.model.Catalog;
import dev.rackscope.api.model.CheckDefinition;
import dev.rackscope.api.model.Topology;
import dev.rackscope.core.telemetry.CheckTargets.Targets;

class CheckTargetsTest {

    private static final CheckDefinition NODE_UP = check("node_up", "node", "up");
    private static final CheckDefinition CHASSIS_TEMP = check("chassis_temp", "chassis", "t");
    private static final CheckDefinition RACK_POWER = check("rack_power", "rack", "p");
    private static final CheckDefinition[] LIBRARY = {NODE_UP, CHASSIS_TEMP, RACK_POWER};

    private static Map<String, Targets> collect(Topology topology, Catalog catalog) {
        return CheckTargets.collect(snapshot(appConfig(50), topology, catalog, LIBRARY));
    }

    @Test
    void acceptance25NodeCheckOnDeviceTemplateTargetsTheDevicesExpandedInstances() {
        Topology topo = topology(rack("r1", device("d1", "srv", "compute[02-03]"), device("d2", "srv", "compute01")));
        Map<String, Targets> t = collect(topo, catalog(List.of(deviceTemplate("srv", "node_up")), List.of(),
                List.of()));
        assertEquals(Map.of("node_up", new Targets(List.of("compute01", "compute02", "compute03"), List.of(),
                List.of())), t);
    }

    @Test
    void acceptance25ChassisScopeCheckTargetsTheDeviceId() {
        Topology topo = topology(rack("r1", device("d2", "srv", "n2"), device("d1", "srv", "n1")));
        Map<String, Targets> t = collect(topo, catalog(List.of(deviceTemplate("srv", "chassis_temp")), List.of(),
                List.of()));
        assertEquals(new Targets(List.of(), List.of("d1", "d2"), List.of()), t.get("chassis_temp"));
    }

    @Test
    void acceptance25RackScopeCheckOnRackComponentTemplateTargetsTheRack() {
        Topology topo = topology(rack("r1", "rk", device("d1", "srv", "n1")));
        Map<String, Targets> t = collect(topo, catalog(List.of(), List.of(rackTemplate("rk", List.of(), "pdu")),
                List.of(componentTemplate("pdu", "rack_power", "node_up"))));
        assertEquals(new Targets(List.of(), List.of(), List.of("r1")), t.get("rack_power"));
        assertEquals(new Targets(List.of("n1"), List.of(), List.of()), t.get("node_up"));
    }

    @Test
    void acceptance25RackTemplateChecksTargetTheWholeRack() {
        Topology topo = topology(rack("r1", "rk", device("d1", "srv", "n[1-2]"), device("d0", "srv", null)));
        Map<String, Targets> t = collect(topo, catalog(List.of(), List.of(rackTemplate("rk",
                List.of("node_up", "chassis_temp", "rack_power"))), List.of()));
        assertEquals(new Targets(List.of("d0", "n1", "n2"), List.of(), List.of()), t.get("node_up"));
        assertEquals(new Targets(List.of(), List.of("d0", "d1"), List.of()), t.get("chassis_temp"));
        assertEquals(new Targets(List.of(), List.of(), List.of("r1")), t.get("rack_power"));
    }

    @Test
    void acceptance25ListsAreSortedAndUnique() {
        Topology topo = topology(rack("r2", device("d1", "srv", List.of("b", "a"))),
                rack("r1", device("d2", "srv", List.of("a", "c"))));
        Map<String, Targets> t = collect(topo, catalog(List.of(deviceTemplate("srv", "node_up", "rack_power")),
                List.of(), List.of()));
        assertEquals(List.of("a", "b", "c"), t.get("node_up").node());
        assertEquals(List.of("r1", "r2"), t.get("rack_power").rack());
    }

    @Test
    void acceptance25StandaloneRacksAreIncluded() {
        Topology topo = topology(site("s", room("room1", List.of(aisle("a1", rack("r1"))),
                List.of(rack("net", device("sw1", "srv", "switch01"))))));
        Map<String, Targets> t = collect(topo, catalog(List.of(deviceTemplate("srv", "node_up")), List.of(),
                List.of()));
        assertEquals(List.of("switch01"), t.get("node_up").node());
    }

    @Test
    void acceptance25UnknownCheckIdsAndMissingTemplatesGiveNothing() {
        Topology topo = topology(rack("r1", "missing-rack-tpl", device("d1", "srv", "n1"),
                device("d2", "missing", "n2")));
        Map<String, Targets> t = collect(topo, catalog(List.of(deviceTemplate("srv", "no_such_check")),
                List.of(rackTemplate("rk", List.of("node_up"), "missing-component")), List.of()));
        assertEquals(Map.of(), t);
    }

    @Test
    void acceptance25DeviceWithoutInstanceFallsBackToItsId() {
        Topology topo = topology(rack("r1", device("pdu1", "srv", null), device("pdu2", "srv", Map.of())));
        Map<String, Targets> t = collect(topo, catalog(List.of(deviceTemplate("srv", "node_up")), List.of(),
                List.of()));
        assertEquals(List.of("pdu1", "pdu2"), t.get("node_up").node());
    }

    @Test
    void dictAndListInstanceValuesUseTheCanonicalExpansion() {
        Topology topo = topology(rack("r1", device("d1", "srv", Map.of("1", "x01", "2", "x02"))));
        Map<String, Targets> t = collect(topo, catalog(List.of(deviceTemplate("srv", "node_up")), List.of(),
                List.of()));
        assertEquals(List.of("x01", "x02"), t.get("node_up").node());
    }

    @Test
    void nothingLoadedGivesNothing() {
        assertTrue(CheckTargets.collect(null, Catalog.EMPTY, List.of(NODE_UP)).isEmpty());
        assertTrue(CheckTargets.collect(topology(rack("r1")), Catalog.EMPTY, List.of()).isEmpty());
    }

    @Test
    void codePointOrderMatchesPythonSorted() {
        Topology topo = topology(rack("r1", device("d1", "srv", List.of("b", "B", "a", "_", "Z"))));
        Map<String, Targets> t = collect(topo, catalog(List.of(deviceTemplate("srv", "node_up")), List.of(),
                List.of()));
        assertEquals(List.of("B", "Z", "_", "a", "b"), t.get("node_up").node());
    }
}
