package dev.rackscope.core.telemetry;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.rackscope.api.http.ApiException;
import dev.rackscope.api.http.ApiServlet;
import dev.rackscope.api.http.Json;
import dev.rackscope.api.http.ValidationException;
import dev.rackscope.api.model.AppConfig;
import dev.rackscope.api.model.MetricDefinition;
import dev.rackscope.api.snapshot.Snapshot;
import dev.rackscope.api.snapshot.SnapshotService;
import dev.rackscope.api.telemetry.QueryResult;
import dev.rackscope.api.telemetry.Series;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Health and telemetry endpoints outside the room and rack paths: {@code /api/stats/*},
 * {@code /api/alerts/active}, {@code /api/devices/{rack}/{device}/metrics}, {@code /api/metrics/data} and
 * {@code /api/checks/test} (telemetry.md §4).
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({"/api/stats/*", "/api/alerts/*", "/api/devices/*", "/api/metrics/data",
    "/api/checks/test"})
public final class TelemetryServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;

    private final transient SnapshotService snapshots;
    private final transient HealthService health;
    private final transient MaintenanceServlet maintenances;
    private final transient Runnable unlisten;

    @Activate
    public TelemetryServlet(@Reference SnapshotService snapshots, @Reference HealthService health,
                            @Reference MaintenanceServlet maintenances) {
        this.snapshots = snapshots;
        this.health = health;
        this.maintenances = maintenances;
        this.unlisten = maintenances.addChangeListener(() -> health.invalidate("alerts:active"));
        get("/api/stats/global", r -> globalStats());
        get("/api/stats/prometheus", r -> health.prometheusStats());
        get("/api/stats/telemetry", r -> health.telemetryStats());
        get("/api/alerts/active", r -> activeAlerts());
        get("/api/devices/{rack_id}/{device_id}/metrics",
                r -> HealthViews.deviceMetrics(snapshots.current(), r.path("rack_id"), r.path("device_id"), health));
        get("/api/metrics/data", r -> metricsData(r.query("metric_id"), r.query("target_id"), r.query("time_range"),
                r.query("aggregation"), r.query("step")));
        post("/api/checks/test", r -> testCheck(r.jsonObject()));
    }

    @Deactivate
    void deactivate() {
        unlisten.run();
    }

    @Override
    protected String routePath(HttpServletRequest req) {
        return req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
    }

    private Object globalStats() {
        Snapshot s = snapshots.current();
        return health.cached("stats:global", ttl(s),
                () -> HealthViews.globalStats(s, s.config() == null ? null : health.health(s)));
    }

    private Object activeAlerts() {
        Snapshot s = snapshots.current();
        if (s.config() == null) {
            return Map.of("alerts", List.of());
        }
        return health.cached("alerts:active", ttl(s), () -> {
            List<Map<String, Object>> alerts = HealthViews.alerts(s, health.health(s));
            List<Maintenance> windows = maintenances.store().list();
            Instant now = Instant.now();
            List<Map<String, Object>> out = new ArrayList<>();
            for (Map<String, Object> alert : alerts) {
                List<MaintenanceStore.Candidate> candidates = "node".equals(alert.get("type"))
                        ? MaintenanceStore.Candidate.forNode((String) alert.get("node_id"), (String) alert.get("rack_id"),
                                (String) alert.get("room_id"), (String) alert.get("site_id"))
                        : MaintenanceStore.Candidate.forRack((String) alert.get("rack_id"),
                                (String) alert.get("room_id"), (String) alert.get("site_id"));
                Maintenance m = MaintenanceStore.match(windows, candidates, now).orElse(null);
                if (m == null) {
                    out.add(alert);
                } else if (m.effect() != Maintenance.Effect.HIDE) {
                    Map<String, Object> badged = new LinkedHashMap<>(alert);
                    badged.put("maintenance", m.badge());
                    out.add(badged);
                }
            }
            return Map.of("alerts", out);
        });
    }

    private static int ttl(Snapshot s) {
        return s.config() == null ? 5 : s.config().cache().serviceTtlSeconds();
    }

    // ------------------------------------------------------------------ /api/metrics/data

    private Map<String, Object> metricsData(String metricId, String targetId, String timeRange, String aggregation,
                                            String step) {
        List<Map<String, Object>> missing = new ArrayList<>();
        if (metricId == null) {
            missing.add(missingQuery("metric_id"));
        }
        if (targetId == null) {
            missing.add(missingQuery("target_id"));
        }
        if (!missing.isEmpty()) {
            throw new ValidationException(missing);
        }
        Snapshot s = snapshots.current();
        MetricDefinition def = s.metrics().stream().filter(m -> m.id().equals(metricId)).findFirst()
                .orElseThrow(() -> ApiException.notFound("Metric '" + metricId + "' not found"));
        String range = timeRange == null ? "24h" : timeRange;
        long seconds = parseDuration(range);
        String effectiveStep = step == null || step.equals("1m") ? autoStep(seconds) : step;
        String query = def.metric().replace("{instance}", targetId).replace("{rack_id}", targetId)
                .replace("{chassis_id}", targetId).replace("{pduid}", targetId).replace("{inletid}", "I1");
        double end = System.currentTimeMillis() / 1000.0;
        QueryResult r = health.queryRange(query, end - seconds, end, effectiveStep);
        List<Map<String, Object>> series = new ArrayList<>();
        if (r.success()) {
            for (Series item : r.result()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("metric", item.labels());
                m.put("values", item.values() == null ? List.of() : item.values());
                series.add(m);
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("metric_id", metricId);
        body.put("target_id", targetId);
        body.put("time_range", range);
        body.put("step", effectiveStep);
        body.put("unit", def.display() == null ? null : def.display().unit());
        body.put("aggregation", aggregation != null ? aggregation
                : def.display() == null ? null : def.display().aggregation());
        body.put("query", query);
        body.put("series", series);
        return body;
    }

    private static Map<String, Object> missingQuery(String name) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("type", "missing");
        e.put("loc", List.of("query", name));
        e.put("msg", "Field required");
        e.put("input", null);
        return e;
    }

    static long parseDuration(String range) {
        try {
            char unit = range.isEmpty() ? ' ' : range.charAt(range.length() - 1);
            long mult = switch (unit) {
                case 'm' -> 60;
                case 'h' -> 3600;
                case 'd' -> 86400;
                case 'w' -> 604800;
                default -> 0;
            };
            long n = mult == 0 ? Long.parseLong(range.trim()) : Long.parseLong(range.substring(0, range.length() - 1));
            return mult == 0 ? n : n * mult;
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw ApiException.badRequest("Invalid time_range: " + range);
        }
    }

    static String autoStep(long seconds) {
        if (seconds <= 3600) {
            return "1m";
        }
        if (seconds <= 21600) {
            return "5m";
        }
        if (seconds <= 86400) {
            return "15m";
        }
        return seconds <= 604800 ? "1h" : "6h";
    }

    // ------------------------------------------------------------------ /api/checks/test

    /**
     * Where {@code POST /api/checks/test} sends the expression: {@code telemetry.prometheus_url}, else the
     * {@code PROMETHEUS_URL} the health client also falls back to (the demo start script sets only that, so the
     * original's rule, which skips it, made the Checks editor's Test fail in demo mode), else the original's
     * {@code http://localhost:9090}. Trailing slashes are dropped.
     */
    static String checkTestUrl(AppConfig.Telemetry telemetry, String envUrl) {
        String url = telemetry == null ? null : telemetry.prometheusUrl();
        if (url == null || url.isBlank()) {
            url = envUrl;
        }
        if (url == null || url.isBlank()) {
            url = "http://localhost:9090";
        }
        return url.trim().replaceAll("/+$", "");
    }

    private Map<String, Object> testCheck(JsonNode body) {
        Snapshot s = snapshots.current();
        AppConfig config = s.config();
        if (config == null) {
            throw new ApiException(503, "App config not loaded");
        }
        JsonNode exprNode = body.get("expr");
        if (exprNode != null && !exprNode.isNull() && !exprNode.isTextual()) {
            throw ValidationException.of("string_type", List.of("body", "expr"), "Input should be a valid string",
                    exprNode);
        }
        String expr = exprNode == null || exprNode.isNull() ? "" : exprNode.asText().trim();
        if (expr.isEmpty()) {
            throw ApiException.badRequest("Expression is required");
        }
        JsonNode vars = body.get("variables");
        if (vars != null && !vars.isNull()) {
            if (!vars.isObject()) {
                throw ValidationException.of("dict_type", List.of("body", "variables"),
                        "Input should be a valid dictionary", vars);
            }
            for (var it = vars.fields(); it.hasNext();) {
                var e = it.next();
                expr = expr.replace("$" + e.getKey(), e.getValue().asText());
            }
        }
        String base = checkTestUrl(config.telemetry(), System.getenv("PROMETHEUS_URL"));
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15)).build();
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(base + "/api/v1/query?query="
                    + URLEncoder.encode(expr, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(15)).GET().build();
        } catch (IllegalArgumentException e) {
            throw new ApiException(502, "Cannot reach Prometheus: " + e.getMessage());
        }
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException e) {
            throw new ApiException(502, "Cannot reach Prometheus: " + e.getMessage());
        } catch (HttpTimeoutException e) {
            throw new ApiException(504, "Prometheus query timed out (15s)");
        } catch (IOException e) {
            throw new ApiException(502, "Cannot reach Prometheus: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(502, "Interrupted");
        }
        if (response.statusCode() != 200) {
            String text = response.body() == null ? "" : response.body();
            throw new ApiException(502, "Prometheus returned HTTP " + response.statusCode() + ": "
                    + text.substring(0, Math.min(300, text.length())));
        }
        JsonNode json;
        try {
            json = Json.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new ApiException(502, "Prometheus returned invalid JSON: " + e.getMessage());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("expr", expr);
        out.put("prometheus", json);
        return out;
    }
}
