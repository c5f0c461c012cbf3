package dev.rackscope.logging;

import java.util.regex.Pattern;

/**
 * Masks credentials in log text: URL credentials ({@code scheme://user:***@}), whole values of
 * credential headers ({@code Authorization: Bearer …} → {@code authorization=***}), {@code <word>=<value>}
 * and {@code <word>: <value>} for credential words (also inside longer keys such as {@code access_token}
 * or {@code "password": "…"}), and bare bearer tokens and JWTs.
 */
public final class Redactor {

    private static final Pattern URL_CREDENTIALS =
            Pattern.compile("([A-Za-z][A-Za-z0-9+.-]{0,31}://[^\\s:/@]{0,256}:)[^\\s@/]+@");

    /** Header lines whose whole value (to the end of the line) is a credential. */
    private static final Pattern CREDENTIAL_HEADER = Pattern.compile(
            "(?i)\\b(proxy-authorization|authorization|cookie|set-cookie|x-api-key|x-auth-token)\\s*:[^\\r\\n]*");

    private static final String WORDS = "password|passwd|secret|token|bearer|api[_-]?key|auth|authorization";

    /** key = value or key: value; the value is a quoted string, or an auth scheme plus token, or one run. */
    private static final Pattern KEY_VALUE = Pattern.compile(
            "(?i)([\\w.-]{0,64}(?:" + WORDS + ")[\\w.-]{0,64})([\"']?)\\s*[=:]\\s*"
                    + "(\"[^\"]*\"|'[^']*'|(?:(?:bearer|basic|digest|token)\\s+)?[^\\s,;&\"'}\\])]+)");

    private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer)\\s+[A-Za-z0-9._~+/=-]+");

    private static final Pattern JWT = Pattern.compile("\\beyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");

    private Redactor() {
    }

    /** Longer texts are cut first: a log line is no place for megabytes, and the buffer holds 1000 of them. */
    static final int MAX_CHARS = 64 * 1024;

    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        if (text.length() > MAX_CHARS) {
            text = text.substring(0, MAX_CHARS) + "… (" + (text.length() - MAX_CHARS) + " more characters cut)";
        }
        // every quantifier above that can meet a long run of word characters is bounded: redaction stays linear
        String s = URL_CREDENTIALS.matcher(text).replaceAll("$1***@");
        s = CREDENTIAL_HEADER.matcher(s).replaceAll(m -> m.group(1).toLowerCase(java.util.Locale.ROOT) + "=***");
        s = KEY_VALUE.matcher(s).replaceAll(m -> {
            if (m.group(3).equals("***")) {
                return java.util.regex.Matcher.quoteReplacement(m.group());
            }
            return java.util.regex.Matcher.quoteReplacement(m.group(1) + m.group(2) + "=***");
        });
        s = BEARER.matcher(s).replaceAll("$1 ***");
        s = JWT.matcher(s).replaceAll("***");
        return s;
    }
}
