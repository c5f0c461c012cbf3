package dev.rackscope.simulator;

import dev.rackscope.simulator.generator.Exposition;

/**
 * The running metric generator, as the plugin's routes and the exposition servlet see it. Provided (inside
 * this bundle only) by the {@link Generator} component while the plugin is enabled.
 */
public interface GeneratorControl {

    /** The last complete tick's exposition ({@link Exposition#EMPTY} before the first tick). */
    Exposition exposition();

    /** Whether the tick loop is alive and ticking, and what the last tick cost. */
    GeneratorStatus status();

    /**
     * Restarts in process: stops the tick loop (waiting for a running tick), forgets all state (tick counter,
     * counters, incidents), reloads the catalogs and the topology, and starts ticking again at once.
     *
     * @throws IllegalStateException when the loop could not be restarted
     */
    void restart();
}
