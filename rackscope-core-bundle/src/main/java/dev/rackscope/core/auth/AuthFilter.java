package dev.rackscope.core.auth;

import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterAsyncSupported;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.rackscope.api.http.ApiServlet;
import dev.rackscope.api.model.AppConfig;
import dev.rackscope.api.model.AppConfig.Auth;
import dev.rackscope.api.snapshot.SnapshotService;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Authentication and the admin guard, for every path of the server (ranking 900, inside the request log, so
 * its refusals are logged, without the token: §10 S15). In this order:
 * <ol>
 * <li>a state-changing request (any method but GET, HEAD, OPTIONS) whose {@code Sec-Fetch-Site} or
 * {@code Origin} shows another site is refused, 403 (§10 S12: the UI is same-origin);</li>
 * <li>when authentication is in force ({@link AuthService#enforced}), every path but {@code /api/auth/login},
 * {@code /api/auth/status}, the web console (its own login) and {@code /simulator/metrics} (Prometheus scrapes
 * it) needs a valid token, from the {@code Authorization: Bearer} header or the session cookie: 401
 * {@code Not authenticated} without one, 401 {@code Invalid or expired token} for a bad one;</li>
 * <li>when authentication is off and {@code auth.trusted_networks} is not empty, the admin operations (every
 * state-changing request, and reading or clearing the logs) are allowed only from those networks: 403 with the
 * original's message (§1.8, widened as §10 S10 asks).</li>
 * </ol>
 */
@Component(service = Filter.class, property = "service.ranking:Integer=900")
@HttpWhiteboardFilterPattern("/*")
@HttpWhiteboardFilterAsyncSupported
public final class AuthFilter implements Filter {

    private static final Logger LOG = LoggerFactory.getLogger(AuthFilter.class);
    static final Set<String> PUBLIC = Set.of("/api/auth/login", "/api/auth/status", "/simulator/metrics");
    static final String NOT_TRUSTED = "Access denied: your IP is not in auth.trusted_networks. "
            + "Enable auth.enabled=true or add your IP/CIDR to the trusted list.";
    static final String CROSS_SITE = "Cross-site request refused";

    private final SnapshotService snapshots;
    private final AuthService auth;
    private volatile AppConfig warnedAbout;

    @Activate
    public AuthFilter(@Reference SnapshotService snapshots, @Reference AuthService auth) {
        this.snapshots = snapshots;
        this.auth = auth;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest req) || !(response instanceof HttpServletResponse resp)) {
            chain.doFilter(request, response);
            return;
        }
        String path = path(req);
        boolean changes = isStateChanging(req.getMethod());
        if (changes && isCrossSite(req, auth.viaTrustedProxy(req))) {
            LOG.warn("Refused a cross-site {} {} (Origin {}, Sec-Fetch-Site {})", req.getMethod(), path,
                    req.getHeader("Origin"), req.getHeader("Sec-Fetch-Site"));
            ApiServlet.send(resp, 403, Map.of("detail", CROSS_SITE));
            return;
        }
        AppConfig config = snapshots.current().config();
        Auth enforced = AuthService.enforced(config);
        if (enforced != null) {
            if (!isPublic(path)) {
                String token = AuthService.token(req);
                if (token == null) {
                    ApiServlet.send(resp, 401, Map.of("detail", "Not authenticated"));
                    return;
                }
                AuthService.Verdict verdict = auth.verify(token, enforced);
                if (verdict.user() == null) {
                    ApiServlet.send(resp, 401, Map.of("detail", verdict.failure()));
                    return;
                }
                req.setAttribute(AuthService.USER_ATTRIBUTE, verdict.user());
            }
        } else {
            warnIfOpen(config);
            Auth section = config == null ? null : config.auth();
            if (isAdminOperation(req.getMethod(), path) && !auth.trusted(req, section, false)) {
                LOG.warn("Refused {} {} from {}: not in auth.trusted_networks", req.getMethod(), path,
                        auth.clientAddress(req));
                ApiServlet.send(resp, 403, Map.of("detail", NOT_TRUSTED));
                return;
            }
        }
        chain.doFilter(req, resp);
    }

    private void warnIfOpen(AppConfig config) {
        if (config != null && config != warnedAbout && AuthService.enabledWithoutPassword(config)) {
            warnedAbout = config;
            LOG.warn("auth.enabled is true but auth.password_hash is empty: authentication stays OFF until a "
                    + "password is set (Profile → Set password, from a trusted network)");
        }
    }

    /** The decoded, normalized path the container routes on (never the raw URI). */
    static String path(HttpServletRequest req) {
        String servletPath = req.getServletPath() == null ? "" : req.getServletPath();
        String info = req.getPathInfo() == null ? "" : req.getPathInfo();
        String p = servletPath + info;
        return p.isEmpty() ? "/" : p;
    }

    static boolean isPublic(String path) {
        return PUBLIC.contains(path) || path.equals("/system/console") || path.startsWith("/system/console/");
    }

    static boolean isStateChanging(String method) {
        return !(method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS"));
    }

    /** Writes, and the log endpoints the original guards with {@code require_admin}; not login, not the console. */
    static boolean isAdminOperation(String method, String path) {
        if (path.equals("/api/auth/login") || path.equals("/system/console") || path.startsWith("/system/console/")) {
            return false;
        }
        if (isStateChanging(method)) {
            return true;
        }
        return path.equals("/api/logs") || path.equals("/api/logs/stream");
    }

    /**
     * Whether a browser says the request comes from another site: {@code Sec-Fetch-Site} other than
     * {@code same-origin} or {@code none}, or, from browsers that do not send it, an {@code Origin} whose host and
     * port are not the request's
     * {@code Host} (or {@code X-Forwarded-Host} behind a trusted proxy). Requests without either header (curl,
     * scripts, old browsers on same-origin GETs) pass.
     */
    static boolean isCrossSite(HttpServletRequest req, boolean viaTrustedProxy) {
        String site = req.getHeader("Sec-Fetch-Site");
        if (site != null) {
            // set by the browser itself, never by a page: it settles the question when present
            String s = site.trim().toLowerCase(Locale.ROOT);
            return !s.equals("same-origin") && !s.equals("none");
        }
        String origin = req.getHeader("Origin");
        if (origin == null) {
            return false;
        }
        String host = viaTrustedProxy && req.getHeader("X-Forwarded-Host") != null
                ? req.getHeader("X-Forwarded-Host").split(",")[0].trim() : req.getHeader("Host");
        return host == null || !sameAuthority(origin.trim(), host.trim());
    }

    static boolean sameAuthority(String origin, String hostHeader) {
        URI o;
        URI h;
        try {
            o = URI.create(origin);
            h = URI.create("//" + hostHeader);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (o.getScheme() == null || o.getHost() == null || h.getHost() == null) {
            return false;
        }
        if (!o.getHost().equalsIgnoreCase(h.getHost())) {
            return false;
        }
        int defaultPort = "https".equalsIgnoreCase(o.getScheme()) ? 443 : 80;
        int originPort = o.getPort() < 0 ? defaultPort : o.getPort();
        if (h.getPort() < 0) {
            // a Host without a port: the default port of whichever scheme the origin used
            return originPort == defaultPort;
        }
        return originPort == h.getPort();
    }
}
