package dev.rackscope.core.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.rackscope.api.model.AppConfig;
import dev.rackscope.api.model.AppConfig.App;
import dev.rackscope.api.model.AppConfig.Auth;
import dev.rackscope.api.model.AppConfig.Auth.Policy;
import dev.rackscope.api.model.AppConfig.Cache;
import dev.rackscope.api.model.AppConfig.Features;
import dev.rackscope.api.model.AppConfig.MapView;
import dev.rackscope.api.model.AppConfig.MapView.Center;
import dev.rackscope.api.model.AppConfig.Paths;
import dev.rackscope.api.model.AppConfig.Planner;
import dev.rackscope.api.model.AppConfig.Playlist;
import dev.rackscope.api.model.AppConfig.Refresh;
import dev.rackscope.api.model.AppConfig.Telemetry;
import dev.rackscope.core.config.Yaml11;

class AppConfigLoaderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATHS = "paths: {topology: topo, templates: tpl, checks: chk}\n";

    @TempDir
    Path tmp;

    // ------------------------------------------------------------------ helpers

    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(String text) {
        try {
            return (Map<String, Object>) Yaml11.parse(text, "test");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static AppConfig valid(String yamlText) {
        Problems problems = new Problems();
        AppConfig cfg = AppConfigLoader.fromMap(yaml(yamlText), problems);
        assertTrue(problems.isEmpty(), problems::summary);
        assertNotNull(cfg);
        return cfg;
    }

    static List<Problems.Problem> invalid(String yamlText) {
        Problems problems = new Problems();
        assertNull(AppConfigLoader.fromMap(yaml(yamlText), problems));
        assertFalse(problems.isEmpty());
        return problems.list();
    }

    static Problems.Problem onlyProblem(String yamlText) {
        List<Problems.Problem> list = invalid(yamlText);
        assertEquals(1, list.size(), () -> list.toString());
        return list.get(0);
    }

    private Path write(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    // ------------------------------------------------------------------ defaults

    @Test
    void minimalFileWithOnlyPathsGivesEveryDefault() {
        AppConfig cfg = valid(PATHS);
        AppConfig expected = new AppConfig(
                new App("Rackscope", "Datacenter Overview"),
                new Paths("topo", "tpl", "chk", "config/metrics/library"),
                new Refresh(30, 30),
                new Cache(30, 30, 120, 5),
                new Telemetry(null, 5.0, "instance", "rack_id", "chassis_id", ".*", 30, 20, false, null, null, true,
                        null, null, null),
                new Planner("UNKNOWN", 30, 200),
                new Features(true, 10, false, false, true, true, true, true, false),
                new Auth(false, "admin", "", "", "24h", new Policy(6, 128, false, false), List.of()),
                new MapView("world", null, 2, 7, true, new Center(20.0, 0.0)),
                new Playlist(30, List.of("/views/worldmap", "/slurm/overview")),
                Map.of(), null, null);
        assertEquals(expected, cfg);
    }

    @Test
    void defaultsAsJsonHaveEveryKeyInOrderWithNullsAndDecimalPoints() throws Exception {
        String json = JSON.writeValueAsString(AppConfigLoader.toJson(valid(PATHS)));
        assertEquals("{\"app\":{\"name\":\"Rackscope\",\"description\":\"Datacenter Overview\"},"
                + "\"paths\":{\"topology\":\"topo\",\"templates\":\"tpl\",\"checks\":\"chk\","
                + "\"metrics\":\"config/metrics/library\"},"
                + "\"refresh\":{\"room_state_seconds\":30,\"rack_state_seconds\":30},"
                + "\"cache\":{\"ttl_seconds\":30,\"health_checks_ttl_seconds\":30,\"metrics_ttl_seconds\":120,"
                + "\"service_ttl_seconds\":5},"
                + "\"telemetry\":{\"prometheus_url\":null,\"prometheus_timeout_seconds\":5.0,"
                + "\"identity_label\":\"instance\",\"rack_label\":\"rack_id\",\"chassis_label\":\"chassis_id\","
                + "\"job_regex\":\".*\",\"prometheus_heartbeat_seconds\":30,\"prometheus_latency_window\":20,"
                + "\"debug_stats\":false,\"basic_auth_user\":null,\"tls_verify\":true,\"tls_ca_file\":null,"
                + "\"tls_cert_file\":null,\"tls_key_file\":null},"
                + "\"planner\":{\"unknown_state\":\"UNKNOWN\",\"cache_ttl_seconds\":30,\"max_ids_per_query\":200},"
                + "\"features\":{\"notifications\":true,\"notifications_max_visible\":10,\"playlist\":false,"
                + "\"offline\":false,\"wizard\":true,\"worldmap\":true,\"show_logs\":true,\"dev_tools\":false,"
                + "\"maintenances\":true,\"toast_duration_seconds\":15,\"toast_position\":\"bottom-right\","
                + "\"toast_stack_threshold\":5,\"aisle_dashboard\":true},"
                + "\"auth\":{\"enabled\":false,\"username\":\"admin\",\"session_duration\":\"24h\","
                + "\"policy\":{\"min_length\":6,\"max_length\":128,\"require_digit\":false,\"require_symbol\":false},"
                + "\"trusted_networks\":[]},"
                + "\"map\":{\"default_view\":\"world\",\"default_zoom\":null,\"min_zoom\":2,\"max_zoom\":7,"
                + "\"zoom_controls\":true,\"center\":{\"lat\":20.0,\"lon\":0.0},\"style\":\"minimal\"},"
                + "\"playlist\":{\"interval_seconds\":30,\"views\":[\"/views/worldmap\",\"/slurm/overview\"]},"
                + "\"plugins\":{},\"simulator\":null,\"slurm\":null}", json);
    }

    @Test
    void theSettingsPagesMapStyleToastAndAisleDashboardKeysAreKept() throws Exception {
        // ui-surface.md §10 F8: the original model dropped them, so the Settings page never saw its own values
        AppConfig cfg = valid(PATHS + "map: {style: satellite}\nfeatures: {toast_duration_seconds: 12, "
                + "toast_position: top-right, toast_stack_threshold: 4, aisle_dashboard: false}\n");
        assertEquals("satellite", cfg.map().style());
        assertEquals(new Features(true, 10, false, false, true, true, true, true, false, 12, "top-right", 4, false),
                cfg.features());
        Map<String, Object> json = AppConfigLoader.toJson(cfg);
        assertEquals("satellite", ((Map<?, ?>) json.get("map")).get("style"));
        Map<?, ?> features = (Map<?, ?>) json.get("features");
        assertEquals(List.of(12, "top-right", 4, false), List.of(features.get("toast_duration_seconds"),
                features.get("toast_position"), features.get("toast_stack_threshold"), features.get("aisle_dashboard")));
        // and app.yaml as PUT /api/config writes it reads back the same
        assertEquals(cfg, AppConfigLoader.fromMap(yaml(Yaml11.dump(AppConfigLoader.toYamlDocument(cfg))),
                new Problems()));
    }

    @Test
    void toastCountsMustBePositive() {
        List<Problems.Problem> list = invalid(PATHS + "features: {toast_duration_seconds: 0, toast_stack_threshold: -1}\n");
        assertEquals(List.of("features.toast_duration_seconds", "features.toast_stack_threshold"),
                list.stream().map(p -> Problems.path(p.loc())).toList());
    }

    @Test
    void pathsSectionIsRequired() {
        Problems.Problem p = onlyProblem("app: {name: X}\n");
        assertEquals("missing", p.type());
        assertEquals(List.of("paths"), p.loc());
        assertEquals("Field required", p.msg());
    }

    @Test
    void topologyTemplatesAndChecksAreRequired() {
        List<Problems.Problem> list = invalid("paths: {metrics: m}\n");
        assertEquals(List.of("paths.topology", "paths.templates", "paths.checks"),
                list.stream().map(p -> Problems.path(p.loc())).toList());
        list.forEach(p -> assertEquals("Field required", p.msg()));
    }

    @Test
    void everyPathNeedsAtLeastOneCharacter() {
        List<Problems.Problem> list = invalid("paths: {topology: '', templates: '', checks: '', metrics: ''}\n");
        assertEquals(List.of("paths.topology", "paths.templates", "paths.checks", "paths.metrics"),
                list.stream().map(p -> Problems.path(p.loc())).toList());
        list.forEach(p -> {
            assertEquals("string_too_short", p.type());
            assertEquals("String should have at least 1 character", p.msg());
            assertEquals(Map.of("min_length", 1), p.ctx());
        });
    }

    @Test
    void aNullOrScalarSectionIsAModelTypeError() {
        Problems.Problem p = onlyProblem("paths: ~\n");
        assertEquals("model_type", p.type());
        assertEquals("Input should be a valid dictionary or instance of PathsConfig", p.msg());
        assertEquals(Map.of("class_name", "PathsConfig"), p.ctx());

        p = onlyProblem(PATHS + "refresh:\n");
        assertEquals(List.of("refresh"), p.loc());
        assertEquals("Input should be a valid dictionary or instance of RefreshConfig", p.msg());

        p = onlyProblem(PATHS + "map: {center: 3}\n");
        assertEquals(List.of("map", "center"), p.loc());
        assertEquals("Input should be a valid dictionary or instance of MapCenterConfig", p.msg());
    }

    // ------------------------------------------------------------------ constraints

    static Stream<Arguments> constraintViolations() {
        String ge = "greater_than_equal";
        String le = "less_than_equal";
        String ve = "value_error";
        return Stream.of(
                Arguments.of("app: {name: ''}", "app.name", "string_too_short",
                        "String should have at least 1 character"),
                Arguments.of("app: {name: 42}", "app.name", "string_type", "Input should be a valid string"),
                Arguments.of("app: {description: 7}", "app.description", "string_type",
                        "Input should be a valid string"),
                Arguments.of("refresh: {room_state_seconds: 5}", "refresh.room_state_seconds", ge,
                        "Input should be greater than or equal to 10"),
                Arguments.of("refresh: {rack_state_seconds: 9}", "refresh.rack_state_seconds", ge,
                        "Input should be greater than or equal to 10"),
                Arguments.of("cache: {ttl_seconds: 0}", "cache.ttl_seconds", ge,
                        "Input should be greater than or equal to 1"),
                Arguments.of("cache: {health_checks_ttl_seconds: 0}", "cache.health_checks_ttl_seconds", ge,
                        "Input should be greater than or equal to 1"),
                Arguments.of("cache: {metrics_ttl_seconds: -1}", "cache.metrics_ttl_seconds", ge,
                        "Input should be greater than or equal to 1"),
                Arguments.of("cache: {service_ttl_seconds: 0}", "cache.service_ttl_seconds", ge,
                        "Input should be greater than or equal to 1"),
                Arguments.of("telemetry: {prometheus_timeout_seconds: 0}", "telemetry.prometheus_timeout_seconds",
                        "greater_than", "Input should be greater than 0"),
                Arguments.of("telemetry: {prometheus_timeout_seconds: 61}", "telemetry.prometheus_timeout_seconds", le,
                        "Input should be less than or equal to 60"),
                Arguments.of("telemetry: {prometheus_timeout_seconds: .nan}", "telemetry.prometheus_timeout_seconds",
                        le,
                        "Input should be less than or equal to 60"),
                Arguments.of("telemetry: {prometheus_timeout_seconds: soon}", "telemetry.prometheus_timeout_seconds",
                        "float_parsing", "Input should be a valid number, unable to parse string as a number"),
                Arguments.of("telemetry: {prometheus_heartbeat_seconds: 9}", "telemetry.prometheus_heartbeat_seconds",
                        ge,
                        "Input should be greater than or equal to 10"),
                Arguments.of("telemetry: {prometheus_latency_window: 0}", "telemetry.prometheus_latency_window", ge,
                        "Input should be greater than or equal to 1"),
                Arguments.of("telemetry: {prometheus_url: 'http://admin:secret@prom:9090'}",
                        "telemetry.prometheus_url", ve,
                        "Value error, prometheus_url must not embed credentials. Use basic_auth_user and "
                                + "basic_auth_password fields instead."),
                Arguments.of("telemetry: {prometheus_url: 'http://169.254.169.254/latest'}",
                        "telemetry.prometheus_url", ve, "Value error, prometheus_url targets a link-local address "
                                + "'169.254.169.254' (cloud instance metadata range \u2014 SSRF risk)"),
                Arguments.of("telemetry: {prometheus_url: 'http://[fe80::1]:9090'}", "telemetry.prometheus_url", ve,
                        "Value error, prometheus_url targets a link-local address 'fe80::1' (cloud instance metadata "
                                + "range \u2014 SSRF risk)"),
                Arguments.of("telemetry: {prometheus_url: 'http://Metadata.Google.Internal/computeMetadata'}",
                        "telemetry.prometheus_url", ve,
                        "Value error, prometheus_url targets a cloud metadata address: 'metadata.google.internal'"),
                Arguments.of("telemetry: {prometheus_url: 'http://100.100.100.200/'}", "telemetry.prometheus_url", ve,
                        "Value error, prometheus_url targets a cloud metadata address: '100.100.100.200'"),
                Arguments.of("telemetry: {prometheus_url: 'ftp://prom:9090'}", "telemetry.prometheus_url", ve,
                        "Value error, prometheus_url must use http or https scheme, got: 'ftp'"),
                Arguments.of("telemetry: {prometheus_url: 'prometheus:9090'}", "telemetry.prometheus_url", ve,
                        "Value error, prometheus_url must use http or https scheme, got: 'prometheus'"),
                Arguments.of("telemetry: {prometheus_url: '10.0.0.1:9090'}", "telemetry.prometheus_url", ve,
                        "Value error, prometheus_url must use http or https scheme, got: ''"),
                Arguments.of("telemetry: {prometheus_url: 'http://0.0.0.0:9090'}", "telemetry.prometheus_url", ve,
                        "Value error, prometheus_url targets an unspecified address: '0.0.0.0'"),
                Arguments.of("telemetry: {prometheus_url: 'http://[::]:9090'}", "telemetry.prometheus_url", ve,
                        "Value error, prometheus_url targets an unspecified address: '::'"),
                Arguments.of("telemetry: {prometheus_url: 9090}", "telemetry.prometheus_url", "string_type",
                        "Input should be a valid string"),
                Arguments.of("telemetry: {job_regex: '('}", "telemetry.job_regex", ve,
                        "Value error, Invalid job_regex: missing ), unterminated subpattern at position 0"),
                Arguments.of("telemetry: {job_regex: 'node|('}", "telemetry.job_regex", ve,
                        "Value error, Invalid job_regex: missing ), unterminated subpattern at position 5"),
                Arguments.of("telemetry: {job_regex: '[a-z'}", "telemetry.job_regex", ve,
                        "Value error, Invalid job_regex: unterminated character set at position 0"),
                Arguments.of("telemetry: {job_regex: 'a)'}", "telemetry.job_regex", ve,
                        "Value error, Invalid job_regex: unbalanced parenthesis at position 1"),
                Arguments.of("telemetry: {job_regex: '*node'}", "telemetry.job_regex", ve,
                        "Value error, Invalid job_regex: nothing to repeat at position 0"),
                Arguments.of("telemetry: {job_regex: ~}", "telemetry.job_regex", "string_type",
                        "Input should be a valid string"),
                Arguments.of("telemetry: {basic_auth_password: pw}", "telemetry.basic_auth_password", ve,
                        "Value error, basic_auth_user is required when basic_auth_password is set"),
                Arguments.of("telemetry: {basic_auth_user: '', basic_auth_password: pw}",
                        "telemetry.basic_auth_password",
                        ve, "Value error, basic_auth_user is required when basic_auth_password is set"),
                Arguments.of("telemetry: {tls_key_file: /k.pem}", "telemetry.tls_key_file", ve,
                        "Value error, tls_cert_file is required when tls_key_file is set"),
                Arguments.of("telemetry: {tls_verify: maybe}", "telemetry.tls_verify", "bool_parsing",
                        "Input should be a valid boolean, unable to interpret input"),
                Arguments.of("planner: {unknown_state: BAD}", "planner.unknown_state", "literal_error",
                        "Input should be 'OK', 'WARN', 'CRIT' or 'UNKNOWN'"),
                Arguments.of("planner: {cache_ttl_seconds: 0}", "planner.cache_ttl_seconds", ge,
                        "Input should be greater than or equal to 1"),
                Arguments.of("planner: {max_ids_per_query: 0}", "planner.max_ids_per_query", ge,
                        "Input should be greater than or equal to 1"),
                Arguments.of("features: {notifications_max_visible: 0}", "features.notifications_max_visible", ge,
                        "Input should be greater than or equal to 1"),
                Arguments.of("features: {wizard: ~}", "features.wizard", "bool_type",
                        "Input should be a valid boolean"),
                Arguments.of("auth: {session_duration: 1h}", "auth.session_duration", "literal_error",
                        "Input should be '8h', '24h' or 'unlimited'"),
                Arguments.of("auth: {password_hash: ~}", "auth.password_hash", "string_type",
                        "Input should be a valid string"),
                Arguments.of("auth: {policy: {min_length: 0}}", "auth.policy.min_length", ge,
                        "Input should be greater than or equal to 1"),
                Arguments.of("auth: {policy: {min_length: 129}}", "auth.policy.min_length", le,
                        "Input should be less than or equal to 128"),
                Arguments.of("auth: {policy: {max_length: 5}}", "auth.policy.max_length", ge,
                        "Input should be greater than or equal to 6"),
                Arguments.of("auth: {policy: {max_length: 513}}", "auth.policy.max_length", le,
                        "Input should be less than or equal to 512"),
                Arguments.of("auth: {trusted_networks: 10.0.0.0/8}", "auth.trusted_networks", "list_type",
                        "Input should be a valid list"),
                Arguments.of("auth: {trusted_networks: [10.0.0.0/8, 1]}", "auth.trusted_networks.1", "string_type",
                        "Input should be a valid string"),
                Arguments.of("map: {default_view: street}", "map.default_view", "literal_error",
                        "Input should be 'world', 'continent', 'country' or 'city'"),
                Arguments.of("map: {default_zoom: 0}", "map.default_zoom", ge,
                        "Input should be greater than or equal to 1"),
                Arguments.of("map: {default_zoom: 19}", "map.default_zoom", le,
                        "Input should be less than or equal to 18"),
                Arguments.of("map: {min_zoom: 0}", "map.min_zoom", ge, "Input should be greater than or equal to 1"),
                Arguments.of("map: {min_zoom: 19}", "map.min_zoom", le, "Input should be less than or equal to 18"),
                Arguments.of("map: {max_zoom: 0}", "map.max_zoom", ge, "Input should be greater than or equal to 1"),
                Arguments.of("map: {max_zoom: 19}", "map.max_zoom", le, "Input should be less than or equal to 18"),
                Arguments.of("map: {center: {lat: 91}}", "map.center.lat", le,
                        "Input should be less than or equal to 90"),
                Arguments.of("map: {center: {lat: -90.5}}", "map.center.lat", ge,
                        "Input should be greater than or equal to -90"),
                Arguments.of("map: {center: {lon: 180.1}}", "map.center.lon", le,
                        "Input should be less than or equal to 180"),
                Arguments.of("map: {center: {lon: -181}}", "map.center.lon", ge,
                        "Input should be greater than or equal to -180"),
                Arguments.of("playlist: {interval_seconds: 4}", "playlist.interval_seconds", ge,
                        "Input should be greater than or equal to 5"),
                Arguments.of("playlist: {views: /views/worldmap}", "playlist.views", "list_type",
                        "Input should be a valid list"),
                Arguments.of("plugins: ~", "plugins", "dict_type", "Input should be a valid dictionary"),
                Arguments.of("plugins: {slurm: on}", "plugins.slurm", "dict_type",
                        "Input should be a valid dictionary"),
                Arguments.of("plugins: {simulator: ~}", "plugins.simulator", "dict_type",
                        "Input should be a valid dictionary"),
                Arguments.of("plugins: {1: {enabled: true}}", "plugins.1.[key]", "string_type",
                        "Input should be a valid string"),
                Arguments.of("simulator: {update_interval_seconds: 0}", "simulator.update_interval_seconds", ge,
                        "Input should be greater than or equal to 1"),
                Arguments.of("simulator: {metrics_catalogs: [{id: x}]}", "simulator.metrics_catalogs.0.path", "missing",
                        "Field required"),
                Arguments.of("simulator: 5", "simulator", "model_type",
                        "Input should be a valid dictionary or instance of SimulatorConfig"),
                Arguments.of("slurm: {metric: ''}", "slurm.metric", "string_too_short",
                        "String should have at least 1 character"),
                Arguments.of("slurm: {status_map: {ok: idle}}", "slurm.status_map.ok", "list_type",
                        "Input should be a valid list"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("constraintViolations")
    void everyConstraintReportsItsLocationAndMessage(String snippet, String loc, String type, String msg) {
        Problems.Problem p = onlyProblem(PATHS + snippet + "\n");
        assertEquals(loc, Problems.path(p.loc()));
        assertEquals(type, p.type());
        assertEquals(msg, p.msg());
    }

    @Test
    void boundsCarryTheirContextLikePydantic() {
        assertEquals(Map.of("ge", 10), onlyProblem(PATHS + "refresh: {room_state_seconds: 5}").ctx());
        assertEquals(Map.of("gt", 0.0), onlyProblem(PATHS + "telemetry: {prometheus_timeout_seconds: 0}").ctx());
        assertEquals(Map.of("le", 90.0), onlyProblem(PATHS + "map: {center: {lat: 91}}").ctx());
        assertEquals(Map.of("expected", "'OK', 'WARN', 'CRIT' or 'UNKNOWN'"),
                onlyProblem(PATHS + "planner: {unknown_state: BAD}").ctx());
        Problems.Problem url = onlyProblem(PATHS + "telemetry: {prometheus_url: 'ftp://x'}");
        assertEquals("ftp://x", url.input());
        assertEquals(Map.of("error", "prometheus_url must use http or https scheme, got: 'ftp'"), url.ctx());
    }

    @Test
    void everyProblemOfADocumentIsReportedInOnePassInFieldOrder() {
        List<Problems.Problem> list = invalid("app: {name: ''}\n"
                + "refresh: {room_state_seconds: 5}\n"
                + "telemetry: {prometheus_url: 'ftp://x', job_regex: '(', prometheus_timeout_seconds: 61}\n"
                + "planner: {unknown_state: BAD}\n"
                + "map: {center: {lat: 100, lon: 200}}\n");
        assertEquals(List.of("app.name", "paths", "refresh.room_state_seconds", "telemetry.prometheus_url",
                "telemetry.prometheus_timeout_seconds", "telemetry.job_regex", "planner.unknown_state",
                "map.center.lat", "map.center.lon"), list.stream().map(p -> Problems.path(p.loc())).toList());
    }

    @Test
    void detailListHasThe422ShapeUnderBody() {
        Problems problems = new Problems();
        AppConfigLoader.fromMap(yaml(PATHS + "telemetry: {job_regex: '('}"), problems);
        Map<String, Object> d = problems.detail("body").get(0);
        assertEquals(List.of("type", "loc", "msg", "input", "ctx"), new ArrayList<>(d.keySet()));
        assertEquals(List.of("body", "telemetry", "job_regex"), d.get("loc"));
        assertEquals("(", d.get("input"));
        assertEquals(Map.of("error", "Invalid job_regex: missing ), unterminated subpattern at position 0"),
                d.get("ctx"));
    }

    // ------------------------------------------------------------------ lax coercions

    @Test
    void intFieldsAcceptNumericStringsWholeFloatsAndBooleans() {
        AppConfig cfg = valid(PATHS + "refresh: {room_state_seconds: '30', rack_state_seconds: 45.0}\n"
                + "cache: {ttl_seconds: true, metrics_ttl_seconds: ' 60 '}\n");
        assertEquals(new Refresh(30, 45), cfg.refresh());
        assertEquals(1, cfg.cache().ttlSeconds());
        assertEquals(60, cfg.cache().metricsTtlSeconds());
    }

    @Test
    void intFieldsRejectFractionsWordsAndNull() {
        Problems.Problem p = onlyProblem(PATHS + "refresh: {room_state_seconds: 2.5}");
        assertEquals("int_from_float", p.type());
        assertEquals("Input should be a valid integer, got a number with a fractional part", p.msg());
        p = onlyProblem(PATHS + "refresh: {room_state_seconds: thirty}");
        assertEquals("int_parsing", p.type());
        assertEquals("Input should be a valid integer, unable to parse string as an integer", p.msg());
        p = onlyProblem(PATHS + "refresh: {room_state_seconds: ~}");
        assertEquals("int_type", p.type());
    }

    @Test
    void floatFieldsAcceptIntegersAndNumericStrings() {
        assertEquals(10.0, valid(PATHS + "telemetry: {prometheus_timeout_seconds: 10}").telemetry()
                .prometheusTimeoutSeconds());
        assertEquals(2.5, valid(PATHS + "telemetry: {prometheus_timeout_seconds: '2.5'}").telemetry()
                .prometheusTimeoutSeconds());
        assertEquals(new Center(46.0, 2.3), valid(PATHS + "map: {center: {lat: 46, lon: 2.3}}").map().center());
    }

    @Test
    void stringFieldsRejectNumbers() {
        assertEquals("string_type", onlyProblem(PATHS + "telemetry: {identity_label: 42}").type());
        assertEquals("string_type", onlyProblem("paths: {topology: 1, templates: t, checks: c}").type());
    }

    @Test
    void emptyStringsOfTheNullableTelemetryFieldsBecomeNull() {
        Telemetry t = valid(PATHS + "telemetry: {prometheus_url: '', basic_auth_user: '', basic_auth_password: '', "
                + "tls_ca_file: '', tls_cert_file: '', tls_key_file: ''}").telemetry();
        assertNull(t.prometheusUrl());
        assertNull(t.basicAuthUser());
        assertNull(t.basicAuthPassword());
        assertNull(t.tlsCaFile());
        assertNull(t.tlsCertFile());
        assertNull(t.tlsKeyFile());
    }

    @Test
    void credentialsAndClientCertificateAreAcceptedInPairs() {
        Telemetry t = valid(PATHS + "telemetry: {basic_auth_user: ops, basic_auth_password: pw, "
                + "tls_cert_file: /c.pem, tls_key_file: /k.pem}").telemetry();
        assertEquals("ops", t.basicAuthUser());
        assertEquals("pw", t.basicAuthPassword());
        assertEquals("/k.pem", t.tlsKeyFile());
    }

    @Test
    void aUserThatFailedValidationDoesNotSatisfyThePasswordRule() {
        List<Problems.Problem> list = invalid(PATHS + "telemetry: {basic_auth_user: 7, basic_auth_password: pw}");
        assertEquals(List.of("telemetry.basic_auth_user", "telemetry.basic_auth_password"),
                list.stream().map(p -> Problems.path(p.loc())).toList());
    }

    @Test
    void privateAndNamedPrometheusUrlsAreAllowed() {
        for (String url : List.of("http://prometheus:9090", "https://thanos.example.com/prefix", "http://10.0.0.5:9090",
                "http://192.168.1.10", "http://172.16.0.1:9090", "http://127.0.0.1:9090", "http://[::1]:9090",
                "HTTP://prom:9090")) {
            assertEquals(url, valid(PATHS + "telemetry: {prometheus_url: '" + url + "'}").telemetry().prometheusUrl());
        }
    }

    @Test
    void ipv4MappedLinkLocalPrometheusUrlIsRejectedWhichTheOriginalLetThrough() {
        Problems.Problem p = onlyProblem(PATHS + "telemetry: {prometheus_url: 'http://[::ffff:169.254.169.254]/'}");
        assertEquals("Value error, prometheus_url targets a link-local address '::ffff:169.254.169.254' (cloud "
                + "instance metadata range \u2014 SSRF risk)", p.msg());
    }

    @Test
    void nullableFieldsAcceptNull() {
        AppConfig cfg = valid(PATHS + "app: {description: ~}\nmap: {default_view: ~, default_zoom: ~}\n"
                + "simulator: ~\nslurm: ~\n");
        assertNull(cfg.app().description());
        assertNull(cfg.map().defaultView());
        assertNull(cfg.map().defaultZoom());
        assertNull(cfg.simulator());
        assertNull(cfg.slurm());
    }

    @Test
    void unknownKeysAreIgnoredEverywhere() {
        AppConfig cfg = valid(PATHS + "extra: 1\nfeatures: {demo: true}\ntelemetry: {whatever: [1, 2]}\n");
        assertEquals(valid(PATHS), cfg);
    }

    // ------------------------------------------------------------------ YAML 1.1 and JSON bodies

    @Test
    void yaml11WordsAndNumberFormsAreReadAsTheOriginalReadsThem() throws Exception {
        Path file = write("app.yaml", PATHS
                + "telemetry:\n  debug_stats: yes\n  tls_verify: off\n  prometheus_latency_window: 0x1E\n"
                + "features:\n  notifications: no\n  playlist: on\n  wizard: n\n"
                + "cache:\n  metrics_ttl_seconds: 1_000\n  ttl_seconds: 010\n"
                + "map:\n  zoom_controls: No\n");
        AppConfig cfg = AppConfigLoader.load(file);
        assertTrue(cfg.telemetry().debugStats());
        assertFalse(cfg.telemetry().tlsVerify());
        assertEquals(30, cfg.telemetry().prometheusLatencyWindow());
        assertFalse(cfg.features().notifications());
        assertTrue(cfg.features().playlist());
        assertFalse(cfg.features().wizard());
        assertEquals(1000, cfg.cache().metricsTtlSeconds());
        assertEquals(8, cfg.cache().ttlSeconds());
        assertFalse(cfg.map().zoomControls());
    }

    @Test
    void aYaml11TimeOfDayIsAnIntegerSoAStringFieldRejectsIt() {
        // 12:30 is the sexagesimal integer 750 in YAML 1.1.
        Problems.Problem p = onlyProblem(PATHS + "auth:\n  username: 12:30\n");
        assertEquals("string_type", p.type());
        assertEquals(750, ((Number) p.input()).intValue());
    }

    @Test
    void jsonBodiesWithJacksonTypesValidateTheSameWay() throws Exception {
        Map<String, Object> body = JSON.readValue(
                "{\"paths\":{\"topology\":\"t\",\"templates\":\"tp\",\"checks\":\"c\"},"
                + "\"refresh\":{\"room_state_seconds\":\"45\",\"rack_state_seconds\":60.0},"
                + "\"telemetry\":{\"prometheus_url\":\"\",\"prometheus_timeout_seconds\":12,\"debug_stats\":1},"
                + "\"cache\":{\"ttl_seconds\":9999999999},"
                + "\"plugins\":{\"slurm\":{\"enabled\":true,\"metric\":\"m\"}},\"unknown\":{}}",
                new TypeReference<Map<String, Object>>() { });
        Problems problems = new Problems();
        assertNull(AppConfigLoader.fromMap(body, problems));
        assertEquals("cache.ttl_seconds: Input should be a valid integer", problems.summary());

        body.remove("cache");
        problems = new Problems();
        AppConfig cfg = AppConfigLoader.fromMap(body, problems);
        assertTrue(problems.isEmpty(), problems::summary);
        assertEquals(new Refresh(45, 60), cfg.refresh());
        assertNull(cfg.telemetry().prometheusUrl());
        assertEquals(12.0, cfg.telemetry().prometheusTimeoutSeconds());
        assertTrue(cfg.telemetry().debugStats());
        assertEquals(Map.of("slurm", Map.of("enabled", true, "metric", "m")), cfg.plugins());
    }

    @Test
    void aNullDocumentOnlyLacksPaths() {
        Problems problems = new Problems();
        assertNull(AppConfigLoader.fromMap(null, problems));
        assertEquals("paths: Field required", problems.summary());
    }

    @Test
    void pluginAndLegacySectionsAreKeptAsWrittenAndCannotBeChanged() {
        AppConfig cfg = valid(PATHS + "plugins:\n  slurm: {enabled: true, roles: [compute], status_map: {ok: [idle]}}\n"
                + "  custom: {}\n"
                + "slurm: {metric: m, extra: 1}\n");
        assertEquals(Map.of("enabled", true, "roles", List.of("compute"), "status_map", Map.of("ok", List.of("idle"))),
                cfg.plugins().get("slurm"));
        assertEquals(Map.of(), cfg.plugins().get("custom"));
        assertEquals(Map.of("metric", "m", "extra", 1), cfg.slurm());
        assertThrows(UnsupportedOperationException.class, () -> cfg.plugins().put("x", Map.of()));
        @SuppressWarnings("unchecked")
        Map<String, Object> slurm = (Map<String, Object>) cfg.plugins().get("slurm");
        assertThrows(UnsupportedOperationException.class, () -> slurm.put("enabled", false));
        assertThrows(UnsupportedOperationException.class, () -> cfg.slurm().put("metric", "x"));
    }

    // ------------------------------------------------------------------ load()

    @Test
    void missingFileNamesTheFile() {
        Path missing = tmp.resolve("nope/app.yaml");
        LoadException e = assertThrows(LoadException.class, () -> AppConfigLoader.load(missing));
        assertEquals("Config file not found: " + missing, e.getMessage());
        assertEquals(missing.toString(), e.file());
    }

    @Test
    void malformedYamlNamesTheFileAndTheLine() throws Exception {
        Path file = write("app.yaml", PATHS + "refresh:\n  room_state_seconds: 30\n   rack_state_seconds: [\n");
        LoadException e = assertThrows(LoadException.class, () -> AppConfigLoader.load(file));
        assertTrue(e.getMessage().startsWith("Error parsing YAML file " + file + " (line "), e.getMessage());
        assertEquals(file.toString(), e.file());
        assertNotNull(e.line());
        assertTrue(e.getMessage().contains("(line " + e.line() + ")"));
        assertTrue(e.line() >= 3 && e.line() <= 4, "line " + e.line());
    }

    @Test
    void emptyOrCommentOnlyFileIsEmpty() throws Exception {
        for (String text : List.of("", "# only a comment\n", "---\n")) {
            Path file = write("app.yaml", text);
            LoadException e = assertThrows(LoadException.class, () -> AppConfigLoader.load(file));
            assertEquals("Config file is empty: " + file, e.getMessage());
        }
    }

    @Test
    void validationErrorsNameTheFileAndEveryField() throws Exception {
        Path file = write("app.yaml", PATHS + "refresh: {room_state_seconds: 5}\nplanner: {unknown_state: BAD}\n");
        LoadException e = assertThrows(LoadException.class, () -> AppConfigLoader.load(file));
        assertEquals("Validation failed for " + file + ": refresh.room_state_seconds: Input should be greater than "
                + "or equal to 10; planner.unknown_state: Input should be 'OK', 'WARN', 'CRIT' or 'UNKNOWN'",
                e.getMessage());
        assertEquals(file.toString(), e.file());
    }

    @Test
    void anEmptyMappingOrAListIsAValidationError() throws Exception {
        Path file = write("app.yaml", "{}\n");
        LoadException e = assertThrows(LoadException.class, () -> AppConfigLoader.load(file));
        assertEquals("Validation failed for " + file + ": paths: Field required", e.getMessage());
        Path list = write("list.yaml", "- a\n- b\n");
        e = assertThrows(LoadException.class, () -> AppConfigLoader.load(list));
        assertTrue(e.getMessage().startsWith("Validation failed for " + list + ": "), e.getMessage());
    }

    // ------------------------------------------------------------------ path resolution (§1.1)

    @Test
    void relativePathsResolveAgainstTheAppYamlFolderOfASelfContainedProfile() throws Exception {
        Path profile = tmp.resolve("profiles/lab");
        Files.createDirectories(profile.resolve("topology"));
        Files.createDirectories(profile.resolve("templates"));
        Files.createDirectories(profile.resolve("checks/library"));
        Path file = write("profiles/lab/app.yaml",
                "paths: {topology: topology, templates: templates, checks: checks/library, "
                        + "metrics: metrics/library}\n");
        Paths p = AppConfigLoader.load(file).paths();
        assertEquals(profile.resolve("topology").toString(), p.topology());
        assertEquals(profile.resolve("templates").toString(), p.templates());
        assertEquals(profile.resolve("checks/library").toString(), p.checks());
        assertEquals("metrics/library", p.metrics(), "a path found nowhere is kept as written");
        assertTrue(Path.of(p.topology()).isAbsolute());
    }

    @Test
    void aPathThatExistsFromTheWorkingDirectoryWinsOverTheAppYamlFolder() throws Exception {
        // Surefire runs in the module folder, which has src/.
        Path cwdSrc = Path.of("src").toAbsolutePath().normalize();
        Assumptions.assumeTrue(Files.isDirectory(cwdSrc), "no src/ in the working directory");
        Files.createDirectories(tmp.resolve("src"));
        Path file = write("app.yaml", "paths: {topology: src, templates: " + tmp.resolve("abs") + ", checks: x}\n");
        Paths p = AppConfigLoader.load(file).paths();
        assertEquals(cwdSrc.toString(), p.topology());
        assertEquals(tmp.resolve("abs").toString(), p.templates(), "an absolute path is kept as written");
        assertEquals("x", p.checks());
    }

    @Test
    void fromMapDoesNotResolvePaths() {
        assertEquals(new Paths("topo", "tpl", "chk", "config/metrics/library"), valid(PATHS).paths());
    }

    // ------------------------------------------------------------------ views and secrets

    private static AppConfig withSecrets() {
        return valid(PATHS + "telemetry: {basic_auth_user: ops, basic_auth_password: prom-s3cret}\n"
                + "auth: {password_hash: '$2b$12$hashhashhash', secret_key: jwt-s3cret}\n"
                + "plugins: {simulator: {enabled: true, seed: 7}, slurm: {enabled: 'no', metric: m}, bare: {}}\n"
                + "simulator: {seed: 3}\n");
    }

    @Test
    void secretsNeverAppearInTheGetView() throws Exception {
        Map<String, Object> json = AppConfigLoader.toJson(withSecrets());
        Map<?, ?> telemetry = (Map<?, ?>) json.get("telemetry");
        Map<?, ?> auth = (Map<?, ?>) json.get("auth");
        assertFalse(telemetry.containsKey("basic_auth_password"));
        assertFalse(auth.containsKey("password_hash"));
        assertFalse(auth.containsKey("secret_key"));
        assertEquals("ops", telemetry.get("basic_auth_user"));
        String text = JSON.writeValueAsString(json);
        assertFalse(text.contains("s3cret"), text);
        assertFalse(text.contains("hashhash"), text);
    }

    @Test
    void getViewKeepsPluginsAndLegacyBlocksAsStoredAndLetsTheCallerReplaceThem() {
        AppConfig cfg = withSecrets();
        Map<String, Object> json = AppConfigLoader.toJson(cfg);
        assertEquals(List.of("app", "paths", "refresh", "cache", "telemetry", "planner", "features", "auth", "map",
                "playlist", "plugins", "simulator", "slurm"), new ArrayList<>(json.keySet()));
        assertEquals(cfg.plugins(), json.get("plugins"));
        assertEquals(Map.of("seed", 3), json.get("simulator"));
        assertTrue(json.containsKey("slurm"));
        assertNull(json.get("slurm"));

        @SuppressWarnings("unchecked")
        Map<String, Object> plugins = (Map<String, Object>) json.get("plugins");
        plugins.put("simulator", Map.of("enabled", true, "seed", 99));
        assertEquals(Map.of("enabled", true, "seed", 7), cfg.plugins().get("simulator"), "the config is untouched");
    }

    @Test
    void fallbackIsTheOriginalFixedBodyWithoutTheBasicAuthPassword() throws Exception {
        Map<String, Object> fallback = AppConfigLoader.fallbackJson();
        assertEquals("{\"paths\":{},\"refresh\":{\"room_state_seconds\":30,\"rack_state_seconds\":30},"
                + "\"cache\":{\"ttl_seconds\":30},"
                + "\"telemetry\":{\"prometheus_url\":null,\"identity_label\":\"instance\",\"rack_label\":\"rack_id\","
                + "\"chassis_label\":\"chassis_id\",\"job_regex\":\".*\",\"prometheus_heartbeat_seconds\":30,"
                + "\"prometheus_latency_window\":20,\"basic_auth_user\":null,\"tls_verify\":true,\"tls_ca_file\":null,"
                + "\"tls_cert_file\":null,\"tls_key_file\":null},"
                + "\"planner\":{\"unknown_state\":\"UNKNOWN\",\"cache_ttl_seconds\":30,\"max_ids_per_query\":50},"
                + "\"features\":{\"notifications\":false,\"playlist\":false,\"offline\":false},"
                + "\"simulator\":{\"update_interval_seconds\":20,\"seed\":null,\"default_ttl_seconds\":120,"
                + "\"overrides_path\":\"config/plugins/simulator/overrides/overrides.yaml\","
                + "\"metrics_catalog_path\":\"config/plugins/simulator/metrics/metrics_full.yaml\","
                + "\"metrics_catalogs\":[]}}", JSON.writeValueAsString(fallback));
        assertFalse(((Map<?, ?>) fallback.get("telemetry")).containsKey("basic_auth_password"));
        for (String absent : List.of("app", "auth", "map", "playlist", "plugins")) {
            assertFalse(fallback.containsKey(absent), absent);
        }
    }

    @Test
    void writeBackDocumentHasEverySectionInModelOrderWithSecretsAndSlimPlugins() {
        Map<String, Object> doc = AppConfigLoader.toYamlDocument(withSecrets());
        assertEquals(List.of("app", "paths", "refresh", "cache", "telemetry", "planner", "features", "auth", "map",
                "playlist", "plugins", "simulator", "slurm"), new ArrayList<>(doc.keySet()));
        Map<String, Object> expectedPlugins = new LinkedHashMap<>();
        expectedPlugins.put("simulator", Map.of("enabled", true));
        expectedPlugins.put("slurm", Map.of("enabled", false));
        expectedPlugins.put("bare", Map.of("enabled", false));
        assertEquals(expectedPlugins, doc.get("plugins"));
        assertEquals("prom-s3cret", ((Map<?, ?>) doc.get("telemetry")).get("basic_auth_password"));
        assertEquals("$2b$12$hashhashhash", ((Map<?, ?>) doc.get("auth")).get("password_hash"));
        assertEquals("jwt-s3cret", ((Map<?, ?>) doc.get("auth")).get("secret_key"));
        assertTrue(((Map<?, ?>) doc.get("telemetry")).containsKey("prometheus_url"), "nulls are written");
        assertTrue(doc.containsKey("slurm"));
        assertNull(doc.get("slurm"));
    }

    @Test
    void writtenDocumentLoadsBackToTheSameConfig() throws Exception {
        AppConfig cfg = withSecrets();
        Path file = write("round/app.yaml", Yaml11.dump(AppConfigLoader.toYamlDocument(cfg)));
        AppConfig back = AppConfigLoader.load(file);
        AppConfig expected = new AppConfig(cfg.app(), cfg.paths(), cfg.refresh(), cfg.cache(), cfg.telemetry(),
                cfg.planner(), cfg.features(), cfg.auth(), cfg.map(), cfg.playlist(),
                Map.of("simulator", Map.of("enabled", true), "slurm", Map.of("enabled", false),
                        "bare", Map.of("enabled", false)),
                cfg.simulator(), cfg.slurm());
        assertEquals(expected, back);
        String text = Files.readString(file);
        assertTrue(text.contains("prometheus_timeout_seconds: 5.0"), text);
        assertTrue(text.contains("lat: 20.0"), text);
    }

    // ------------------------------------------------------------------ keepCredentials (PUT step 3)

    private static AppConfig auth(String hash, String key) {
        return valid(PATHS + "auth: {password_hash: '" + hash + "', secret_key: '" + key + "'}");
    }

    @Test
    void emptyCredentialsInAPutTakeTheCurrentOnes() {
        AppConfig kept = AppConfigLoader.keepCredentials(auth("", ""), auth("H", "K"));
        assertEquals("H", kept.auth().passwordHash());
        assertEquals("K", kept.auth().secretKey());
    }

    @Test
    void submittedCredentialsWin() {
        AppConfig kept = AppConfigLoader.keepCredentials(auth("H2", ""), auth("H", "K"));
        assertEquals("H2", kept.auth().passwordHash());
        assertEquals("K", kept.auth().secretKey());
        AppConfig noneCurrent = AppConfigLoader.keepCredentials(auth("", ""), auth("", ""));
        assertEquals("", noneCurrent.auth().passwordHash());
        assertEquals("", noneCurrent.auth().secretKey());
    }

    @Test
    void withoutACurrentConfigTheSubmittedOneIsUnchanged() {
        AppConfig submitted = auth("", "");
        assertSame(submitted, AppConfigLoader.keepCredentials(submitted, null));
    }

    @Test
    void theBasicAuthPasswordThatNoResponseCarriesIsKeptForTheSameUser() {
        AppConfig current = valid(PATHS + "telemetry: {basic_auth_user: ops, basic_auth_password: pw}");
        AppConfig sameUser = valid(PATHS + "telemetry: {basic_auth_user: ops}");
        AppConfig otherUser = valid(PATHS + "telemetry: {basic_auth_user: dev}");
        AppConfig noUser = valid(PATHS);
        AppConfig newPassword = valid(PATHS + "telemetry: {basic_auth_user: ops, basic_auth_password: pw2}");
        assertEquals("pw", AppConfigLoader.keepCredentials(sameUser, current).telemetry().basicAuthPassword());
        assertNull(AppConfigLoader.keepCredentials(otherUser, current).telemetry().basicAuthPassword());
        assertNull(AppConfigLoader.keepCredentials(noUser, current).telemetry().basicAuthPassword());
        assertEquals("pw2", AppConfigLoader.keepCredentials(newPassword, current).telemetry().basicAuthPassword());
    }

    @Test
    void keepCredentialsChangesNothingElse() {
        AppConfig submitted = withSecrets();
        AppConfig kept = AppConfigLoader.keepCredentials(submitted, auth("H", "K"));
        assertEquals(submitted, kept);
    }

    @Test
    void aSaveWithoutUsernameOrAuthKeepsTheCurrentOnes() {
        AppConfig current = valid(PATHS + "auth: {enabled: true, username: root, password_hash: H, secret_key: K}");
        AppConfig noUsername = valid(PATHS + "auth: {enabled: false}");
        AppConfig kept = AppConfigLoader.keepCredentials(noUsername, current, true, false);
        assertEquals("root", kept.auth().username(), "the UI never sends auth.username");
        assertEquals(false, kept.auth().enabled(), "what was sent still applies");
        assertEquals("H", kept.auth().passwordHash());
        AppConfig renamed = valid(PATHS + "auth: {username: ops}");
        assertEquals("ops", AppConfigLoader.keepCredentials(renamed, current, true, true).auth().username());
        AppConfig noAuth = valid(PATHS);
        AppConfig whole = AppConfigLoader.keepCredentials(noAuth, current, false, false);
        assertEquals(current.auth(), whole.auth(), "a body without auth leaves it as it is");
    }

    @Test
    void aSaveKeepsTheCurrentValueOfEveryKeyItLeavesOut() {
        AppConfig current = valid(PATHS + "features: {wizard: false, show_logs: false}\n"
                + "auth: {username: root, trusted_networks: [10.0.0.0/8]}\nplugins: {simulator: {enabled: true}}\n");
        Map<String, Object> body = yaml("paths: {topology: t2, templates: tpl, checks: chk}\n"
                + "features: {playlist: true}\nauth: {enabled: false}\nmap: {default_zoom: null}\n");
        Map<String, Object> merged = AppConfigLoader.keepAbsentKeys(body, AppConfigLoader.toJson(current));
        Problems problems = new Problems();
        AppConfig saved = AppConfigLoader.fromMap(merged, problems);
        assertTrue(problems.isEmpty(), problems::summary);
        assertEquals(false, saved.features().wizard(), "not in the form: kept");
        assertEquals(false, saved.features().showLogs());
        assertEquals(true, saved.features().playlist(), "sent: applied");
        assertEquals("root", saved.auth().username());
        assertEquals(List.of("10.0.0.0/8"), saved.auth().trustedNetworks());
        assertNull(saved.map().defaultZoom(), "sent as null: null");
        assertEquals("t2", saved.paths().topology(), "paths as sent");
        assertNull(merged.get("plugins"), "plugin sections are never filled in");
        Map<String, Object> noPaths = AppConfigLoader.keepAbsentKeys(yaml("app: {name: X}\n"),
                AppConfigLoader.toJson(current));
        assertFalse(noPaths.containsKey("paths"), "paths must still be sent (422 otherwise)");
    }
}
