package dev.rackscope.api.config;

import java.io.IOException;
import java.nio.file.Path;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Writes files under the configuration tree atomically, one writer at a time.
 *
 * <p>Every write goes to a temporary file in the target's folder and is then renamed over the
 * target, so a reader (or a crash) sees either the old or the new content, never a torn file. Writes
 * to the same file are serialized. A path outside the configuration tree (the app.yaml folder and the
 * configured topology, templates, checks and metrics paths) is refused.
 */
@ProviderType
public interface ConfigWriter {

    /**
     * Replaces {@code file} with {@code content} (UTF-8), creating missing parent folders.
     *
     * @throws IllegalArgumentException when {@code file} lies outside the configuration tree
     * @throws IOException when the file cannot be written; the old content is then left in place
     */
    void write(Path file, String content) throws IOException;

    /** True when {@code file} lies inside the configuration tree (after normalisation). */
    boolean isInConfigTree(Path file);

    /**
     * Writes {@code document} as block-style YAML (key order kept) with an optional comment header,
     * with the guarantees of {@link #write(Path, String)}.
     *
     * @param header one comment line without the leading {@code #}, or {@code null}
     */
    void writeYaml(Path file, Object document, String header) throws IOException;
}
