package dev.rackscope.core.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rackscope.api.model.AppConfig;
import dev.rackscope.api.model.Catalog;
import dev.rackscope.api.model.Topology;
import dev.rackscope.api.snapshot.LoadError;
import dev.rackscope.api.snapshot.Snapshot;
import dev.rackscope.api.snapshot.SnapshotService;
import dev.rackscope.api.snapshot.TopologyIndex;

class AuthFilterTest {

    @TempDir
    Path data;

    private final AtomicReference<AppConfig> config = new AtomicReference<>();
    private final SnapshotService snapshots = new SnapshotService() {
        @Override
        public Snapshot current() {
            return new Snapshot(1, Instant.EPOCH, config.get(), Path.of("app.yaml"), Topology.EMPTY, Catalog.EMPTY,
                    List.of(), List.of(), TopologyIndex.EMPTY, List.of());
        }

        @Override
        public Optional<LoadError> lastError() {
            return Optional.empty();
        }
    };

    private AuthService service(String proxies) {
        return new AuthService(data, Networks.parse(proxies), System::currentTimeMillis);
    }

    private FakeHttp run(AuthFilter filter, FakeHttp http) throws Exception {
        filter.doFilter(http.request(), http.response(), http.chain());
        return http;
    }

    private static Map<String, Object> auth(boolean enabled, String hash, List<String> trusted) {
        return Map.of("enabled", enabled, "password_hash", hash, "secret_key", "test-key", "trusted_networks", trusted);
    }

    @Test
    void whenAuthIsOnEveryPathButTheExemptOnesNeedsAToken() throws Exception {
        config.set(AuthServiceTest.config(auth(true, "$2b$13$x", List.of())));
        AuthService service = service("");
        AuthFilter f = new AuthFilter(snapshots, service);
        for (String path : List.of("/api/sites", "/healthz", "/api/docs", "/api/nope", "/api/auth/status/",
                "/api/auth/me", "/")) {
            FakeHttp r = run(f, new FakeHttp("GET", path));
            assertFalse(r.passed, path);
            assertEquals(401, r.status, path);
            assertEquals("{\"detail\":\"Not authenticated\"}", r.body(), path);
        }
        for (String path : List.of("/api/auth/status", "/api/auth/login", "/system/console/bundles",
                "/simulator/metrics")) {
            assertTrue(run(f, new FakeHttp("GET", path)).passed, path);
        }
        FakeHttp bad = run(f, new FakeHttp("GET", "/api/sites").header("Authorization", "Bearer not.a.token"));
        assertEquals(401, bad.status);
        assertEquals("{\"detail\":\"Invalid or expired token\"}", bad.body());
        FakeHttp notBearer = run(f, new FakeHttp("GET", "/api/sites").header("Authorization", "Basic YTpi"));
        assertEquals("{\"detail\":\"Not authenticated\"}", notBearer.body());

        String token = service.open(config.get().auth()).token();
        FakeHttp ok = run(f, new FakeHttp("GET", "/api/sites").header("Authorization", "Bearer " + token));
        assertTrue(ok.passed);
        assertEquals("admin", ok.attributes.get(AuthService.USER_ATTRIBUTE));
        assertTrue(run(f, new FakeHttp("GET", "/api/sites").cookie(AuthService.COOKIE, token)).passed,
                "the session cookie is accepted too");
    }

    @Test
    void enabledWithoutAPasswordDoesNotLockEveryoneOut() throws Exception {
        config.set(AuthServiceTest.config(auth(true, "", List.of())));
        assertTrue(run(new AuthFilter(snapshots, service("")), new FakeHttp("GET", "/api/sites")).passed);
    }

    @Test
    void trustedNetworksGuardEveryWriteAndTheLogsWhenAuthIsOff() throws Exception {
        config.set(AuthServiceTest.config(auth(false, "", List.of("10.0.0.0/8"))));
        AuthFilter f = new AuthFilter(snapshots, service(""));
        for (String[] call : List.of(new String[] {"PUT", "/api/config"}, new String[] {"POST", "/api/topology/sites"},
                new String[] {"DELETE", "/api/catalog/templates/device/x"}, new String[] {"POST", "/api/simulator/restart"},
                new String[] {"PUT", "/api/auth/avatar"}, new String[] {"GET", "/api/logs"},
                new String[] {"GET", "/api/logs/stream"}, new String[] {"DELETE", "/api/logs"})) {
            FakeHttp r = run(f, new FakeHttp(call[0], call[1]).from("192.168.1.4"));
            assertFalse(r.passed, call[0] + " " + call[1]);
            assertEquals(403, r.status);
            assertTrue(r.body().contains("your IP is not in auth.trusted_networks"), r.body());
            assertTrue(run(f, new FakeHttp(call[0], call[1]).from("10.1.2.3")).passed);
        }
        assertTrue(run(f, new FakeHttp("GET", "/api/sites").from("192.168.1.4")).passed, "reads stay open");
        assertTrue(run(f, new FakeHttp("POST", "/api/auth/login").from("192.168.1.4")).passed, "login stays open");
    }

    @Test
    void forwardedForCountsOnlyFromAConfiguredProxy() throws Exception {
        config.set(AuthServiceTest.config(auth(false, "", List.of("10.0.0.0/8"))));
        AuthFilter direct = new AuthFilter(snapshots, service(""));
        assertFalse(run(direct, new FakeHttp("PUT", "/api/config").from("192.168.1.4")
                .header("X-Forwarded-For", "10.0.0.5")).passed, "spoofed header from a client");
        AuthFilter proxied = new AuthFilter(snapshots, service("192.168.1.1"));
        assertTrue(run(proxied, new FakeHttp("PUT", "/api/config").from("192.168.1.1")
                .header("X-Forwarded-For", "10.0.0.5")).passed);
        assertFalse(run(proxied, new FakeHttp("PUT", "/api/config").from("192.168.1.1")
                .header("X-Forwarded-For", "172.16.0.9")).passed, "the proxy itself is not in the trusted list");
    }

    @Test
    void crossSiteWritesAreRefusedWhateverTheAuthState() throws Exception {
        config.set(AuthServiceTest.config(auth(false, "", List.of())));
        AuthFilter f = new AuthFilter(snapshots, service(""));
        FakeHttp form = run(f, new FakeHttp("POST", "/api/system/restart").header("Host", "rackscope:8000")
                .header("Origin", "https://evil.example"));
        assertFalse(form.passed);
        assertEquals(403, form.status);
        assertEquals("{\"detail\":\"Cross-site request refused\"}", form.body());
        assertFalse(run(f, new FakeHttp("POST", "/api/system/restart").header("Sec-Fetch-Site", "cross-site")).passed);
        assertFalse(run(f, new FakeHttp("DELETE", "/api/logs").header("Host", "h").header("Origin", "null")).passed);
        assertTrue(run(f, new FakeHttp("POST", "/api/system/restart").header("Host", "rackscope:8000")
                .header("Origin", "http://rackscope:8000")).passed);
        assertTrue(run(f, new FakeHttp("POST", "/api/system/restart").header("Sec-Fetch-Site", "same-origin")
                .header("Origin", "http://localhost:5173").header("Host", "127.0.0.1:8000")).passed,
                "the browser's Sec-Fetch-Site settles it (a dev proxy rewriting Host)");
        assertTrue(run(f, new FakeHttp("POST", "/api/system/restart")).passed, "curl sends neither header");
        assertTrue(run(f, new FakeHttp("GET", "/api/sites").header("Sec-Fetch-Site", "cross-site")).passed,
                "reads are not state-changing");
    }

    @Test
    void originsAndHostsCompareWithDefaultPorts() {
        assertTrue(AuthFilter.sameAuthority("http://a.example", "a.example"));
        assertTrue(AuthFilter.sameAuthority("http://a.example:80", "A.example"));
        assertTrue(AuthFilter.sameAuthority("https://a.example", "a.example:443"));
        assertFalse(AuthFilter.sameAuthority("http://a.example:8080", "a.example"));
        assertFalse(AuthFilter.sameAuthority("http://a.example", "b.example"));
        assertTrue(AuthFilter.sameAuthority("http://[::1]:8000", "[::1]:8000"));
        assertFalse(AuthFilter.sameAuthority("not a url", "a"));
    }
}
