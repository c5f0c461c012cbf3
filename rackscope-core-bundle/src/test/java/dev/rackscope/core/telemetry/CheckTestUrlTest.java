package dev.rackscope.core.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.rackscope.api.model.AppConfig;

/** Where {@code POST /api/checks/test} queries Prometheus. */
class CheckTestUrlTest {

    private static AppConfig.Telemetry telemetry(String url) {
        return new AppConfig.Telemetry(url, 5.0, "instance", "rack_id", "chassis_id", ".*", 30, 20, false, null, null,
                true, null, null, null);
    }

    @Test
    void appYamlWins() {
        assertEquals("http://prom:9090", TelemetryServlet.checkTestUrl(telemetry("http://prom:9090/"),
                "http://127.0.0.1:9999"));
    }

    @Test
    void withoutAUrlInAppYamlTheDemosPrometheusUrlIsUsed() {
        // bin/rackscope in demo mode sets only PROMETHEUS_URL; the health client already used it
        assertEquals("http://127.0.0.1:9999", TelemetryServlet.checkTestUrl(telemetry(null), "http://127.0.0.1:9999"));
        assertEquals("http://127.0.0.1:9999", TelemetryServlet.checkTestUrl(telemetry("  "), "http://127.0.0.1:9999"));
    }

    @Test
    void neitherGivesTheOriginalsDefault() {
        assertEquals("http://localhost:9090", TelemetryServlet.checkTestUrl(telemetry(null), null));
        assertEquals("http://localhost:9090", TelemetryServlet.checkTestUrl(null, ""));
    }
}
