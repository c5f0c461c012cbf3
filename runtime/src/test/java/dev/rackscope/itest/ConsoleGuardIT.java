package dev.rackscope.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * A framework started without a console password (an embedding, or a start script bypassed) must not
 * fall back to the console's well-known admin/admin.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConsoleGuardIT extends RackscopeTestSupport {

    @Configuration
    public Option[] config() throws IOException {
        return runtimeOptions(false);
    }

    @Test
    public void consoleWithoutAConfiguredPasswordGetsARandomOneNeverAdminAdmin() throws IOException {
        assertNull(context.getProperty("felix.webconsole.password"));
        Path file = work().resolve("data/console-password");
        await("password file", () -> Files.exists(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String password = read(file).trim();
        assertTrue("long random password", password.length() >= 16);
        await("console answers", () -> http().get("/system/console/bundles").status() == 401);
        await("generated password accepted", () -> http().getAuth("/system/console/bundles", CONSOLE_USER, password)
                .status() == 200);
        assertEquals(401, http().getAuth("/system/console/bundles", "admin", "admin").status());
        assertEquals(401, http().getAuth("/system/console/bundles", CONSOLE_USER, "admin").status());
    }
}
