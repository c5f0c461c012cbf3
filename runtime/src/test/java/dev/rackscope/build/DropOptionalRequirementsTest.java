package dev.rackscope.build;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.Test;

public class DropOptionalRequirementsTest {

    private static final String HEADER = "osgi.contract;filter:=\"(&(osgi.contract=JakartaServlet)(version=6.0))\","
            + "osgi.extender;filter:=\"(osgi.extender=osgi.serviceloader.processor)\";resolution:=optional,"
            + "osgi.serviceloader;filter:=\"(osgi.serviceloader=a.B)\";resolution:=optional;cardinality:=multiple,"
            + "osgi.extender;filter:=\"(&(osgi.extender=osgi.serviceloader.processor)(version>=1.0.0))\","
            + "osgi.ee;filter:=\"(&(osgi.ee=JavaSE)(version=17))\"";

    private static Path jar(Path dir, String requirements) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().putValue("Bundle-SymbolicName", "x");
        m.getMainAttributes().putValue("Require-Capability", requirements);
        Path jar = dir.resolve("b.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), m)) {
            out.putNextEntry(new JarEntry("META-INF/services/a.B"));
            out.write("a.Impl\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
            out.putNextEntry(new JarEntry("a/Impl.class"));
            out.write(new byte[] {(byte) 0xCA, (byte) 0xFE, 1, 2});
            out.closeEntry();
        }
        return jar;
    }

    @Test
    public void clausesSplitAtCommasOutsideQuotes() {
        List<String> c = DropOptionalRequirements.clauses(HEADER);
        assertEquals(5, c.size());
        assertEquals("osgi.contract;filter:=\"(&(osgi.contract=JakartaServlet)(version=6.0))\"", c.get(0));
    }

    @Test
    public void onlyOptionalClausesMentioningTheTextGoAndEverythingElseStays() throws IOException {
        Path dir = Files.createTempDirectory("drop-req-");
        Path jar = jar(dir, HEADER);
        assertEquals(2, DropOptionalRequirements.rewrite(jar, "osgi.serviceloader"));
        try (JarFile j = new JarFile(jar.toFile())) {
            String header = j.getManifest().getMainAttributes().getValue("Require-Capability");
            assertEquals(List.of("osgi.contract;filter:=\"(&(osgi.contract=JakartaServlet)(version=6.0))\"",
                    "osgi.extender;filter:=\"(&(osgi.extender=osgi.serviceloader.processor)(version>=1.0.0))\"",
                    "osgi.ee;filter:=\"(&(osgi.ee=JavaSE)(version=17))\""), DropOptionalRequirements.clauses(header));
            assertEquals("x", j.getManifest().getMainAttributes().getValue("Bundle-SymbolicName"));
            assertArrayEquals("a.Impl\n".getBytes(StandardCharsets.UTF_8),
                    j.getInputStream(j.getEntry("META-INF/services/a.B")).readAllBytes());
            assertArrayEquals(new byte[] {(byte) 0xCA, (byte) 0xFE, 1, 2},
                    j.getInputStream(j.getEntry("a/Impl.class")).readAllBytes());
        }
        assertEquals("a second run finds nothing to drop", 0, DropOptionalRequirements.rewrite(jar, "osgi.serviceloader"));
    }
}
