package dev.rackscope.simulator.generator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One normalised entry of a generation catalog (simulator.md §3.2–§3.3).
 *
 * @param labels     extra labels: a literal, or {@code $token} resolved from the generator's context, then
 *                   from the base labels
 * @param labelsOnly {@code labels_only: true} or {@code include_base_labels: false}: no base labels
 */
public record CatalogEntry(String name, Builtin.Scope scope, Filter instances, Filter racks,
                           Map<String, String> labels, String help, boolean labelsOnly) {

    public CatalogEntry {
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }

    /** True when this entry enables its metric for {@code id} in {@code scope}. */
    public boolean enabled(Builtin.Scope scope, String id) {
        if (this.scope != scope) {
            return false;
        }
        return (scope == Builtin.Scope.NODE ? instances : racks).matches(id);
    }

    /**
     * An id filter: exact names (range patterns such as {@code gpu[01-16]} are expanded into them) and
     * globs. An empty filter matches everything.
     */
    public record Filter(Set<String> exact, List<Predicate<String>> globs, List<String> patterns) {

        public static final Filter ALL = new Filter(Set.of(), List.of(), List.of());

        public boolean isEmpty() {
            return patterns.isEmpty();
        }

        public boolean matches(String id) {
            if (patterns.isEmpty() || exact.contains(id)) {
                return true;
            }
            for (Predicate<String> g : globs) {
                if (g.test(id)) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Splits the patterns as the original does: a range is expanded into exact names (unless it also
         * holds {@code *} or {@code ?}, then it is a glob), a pattern with glob characters is a glob, anything
         * else is exact.
         */
        public static Filter of(List<String> patterns, java.util.function.Consumer<String> warnings) {
            if (patterns.isEmpty()) {
                return ALL;
            }
            Set<String> exact = new HashSet<>();
            List<Predicate<String>> globs = new ArrayList<>();
            for (String p : patterns) {
                boolean wildcard = p.indexOf('*') >= 0 || p.indexOf('?') >= 0;
                if (!wildcard && NodeSet.isRange(p)) {
                    try {
                        exact.addAll(NodeSet.expand(p));
                    } catch (IllegalArgumentException e) {
                        warnings.accept(e.getMessage() + "; filter pattern ignored");
                    }
                } else if (Glob.isGlob(p)) {
                    globs.add(Glob.compile(p));
                } else {
                    exact.add(p);
                }
            }
            return new Filter(Set.copyOf(exact), List.copyOf(globs), List.copyOf(patterns));
        }
    }
}
