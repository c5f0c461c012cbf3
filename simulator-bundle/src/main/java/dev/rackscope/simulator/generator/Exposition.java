package dev.rackscope.simulator.generator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

/**
 * One tick's complete Prometheus text exposition (format 0.0.4), immutable once published. It is held
 * gzip-compressed (level 1): at 15,000 nodes the text is about 80 MB, the gzip about 5 MB, and Prometheus
 * asks for gzip anyway, so a scrape sends these bytes as they are.
 *
 * @param gzip       the compressed text (a single gzip member; deterministic: no timestamp in the header)
 * @param gzipLength valid bytes of {@code gzip}
 * @param length     length of the uncompressed text
 * @param tick       the tick it shows (0: nothing generated yet)
 * @param series     the number of samples
 */
public record Exposition(byte[] gzip, int gzipLength, long length, long tick, int series) {

    /** No text at all. */
    public static final Exposition EMPTY = new ExpositionWriter(0).finish(0);

    /** Sends the compressed bytes (for a client that accepts {@code Content-Encoding: gzip}). */
    public void writeGzipTo(OutputStream out) throws IOException {
        out.write(gzip, 0, gzipLength);
    }

    /** Sends the text, inflating on the fly. */
    public void writeTo(OutputStream out) throws IOException {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gzip, 0, gzipLength), 65536)) {
            in.transferTo(out);
        }
    }

    /** The text (tests and debugging). */
    public String text() {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8, length));
        try {
            writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
