package dev.rackscope.itest;

import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemPackages;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import javax.inject.Inject;

import org.ops4j.pax.exam.Option;
import org.osgi.framework.BundleContext;

/**
 * The real runtime's bundle set, booted by pax-exam in this JVM: every jar of the assembled folder's
 * {@code boot/} and {@code bundle/}, a FileInstall-watched {@code deploy/} with the shipped plugin jars,
 * and a fresh copy of a small configuration in a temporary work folder.
 */
public abstract class RackscopeTestSupport {

    protected static final String CONSOLE_USER = "ops";

    @Inject
    protected BundleContext context;

    /** Builds the work folder and the framework options; called on the host side. */
    protected static Option[] runtimeOptions() throws IOException {
        return runtimeOptions(true);
    }

    /** @param consolePassword false to start the console without a configured password */
    protected static Option[] runtimeOptions(boolean consolePassword) throws IOException {
        return runtimeOptions(consolePassword, false);
    }

    /**
     * @param consolePassword false to start the console without a configured password
     * @param exampleConfig   true to start on a copy of the project's example (the runnable folder's
     *                        {@code config/}), false for the small {@link TestConfig}
     */
    protected static Option[] runtimeOptions(boolean consolePassword, boolean exampleConfig) throws IOException {
        return runtimeOptions(consolePassword, exampleConfig, null);
    }

    /** @param appYaml when not null, replaces the configuration's app.yaml before the framework starts */
    protected static Option[] runtimeOptions(boolean consolePassword, boolean exampleConfig, String appYaml)
            throws IOException {
        Path runtime = Paths.get(System.getProperty("rackscope.runtime.dir", "target/rackscope")).toAbsolutePath();
        if (!Files.isDirectory(runtime.resolve("bundle"))) {
            throw new IllegalStateException("assembled runtime missing at " + runtime + "; run mvn verify");
        }
        Path work = Files.createTempDirectory("rackscope-it-");
        Path deploy = Files.createDirectories(work.resolve("deploy"));
        Path samples = Files.createDirectories(work.resolve("samples"));
        for (Path jar : jars(runtime.resolve("deploy"))) {
            Files.copy(jar, deploy.resolve(jar.getFileName()));
            Files.copy(jar, samples.resolve(jar.getFileName()));
        }
        if (exampleConfig) {
            copyTree(runtime.resolve("config"), work.resolve("config"));
        } else {
            TestConfig.write(work.resolve("config"));
        }
        if (appYaml != null) {
            Files.writeString(work.resolve("config/app.yaml"), appYaml, StandardCharsets.UTF_8);
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<Option> options = new ArrayList<>();
        options.add(cleanCaches());
        options.add(frameworkProperty("org.osgi.service.http.port").value(Integer.toString(port)));
        options.add(frameworkProperty("org.apache.felix.http.host").value("127.0.0.1"));
        options.add(frameworkProperty("rackscope.app.config").value(work.resolve("config/app.yaml").toString()));
        options.add(frameworkProperty("rackscope.data.dir").value(work.resolve("data").toString()));
        options.add(frameworkProperty("rackscope.it.work").value(work.toString()));
        options.add(frameworkProperty("felix.fileinstall.dir").value(deploy.toString()));
        options.add(frameworkProperty("felix.fileinstall.poll").value("100"));
        options.add(frameworkProperty("felix.fileinstall.noInitialDelay").value("true"));
        options.add(frameworkProperty("felix.fileinstall.filter").value(".*\\.jar"));
        options.add(frameworkProperty("felix.fileinstall.bundles.new.start").value("true"));
        options.add(frameworkProperty("felix.fileinstall.enableConfigSave").value("false"));
        options.add(frameworkProperty("felix.webconsole.username").value(CONSOLE_USER));
        if (consolePassword) {
            options.add(frameworkProperty("felix.webconsole.password").value("it-" + UUID.randomUUID()));
        }
        options.add(systemProperty("rackscope.log.level.org.eclipse.jetty").value("WARN"));
        // end-to-end tests serve fixture exporters with the JDK's HTTP server from inside the framework
        options.add(systemPackages("com.sun.net.httpserver"));
        // In-container logs go nowhere (SLF4J falls back to NOP: the test JVM's own slf4j on the class path
        // clashes with the bundles'); assertions and the "last seen" texts of awaitValue say what happened.
        for (Path jar : jars(runtime.resolve("boot"))) {
            String name = jar.getFileName().toString();
            Option b = name.contains("spifly")
                    ? bundle(jar.toUri().toString()).noStart()
                    : bundle(jar.toUri().toString()).startLevel(1);
            options.add(b);
        }
        for (Path jar : jars(runtime.resolve("bundle"))) {
            options.add(bundle(jar.toUri().toString()));
        }
        // the web console (start level 3 in the runnable folder; its order does not matter here)
        for (Path jar : jars(runtime.resolve("console"))) {
            options.add(bundle(jar.toUri().toString()));
        }
        options.add(junitBundles());
        return options.toArray(new Option[0]);
    }

    protected static void copyTree(Path from, Path to) throws IOException {
        try (java.util.stream.Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static List<Path> jars(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.jar")) {
            s.forEach(out::add);
        }
        out.sort(null);
        return out;
    }

    // ------------------------------------------------------------------ helpers used inside the container

    protected Path work() {
        return Paths.get(context.getProperty("rackscope.it.work"));
    }

    protected Path configDir() {
        return work().resolve("config");
    }

    protected Path deploy() {
        return work().resolve("deploy");
    }

    protected Path samples() {
        return work().resolve("samples");
    }

    protected Http http() {
        return new Http(Integer.parseInt(context.getProperty("org.osgi.service.http.port")));
    }

    protected String consolePassword() {
        return context.getProperty("felix.webconsole.password");
    }

    /** Writes a file the way an editor saves: to a temporary name, then renamed over the target. */
    protected static void writeFile(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling("." + file.getFileName() + ".edit");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    protected static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    /** Polls until {@code condition} holds; fails with {@code what} after 15 s (a generous ceiling, not a budget). */
    protected static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            sleep(20);
        }
        fail("timed out waiting for: " + what);
    }

    /** Polls until {@code supplier} gives a non-null value, and returns it. */
    protected static <T> T awaitValue(String what, Supplier<T> supplier) {
        return awaitValue(what, supplier, () -> "");
    }

    /** As {@link #awaitValue(String, Supplier)}; {@code lastSeen} describes the last state in the failure. */
    protected static <T> T awaitValue(String what, Supplier<T> supplier, Supplier<String> lastSeen) {
        return awaitValue(what, 15, supplier, lastSeen);
    }

    /** As above with a ceiling of {@code seconds} (a real Prometheus can take several seconds to scrape first). */
    protected static <T> T awaitValue(String what, int seconds, Supplier<T> supplier, Supplier<String> lastSeen) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            T value = supplier.get();
            if (value != null) {
                return value;
            }
            sleep(20);
        }
        throw new AssertionError("timed out waiting for: " + what + " (last seen: " + lastSeen.get() + ")");
    }

    protected static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** True when the menu has a section with this id. */
    protected boolean menuHas(String sectionId) {
        Http.Resp menu = http().get("/api/plugins/menu");
        if (menu.status() != 200) {
            return false;
        }
        for (var section : menu.json().get("sections")) {
            if (section.get("id").asText().equals(sectionId)) {
                return true;
            }
        }
        return false;
    }

    /** True when {@code GET /api/plugins} lists this plugin id. */
    protected boolean registryHas(String pluginId) {
        Http.Resp list = http().get("/api/plugins");
        if (list.status() != 200) {
            return false;
        }
        for (var p : list.json().get("plugins")) {
            if (p.get("id").asText().equals(pluginId)) {
                return true;
            }
        }
        return false;
    }

    /** Replaces {@code plugins.<id>.enabled: <old>} in app.yaml text. */
    protected void setEnabledInAppYaml(String pluginId, boolean enabled) throws IOException {
        Path app = configDir().resolve("app.yaml");
        String text = read(app);
        String updated = text.replaceAll("(?m)(^  " + pluginId + ":\\n    enabled: )\\w+", "$1" + enabled);
        if (updated.equals(text) && !text.contains("  " + pluginId + ":\n    enabled: " + enabled)) {
            throw new AssertionError("app.yaml has no plugins." + pluginId + ".enabled line:\n" + text);
        }
        writeFile(app, updated);
    }
}
