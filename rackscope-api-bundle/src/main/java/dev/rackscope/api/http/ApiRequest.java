package dev.rackscope.api.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** A routed request: the servlet request plus the path parameters its route captured. */
public final class ApiRequest {

    /** Largest JSON body accepted; larger bodies get 413. */
    public static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final Map<String, String> pathParams;

    ApiRequest(HttpServletRequest request, HttpServletResponse response, Map<String, String> pathParams) {
        this.request = request;
        this.response = response;
        this.pathParams = Map.copyOf(pathParams);
    }

    public HttpServletRequest servletRequest() {
        return request;
    }

    /** The response, for headers the handler adds (cookies, {@code Retry-After}); the body is the handler's result. */
    public HttpServletResponse servletResponse() {
        return response;
    }

    /** A path parameter captured by {@code {name}} in the route template. */
    public String path(String name) {
        return pathParams.get(name);
    }

    /** A query parameter, or {@code null}. A query string that cannot be decoded (a lone %, bad UTF-8) is a 400. */
    public String query(String name) {
        try {
            return request.getParameter(name);
        } catch (RuntimeException e) {
            // the container decodes the query string on first use and throws its own 400 exception, which
            // would otherwise reach the handler's catch-all as a 500
            throw new ApiException(400, "Invalid query string");
        }
    }

    /** The full request path, as used in error bodies. */
    public String requestPath() {
        return request.getRequestURI();
    }

    /**
     * The JSON body. A missing, malformed or oversized body is answered 422 (413 when too large) with
     * the original's validation body.
     */
    public JsonNode json() {
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            throw new ApiException(413, "Request body too large");
        }
        byte[] bytes;
        try (InputStream in = request.getInputStream()) {
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        } catch (IOException e) {
            throw new ApiException(400, "Cannot read request body: " + e.getMessage());
        }
        try {
            if (bytes.length > MAX_BODY_BYTES) {
                throw new ApiException(413, "Request body too large");
            }
            if (bytes.length == 0) {
                throw ValidationException.of("missing", List.of("body"), "Field required", null);
            }
            JsonNode tree = Json.mapper().readTree(bytes);
            rejectNonFiniteNumbers(tree);
            return tree;
        } catch (JsonProcessingException e) {
            long offset = e.getLocation() == null ? 0 : e.getLocation().getCharOffset();
            if (offset < 0 && e.getLocation() != null && e.getLocation().getByteOffset() >= 0) {
                // parsing bytes, Jackson knows the byte offset only; for ASCII it is the character offset
                offset = new String(bytes, 0, (int) Math.min(bytes.length, e.getLocation().getByteOffset()),
                        java.nio.charset.StandardCharsets.UTF_8).length();
            }
            throw ValidationException.of("json_invalid", List.of("body", Math.max(0, offset)), "JSON decode error",
                    Map.of());
        } catch (IOException e) {
            throw new ApiException(400, "Cannot read request body: " + e.getMessage());
        }
    }

    /**
     * A number literal too large for a double ({@code 1e400}) parses to an infinite value that no field
     * can use (and that some number conversions throw on): 422 naming where it is, as pydantic answers
     * for a non-finite number.
     */
    private static void rejectNonFiniteNumbers(JsonNode root) {
        java.util.ArrayDeque<JsonNode> todo = new java.util.ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            JsonNode node = todo.pop();
            if (node.isContainerNode()) {
                node.forEach(todo::push);
            } else if (node.isFloatingPointNumber() && !node.isBigDecimal() && !Double.isFinite(node.doubleValue())) {
                List<Object> loc = new java.util.ArrayList<>(List.of("body"));
                locate(root, node, loc);
                throw ValidationException.of("finite_number", loc, "Input should be a finite number",
                        node.doubleValue() > 0 ? "inf" : "-inf");
            }
        }
    }

    /** Appends to {@code loc} the keys and indexes that lead from {@code from} to {@code target}. */
    private static boolean locate(JsonNode from, JsonNode target, List<Object> loc) {
        if (from == target) {
            return true;
        }
        if (from.isObject()) {
            for (var it = from.fields(); it.hasNext();) {
                var field = it.next();
                loc.add(field.getKey());
                if (locate(field.getValue(), target, loc)) {
                    return true;
                }
                loc.remove(loc.size() - 1);
            }
        } else if (from.isArray()) {
            for (int i = 0; i < from.size(); i++) {
                loc.add(i);
                if (locate(from.get(i), target, loc)) {
                    return true;
                }
                loc.remove(loc.size() - 1);
            }
        }
        return false;
    }

    /** The JSON body, which must be an object; anything else is a 422 naming {@code body}. */
    public JsonNode jsonObject() {
        JsonNode node = json();
        if (!node.isObject()) {
            throw ValidationException.of("model_attributes_type", List.of("body"),
                    "Input should be a valid dictionary or object to extract fields from", node);
        }
        return node;
    }
}
