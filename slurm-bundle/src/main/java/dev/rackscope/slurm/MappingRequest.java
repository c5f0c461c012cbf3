package dev.rackscope.slurm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.rackscope.api.http.ValidationException;

/**
 * The body of {@code POST /api/slurm/mapping}: {@code {"entries": [{"node": str, "instance": str}…]}}.
 * Type errors use the original's 422 shape; unlike the original, empty strings and entries the resolver
 * could not use (a glob mixed with a range, ranges of different lengths…) are refused too (§7.17).
 */
final class MappingRequest {

    private MappingRequest() {
    }

    /**
     * The entries ({@code node}, {@code instance}; extra fields dropped).
     *
     * @throws ValidationException listing every bad field
     */
    static List<Map<String, String>> entries(JsonNode body) {
        JsonNode list = body.get("entries");
        if (list == null) {
            throw ValidationException.of("missing", List.of("body", "entries"), "Field required", body);
        }
        if (!list.isArray()) {
            throw ValidationException.of("list_type", List.of("body", "entries"), "Input should be a valid list",
                    list);
        }
        List<Map<String, Object>> errors = new ArrayList<>();
        List<Map<String, String>> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            JsonNode item = list.get(i);
            if (!item.isObject()) {
                errors.add(SlurmViews.error("model_type", List.of("body", "entries", i),
                        "Input should be a valid dictionary or instance of SlurmMappingEntry", item));
                continue;
            }
            String node = text(item, "node", i, errors);
            String instance = text(item, "instance", i, errors);
            if (node == null || instance == null) {
                continue;
            }
            String problem = NodeMapping.problem(node, instance);
            if (problem != null) {
                errors.add(SlurmViews.error("value_error", List.of("body", "entries", i),
                        "Value error, " + problem, item));
                continue;
            }
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put("node", node);
            entry.put("instance", instance);
            out.add(entry);
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return out;
    }

    private static String text(JsonNode item, String field, int i, List<Map<String, Object>> errors) {
        JsonNode v = item.get(field);
        List<Object> loc = List.of("body", "entries", i, field);
        if (v == null) {
            errors.add(SlurmViews.error("missing", loc, "Field required", item));
            return null;
        }
        if (!v.isTextual()) {
            errors.add(SlurmViews.error("string_type", loc, "Input should be a valid string", v));
            return null;
        }
        if (v.asText().isEmpty()) {
            Map<String, Object> e = SlurmViews.error("string_too_short", loc, "String should have at least 1 character",
                    v);
            e.put("ctx", Map.of("min_length", 1));
            errors.add(e);
            return null;
        }
        return v.asText();
    }
}
