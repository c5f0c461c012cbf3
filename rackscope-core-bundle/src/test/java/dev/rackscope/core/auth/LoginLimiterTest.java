package dev.rackscope.core.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LoginLimiterTest {

    private static final long MINUTE = 60_000;

    @Test
    void theEleventhAttemptAfterTenFailuresWaitsForTheWindow() {
        LoginLimiter l = new LoginLimiter();
        for (int i = 0; i < 10; i++) {
            assertEquals(0, l.retryAfterSeconds("1.1.1.1", "admin", i * 1000L));
            l.failed("1.1.1.1", "admin", i * 1000L);
        }
        long wait = l.retryAfterSeconds("1.1.1.1", "admin", 10_000);
        assertEquals(890, wait, "until the first failure (at 0 s) leaves the 900 s window");
        assertEquals(0, l.retryAfterSeconds("1.1.1.1", "admin", 900_001), "the oldest failure has left the window");
    }

    @Test
    void failuresFromOneClientDoNotLockTheUserOutElsewhere() {
        LoginLimiter l = new LoginLimiter();
        for (int i = 0; i < 20; i++) {
            l.failed("203.0.113.5", "admin", 1000);
        }
        assertTrue(l.retryAfterSeconds("203.0.113.5", "admin", 2000) > 0);
        assertEquals(0, l.retryAfterSeconds("10.0.0.8", "admin", 2000));
        assertEquals(0, l.retryAfterSeconds("203.0.113.5", "other", 2000));
    }

    @Test
    void successesAreNotCountedAndClearTheFailures() {
        LoginLimiter l = new LoginLimiter();
        for (int i = 0; i < 9; i++) {
            l.failed("1.1.1.1", "admin", 1000);
        }
        l.succeeded("1.1.1.1", "admin");
        for (int i = 0; i < 9; i++) {
            l.failed("1.1.1.1", "admin", 2000);
        }
        assertEquals(0, l.retryAfterSeconds("1.1.1.1", "admin", 3000), "9 failures since the success");
        l.failed("1.1.1.1", "admin", 4000);
        assertTrue(l.retryAfterSeconds("1.1.1.1", "admin", 5000) > 0);
    }

    @Test
    void theTableIsBounded() {
        LoginLimiter l = new LoginLimiter(15 * MINUTE, 10, 100);
        for (int i = 0; i < 5000; i++) {
            l.failed("10.0." + (i / 250) + "." + (i % 250), "u" + i, 1000 + i);
        }
        assertTrue(l.size() <= 100, "size " + l.size());
        l.failed("9.9.9.9", "admin", 9000);
        assertTrue(l.size() <= 100);
    }

    @Test
    void retryAfterIsAtLeastOneSecond() {
        LoginLimiter l = new LoginLimiter(1000, 1, 10);
        l.failed("a", "b", 0);
        assertEquals(1, l.retryAfterSeconds("a", "b", 999));
    }
}
