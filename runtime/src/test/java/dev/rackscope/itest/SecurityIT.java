package dev.rackscope.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.junit.Assume.assumeFalse;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The real runnable folder ({@code runtime/target/rackscope}, copied to a temporary folder) started as a process
 * by {@code bin/rackscope}, with {@code RACKSCOPE_HOST=127.0.0.1}, a console password from the environment, and an
 * app.yaml holding every secret the original knows ({@code auth.password_hash}, {@code auth.secret_key},
 * {@code telemetry.basic_auth_password}). The web console refuses missing, wrong and well-known credentials; the
 * script refuses a well-known password; the server listens on the loopback address only; and no answer, no log
 * line, no command line and no framework property file shows a password, the hash or a secret.
 *
 * <p>A plain JUnit 4 test (no pax-exam): failsafe runs every {@code *IT} class of this module.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class SecurityIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final String CONSOLE_USER = "admin";
    private static final String CONSOLE_PASSWORD = "Console-" + random("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789", 20);
    private static final String PASSWORD_HASH = "$2b$12$" + random("./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 53);
    private static final String SECRET_KEY = "jwt-secret-" + random("abcdefghijklmnopqrstuvwxyz0123456789", 32);
    private static final String BASIC_PASSWORD = "prom-basic-" + random("abcdefghijklmnopqrstuvwxyz0123456789", 24);

    private static Path home;
    private static Path log;
    private static Process server;
    private static int port;
    private static Http http;

    // ================================================================== lifecycle

    @BeforeClass
    public static void startTheRunnableFolder() throws Exception {
        Path runtime = RunnableFolder.assembled();
        assertTrue("assembled runtime missing at " + runtime + "; run mvn verify",
                Files.isRegularFile(runtime.resolve("bin/rackscope")));
        Path root = Files.createTempDirectory("rackscope-security-");
        home = root.resolve("rackscope");
        RunnableFolder.copy(runtime, home);
        log = root.resolve("server.log");
        writeSecretsIntoAppYaml(home.resolve("config/app.yaml"));
        port = RunnableFolder.freePort();
        ProcessBuilder pb = RunnableFolder.script(home, port, CONSOLE_USER, CONSOLE_PASSWORD).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        server = pb.start();
        http = new Http(port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                fail("bin/rackscope exited with " + server.exitValue() + ":\n" + tail());
            }
            Http.Resp menu = http.get("/api/plugins/menu");
            // the web console starts last (start level 3): wait for it too, with the right password as the control
            if (menu.status() == 200 && http.get("/api/config").status() == 200
                    && http.getAuth("/system/console/bundles", CONSOLE_USER, CONSOLE_PASSWORD).status() == 200) {
                return;
            }
            Thread.sleep(200);
        }
        fail("the server did not answer within 120 s:\n" + tail());
    }

    @AfterClass
    public static void stopTheServer() throws Exception {
        if (server == null) {
            return;
        }
        List<ProcessHandle> children = server.descendants().toList();
        server.destroy();
        if (!server.waitFor(30, TimeUnit.SECONDS)) {
            server.destroyForcibly();
            server.waitFor(10, TimeUnit.SECONDS);
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }

    // ================================================================== tests

    @Test
    public void a_consoleRefusesMissingWrongAndWellKnownCredentials() {
        assertEquals(401, http.get("/system/console/bundles").status());
        assertEquals(401, http.getAuth("/system/console/bundles", CONSOLE_USER, "wrong-password").status());
        assertEquals(401, http.getAuth("/system/console/bundles", "admin", "admin").status());
        assertEquals(401, http.getAuth("/system/console/bundles", CONSOLE_USER, CONSOLE_PASSWORD + "x").status());
        assertEquals(401, http.getAuth("/system/console/bundles", CONSOLE_USER, CONSOLE_PASSWORD.toLowerCase()).status());
        assertEquals(401, http.getAuth("/system/console/bundles", "root", CONSOLE_PASSWORD).status());
        assertEquals(401, http.getAuth("/system/console/configMgr", CONSOLE_USER, "").status());
        assertEquals(200, http.getAuth("/system/console/bundles", CONSOLE_USER, CONSOLE_PASSWORD).status());
    }

    @Test
    public void b_aWellKnownOrShortConsolePasswordMakesTheScriptRefuseToStart() throws Exception {
        for (String bad : List.of("admin", "ADMIN", "changeme", "password", "short7")) {
            int otherPort = RunnableFolder.freePort();
            Path out = home.getParent().resolve("refused-" + bad + ".log");
            Process p = RunnableFolder.script(home, otherPort, CONSOLE_USER, bad).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            assertTrue("bin/rackscope with password '" + bad + "' did not exit", p.waitFor(60, TimeUnit.SECONDS));
            String output = Files.readString(out, StandardCharsets.UTF_8);
            assertNotEquals("exit code with password '" + bad + "': " + output, 0, p.exitValue());
            assertTrue(output, output.contains("RACKSCOPE_CONSOLE_PASSWORD"));
            assertTrue(output, output.contains(bad.length() < 8 && !bad.equals("admin") && !bad.equals("ADMIN")
                    ? "at least 8 characters" : "well-known"));
            assertFalse("the refused password is not echoed", output.contains(bad + "'") || output.contains("'" + bad));
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", otherPort), 1000);
                fail("a server started on " + otherPort + " with the password '" + bad + "'");
            } catch (IOException expected) {
                // nothing listens: the script stopped before starting Java
            }
        }
    }

    @Test
    public void c_theServerListensOnlyWhereRacksopeHostSays() throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000); // the positive control
        }
        assertTrue(tail(), Files.readString(log, StandardCharsets.UTF_8).contains("http://127.0.0.1:" + port));
        List<InetAddress> others = nonLoopbackAddresses();
        if (others.isEmpty()) {
            System.out.println("SecurityIT: this machine has no non-loopback address; the bind check is skipped");
        }
        assumeFalse("no non-loopback address on this machine: the bind check is skipped", others.isEmpty());
        for (InetAddress address : others) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(address, port), 2000);
                fail("the server accepts connections on " + address.getHostAddress() + ":" + port
                        + " although RACKSCOPE_HOST=127.0.0.1");
            } catch (ConnectException | SocketTimeoutException expected) {
                // refused (or dropped): nothing listens there
            }
        }
        System.out.println("SecurityIT: refused on " + others.stream().map(InetAddress::getHostAddress).toList());
    }

    @Test
    public void d_noReadEndpointAnswerShowsAPasswordTheHashOrASecret() throws Exception {
        List<String> paths = new ArrayList<>(List.of("/api/config", "/api/env", "/api/system/status",
                "/api/plugins", "/api/plugins/menu", "/api/plugins/slurm", "/api/plugins/simulator",
                "/api/plugins/slurm/config", "/api/plugins/simulator/config", "/api/sites", "/api/rooms",
                "/api/rooms/states", "/api/rooms/hall-a/layout", "/api/rooms/hall-a/state", "/api/racks/r1-02",
                "/api/racks/r1-02/state?include_metrics=true", "/api/catalog", "/api/checks", "/api/checks/files",
                "/api/metrics/library", "/api/metrics/library/files", "/api/metrics/files", "/api/metrics/categories",
                "/api/metrics/tags", "/api/stats/global", "/api/stats/prometheus", "/api/stats/telemetry",
                "/api/alerts/active", "/api/maintenances", "/api/simulator/status", "/api/simulator/overrides",
                "/api/simulator/metrics", "/api/slurm/mapping", "/api/slurm/metrics/catalog", "/api/slurm/summary",
                "/api/slurm/nodes", "/api/slurm/partitions", "/healthz", "/simulator/metrics",
                // the endpoints of ui-surface.md §2, §6, §7: the log buffer holds every line logged so far
                "/api/logs", "/api/logs?n=1000", "/api/logs?n=1000&level=DEBUG", "/api/config/profiles",
                "/api/system/process-stats",
                // ui-surface.md §1: the auth status names the user and the policy, never the hash
                "/api/auth/status", "/api/auth/me", "/api/auth/avatar",
                // error answers too
                "/api/checks/files/..app.yaml", "/api/checks/files/..%2Fapp.yaml", "/api/nothing", "/nothing",
                "/api/plugins/nope/config", "/system/console", "/system/console/bundles"));
        for (JsonNode f : http.get("/api/checks/files").json().path("files")) {
            paths.add("/api/checks/files/" + URLEncoder.encode(f.path("name").asText(), StandardCharsets.UTF_8));
        }
        for (JsonNode f : http.get("/api/metrics/library/files").json().path("files")) {
            paths.add("/api/metrics/library/files/" + URLEncoder.encode(f.path("name").asText(), StandardCharsets.UTF_8));
        }
        List<String> leaks = new ArrayList<>();
        for (String path : paths) {
            Http.Resp r = http.get(path);
            assertTrue(path + " -> " + r.status(), r.status() > 0 && r.status() < 500);
            leaks.addAll(secretsIn(path, r.body()));
        }
        // even to the console's administrator, the framework properties show no console password: the start
        // script hands the console a hash of it
        Http.Resp inventory = http.getAuth("/system/console/config/configuration-status.txt", CONSOLE_USER,
                CONSOLE_PASSWORD);
        assertEquals(200, inventory.status());
        leaks.addAll(secretsIn("the console's configuration status", inventory.body()));
        assertTrue("secrets in answers: " + leaks, leaks.isEmpty());

        JsonNode config = http.get("/api/config").json();
        assertTrue("the hash is configured, only hidden", config.path("auth").has("username"));
        assertFalse(config.path("auth").has("password_hash"));
        assertFalse(config.path("auth").has("secret_key"));
        assertFalse(config.path("telemetry").has("basic_auth_password"));
        assertEquals("prom-reader", config.path("telemetry").path("basic_auth_user").asText());
    }

    @Test
    public void e_putConfigNeverEchoesASecretAndKeepsThemInTheFile() throws Exception {
        Path app = home.resolve("config/app.yaml");
        String before = Files.readString(app, StandardCharsets.UTF_8);
        try {
            // the UI's round trip: GET (secrets omitted), PUT back; the current secrets are kept (core.md §3.6 step 3)
            String current = http.get("/api/config").body();
            Http.Resp back = http.put("/api/config", current);
            assertEquals(back.body(), 200, back.status());
            assertTrue("no secret echoed: " + secretsIn("PUT /api/config", back.body()),
                    secretsIn("", back.body()).isEmpty());
            String written = Files.readString(app, StandardCharsets.UTF_8);
            assertTrue("the hash is kept in app.yaml", written.contains(PASSWORD_HASH));
            assertTrue("the secret key is kept in app.yaml", written.contains(SECRET_KEY));
            assertTrue("the basic-auth password is kept in app.yaml", written.contains(BASIC_PASSWORD));

            // a body that carries the secrets itself: applied, written, not echoed (a deliberate difference from
            // the original, core.md §3.6 step 7)
            ObjectNode withSecrets = (ObjectNode) JSON.readTree(current);
            ((ObjectNode) withSecrets.get("auth")).put("password_hash", PASSWORD_HASH).put("secret_key", SECRET_KEY);
            ((ObjectNode) withSecrets.get("telemetry")).put("basic_auth_password", BASIC_PASSWORD);
            Http.Resp echoed = http.put("/api/config", withSecrets.toString());
            assertEquals(echoed.body(), 200, echoed.status());
            assertTrue("no secret echoed: " + secretsIn("PUT /api/config", echoed.body()),
                    secretsIn("", echoed.body()).isEmpty());
            assertTrue(Files.readString(app, StandardCharsets.UTF_8).contains(BASIC_PASSWORD));

            // a refused body: the validation error names the bad field, not the secrets beside it
            ((ObjectNode) withSecrets.get("refresh")).put("room_state_seconds", 5);
            Http.Resp refused = http.put("/api/config", withSecrets.toString());
            assertEquals(refused.body(), 422, refused.status());
            assertTrue("no secret in the 422: " + secretsIn("PUT /api/config", refused.body()),
                    secretsIn("", refused.body()).isEmpty());
            assertTrue(secretsIn("GET /api/config", http.get("/api/config").body()).isEmpty());
        } finally {
            writeAtomically(app, before);
            awaitConfigLoaded();
        }
    }

    @Test
    public void f_errorsInAppYamlNeverQuoteTheSecretsLine() throws Exception {
        Path app = home.resolve("config/app.yaml");
        String good = Files.readString(app, StandardCharsets.UTF_8);
        try {
            // a YAML syntax error on the secret's own line, then a schema error on it
            for (String broken : List.of(
                    good.replace("secret_key: \"" + SECRET_KEY + "\"", "secret_key: \"" + SECRET_KEY + "\n  oops: ["),
                    good.replace("secret_key: \"" + SECRET_KEY + "\"", "secret_key: [\"" + SECRET_KEY + "\"]"),
                    good.replace("basic_auth_password: \"" + BASIC_PASSWORD + "\"",
                            "basic_auth_password: {\"" + BASIC_PASSWORD + "\": 1}"))) {
                assertNotEquals("the replacement applies", good, broken);
                writeAtomically(app, broken);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                JsonNode status = null;
                while (System.nanoTime() < deadline) {
                    status = http.get("/api/system/status").json();
                    if (!status.path("snapshot").path("error").isNull() || !status.path("config").path("error").isNull()) {
                        break;
                    }
                    Thread.sleep(100);
                }
                assertTrue("the error is reported: " + status, !status.path("snapshot").path("error").isNull()
                        || !status.path("config").path("error").isNull());
                List<String> leaks = secretsIn("/api/system/status", status.toString());
                assertTrue("the error quotes a secret: " + leaks, leaks.isEmpty());
                writeAtomically(app, good);
                awaitConfigLoaded();
            }
        } finally {
            writeAtomically(app, good);
            awaitConfigLoaded();
        }
    }

    @Test
    public void z_noLogLineCommandLineOrPropertyFileShowsAPasswordTheHashOrASecret() throws Exception {
        String text = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue("the log is captured: " + text.length() + " characters", text.contains("Rackscope listening on"));
        List<String> leaks = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            leaks.addAll(secretsIn("log line " + (i + 1), lines[i]));
        }
        assertTrue("secrets in the log: " + leaks, leaks.isEmpty());
        // the password reaches Java through a 0600 file, never its command line (ps)
        String commandLine = server.info().commandLine().orElse("") + " " + String.join(" ",
                server.info().arguments().orElse(new String[0]));
        assertFalse("the console password is on the command line", commandLine.contains(CONSOLE_PASSWORD));
        // and the framework properties hold a hash of it
        String props = Files.readString(home.resolve("data/framework.properties"), StandardCharsets.ISO_8859_1);
        assertFalse("data/framework.properties holds the console password", props.contains(CONSOLE_PASSWORD));
        assertTrue(props, props.contains("felix.webconsole.password={sha-256}"));
    }

    // ================================================================== helpers

    /** Which secrets {@code text} shows (the console password, the bcrypt hash, the JWT key, the basic-auth password). */
    private static List<String> secretsIn(String where, String text) {
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("console password", CONSOLE_PASSWORD);
        secrets.put("auth.password_hash", PASSWORD_HASH);
        secrets.put("auth.password_hash (without its $2b$12$ prefix)", PASSWORD_HASH.substring(7));
        secrets.put("auth.secret_key", SECRET_KEY);
        secrets.put("telemetry.basic_auth_password", BASIC_PASSWORD);
        List<String> found = new ArrayList<>();
        secrets.forEach((name, value) -> {
            if (text.contains(value)) {
                found.add(name + " in " + where);
            }
        });
        return found;
    }

    /**
     * Sets the secrets in the example app.yaml, and a Prometheus URL where nothing listens (so the script starts
     * no demo Prometheus and the client sends its basic auth to nobody).
     */
    private static void writeSecretsIntoAppYaml(Path app) throws IOException {
        String text = Files.readString(app, StandardCharsets.UTF_8);
        text = replaceLine(text, "password_hash", PASSWORD_HASH);
        text = replaceLine(text, "secret_key", SECRET_KEY);
        text = replaceLine(text, "basic_auth_user", "prom-reader");
        text = replaceLine(text, "basic_auth_password", BASIC_PASSWORD);
        text = replaceLine(text, "prometheus_url", "http://127.0.0.1:" + RunnableFolder.freePort());
        Files.writeString(app, text, StandardCharsets.UTF_8);
    }

    private static String replaceLine(String text, String key, String value) {
        Matcher m = Pattern.compile("(?m)^(\\s*" + key + ":) \"\".*$").matcher(text);
        assertTrue("the example app.yaml has an empty " + key + " line", m.find());
        return m.replaceFirst(Matcher.quoteReplacement(m.group(1) + " \"" + value + "\""));
    }

    private static void writeAtomically(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".it");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void awaitConfigLoaded() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Http.Resp status = http.get("/api/system/status");
            if (status.status() == 200 && status.json().path("snapshot").path("error").isNull()
                    && status.json().path("config").path("error").isNull()) {
                return;
            }
            Thread.sleep(100);
        }
        fail("the configuration did not load again:\n" + tail());
    }

    private static List<InetAddress> nonLoopbackAddresses() throws IOException {
        List<InetAddress> out = new ArrayList<>();
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!ni.isUp() || ni.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                if (!a.isLoopbackAddress() && !(a instanceof Inet6Address && a.isLinkLocalAddress())) {
                    out.add(a);
                }
            }
        }
        return out;
    }

    private static String random(String alphabet, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /** The end of the server's log, for failure messages. */
    private static String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            String state = server == null ? "" : server.isAlive() ? "(server running)\n"
                    : "(server exited with " + server.exitValue() + ")\n";
            return state + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "(no log: " + e + ")";
        }
    }
}
