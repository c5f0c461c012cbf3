package dev.rackscope.core.telemetry;

import java.util.Collections;
import java.util.List;
import java.util.Map;

import dev.rackscope.api.telemetry.Severity;

/**
 * The outcome of one planner cycle (telemetry.md §2.14), immutable. Map iteration order is the order in
 * which entries were first recorded, as in the original (the alerts endpoint lists alerts in that order).
 *
 * @param generatedAt   when the cycle finished, in epoch milliseconds of the planner's clock
 * @param nodeStates    node id (or virtual node {@code instance:labelvalue}) → state
 * @param chassisStates device id → state of its chassis-scope checks (unknown_state without data)
 * @param rackStates    rack id → state (rack checks combined with the node aggregate, §2.13)
 * @param deviceStates  rack id → device id → device state: the aggregate of the device's node states and,
 *                      when a chassis-scope check reported on it, its chassis state (an addition of the port,
 *                      §3.2); a device without instances uses its device-id node entry if one exists; a device
 *                      with nothing to aggregate is unknown_state
 * @param rackNodes     rack id → its node ids (canonical expansion, no device-id fallback)
 * @param nodeChecks    node id → check id → severity (worst over the check's series)
 * @param chassisChecks device id → check id → severity
 * @param rackChecks    rack id → check id → severity
 * @param nodeAlerts    node id → check id → WARN/CRIT only
 * @param chassisAlerts device id → check id → WARN/CRIT only
 * @param rackAlerts    rack id → check id → WARN/CRIT only
 */
public record HealthSnapshot(long generatedAt, Map<String, Severity> nodeStates, Map<String, Severity> chassisStates,
                             Map<String, Severity> rackStates, Map<String, Map<String, Severity>> deviceStates,
                             Map<String, List<String>> rackNodes, Map<String, Map<String, Severity>> nodeChecks,
                             Map<String, Map<String, Severity>> chassisChecks,
                             Map<String, Map<String, Severity>> rackChecks,
                             Map<String, Map<String, Severity>> nodeAlerts,
                             Map<String, Map<String, Severity>> chassisAlerts,
                             Map<String, Map<String, Severity>> rackAlerts) {

    public HealthSnapshot {
        nodeStates = ro(nodeStates);
        chassisStates = ro(chassisStates);
        rackStates = ro(rackStates);
        deviceStates = ro(deviceStates);
        rackNodes = ro(rackNodes);
        nodeChecks = ro(nodeChecks);
        chassisChecks = ro(chassisChecks);
        rackChecks = ro(rackChecks);
        nodeAlerts = ro(nodeAlerts);
        chassisAlerts = ro(chassisAlerts);
        rackAlerts = ro(rackAlerts);
    }

    /** A snapshot with no entries at all. */
    public static HealthSnapshot empty(long generatedAt) {
        return new HealthSnapshot(generatedAt, Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(),
                Map.of(), Map.of(), Map.of(), Map.of());
    }

    /** The state of a device in a rack, or {@code null} when the snapshot has none. */
    public Severity deviceState(String rackId, String deviceId) {
        Map<String, Severity> devices = deviceStates.get(rackId);
        return devices == null ? null : devices.get(deviceId);
    }

    /** {@code nodeStates.getOrDefault(id, fallback)}. */
    public Severity nodeState(String id, Severity fallback) {
        return nodeStates.getOrDefault(id, fallback);
    }

    /** {@code rackStates.getOrDefault(id, fallback)}. */
    public Severity rackState(String id, Severity fallback) {
        return rackStates.getOrDefault(id, fallback);
    }

    private static <K, V> Map<K, V> ro(Map<K, V> m) {
        return m == null ? Map.of() : Collections.unmodifiableMap(m);
    }
}
