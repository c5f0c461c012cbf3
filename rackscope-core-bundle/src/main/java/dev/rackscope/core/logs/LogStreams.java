package dev.rackscope.core.logs;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.rackscope.logging.LogBuffer;
import dev.rackscope.logging.LogRecord;

/**
 * The live log streams ({@code GET /api/logs/stream}): at most {@value #MAX_STREAMS} at once. Each
 * {@link #tick()} (every 0.5 s at runtime) sends each stream up to {@value #BATCH} new matching records as
 * {@code data: <json>\n\n}, and every {@code heartbeatTicks} ticks a {@code : ping\n\n} comment. A stream
 * whose write fails (the client went away) is closed and frees its slot at once; when all slots are taken,
 * {@link #probe()} finds the streams of departed clients. Streams stay open until
 * the client leaves or {@link #closeAll()} (the core stops).
 */
final class LogStreams {

    static final int MAX_STREAMS = 5;
    static final int BATCH = 100;
    static final String TOO_MANY = "data: " + PyJson.dumps(Map.of("error", "Too many concurrent log streams"))
            + "\n\n";
    static final String PING = ": ping\n\n";

    /** Where a stream's text goes. */
    interface Sink {
        /** Writes and flushes; throws when the client is gone. */
        void write(String text) throws IOException;

        /** Ends the response; called once. */
        void close();
    }

    /** One open stream. */
    final class Stream {
        private final String level;
        private final String search;
        private final Sink sink;
        private final AtomicBoolean closed = new AtomicBoolean();
        private long lastSeq;
        private int ticksSinceWrite;

        private Stream(long lastSeq, String level, String search, Sink sink) {
            this.lastSeq = lastSeq;
            this.level = level;
            this.search = search;
            this.sink = sink;
        }

        private synchronized void tick() {
            if (closed.get()) {
                return;
            }
            List<LogRecord> batch = buffer.after(lastSeq, level, search, BATCH);
            StringBuilder text = new StringBuilder();
            for (LogRecord r : batch) {
                text.append("data: ").append(PyJson.dumps(r.toMap())).append("\n\n");
                lastSeq = r.seq();
            }
            if (batch.isEmpty()) {
                // records may have been filtered out or cleared: do not look at them again
                lastSeq = Math.max(lastSeq, buffer.lastSeq());
            }
            ticksSinceWrite++;
            if (ticksSinceWrite >= heartbeatTicks) {
                text.append(PING);
            }
            if (text.length() == 0) {
                return;
            }
            ticksSinceWrite = 0;
            try {
                sink.write(text.toString());
            } catch (IOException | RuntimeException e) {
                close();
            }
        }

        /** Sends a heartbeat now; closes the stream when the client is gone. */
        private synchronized void ping() {
            if (closed.get()) {
                return;
            }
            try {
                sink.write(PING);
                ticksSinceWrite = 0;
            } catch (IOException | RuntimeException e) {
                close();
            }
        }

        /** Frees the slot and ends the response; idempotent. */
        void close() {
            if (closed.compareAndSet(false, true)) {
                streams.remove(this);
                sink.close();
            }
        }

        boolean isClosed() {
            return closed.get();
        }
    }

    private final LogBuffer buffer;
    private final int heartbeatTicks;
    private final List<Stream> streams = new CopyOnWriteArrayList<>();
    private boolean shutDown;

    /** @param heartbeatTicks ticks between pings (60 at 0.5 s per tick = 30 s) */
    LogStreams(LogBuffer buffer, int heartbeatTicks) {
        this.buffer = buffer;
        this.heartbeatTicks = Math.max(1, heartbeatTicks);
    }

    /**
     * A new stream starting after the newest record held now (no replay), or null when all slots are taken
     * (the caller then sends {@link #TOO_MANY} and ends the response).
     */
    synchronized Stream open(String level, String search, Sink sink) {
        if (shutDown || streams.size() >= MAX_STREAMS) {
            return null;
        }
        Stream s = new Stream(buffer.lastSeq(), level, search, sink);
        streams.add(s);
        return s;
    }

    /**
     * Pings every open stream so that those whose client went away fail and free their slot. A write to a
     * connection the peer closed often succeeds once (the peer then resets it), so callers probe twice with
     * a short pause.
     */
    void probe() {
        for (Stream s : streams) {
            s.ping();
        }
    }

    int openCount() {
        return streams.size();
    }

    void tick() {
        for (Stream s : streams) {
            s.tick();
        }
    }

    void closeAll() {
        synchronized (this) {
            shutDown = true;
        }
        for (Stream s : streams) {
            s.close();
        }
    }
}
