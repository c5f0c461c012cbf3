package dev.rackscope.itest;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Collects what the unchanged web UI would trip over in the API's answers: a call that is not 2xx or not
 * JSON, a field it reads that is missing, of another JSON type, or null where it calls a method on it. Every
 * problem is recorded with the page, the call and the field, so one run lists all of them.
 */
final class UiShapes {

    /** The JSON types a field may have; the {@code _OR_NULL} kinds accept null too. */
    enum Kind {
        STRING, NUMBER, BOOLEAN, ARRAY, OBJECT, STRING_OR_NULL, NUMBER_OR_NULL, OBJECT_OR_NULL, ARRAY_OR_NULL,
        BOOLEAN_OR_NULL, ANY;

        boolean accepts(JsonNode v) {
            if (v == null || v.isMissingNode()) {
                return false;
            }
            return switch (this) {
                case STRING -> v.isTextual();
                case NUMBER -> v.isNumber();
                case BOOLEAN -> v.isBoolean();
                case ARRAY -> v.isArray();
                case OBJECT -> v.isObject();
                case STRING_OR_NULL -> v.isNull() || v.isTextual();
                case NUMBER_OR_NULL -> v.isNull() || v.isNumber();
                case OBJECT_OR_NULL -> v.isNull() || v.isObject();
                case ARRAY_OR_NULL -> v.isNull() || v.isArray();
                case BOOLEAN_OR_NULL -> v.isNull() || v.isBoolean();
                case ANY -> true;
            };
        }
    }

    private final Http http;
    /** Each problem once (the same answer is read by many pages), with the pages that met it. */
    private final Map<String, List<String>> problems = new LinkedHashMap<>();
    private String page = "?";
    private String call = "?";
    private int calls;

    UiShapes(Http http) {
        this.http = http;
    }

    List<String> problems() {
        List<String> out = new ArrayList<>();
        problems.forEach((what, pages) -> out.add(pages.get(0) + (pages.size() > 1 ? " (and " + (pages.size() - 1)
                + " more pages)" : "") + ": " + what));
        return out;
    }

    int calls() {
        return calls;
    }

    /** The page the next calls belong to. */
    UiShapes page(String route) {
        this.page = route;
        return this;
    }

    /** The last call made, for messages. */
    String call() {
        return call;
    }

    /** Records a problem as is, with the page and the last call. */
    void problem(String what) {
        add(call + ": " + what);
    }

    /** A GET the page makes; null (and a recorded problem) when it is not 2xx JSON. */
    JsonNode get(String path) {
        return answer("GET " + path, http.get(path));
    }

    JsonNode post(String path, String body) {
        return answer("POST " + path, http.post(path, body));
    }

    JsonNode put(String path, String body) {
        return answer("PUT " + path, http.put(path, body));
    }

    JsonNode delete(String path) {
        return answer("DELETE " + path, http.delete(path));
    }

    /** A call whose answer the caller checks itself (a status other than 2xx JSON, a stream). */
    void called(String what) {
        calls++;
        call = what;
    }

    /** Records the call and checks it is 2xx JSON; null (and a recorded problem) otherwise. */
    JsonNode answer(String what, Http.Resp r) {
        calls++;
        call = what;
        if (r.status() < 200 || r.status() > 299) {
            add(what + " answered " + r.status() + " " + abbreviate(r.body()));
            return null;
        }
        try {
            return r.json();
        } catch (AssertionError e) {
            add(what + " is not JSON: " + abbreviate(r.body()));
            return null;
        }
    }

    /** Records a problem unless {@code node.field} has the kind; returns the field (or null). */
    JsonNode field(JsonNode node, String field, Kind kind) {
        if (node == null) {
            return null;
        }
        JsonNode v = node.get(field);
        if (!kind.accepts(v)) {
            add(call + ": ." + field + " should be " + kind + ", got "
                    + (v == null ? "nothing" : abbreviate(v.toString())) + " in " + abbreviate(node.toString()));
            return null;
        }
        return v;
    }

    /** Like {@link #field} for a key the answer may leave out: checked only when present. */
    JsonNode optional(JsonNode node, String field, Kind kind) {
        if (node == null || !node.has(field)) {
            return null;
        }
        return field(node, field, kind);
    }

    /** Several fields of one object, given as name, kind, name, kind… */
    void fields(JsonNode node, Object... nameKind) {
        for (int i = 0; i < nameKind.length; i += 2) {
            field(node, (String) nameKind[i], (Kind) nameKind[i + 1]);
        }
    }

    /** The node must itself have this kind. */
    boolean is(JsonNode node, Kind kind, String what) {
        if (node == null) {
            return false;
        }
        if (!kind.accepts(node)) {
            add(call + ": " + what + " should be " + kind + ", got " + abbreviate(node.toString()));
            return false;
        }
        return true;
    }

    /** Checks every element of an array field (the first {@code limit}) with {@code each}. */
    void each(JsonNode node, String field, int limit, Consumer<JsonNode> each) {
        JsonNode arr = field(node, field, Kind.ARRAY);
        eachOf(arr, limit, each);
    }

    void eachOf(JsonNode arr, int limit, Consumer<JsonNode> each) {
        if (arr == null || !arr.isArray()) {
            return;
        }
        int n = 0;
        for (JsonNode item : arr) {
            if (n++ >= limit) {
                break;
            }
            each.accept(item);
        }
    }

    /** Checks every value of an object field (a map keyed by id) with {@code each}. */
    void values(JsonNode node, String field, int limit, Consumer<JsonNode> each) {
        JsonNode map = field(node, field, Kind.OBJECT);
        if (map == null) {
            return;
        }
        int n = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext() && n++ < limit;) {
            each.accept(it.next().getValue());
        }
    }

    /** A condition the UI relies on, with what it means. */
    void expect(boolean condition, String what) {
        if (!condition) {
            problem(what);
        }
    }

    private void add(String what) {
        List<String> pages = problems.computeIfAbsent(what, k -> new ArrayList<>());
        if (!pages.contains(page)) {
            pages.add(page);
        }
    }

    static String abbreviate(String s) {
        String one = s == null ? "" : s.replace('\n', ' ');
        return one.length() > 240 ? one.substring(0, 240) + "…" : one;
    }
}
