package dev.rackscope.simulator.generator;

import java.util.Locale;

/** The physics profile a node gets from its name (simulator.md §3.6). */
public enum NodeKind {
    COMPUTE("compute"), GPU("gpu"), SERVICE("service"), NETWORK("network");

    private final String profileName;

    NodeKind(String profileName) {
        this.profileName = profileName;
    }

    /** The key of {@code profiles} this kind reads. */
    public String profileName() {
        return profileName;
    }

    /**
     * The kind of a node. The original's rules, plus two fixes (§6.16): {@code mgmt*} is a service node like
     * {@code mngt*}, and a device whose template type is {@code network} (or named {@code sw-*}) is a switch.
     */
    public static NodeKind of(String nodeId, String deviceType) {
        String id = nodeId.toLowerCase(Locale.ROOT);
        if (id.startsWith("compute")) {
            return COMPUTE;
        }
        if (id.startsWith("gpu")) {
            return GPU;
        }
        if (id.startsWith("login") || id.startsWith("mngt") || id.startsWith("mgmt")) {
            return SERVICE;
        }
        if (id.contains("isw") || id.contains("esw") || id.startsWith("sw-")
                || "network".equalsIgnoreCase(deviceType) || "switch".equalsIgnoreCase(deviceType)) {
            return NETWORK;
        }
        return COMPUTE;
    }
}
