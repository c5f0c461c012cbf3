package dev.rackscope.core.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.Construct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A direct reader for the plain YAML that configuration files are made of: block mappings and sequences,
 * one-line flow collections, one-line plain and quoted scalars, comments. It gives exactly what
 * {@link Yaml11}'s SnakeYAML loader gives for such a document (plain scalars resolved by the same
 * {@link Yaml11.Resolver11} and built by SnakeYAML's own safe constructs, {@link LinkedHashMap} and
 * {@link ArrayList}), but without SnakeYAML's token, event and node layers, which dominate the first load
 * of a large topology in a fresh JVM.
 *
 * <p>It accepts only what it fully understands: anything else (anchors, tags, block or multi-line
 * scalars, escapes, multi-line flow collections, document markers, tabs, duplicate keys, deep nesting,
 * malformed input, ...) gives {@link #UNSUPPORTED} and the caller parses with SnakeYAML, which also
 * produces every error message.
 */
final class FastYaml {

    /** The result for a document this reader leaves to SnakeYAML. */
    static final Object UNSUPPORTED = new Object();

    /** Well below SnakeYAML's nesting limit (50), so that SnakeYAML reports a too deep document. */
    private static final int MAX_DEPTH = 40;
    /** Below SnakeYAML's 1024-character limit on simple keys. */
    private static final int MAX_KEY = 1000;

    private static final Yaml11.Resolver11 RESOLVER = new Yaml11.Resolver11();

    /** Thrown to give up; carries no stack trace, it only unwinds the descent. */
    private static final class Unsupported extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unsupported() {
            super(null, null, false, false);
        }
    }

    private static final Unsupported GIVE_UP = new Unsupported();

    /** SnakeYAML's safe constructs, applied to a resolved plain scalar. */
    private static final class Scalars extends SafeConstructor {
        Scalars(LoaderOptions options) {
            super(options);
        }

        Object construct(Tag tag, String value) {
            Construct construct = yamlConstructors.get(tag);
            if (construct == null) {
                throw GIVE_UP;
            }
            return construct.construct(new ScalarNode(tag, value, null, null, DumperOptions.ScalarStyle.PLAIN));
        }
    }

    private final char[] s;
    private final int n;
    private final LoaderOptions options;
    /** The current position, and the start of its line. */
    private int pos;
    private int lineStart;
    /** The indentation of the content line at {@link #pos}, or -1 at the end of the text. */
    private int ind;
    private int depth;
    private Scalars scalars;
    /** Plain scalars already resolved to an immutable non-string value in this document. */
    private final Map<String, Object> resolved = new HashMap<>();

    private FastYaml(String text, LoaderOptions options) {
        this.s = text.toCharArray();
        this.n = s.length;
        this.options = options;
    }

    /**
     * The document's value as SnakeYAML would construct it with {@code options}, or {@link #UNSUPPORTED}.
     * {@code options} must allow duplicate keys (they are left to SnakeYAML anyway).
     */
    static Object parse(String text, LoaderOptions options) {
        if (text.length() > options.getCodePointLimit()) {
            return UNSUPPORTED;
        }
        try {
            return new FastYaml(text, options).document();
        } catch (RuntimeException e) {
            // GIVE_UP, or a construct that rejects its scalar: SnakeYAML decides and reports
            return UNSUPPORTED;
        }
    }

    private Object document() {
        checkCharacters();
        nextContent();
        if (ind < 0) {
            return null; // empty, or only comments
        }
        if (ind != 0) {
            throw GIVE_UP;
        }
        Object root = blockNode();
        if (ind >= 0) {
            throw GIVE_UP;
        }
        return root;
    }

    /**
     * Gives up on characters SnakeYAML treats specially or rejects: everything outside printable
     * ASCII, line feeds and plain BMP text (so tabs, CR, NEL, line and paragraph separators, BOMs,
     * surrogates, controls), and lines that start a directive or a document marker.
     */
    private void checkCharacters() {
        boolean lineStarts = true;
        for (int i = 0; i < n; i++) {
            char c = s[i];
            if (c == '\n') {
                lineStarts = true;
                continue;
            }
            if (c < 0x20 || (c > 0x7e && c < 0xa0) || c == 0x2028 || c == 0x2029 || (c >= 0xd800 && c < 0xe000)
                    || c == 0xfeff || c > 0xfffd) {
                throw GIVE_UP;
            }
            if (lineStarts && (c == '%' || ((c == '-' || c == '.') && i + 2 < n && s[i + 1] == c && s[i + 2] == c))) {
                throw GIVE_UP;
            }
            lineStarts = false;
        }
    }

    // ------------------------------------------------------------------ lines

    /** From the start of a line: skips blank and comment lines; sets {@link #pos} and {@link #ind}. */
    private void nextContent() {
        int i = pos;
        while (true) {
            int first = i;
            while (i < n && s[i] == ' ') {
                i++;
            }
            if (i >= n) {
                pos = n;
                ind = -1;
                return;
            }
            char c = s[i];
            if (c == '\n' || c == '#') {
                while (i < n && s[i] != '\n') {
                    i++;
                }
                i++;
                lineStart = i;
                continue;
            }
            pos = i;
            ind = i - first;
            return;
        }
    }

    /** After a value: only spaces and a comment may follow on its line; moves to the next content line. */
    private void endLine() {
        int i = pos;
        while (i < n && s[i] == ' ') {
            i++;
        }
        if (i < n && s[i] == '#' && s[i - 1] == ' ') {
            while (i < n && s[i] != '\n') {
                i++;
            }
        }
        if (i < n && s[i] != '\n') {
            throw GIVE_UP;
        }
        pos = i + 1;
        lineStart = pos;
        nextContent();
    }

    /** Whether the line rest from {@code i} is empty or a comment (after at least one space). */
    private boolean restIsEmpty(int i) {
        return i >= n || s[i] == '\n' || (s[i] == '#' && s[i - 1] == ' ');
    }

    private boolean blankAt(int i) {
        return i >= n || s[i] == ' ' || s[i] == '\n';
    }

    private boolean entryAt(int i) {
        return s[i] == '-' && blankAt(i + 1);
    }

    private int skipSpaces(int i) {
        while (i < n && s[i] == ' ') {
            i++;
        }
        return i;
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw GIVE_UP;
        }
    }

    // ------------------------------------------------------------------ block collections

    /** The block collection at {@link #pos}, indented by {@link #ind}. */
    private Object blockNode() {
        return entryAt(pos) ? blockSequence(ind) : blockMapping(ind, null, false);
    }

    private List<Object> blockSequence(int indent) {
        enter();
        List<Object> list = new ArrayList<>();
        do {
            list.add(entry(indent));
        } while (ind == indent && entryAt(pos));
        if (ind > indent) {
            throw GIVE_UP;
        }
        depth--;
        return list;
    }

    /** One sequence entry; {@link #pos} is at its dash. */
    private Object entry(int indent) {
        int i = skipSpaces(pos + 1);
        if (restIsEmpty(i)) {
            pos = i;
            endLine();
            return ind > indent ? blockNode() : plain("");
        }
        pos = i;
        int column = i - lineStart;
        char c = s[i];
        if (c == '[' || c == '{') {
            Object v = flowCollection();
            endLine();
            return v;
        }
        if (c == '"' || c == '\'') {
            String q = quoted();
            int after = skipSpaces(pos);
            if (after < n && s[after] == ':' && blankAt(after + 1)) {
                checkKeyLength(i, after);
                pos = after + 1;
                return blockMapping(column, q, true);
            }
            endLine();
            return q;
        }
        if (c == '-' && entryAt(i)) {
            throw GIVE_UP; // a sequence in a sequence entry: rare, left to SnakeYAML
        }
        int end = plainBlockEnd(i);
        String text = new String(s, i, end - i);
        if (pos < n && s[pos] == ':') {
            checkKeyLength(i, pos);
            pos++;
            return blockMapping(column, plain(text), true);
        }
        Object v = plain(text);
        endLine();
        return v;
    }

    /**
     * A block mapping whose keys are indented by {@code indent}; with {@code hasFirst}, its first key
     * has been read (a mapping that starts in a sequence entry) and {@link #pos} is after its colon.
     */
    private Map<Object, Object> blockMapping(int indent, Object firstKey, boolean hasFirst) {
        enter();
        Map<Object, Object> map = new LinkedHashMap<>();
        Object key = hasFirst ? firstKey : key();
        while (true) {
            put(map, key, value(indent));
            if (ind != indent) {
                break;
            }
            if (entryAt(pos)) {
                throw GIVE_UP;
            }
            key = key();
        }
        if (ind > indent) {
            throw GIVE_UP;
        }
        depth--;
        return map;
    }

    /** A block mapping key at {@link #pos}; leaves {@link #pos} after its colon. */
    private Object key() {
        int start = pos;
        char c = s[start];
        if (c == '"' || c == '\'') {
            String q = quoted();
            int after = skipSpaces(pos);
            if (after >= n || s[after] != ':' || !blankAt(after + 1)) {
                throw GIVE_UP;
            }
            checkKeyLength(start, after);
            pos = after + 1;
            return q;
        }
        int end = plainBlockEnd(start);
        if (pos >= n || s[pos] != ':') {
            throw GIVE_UP;
        }
        checkKeyLength(start, pos);
        pos++;
        return plain(new String(s, start, end - start));
    }

    private void checkKeyLength(int start, int colon) {
        if (colon - start > MAX_KEY) {
            throw GIVE_UP;
        }
    }

    /** The value after a block mapping key's colon ({@link #pos}); moves to the next content line. */
    private Object value(int indent) {
        int i = skipSpaces(pos);
        pos = i;
        if (restIsEmpty(i)) {
            endLine();
            if (ind > indent) {
                return blockNode();
            }
            if (ind == indent && entryAt(pos)) {
                return blockSequence(indent); // a sequence at the key's own indentation
            }
            return plain("");
        }
        char c = s[i];
        Object v;
        if (c == '[' || c == '{') {
            v = flowCollection();
        } else if (c == '"' || c == '\'') {
            v = quoted();
        } else {
            int end = plainBlockEnd(i);
            if (pos < n && s[pos] == ':') {
                throw GIVE_UP; // "a: b: c"
            }
            v = plain(new String(s, i, end - i));
        }
        endLine();
        return v;
    }

    /**
     * Scans a one-line plain scalar in block context from {@code start}; returns the end of its text
     * (trailing spaces excluded) and leaves {@link #pos} at what stopped it: a colon that ends a key,
     * a comment, or the line end (after spaces).
     */
    private int plainBlockEnd(int start) {
        if (!plainStart(start, false)) {
            throw GIVE_UP;
        }
        int i = start;
        int end = start;
        while (i < n) {
            char c = s[i];
            if (c == '\n') {
                break;
            }
            if (c == ' ') {
                int j = skipSpaces(i);
                if (j >= n || s[j] == '\n' || s[j] == '#') {
                    i = j;
                    break;
                }
                i = j;
                continue;
            }
            if (c == ':' && blankAt(i + 1)) {
                break;
            }
            i++;
            end = i;
        }
        pos = i;
        return end;
    }

    /** Whether a plain scalar may start at {@code i} (SnakeYAML's rule, stricter in flow context). */
    private boolean plainStart(int i, boolean flow) {
        char c = s[i];
        switch (c) {
            case ' ', '\n', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`':
                return false;
            case '-':
                return i + 1 < n && !blankAt(i + 1) && !(flow && flowIndicator(s[i + 1]));
            case '?', ':':
                return !flow && i + 1 < n && !blankAt(i + 1);
            default:
                return true;
        }
    }

    private static boolean flowIndicator(char c) {
        return c == ',' || c == '[' || c == ']' || c == '{' || c == '}';
    }

    // ------------------------------------------------------------------ flow collections (one line)

    private Object flowCollection() {
        Object v = s[pos] == '[' ? flowSequence() : flowMapping();
        if (pos < n && s[pos] != ' ' && s[pos] != '\n') {
            throw GIVE_UP; // "[a]x", "[a]#x"
        }
        return v;
    }

    private List<Object> flowSequence() {
        enter();
        List<Object> list = new ArrayList<>();
        pos = flowSpaces(pos + 1);
        if (s[pos] == ']') {
            pos++;
            depth--;
            return list;
        }
        while (true) {
            list.add(flowNode());
            pos = flowSpaces(pos);
            char c = s[pos];
            if (c == ']') {
                pos++;
                break;
            }
            if (c != ',') {
                throw GIVE_UP; // ':' (a pair in a sequence) or anything unexpected
            }
            pos = flowSpaces(pos + 1);
            if (s[pos] == ']') {
                throw GIVE_UP; // trailing comma
            }
        }
        depth--;
        return list;
    }

    private Map<Object, Object> flowMapping() {
        enter();
        Map<Object, Object> map = new LinkedHashMap<>();
        pos = flowSpaces(pos + 1);
        if (s[pos] == '}') {
            pos++;
            depth--;
            return map;
        }
        while (true) {
            int start = pos;
            Object key;
            if (s[pos] == '"' || s[pos] == '\'') {
                key = quoted();
                pos = flowSpaces(pos);
            } else {
                int end = plainFlowEnd(start);
                key = plain(new String(s, start, end - start));
            }
            if (s[pos] != ':' || pos + 1 >= n || s[pos + 1] != ' ') {
                throw GIVE_UP; // no value, or a colon not followed by a space
            }
            checkKeyLength(start, pos);
            pos = flowSpaces(pos + 1);
            char c = s[pos];
            if (c == ',' || c == '}') {
                throw GIVE_UP; // an empty value
            }
            put(map, key, flowNode());
            pos = flowSpaces(pos);
            c = s[pos];
            if (c == '}') {
                pos++;
                break;
            }
            if (c != ',') {
                throw GIVE_UP;
            }
            pos = flowSpaces(pos + 1);
            if (s[pos] == '}') {
                throw GIVE_UP; // trailing comma
            }
        }
        depth--;
        return map;
    }

    private Object flowNode() {
        char c = s[pos];
        if (c == '[') {
            return flowSequence();
        }
        if (c == '{') {
            return flowMapping();
        }
        if (c == '"' || c == '\'') {
            return quoted();
        }
        int start = pos;
        int end = plainFlowEnd(start);
        if (s[pos] == ':') {
            throw GIVE_UP; // a key in a sequence, or "a: b: c"
        }
        return plain(new String(s, start, end - start));
    }

    /** Skips spaces inside a flow collection, which must not reach the line end or a comment. */
    private int flowSpaces(int i) {
        i = skipSpaces(i);
        if (i >= n || s[i] == '\n' || s[i] == '#') {
            throw GIVE_UP;
        }
        return i;
    }

    /**
     * Scans a plain scalar in flow context from {@code start}; returns the end of its text and leaves
     * {@link #pos} at what stopped it: a flow indicator, or a colon followed by a space. A colon
     * inside, a question mark, a comment or a line end gives up.
     */
    private int plainFlowEnd(int start) {
        if (!plainStart(start, true)) {
            throw GIVE_UP;
        }
        int i = start;
        int end = start;
        while (true) {
            if (i >= n) {
                throw GIVE_UP;
            }
            char c = s[i];
            if (c == ' ') {
                i = flowSpaces(i);
                continue;
            }
            if (c == '\n' || c == '?') {
                throw GIVE_UP;
            }
            if (flowIndicator(c)) {
                break;
            }
            if (c == ':') {
                if (i + 1 < n && s[i + 1] == ' ') {
                    break;
                }
                throw GIVE_UP;
            }
            i++;
            end = i;
        }
        pos = i;
        return end;
    }

    // ------------------------------------------------------------------ scalars

    /** A one-line quoted scalar at {@link #pos} without escapes; leaves {@link #pos} after the closing quote. */
    private String quoted() {
        char quote = s[pos];
        int i = pos + 1;
        StringBuilder sb = null;
        int from = i;
        while (true) {
            if (i >= n) {
                throw GIVE_UP;
            }
            char c = s[i];
            if (c == '\n' || (c == '\\' && quote == '"')) {
                throw GIVE_UP;
            }
            if (c == quote) {
                if (quote == '\'' && i + 1 < n && s[i + 1] == '\'') {
                    if (sb == null) {
                        sb = new StringBuilder();
                    }
                    sb.append(s, from, i + 1 - from);
                    i += 2;
                    from = i;
                    continue;
                }
                break;
            }
            i++;
        }
        pos = i + 1;
        if (sb == null) {
            return new String(s, from, i - from);
        }
        return sb.append(s, from, i - from).toString();
    }

    /** A plain scalar's value: resolved with YAML 1.1 rules and built as SnakeYAML's safe constructor does. */
    private Object plain(String text) {
        Tag tag = RESOLVER.resolvePlain(text);
        if (Tag.STR.equals(tag)) {
            return text;
        }
        if (Tag.MERGE.equals(tag)) {
            throw GIVE_UP; // "<<" merges mappings
        }
        if (Tag.TIMESTAMP.equals(tag)) {
            return scalars().construct(tag, text); // a mutable Date: never shared
        }
        Object v = resolved.get(text);
        if (v == null && !resolved.containsKey(text)) {
            v = scalars().construct(tag, text);
            resolved.put(text, v);
        }
        return v;
    }

    private Scalars scalars() {
        if (scalars == null) {
            scalars = new Scalars(options);
        }
        return scalars;
    }

    /** Duplicate keys are left to SnakeYAML, which keeps the last at its position and logs a warning. */
    private static void put(Map<Object, Object> map, Object key, Object value) {
        if (map.containsKey(key)) {
            throw GIVE_UP;
        }
        map.put(key, value);
    }
}
