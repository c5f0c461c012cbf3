package dev.rackscope.core.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.rackscope.api.model.AppConfig.Auth.Policy;

class PasswordsTest {

    // generated with Python bcrypt (python3-bcrypt): bcrypt.hashpw(pw, bcrypt.gensalt(rounds=N[, prefix=b"2a"]))
    private static final String PY_2B = "$2b$04$4SLyq7oKqvo2iWfd5J9i7.CZCPlixh/sP4a7M4vspsdJJmJ7iA79G"; // correct horse 1!
    private static final String PY_UTF8 = "$2b$04$IlLKQa2OOBaGuOYgZCH1LulZ18UEiuQB.1GiJ33/AmThdfUr1sjSm"; // päss
    private static final String PY_72 = "$2b$04$biHMpOPVEC01CuTD2S1k0u0w7UNGNX8W1qZCH3g6IUtk1YOylEF66"; // 72 x
    private static final String PY_2A = "$2a$05$zZ09rR5XWjAlqkCyBoyKnuQaZQuJCGlEtCoHdciJ12ajOwkD/8Z/C"; // Admin#2024
    private static final String PY_ACCENT = "$2b$06$bYvbiJKT5eaTl6SdUNgyO.T1pSJaGX0.4euKzXzsom/MLYYtCawR6";

    @Test
    void verifiesHashesWrittenByPythonBcrypt() {
        assertTrue(Passwords.verify("correct horse 1!", PY_2B));
        assertFalse(Passwords.verify("correct horse 1", PY_2B));
        assertTrue(Passwords.verify("p\u00e4ss", PY_UTF8));
        assertTrue(Passwords.verify("x".repeat(72), PY_72));
        assertTrue(Passwords.verify("Admin#2024", PY_2A));
        assertTrue(Passwords.verify("mot de passe \u00e9", PY_ACCENT));
        // $2y$ is the same algorithm under PHP's prefix
        assertTrue(Passwords.verify("correct horse 1!", "$2y$" + PY_2B.substring(4)));
    }

    @Test
    void writesTwoBHashesThatVerify() {
        String h = Passwords.hash("S3cret!pw", 4);
        assertTrue(h.startsWith("$2b$04$"));
        assertEquals(60, h.length());
        assertTrue(Passwords.verify("S3cret!pw", h));
        assertFalse(Passwords.verify("S3cret!pW", h));
        assertTrue(Passwords.hash("x").startsWith("$2b$13$"));
    }

    @Test
    void malformedHashesAndLongPasswordsAreMismatches() {
        assertFalse(Passwords.verify("correct horse 1!", ""));
        assertFalse(Passwords.verify("correct horse 1!", "not-a-hash"));
        assertFalse(Passwords.verify("correct horse 1!", "$2x$" + PY_2B.substring(4)));
        assertFalse(Passwords.verify("correct horse 1!", PY_2B.substring(0, 59)));
        assertFalse(Passwords.verify("x".repeat(73), PY_72));
        assertThrows(IllegalArgumentException.class, () -> Passwords.hash("x".repeat(73), 4));
        assertFalse(Passwords.verifyDummy("whatever", PY_2B));
    }

    @Test
    void policyInTheOriginalsOrderAndWords() {
        Policy p = new Policy(8, 20, true, true);
        assertEquals("Password must be at least 8 characters", Passwords.policyViolation("a1!", p));
        assertEquals("Password must be at most 20 characters", Passwords.policyViolation("a1!".repeat(10), p));
        assertEquals("Password must contain at least one digit (0\u20139)", Passwords.policyViolation("abcdefgh!", p));
        assertEquals("Password must contain at least one symbol (!@#$\u2026)", Passwords.policyViolation("abcdefgh1", p));
        assertNull(Passwords.policyViolation("abcdefg1\\", p));
        // code points, not UTF-16 units: 8 emoji are 8 characters
        assertNull(Passwords.policyViolation("\ud83d\ude00".repeat(8), new Policy(8, 8, false, false)));
        // Unicode digits count, as with Python's isdigit
        assertNull(Passwords.policyViolation("abcdefg\u0663", new Policy(8, 20, true, false)));
        assertNull(Passwords.policyViolation("abcdefg\u00b2", new Policy(8, 20, true, false)));
        assertEquals("Password must contain at least one digit (0\u20139)",
                Passwords.policyViolation("abcdefg\u00bd", new Policy(8, 20, true, false)));
    }

    @Test
    void overSeventyTwoBytesIsAPolicyMessageNotAnError() {
        Policy p = new Policy(6, 128, false, false);
        assertEquals("Password must be at most 72 bytes long in UTF-8", Passwords.policyViolation("x".repeat(100), p));
        assertNull(Passwords.policyViolation("x".repeat(72), p));
        assertEquals("Password must be at most 72 bytes long in UTF-8",
                Passwords.policyViolation("\u00e9".repeat(37), p));
    }
}
