package dev.rackscope.core.runtime;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports jars in {@code deploy/} that cannot be bundles (corrupt, truncated by an unfinished copy,
 * no OSGi manifest). FileInstall skips such files without a word; an operator needs to hear why the
 * plugin they dropped does not appear. A file is checked once it has been stable for a scan, and
 * reported once per version (size and time).
 */
@Component(service = DeployFolderMonitor.class, immediate = true)
public final class DeployFolderMonitor {

    private static final Logger LOG = LoggerFactory.getLogger(DeployFolderMonitor.class);
    private static final long SCAN_MILLIS = 500;

    private record Version(long size, long modified) {
    }

    private final Path folder;
    private final ScheduledExecutorService scanner;
    private final Map<Path, Version> seen = new HashMap<>();
    private final Map<Path, Version> checked = new HashMap<>();
    private volatile Map<String, String> problems = Map.of();

    @Activate
    public DeployFolderMonitor(BundleContext context) {
        String dir = context.getProperty("felix.fileinstall.dir");
        this.folder = Paths.get(dir == null || dir.isBlank() ? "deploy" : dir).toAbsolutePath().normalize();
        this.scanner = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rackscope-deploy-monitor");
            t.setDaemon(true);
            return t;
        });
        scanner.scheduleWithFixedDelay(this::scan, 0, SCAN_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() {
        scanner.shutdownNow();
    }

    /** Jars of the deploy folder that are not bundles: file name → reason. */
    public Map<String, String> problems() {
        return problems;
    }

    /** The watched folder. */
    public Path folder() {
        return folder;
    }

    private void scan() {
        try {
            Set<Path> present = new HashSet<>();
            Map<String, String> found = new TreeMap<>(problems);
            if (Files.isDirectory(folder)) {
                try (DirectoryStream<Path> jars = Files.newDirectoryStream(folder, "*.jar")) {
                    for (Path jar : jars) {
                        present.add(jar);
                        Version now = new Version(Files.size(jar), Files.getLastModifiedTime(jar).toMillis());
                        Version before = seen.put(jar, now);
                        if (!now.equals(before) || now.equals(checked.get(jar))) {
                            continue; // still changing, or already checked in this version
                        }
                        checked.put(jar, now);
                        String problem = problem(jar);
                        String name = jar.getFileName().toString();
                        if (problem == null) {
                            if (found.remove(name) != null) {
                                LOG.info("{} is now a valid bundle", jar);
                            }
                        } else {
                            found.put(name, problem);
                            LOG.error("Ignoring {}: {} (it is retried when the file changes)", jar, problem);
                        }
                    }
                }
            }
            seen.keySet().retainAll(present);
            checked.keySet().retainAll(present);
            found.keySet().removeIf(name -> !present.contains(folder.resolve(name)));
            problems = Map.copyOf(found);
        } catch (IOException | RuntimeException e) {
            LOG.debug("deploy folder scan failed", e);
        }
    }

    /** Why {@code jar} cannot be installed as a bundle, or {@code null} when it can. */
    static String problem(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            if (manifest == null) {
                return "no META-INF/MANIFEST.MF, not an OSGi bundle";
            }
            if (manifest.getMainAttributes().getValue("Bundle-SymbolicName") == null) {
                return "its manifest has no Bundle-SymbolicName, not an OSGi bundle";
            }
            file.stream().forEach(e -> { }); // walks the central directory: a truncated jar fails here
            return null;
        } catch (IOException | SecurityException e) {
            return "not a readable jar (" + e.getMessage() + "); corrupt or not completely copied";
        }
    }
}
