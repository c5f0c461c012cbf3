package dev.rackscope.logging.provider;

import dev.rackscope.logging.LogBuffer;

/**
 * The one process-wide buffer. A static is forced by SLF4J's model: its {@code LoggerFactory} creates
 * the provider through {@link java.util.ServiceLoader} (a no-argument constructor, before any OSGi
 * service exists), and the bundle activator must hand the same buffer to the core as a service.
 */
final class Shared {

    static final LogBuffer BUFFER = new LogBuffer();

    private Shared() {
    }
}
