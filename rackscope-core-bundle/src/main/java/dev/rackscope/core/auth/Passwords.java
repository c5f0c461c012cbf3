package dev.rackscope.core.auth;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.rackscope.api.model.AppConfig.Auth.Policy;

/**
 * bcrypt hashes readable and writable by Python's {@code bcrypt} (the original): {@code $2a$}, {@code $2b$} and
 * {@code $2y$} verified at any cost, new hashes written as {@code $2b$} cost 13; and the password policy of
 * change-password (ui-surface.md §1.3).
 */
public final class Passwords {

    /** The cost the original writes. */
    public static final int COST = 13;
    /** bcrypt reads at most this many bytes of a password; longer ones are refused, never truncated. */
    public static final int MAX_BYTES = 72;
    static final String SYMBOLS = "!@#$%^&*()_+-=[]{}|;:'\",.<>?/\\`~";
    private static final Pattern HASH = Pattern.compile("\\$2[aby]\\$(\\d\\d)\\$[./A-Za-z0-9]{53}");

    /** Hashes of a throw-away password, one per cost, verified when the user name is wrong (same time spent). */
    private static final Map<Integer, String> DUMMIES = new ConcurrentHashMap<>();

    private Passwords() {
    }

    /** A new {@code $2b$} hash at {@link #COST}. */
    public static String hash(String password) {
        return hash(password, COST);
    }

    static String hash(String password, int cost) {
        byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException("password longer than " + MAX_BYTES + " bytes");
        }
        return new String(BCrypt.with(BCrypt.Version.VERSION_2B).hash(cost, bytes), StandardCharsets.US_ASCII);
    }

    /**
     * bcrypt's own check. A malformed hash, an unsupported prefix or a password over 72 bytes is a mismatch, as
     * in the original.
     */
    public static boolean verify(String password, String hash) {
        if (password == null || hash == null || !HASH.matcher(hash).matches()) {
            return false;
        }
        byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_BYTES) {
            return false;
        }
        try {
            return BCrypt.verifyer().verify(bytes, hash.getBytes(StandardCharsets.US_ASCII)).verified;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Spends the time a real check of {@code likeHash} would take, so that a wrong user name cannot be told
     * from a wrong password by the answer's delay. Always false.
     */
    public static boolean verifyDummy(String password, String likeHash) {
        int cost = COST;
        if (likeHash != null) {
            var m = HASH.matcher(likeHash);
            if (m.matches()) {
                cost = Math.max(4, Math.min(31, Integer.parseInt(m.group(1))));
            }
        }
        String dummy = DUMMIES.computeIfAbsent(cost, c -> hash("rackscope-dummy-password", c));
        verify(password == null ? "" : password, dummy);
        return false;
    }

    /**
     * The first policy rule {@code password} breaks, in the original's order and words, then bcrypt's byte
     * limit; {@code null} when it passes.
     */
    public static String policyViolation(String password, Policy policy) {
        int length = password.codePointCount(0, password.length());
        if (length < policy.minLength()) {
            return "Password must be at least " + policy.minLength() + " characters";
        }
        if (length > policy.maxLength()) {
            return "Password must be at most " + policy.maxLength() + " characters";
        }
        if (policy.requireDigit() && password.codePoints().noneMatch(Passwords::isPythonDigit)) {
            return "Password must contain at least one digit (0\u20139)";
        }
        if (policy.requireSymbol() && password.chars().noneMatch(c -> SYMBOLS.indexOf(c) >= 0)) {
            return "Password must contain at least one symbol (!@#$\u2026)";
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return "Password must be at most " + MAX_BYTES + " bytes long in UTF-8";
        }
        return null;
    }

    /**
     * Python's {@code str.isdigit}: decimal digits of any script, and the other digits (superscripts, circled
     * digits) that have a single digit value.
     */
    static boolean isPythonDigit(int cp) {
        if (Character.isDigit(cp)) {
            return true;
        }
        if (Character.getType(cp) != Character.OTHER_NUMBER) {
            return false;
        }
        int value = Character.getNumericValue(cp);
        return value >= 0 && value <= 9;
    }
}
