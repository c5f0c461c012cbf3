package dev.rackscope.core.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.rackscope.api.model.AppConfig;
import dev.rackscope.api.telemetry.PrometheusClient.CacheKind;

/** telemetry.md §1.1 and §8.5: what the client takes from app.yaml and the environment. */
class PrometheusSettingsTest {

    private static AppConfig config(AppConfig.Telemetry telemetry, AppConfig.Cache cache) {
        return new AppConfig(null, null, null, cache, telemetry, null, null, null, null, null, null, null, null);
    }

    private static AppConfig.Telemetry telemetry(String url, double timeout, int window, String user, String password,
                                                 boolean verify, String ca, String cert, String key) {
        return new AppConfig.Telemetry(url, timeout, "instance", "rack_id", "chassis_id", ".*", 30, window, false,
                user, password, verify, ca, cert, key);
    }

    @Test
    void withoutConfigTheClientDefaultsApply() {
        PrometheusSettings s = PrometheusSettings.from(null, null, null);
        assertEquals("http://prometheus:9090", s.baseUrl());
        assertEquals(Duration.ofSeconds(5), s.timeout());
        assertEquals(Duration.ofSeconds(2), s.connectTimeout());
        assertEquals(Duration.ofSeconds(60), s.genericTtl());
        assertEquals(Duration.ofSeconds(60), s.healthTtl());
        assertEquals(Duration.ofSeconds(60), s.metricsTtl());
        assertEquals(20, s.latencyWindow());
        assertTrue(s.tlsVerify());
        assertNull(s.basicAuthUser());
    }

    @Test
    void withoutConfigTheEnvironmentGivesUrlAndCacheTtl() {
        PrometheusSettings s = PrometheusSettings.from(null, "http://prom.example:9090//", "15");
        assertEquals("http://prom.example:9090", s.baseUrl());
        assertEquals(Duration.ofSeconds(15), s.genericTtl());
        assertEquals(Duration.ofSeconds(15), s.healthTtl());
        assertEquals(Duration.ofSeconds(60), PrometheusSettings.from(null, null, "nonsense").genericTtl());
    }

    @Test
    void appYamlValuesAreTaken() {
        AppConfig cfg = config(telemetry("https://thanos.local:10902/prom/", 12.5, 7, "u", "p", false, "/ca.pem",
                "/c.pem", "/k.pem"), new AppConfig.Cache(30, 15, 90, 5));

        PrometheusSettings s = PrometheusSettings.from(cfg, "http://ignored:9090", null);

        assertEquals("https://thanos.local:10902/prom", s.baseUrl());
        assertEquals(Duration.ofMillis(12500), s.timeout());
        assertEquals(Duration.ofSeconds(2), s.connectTimeout());
        assertEquals(7, s.latencyWindow());
        assertEquals("u", s.basicAuthUser());
        assertEquals("p", s.basicAuthPassword());
        assertFalse(s.tlsVerify());
        assertEquals("/ca.pem", s.tlsCaFile());
        assertEquals("/c.pem", s.tlsCertFile());
        assertEquals("/k.pem", s.tlsKeyFile());
        assertEquals(Duration.ofSeconds(15), s.ttl(CacheKind.HEALTH));
        assertEquals(Duration.ofSeconds(90), s.ttl(CacheKind.METRICS));
        assertEquals(Duration.ofSeconds(30), s.ttl(CacheKind.GENERIC));
        assertEquals(Duration.ZERO, s.ttl(CacheKind.NONE));
    }

    @Test
    void nullOrEmptyUrlFallsBackToTheEnvironmentThenTheDefault() {
        AppConfig empty = config(telemetry("", 5, 20, null, null, true, null, null, null), null);
        assertEquals("http://env:9090", PrometheusSettings.from(empty, "http://env:9090/", null).baseUrl());
        assertEquals("http://prometheus:9090", PrometheusSettings.from(empty, "", null).baseUrl());
        AppConfig none = config(telemetry(null, 5, 20, null, null, true, null, null, null), null);
        assertEquals("http://env:9090", PrometheusSettings.from(none, "http://env:9090", null).baseUrl());
    }

    @Test
    void everyTrailingSlashIsRemoved() {
        assertEquals("http://p:9090", PrometheusSettings.defaults("http://p:9090///").baseUrl());
        assertEquals("http://p:9090/sub", PrometheusSettings.defaults("http://p:9090/sub/").baseUrl());
    }

    @Test
    void appYamlWithoutCacheSectionUsesTheSectionDefaults() {
        PrometheusSettings s = PrometheusSettings.from(config(null, null), null, "99");
        assertEquals(Duration.ofSeconds(30), s.healthTtl());
        assertEquals(Duration.ofSeconds(120), s.metricsTtl());
        assertEquals(Duration.ofSeconds(30), s.genericTtl());
        assertEquals(Duration.ofSeconds(5), s.timeout());
        assertEquals(20, s.latencyWindow());
    }

    @Test
    void emptyCredentialsCountAsAbsentAndThePasswordIsNeverPrinted() {
        PrometheusSettings s = PrometheusSettings.defaults(null).withBasicAuth("", "");
        assertNull(s.basicAuthUser());
        assertNull(s.basicAuthPassword());
        PrometheusSettings secret = s.withBasicAuth("admin", "hunter2");
        assertFalse(secret.toString().contains("hunter2"));
    }

    @Test
    void missingTtlsFallBackToTheGenericOne() {
        PrometheusSettings s = PrometheusSettings.defaults(null).withTtls(null, null, Duration.ofSeconds(9));
        assertEquals(Duration.ofSeconds(9), s.healthTtl());
        assertEquals(Duration.ofSeconds(9), s.metricsTtl());
    }
}
