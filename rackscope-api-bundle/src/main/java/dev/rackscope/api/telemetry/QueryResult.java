package dev.rackscope.api.telemetry;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The answer to a Prometheus query. A client never throws: a transport error, a timeout, a non-2xx status
 * or bad JSON give {@code success == false} with the reason in {@code error}.
 *
 * @param success    Prometheus answered {@code "status":"success"}
 * @param resultType {@code vector}, {@code matrix}, {@code scalar} or {@code string}; {@code null} on failure
 * @param result     the items of {@code data.result} ({@code vector}/{@code matrix}), empty otherwise
 * @param error      why it failed, or {@code null}
 * @param raw        the response envelope as JSON ({@code {"status":"error","error":…}} when the call failed)
 */
public record QueryResult(boolean success, String resultType, List<Series> result, String error, JsonNode raw) {

    public QueryResult {
        result = result == null ? List.of() : List.copyOf(result);
    }
}
