package dev.rackscope.core.telemetry;

import java.time.Duration;
import java.util.Objects;

import dev.rackscope.api.model.AppConfig;

/**
 * What the Prometheus client needs from app.yaml (telemetry.md §1.1): where Prometheus is, how long to
 * wait, how to authenticate, how to trust it, and the TTL of each query cache.
 *
 * @param baseUrl        e.g. {@code http://prometheus:9090}; every trailing {@code /} is removed
 * @param timeout        the longest a query may take, answer included ({@code prometheus_timeout_seconds})
 * @param connectTimeout the longest a TCP/TLS connect may take (2 s in the original)
 * @param basicAuthUser  Basic auth user, or {@code null} for no auth
 * @param basicAuthPassword sent as {@code ""} when {@code null} and a user is set
 * @param tlsVerify      {@code false} trusts any certificate and skips host name verification
 * @param tlsCaFile      PEM bundle of the CAs to trust instead of the JDK's, or {@code null}
 * @param tlsCertFile    PEM client certificate (chain) for mTLS, used only together with {@code tlsKeyFile}
 * @param tlsKeyFile     PEM private key of the client certificate (PKCS#8, PKCS#1 RSA or SEC1 EC, unencrypted)
 * @param healthTtl      TTL of the {@code health} cache
 * @param metricsTtl     TTL of the {@code metrics} cache
 * @param genericTtl     TTL of the {@code generic} cache
 * @param latencyWindow  how many latency samples the average is taken over (≥ 1)
 */
public record PrometheusSettings(String baseUrl, Duration timeout, Duration connectTimeout, String basicAuthUser,
                                 String basicAuthPassword, boolean tlsVerify, String tlsCaFile, String tlsCertFile,
                                 String tlsKeyFile, Duration healthTtl, Duration metricsTtl, Duration genericTtl,
                                 int latencyWindow) {

    /** Where Prometheus is when neither app.yaml nor {@code PROMETHEUS_URL} says. */
    public static final String DEFAULT_URL = "http://prometheus:9090";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** The client's own generic TTL when there is no app.yaml ({@code PROMETHEUS_CACHE_TTL}, default 60 s). */
    public static final int DEFAULT_CACHE_TTL_SECONDS = 60;
    public static final int DEFAULT_LATENCY_WINDOW = 20;

    public PrometheusSettings {
        baseUrl = stripTrailingSlashes(emptyToNull(baseUrl) == null ? DEFAULT_URL : baseUrl.trim());
        timeout = positiveOr(timeout, DEFAULT_TIMEOUT);
        connectTimeout = positiveOr(connectTimeout, CONNECT_TIMEOUT);
        basicAuthUser = emptyToNull(basicAuthUser);
        basicAuthPassword = emptyToNull(basicAuthPassword);
        tlsCaFile = emptyToNull(tlsCaFile);
        tlsCertFile = emptyToNull(tlsCertFile);
        tlsKeyFile = emptyToNull(tlsKeyFile);
        genericTtl = Objects.requireNonNullElse(genericTtl, Duration.ofSeconds(DEFAULT_CACHE_TTL_SECONDS));
        healthTtl = Objects.requireNonNullElse(healthTtl, genericTtl);
        metricsTtl = Objects.requireNonNullElse(metricsTtl, genericTtl);
        latencyWindow = Math.max(1, latencyWindow);
    }

    /** The client's built-in settings: {@code envUrl} (or {@link #DEFAULT_URL}), 5 s, every cache 60 s. */
    public static PrometheusSettings defaults(String envUrl) {
        return from(null, envUrl);
    }

    /**
     * The settings app.yaml asks for. {@code config == null} gives the client's built-in defaults; a null
     * or empty {@code telemetry.prometheus_url} falls back to {@code envUrl} (the process's
     * {@code PROMETHEUS_URL}), then to {@link #DEFAULT_URL}.
     */
    public static PrometheusSettings from(AppConfig config, String envUrl) {
        return from(config, envUrl, System.getenv("PROMETHEUS_CACHE_TTL"));
    }

    /** {@link #from(AppConfig, String)} with the {@code PROMETHEUS_CACHE_TTL} value given explicitly. */
    static PrometheusSettings from(AppConfig config, String envUrl, String envCacheTtl) {
        AppConfig.Telemetry t = config == null ? null : config.telemetry();
        AppConfig.Cache c = config == null ? null : config.cache();
        String url = t == null ? null : emptyToNull(t.prometheusUrl());
        if (url == null) {
            url = emptyToNull(envUrl);
        }
        Duration timeout = t == null || !(t.prometheusTimeoutSeconds() > 0)
                ? DEFAULT_TIMEOUT : Duration.ofNanos(Math.round(t.prometheusTimeoutSeconds() * 1e9));
        int window = t == null || t.prometheusLatencyWindow() < 1
                ? DEFAULT_LATENCY_WINDOW : t.prometheusLatencyWindow();
        Duration generic;
        Duration health;
        Duration metrics;
        if (config == null) {
            generic = Duration.ofSeconds(parseSeconds(envCacheTtl, DEFAULT_CACHE_TTL_SECONDS));
            health = generic;
            metrics = generic;
        } else if (c == null) {
            // app.yaml without a cache section: the section's defaults
            generic = Duration.ofSeconds(30);
            health = Duration.ofSeconds(30);
            metrics = Duration.ofSeconds(120);
        } else {
            generic = Duration.ofSeconds(c.ttlSeconds());
            health = Duration.ofSeconds(c.healthChecksTtlSeconds());
            metrics = Duration.ofSeconds(c.metricsTtlSeconds());
        }
        return new PrometheusSettings(url, timeout, CONNECT_TIMEOUT,
                t == null ? null : t.basicAuthUser(), t == null ? null : t.basicAuthPassword(),
                t == null || t.tlsVerify(), t == null ? null : t.tlsCaFile(),
                t == null ? null : t.tlsCertFile(), t == null ? null : t.tlsKeyFile(),
                health, metrics, generic, window);
    }

    public PrometheusSettings withBaseUrl(String url) {
        return new PrometheusSettings(url, timeout, connectTimeout, basicAuthUser, basicAuthPassword, tlsVerify,
                tlsCaFile, tlsCertFile, tlsKeyFile, healthTtl, metricsTtl, genericTtl, latencyWindow);
    }

    public PrometheusSettings withTimeout(Duration value) {
        return new PrometheusSettings(baseUrl, value, connectTimeout, basicAuthUser, basicAuthPassword, tlsVerify,
                tlsCaFile, tlsCertFile, tlsKeyFile, healthTtl, metricsTtl, genericTtl, latencyWindow);
    }

    public PrometheusSettings withBasicAuth(String user, String password) {
        return new PrometheusSettings(baseUrl, timeout, connectTimeout, user, password, tlsVerify,
                tlsCaFile, tlsCertFile, tlsKeyFile, healthTtl, metricsTtl, genericTtl, latencyWindow);
    }

    public PrometheusSettings withTls(boolean verify, String caFile, String certFile, String keyFile) {
        return new PrometheusSettings(baseUrl, timeout, connectTimeout, basicAuthUser, basicAuthPassword, verify,
                caFile, certFile, keyFile, healthTtl, metricsTtl, genericTtl, latencyWindow);
    }

    public PrometheusSettings withTtls(Duration health, Duration metrics, Duration generic) {
        return new PrometheusSettings(baseUrl, timeout, connectTimeout, basicAuthUser, basicAuthPassword, tlsVerify,
                tlsCaFile, tlsCertFile, tlsKeyFile, health, metrics, generic, latencyWindow);
    }

    public PrometheusSettings withLatencyWindow(int window) {
        return new PrometheusSettings(baseUrl, timeout, connectTimeout, basicAuthUser, basicAuthPassword, tlsVerify,
                tlsCaFile, tlsCertFile, tlsKeyFile, healthTtl, metricsTtl, genericTtl, window);
    }

    /** The TTL of one cache; {@link dev.rackscope.api.telemetry.PrometheusClient.CacheKind#NONE} has none. */
    Duration ttl(dev.rackscope.api.telemetry.PrometheusClient.CacheKind kind) {
        return switch (kind) {
            case HEALTH -> healthTtl;
            case METRICS -> metricsTtl;
            case GENERIC -> genericTtl;
            case NONE -> Duration.ZERO;
        };
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "PrometheusSettings[baseUrl=" + baseUrl + ", timeout=" + timeout + ", connectTimeout=" + connectTimeout
                + ", basicAuthUser=" + basicAuthUser
                + ", basicAuthPassword=" + (basicAuthPassword == null ? null : "***")
                + ", tlsVerify=" + tlsVerify + ", tlsCaFile=" + tlsCaFile + ", tlsCertFile=" + tlsCertFile
                + ", tlsKeyFile=" + tlsKeyFile + ", healthTtl=" + healthTtl + ", metricsTtl=" + metricsTtl
                + ", genericTtl=" + genericTtl + ", latencyWindow=" + latencyWindow + "]";
    }

    private static String stripTrailingSlashes(String url) {
        int end = url.length();
        while (end > 0 && url.charAt(end - 1) == '/') {
            end--;
        }
        return url.substring(0, end);
    }

    private static Duration positiveOr(Duration d, Duration fallback) {
        return d == null || d.isNegative() || d.isZero() ? fallback : d;
    }

    private static int parseSeconds(String text, int fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            int v = (int) Math.round(Double.parseDouble(text.trim()));
            return v > 0 ? v : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
