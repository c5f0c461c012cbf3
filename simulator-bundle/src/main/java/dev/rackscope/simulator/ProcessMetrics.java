package dev.rackscope.simulator;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.management.ObjectName;

/**
 * The process series the core's {@code /api/system/process-stats} queries (simulator.md §3.1), without a
 * {@code node_id} label, rendered at scrape time.
 */
final class ProcessMetrics {

    private ProcessMetrics() {
    }

    static byte[] render() {
        StringBuilder sb = new StringBuilder(512);
        gauge(sb, "process_resident_memory_bytes", "Resident memory size in bytes.", "gauge", residentBytes());
        gauge(sb, "process_virtual_memory_bytes", "Virtual memory size in bytes.", "gauge", procStatusKb("VmSize:"));
        gauge(sb, "process_cpu_seconds_total", "Total user and system CPU time spent in seconds.", "counter",
                cpuSeconds());
        gauge(sb, "process_start_time_seconds", "Start time of the process since unix epoch in seconds.", "gauge",
                ManagementFactory.getRuntimeMXBean().getStartTime() / 1000.0);
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void gauge(StringBuilder sb, String name, String help, String type, double value) {
        if (Double.isNaN(value)) {
            return;
        }
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        sb.append(name).append(' ');
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            sb.append((long) value);
        } else {
            sb.append(java.math.BigDecimal.valueOf(value).setScale(3, java.math.RoundingMode.HALF_UP)
                    .stripTrailingZeros().toPlainString());
        }
        sb.append('\n');
    }

    private static double residentBytes() {
        double rss = procStatusKb("VmRSS:");
        if (!Double.isNaN(rss)) {
            return rss;
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory();
    }

    /** A {@code kB} line of /proc/self/status, in bytes; NaN where there is no /proc. */
    private static double procStatusKb(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith(key)) {
                    String[] parts = line.substring(key.length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return Double.NaN;
    }

    private static double cpuSeconds() {
        try {
            Object nanos = ManagementFactory.getPlatformMBeanServer()
                    .getAttribute(new ObjectName("java.lang:type=OperatingSystem"), "ProcessCpuTime");
            if (nanos instanceof Number n && n.longValue() >= 0) {
                return n.longValue() / 1e9;
            }
        } catch (Exception e) {
            // attribute not offered by this JVM
        }
        return Double.NaN;
    }
}
