package dev.rackscope.simulator.generator;

/**
 * One simulated node (or one storage array) and where it stands (simulator.md §3.4).
 *
 * @param chassisId   the device id
 * @param deviceType  the device template's {@code type}, or {@code null}
 * @param storageType for a storage target, its template's {@code storage_type} (default {@code generic})
 * @param slotCount   for a storage target, the cell count of its disk layout
 */
public record Target(String siteId, String roomId, String aisleId, String rackId, String chassisId, String nodeId,
                     String deviceType, boolean storage, String storageType, int slotCount) {

    /** A plain node target. */
    public static Target node(String siteId, String roomId, String aisleId, String rackId, String chassisId,
                              String nodeId) {
        return new Target(siteId, roomId, aisleId, rackId, chassisId, nodeId, null, false, null, 0);
    }
}
