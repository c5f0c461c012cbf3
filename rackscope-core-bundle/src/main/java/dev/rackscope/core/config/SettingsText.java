package dev.rackscope.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.rackscope.api.http.ValidationException;

/**
 * Plugin settings sent over HTTP become file paths, names and queries inside the plugins, where a NUL
 * character or a lone surrogate is refused by the file system ({@code InvalidPathException}) and cannot be
 * written as UTF-8: such a value is answered 422 before it reaches a plugin file.
 */
public final class SettingsText {

    private static final String MESSAGE = "Value error, a setting cannot contain a NUL character or a lone surrogate";

    private SettingsText() {
    }

    /** No NUL, and every surrogate in a pair. */
    static boolean usable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\0') {
                return false;
            }
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param node the submitted settings (any JSON value)
     * @param loc  where {@code node} sits in the body, for example {@code ["body", "config"]}
     * @throws ValidationException naming the first key or string value that holds a NUL character or a lone surrogate
     */
    public static void reject(JsonNode node, List<Object> loc) {
        if (node == null) {
            return;
        }
        if (node.isTextual() && !usable(node.textValue())) {
            throw ValidationException.of("value_error", loc, MESSAGE, node.textValue());
        }
        if (node.isObject()) {
            for (var it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                List<Object> next = append(loc, e.getKey());
                if (!usable(e.getKey())) {
                    throw ValidationException.of("value_error", next, MESSAGE, e.getKey());
                }
                reject(e.getValue(), next);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                reject(node.get(i), append(loc, i));
            }
        }
    }

    private static List<Object> append(List<Object> loc, Object key) {
        List<Object> out = new ArrayList<>(loc);
        out.add(key);
        return out;
    }
}
