package dev.rackscope.api.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import jakarta.servlet.http.HttpServletRequest;

/** A routed request: the servlet request plus the path parameters its route captured. */
public final class ApiRequest {

    /** Largest JSON body accepted; larger bodies get 413. */
    public static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

    private final HttpServletRequest request;
    private final Map<String, String> pathParams;

    ApiRequest(HttpServletRequest request, Map<String, String> pathParams) {
        this.request = request;
        this.pathParams = Map.copyOf(pathParams);
    }

    public HttpServletRequest servletRequest() {
        return request;
    }

    /** A path parameter captured by {@code {name}} in the route template. */
    public String path(String name) {
        return pathParams.get(name);
    }

    /** A query parameter, or {@code null}. */
    public String query(String name) {
        return request.getParameter(name);
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
            return Json.mapper().readTree(bytes);
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
