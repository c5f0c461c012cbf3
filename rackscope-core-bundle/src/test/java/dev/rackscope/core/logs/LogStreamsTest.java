package dev.rackscope.core.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.rackscope.logging.LogBuffer;

class LogStreamsTest {

    static final class RecordingSink implements LogStreams.Sink {
        final StringBuilder text = new StringBuilder();
        boolean closed;
        boolean failing;

        @Override
        public void write(String t) throws IOException {
            if (failing) {
                throw new IOException("client gone");
            }
            text.append(t);
        }

        @Override
        public void close() {
            closed = true;
        }

        List<String> events() {
            List<String> out = new ArrayList<>();
            for (String e : text.toString().split("\n\n")) {
                if (!e.isEmpty()) {
                    out.add(e);
                }
            }
            return out;
        }
    }

    private final LogBuffer buffer = new LogBuffer();

    @Test
    void noReplayThenNewMatchingRecordsInBatchesOfAtMost100() {
        buffer.append("INFO", "x", "before connect");
        LogStreams streams = new LogStreams(buffer, 60);
        RecordingSink sink = new RecordingSink();
        assertNotNull(streams.open(null, null, sink));
        streams.tick();
        assertEquals("", sink.text.toString());
        for (int i = 0; i < 150; i++) {
            buffer.append("INFO", "x", "m" + i);
        }
        streams.tick();
        List<String> first = sink.events();
        assertEquals(100, first.size());
        assertTrue(first.get(0).startsWith("data: {\"_seq\": 2, \"timestamp\": \""), first.get(0));
        assertTrue(first.get(0).endsWith("\"level\": \"INFO\", \"logger\": \"x\", \"message\": \"m0\"}"), first.get(0));
        streams.tick();
        assertEquals(150, sink.events().size());
        assertTrue(sink.events().get(149).contains("\"message\": \"m149\""));
    }

    @Test
    void levelAndSearchFilter() {
        LogStreams streams = new LogStreams(buffer, 60);
        RecordingSink sink = new RecordingSink();
        streams.open("error", "disk", sink);
        buffer.append("INFO", "x", "disk ok");
        buffer.append("ERROR", "x", "disk failed");
        buffer.append("ERROR", "x", "other");
        streams.tick();
        assertEquals(1, sink.events().size());
        assertTrue(sink.events().get(0).contains("disk failed"));
    }

    @Test
    void heartbeatAfterTheConfiguredNumberOfQuietTicks() {
        LogStreams streams = new LogStreams(buffer, 3);
        RecordingSink sink = new RecordingSink();
        streams.open(null, null, sink);
        streams.tick();
        streams.tick();
        assertEquals("", sink.text.toString());
        streams.tick();
        assertEquals(": ping\n\n", sink.text.toString());
    }

    @Test
    void fiveStreamsAtMostAndAFailedWriteFreesTheSlot() {
        LogStreams streams = new LogStreams(buffer, 60);
        List<RecordingSink> sinks = new ArrayList<>();
        for (int i = 0; i < LogStreams.MAX_STREAMS; i++) {
            RecordingSink s = new RecordingSink();
            sinks.add(s);
            assertNotNull(streams.open(null, null, s));
        }
        assertNull(streams.open(null, null, new RecordingSink()));
        sinks.get(2).failing = true;
        buffer.append("INFO", "x", "wake up");
        streams.tick();
        assertTrue(sinks.get(2).closed);
        assertEquals(4, streams.openCount());
        assertNotNull(streams.open(null, null, new RecordingSink()));
    }

    @Test
    void aProbeFreesTheSlotsOfDepartedClientsAndPingsTheOthers() {
        LogStreams streams = new LogStreams(buffer, 60);
        RecordingSink alive = new RecordingSink();
        RecordingSink gone = new RecordingSink();
        streams.open(null, null, alive);
        streams.open(null, null, gone);
        gone.failing = true;
        streams.probe();
        assertTrue(gone.closed);
        assertEquals(1, streams.openCount());
        assertEquals(": ping\n\n", alive.text.toString());
    }

    @Test
    void closingAStreamFreesItsSlotAndCloseAllEndsEveryStream() {
        LogStreams streams = new LogStreams(buffer, 60);
        RecordingSink a = new RecordingSink();
        RecordingSink b = new RecordingSink();
        LogStreams.Stream sa = streams.open(null, null, a);
        streams.open(null, null, b);
        sa.close();
        sa.close();
        assertEquals(1, streams.openCount());
        streams.closeAll();
        assertTrue(a.closed && b.closed);
        assertEquals(0, streams.openCount());
        assertNull(streams.open(null, null, new RecordingSink()), "no new stream once stopped");
        assertTrue(sa.isClosed());
    }
}
