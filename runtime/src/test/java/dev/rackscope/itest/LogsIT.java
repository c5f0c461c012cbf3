package dev.rackscope.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The log buffer on the real bundle set: fed by the SLF4J provider in boot/ (plugin bundles' lines too),
 * the request log with X-Request-ID, clearing, and the Server-Sent Events stream with its heartbeat and
 * its limit of 5 concurrent streams.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
// Known gap: a stream slot held by a client that closed its socket is not always freed inside pax-exam (it is
// against the real server), so the stream test runs before the one that fills every slot.
@org.junit.FixMethodOrder(org.junit.runners.MethodSorters.NAME_ASCENDING)
public class LogsIT extends RackscopeTestSupport {

    @Configuration
    public Option[] config() throws IOException {
        Option[] base = runtimeOptions();
        Option[] all = Arrays.copyOf(base, base.length + 1);
        // a 1 s heartbeat instead of 30 s, so that the test sees one
        all[base.length] = frameworkProperty("rackscope.logs.heartbeat_ms").value("1000");
        return all;
    }

    private int port() {
        return Integer.parseInt(context.getProperty("org.osgi.service.http.port"));
    }

    /** A raw HTTP/1.1 GET whose response text is collected as it arrives, by a reader thread. */
    private final class RawStream implements AutoCloseable {
        private final Socket socket;
        private final StringBuffer text = new StringBuffer();
        private volatile boolean ended;

        RawStream(String path) throws IOException {
            socket = new Socket("127.0.0.1", port());
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread reader = new Thread(() -> {
                byte[] buf = new byte[8192];
                try (InputStream in = socket.getInputStream()) {
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        text.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                    }
                } catch (IOException e) {
                    // closed by the test
                }
                ended = true;
            }, "logs-it-stream");
            reader.setDaemon(true);
            reader.start();
        }

        String text() {
            return text.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static HttpResponse<String> rawGet(int port, String path) {
        try {
            return HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    public void aPluginBundlesActivationLineIsInTheBuffer() {
        JsonNode record = awaitValue("simulator activation record", () -> {
            JsonNode body = http().get("/api/logs?n=1000&search=Simulator%20plugin%20active").json();
            return body.get("total").asInt() > 0 ? body.get("records").get(0) : null;
        }, () -> http().get("/api/logs?n=20").body());
        assertEquals("dev.rackscope.simulator.SimulatorPlugin", record.get("logger").asText());
        assertEquals("INFO", record.get("level").asText());
        assertTrue(record.get("_seq").asLong() > 0);
        assertTrue(record.get("timestamp").asText(),
                record.get("timestamp").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\+00:00"));
    }

    @Test
    public void eachRequestGetsAnIdAndOneRequestLogRecord() {
        HttpResponse<String> resp = rawGet(port(), "/api/sites?probe=1");
        String id = resp.headers().firstValue("X-Request-ID").orElseThrow(() -> new AssertionError("no X-Request-ID"));
        JsonNode record = awaitValue("request record " + id, () -> {
            for (JsonNode r : http().get("/api/logs?n=1000&search=GET%20/api/sites").json().get("records")) {
                if (id.equals(r.path("request_id").asText())) {
                    return r;
                }
            }
            return null;
        });
        assertEquals("GET /api/sites - " + resp.statusCode(), record.get("message").asText());
        assertEquals("GET", record.get("method").asText());
        assertEquals("/api/sites", record.get("path").asText());
        assertEquals(resp.statusCode(), record.get("status_code").asInt());
        assertTrue(record.get("duration_ms").isNumber());

        JsonNode bad = http().get("/api/logs?n=ten").json();
        assertEquals("int_parsing", bad.get("detail").get(0).get("type").asText());
        assertEquals(422, http().get("/api/logs?n=ten").status());
    }

    @Test
    public void clearKeepsOnlyWhatCameAfter() {
        long before = http().get("/api/logs").json().get("last_seq").asLong();
        JsonNode cleared = http().delete("/api/logs").json();
        assertTrue(cleared.get("ok").asBoolean());
        assertEquals("Log buffer cleared", cleared.get("message").asText());
        JsonNode after = http().get("/api/logs?n=1000").json();
        for (JsonNode r : after.get("records")) {
            assertTrue(r.get("_seq").asLong() > before);
        }
        assertTrue(after.get("last_seq").asLong() > before);
    }

    @Test
    public void aStreamDeliversNewRecordsAndHeartbeats() throws IOException {
        try (RawStream stream = new RawStream("/api/logs/stream?search=stream-marker")) {
            await("stream headers", () -> stream.text().contains("\r\n\r\n"));
            String head = stream.text().substring(0, stream.text().indexOf("\r\n\r\n")).toLowerCase();
            assertTrue(head, head.startsWith("http/1.1 200"));
            assertTrue(head, head.contains("content-type: text/event-stream; charset=utf-8"));
            assertTrue(head, head.contains("cache-control: no-cache"));
            assertTrue(head, head.contains("x-accel-buffering: no"));
            assertTrue(head, head.contains("x-request-id: "));
            http().get("/api/sites/stream-marker");
            awaitValue("the new record on the stream",
                    () -> stream.text().contains("\"path\": \"/api/sites/stream-marker\"") ? true : null, stream::text);
            assertTrue(stream.text(), stream.text().contains("data: {\"_seq\": "));
            await("a heartbeat", () -> stream.text().contains(": ping\n\n"));
            assertFalse(stream.ended);
        }
    }

    @Test
    public void theSixthStreamGetsTheErrorEvent() throws IOException {
        List<RawStream> five = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                RawStream s = new RawStream("/api/logs/stream");
                five.add(s);
                await("stream " + i + " open", () -> s.text().contains("\r\n\r\n"));
            }
            try (RawStream sixth = new RawStream("/api/logs/stream")) {
                // the response ends: the last chunk of a chunked body (the connection itself may stay open)
                awaitValue("sixth answered and ended", () -> sixth.text().endsWith("\r\n0\r\n\r\n") ? true : null,
                        sixth::text);
                assertTrue(sixth.text(), sixth.text().startsWith("HTTP/1.1 200"));
                assertTrue(sixth.text(), sixth.text().contains("data: {\"error\": \"Too many concurrent log streams\"}\n\n"));
                assertFalse(sixth.text(), sixth.text().contains("\"_seq\""));
            }
        } finally {
            for (RawStream s : five) {
                s.close();
            }
        }
        // NOT covered here yet: that a stream is served again at once after the five clients left (the probe;
        // checked by hand with curl, and LogStreamsTest covers the probe itself).
    }
}
