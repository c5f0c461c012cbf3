package dev.rackscope.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.rackscope.api.http.ApiException;
import dev.rackscope.api.model.MetricDefinition;

/**
 * Validation of {@code POST /overrides} and {@code POST /incidents} bodies, in the original's order and with
 * its messages (simulator.md §2.4, §2.6). Every failure is an {@link ApiException} 400.
 */
final class OverrideRequests {

    /** Metrics any override may name. */
    static final List<String> BASE_METRICS = List.of("up", "rack_down", "node_temperature_celsius",
            "node_power_watts", "node_load_percent", "node_health_status");

    private static final Pattern IDENT = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:]*");
    private static final Pattern IDENT_SELECTOR = Pattern.compile("([A-Za-z_:][A-Za-z0-9_:]*)\\s*[{\\[]");

    private OverrideRequests() {
    }

    /**
     * A validated override; {@code id} is the caller's, or {@code null} when one must be generated from
     * {@code idBase} ({@code {instance or rack_id}-{metric}-{unix seconds}}).
     */
    record NewOverride(String id, String idBase, Object instance, Object rackId, String metric, double value,
                       Long expiresAt) {

        /** The file entry, keys in the original's order. */
        Map<String, Object> entry(String finalId) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("id", finalId);
            e.put("instance", instance);
            e.put("rack_id", rackId);
            e.put("metric", metric);
            e.put("value", value);
            if (expiresAt != null) {
                e.put("expires_at", expiresAt);
            }
            return e;
        }
    }

    /** A validated {@code rack_down} incident. */
    record NewIncident(Object targetId, String idBase, long duration, Long expiresAt) {

        Map<String, Object> entry(String finalId) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("id", finalId);
            e.put("rack_id", targetId);
            e.put("metric", "rack_down");
            e.put("value", 1);
            if (expiresAt != null) {
                e.put("expires_at", expiresAt);
            }
            return e;
        }
    }

    /**
     * Metrics an override may name: the base six plus, when a display library is loaded, the Prometheus
     * name of each library metric (its base name when {@code metric} is a PromQL expression, §6.18).
     */
    static Set<String> validMetrics(List<MetricDefinition> library) {
        Set<String> valid = new TreeSet<>(BASE_METRICS);
        if (library != null) {
            for (MetricDefinition m : library) {
                String base = m.metric() == null ? null : baseMetricName(m.metric());
                if (base != null) {
                    valid.add(base);
                }
            }
        }
        return valid;
    }

    /**
     * The metric name in a library {@code metric} field: a plain identifier as is, else the first identifier
     * followed by {@code {} or {@code [}, else the first identifier ({@code sum(x{job="pdu"})} → {@code x}).
     */
    static String baseMetricName(String expr) {
        String s = expr.strip();
        if (IDENT.matcher(s).matches()) {
            return s;
        }
        Matcher m = IDENT_SELECTOR.matcher(s);
        if (m.find()) {
            return m.group(1);
        }
        m = IDENT.matcher(s);
        return m.find() ? m.group() : null;
    }

    static NewOverride override(JsonNode body, Set<String> validMetrics, int defaultTtlSeconds, long now) {
        JsonNode metric = body.get("metric");
        if (!PyValues.truthy(metric)) {
            throw ApiException.badRequest("metric is required");
        }
        if (!metric.isTextual() || !validMetrics.contains(metric.textValue())) {
            throw ApiException.badRequest("Unsupported metric. Available: " + PyValues.repr(new ArrayList<>(validMetrics)));
        }
        String name = metric.textValue();
        JsonNode instance = body.get("instance");
        JsonNode rackId = body.get("rack_id");
        if (!PyValues.truthy(instance) && !PyValues.truthy(rackId)) {
            throw ApiException.badRequest("instance or rack_id is required");
        }
        if (PyValues.truthy(instance) && name.equals("rack_down")) {
            throw ApiException.badRequest("rack_down requires rack_id");
        }
        JsonNode value = body.get("value");
        if (PyValues.absent(value)) {
            throw ApiException.badRequest("value is required");
        }
        Double v = PyValues.toFloat(value);
        if (v == null || !Double.isFinite(v)) {
            throw ApiException.badRequest("value must be numeric");
        }
        if (name.equals("node_health_status") && v != 0 && v != 1 && v != 2) {
            throw ApiException.badRequest("node_health_status must be 0, 1, or 2");
        }
        if (name.equals("up") && v != 0 && v != 1) {
            throw ApiException.badRequest("up must be 0 or 1");
        }
        JsonNode ttlNode = body.get("ttl_seconds");
        long ttl;
        if (PyValues.absent(ttlNode)) {
            ttl = defaultTtlSeconds;
        } else {
            Long t = PyValues.toInt(ttlNode);
            if (t == null) {
                throw ApiException.badRequest("ttl_seconds must be int");
            }
            ttl = t;
        }
        if (ttl < 0) {
            throw ApiException.badRequest("ttl_seconds must be >= 0");
        }
        JsonNode id = body.get("id");
        String target = PyValues.truthy(instance) ? PyValues.str(instance) : PyValues.str(rackId);
        return new NewOverride(PyValues.truthy(id) ? PyValues.str(id) : null, target + "-" + name + "-" + now,
                PyValues.truthy(instance) ? PyValues.java(instance) : null,
                PyValues.truthy(rackId) ? PyValues.java(rackId) : null, name, v,
                ttl > 0 ? now + ttl : null);
    }

    /**
     * Validates an incident body; {@code null} for a valid {@code aisle_cooling} (not implemented, nothing
     * to write).
     */
    static NewIncident incident(JsonNode body, long now) {
        JsonNode type = body.get("type");
        JsonNode target = body.get("target_id");
        if (!PyValues.truthy(type) || !PyValues.truthy(target)) {
            throw ApiException.badRequest("type and target_id are required");
        }
        String t = type.isTextual() ? type.textValue() : null;
        if (!"rack_down".equals(t) && !"aisle_cooling".equals(t)) {
            throw ApiException.badRequest("type must be 'rack_down' or 'aisle_cooling'");
        }
        long duration = 300;
        if (body.has("duration")) {
            Long d = PyValues.toInt(body.get("duration"));
            if (d == null) {
                throw ApiException.badRequest("duration must be integer");
            }
            duration = d;
        }
        if (duration < 0) {
            throw ApiException.badRequest("duration must be non-negative");
        }
        if (t.equals("aisle_cooling")) {
            return null;
        }
        return new NewIncident(PyValues.java(target), PyValues.str(target) + "-rack_down-" + now, duration,
                duration > 0 ? now + duration : null);
    }
}
