package dev.rackscope.simulator;

/**
 * The generator's state.
 *
 * @param running         the loop is scheduled and its last tick completed less than two intervals (+10 s) ago
 * @param tick            the last tick number (0 before the first)
 * @param lastTickAtMillis wall-clock time the last tick completed (0: none since the last start)
 * @param lastTickNanos   wall time the last tick took
 * @param lastTickCpuNanos CPU time the last tick took on the tick thread (-1 when not measurable)
 * @param series          samples in the last exposition
 * @param bytes           size of the last exposition's text
 * @param gzipBytes       size of the last exposition as held and sent to gzip-capable scrapers
 * @param lastError       the last tick's error, or {@code null} when it succeeded
 */
public record GeneratorStatus(boolean running, long tick, long lastTickAtMillis, long lastTickNanos,
                              long lastTickCpuNanos, int intervalSeconds, int series, long bytes, int gzipBytes,
                              String lastError) {
}
