/**
 * The domain as the original Rackscope describes it on disk and on the wire: topology (sites, rooms,
 * aisles, racks, devices), the template catalog, health checks, metric definitions and app.yaml.
 * Immutable records; JSON names follow the wire contract (snake_case).
 */
@Export
@Version("1.1.0")
package dev.rackscope.api.model;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
