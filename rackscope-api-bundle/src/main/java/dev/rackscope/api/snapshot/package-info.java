/**
 * The loaded configuration as one immutable snapshot, and the service that publishes it. A reload
 * builds the next snapshot beside the current one and swaps it in one step.
 */
@Export
@Version("1.0.0")
package dev.rackscope.api.snapshot;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
