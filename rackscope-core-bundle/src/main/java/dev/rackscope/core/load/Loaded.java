package dev.rackscope.core.load;

import java.util.List;

/**
 * What a library loader produced: the value (possibly partial or empty) and one warning per file or
 * entry it had to skip. A warning names the file and, where YAML gives it, the 1-based line.
 *
 * @param value    the loaded value, never {@code null}
 * @param warnings what was skipped and why, in discovery order
 */
public record Loaded<T>(T value, List<String> warnings) {

    public Loaded {
        warnings = List.copyOf(warnings);
    }
}
