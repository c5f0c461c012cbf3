package dev.rackscope.api.model;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A device template of the catalog (core.md §2.5). */
public record DeviceTemplate(String id, String name, String type,
                             @JsonProperty("storage_type") String storageType, String role,
                             @JsonProperty("u_height") int uHeight, Layout layout,
                             @JsonProperty("disk_layout") Layout diskLayout,
                             @JsonProperty("rear_layout") Layout rearLayout,
                             @JsonProperty("rear_components") List<RearComponent> rearComponents,
                             List<String> checks, List<String> metrics,
                             @JsonProperty("display_thresholds") Map<String, Map<String, Double>> displayThresholds) {

    /** A grid of slot numbers; JSON {@code {type, rows, cols, matrix}}. */
    public record Layout(String type, int rows, int cols, List<List<Integer>> matrix) {
    }

    /** A rear component (psu, fan, io, hydraulics, other). */
    public record RearComponent(String id, String name, String type, String role, List<String> checks) {
    }
}
