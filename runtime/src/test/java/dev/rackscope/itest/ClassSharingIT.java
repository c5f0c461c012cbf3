package dev.rackscope.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

/**
 * The class data sharing archive of {@code bin/rackscope} (data/cds): the first start records it when the server
 * stops, the next start maps it (seen in the JVM's memory maps), a change of JVM or felix.jar (the stamp) makes
 * it again, and {@code RACKSCOPE_CDS=off} leaves it out. The server answers in every case.
 *
 * <p>Needs Linux ({@code /proc}) to see what the JVM mapped; elsewhere the test is skipped.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class ClassSharingIT {

    private static Path home;
    private static Path archive;
    private static Path stamp;

    @BeforeClass
    public static void copyTheRunnableFolder() throws IOException {
        assumeTrue("needs /proc to see the JVM's command line and memory maps", Files.isDirectory(Path.of("/proc/self")));
        Path runtime = RunnableFolder.assembled();
        assertTrue("assembled runtime missing at " + runtime, Files.isRegularFile(runtime.resolve("bin/rackscope")));
        home = Files.createTempDirectory("rackscope-cds-").resolve("rackscope");
        RunnableFolder.copy(runtime, home);
        archive = home.resolve("data/cds/rackscope.jsa");
        stamp = home.resolve("data/cds/stamp");
    }

    @AfterClass
    public static void removeTheFolder() throws IOException {
        if (home != null) {
            try (var walk = Files.walk(home.getParent())) {
                walk.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    public void a_theFirstStartRecordsTheArchiveWhenItStops() throws Exception {
        assertFalse(Files.exists(archive));
        Run run = Run.start(null);
        assertTrue(run.arguments(), run.arguments().contains("-XX:ArchiveClassesAtExit=" + archive));
        assertFalse("written only at exit", Files.exists(archive));
        run.stop();
        assertTrue("no archive after the first stop: " + run.logTail(), Files.size(archive) > 1_000_000);
        String javaBinary = Path.of(System.getProperty("java.home"), "bin", "java").toRealPath().toString();
        assertTrue(Files.readString(stamp), Files.readString(stamp).startsWith(javaBinary + " "));
    }

    @Test
    public void b_theNextStartMapsIt() throws Exception {
        FileTime written = Files.getLastModifiedTime(archive);
        Run run = Run.start(null);
        assertTrue(run.arguments(), run.arguments().contains("-XX:SharedArchiveFile=" + archive));
        assertTrue("the JVM did not map " + archive, run.maps().contains(archive.toString()));
        run.stop();
        assertEquals("a used archive is left as it is", written, Files.getLastModifiedTime(archive));
    }

    @Test
    public void c_anotherJvmOrFelixJarMakesItAgain() throws Exception {
        Files.writeString(stamp, "/some/other/java 1 2 3 4");
        Run run = Run.start(null);
        assertTrue(run.arguments(), run.arguments().contains("-XX:ArchiveClassesAtExit=" + archive));
        assertFalse("the stale archive was not removed", Files.exists(archive));
        run.stop();
        assertTrue(Files.size(archive) > 1_000_000);
        assertFalse(Files.readString(stamp).startsWith("/some/other/java"));
    }

    @Test
    public void d_rackscopeCdsOffLeavesItOut() throws Exception {
        FileTime written = Files.getLastModifiedTime(archive);
        Run run = Run.start("off");
        assertFalse(run.arguments(), run.arguments().contains("SharedArchiveFile"));
        assertFalse(run.arguments(), run.arguments().contains("ArchiveClassesAtExit"));
        assertFalse(run.maps().contains(archive.toString()));
        run.stop();
        assertEquals(written, Files.getLastModifiedTime(archive));
    }

    /** One start of the script, up to the plugin menu answering. */
    private record Run(Process script, ProcessHandle jvm, Path log) {

        static Run start(String cds) throws Exception {
            int port = RunnableFolder.freePort();
            Path log = Files.createTempFile(home.getParent(), "server-", ".log");
            ProcessBuilder pb = RunnableFolder.script(home, port, "admin", "Cds-test-console-1")
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            // a Prometheus where nothing listens: the script starts no demo Prometheus and execs the JVM
            pb.environment().put("PROMETHEUS_URL", "http://127.0.0.1:" + RunnableFolder.freePort());
            if (cds != null) {
                pb.environment().put("RACKSCOPE_CDS", cds);
            }
            Process script = pb.start();
            Http http = new Http(port);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline) {
                if (!script.isAlive()) {
                    fail("bin/rackscope exited with " + script.exitValue() + ":\n" + Files.readString(log));
                }
                if (http.get("/api/plugins/menu").status() == 200) {
                    Optional<ProcessHandle> jvm = java(script.toHandle());
                    if (jvm.isPresent()) {
                        return new Run(script, jvm.get(), log);
                    }
                }
                Thread.sleep(100);
            }
            script.destroyForcibly();
            fail("the server did not answer within 120 s:\n" + Files.readString(log));
            return null;
        }

        /** The JVM running felix.jar: the script itself once it has exec'd Java, else its child. */
        private static Optional<ProcessHandle> java(ProcessHandle script) {
            if (cmdline(script).contains("felix.jar")) {
                return Optional.of(script);
            }
            return script.descendants().filter(p -> cmdline(p).contains("felix.jar")).findFirst();
        }

        private static String cmdline(ProcessHandle p) {
            try {
                byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline"));
                return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
            } catch (IOException e) {
                return "";
            }
        }

        String arguments() {
            return cmdline(jvm);
        }

        /** The files the JVM has mapped into memory. */
        String maps() throws IOException {
            return Files.readString(Path.of("/proc", Long.toString(jvm.pid()), "maps"));
        }

        String logTail() {
            try {
                List<String> lines = Files.readAllLines(log);
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
            } catch (IOException e) {
                return "(no log: " + e + ")";
            }
        }

        void stop() throws Exception {
            script.destroy();
            if (!script.waitFor(60, TimeUnit.SECONDS)) {
                script.destroyForcibly();
                fail("the server did not stop within 60 s:\n" + logTail());
            }
            jvm.onExit().get(30, TimeUnit.SECONDS);
            assertFalse("the JVM " + jvm.pid() + " outlived the script", jvm.isAlive());
        }
    }
}
