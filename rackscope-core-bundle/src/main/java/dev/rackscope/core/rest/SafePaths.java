package dev.rackscope.core.rest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.rackscope.api.http.ApiException;

/**
 * File names that come from a URL: {@code ..}, absolute names and separators are refused with 400
 * "Invalid filename"; a name whose real path (symlinks followed) leaves its folder gets 403 "Access denied".
 */
final class SafePaths {

    private SafePaths() {
    }

    /**
     * A file a write creates or replaces: besides the checks of {@link #resolve}, its name must end with
     * {@code .yaml} or {@code .yml}. The libraries only read those, so a file under any other name would be written,
     * answered with 200 and then never loaded (the original accepts such names; we refuse them).
     */
    static Path resolveYaml(Path base, String name) {
        Path file = resolve(base, name);
        // exactly as the loaders list them (case-sensitive *.yaml, *.yml)
        if (!(name.endsWith(".yaml") || name.endsWith(".yml")) || name.equals(".yaml") || name.equals(".yml")) {
            throw new ApiException(400, "Invalid filename: the name must end with .yaml or .yml");
        }
        return file;
    }

    static Path resolve(Path base, String name) {
        if (name == null || name.isBlank() || name.contains("..") || name.startsWith("/") || name.startsWith("\\")
                || name.contains("/") || name.contains("\\") || name.indexOf('\0') >= 0 || name.length() > 255) {
            throw new ApiException(400, "Invalid filename");
        }
        Path candidate = base.resolve(name).normalize();
        try {
            Path realBase = base.toRealPath();
            Path real = Files.exists(candidate) ? candidate.toRealPath() : candidate.toAbsolutePath().normalize();
            if (!real.startsWith(realBase)) {
                throw new ApiException(403, "Access denied");
            }
        } catch (IOException e) {
            throw new ApiException(403, "Access denied");
        }
        return candidate;
    }
}
