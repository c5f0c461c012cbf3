package dev.rackscope.simulator.generator;

import java.util.function.Predicate;
import java.util.regex.Pattern;

/** Case-sensitive {@code fnmatch}-style globs: {@code *}, {@code ?}, {@code [seq]}, {@code [!seq]}. */
public final class Glob {

    private Glob() {
    }

    /** True when {@code pattern} holds a glob character. */
    public static boolean isGlob(String pattern) {
        return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0 || pattern.indexOf('[') >= 0;
    }

    /** A matcher for {@code pattern}; plain prefix, suffix and infix globs avoid regular expressions. */
    public static Predicate<String> compile(String pattern) {
        if (pattern.equals("*")) {
            return s -> true;
        }
        if (pattern.indexOf('?') < 0 && pattern.indexOf('[') < 0) {
            int stars = count(pattern, '*');
            if (stars == 0) {
                return pattern::equals;
            }
            if (stars == 1 && pattern.endsWith("*")) {
                String prefix = pattern.substring(0, pattern.length() - 1);
                return s -> s.startsWith(prefix);
            }
            if (stars == 1 && pattern.startsWith("*")) {
                String suffix = pattern.substring(1);
                return s -> s.endsWith(suffix);
            }
            if (stars == 2 && pattern.startsWith("*") && pattern.endsWith("*") && pattern.length() > 2) {
                String infix = pattern.substring(1, pattern.length() - 1);
                return s -> s.contains(infix);
            }
        }
        Pattern regex = Pattern.compile(translate(pattern), Pattern.DOTALL);
        return s -> regex.matcher(s).matches();
    }

    /** Python's {@code fnmatch.translate}, as a Java regular expression. */
    static String translate(String pat) {
        StringBuilder re = new StringBuilder();
        int i = 0;
        int n = pat.length();
        while (i < n) {
            char c = pat.charAt(i++);
            if (c == '*') {
                if (re.length() < 2 || !re.substring(re.length() - 2).equals(".*")) {
                    re.append(".*");
                }
            } else if (c == '?') {
                re.append('.');
            } else if (c == '[') {
                int j = i;
                if (j < n && pat.charAt(j) == '!') {
                    j++;
                }
                if (j < n && pat.charAt(j) == ']') {
                    j++;
                }
                while (j < n && pat.charAt(j) != ']') {
                    j++;
                }
                if (j >= n) {
                    re.append("\\[");
                } else {
                    String stuff = pat.substring(i, j);
                    i = j + 1;
                    StringBuilder cls = new StringBuilder("[");
                    int k = 0;
                    if (stuff.startsWith("!")) {
                        cls.append('^');
                        k = 1;
                    }
                    for (; k < stuff.length(); k++) {
                        char d = stuff.charAt(k);
                        if (d == '\\' || d == '[' || d == '&' || d == '~' || d == '|' || (d == '^' && k == 0)) {
                            cls.append('\\');
                        }
                        cls.append(d);
                    }
                    re.append(cls).append(']');
                }
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return re.toString();
    }

    private static int count(String s, char c) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }
}
