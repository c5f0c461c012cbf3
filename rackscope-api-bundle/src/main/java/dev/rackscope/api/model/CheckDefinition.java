package dev.rackscope.api.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A health check (core.md §2.6). On the wire the debounce duration is called {@code for}.
 *
 * @param scope  {@code node}, {@code chassis} or {@code rack}
 * @param output {@code bool} or {@code numeric}
 */
public record CheckDefinition(String id, String name, String scope, String expr, String output,
                              List<String> selectors, List<Rule> rules, String kind,
                              @JsonProperty("expand_by_label") String expandByLabel,
                              @JsonProperty("expand_discovery_expr") String expandDiscoveryExpr,
                              @JsonProperty("expand_absent_state") String expandAbsentState,
                              @JsonProperty("expand_crit_threshold") Integer expandCritThreshold,
                              @JsonProperty("for") String forDuration) {

    /**
     * One rule: when {@code value op threshold}, the state is {@code severity}.
     *
     * @param op       one of {@code == != > >= < <=}
     * @param value    an Integer, Double or String, as written
     * @param severity OK, WARN, CRIT or UNKNOWN
     */
    public record Rule(String op, Object value, String severity) {
    }
}
