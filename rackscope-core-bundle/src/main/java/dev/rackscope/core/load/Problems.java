package dev.rackscope.core.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Validation problems in the original's (pydantic) shape: {@code {type, loc, msg, input, ctx?}}. One
 * collector per validated document; the 422 body and the loaders' error messages are built from it.
 */
public final class Problems {

    /** One problem; {@code loc} is the path of keys and list indexes to the offending value. */
    public record Problem(String type, List<Object> loc, String msg, Object input, Map<String, Object> ctx) {
    }

    private final List<Problem> problems = new ArrayList<>();

    public void add(String type, List<Object> loc, String msg, Object input) {
        problems.add(new Problem(type, List.copyOf(loc), msg, input, null));
    }

    public void add(String type, List<Object> loc, String msg, Object input, Map<String, Object> ctx) {
        problems.add(new Problem(type, List.copyOf(loc), msg, input, ctx));
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    public List<Problem> list() {
        return List.copyOf(problems);
    }

    /** The {@code detail} list of a 422 body; {@code prefix} is prepended to each {@code loc} (e.g. "body"). */
    public List<Map<String, Object>> detail(Object... prefix) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Problem p : problems) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", p.type());
            List<Object> loc = new ArrayList<>(List.of(prefix));
            loc.addAll(p.loc());
            m.put("loc", loc);
            m.put("msg", p.msg());
            m.put("input", p.input());
            if (p.ctx() != null) {
                m.put("ctx", p.ctx());
            }
            out.add(m);
        }
        return out;
    }

    /** One line per problem, {@code a.b.0.c: message}, for logs and load errors. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        for (Problem p : problems) {
            if (!sb.isEmpty()) {
                sb.append("; ");
            }
            sb.append(path(p.loc())).append(": ").append(p.msg());
        }
        return sb.toString();
    }

    static String path(List<Object> loc) {
        StringBuilder sb = new StringBuilder();
        for (Object o : loc) {
            if (!sb.isEmpty()) {
                sb.append('.');
            }
            sb.append(o);
        }
        return sb.toString();
    }
}
