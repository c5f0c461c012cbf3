package dev.rackscope.core.telemetry;

import dev.rackscope.api.model.AppConfig;
import dev.rackscope.api.telemetry.Severity;

/**
 * The planner's settings (telemetry.md §2.1), read from app.yaml's {@code telemetry} and {@code planner}
 * sections.
 *
 * @param identityLabel   the label naming a node ({@code instance})
 * @param rackLabel       the label naming a rack ({@code rack_id})
 * @param chassisLabel    the label naming a chassis/device ({@code chassis_id})
 * @param jobRegex        what {@code $jobs} becomes, anchored ({@code .*})
 * @param unknownState    the state of an entity without data ({@code UNKNOWN})
 * @param cacheTtlSeconds how long a health snapshot stays fresh
 * @param maxIdsPerQuery  the chunk size of the id lists
 */
public record PlannerConfig(String identityLabel, String rackLabel, String chassisLabel, String jobRegex,
                            Severity unknownState, int cacheTtlSeconds, int maxIdsPerQuery) {

    /** The built-in defaults, used when no app.yaml is loaded. */
    public static final PlannerConfig BUILT_IN = new PlannerConfig("instance", "rack_id", "chassis_id", ".*",
            Severity.UNKNOWN, 60, 50);

    /** app.yaml's defaults, used for any key a loaded app.yaml leaves unset. */
    public static final PlannerConfig APP_DEFAULTS = new PlannerConfig("instance", "rack_id", "chassis_id", ".*",
            Severity.UNKNOWN, 30, 200);

    public PlannerConfig {
        identityLabel = identityLabel == null ? "instance" : identityLabel;
        rackLabel = rackLabel == null ? "rack_id" : rackLabel;
        chassisLabel = chassisLabel == null ? "chassis_id" : chassisLabel;
        jobRegex = jobRegex == null ? ".*" : jobRegex;
        unknownState = unknownState == null ? Severity.UNKNOWN : unknownState;
        cacheTtlSeconds = Math.max(0, cacheTtlSeconds);
        maxIdsPerQuery = Math.max(1, maxIdsPerQuery);
    }

    /** The settings of {@code config}; {@link #BUILT_IN} when it is {@code null}. */
    public static PlannerConfig from(AppConfig config) {
        if (config == null) {
            return BUILT_IN;
        }
        PlannerConfig d = APP_DEFAULTS;
        AppConfig.Telemetry t = config.telemetry();
        AppConfig.Planner p = config.planner();
        String identity = t == null ? d.identityLabel : t.identityLabel();
        String rack = t == null ? d.rackLabel : t.rackLabel();
        String chassis = t == null ? d.chassisLabel : t.chassisLabel();
        String job = t == null ? d.jobRegex : t.jobRegex();
        Severity unknown = p == null ? null : Severity.parse(p.unknownState());
        int ttl = p == null || p.cacheTtlSeconds() < 0 ? d.cacheTtlSeconds : p.cacheTtlSeconds();
        int maxIds = p == null || p.maxIdsPerQuery() < 1 ? d.maxIdsPerQuery : p.maxIdsPerQuery();
        return new PlannerConfig(identity, rack, chassis, job, unknown, ttl, maxIds);
    }

    /** The label keying results of {@code scope} ({@code node}, {@code chassis}, {@code rack}); {@code null} otherwise. */
    public String labelFor(String scope) {
        if (scope == null) {
            return null;
        }
        return switch (scope) {
            case "node" -> identityLabel;
            case "chassis" -> chassisLabel;
            case "rack" -> rackLabel;
            default -> null;
        };
    }
}
