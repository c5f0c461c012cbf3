package dev.rackscope.core.topology;

import java.util.Locale;

import dev.rackscope.api.http.ApiException;
import dev.rackscope.core.load.PyRepr;
import dev.rackscope.core.load.TopologyLoader;

/** The id rules of the topology writes: the path-parameter check and ids generated from names. */
final class WriteIds {

    private WriteIds() {
    }

    /**
     * The original's {@code assert_safe_id}: 400 unless {@code value} matches the ID pattern (strictly: no
     * trailing newline). Applied to every id that ends up in a file path, generated ones included.
     */
    static String requireSafe(String value, String label) {
        if (!TopologyLoader.isValidId(value)) {
            throw ApiException.badRequest("Invalid " + label + ": " + PyRepr.quote(value) + ". IDs must contain only "
                    + "lowercase letters, digits, dots, hyphens and underscores (max 128 characters).");
        }
        return value;
    }

    /**
     * The original's {@code safe_segment}: trimmed, lower-cased, each run of characters outside
     * {@code [a-z0-9._-]} replaced by one {@code -}, {@code -} stripped at both ends, {@code fallback} when
     * nothing is left. The result is then held to the ID pattern ({@code label} names it in the 400), which
     * the original skipped (a name like {@code ../x} gave {@code ..-x}, written and then refused by the load).
     */
    static String generate(String requested, String fallback, String label) {
        String s = requested == null ? "" : requested.strip().toLowerCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder(s.length());
        boolean inRun = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            boolean ok = (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') || cp == '.' || cp == '_' || cp == '-';
            if (ok) {
                sb.append((char) cp);
                inRun = false;
            } else if (!inRun) {
                sb.append('-');
                inRun = true;
            }
        }
        int start = 0;
        int end = sb.length();
        while (start < end && sb.charAt(start) == '-') {
            start++;
        }
        while (end > start && sb.charAt(end - 1) == '-') {
            end--;
        }
        String id = start == end ? fallback : sb.substring(start, end);
        return requireSafe(id, label);
    }
}
