package dev.rackscope.core.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.function.LongSupplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.rackscope.api.model.AppConfig;
import dev.rackscope.api.model.AppConfig.Auth;
import jakarta.servlet.http.HttpServletRequest;

/**
 * What the auth filter and endpoints share: whether authentication is in force, the session tokens, the login
 * rate limit and the client address.
 *
 * <p>Tokens are HS256 with the original's claims ({@code sub}, {@code exp}) plus {@code iat}. The signing key is
 * derived from a base key and the current credentials (user name and password hash), so a password or user name
 * change ends every session issued before it, across restarts, without a revocation list (§10 S6). The base key
 * is {@code auth.secret_key} when set; otherwise 32 random bytes generated once and kept, readable by the owner
 * only, in the data folder ({@code rackscope.data.dir}/auth-secret-key), so sessions survive a restart.
 */
@Component(service = AuthService.class)
public final class AuthService {

    private static final Logger LOG = LoggerFactory.getLogger(AuthService.class);
    /** The session cookie set at login (§10 S14); HttpOnly, SameSite=Strict. */
    public static final String COOKIE = "rackscope_session";
    /** Request attribute holding the authenticated user name. */
    public static final String USER_ATTRIBUTE = "rackscope.auth.user";
    /** "unlimited" sessions still end, after this long (§10 S6); the wire still says {@code expires_in: null}. */
    static final long UNLIMITED_SECONDS = 30L * 24 * 3600;
    static final String KEY_FILE = "auth-secret-key";

    private final Path dataDir;
    private final Networks proxies;
    private final LoginLimiter limiter = new LoginLimiter();
    private final LongSupplier clock;
    private volatile byte[] generatedKey;

    @Activate
    public AuthService(BundleContext context) {
        this(dataDir(context), Networks.parse(property(context, "rackscope.trusted.proxies",
                "RACKSCOPE_TRUSTED_PROXIES")), System::currentTimeMillis);
    }

    AuthService(Path dataDir, Networks proxies, LongSupplier clock) {
        this.dataDir = dataDir;
        this.proxies = proxies;
        this.clock = clock;
    }

    /** The result of checking a request's credentials. */
    public record Verdict(String user, String failure) {
        static Verdict ok(String user) {
            return new Verdict(user, null);
        }

        static Verdict fail(String detail) {
            return new Verdict(null, detail);
        }
    }

    /** A session just opened. */
    public record Session(String token, Long expiresIn, long maxAgeSeconds) {
    }

    // ------------------------------------------------------------------ state

    /**
     * The auth section in force, or {@code null} when authentication is off: no app config, {@code enabled: false},
     * or enabled without a password hash (§10 S1: the original locked everyone out then; this server stays open,
     * and says so in the log and in {@code /api/auth/status}).
     */
    public static Auth enforced(AppConfig config) {
        if (config == null || config.auth() == null || !config.auth().enabled()) {
            return null;
        }
        String hash = config.auth().passwordHash();
        return hash == null || hash.isEmpty() ? null : config.auth();
    }

    /** Whether {@code auth.enabled} is true but no password is set, so authentication is off. */
    public static boolean enabledWithoutPassword(AppConfig config) {
        return config != null && config.auth() != null && config.auth().enabled()
                && (config.auth().passwordHash() == null || config.auth().passwordHash().isEmpty());
    }

    // ------------------------------------------------------------------ tokens

    public Session open(Auth auth) {
        long now = clock.getAsLong() / 1000;
        Long expiresIn = switch (auth.sessionDuration() == null ? "24h" : auth.sessionDuration()) {
            case "8h" -> 8L * 3600;
            case "unlimited" -> null;
            default -> 24L * 3600;
        };
        long lifetime = expiresIn == null ? UNLIMITED_SECONDS : expiresIn;
        String token = Jwt.sign(auth.username(), now, now + lifetime, signingKey(auth));
        return new Session(token, expiresIn, lifetime);
    }

    /** Checks a token against the credentials in force: signature, expiry, and {@code sub} = current user. */
    public Verdict verify(String token, Auth auth) {
        Jwt.Claims claims = Jwt.verify(token, signingKey(auth), clock.getAsLong() / 1000);
        if (claims == null || !claims.subject().equals(auth.username())) {
            return Verdict.fail("Invalid or expired token");
        }
        return Verdict.ok(claims.subject());
    }

    /**
     * The request's token: the {@code Authorization: Bearer} header (exact, case-sensitive prefix), else the
     * session cookie; {@code null} when neither is there.
     */
    public static String token(HttpServletRequest req) {
        String header = req.getHeader("Authorization");
        if (header != null && header.startsWith("Bearer ")) {
            return header.substring("Bearer ".length());
        }
        jakarta.servlet.http.Cookie[] cookies = req.getCookies();
        if (cookies != null) {
            for (jakarta.servlet.http.Cookie c : cookies) {
                if (COOKIE.equals(c.getName()) && c.getValue() != null && !c.getValue().isEmpty()) {
                    return c.getValue();
                }
            }
        }
        return null;
    }

    byte[] signingKey(Auth auth) {
        byte[] base = auth.secretKey() == null || auth.secretKey().isEmpty() ? generatedKey()
                : auth.secretKey().getBytes(StandardCharsets.UTF_8);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(base.length == 0 ? new byte[1] : base, "HmacSHA256"));
            String fingerprint = "rackscope-session\u0000" + auth.username() + "\u0000"
                    + (auth.passwordHash() == null ? "" : auth.passwordHash());
            return mac.doFinal(fingerprint.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private byte[] generatedKey() {
        byte[] key = generatedKey;
        if (key == null) {
            synchronized (this) {
                if (generatedKey == null) {
                    generatedKey = loadOrCreateKey();
                }
                key = generatedKey;
            }
        }
        return key;
    }

    /** Reads the kept key, or writes a new one (owner-only, atomically); in memory only when it cannot be kept. */
    private byte[] loadOrCreateKey() {
        Path file = dataDir == null ? null : dataDir.resolve(KEY_FILE);
        if (file != null && Files.isRegularFile(file)) {
            try {
                String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
                if (text.matches("[0-9a-f]{64,}")) {
                    return text.getBytes(StandardCharsets.US_ASCII);
                }
                LOG.warn("Ignoring the session key file {}: it does not hold a key; writing a new one", file);
            } catch (IOException e) {
                LOG.warn("Cannot read the session key file {} ({}); writing a new one", file, e.getMessage());
            }
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String hex = HexFormat.of().formatHex(random);
        if (file == null) {
            LOG.warn("No data folder: the session key is kept in memory only, sessions end at restart");
            return hex.getBytes(StandardCharsets.US_ASCII);
        }
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling("." + KEY_FILE + ".tmp");
            Files.deleteIfExists(tmp);
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException | FileAlreadyExistsException e) {
                Files.createFile(tmp);
            }
            Files.writeString(tmp, hex + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            LOG.info("auth.secret_key is empty: generated a session key, kept in {}", file);
        } catch (IOException e) {
            LOG.warn("Cannot keep the session key in {} ({}): sessions end at restart", file, e.getMessage());
        }
        return hex.getBytes(StandardCharsets.US_ASCII);
    }

    // ------------------------------------------------------------------ clients

    /** The client's address (see {@link Networks#clientAddress}). */
    public String clientAddress(HttpServletRequest req) {
        return Networks.clientAddress(req.getRemoteAddr(), req.getHeader("X-Forwarded-For"), proxies);
    }

    /** Whether the request came through a trusted proxy (its forwarded headers may then be believed). */
    boolean viaTrustedProxy(HttpServletRequest req) {
        return !proxies.isEmpty() && proxies.contains(req.getRemoteAddr());
    }

    /**
     * {@code auth.trusted_networks} check (§1.8, §10 S10): true when the list is empty, or the client address is
     * in it. With {@code loopbackWhenEmpty}, an empty list admits loopback clients only (first-password bootstrap,
     * §10 S2).
     */
    public boolean trusted(HttpServletRequest req, Auth auth, boolean loopbackWhenEmpty) {
        List<String> networks = auth == null ? List.of() : auth.trustedNetworks();
        String client = clientAddress(req);
        if (networks == null || networks.isEmpty()) {
            return !loopbackWhenEmpty || Networks.isLoopback(client);
        }
        return Networks.parse(networks).contains(client);
    }

    public LoginLimiter limiter() {
        return limiter;
    }

    public long nowMillis() {
        return clock.getAsLong();
    }

    // ------------------------------------------------------------------ setup

    private static Path dataDir(BundleContext context) {
        String dir = context.getProperty("rackscope.data.dir");
        if (dir != null && !dir.isBlank()) {
            return Path.of(dir);
        }
        java.io.File f = context.getDataFile("");
        return f == null ? null : f.toPath();
    }

    private static String property(BundleContext context, String name, String env) {
        String v = context.getProperty(name);
        return v == null || v.isBlank() ? System.getenv(env) : v;
    }
}
