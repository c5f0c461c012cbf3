package dev.rackscope.simulator.generator;

/**
 * What one node shows at the current tick (for tests and diagnostics).
 *
 * @param slurmStatus the Slurm state, or {@code null} when the node is not a Slurm node
 */
public record NodeSample(String nodeId, int up, int status, double temperature, double power, double load,
                         String slurmStatus) {
}
