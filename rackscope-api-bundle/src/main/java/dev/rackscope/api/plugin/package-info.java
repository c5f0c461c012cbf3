/**
 * The plugin contract: what a Rackscope plugin bundle provides so that the core lists it, shows its
 * menu and lets its routes live through the Servlet Whiteboard.
 */
@Export
@Version("1.0.0")
package dev.rackscope.api.plugin;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
