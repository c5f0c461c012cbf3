package dev.rackscope.bench;

import java.nio.file.Path;
import java.util.List;

import dev.rackscope.core.config.AtomicFileWriter;

/**
 * The child process of the kill-during-write fault: rewrites one YAML file through the core's
 * {@link AtomicFileWriter} (the code path of every file the server writes) with version after version until
 * it is killed. {@link #content(long)} is the exact text of each version, so the parent can tell a whole
 * version from a torn one.
 *
 * <p>{@code java -cp "runtime/target/classes:runtime/target/rackscope/bundle/*" dev.rackscope.bench.WriteLoop FILE FIRST_VERSION}
 */
public final class WriteLoop {

    private static final int LINES = 2_000;

    private WriteLoop() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]).toAbsolutePath();
        long version = Long.parseLong(args[1]);
        AtomicFileWriter writer = writer(file);
        System.out.println("writing");
        System.out.flush();
        while (true) {
            writer.write(file, content(version++));
        }
    }

    /** A writer whose configuration tree is the file's folder. */
    public static AtomicFileWriter writer(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        return new AtomicFileWriter(() -> List.of(dir));
    }

    /** Version {@code v} of the file: about 200 KB of YAML that names its version on its first lines. */
    public static String content(long v) {
        StringBuilder sb = new StringBuilder(LINES * 100);
        sb.append("# written by dev.rackscope.bench.WriteLoop\nversion: ").append(v).append("\nlines:\n");
        for (int i = 0; i < LINES; i++) {
            sb.append("  - \"version ").append(v).append(", line ").append(i)
                    .append(": the quick brown fox jumps over the lazy dog, again and again and again\"\n");
        }
        sb.append("end: ").append(v).append('\n');
        return sb.toString();
    }
}
