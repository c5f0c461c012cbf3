package dev.rackscope.api.snapshot;

import java.time.Instant;

/**
 * Why the last reload failed; the previous snapshot keeps serving.
 *
 * @param file the offending file, or {@code null}
 * @param line its 1-based line when YAML gave one, else {@code null}
 */
public record LoadError(Instant at, String message, String file, Integer line) {
}
