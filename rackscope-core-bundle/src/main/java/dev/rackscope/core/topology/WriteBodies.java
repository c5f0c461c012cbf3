package dev.rackscope.core.topology;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.rackscope.api.http.Json;
import dev.rackscope.api.http.ValidationException;
import dev.rackscope.api.model.Device;
import dev.rackscope.core.load.Fields;
import dev.rackscope.core.load.Problems;
import dev.rackscope.core.load.TopologyLoader;

/**
 * The request bodies of the topology writes, validated as the original's pydantic models do (lax mode,
 * unknown keys ignored); any problem is a 422 with the original's body, before any handler check.
 */
final class WriteBodies {

    /** Most devices one save may carry (the original's {@code max_length}). */
    static final int MAX_DEVICES = 500;

    private WriteBodies() {
    }

    record SiteCreate(String id, String name) {
    }

    record RoomCreate(String id, String name, String description) {
    }

    record AisleDraft(String id, String name) {
    }

    record AislesCreate(List<AisleDraft> aisles) {
    }

    record AisleOrder(String roomId, List<String> racks) {
    }

    record RoomAisles(Map<String, List<String>> aisles) {
    }

    record RackCreate(String id, String name, int uHeight, String templateId) {
    }

    record TemplateUpdate(String templateId) {
    }

    /** {@code instance} is null, a string, or a slot map with int keys in body order. */
    record DeviceCreate(String id, String name, String templateId, int uPosition, Object instance) {
    }

    record DeviceMove(int uPosition) {
    }

    /** The devices as validated, and each one's object as sent (for the keys the model does not know). */
    record DevicesReplace(List<Device> devices, List<Map<String, Object>> sent) {
    }

    /** A body being validated: its fields and the problems found so far. */
    private static final class Body {
        final Map<String, Object> doc;
        final Problems problems = new Problems();
        final Fields f;

        @SuppressWarnings("unchecked")
        Body(JsonNode json) {
            this.doc = Json.mapper().convertValue(json, LinkedHashMap.class);
            this.f = Fields.of(doc, problems);
        }

        <T> T done(T value) {
            if (!problems.isEmpty()) {
                throw new ValidationException(problems.detail("body"));
            }
            return value;
        }

        boolean require(String key) {
            if (!doc.containsKey(key)) {
                problems.add("missing", List.of(key), "Field required", doc);
                return false;
            }
            return true;
        }
    }

    static SiteCreate siteCreate(JsonNode json) {
        Body b = new Body(json);
        String id = b.f.optStr("id", null);
        String name = b.f.reqStr("name", 0);
        return b.done(new SiteCreate(id, name));
    }

    static RoomCreate roomCreate(JsonNode json) {
        Body b = new Body(json);
        String id = b.f.optStr("id", null);
        String name = b.f.reqStr("name", 0);
        String description = b.f.optStr("description", null);
        return b.done(new RoomCreate(id, name, description));
    }

    /** {@code aisles: List[Dict[str, Optional[str]]]}. */
    static AislesCreate aislesCreate(JsonNode json) {
        Body b = new Body(json);
        List<AisleDraft> drafts = new ArrayList<>();
        if (b.require("aisles")) {
            Object v = b.doc.get("aisles");
            if (v instanceof List<?> list) {
                for (int i = 0; i < list.size(); i++) {
                    if (!(list.get(i) instanceof Map<?, ?> m)) {
                        b.problems.add("dict_type", List.of("aisles", i), "Input should be a valid dictionary",
                                list.get(i));
                        continue;
                    }
                    boolean ok = true;
                    for (Map.Entry<?, ?> e : m.entrySet()) {
                        if (e.getValue() != null && !(e.getValue() instanceof String)) {
                            b.problems.add("string_type", List.of("aisles", i, String.valueOf(e.getKey())),
                                    "Input should be a valid string", e.getValue());
                            ok = false;
                        }
                    }
                    if (ok) {
                        drafts.add(new AisleDraft((String) m.get("id"), (String) m.get("name")));
                    }
                }
            } else {
                b.problems.add("list_type", List.of("aisles"), "Input should be a valid list", v);
            }
        }
        return b.done(new AislesCreate(drafts));
    }

    static AisleOrder aisleOrder(JsonNode json) {
        Body b = new Body(json);
        String roomId = b.f.reqStr("room_id", 0);
        List<String> racks = b.require("racks") ? b.f.strList("racks", List.of()) : List.of();
        return b.done(new AisleOrder(roomId, racks));
    }

    /** {@code aisles: Dict[str, List[str]]}, in body order. */
    static RoomAisles roomAisles(JsonNode json) {
        Body b = new Body(json);
        Map<String, List<String>> aisles = new LinkedHashMap<>();
        if (b.require("aisles")) {
            Object v = b.doc.get("aisles");
            if (v instanceof Map<?, ?> m) {
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    String key = String.valueOf(e.getKey());
                    if (!(e.getValue() instanceof List<?> list)) {
                        b.problems.add("list_type", List.of("aisles", key), "Input should be a valid list",
                                e.getValue());
                        continue;
                    }
                    List<String> ids = new ArrayList<>();
                    for (int i = 0; i < list.size(); i++) {
                        if (list.get(i) instanceof String s) {
                            ids.add(s);
                        } else {
                            b.problems.add("string_type", List.of("aisles", key, i), "Input should be a valid string",
                                    list.get(i));
                        }
                    }
                    aisles.put(key, List.copyOf(ids));
                }
            } else {
                b.problems.add("dict_type", List.of("aisles"), "Input should be a valid dictionary", v);
            }
        }
        return b.done(new RoomAisles(aisles));
    }

    static RackCreate rackCreate(JsonNode json) {
        Body b = new Body(json);
        String id = b.f.optStr("id", null);
        String name = b.f.reqStr("name", 0);
        int uHeight = b.f.integer("u_height", 42, null, null);
        String templateId = b.f.optStr("template_id", null);
        return b.done(new RackCreate(id, name, uHeight, templateId));
    }

    static TemplateUpdate templateUpdate(JsonNode json) {
        Body b = new Body(json);
        return b.done(new TemplateUpdate(b.f.optStr("template_id", null)));
    }

    static DeviceCreate deviceCreate(JsonNode json) {
        Body b = new Body(json);
        String id = b.f.reqStr("id", 0);
        String name = b.f.reqStr("name", 0);
        String templateId = b.f.reqStr("template_id", 0);
        int u = b.f.reqInteger("u_position", null, null);
        Object instance = instanceUnion(b);
        return b.done(new DeviceCreate(id, name, templateId, u, instance));
    }

    static DeviceMove deviceMove(JsonNode json) {
        Body b = new Body(json);
        return b.done(new DeviceMove(b.f.reqInteger("u_position", null, null)));
    }

    @SuppressWarnings("unchecked")
    static DevicesReplace devicesReplace(JsonNode json) {
        Body b = new Body(json);
        List<Device> devices = new ArrayList<>();
        List<Map<String, Object>> sent = new ArrayList<>();
        if (b.require("devices")) {
            Object v = b.doc.get("devices");
            if (!(v instanceof List<?> list)) {
                b.problems.add("list_type", List.of("devices"), "Input should be a valid list", v);
            } else if (list.size() > MAX_DEVICES) {
                b.problems.add("too_long", List.of("devices"), "List should have at most " + MAX_DEVICES
                        + " items after validation, not " + list.size(), v,
                        Map.of("field_type", "List", "max_length", MAX_DEVICES, "actual_length", list.size()));
            } else {
                for (int i = 0; i < list.size(); i++) {
                    Object item = list.get(i);
                    if (!(item instanceof Map<?, ?> m)) {
                        b.problems.add("model_type", List.of("devices", i),
                                "Input should be a valid dictionary or instance of Device", item,
                                Map.of("class_name", "Device"));
                        continue;
                    }
                    devices.add(TopologyLoader.readDevice(new Fields(m, List.of("devices", i), b.problems)));
                    sent.add((Map<String, Object>) m);
                }
            }
        }
        return b.done(new DevicesReplace(devices, sent));
    }

    /** {@code instance: Optional[Union[Dict[int, str], str]] = None}, with pydantic's per-member errors. */
    private static Object instanceUnion(Body b) {
        Object v = b.doc.get("instance");
        if (v == null || v instanceof String) {
            return v;
        }
        List<Object> dictLoc = List.of("instance", "dict[int,str]");
        if (v instanceof Map<?, ?> m) {
            Map<Object, String> out = new LinkedHashMap<>();
            Problems member = new Problems();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String key = String.valueOf(e.getKey());
                Object slot = slot(key);
                if (slot == null) {
                    member.add("int_parsing", List.of("instance", "dict[int,str]", key, "[key]"),
                            "Input should be a valid integer, unable to parse string as an integer", key);
                }
                if (!(e.getValue() instanceof String s)) {
                    member.add("string_type", List.of("instance", "dict[int,str]", key),
                            "Input should be a valid string", e.getValue());
                } else if (slot != null) {
                    out.put(slot, s);
                }
            }
            if (member.isEmpty()) {
                return out;
            }
            member.list().forEach(p -> b.problems.add(p.type(), p.loc(), p.msg(), p.input()));
        } else {
            b.problems.add("dict_type", dictLoc, "Input should be a valid dictionary", v);
        }
        b.problems.add("string_type", List.of("instance", "str"), "Input should be a valid string", v);
        return null;
    }

    /** A slot number key as written to YAML (an int), or null when the text is not an integer. */
    static Object slot(String key) {
        String t = key.strip();
        if (!t.matches("[+-]?[0-9]+")) {
            return null;
        }
        BigInteger n = new BigInteger(t.startsWith("+") ? t.substring(1) : t);
        return n.bitLength() < 32 ? (Object) n.intValue() : n;
    }
}
