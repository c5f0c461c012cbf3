/**
 * Small helpers for JSON REST servlets with the original Rackscope's error bodies: routing by method
 * and path template, {@code {"detail": ...}} errors and the 422 validation body.
 */
@Export
@Version("1.1.0")
package dev.rackscope.api.http;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
