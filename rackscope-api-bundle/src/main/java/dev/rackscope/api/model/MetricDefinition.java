package dev.rackscope.api.model;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A metric definition of the metrics library (core.md §2.7). */
public record MetricDefinition(String id, String name, String description, String metric,
                               Map<String, String> labels, Display display, String category, List<String> tags) {

    /** How the UI draws it. */
    public record Display(String unit, @JsonProperty("chart_type") String chartType, String color,
                          @JsonProperty("time_ranges") List<String> timeRanges,
                          @JsonProperty("default_range") String defaultRange, String aggregation,
                          Map<String, Double> thresholds, Map<String, Object> format) {
    }
}
