package dev.rackscope.simulator.generator;

/**
 * What one rack's cooling unit and PDUs show at the current tick (for tests and diagnostics).
 *
 * @param coolingState 0 normal, 1 hot aisle, 2 rack down
 * @param pduCurrent   inlet current of PDU 1 and 2 (A)
 * @param pduPower     inlet active power of PDU 1 and 2 (W)
 */
public record RackSample(String rackId, int coolingState, double pressure, double leak, double pcbTemperature,
                         double pmcPower, double[] pduCurrent, double[] pduPower) {
}
