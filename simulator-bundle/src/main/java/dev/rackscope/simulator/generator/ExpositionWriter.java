package dev.rackscope.simulator.generator;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Appends Prometheus text lines to a byte buffer without intermediate strings, and streams full buffers
 * through a level-1 gzip deflater, so the whole text never sits in memory. Labels are written as
 * {@code ,key="value"} chunks; {@link #end} turns the first comma into {@code {}} and closes the brace, so
 * label sets whose values turn out empty need no lookahead.
 */
final class ExpositionWriter {

    private static final long[] POW10 = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};
    private static final int BUFFER = 256 * 1024;
    private static final int FLUSH_AT = BUFFER - 16 * 1024;

    private byte[] buf = new byte[BUFFER];
    private int pos;
    private int labelStart;
    private int series;
    private long flushed;
    private byte[] pendingHeader;
    private final Sink sink;
    private final GZIPOutputStream gzip;

    /** @param compressedHint expected compressed size (the previous tick's), to size the output once */
    ExpositionWriter(int compressedHint) {
        sink = new Sink(Math.max(1024, compressedHint + compressedHint / 8));
        try {
            gzip = new FastGzip(sink);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code # HELP}/{@code # TYPE} lines of a family; written before its first sample only. */
    void family(byte[] header) {
        pendingHeader = header;
    }

    /** Starts a sample line with the metric name. */
    void begin(byte[] name) {
        if (pos >= FLUSH_AT) {
            flush();
        }
        if (pendingHeader != null) {
            put(pendingHeader);
            pendingHeader = null;
        }
        put(name);
        labelStart = pos;
    }

    /** Appends pre-rendered label chunks (each {@code ,key="value"}). */
    void put(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
    }

    /** Appends {@code keyPrefix} ({@code ,key="}), the escaped value and the closing quote; nothing if empty. */
    void label(byte[] keyPrefix, byte[] escapedValue) {
        if (escapedValue == null || escapedValue.length == 0) {
            return;
        }
        ensure(keyPrefix.length + escapedValue.length + 1);
        System.arraycopy(keyPrefix, 0, buf, pos, keyPrefix.length);
        pos += keyPrefix.length;
        System.arraycopy(escapedValue, 0, buf, pos, escapedValue.length);
        pos += escapedValue.length;
        buf[pos++] = '"';
    }

    /** Ends the sample with {@code value} rounded to {@code decimals} places (trailing zeros dropped). */
    void end(double value, int decimals) {
        ensure(48);
        if (pos > labelStart) {
            buf[labelStart] = '{';
            buf[pos++] = '}';
        }
        buf[pos++] = ' ';
        number(value, decimals);
        buf[pos++] = '\n';
        series++;
    }

    int series() {
        return series;
    }

    /** Appends text as is (whole lines). */
    void raw(byte[] text) {
        if (pos >= FLUSH_AT) {
            flush();
        }
        put(text);
    }

    Exposition finish(long tick) {
        flush();
        try {
            gzip.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Exposition(sink.bytes, sink.size, flushed, tick, series);
    }

    private void flush() {
        try {
            gzip.write(buf, 0, pos);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        flushed += pos;
        pos = 0;
    }

    /** GZIP at the fastest level: about 0.35 s for 80 MB of exposition text, 16:1. */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out) throws IOException {
            super(out, 64 * 1024);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }

    /** A growable byte array the compressed stream lands in; handed over without a copy. */
    private static final class Sink extends OutputStream {
        byte[] bytes;
        int size;

        Sink(int capacity) {
            bytes = new byte[capacity];
        }

        @Override
        public void write(int b) {
            grow(1);
            bytes[size++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            grow(len);
            System.arraycopy(b, off, bytes, size, len);
            size += len;
        }

        private void grow(int extra) {
            if (size + extra > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + extra));
            }
        }
    }

    private void number(double v, int decimals) {
        if (Double.isNaN(v)) {
            ascii("NaN");
            return;
        }
        if (Double.isInfinite(v)) {
            ascii(v > 0 ? "+Inf" : "-Inf");
            return;
        }
        double scaled = v * POW10[decimals];
        if (Math.abs(scaled) >= 9.0e15) {
            ascii(Double.toString(v));
            return;
        }
        long r = Math.round(scaled);
        if (r < 0) {
            buf[pos++] = '-';
            r = -r;
        }
        long div = POW10[decimals];
        digits(r / div);
        long frac = r % div;
        if (frac != 0) {
            int d = decimals;
            while (frac % 10 == 0) {
                frac /= 10;
                d--;
            }
            buf[pos++] = '.';
            int start = pos;
            pos += d;
            for (int i = pos - 1; i >= start; i--) {
                buf[i] = (byte) ('0' + frac % 10);
                frac /= 10;
            }
        }
    }

    private void digits(long v) {
        if (v == 0) {
            buf[pos++] = '0';
            return;
        }
        int start = pos;
        while (v > 0) {
            buf[pos++] = (byte) ('0' + v % 10);
            v /= 10;
        }
        for (int i = start, j = pos - 1; i < j; i++, j--) {
            byte t = buf[i];
            buf[i] = buf[j];
            buf[j] = t;
        }
    }

    private void ascii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            buf[pos++] = (byte) s.charAt(i);
        }
    }

    private void ensure(int extra) {
        if (pos + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + extra));
        }
    }

    /** A label value escaped for the text format ({@code \\}, {@code \"}, {@code \n}), as UTF-8. */
    static byte[] escape(String value) {
        if (value == null || value.isEmpty()) {
            return new byte[0];
        }
        StringBuilder sb = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' || c == '"' || c == '\n') {
                if (sb == null) {
                    sb = new StringBuilder(value.length() + 8).append(value, 0, i);
                }
                sb.append('\\').append(c == '\n' ? 'n' : c);
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return (sb == null ? value : sb.toString()).getBytes(StandardCharsets.UTF_8);
    }

    /** {@code ,key="} as bytes. */
    static byte[] keyPrefix(String key) {
        return (',' + key + "=\"").getBytes(StandardCharsets.UTF_8);
    }

    /** A whole label chunk {@code ,key="value"}; empty when the value is empty (the label is then absent). */
    static byte[] chunk(String key, String value) {
        if (value == null || value.isEmpty()) {
            return new byte[0];
        }
        byte[] k = keyPrefix(key);
        byte[] v = escape(value);
        byte[] out = Arrays.copyOf(k, k.length + v.length + 1);
        System.arraycopy(v, 0, out, k.length, v.length);
        out[out.length - 1] = '"';
        return out;
    }

    /** The HELP and TYPE lines of a gauge family. */
    static byte[] header(String name, String help) {
        String h = help.replace("\\", "\\\\").replace("\n", "\\n");
        return ("# HELP " + name + ' ' + h + "\n# TYPE " + name + " gauge\n").getBytes(StandardCharsets.UTF_8);
    }
}
