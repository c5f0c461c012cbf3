package dev.rackscope.core.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import dev.rackscope.api.config.RackscopeConfig;
import dev.rackscope.api.http.ApiException;
import dev.rackscope.api.http.ApiRequest;
import dev.rackscope.api.http.ApiServlet;
import dev.rackscope.api.http.ValidationException;
import dev.rackscope.api.model.AppConfig;
import dev.rackscope.api.model.AppConfig.Auth;
import dev.rackscope.api.model.AppConfig.Auth.Policy;
import dev.rackscope.core.config.AtomicFileWriter;
import dev.rackscope.core.config.YamlEdit;
import dev.rackscope.core.config.Yaml11;
import dev.rackscope.core.load.LoadException;
import dev.rackscope.core.load.Problems;
import dev.rackscope.core.load.Fields;
import dev.rackscope.core.snapshot.SnapshotManager;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;

/**
 * {@code /api/auth/*} (ui-surface.md §1.5): status, login, me, change-password, change-username and the avatar,
 * with the original's bodies and messages and §10's defects fixed: credential changes are committed through the
 * snapshot (the running server uses them at once, S3), the first password may be set from a trusted network
 * while authentication is off (S2), the rate limit counts failures per client and user name (S8), a wrong user
 * name costs the same time as a wrong password (S7), a password over 72 bytes is a 422 (S9), and a login opens
 * an HttpOnly session cookie too (S14).
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/auth/*")
public final class AuthServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AuthServlet.class);
    static final Policy DEFAULT_POLICY = new Policy(6, 128, false, false);
    static final int MAX_USERNAME = 128;

    private final transient SnapshotManager snapshots;
    private final transient RackscopeConfig files;
    private final transient AuthService auth;

    @Activate
    public AuthServlet(@Reference SnapshotManager snapshots, @Reference RackscopeConfig files,
                       @Reference AuthService auth) {
        this.snapshots = snapshots;
        this.files = files;
        this.auth = auth;
        get("/status", r -> status());
        post("/login", this::login);
        post("/logout", this::logout);
        get("/me", this::me);
        post("/change-password", this::changePassword);
        post("/change-username", this::changeUsername);
        get("/avatar", r -> readAvatar());
        put("/avatar", this::writeAvatar);
        delete("/avatar", r -> deleteAvatar());
    }

    private AppConfig config() {
        return snapshots.current().config();
    }

    /** The config in force, or 400 as the original answers the credential changes without one. */
    private AppConfig requireConfig() {
        AppConfig config = config();
        if (config == null) {
            throw new ApiException(400, "No configuration loaded");
        }
        return config;
    }

    /** The password hash of an auth section, {@code ""} when none. */
    static String hashOf(Auth a) {
        return a == null || a.passwordHash() == null ? "" : a.passwordHash();
    }

    // ------------------------------------------------------------------ status, login, me

    private Map<String, Object> status() {
        AppConfig config = config();
        Auth a = config == null ? null : config.auth();
        Policy p = a == null || a.policy() == null ? DEFAULT_POLICY : a.policy();
        Map<String, Object> body = new LinkedHashMap<>();
        // "enabled" is what is in force: enabled without a password is off (§10 S1), and says so
        body.put("enabled", AuthService.enforced(config) != null);
        body.put("configured", a != null && a.passwordHash() != null && !a.passwordHash().isEmpty());
        body.put("username", a == null || a.username() == null ? "admin" : a.username());
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("min_length", p.minLength());
        policy.put("max_length", p.maxLength());
        policy.put("require_digit", p.requireDigit());
        policy.put("require_symbol", p.requireSymbol());
        body.put("policy", policy);
        return body;
    }

    private Object login(ApiRequest r) {
        Map<String, String> body = strings(r.jsonObject(), "username", "password");
        String username = body.get("username");
        String password = body.get("password");
        HttpServletRequest req = r.servletRequest();
        String client = auth.clientAddress(req);
        long now = auth.nowMillis();
        long wait = auth.limiter().retryAfterSeconds(client, username, now);
        if (wait > 0) {
            LOG.warn("Login refused for {}: too many failed attempts, retry in {} s", client, wait);
            r.servletResponse().setHeader("Retry-After", Long.toString(wait));
            throw new ApiException(429, "Too many login attempts. Try again in 15 minutes.");
        }
        AppConfig config = config();
        Auth a = config == null ? null : config.auth();
        if (a == null || !a.enabled()) {
            throw new ApiException(400, "Authentication is not enabled");
        }
        String hash = hashOf(a);
        if (!username.equals(a.username())) {
            Passwords.verifyDummy(password, hash);
            auth.limiter().failed(client, username, now);
            LOG.warn("Failed login from {}: unknown user name", client); // the name may be a mistyped password
            throw new ApiException(401, "Invalid credentials");
        }
        if (hash.isEmpty()) {
            auth.limiter().failed(client, username, now);
            throw new ApiException(401, "No password configured");
        }
        if (!Passwords.verify(password, hash)) {
            auth.limiter().failed(client, username, now);
            LOG.warn("Failed login for user {} from {}: wrong password", a.username(), client);
            throw new ApiException(401, "Invalid credentials");
        }
        auth.limiter().succeeded(client, username);
        AuthService.Session session = auth.open(a);
        setCookie(r, session.token(), session.maxAgeSeconds());
        LOG.info("User {} logged in from {}", a.username(), client);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("access_token", session.token());
        out.put("token_type", "bearer");
        out.put("expires_in", session.expiresIn());
        out.put("username", a.username());
        return out;
    }

    /** Not in the original (its UI only forgets the token): ends the session cookie. */
    private Object logout(ApiRequest r) {
        setCookie(r, "", 0);
        return Map.of("ok", true);
    }

    private void setCookie(ApiRequest r, String value, long maxAge) {
        HttpServletRequest req = r.servletRequest();
        boolean secure = req.isSecure() || (auth.viaTrustedProxy(req)
                && "https".equalsIgnoreCase(req.getHeader("X-Forwarded-Proto")));
        r.servletResponse().addHeader("Set-Cookie", AuthService.COOKIE + "=" + value + "; Path=/; Max-Age=" + maxAge
                + "; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : ""));
    }

    private Object me(ApiRequest r) {
        Object user = r.servletRequest().getAttribute(AuthService.USER_ATTRIBUTE);
        if (!(user instanceof String name) || name.isEmpty()) {
            throw new ApiException(401, "Not authenticated");
        }
        return Map.of("username", name);
    }

    // ------------------------------------------------------------------ credential changes

    private Object changePassword(ApiRequest r) throws IOException {
        Map<String, String> body = strings(r.jsonObject(), "current_password", "new_password");
        AppConfig config = requireConfig();
        Auth a = config.auth();
        String hash = hashOf(a);
        HttpServletRequest req = r.servletRequest();
        if (hash.isEmpty()) {
            // §10 S2: the first password may be set only while authentication is off, from a trusted network
            // (loopback when auth.trusted_networks is empty)
            if (AuthService.enforced(config) != null || !auth.trusted(req, a, true)) {
                throw new ApiException(400, "No password configured. Use the setup wizard to set an initial password.");
            }
        } else if (!Passwords.verify(body.get("current_password"), hash)) {
            LOG.warn("Password change refused from {}: current password incorrect", auth.clientAddress(req));
            throw new ApiException(401, "Current password is incorrect");
        }
        String violation = Passwords.policyViolation(body.get("new_password"),
                a == null || a.policy() == null ? DEFAULT_POLICY : a.policy());
        if (violation != null) {
            throw new ApiException(422, violation);
        }
        String newHash = Passwords.hash(body.get("new_password"));
        patch("password change", "password_hash", newHash, hash);
        LOG.info("{} for user {} from {}", hash.isEmpty() ? "Initial password set" : "Password changed",
                a == null ? "admin" : a.username(), auth.clientAddress(req));
        return Map.of("ok", true);
    }

    private Object changeUsername(ApiRequest r) throws IOException {
        Map<String, String> body = strings(r.jsonObject(), "password", "new_username");
        Auth a = requireConfig().auth();
        String hash = hashOf(a);
        if (!hash.isEmpty() && !Passwords.verify(body.get("password"), hash)) {
            LOG.warn("User name change refused from {}: password incorrect", auth.clientAddress(r.servletRequest()));
            throw new ApiException(401, "Password is incorrect");
        }
        String name = body.get("new_username").strip();
        if (name.isEmpty()) {
            throw new ApiException(422, "Username cannot be empty");
        }
        if (name.codePointCount(0, name.length()) > MAX_USERNAME) {
            throw new ApiException(422, "Username must be at most " + MAX_USERNAME + " characters");
        }
        if (name.codePoints().anyMatch(Character::isISOControl)) {
            throw new ApiException(422, "Username cannot contain control characters");
        }
        patch("user name change", "username", name, hash);
        LOG.info("User name changed from {} to {}", a == null ? "admin" : a.username(), name);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ok", true);
        out.put("username", name);
        return out;
    }

    /**
     * Sets {@code auth.<key>} in app.yaml (layout and comments kept where possible) and commits it through the
     * snapshot, so the running server uses it when this returns. {@code verifiedHash} is the hash the request
     * was checked against: when another change replaced it meanwhile the request is refused (409).
     */
    private void patch(String why, String key, String value, String verifiedHash) throws IOException {
        Path appYaml = files.appConfigFile();
        try {
            snapshots.commit(why, (current, change) -> {
                AppConfig now = current.config();
                if (!hashOf(now == null ? null : now.auth()).equals(verifiedHash)) {
                    throw new ApiException(409, "The credentials changed meanwhile; try again");
                }
                if (!Files.isRegularFile(appYaml)) {
                    throw new ApiException(500, "Config file not found");
                }
                String text = Files.readString(appYaml, StandardCharsets.UTF_8);
                YamlEdit.Result edited;
                try {
                    edited = YamlEdit.set(text, List.of("auth", key), value);
                } catch (Yaml11.YamlFileException e) {
                    throw new ApiException(409, "app.yaml does not parse, fix it first: " + e.getMessage());
                }
                if (!edited.layoutKept()) {
                    LOG.warn("app.yaml rewritten for the {}: its comments could not be kept", why);
                }
                change.write(appYaml, edited.text());
                return null;
            });
        } catch (LoadException e) {
            throw new ApiException(409, "Change refused, the configuration would not load: " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------ avatar

    private Path avatarFile() {
        Path dir = files.appConfigFile().toAbsolutePath().getParent();
        return dir.resolve("avatar.jpeg");
    }

    private Map<String, Object> readAvatar() {
        Map<String, Object> out = new LinkedHashMap<>();
        Path file = avatarFile();
        try {
            byte[] bytes = Files.isRegularFile(file) && Files.size(file) <= 2 * Avatars.MAX_BYTES
                    ? Files.readAllBytes(file) : null;
            out.put("avatar", bytes == null ? null
                    : "data:image/jpeg;base64," + java.util.Base64.getEncoder().encodeToString(bytes));
        } catch (IOException e) {
            out.put("avatar", null);
        }
        return out;
    }

    private Object writeAvatar(ApiRequest r) throws IOException {
        JsonNode body = r.jsonObject();
        JsonNode value = body.get("avatar");
        if (value != null && !value.isNull() && !value.isTextual()) {
            throw ValidationException.of("string_type", List.of("body", "avatar"), "Input should be a valid string",
                    value);
        }
        if (value == null || value.isNull() || value.asText().isEmpty()) {
            return deleteAvatar();
        }
        byte[] image = Avatars.decode(value.asText());
        Path file = avatarFile();
        try {
            new AtomicFileWriter(() -> List.of(file.getParent())).write(file, image);
        } catch (IOException | RuntimeException e) {
            LOG.error("Could not save the avatar in {}: {}", file, e.toString());
            throw new ApiException(500, "Could not save avatar");
        }
        LOG.info("Avatar saved ({} bytes)", image.length);
        return Map.of("ok", true);
    }

    private Object deleteAvatar() {
        try {
            Files.deleteIfExists(avatarFile());
        } catch (IOException e) {
            LOG.warn("Could not delete the avatar {}: {}", avatarFile(), e.toString());
        }
        return Map.of("ok", true);
    }

    // ------------------------------------------------------------------ bodies

    /** Required string fields, validated together as pydantic does (every problem in one 422). */
    static Map<String, String> strings(JsonNode json, String... names) {
        @SuppressWarnings("unchecked")
        Map<String, Object> doc = dev.rackscope.api.http.Json.mapper().convertValue(json, LinkedHashMap.class);
        Problems problems = new Problems();
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : names) {
            Object v = doc.get(name);
            if (!doc.containsKey(name)) {
                problems.add("missing", List.of(name), "Field required", doc);
            } else if (!(v instanceof String s)) {
                problems.add("string_type", List.of(name), "Input should be a valid string", v);
            } else {
                out.put(name, s);
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems.detail("body"));
        }
        return out;
    }
}
