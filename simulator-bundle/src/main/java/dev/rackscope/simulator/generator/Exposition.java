package dev.rackscope.simulator.generator;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One tick's complete Prometheus text exposition (format 0.0.4), immutable once published: the bytes are
 * never written again after {@link ExpositionWriter#finish}.
 *
 * @param tick   the tick it shows (0: nothing generated yet)
 * @param series the number of samples
 */
public record Exposition(byte[] data, int length, long tick, int series) {

    public static final Exposition EMPTY = new Exposition(new byte[0], 0, 0, 0);

    /** Sends the bytes. */
    public void writeTo(OutputStream out) throws IOException {
        out.write(data, 0, length);
    }

    /** The text, for tests and debugging. */
    public String text() {
        return new String(data, 0, length, StandardCharsets.UTF_8);
    }
}
