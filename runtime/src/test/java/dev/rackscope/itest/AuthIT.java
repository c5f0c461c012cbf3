package dev.rackscope.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Authentication in the real framework, from a server without a password to one with auth on (ui-surface.md §1,
 * §10 S1–S4, S6–S10, S12, S14): first password set from loopback, auth enabled the way the UI's Settings save
 * does it, the exempt paths, tokens and the session cookie, tampered tokens, avatar, user name and password changes
 * that apply at once and end earlier sessions, the login rate limit per client, cross-site writes, and the
 * trusted_networks guard. The loopback address is declared a trusted proxy so that {@code X-Forwarded-For} can
 * play other clients.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AuthIT extends RackscopeTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FIRST = "first-Passw0rd";
    private static final String SECOND = "second-Passw0rd";
    private static final String XFF = "X-Forwarded-For";

    @Configuration
    public Option[] config() throws IOException {
        return OptionUtils.combine(runtimeOptions(true, false),
                frameworkProperty("rackscope.trusted.proxies").value("127.0.0.1"));
    }

    private static String login(Http http, String user, String password, String... headers) {
        Http.Resp r = http.send("POST", "/api/auth/login",
                "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}", headers);
        assertEquals(r.body(), 200, r.status());
        return r.json().path("access_token").asText();
    }

    private static byte[] hmac(byte[] key, String data) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    /** An HS256 token with {@code sub} and {@code exp}, signed with {@code key}. */
    private static String sign(String sub, long exp, byte[] key) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String input = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + b64.encodeToString(("{\"sub\":\"" + sub + "\",\"exp\":" + exp + "}")
                .getBytes(StandardCharsets.UTF_8));
        return input + "." + b64.encodeToString(hmac(key, input));
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    private static void assertDetail(Http.Resp r, int status, String detail) {
        assertEquals(r.body(), status, r.status());
        assertEquals(r.body(), detail, r.json().path("detail").asText());
    }

    /** The Settings page's save: GET /api/config, change, PUT it back without auth.username (the UI never sends it). */
    private static Http.Resp settingsSave(Http http, java.util.function.Consumer<ObjectNode> edit, String... headers) {
        Http.Resp got = http.send("GET", "/api/config", null, headers);
        assertEquals(got.body(), 200, got.status());
        ObjectNode body = (ObjectNode) got.json();
        ((ObjectNode) body.get("auth")).remove("username");
        edit.accept(body);
        return http.send("PUT", "/api/config", body.toString(), headers);
    }

    @Test
    public void fromNoPasswordToAuthOnAndBack() throws Exception {
        Http http = http();
        await("the API", () -> http.get("/api/auth/status").status() == 200);

        // ---- no password yet: auth is off, login says so, /me has no user
        JsonNode status = http.get("/api/auth/status").json();
        assertFalse(status.path("enabled").asBoolean());
        assertFalse(status.path("configured").asBoolean());
        assertEquals("admin", status.path("username").asText());
        assertEquals(6, status.path("policy").path("min_length").asInt());
        assertEquals(128, status.path("policy").path("max_length").asInt());
        assertDetail(http.get("/api/auth/me"), 401, "Not authenticated");
        assertTrue(http.get("/api/auth/avatar").json().path("avatar").isNull());
        assertDetail(http.post("/api/auth/login", "{\"username\":\"admin\",\"password\":\"x\"}"), 400,
                "Authentication is not enabled");
        assertEquals(422, http.post("/api/auth/login", "{\"username\":\"admin\"}").status());

        // ---- S1: enabled without a password does not lock anyone out
        String original = read(configDir().resolve("app.yaml"));
        Http.Resp enabledNoHash = settingsSave(http, c -> ((ObjectNode) c.get("auth")).put("enabled", true));
        assertEquals(enabledNoHash.body(), 200, enabledNoHash.status());
        assertFalse("enabled without a password is not in force", http.get("/api/auth/status").json()
                .path("enabled").asBoolean());
        assertEquals(200, http.get("/api/sites").status());

        // ---- S2: the first password, from loopback only, policy first
        String set = "{\"current_password\":\"\",\"new_password\":\"" + FIRST + "\"}";
        assertDetail(http.send("POST", "/api/auth/change-password", set, XFF, "203.0.113.7"), 400,
                "No password configured. Use the setup wizard to set an initial password.");
        assertDetail(http.post("/api/auth/change-password", "{\"current_password\":\"\",\"new_password\":\"abc\"}"),
                422, "Password must be at least 6 characters");
        assertEquals(200, http.post("/api/auth/change-password", set).status());
        String yaml = read(configDir().resolve("app.yaml"));
        assertTrue(yaml, yaml.contains("name: Rackscope IT"));
        assertTrue(yaml, yaml.matches("(?s).*password_hash: \"\\$2b\\$13\\$[./A-Za-z0-9]{53}\".*"));
        assertFalse(original.equals(yaml));
        status = http.get("/api/auth/status").json();
        assertTrue("configured at once (S3)", status.path("configured").asBoolean());
        assertTrue("auth.enabled was already true: now in force", status.path("enabled").asBoolean());

        // ---- auth on: every path but the exempt ones needs a token
        for (String path : List.of("/api/sites", "/healthz", "/api/no-such-path", "/api/auth/me", "/api/config")) {
            assertDetail(http.get(path), 401, "Not authenticated");
        }
        assertEquals(200, http.get("/api/auth/status").status());
        Http.Resp console = http.get("/system/console/bundles");
        assertEquals(401, console.status());
        assertNotNull("the console's own Basic login, not ours", console.header("WWW-Authenticate"));
        assertDetail(http.post("/api/auth/login", "{\"username\":\"admin\",\"password\":\"wrong\"}"), 401,
                "Invalid credentials");
        assertDetail(http.post("/api/auth/login", "{\"username\":\"nobody\",\"password\":\"" + FIRST + "\"}"), 401,
                "Invalid credentials");
        Http.Resp ok = http.post("/api/auth/login", "{\"username\":\"admin\",\"password\":\"" + FIRST + "\"}");
        assertEquals(ok.body(), 200, ok.status());
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = ok.json().fieldNames(); it.hasNext();) {
            keys.add(it.next());
        }
        assertEquals(List.of("access_token", "token_type", "expires_in", "username"), keys);
        assertEquals("bearer", ok.json().path("token_type").asText());
        assertEquals(86400, ok.json().path("expires_in").asInt());
        assertEquals("admin", ok.json().path("username").asText());
        String token = ok.json().path("access_token").asText();
        String cookie = ok.header("Set-Cookie");
        assertNotNull(cookie);
        assertTrue(cookie, cookie.startsWith("rackscope_session=" + token + ";") && cookie.contains("HttpOnly")
                && cookie.contains("SameSite=Strict"));

        assertEquals(200, http.send("GET", "/api/sites", null, "Authorization", bearer(token)).status());
        assertEquals("admin", http.send("GET", "/api/auth/me", null, "Authorization", bearer(token)).json()
                .path("username").asText());
        assertEquals("S14: the UI's token-less calls work with the cookie", 200,
                http.send("GET", "/api/logs?n=1", null, "Cookie", "rackscope_session=" + token).status());
        String[] parts = token.split("\\.");
        String forgedPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"sub\":\"admin\",\"exp\":99999999999}".getBytes(StandardCharsets.UTF_8));
        assertDetail(http.send("GET", "/api/sites", null, "Authorization",
                bearer(parts[0] + "." + forgedPayload + "." + parts[2])), 401, "Invalid or expired token");
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        assertDetail(http.send("GET", "/api/sites", null, "Authorization", bearer(none + "." + parts[1] + ".")), 401,
                "Invalid or expired token");
        // a fresh connection: Jetty's per-connection header cache matches values case-insensitively, so on the
        // connection that just sent "Bearer <token>" it would hand back that header for "bearer <token>"
        assertDetail(http().send("GET", "/api/sites", null, "Authorization", "bearer " + token), 401,
                "Not authenticated");

        String[] auth = {"Authorization", bearer(token)};

        // ---- S12: a cross-site write is refused even with a valid session
        assertDetail(http.send("POST", "/api/system/restart", "", "Authorization", bearer(token), "Origin",
                "https://evil.example"), 403, "Cross-site request refused");

        // ---- avatar
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13};
        String dataUrl = "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
        assertEquals(200, http.send("PUT", "/api/auth/avatar", "{\"avatar\":\"" + dataUrl + "\"}", auth).status());
        assertEquals("data:image/jpeg;base64," + Base64.getEncoder().encodeToString(png),
                http.send("GET", "/api/auth/avatar", null, auth).json().path("avatar").asText());
        assertDetail(http.send("PUT", "/api/auth/avatar", "{\"avatar\":\"data:image/gif;base64,R0lG\"}", auth), 400,
                "Unsupported image type 'image/gif'. Allowed: jpeg, png, webp.");
        assertEquals(200, http.send("DELETE", "/api/auth/avatar", null, auth).status());
        assertTrue(http.send("GET", "/api/auth/avatar", null, auth).json().path("avatar").isNull());

        // ---- user name change: applies at once, ends the session, survives a Settings save (S3, S4, S6)
        assertDetail(http.send("POST", "/api/auth/change-username", "{\"password\":\"no\",\"new_username\":\"ops\"}",
                auth), 401, "Password is incorrect");
        assertDetail(http.send("POST", "/api/auth/change-username",
                "{\"password\":\"" + FIRST + "\",\"new_username\":\"  \"}", auth), 422, "Username cannot be empty");
        Http.Resp renamed = http.send("POST", "/api/auth/change-username",
                "{\"password\":\"" + FIRST + "\",\"new_username\":\" ops \"}", auth);
        assertEquals(renamed.body(), 200, renamed.status());
        assertEquals("ops", renamed.json().path("username").asText());
        assertEquals("ops", http.get("/api/auth/status").json().path("username").asText());
        assertDetail(http.send("GET", "/api/sites", null, auth), 401, "Invalid or expired token");
        assertEquals(401, http.post("/api/auth/login", "{\"username\":\"admin\",\"password\":\"" + FIRST + "\"}")
                .status());
        token = login(http, "ops", FIRST);
        auth = new String[] {"Authorization", bearer(token)};
        Http.Resp saved = settingsSave(http, c -> ((ObjectNode) c.get("features")).put("playlist", true), auth);
        assertEquals(saved.body(), 200, saved.status());
        assertFalse("no hash in the answer", saved.body().contains("$2b$"));
        assertEquals("a save without username keeps it (S4)", "ops",
                http.get("/api/auth/status").json().path("username").asText());
        assertTrue(read(configDir().resolve("app.yaml")).contains("$2b$13$"));

        // ---- password change: policy incl. bcrypt's 72 bytes (S9), applies at once, ends earlier sessions
        assertDetail(http.send("POST", "/api/auth/change-password",
                "{\"current_password\":\"nope\",\"new_password\":\"" + SECOND + "\"}", auth), 401,
                "Current password is incorrect");
        assertDetail(http.send("POST", "/api/auth/change-password",
                "{\"current_password\":\"" + FIRST + "\",\"new_password\":\"" + "é".repeat(40) + "\"}", auth), 422,
                "Password must be at most 72 bytes long in UTF-8");
        assertEquals(200, http.send("POST", "/api/auth/change-password",
                "{\"current_password\":\"" + FIRST + "\",\"new_password\":\"" + SECOND + "\"}", auth).status());
        assertDetail(http.send("GET", "/api/sites", null, auth), 401, "Invalid or expired token");
        assertEquals(401, http.post("/api/auth/login", "{\"username\":\"ops\",\"password\":\"" + FIRST + "\"}")
                .status());
        token = login(http, "ops", SECOND);
        auth = new String[] {"Authorization", bearer(token)};

        // ---- expiry, end to end: tokens signed here with the server's key (the kept data/auth-secret-key combined
        // with the current user and hash, as the README describes); the valid one is the positive control
        String currentHash = read(configDir().resolve("app.yaml"))
                .replaceAll("(?s).*password_hash: \"([^\"]+)\".*", "$1");
        byte[] key = hmac(read(work().resolve("data/auth-secret-key")).trim().getBytes(StandardCharsets.US_ASCII),
                "rackscope-session\u0000ops\u0000" + currentHash);
        long now = System.currentTimeMillis() / 1000;
        assertEquals(200, http.send("GET", "/api/sites", null, "Authorization", bearer(sign("ops", now + 60, key)))
                .status());
        assertDetail(http.send("GET", "/api/sites", null, "Authorization", bearer(sign("ops", now - 1, key))), 401,
                "Invalid or expired token");
        assertDetail(http.send("GET", "/api/sites", null, "Authorization", bearer(sign("admin", now + 60, key))), 401,
                "Invalid or expired token");

        // ---- S8: ten failures from one client lock that client out for that name, nobody else
        for (int i = 0; i < 10; i++) {
            assertEquals(401, http.send("POST", "/api/auth/login", "{\"username\":\"ops\",\"password\":\"guess" + i
                    + "\"}", XFF, "198.51.100.9").status());
        }
        Http.Resp limited = http.send("POST", "/api/auth/login",
                "{\"username\":\"ops\",\"password\":\"" + SECOND + "\"}", XFF, "198.51.100.9");
        assertDetail(limited, 429, "Too many login attempts. Try again in 15 minutes.");
        int retry = Integer.parseInt(limited.header("Retry-After"));
        assertTrue("Retry-After " + retry, retry > 0 && retry <= 900);
        login(http, "ops", SECOND); // the administrator, from elsewhere, is not locked out
        login(http, "ops", SECOND, XFF, "198.51.100.10");

        // ---- auth off with trusted_networks: every write and the logs only from those networks (S10)
        Http.Resp off = settingsSave(http, c -> {
            ((ObjectNode) c.get("auth")).put("enabled", false);
            ((ObjectNode) c.get("auth")).putArray("trusted_networks").add("10.0.0.0/8");
        }, auth);
        assertEquals(off.body(), 200, off.status());
        assertEquals(200, http.get("/api/sites").status());
        String denied = "Access denied: your IP is not in auth.trusted_networks. Enable auth.enabled=true or add "
                + "your IP/CIDR to the trusted list.";
        assertDetail(http.send("GET", "/api/logs", null), 403, denied);
        assertDetail(http.send("POST", "/api/system/restart", ""), 403, denied);
        assertDetail(http.send("PUT", "/api/auth/avatar", "{\"avatar\":null}", XFF, "192.168.7.7"), 403, denied);
        assertDetail(http.send("POST", "/api/topology/sites", "{\"id\":\"x\",\"name\":\"X\"}"), 403, denied);
        assertEquals(200, http.send("GET", "/api/logs?n=1", null, XFF, "10.4.5.6").status());
        Http.Resp reopened = settingsSave(http, c -> ((ObjectNode) c.get("auth")).putArray("trusted_networks"),
                XFF, "10.4.5.6");
        assertEquals(reopened.body(), 200, reopened.status());
        assertEquals(200, http.send("GET", "/api/logs?n=1", null).status());

        // ---- no password, hash or token in any log line or config answer
        String logs = http.get("/api/logs?n=1000&level=DEBUG").body();
        String hash = read(configDir().resolve("app.yaml")).replaceAll("(?s).*password_hash: \"([^\"]+)\".*", "$1");
        for (String secret : List.of(FIRST, SECOND, hash, token, parts[2])) {
            assertFalse("a secret in the logs", logs.contains(secret));
            assertFalse("a secret in GET /api/config", http.get("/api/config").body().contains(secret));
        }
        assertNull(JSON.readTree(http.get("/api/config").body()).path("auth").get("password_hash"));
    }
}
