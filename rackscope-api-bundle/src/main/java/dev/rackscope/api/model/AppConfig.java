package dev.rackscope.api.model;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * app.yaml, every key with the original's defaults (core.md §1.2). JSON names are the YAML keys.
 *
 * @param plugins   {@code plugins.<id>} sections as written (each plugin owns its own)
 * @param simulator the deprecated top-level {@code simulator:} block as written, or {@code null}
 * @param slurm     the deprecated top-level {@code slurm:} block as written, or {@code null}
 */
public record AppConfig(App app, Paths paths, Refresh refresh, Cache cache, Telemetry telemetry, Planner planner,
                        Features features, Auth auth, @JsonProperty("map") MapView map, Playlist playlist,
                        Map<String, Object> plugins, Map<String, Object> simulator, Map<String, Object> slurm) {

    public record App(String name, String description) {
    }

    /** Resolved paths (absolute after loading from a file). */
    public record Paths(String topology, String templates, String checks, String metrics) {
    }

    public record Refresh(@JsonProperty("room_state_seconds") int roomStateSeconds,
                          @JsonProperty("rack_state_seconds") int rackStateSeconds) {
    }

    public record Cache(@JsonProperty("ttl_seconds") int ttlSeconds,
                        @JsonProperty("health_checks_ttl_seconds") int healthChecksTtlSeconds,
                        @JsonProperty("metrics_ttl_seconds") int metricsTtlSeconds,
                        @JsonProperty("service_ttl_seconds") int serviceTtlSeconds) {
    }

    public record Telemetry(@JsonProperty("prometheus_url") String prometheusUrl,
                            @JsonProperty("prometheus_timeout_seconds") double prometheusTimeoutSeconds,
                            @JsonProperty("identity_label") String identityLabel,
                            @JsonProperty("rack_label") String rackLabel,
                            @JsonProperty("chassis_label") String chassisLabel,
                            @JsonProperty("job_regex") String jobRegex,
                            @JsonProperty("prometheus_heartbeat_seconds") int prometheusHeartbeatSeconds,
                            @JsonProperty("prometheus_latency_window") int prometheusLatencyWindow,
                            @JsonProperty("debug_stats") boolean debugStats,
                            @JsonProperty("basic_auth_user") String basicAuthUser,
                            @JsonProperty("basic_auth_password") String basicAuthPassword,
                            @JsonProperty("tls_verify") boolean tlsVerify,
                            @JsonProperty("tls_ca_file") String tlsCaFile,
                            @JsonProperty("tls_cert_file") String tlsCertFile,
                            @JsonProperty("tls_key_file") String tlsKeyFile) {
    }

    public record Planner(@JsonProperty("unknown_state") String unknownState,
                          @JsonProperty("cache_ttl_seconds") int cacheTtlSeconds,
                          @JsonProperty("max_ids_per_query") int maxIdsPerQuery) {
    }

    /**
     * UI switches. {@code toast_*} and {@code aisle_dashboard} are sent by the web UI's Settings page; the original
     * model dropped them (ui-surface.md §10 F8), here they are kept with the UI's own defaults.
     */
    public record Features(boolean notifications,
                           @JsonProperty("notifications_max_visible") int notificationsMaxVisible,
                           boolean playlist, boolean offline, boolean wizard, boolean worldmap,
                           @JsonProperty("show_logs") boolean showLogs, boolean maintenances,
                           @JsonProperty("dev_tools") boolean devTools,
                           @JsonProperty("toast_duration_seconds") int toastDurationSeconds,
                           @JsonProperty("toast_position") String toastPosition,
                           @JsonProperty("toast_stack_threshold") int toastStackThreshold,
                           @JsonProperty("aisle_dashboard") boolean aisleDashboard) {

        /** The web UI's defaults for the keys the original did not keep. */
        public static final int DEFAULT_TOAST_DURATION_SECONDS = 15;
        public static final String DEFAULT_TOAST_POSITION = "bottom-right";
        public static final int DEFAULT_TOAST_STACK_THRESHOLD = 5;

        /** The 1.0 form: the UI-only keys take the UI's defaults. */
        public Features(boolean notifications, int notificationsMaxVisible, boolean playlist, boolean offline,
                        boolean wizard, boolean worldmap, boolean showLogs, boolean maintenances, boolean devTools) {
            this(notifications, notificationsMaxVisible, playlist, offline, wizard, worldmap, showLogs, maintenances,
                    devTools, DEFAULT_TOAST_DURATION_SECONDS, DEFAULT_TOAST_POSITION, DEFAULT_TOAST_STACK_THRESHOLD, true);
        }
    }

    public record Auth(boolean enabled, String username, @JsonProperty("password_hash") String passwordHash,
                       @JsonProperty("secret_key") String secretKey,
                       @JsonProperty("session_duration") String sessionDuration, Policy policy,
                       @JsonProperty("trusted_networks") List<String> trustedNetworks) {

        public record Policy(@JsonProperty("min_length") int minLength, @JsonProperty("max_length") int maxLength,
                             @JsonProperty("require_digit") boolean requireDigit,
                             @JsonProperty("require_symbol") boolean requireSymbol) {
        }
    }

    /** The world map; {@code style} is sent by the web UI's Settings page (kept here, dropped by the original). */
    public record MapView(@JsonProperty("default_view") String defaultView,
                          @JsonProperty("default_zoom") Integer defaultZoom,
                          @JsonProperty("min_zoom") int minZoom, @JsonProperty("max_zoom") int maxZoom,
                          @JsonProperty("zoom_controls") boolean zoomControls, Center center, String style) {

        /** The web UI's default map style. */
        public static final String DEFAULT_STYLE = "minimal";

        /** The 1.0 form: the style takes the UI's default. */
        public MapView(String defaultView, Integer defaultZoom, int minZoom, int maxZoom, boolean zoomControls,
                       Center center) {
            this(defaultView, defaultZoom, minZoom, maxZoom, zoomControls, center, DEFAULT_STYLE);
        }

        public record Center(double lat, double lon) {
        }
    }

    public record Playlist(@JsonProperty("interval_seconds") int intervalSeconds, List<String> views) {
    }
}
