package dev.rackscope.core.runtime;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Hashtable;
import java.util.Locale;
import java.util.Set;

import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the Felix web console never runs with a well-known password. The start script sets
 * {@code felix.webconsole.password}; when a framework is started without it (or with a well-known
 * value such as {@code admin}), this component configures a random password through ConfigAdmin and
 * stores it in a file readable only by the owner, whose path (never the password) it logs.
 */
@Component(immediate = true)
public final class ConsoleGuard {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleGuard.class);
    static final String CONSOLE_PID = "org.apache.felix.webconsole.internal.servlet.OsgiManager";
    private static final Set<String> WELL_KNOWN = Set.of("", "admin", "password", "felix", "karaf", "changeme",
            "secret", "root", "rackscope", "123456");

    @Activate
    public ConsoleGuard(BundleContext context, @Reference ConfigurationAdmin configAdmin) throws IOException {
        String password = context.getProperty("felix.webconsole.password");
        Configuration existing = configAdmin.getConfiguration(CONSOLE_PID, null);
        if (existing.getProperties() != null && existing.getProperties().get("password") != null) {
            return; // an operator configured it through ConfigAdmin
        }
        if (password != null && !isWellKnown(password)) {
            return;
        }
        String generated = randomPassword();
        Path file = passwordFile(context);
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, generated + "\n", StandardCharsets.UTF_8);
        String user = context.getProperty("felix.webconsole.username");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("username", user == null || user.isBlank() ? "admin" : user);
        props.put("password", sha256(generated));
        existing.update(props);
        LOG.warn("The web console password was {}; a random one was set, stored in {}",
                password == null ? "not set" : "a well-known value", file);
    }

    static boolean isWellKnown(String password) {
        return WELL_KNOWN.contains(password.trim().toLowerCase(Locale.ROOT)) || password.length() < 8;
    }

    private static Path passwordFile(BundleContext context) {
        String dataDir = context.getProperty("rackscope.data.dir");
        if (dataDir != null && !dataDir.isBlank()) {
            return Path.of(dataDir, "console-password");
        }
        File f = context.getDataFile("console-password");
        return f == null ? Path.of("console-password").toAbsolutePath() : f.toPath();
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The console's hashed password form. */
    static String sha256(String password) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
            return "{sha-256}" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
