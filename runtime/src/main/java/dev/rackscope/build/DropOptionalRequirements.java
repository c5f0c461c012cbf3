package dev.rackscope.build;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Build step of the runnable folder: removes from a bundle's {@code Require-Capability} the <em>optional</em>
 * clauses that mention a given text, and rewrites the jar (every other entry byte for byte, atomically).
 *
 * <p>Used on the Felix Jetty bundle: its optional requirements on the ServiceLoader Mediator
 * ({@code osgi.serviceloader.*}) make SPI Fly weave every Jetty class as it loads (ASM with frame computation,
 * about 0.5 s of a 3 s cold start here), although Jetty finds its own {@code META-INF/services} providers without
 * it and its only other lookup (ALPN) serves TLS HTTP/2, which the server does not offer. SPI Fly stays for
 * slf4j-api, whose requirement is mandatory. Mandatory clauses are never touched.
 *
 * <p>{@code java dev.rackscope.build.DropOptionalRequirements <jar> <text>}
 */
public final class DropOptionalRequirements {

    private DropOptionalRequirements() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: <bundle.jar> <text in the clauses to drop>");
        }
        int dropped = rewrite(Path.of(args[0]), args[1]);
        System.out.println("DropOptionalRequirements: " + dropped + " optional requirement(s) mentioning '" + args[1]
                + "' removed from " + Path.of(args[0]).getFileName());
    }

    /** @return how many clauses were removed (0: the jar is left as it was) */
    public static int rewrite(Path jar, String text) throws IOException {
        Manifest manifest;
        try (JarFile in = new JarFile(jar.toFile())) {
            manifest = in.getManifest();
        }
        if (manifest == null) {
            return 0;
        }
        Attributes main = manifest.getMainAttributes();
        String header = main.getValue("Require-Capability");
        if (header == null) {
            return 0;
        }
        List<String> kept = new ArrayList<>();
        int dropped = 0;
        for (String clause : clauses(header)) {
            if (clause.contains(text) && clause.replace(" ", "").contains("resolution:=optional")) {
                dropped++;
            } else {
                kept.add(clause);
            }
        }
        if (dropped == 0) {
            return 0;
        }
        if (kept.isEmpty()) {
            main.remove(new Attributes.Name("Require-Capability"));
        } else {
            main.putValue("Require-Capability", String.join(",", kept));
        }
        Path tmp = jar.resolveSibling("." + jar.getFileName() + ".tmp");
        try (JarFile in = new JarFile(jar.toFile());
             JarOutputStream out = new JarOutputStream(Files.newOutputStream(tmp), manifest)) {
            for (Enumeration<JarEntry> e = in.entries(); e.hasMoreElements();) {
                JarEntry entry = e.nextElement();
                String name = entry.getName();
                if (name.equalsIgnoreCase(JarFile.MANIFEST_NAME) || name.equalsIgnoreCase("META-INF/")) {
                    continue; // JarOutputStream wrote both
                }
                JarEntry copy = new JarEntry(name);
                copy.setTime(entry.getTime());
                out.putNextEntry(copy);
                try (InputStream data = in.getInputStream(entry)) {
                    data.transferTo(out);
                }
                out.closeEntry();
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return dropped;
    }

    /** The clauses of an OSGi header: split at commas outside double quotes. */
    static List<String> clauses(String header) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                out.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (current.length() > 0) {
            out.add(current.toString());
        }
        return out;
    }
}
