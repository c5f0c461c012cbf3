package dev.rackscope.core.telemetry;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.rackscope.api.model.Aisle;
import dev.rackscope.api.model.AppConfig;
import dev.rackscope.api.model.Catalog;
import dev.rackscope.api.model.CheckDefinition;
import dev.rackscope.api.model.Device;
import dev.rackscope.api.model.DeviceTemplate;
import dev.rackscope.api.model.Rack;
import dev.rackscope.api.model.RackComponentTemplate;
import dev.rackscope.api.model.RackTemplate;
import dev.rackscope.api.model.Room;
import dev.rackscope.api.model.Site;
import dev.rackscope.api.model.Topology;
import dev.rackscope.api.snapshot.Snapshot;
import dev.rackscope.api.snapshot.TopologyIndex;
import dev.rackscope.api.telemetry.QueryResult;
import dev.rackscope.api.telemetry.Series;

/** Builders for planner tests: records built directly, a fake Prometheus and a manual clock. */
final class TelemetryFixtures {

    private TelemetryFixtures() {
    }

    // ------------------------------------------------------------------ topology

    static Device device(String id, Object instance) {
        return device(id, "tpl", instance);
    }

    static Device device(String id, String template, Object instance) {
        return new Device(id, id, template, 1, instance, null, null);
    }

    static Rack rack(String id, Device... devices) {
        return rack(id, null, devices);
    }

    static Rack rack(String id, String template, Device... devices) {
        return new Rack(id, id, template, 42, null, List.of(devices));
    }

    static Aisle aisle(String id, Rack... racks) {
        return new Aisle(id, id, List.of(racks));
    }

    static Room room(String id, List<Aisle> aisles, List<Rack> standalone) {
        return new Room(id, id, null, null, aisles, standalone);
    }

    static Room room(String id, Rack... racks) {
        return room(id, List.of(aisle(id + "-a", racks)), List.of());
    }

    static Site site(String id, Room... rooms) {
        return new Site(id, id, null, null, List.of(rooms));
    }

    static Topology topology(Site... sites) {
        return new Topology(List.of(sites));
    }

    /** One site, one room, one aisle holding {@code racks}. */
    static Topology topology(Rack... racks) {
        return topology(site("site1", room("room1", racks)));
    }

    // ------------------------------------------------------------------ checks

    static CheckDefinition.Rule rule(String op, Object value, String severity) {
        return new CheckDefinition.Rule(op, value, severity);
    }

    static CheckDefinition check(String id, String scope, String expr, CheckDefinition.Rule... rules) {
        return new CheckDefinition(id, id, scope, expr, "bool", List.of(), List.of(rules), null, null, null, null,
                null, null);
    }

    static CheckDefinition withFor(CheckDefinition c, String forDuration) {
        return new CheckDefinition(c.id(), c.name(), c.scope(), c.expr(), c.output(), c.selectors(), c.rules(),
                c.kind(), c.expandByLabel(), c.expandDiscoveryExpr(), c.expandAbsentState(),
                c.expandCritThreshold(), forDuration);
    }

    static CheckDefinition withSelectors(CheckDefinition c, String... selectors) {
        return new CheckDefinition(c.id(), c.name(), c.scope(), c.expr(), c.output(), List.of(selectors), c.rules(),
                c.kind(), c.expandByLabel(), c.expandDiscoveryExpr(), c.expandAbsentState(),
                c.expandCritThreshold(), c.forDuration());
    }

    static CheckDefinition expand(CheckDefinition c, String label, String discoveryExpr, String absentState,
                                  Integer critThreshold) {
        return new CheckDefinition(c.id(), c.name(), c.scope(), c.expr(), c.output(), c.selectors(), c.rules(),
                c.kind(), label, discoveryExpr, absentState, critThreshold, c.forDuration());
    }

    // ------------------------------------------------------------------ catalog

    static DeviceTemplate deviceTemplate(String id, String... checks) {
        return new DeviceTemplate(id, id, "server", null, null, 1, null, null, null, List.of(), List.of(checks),
                List.of(), null);
    }

    static RackTemplate rackTemplate(String id, List<String> checks, String... componentIds) {
        List<RackTemplate.RackComponentRef> refs = new ArrayList<>();
        for (String c : componentIds) {
            refs.add(new RackTemplate.RackComponentRef(c, 1, 1, "left"));
        }
        return new RackTemplate(id, id, 42,
                new RackTemplate.Infrastructure(List.of(), List.of(), List.of(), List.of(), refs), checks);
    }

    static RackComponentTemplate componentTemplate(String id, String... checks) {
        return new RackComponentTemplate(id, id, "pdu", null, null, null, "left", 0, null, List.of(checks),
                List.of());
    }

    static Catalog catalog(List<DeviceTemplate> devices, List<RackTemplate> racks,
                           List<RackComponentTemplate> components) {
        return new Catalog(devices, racks, components);
    }

    // ------------------------------------------------------------------ config

    static AppConfig appConfig(String unknownState, int ttlSeconds, int maxIds, String jobRegex) {
        AppConfig.Telemetry t = new AppConfig.Telemetry(null, 5.0, "instance", "rack_id", "chassis_id", jobRegex, 30,
                20, false, null, null, true, null, null, null);
        AppConfig.Planner p = new AppConfig.Planner(unknownState, ttlSeconds, maxIds);
        return new AppConfig(null, null, null, null, t, p, null, null, null, null, Map.of(), null, null);
    }

    static AppConfig appConfig(int maxIds) {
        return appConfig("UNKNOWN", 0, maxIds, ".*");
    }

    static Snapshot snapshot(AppConfig config, Topology topology, Catalog catalog, CheckDefinition... checks) {
        return new Snapshot(1, Instant.EPOCH, config, Path.of("app.yaml"), topology,
                catalog == null ? Catalog.EMPTY : catalog, List.of(checks), List.of(), TopologyIndex.EMPTY,
                List.of());
    }

    static Snapshot snapshot(Topology topology, CheckDefinition... checks) {
        return snapshot(appConfig(200), topology, null, checks);
    }

    // ------------------------------------------------------------------ prometheus

    static Series series(String value, String... labelPairs) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i + 1 < labelPairs.length; i += 2) {
            labels.put(labelPairs[i], labelPairs[i + 1]);
        }
        return new Series(labels, 1.0, value, null);
    }

    static Series node(String instance, String value) {
        return series(value, "instance", instance);
    }

    static QueryResult ok(Series... items) {
        return new QueryResult(true, "vector", Arrays.asList(items), null, null);
    }

    static QueryResult error() {
        return new QueryResult(false, null, List.of(), "boom", null);
    }

    /**
     * A fake Prometheus: the first registered substring that the query contains gives the answer; anything
     * else gets an empty success. Every query is recorded.
     */
    static class FakeProm implements Function<String, QueryResult> {
        final Map<String, QueryResult> answers = new LinkedHashMap<>();
        final List<String> queries = new ArrayList<>();

        FakeProm on(String substring, QueryResult result) {
            answers.put(substring, result);
            return this;
        }

        FakeProm on(String substring, Series... items) {
            return on(substring, ok(items));
        }

        FakeProm clear() {
            answers.clear();
            return this;
        }

        @Override
        public synchronized QueryResult apply(String query) {
            queries.add(query);
            for (Map.Entry<String, QueryResult> e : answers.entrySet()) {
                if (query.contains(e.getKey())) {
                    return e.getValue();
                }
            }
            return ok();
        }
    }

    /** A clock the test moves by hand (epoch milliseconds). */
    static final class ManualClock implements java.util.function.LongSupplier {
        long now = 1_000_000L;

        @Override
        public long getAsLong() {
            return now;
        }

        void advanceSeconds(double seconds) {
            now += (long) (seconds * 1000);
        }
    }
}
