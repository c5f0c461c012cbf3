package dev.rackscope.itest;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The assembled runnable folder ({@code runtime/target/rackscope}) as the ITs that start {@code bin/rackscope} as
 * a process use it: copied to a temporary folder without {@code data/}, and the script's environment.
 */
final class RunnableFolder {

    private RunnableFolder() {
    }

    /** The assembled folder ({@code -Drackscope.runtime.dir}, else {@code target/rackscope}). */
    static Path assembled() {
        return Paths.get(System.getProperty("rackscope.runtime.dir", "target/rackscope")).toAbsolutePath();
    }

    /** Copies the folder without anything a previous run left in {@code data/} (file times kept). */
    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path rel = from.relativize(p);
                if (rel.getNameCount() > 0 && rel.getName(0).toString().equals("data")) {
                    continue;
                }
                Path dest = to.resolve(rel.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                }
            }
        }
        Files.createDirectories(to.resolve("data"));
    }

    /**
     * {@code bin/rackscope} of {@code folder} on {@code port} (loopback), with the console user and password,
     * none of this JVM's {@code RACKSCOPE_*}, {@code PROMETHEUS_URL} or {@code JAVA_OPTS}, and this JVM's Java.
     */
    static ProcessBuilder script(Path folder, int port, String consoleUser, String consolePassword) {
        ProcessBuilder pb = new ProcessBuilder(folder.resolve("bin/rackscope").toString()).directory(folder.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("RACKSCOPE_") || k.equals("PROMETHEUS_URL") || k.equals("JAVA_OPTS"));
        env.put("RACKSCOPE_PORT", Integer.toString(port));
        env.put("RACKSCOPE_HOST", "127.0.0.1");
        env.put("RACKSCOPE_CONSOLE_USER", consoleUser);
        env.put("RACKSCOPE_CONSOLE_PASSWORD", consolePassword);
        if (System.getProperty("java.home") != null && env.get("JAVA_HOME") == null) {
            env.put("JAVA_HOME", System.getProperty("java.home"));
        }
        return pb;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
