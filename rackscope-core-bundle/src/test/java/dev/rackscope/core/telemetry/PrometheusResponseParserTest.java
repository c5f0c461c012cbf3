package dev.rackscope.core.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.rackscope.api.telemetry.QueryResult;
import dev.rackscope.api.telemetry.Series;

/** The Prometheus envelope, read as a stream. */
class PrometheusResponseParserTest {

    private static QueryResult parse(String json) throws IOException {
        return PrometheusResponseParser.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                () -> false);
    }

    @Test
    void resultBeforeResultTypeIsStillRead() throws IOException {
        QueryResult r = parse("{\"data\":{\"result\":[{\"value\":[1,\"2\"],\"metric\":{\"a\":\"b\"}}],"
                + "\"resultType\":\"vector\"},\"status\":\"success\"}");
        assertTrue(r.success());
        assertEquals("2", r.result().get(0).value());
        assertEquals("b", r.result().get(0).label("a"));
        assertFalse(r.raw().get("data").has("result"), "vector items live in result(), not in raw");
    }

    @Test
    void malformedSamplesGiveNullValuesNotFailures() throws IOException {
        QueryResult r = parse("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
                + "{\"metric\":{\"instance\":\"a\"}},"
                + "{\"metric\":{\"instance\":\"b\"},\"value\":[1]},"
                + "{\"metric\":{\"instance\":\"c\"},\"value\":\"oops\"},"
                + "{\"metric\":{\"instance\":\"d\"},\"value\":[1,5,\"extra\"]},"
                + "{\"metric\":{\"instance\":\"e\",\"n\":null},\"histogram\":[1,{\"count\":\"2\",\"buckets\":[]}]}]}}");
        List<Series> s = r.result();
        assertEquals(5, s.size());
        assertNull(s.get(0).value());
        assertNull(s.get(1).value());
        assertEquals(1.0, s.get(1).timestamp());
        assertNull(s.get(2).value());
        assertEquals("5", s.get(3).value());
        assertEquals(java.util.Map.of("instance", "e"), s.get(4).labels());
        assertTrue(s.get(0).number().isEmpty());
    }

    @Test
    void repeatedLabelValuesShareOneString() throws IOException {
        QueryResult r = parse("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
                + "{\"metric\":{\"job\":\"node\"},\"value\":[1,\"1\"]},{\"metric\":{\"job\":\"node\"},\"value\":[1,\"1\"]}]}}");
        assertSame(r.result().get(0).label("job"), r.result().get(1).label("job"));
    }

    @Test
    void warningsAndOtherFieldsStayInRaw() throws IOException {
        QueryResult r = parse("{\"status\":\"success\",\"warnings\":[\"partial\"],\"data\":{\"resultType\":\"matrix\","
                + "\"result\":[],\"stats\":{\"x\":1}}}");
        assertTrue(r.success());
        assertEquals("matrix", r.resultType());
        assertEquals("partial", r.raw().get("warnings").get(0).asText());
        assertEquals(1, r.raw().get("data").get("stats").get("x").asInt());
    }

    @Test
    void successWithoutDataHasNoItems() throws IOException {
        QueryResult r = parse("{\"status\":\"success\"}");
        assertTrue(r.success());
        assertTrue(r.result().isEmpty());
        assertNull(r.resultType());
    }

    @Test
    void notAnObjectIsAnError() throws IOException {
        QueryResult r = parse("[1,2]");
        assertFalse(r.success());
        assertEquals("error", r.raw().get("status").asText());
        QueryResult empty = parse("");
        assertFalse(empty.success());
    }

    @Test
    void cancellationStopsTheRead() {
        String json = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
                + "{\"metric\":{},\"value\":[1,\"1\"]}]}}";
        assertThrows(InterruptedIOException.class, () -> PrometheusResponseParser.parse(
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), () -> true));
    }

    @Test
    void httpErrorKeepsAPrometheusBodyAndQuotesAnyOther() {
        byte[] json = "{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"too many samples\"}"
                .getBytes(StandardCharsets.UTF_8);
        QueryResult r = PrometheusResponseParser.httpError(422, json, json.length, false);
        assertEquals("too many samples", r.error());
        assertEquals("execution", r.raw().get("errorType").asText());

        byte[] html = ("<html>" + "x".repeat(1000) + "</html>").getBytes(StandardCharsets.UTF_8);
        QueryResult text = PrometheusResponseParser.httpError(500, html, html.length, false);
        assertTrue(text.error().startsWith("Prometheus returned HTTP 500: <html>xxx"));
        assertEquals("Prometheus returned HTTP 500: ".length() + 300, text.error().length());

        QueryResult bare = PrometheusResponseParser.httpError(404, new byte[0], 0, false);
        assertEquals("Prometheus returned HTTP 404", bare.error());
    }

    @Test
    void aProjectionKeepsOnlyTheNamedLabelsAndTheSamples() throws IOException {
        String json = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
                + "{\"metric\":{\"__name__\":\"up\",\"instance\":\"n1\",\"job\":\"node\",\"slot\":\"3\"},"
                + "\"value\":[1700000000.5,\"0\"]},"
                + "{\"metric\":{\"job\":\"node\",\"x\":{\"odd\":1}},\"value\":[1,\"1\"]},"
                + "{\"metric\":{\"instance\":\"n2\"},\"value\":[2,\"NaN\"]}]}}";
        QueryResult r = PrometheusResponseParser.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                () -> false, java.util.Set.of("instance", "slot"));
        QueryResult all = parse(json);
        assertTrue(r.success());
        assertEquals(3, r.result().size());
        assertEquals(java.util.Map.of("instance", "n1", "slot", "3"), r.result().get(0).labels());
        assertEquals(java.util.Map.of(), r.result().get(1).labels());
        assertEquals(java.util.Map.of("instance", "n2"), r.result().get(2).labels());
        for (int i = 0; i < 3; i++) {
            assertEquals(all.result().get(i).value(), r.result().get(i).value());
            assertEquals(all.result().get(i).timestamp(), r.result().get(i).timestamp());
        }
        assertEquals(4, all.result().get(0).labels().size(), "without a projection every label is kept");
        assertEquals(all.raw(), r.raw());
    }
}
