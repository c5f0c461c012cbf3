package dev.rackscope.core.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.rackscope.api.http.Json;
import dev.rackscope.api.model.AppConfig.Auth;

class AuthServiceTest {

    @TempDir
    Path data;

    private final AtomicLong now = new AtomicLong(1_700_000_000_000L);

    private AuthService service() {
        return new AuthService(data, Networks.parse(""), now::get);
    }

    static Auth auth(String user, String hash, String key, String duration) {
        return new Auth(true, user, hash, key, duration, AuthServlet.DEFAULT_POLICY, List.of());
    }

    private static JsonNode payload(String token) throws Exception {
        return Json.mapper().readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
    }

    @Test
    void aSessionCarriesTheOriginalClaimsAndIssueTime() throws Exception {
        AuthService s = service();
        Auth a = auth("admin", "$2b$13$hash", "k", "8h");
        AuthService.Session session = s.open(a);
        assertEquals(28800L, session.expiresIn());
        JsonNode p = payload(session.token());
        assertEquals("admin", p.get("sub").asText());
        assertEquals(now.get() / 1000, p.get("iat").asLong());
        assertEquals(now.get() / 1000 + 28800, p.get("exp").asLong());
        assertEquals("admin", s.verify(session.token(), a).user());
        assertEquals(86400L, s.open(auth("admin", "h", "k", "24h")).expiresIn());
    }

    @Test
    void unlimitedSessionsStillEnd() throws Exception {
        AuthService s = service();
        Auth a = auth("admin", "h", "k", "unlimited");
        AuthService.Session session = s.open(a);
        assertNull(session.expiresIn(), "the wire says null, as the original");
        assertEquals(now.get() / 1000 + AuthService.UNLIMITED_SECONDS, payload(session.token()).get("exp").asLong());
        now.addAndGet(AuthService.UNLIMITED_SECONDS * 1000);
        assertNull(s.verify(session.token(), a).user());
    }

    @Test
    void anExpiredTokenIsRefusedFromItsExpirySecond() {
        AuthService s = service();
        Auth a = auth("admin", "h", "k", "8h");
        String token = s.open(a).token();
        now.addAndGet(28_799_000);
        assertEquals("admin", s.verify(token, a).user());
        now.addAndGet(1000);
        AuthService.Verdict v = s.verify(token, a);
        assertNull(v.user());
        assertEquals("Invalid or expired token", v.failure());
    }

    @Test
    void tamperedTokensAreRefused() {
        AuthService s = service();
        Auth a = auth("admin", "h", "k", "24h");
        String token = s.open(a).token();
        String[] parts = token.split("\\.");
        String otherPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"sub\":\"admin\",\"exp\":99999999999}".getBytes(StandardCharsets.UTF_8));
        assertNull(s.verify(parts[0] + "." + otherPayload + "." + parts[2], a).user());
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        assertNull(s.verify(none + "." + parts[1] + ".", a).user());
        assertNull(s.verify(token + "x", a).user());
        assertNull(s.verify("", a).user());
    }

    @Test
    void credentialChangesEndEarlierSessions() {
        AuthService s = service();
        Auth a = auth("admin", "$2b$13$old", "k", "24h");
        String token = s.open(a).token();
        assertNull(s.verify(token, auth("admin", "$2b$13$new", "k", "24h")).user(), "password changed");
        assertNull(s.verify(token, auth("root", "$2b$13$old", "k", "24h")).user(), "user renamed");
        assertNull(s.verify(token, auth("admin", "$2b$13$old", "k2", "24h")).user(), "secret_key changed");
        assertEquals("admin", s.verify(token, auth("admin", "$2b$13$old", "k", "8h")).user(),
                "other settings leave sessions alone");
    }

    @Test
    void aTokenForAnotherSubjectIsRefusedEvenWhenSignedWithTheSameKey() {
        AuthService s = service();
        Auth a = auth("admin", "h", "k", "24h");
        String forged = Jwt.sign("someone", now.get() / 1000, now.get() / 1000 + 60, s.signingKey(a));
        assertNull(s.verify(forged, a).user());
    }

    @Test
    void withoutSecretKeyAGeneratedKeyIsKeptOwnerOnlyAndSurvivesARestart() throws Exception {
        Auth a = auth("admin", "h", "", "24h");
        String token = service().open(a).token();
        Path file = data.resolve(AuthService.KEY_FILE);
        assertTrue(Files.isRegularFile(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(Files.readString(file).trim().matches("[0-9a-f]{64}"), "32 random bytes");
        assertEquals("admin", service().verify(token, a).user(), "a new service (restart) reads the same key");
        assertFalse(service().signingKey(a).length == 0);
    }

    @Test
    void differentDataFoldersHaveDifferentKeys(@TempDir Path other) {
        Auth a = auth("admin", "h", "", "24h");
        byte[] one = service().signingKey(a);
        byte[] two = new AuthService(other, Networks.parse(""), now::get).signingKey(a);
        assertFalse(java.util.Arrays.equals(one, two));
        assertArrayEquals(one, service().signingKey(a));
    }

    @Test
    void tokensComeFromTheBearerHeaderOrTheSessionCookie() {
        assertEquals("abc", AuthService.token(new FakeHttp("GET", "/api/sites").header("Authorization", "Bearer abc")
                .request()));
        assertNull(AuthService.token(new FakeHttp("GET", "/api/sites").header("Authorization", "bearer abc")
                .request()), "the prefix is case-sensitive");
        assertEquals("c", AuthService.token(new FakeHttp("GET", "/").cookie(AuthService.COOKIE, "c").request()));
        assertEquals("h", AuthService.token(new FakeHttp("GET", "/").header("Authorization", "Bearer h")
                .cookie(AuthService.COOKIE, "c").request()));
        assertNull(AuthService.token(new FakeHttp("GET", "/").cookie("other", "c").request()));
    }

    @Test
    void enabledWithoutAPasswordIsOff() {
        assertNull(AuthService.enforced(null));
        var noHash = config(java.util.Map.of("enabled", true));
        var withHash = config(java.util.Map.of("enabled", true, "password_hash", "$2b$13$x"));
        var disabled = config(java.util.Map.of("enabled", false, "password_hash", "$2b$13$x"));
        assertNotNull(AuthService.enforced(withHash));
        assertNull(AuthService.enforced(disabled));
        assertFalse(AuthService.enabledWithoutPassword(withHash));
        assertNotNull(noHash);
        assertNull(AuthService.enforced(noHash));
        assertTrue(AuthService.enabledWithoutPassword(noHash));
    }

    static dev.rackscope.api.model.AppConfig config(java.util.Map<String, Object> auth) {
        java.util.Map<String, Object> doc = new java.util.LinkedHashMap<>();
        doc.put("paths", java.util.Map.of("topology", "topo", "templates", "tpl", "checks", "chk"));
        doc.put("auth", auth);
        var problems = new dev.rackscope.core.load.Problems();
        var config = dev.rackscope.core.load.AppConfigLoader.fromMap(doc, problems);
        assertTrue(problems.isEmpty(), problems::summary);
        return config;
    }
}
