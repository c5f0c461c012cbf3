package dev.rackscope.core.telemetry;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.rackscope.api.model.CheckDefinition;
import dev.rackscope.api.model.Device;
import dev.rackscope.api.model.DeviceTemplate;
import dev.rackscope.api.model.MetricDefinition;
import dev.rackscope.api.model.Rack;
import dev.rackscope.api.model.RackComponentTemplate;
import dev.rackscope.api.model.RackTemplate;
import dev.rackscope.api.model.Room;
import dev.rackscope.api.model.Site;
import dev.rackscope.api.snapshot.Snapshot;
import dev.rackscope.api.snapshot.TopologyIndex;
import dev.rackscope.api.telemetry.PrometheusClient;
import dev.rackscope.api.telemetry.QueryResult;
import dev.rackscope.api.telemetry.Series;
import dev.rackscope.api.telemetry.Severity;

/**
 * The JSON bodies of the health endpoints (telemetry.md §4), built from one configuration snapshot and one
 * health snapshot. Pure functions apart from the metric queries of rack and device metrics.
 */
public final class HealthViews {

    private static final Pattern BASE_NAME = Pattern.compile("^[a-zA-Z_:][a-zA-Z0-9_:]*");

    private HealthViews() {
    }

    static Severity unknownState(Snapshot s) {
        return PlannerConfig.from(s.config()).unknownState();
    }

    // ------------------------------------------------------------------ rooms

    /** {@code /api/rooms/{id}/state}; {@code null} when the room does not exist. */
    public static Map<String, Object> roomState(Snapshot s, HealthSnapshot h, String roomId) {
        if (!roomExists(s, roomId)) {
            return null;
        }
        Map<String, Object> racks = new LinkedHashMap<>();
        RollUp.roomRackSummary(s.topology(), roomId, h).forEach((rackId, sum) -> {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("state", h.rackStates().getOrDefault(rackId, Severity.UNKNOWN).name());
            r.put("node_total", sum.nodeTotal());
            r.put("node_crit", sum.nodeCrit());
            r.put("node_warn", sum.nodeWarn());
            racks.put(rackId, r);
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("room_id", roomId);
        body.put("state", RollUp.roomState(s.topology(), roomId, h.rackStates()).name());
        body.put("racks", racks);
        return body;
    }

    public static boolean roomExists(Snapshot s, String roomId) {
        for (Site site : s.topology().sites()) {
            for (Room room : site.rooms()) {
                if (room.id().equals(roomId)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** {@code /api/rooms/states}. */
    public static Map<String, Object> roomStates(Snapshot s, HealthSnapshot h) {
        Map<String, Object> out = new LinkedHashMap<>();
        RollUp.roomStates(s.topology(), h.rackStates()).forEach((k, v) -> out.put(k, v.name()));
        return out;
    }

    // ------------------------------------------------------------------ racks

    /** {@code /api/racks/{id}/state}; {@code null} when the rack does not exist. */
    public static Map<String, Object> rackState(Snapshot s, HealthSnapshot h, String rackId, boolean withMetrics,
                                                PrometheusClient prometheus) {
        TopologyIndex.RackRef ref = s.index().racks().get(rackId);
        if (ref == null) {
            return null;
        }
        Rack rack = firstRack(s, rackId).orElse(ref.rack());
        Set<String> instances = new LinkedHashSet<>();
        for (Device d : rack.devices()) {
            instances.addAll(TopologyIds.instances(d));
        }
        Map<String, Map<String, Double>> deviceMetrics = withMetrics
                ? collectDeviceMetrics(s, rack, prometheus) : Map.of();
        Set<String> candidates = new LinkedHashSet<>(deviceMetrics.keySet());
        candidates.addAll(h.nodeStates().keySet());
        Map<String, Object> nodes = new LinkedHashMap<>();
        double powerSum = 0;
        double tempSum = 0;
        int tempCount = 0;
        List<Severity> nodeStates = new ArrayList<>();
        for (String key : candidates) {
            int colon = key.indexOf(':');
            String instance = colon < 0 ? key : key.substring(0, colon);
            if (!instances.contains(instance)) {
                continue;
            }
            Map<String, Double> m = deviceMetrics.getOrDefault(key, Map.of());
            double temperature = firstTruthy(m, "temperature", "node_temperature_celsius", "ipmi_temperature_celsius");
            double power = firstTruthy(m, "power", "node_power_watts", "ipmi_power_watts");
            Severity state = h.nodeStates().getOrDefault(key, Severity.UNKNOWN);
            nodeStates.add(state);
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("state", state.name());
            n.put("temperature", temperature);
            n.put("power", power);
            n.put("checks", checkList(s, h.nodeChecks().get(key)));
            n.put("alerts", checkList(s, h.nodeAlerts().get(key)));
            nodes.put(key, n);
            powerSum += power;
            if (temperature > 0) {
                tempSum += temperature;
                tempCount++;
            }
        }
        Severity rackState = h.rackStates().get(rackId);
        if (rackState == null) {
            rackState = RollUp.aggregate(nodeStates, Severity.UNKNOWN);
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("temperature", tempCount == 0 ? 0.0 : tempSum / tempCount);
        metrics.put("power", powerSum);
        Map<String, Object> infra = new LinkedHashMap<>();
        infra.put("components", withMetrics ? collectComponentMetrics(s, rack, prometheus) : Map.of());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("rack_id", rackId);
        body.put("state", rackState.name());
        body.put("checks", checkList(s, h.rackChecks().get(rackId)));
        body.put("alerts", checkList(s, h.rackAlerts().get(rackId)));
        body.put("metrics", metrics);
        body.put("infra_metrics", infra);
        body.put("nodes", nodes);
        return body;
    }

    private static Optional<Rack> firstRack(Snapshot s, String rackId) {
        return TopologyIds.racks(s.topology()).stream().filter(r -> r.id().equals(rackId)).findFirst();
    }

    private static double firstTruthy(Map<String, Double> m, String... keys) {
        for (String k : keys) {
            Double v = m.get(k);
            if (v != null && v != 0 && !v.isNaN()) {
                return v;
            }
        }
        return 0;
    }

    private static List<Map<String, Object>> checkList(Snapshot s, Map<String, Severity> checks) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (checks == null) {
            return out;
        }
        checks.forEach((id, sev) -> {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("id", id);
            c.put("name", s.checks().stream().filter(ch -> ch.id().equals(id)).map(CheckDefinition::name)
                    .findFirst().orElse(id));
            c.put("severity", sev.name());
            out.add(c);
        });
        return out;
    }

    /** instance (or node_id) → metric key → value, for the devices of a rack (§4.6). */
    static Map<String, Map<String, Double>> collectDeviceMetrics(Snapshot s, Rack rack, PrometheusClient prometheus) {
        List<CompletableFuture<Map<String, Map<String, Double>>>> futures = new ArrayList<>();
        for (Device device : rack.devices()) {
            DeviceTemplate template = s.catalog().deviceTemplate(device.templateId()).orElse(null);
            List<String> instances = TopologyIds.instances(device);
            if (template == null || template.metrics() == null || template.metrics().isEmpty() || instances.isEmpty()) {
                continue;
            }
            for (String metricId : template.metrics()) {
                futures.add(CompletableFuture.supplyAsync(
                        () -> deviceMetric(s, rack.id(), metricId, instances, prometheus)));
            }
        }
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        for (CompletableFuture<Map<String, Map<String, Double>>> f : futures) {
            f.join().forEach((inst, values) -> out.computeIfAbsent(inst, k -> new LinkedHashMap<>()).putAll(values));
        }
        return out;
    }

    private static Map<String, Map<String, Double>> deviceMetric(Snapshot s, String rackId, String metricId,
                                                                 List<String> instances, PrometheusClient prometheus) {
        MetricDefinition def = s.metrics().stream().filter(m -> m.id().equals(metricId)).findFirst().orElse(null);
        String filter = instances.size() == 1 ? "instance=\"" + instances.get(0) + "\""
                : "instance=~\"" + String.join("|", instances) + "\"";
        String key;
        String query;
        if (def != null) {
            Matcher m = BASE_NAME.matcher(def.metric());
            key = m.find() ? m.group() : metricId;
            query = def.metric().replace("instance=\"$instance\"", filter).replace("instance=\"{instance}\"", filter);
        } else {
            key = metricId;
            query = metricId + "{rack_id=\"" + rackId + "\", " + filter + "}";
        }
        QueryResult r = prometheus.query(query, PrometheusClient.CacheKind.METRICS);
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        for (Series series : r.result()) {
            String inst = series.label("instance") != null ? series.label("instance") : series.label("node_id");
            if (inst == null || series.number().isEmpty()) {
                continue;
            }
            out.computeIfAbsent(inst, k -> new LinkedHashMap<>()).put(key, series.number().getAsDouble());
        }
        return out;
    }

    /** component template id → metric id → summed value (§4.6). */
    static Map<String, Object> collectComponentMetrics(Snapshot s, Rack rack, PrometheusClient prometheus) {
        Map<String, Object> out = new LinkedHashMap<>();
        RackTemplate template = rack.templateId() == null ? null : s.catalog().rackTemplate(rack.templateId()).orElse(null);
        if (template == null || template.infrastructure() == null || template.infrastructure().rackComponents() == null) {
            return out;
        }
        for (RackTemplate.RackComponentRef ref : template.infrastructure().rackComponents()) {
            RackComponentTemplate component = s.catalog().rackComponentTemplate(ref.templateId()).orElse(null);
            if (component == null || component.metrics() == null || component.metrics().isEmpty()) {
                continue;
            }
            Map<String, Object> values = new LinkedHashMap<>();
            for (String metricId : component.metrics()) {
                MetricDefinition def = s.metrics().stream().filter(m -> m.id().equals(metricId)).findFirst().orElse(null);
                String query = def != null
                        ? def.metric().replace("$rack_id", rack.id()).replace("\"{rack_id}\"", "\"" + rack.id() + "\"")
                                .replace("{rack_id}", rack.id())
                        : metricId + "{rack_id=\"" + rack.id() + "\"}";
                QueryResult r = prometheus.query(query, PrometheusClient.CacheKind.METRICS);
                double sum = 0;
                boolean any = false;
                for (Series series : r.result()) {
                    if (series.number().isPresent() && !Double.isNaN(series.number().getAsDouble())) {
                        sum += series.number().getAsDouble();
                        any = true;
                    }
                }
                if (any) {
                    values.put(metricId, sum);
                }
            }
            if (!values.isEmpty()) {
                out.put(component.id(), values);
            }
        }
        return out;
    }

    /** {@code /api/devices/{rack}/{device}/metrics}, with the metrics library (the original forgot it). */
    public static Map<String, Object> deviceMetrics(Snapshot s, String rackId, String deviceId,
                                                    PrometheusClient prometheus) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("device_id", deviceId);
        body.put("rack_id", rackId);
        Map<String, Map<String, Double>> metrics = new LinkedHashMap<>();
        Optional<Rack> rack = firstRack(s, rackId);
        Device device = rack.flatMap(r -> r.devices().stream().filter(d -> d.id().equals(deviceId)).findFirst())
                .orElse(null);
        if (device != null) {
            Rack single = new Rack(rack.get().id(), rack.get().name(), rack.get().templateId(), rack.get().uHeight(),
                    rack.get().aisleId(), List.of(device));
            metrics = collectDeviceMetrics(s, single, prometheus);
        }
        body.put("metrics", metrics);
        return body;
    }

    // ------------------------------------------------------------------ alerts and stats

    /** The alert entries of §4.8, before maintenance filtering; {@code instance} keys without context are skipped. */
    public static List<Map<String, Object>> alerts(Snapshot s, HealthSnapshot h) {
        List<Map<String, Object>> out = new ArrayList<>();
        TopologyIndex index = s.index();
        h.nodeAlerts().forEach((node, checks) -> {
            TopologyIndex.InstanceRef ref = index.instances().get(node);
            if (ref == null || checks.isEmpty()) {
                return;
            }
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("type", "node");
            e.put("node_id", node);
            e.put("state", h.nodeStates().getOrDefault(node, Severity.UNKNOWN).name());
            e.put("checks", severities(checks));
            e.put("site_id", ref.site().id());
            e.put("site_name", ref.site().name());
            e.put("room_id", ref.room().id());
            e.put("room_name", ref.room().name());
            e.put("rack_id", ref.rack().id());
            e.put("rack_name", ref.rack().name());
            e.put("device_id", ref.device().id());
            e.put("device_name", ref.device().name());
            out.add(e);
        });
        h.rackAlerts().forEach((rackId, checks) -> {
            TopologyIndex.RackRef ref = index.racks().get(rackId);
            if (ref == null || checks.isEmpty()) {
                return;
            }
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("type", "rack");
            e.put("rack_id", rackId);
            e.put("state", h.rackStates().getOrDefault(rackId, Severity.UNKNOWN).name());
            e.put("checks", severities(checks));
            e.put("site_id", ref.site().id());
            e.put("site_name", ref.site().name());
            e.put("room_id", ref.room().id());
            e.put("room_name", ref.room().name());
            e.put("rack_name", ref.rack().name());
            out.add(e);
        });
        return out;
    }

    private static List<Map<String, Object>> severities(Map<String, Severity> checks) {
        List<Map<String, Object>> out = new ArrayList<>();
        checks.forEach((id, sev) -> {
            if (sev == Severity.WARN || sev == Severity.CRIT) {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("id", id);
                c.put("severity", sev.name());
                out.add(c);
            }
        });
        return out;
    }

    /** {@code /api/stats/global}. */
    public static Map<String, Object> globalStats(Snapshot s, HealthSnapshot h) {
        RollUp.GlobalStats g = RollUp.globalStats(s.topology(), h == null ? Map.of() : h.rackStates());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total_rooms", g.totalRooms());
        body.put("total_racks", g.totalRacks());
        body.put("active_alerts", g.activeAlerts());
        body.put("crit_count", g.critCount());
        body.put("warn_count", g.warnCount());
        body.put("status", g.status().name());
        return body;
    }

    static Set<String> ids(List<String> list) {
        return new HashSet<>(list);
    }
}
