package dev.rackscope.core.telemetry;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.rackscope.api.http.Json;
import dev.rackscope.api.telemetry.QueryResult;
import dev.rackscope.api.telemetry.Series;

/**
 * Reads the Prometheus JSON envelope straight from the response stream. Vector and matrix items become
 * {@link Series} as they are read, without an intermediate tree, so that a tens-of-MB answer is held once.
 * For that reason the {@code raw} of a vector or matrix answer is the envelope <em>without</em>
 * {@code data.result} (the items are in {@link QueryResult#result()}); every other answer (scalar, string,
 * Prometheus errors) keeps its whole body in {@code raw}.
 */
final class PrometheusResponseParser {

    /** Reads sub-trees in the middle of a stream (the shared mapper rejects trailing tokens). */
    private static final ObjectReader TREE = Json.mapper().reader()
            .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final JsonFactory FACTORY = Json.mapper().getFactory();
    private static final int ERROR_SNIPPET = 300;

    private PrometheusResponseParser() {
    }

    /** {@code {"status":"error","error":message}}, the shape of every failure the client produces itself. */
    static QueryResult error(String message) {
        ObjectNode raw = JsonNodeFactory.instance.objectNode();
        raw.put("status", "error");
        raw.put("error", message);
        return new QueryResult(false, null, List.of(), message, raw);
    }

    /**
     * Parses a 2xx answer. Bad JSON gives an error result; an I/O failure of the stream (including
     * {@code cancelled} turning true between items) is thrown for the caller to report.
     */
    static QueryResult parse(InputStream in, BooleanSupplier cancelled) throws IOException {
        return parse(in, cancelled, null);
    }

    /**
     * As {@link #parse(InputStream, BooleanSupplier)}, keeping in each series' labels only those named in
     * {@code keep} ({@code null}: all). The values of the other labels are skipped without being decoded.
     */
    static QueryResult parse(InputStream in, BooleanSupplier cancelled, Set<String> keep) throws IOException {
        try (JsonParser p = FACTORY.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return error("Invalid JSON from Prometheus: expected an object");
            }
            ObjectNode envelope = JsonNodeFactory.instance.objectNode();
            Data data = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if ("data".equals(name) && t == JsonToken.START_OBJECT) {
                    data = readData(p, envelope.putObject("data"), cancelled, keep);
                } else {
                    envelope.set(name, tree(p));
                }
            }
            return toResult(envelope, data);
        } catch (JsonProcessingException e) {
            return error("Invalid JSON from Prometheus: " + e.getOriginalMessage());
        }
    }

    /**
     * A non-2xx answer: a Prometheus JSON error body is kept as it is (its {@code error} as the message);
     * anything else becomes {@code "Prometheus returned HTTP <code>: <first 300 chars>"}.
     */
    static QueryResult httpError(int status, byte[] body, int length, boolean truncated) {
        if (!truncated && length > 0) {
            try {
                JsonNode node = TREE.readTree(new java.io.ByteArrayInputStream(body, 0, length));
                if (node instanceof ObjectNode o && o.has("status")) {
                    JsonNode err = o.get("error");
                    String message = err != null && err.isTextual() ? err.asText()
                            : "Prometheus returned HTTP " + status;
                    return new QueryResult(false, null, List.of(), message, o);
                }
            } catch (IOException notJson) {
                // fall through to the text form
            }
        }
        String text = new String(body, 0, Math.min(length, ERROR_SNIPPET * 4), StandardCharsets.UTF_8).strip();
        if (text.length() > ERROR_SNIPPET) {
            text = text.substring(0, ERROR_SNIPPET);
        }
        return error("Prometheus returned HTTP " + status + (text.isEmpty() ? "" : ": " + text));
    }

    private record Data(String resultType, List<Series> items) {
    }

    private static Data readData(JsonParser p, ObjectNode dataNode, BooleanSupplier cancelled, Set<String> keep)
            throws IOException {
        String resultType = null;
        List<Series> items = null;
        JsonNode deferred = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if ("resultType".equals(name)) {
                JsonNode node = tree(p);
                dataNode.set(name, node);
                resultType = node.isTextual() ? node.asText() : null;
            } else if ("result".equals(name)) {
                if (t == JsonToken.START_ARRAY && isSeriesType(resultType)) {
                    items = readSeries(p, cancelled, keep);
                } else {
                    deferred = tree(p); // resultType not seen yet, or a scalar/string answer
                }
            } else {
                dataNode.set(name, tree(p));
            }
        }
        if (deferred != null) {
            if (isSeriesType(resultType) && deferred.isArray()) {
                try (JsonParser again = TREE.treeAsTokens(deferred)) {
                    again.nextToken();
                    items = readSeries(again, cancelled, keep);
                }
            } else {
                dataNode.set("result", deferred);
            }
        }
        return new Data(resultType, items);
    }

    private static QueryResult toResult(ObjectNode envelope, Data data) {
        JsonNode status = envelope.get("status");
        if (status != null && "success".equals(status.asText())) {
            return new QueryResult(true, data == null ? null : data.resultType(),
                    data == null || data.items() == null ? List.of() : data.items(), null, envelope);
        }
        JsonNode err = envelope.get("error");
        String message = err != null && err.isTextual() ? err.asText()
                : "Prometheus answered status " + (status == null ? "null" : status.asText());
        return new QueryResult(false, null, List.of(), message, envelope);
    }

    private static boolean isSeriesType(String resultType) {
        return "vector".equals(resultType) || "matrix".equals(resultType);
    }

    private static JsonNode tree(JsonParser p) throws IOException {
        JsonNode node = TREE.readTree(p);
        return node == null ? NullNode.getInstance() : node;
    }

    /** Reads {@code [item, …]} with the parser on its START_ARRAY. */
    private static List<Series> readSeries(JsonParser p, BooleanSupplier cancelled, Set<String> keep)
            throws IOException {
        List<Series> out = new ArrayList<>();
        Map<String, String> strings = new HashMap<>(); // label values repeat a lot: keep one copy each
        Map<String, String> scratch = new HashMap<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                throw new com.fasterxml.jackson.core.JsonParseException(p, "unexpected end of input in data.result");
            }
            if (t != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            if (cancelled.getAsBoolean()) {
                throw new InterruptedIOException("cancelled");
            }
            out.add(readItem(p, strings, scratch, keep));
        }
        return out;
    }

    private static Series readItem(JsonParser p, Map<String, String> strings, Map<String, String> scratch,
                                   Set<String> keep) throws IOException {
        Map<String, String> labels = Map.of();
        Double timestamp = null;
        String value = null;
        List<List<Object>> values = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "metric" -> {
                    if (t == JsonToken.START_OBJECT) {
                        labels = keep == null ? readLabels(p, strings, scratch) : readLabels(p, strings, keep);
                    } else {
                        p.skipChildren();
                    }
                }
                case "value" -> {
                    if (t == JsonToken.START_ARRAY) {
                        Object[] sample = readSample(p);
                        timestamp = (Double) sample[0];
                        value = (String) sample[1];
                    } else {
                        p.skipChildren();
                    }
                }
                case "values" -> {
                    if (t == JsonToken.START_ARRAY) {
                        values = readSamples(p);
                    } else {
                        p.skipChildren();
                    }
                }
                default -> p.skipChildren(); // native histograms and anything newer
            }
        }
        return new Series(labels, timestamp, value, values);
    }

    private static Map<String, String> readLabels(JsonParser p, Map<String, String> strings,
                                                  Map<String, String> scratch) throws IOException {
        scratch.clear();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName(); // canonicalised by Jackson
            JsonToken t = p.nextToken();
            if (t == JsonToken.VALUE_STRING || t.isScalarValue() && t != JsonToken.VALUE_NULL) {
                String v = p.getText();
                String known = strings.putIfAbsent(v, v);
                scratch.put(name, known == null ? v : known);
            } else {
                p.skipChildren();
            }
        }
        return scratch.isEmpty() ? Map.of() : Map.copyOf(scratch);
    }

    /**
     * The labels named in {@code keep} (planner queries need one or two of them); the values of the others
     * are never decoded.
     */
    private static Map<String, String> readLabels(JsonParser p, Map<String, String> strings, Set<String> keep)
            throws IOException {
        String k1 = null;
        String v1 = null;
        Map<String, String> more = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            boolean scalar = t == JsonToken.VALUE_STRING || t.isScalarValue() && t != JsonToken.VALUE_NULL;
            if (!scalar || !keep.contains(name)) {
                p.skipChildren();
                continue;
            }
            String v = p.getText();
            String known = strings.putIfAbsent(v, v);
            v = known == null ? v : known;
            if (k1 == null) {
                k1 = name;
                v1 = v;
            } else {
                if (more == null) {
                    more = new HashMap<>(4);
                    more.put(k1, v1);
                }
                more.put(name, v);
            }
        }
        if (more != null) {
            return Map.copyOf(more);
        }
        return k1 == null ? Map.of() : Map.of(k1, v1);
    }

    /** Reads {@code [[ts, "v"], …]} with the parser on its START_ARRAY. */
    private static List<List<Object>> readSamples(JsonParser p) throws IOException {
        List<List<Object>> out = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                throw new com.fasterxml.jackson.core.JsonParseException(p, "unexpected end of input in values");
            }
            if (t != JsonToken.START_ARRAY) {
                p.skipChildren();
                continue;
            }
            Object[] sample = readSample(p);
            out.add(sample[0] != null && sample[1] != null ? List.of(sample[0], sample[1])
                    : Collections.unmodifiableList(Arrays.asList(sample)));
        }
        return out;
    }

    /** Reads {@code [ts, "v"]} with the parser on its START_ARRAY: {Double or null, String or null}. */
    private static Object[] readSample(JsonParser p) throws IOException {
        Object[] sample = new Object[2];
        int index = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                throw new com.fasterxml.jackson.core.JsonParseException(p, "unexpected end of input in a sample");
            }
            if (index == 0) {
                sample[0] = timestamp(p, t);
            } else if (index == 1) {
                sample[1] = sampleText(p, t);
            } else {
                p.skipChildren();
            }
            index++;
        }
        return sample;
    }

    private static Double timestamp(JsonParser p, JsonToken t) throws IOException {
        if (t.isNumeric()) {
            return p.getDoubleValue();
        }
        if (t == JsonToken.VALUE_STRING) {
            return Series.parseNumber(p.getText()).stream().boxed().findFirst().orElse(null);
        }
        p.skipChildren();
        return null;
    }

    private static String sampleText(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_STRING || t.isNumeric()) {
            String v = p.getText();
            // the two values health checks mostly return: one shared copy each
            if ("0".equals(v)) {
                return "0";
            }
            if ("1".equals(v)) {
                return "1";
            }
            return v;
        }
        p.skipChildren();
        return null;
    }
}
