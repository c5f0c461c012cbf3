package dev.rackscope.api.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request that failed validation; answered with 422
 * {@code {"error":"Validation error","detail":[{type, loc, msg, input}],"path":...}}.
 */
public class ValidationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<Map<String, Object>> errors;

    public ValidationException(List<Map<String, Object>> errors) {
        super(errors.isEmpty() ? "validation error" : String.valueOf(errors.get(0).get("msg")));
        this.errors = List.copyOf(errors);
    }

    /** One error in the original's shape; {@code loc} is for example {@code ["body", "enabled"]}. */
    public static ValidationException of(String type, List<Object> loc, String msg, Object input) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", type);
        error.put("loc", loc);
        error.put("msg", msg);
        error.put("input", input);
        return new ValidationException(List.of(error));
    }

    public List<Map<String, Object>> errors() {
        return errors;
    }
}
