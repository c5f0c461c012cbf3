/**
 * The server's in-memory log: the ring buffer that the SLF4J provider of this bundle feeds with every
 * record at or above {@code RACKSCOPE_LOG_LEVEL}, and the redaction applied to each record. The buffer is
 * registered as an OSGi service ({@link dev.rackscope.logging.LogBuffer}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package dev.rackscope.logging;
