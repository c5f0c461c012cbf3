package dev.rackscope.core.telemetry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the compact anchored alternation that replaces {@code $instances}, {@code $racks},
 * {@code $chassis} and {@code $jobs} in a check expression (telemetry.md §2.5), byte for byte as the
 * original does: a character trie over the ids in input order, sibling characters grouped by equal
 * suffix, digit groups merged into ranges, PromQL string escaping only ({@code \} and {@code "}).
 */
public final class RegexBuilder {

    private RegexBuilder() {
    }

    /** {@code ^(?:…)$} matching exactly the non-empty {@code ids}; {@code .*} when there are none. */
    public static String regex(List<String> ids) {
        Node root = new Node();
        boolean any = false;
        for (String id : ids) {
            if (id == null || id.isEmpty()) {
                continue;
            }
            any = true;
            Node node = root;
            for (int i = 0; i < id.length(); ) {
                int cp = id.codePointAt(i);
                i += Character.charCount(cp);
                node = node.child(cp);
            }
            node.terminal = true;
        }
        if (!any) {
            return ".*";
        }
        return "^(?:" + toRegex(root) + ")$";
    }

    /** PromQL string escaping: {@code \} → {@code \\}, {@code "} → {@code \"}. */
    static String escape(String s) {
        if (s.indexOf('\\') < 0 && s.indexOf('"') < 0) {
            return s;
        }
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static final class Node {
        // Insertion order matters; most nodes have one child, so a small map is created lazily.
        private Map<Integer, Node> children;
        private int onlyKey = -1;
        private Node onlyChild;
        private boolean terminal;

        Node child(int cp) {
            if (children == null) {
                if (onlyChild == null) {
                    onlyKey = cp;
                    onlyChild = new Node();
                    return onlyChild;
                }
                if (onlyKey == cp) {
                    return onlyChild;
                }
                children = new LinkedHashMap<>(4);
                children.put(onlyKey, onlyChild);
                onlyChild = null;
            }
            return children.computeIfAbsent(cp, k -> new Node());
        }
    }

    private static String toRegex(Node node) {
        // suffix → the characters leading to it, in first-seen order of the suffixes
        LinkedHashMap<String, List<Integer>> groups = new LinkedHashMap<>();
        if (node.children != null) {
            for (Map.Entry<Integer, Node> e : node.children.entrySet()) {
                groups.computeIfAbsent(toRegex(e.getValue()), k -> new ArrayList<>(2)).add(e.getKey());
            }
        } else if (node.onlyChild != null) {
            List<Integer> one = new ArrayList<>(1);
            one.add(node.onlyKey);
            groups.put(toRegex(node.onlyChild), one);
        }
        List<String> options = new ArrayList<>(groups.size() + 1);
        for (Map.Entry<String, List<Integer>> g : groups.entrySet()) {
            options.add(chars(g.getValue()) + g.getKey());
        }
        boolean optional = node.terminal;
        if (options.isEmpty()) {
            return "";
        }
        if (optional) {
            options.removeIf(String::isEmpty);
            if (options.isEmpty()) {
                return "";
            }
            return "(?:" + join(options) + ")?";
        }
        return join(options);
    }

    private static String join(List<String> options) {
        return options.size() == 1 ? options.get(0) : "(?:" + String.join("|", options) + ")";
    }

    private static String chars(List<Integer> cps) {
        if (cps.size() == 1) {
            return escape(new String(Character.toChars(cps.get(0))));
        }
        int[] sorted = cps.stream().mapToInt(Integer::intValue).sorted().distinct().toArray();
        boolean digits = Arrays.stream(sorted).allMatch(Character::isDigit);
        StringBuilder sb = new StringBuilder();
        if (digits) {
            int start = sorted[0];
            int prev = start;
            List<int[]> ranges = new ArrayList<>();
            for (int k = 1; k < sorted.length; k++) {
                if (sorted[k] == prev + 1) {
                    prev = sorted[k];
                    continue;
                }
                ranges.add(new int[] {start, prev});
                start = prev = sorted[k];
            }
            ranges.add(new int[] {start, prev});
            if (ranges.size() == 1 && ranges.get(0)[0] == ranges.get(0)[1]) {
                return new String(Character.toChars(ranges.get(0)[0]));
            }
            sb.append('[');
            for (int[] r : ranges) {
                sb.appendCodePoint(r[0]);
                if (r[1] != r[0]) {
                    sb.append('-').appendCodePoint(r[1]);
                }
            }
            return sb.append(']').toString();
        }
        sb.append('[');
        for (int cp : sorted) {
            sb.append(escape(new String(Character.toChars(cp))));
        }
        return sb.append(']').toString();
    }
}
