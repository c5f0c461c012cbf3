package dev.rackscope.core.telemetry;

import static dev.rackscope.core.telemetry.TelemetryFixtures.check;
import static dev.rackscope.core.telemetry.TelemetryFixtures.device;
import static dev.rackscope.core.telemetry.TelemetryFixtures.expand;
import static dev.rackscope.core.telemetry.TelemetryFixtures.rack;
import static dev.rackscope.core.telemetry.TelemetryFixtures.rule;
import static dev.rackscope.core.telemetry.TelemetryFixtures.series;
import static dev.rackscope.core.telemetry.TelemetryFixtures.snapshot;
import static dev.rackscope.core.telemetry.TelemetryFixtures.topology;
import static dev.rackscope.core.telemetry.TelemetryFixtures.withSelectors;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.rackscope.api.model.CheckDefinition;
import dev.rackscope.api.snapshot.Snapshot;
import dev.rackscope.api.telemetry.QueryResult;
import dev.rackscope.api.telemetry.Series;
import dev.rackscope.core.telemetry.TelemetryFixtures.FakeProm;
import dev.rackscope.core.telemetry.TelemetryFixtures.ManualClock;

/** The labels the planner says it reads from each query, and that a projected answer gives the same health. */
class HealthPlannerLabelsTest {

    static final CheckDefinition UP = check("node_up", "node", "up{instance=~\"$instances\"}", rule("==", 0, "CRIT"));
    static final CheckDefinition POWER = check("rack_power", "rack", "p{rack_id=~\"$racks\"}", rule(">", 10, "WARN"));
    static final CheckDefinition BY_SERIAL = withSelectors(check("psu", "node", "psu{instance=~\"$instances\"}",
            rule("==", 1, "CRIT")), "serial", "model");
    static final CheckDefinition DRIVE = expand(check("drive", "node", "drive{instance=~\"$instances\"}",
            rule("==", 1, "CRIT")), "slot", "drive_info{instance=~\"$instances\"}", "OK", null);

    /** Records the labels asked for per query, answering from a {@link FakeProm} projected to those labels. */
    static final class Recording implements HealthPlanner.Query {
        final FakeProm prom;
        final boolean project;
        final Map<String, Set<String>> asked = new HashMap<>();

        Recording(FakeProm prom, boolean project) {
            this.prom = prom;
            this.project = project;
        }

        @Override
        public synchronized QueryResult run(String promql, Set<String> labels) {
            asked.put(promql.substring(0, promql.indexOf('{')), labels);
            QueryResult r = prom.apply(promql);
            if (!project) {
                return r;
            }
            List<Series> kept = r.result().stream().map(s -> {
                Map<String, String> l = new LinkedHashMap<>(s.labels());
                l.keySet().retainAll(labels);
                return new Series(l, s.timestamp(), s.value(), s.values());
            }).toList();
            return new QueryResult(r.success(), r.resultType(), kept, r.error(), r.raw());
        }
    }

    static FakeProm prom() {
        return new FakeProm()
                .on("up{", series("0", "instance", "n1", "job", "node", "rack_id", "r1"),
                        series("1", "instance", "n2", "job", "node", "rack_id", "r1"))
                .on("p{", series("20", "rack_id", "r1", "inlet", "I1"))
                .on("psu{", series("1", "instance", "n1", "serial", "S1", "model", "M"))
                .on("drive_info{", series("1", "instance", "n2", "slot", "3", "vendor", "x"))
                .on("drive{", series("1", "instance", "n2", "slot", "3", "vendor", "x"));
    }

    static Snapshot cfg() {
        return snapshot(topology(rack("r1", device("d1", "n1"), device("d2", "n2"))), UP, POWER, BY_SERIAL, DRIVE);
    }

    @Test
    void eachQueryIsToldTheLabelsItsChecksRead() {
        Recording q = new Recording(prom(), false);
        new HealthPlanner(new ManualClock()).recompute(cfg(), null, q, () -> 1_000L);
        assertEquals(Map.of("up", Set.of("instance"), "p", Set.of("rack_id"), "psu", Set.of("serial"),
                "drive", Set.of("instance", "slot"), "drive_info", Set.of("instance", "slot")), q.asked);
    }

    @Test
    void anExpressionSharedByChecksGetsTheUnionOfTheirLabels() {
        CheckDefinition byRack = withSelectors(check("up_by_rack", "node", UP.expr(), rule("==", 0, "WARN")),
                "rack_id");
        Recording q = new Recording(prom(), false);
        new HealthPlanner(new ManualClock()).recompute(
                snapshot(topology(rack("r1", device("d1", "n1"))), UP, byRack), null, q, () -> 1_000L);
        assertEquals(Map.of("up", Set.of("instance", "rack_id")), q.asked);
    }

    @Test
    void projectedAnswersGiveTheSameHealthAsFullOnes() {
        HealthSnapshot full = new HealthPlanner(new ManualClock()).recompute(cfg(), null,
                new Recording(prom(), false), () -> 1_000L);
        HealthSnapshot projected = new HealthPlanner(new ManualClock()).recompute(cfg(), null,
                new Recording(prom(), true), () -> 1_000L);
        assertEquals(full, projected);
        assertEquals(dev.rackscope.api.telemetry.Severity.CRIT, projected.nodeStates().get("n1"));
    }
}
