/**
 * How plugins read the current configuration and write files under the configuration tree.
 */
@Export
@Version("1.0.0")
package dev.rackscope.api.config;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
