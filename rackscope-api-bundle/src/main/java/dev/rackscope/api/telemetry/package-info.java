/**
 * Telemetry shared with plugins: the Prometheus HTTP API client the core configures from app.yaml
 * (caches, coalescing, statistics), and health severities.
 */
@Export
@Version("1.0.0")
package dev.rackscope.api.telemetry;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
