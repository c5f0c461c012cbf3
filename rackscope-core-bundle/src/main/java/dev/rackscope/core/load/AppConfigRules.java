package dev.rackscope.core.load;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The custom validators of app.yaml's {@code telemetry} section (core.md §1.2), with the original's
 * message texts: the {@code prometheus_url} SSRF rules and the {@code job_regex} compile check. Values
 * quoted in messages use Python {@code repr()} quoting (core.md §7.7).
 */
final class AppConfigRules {

    private static final Set<String> METADATA_HOSTS = Set.of("metadata.google.internal", "100.100.100.200");
    private static final Pattern IPV4 = Pattern.compile("(0|[1-9]\\d{0,2})(\\.(0|[1-9]\\d{0,2})){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");
    private static final Pattern PY_NAMED_GROUP = Pattern.compile("\\(\\?P<([A-Za-z_][A-Za-z0-9_]*)>");
    private static final Pattern PY_GROUP_REF = Pattern.compile("\\(\\?P=([A-Za-z_][A-Za-z0-9_]*)\\)");
    private static final String PY_ESCAPE_LETTERS = "aAbBdDfnrsStuUvwWxZN";
    private static final Pattern PY_REPEAT = Pattern.compile("\\{(\\d*)(,(\\d*))?}");

    private AppConfigRules() {
    }

    /**
     * Why {@code url} is not an acceptable Prometheus base URL, or {@code null} when it is: http or https
     * only, no credentials in it, no cloud metadata host, no link-local or unspecified IP address. The URL
     * is split the way Python's {@code urlparse} does it so that the same inputs pass and fail.
     */
    static String prometheusUrlError(String url) {
        String s = stripUnsafe(url);
        String scheme = "";
        String rest = s;
        int colon = s.indexOf(':');
        if (colon > 0 && isSchemeStart(s.charAt(0)) && isScheme(s.substring(0, colon))) {
            scheme = s.substring(0, colon).toLowerCase(Locale.ROOT);
            rest = s.substring(colon + 1);
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "prometheus_url must use http or https scheme, got: " + PyRepr.quote(scheme);
        }
        String netloc = "";
        if (rest.startsWith("//")) {
            int end = rest.length();
            for (int i = 2; i < rest.length(); i++) {
                char c = rest.charAt(i);
                if (c == '/' || c == '?' || c == '#') {
                    end = i;
                    break;
                }
            }
            netloc = rest.substring(2, end);
        }
        if ((netloc.indexOf('[') >= 0) != (netloc.indexOf(']') >= 0)) {
            return "Invalid IPv6 URL";
        }
        int at = netloc.lastIndexOf('@');
        String hostinfo = netloc;
        if (at >= 0) {
            String userinfo = netloc.substring(0, at);
            hostinfo = netloc.substring(at + 1);
            int sep = userinfo.indexOf(':');
            String user = sep >= 0 ? userinfo.substring(0, sep) : userinfo;
            String password = sep >= 0 ? userinfo.substring(sep + 1) : "";
            if (!user.isEmpty() || !password.isEmpty()) {
                return "prometheus_url must not embed credentials. "
                        + "Use basic_auth_user and basic_auth_password fields instead.";
            }
        }
        String host;
        int open = hostinfo.indexOf('[');
        if (open >= 0) {
            int close = hostinfo.indexOf(']', open);
            host = close < 0 ? hostinfo.substring(open + 1) : hostinfo.substring(open + 1, close);
            if (ipLiteral(host) == null) {
                return PyRepr.quote(host) + " does not appear to be an IPv4 or IPv6 address";
            }
        } else {
            int c = hostinfo.indexOf(':');
            host = c >= 0 ? hostinfo.substring(0, c) : hostinfo;
        }
        host = host.toLowerCase(Locale.ROOT);
        if (METADATA_HOSTS.contains(host)) {
            return "prometheus_url targets a cloud metadata address: " + PyRepr.quote(host);
        }
        InetAddress addr = ipLiteral(host);
        if (addr != null) {
            // An IPv4-mapped IPv6 literal comes back as its IPv4 address, so ::ffff:169.254.x.y is caught too.
            if (addr.isLinkLocalAddress()) {
                return "prometheus_url targets a link-local address " + PyRepr.quote(host)
                        + " (cloud instance metadata range \u2014 SSRF risk)";
            }
            if (addr.isAnyLocalAddress()) {
                return "prometheus_url targets an unspecified address: " + PyRepr.quote(host);
            }
        }
        return null;
    }

    /** Python's urlsplit drops leading C0 controls and spaces, and every tab and newline. */
    private static String stripUnsafe(String url) {
        int i = 0;
        while (i < url.length() && url.charAt(i) <= ' ') {
            i++;
        }
        return url.substring(i).replace("\t", "").replace("\r", "").replace("\n", "");
    }

    private static boolean isSchemeStart(char c) {
        return c < 128 && Character.isLetter(c);
    }

    private static boolean isScheme(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c < 128 && (Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The address of a literal IPv4 (strict dotted decimal) or IPv6 host, or {@code null}; never a DNS lookup. */
    static InetAddress ipLiteral(String host) {
        try {
            if (IPV4.matcher(host).matches()) {
                String[] parts = host.split("\\.");
                byte[] b = new byte[4];
                for (int i = 0; i < 4; i++) {
                    int v = Integer.parseInt(parts[i]);
                    if (v > 255) {
                        return null;
                    }
                    b[i] = (byte) v;
                }
                return InetAddress.getByAddress(b);
            }
            int zone = host.indexOf('%');
            String bare = zone >= 0 ? host.substring(0, zone) : host;
            // Only hex digits, colons and dots reach the parser, so it checks the literal and never resolves.
            if (!bare.isEmpty() && IPV6_CHARS.matcher(bare).matches()) {
                InetAddress a = InetAddress.getByName(bare);
                return a instanceof Inet6Address || a instanceof Inet4Address ? a : null;
            }
        } catch (UnknownHostException | RuntimeException e) {
            return null;
        }
        return null;
    }

    // ------------------------------------------------------------------ job_regex

    static final int MAX_JOB_REGEX = 1024;

    /**
     * Why {@code regex} does not compile as a Python {@code re} pattern, or {@code null} when it does. The
     * check runs on {@link Pattern} after translating Python-only syntax ({@code (?P<name>…)},
     * {@code (?P=name)}, a literal {@code {}); the common errors are reported with Python's wording.
     */
    static String jobRegexError(String regex) {
        if (regex.length() > MAX_JOB_REGEX) {
            // $jobs is built through RegexBuilder, one trie level per character: keep it far from the stack's depth
            return "longer than " + MAX_JOB_REGEX + " characters";
        }
        String escape = badEscape(regex);
        if (escape != null) {
            return escape;
        }
        try {
            Pattern.compile(toJavaRegex(regex));
            return null;
        } catch (PatternSyntaxException e) {
            String description = e.getDescription();
            if (description.startsWith("Unclosed group") || description.startsWith("Unmatched closing")
                    || description.startsWith("Unclosed character class")) {
                String structural = structuralError(regex);
                if (structural != null) {
                    return structural;
                }
            }
            if (description.startsWith("Dangling meta character")) {
                int i = e.getIndex();
                String p = e.getPattern();
                boolean afterRepeat = i > 0 && "*+?}".indexOf(p.charAt(i - 1)) >= 0
                        && (i < 2 || p.charAt(i - 2) != '\\');
                return (afterRepeat ? "multiple repeat" : "nothing to repeat") + " at position " + i;
            }
            String text = description.isEmpty() ? description
                    : Character.toLowerCase(description.charAt(0)) + description.substring(1);
            return e.getIndex() >= 0 ? text + " at position " + e.getIndex() : text;
        }
    }

    /** Escapes Python rejects and {@link Pattern} accepts ({@code \\p}, {@code \\Q}…), or a trailing backslash. */
    private static String badEscape(String regex) {
        for (int i = 0; i < regex.length(); i++) {
            if (regex.charAt(i) != '\\') {
                continue;
            }
            if (i + 1 >= regex.length()) {
                return "bad escape (end of pattern) at position " + i;
            }
            char next = regex.charAt(i + 1);
            if (next < 128 && Character.isLetter(next) && PY_ESCAPE_LETTERS.indexOf(next) < 0) {
                return "bad escape \\" + next + " at position " + i;
            }
            i++;
        }
        return null;
    }

    /** Python's message for an unbalanced parenthesis or an unterminated character set, or {@code null}. */
    private static String structuralError(String regex) {
        Deque<Integer> open = new ArrayDeque<>();
        int i = 0;
        while (i < regex.length()) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == '[') {
                int start = i;
                i++;
                if (i < regex.length() && regex.charAt(i) == '^') {
                    i++;
                }
                if (i < regex.length() && regex.charAt(i) == ']') {
                    i++;
                }
                while (i < regex.length() && regex.charAt(i) != ']') {
                    i += regex.charAt(i) == '\\' ? 2 : 1;
                }
                if (i >= regex.length()) {
                    return "unterminated character set at position " + start;
                }
            } else if (c == '(') {
                open.push(i);
            } else if (c == ')') {
                if (open.isEmpty()) {
                    return "unbalanced parenthesis at position " + i;
                }
                open.pop();
            }
            i++;
        }
        if (!open.isEmpty()) {
            return "missing ), unterminated subpattern at position " + open.getLast();
        }
        return null;
    }

    /** Python {@code re} syntax that {@link Pattern} spells differently or rejects. */
    static String toJavaRegex(String regex) {
        Map<String, String> names = new HashMap<>();
        StringBuilder out = new StringBuilder();
        int i = 0;
        boolean inClass = false;
        while (i < regex.length()) {
            char c = regex.charAt(i);
            if (c == '\\' && i + 1 < regex.length()) {
                out.append(c).append(regex.charAt(i + 1));
                i += 2;
                continue;
            }
            if (inClass) {
                if (c == ']') {
                    inClass = false;
                }
                out.append(c);
                i++;
                continue;
            }
            if (c == '[') {
                inClass = true;
                out.append(c);
                i++;
                if (i < regex.length() && regex.charAt(i) == '^') {
                    out.append('^');
                    i++;
                }
                if (i < regex.length() && regex.charAt(i) == ']') {
                    out.append("\\]");
                    i++;
                }
                continue;
            }
            if (c == '(') {
                Matcher named = PY_NAMED_GROUP.matcher(regex).region(i, regex.length());
                if (named.lookingAt()) {
                    // Java group names allow no underscore: give each Python name a Java one.
                    String javaName = names.computeIfAbsent(named.group(1), n -> "g" + (names.size() + 1));
                    out.append("(?<").append(javaName).append('>');
                    i = named.end();
                    continue;
                }
                Matcher ref = PY_GROUP_REF.matcher(regex).region(i, regex.length());
                if (ref.lookingAt()) {
                    String javaName = names.getOrDefault(ref.group(1), "undefined" + ref.group(1).replace("_", ""));
                    out.append("\\k<").append(javaName).append('>');
                    i = ref.end();
                    continue;
                }
            }
            if (c == '{') {
                Matcher rep = PY_REPEAT.matcher(regex).region(i, regex.length());
                if (rep.lookingAt() && !(rep.group(1).isEmpty() && rep.group(2) == null)) {
                    String lo = rep.group(1).isEmpty() ? "0" : rep.group(1);
                    out.append('{').append(lo);
                    if (rep.group(2) != null) {
                        out.append(',').append(rep.group(3));
                    }
                    out.append('}');
                    i = rep.end();
                } else {
                    // Python reads a brace that starts no repetition as a literal.
                    out.append("\\{");
                    i++;
                }
                continue;
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    // ------------------------------------------------------------------ messages
}
