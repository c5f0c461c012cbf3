package dev.rackscope.core.rest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import dev.rackscope.api.http.ApiException;
import dev.rackscope.api.model.Aisle;
import dev.rackscope.api.model.Device;
import dev.rackscope.api.model.Rack;
import dev.rackscope.api.model.Room;
import dev.rackscope.api.model.Site;
import dev.rackscope.api.snapshot.Snapshot;
import dev.rackscope.api.snapshot.SnapshotService;
import dev.rackscope.core.load.PyRepr;
import dev.rackscope.core.telemetry.HealthService;
import dev.rackscope.core.telemetry.HealthViews;
import jakarta.servlet.Servlet;

/**
 * Topology reads ({@code /api/sites}, {@code /api/rooms}, a room's layout, a rack, a device in its rack) and
 * the room and rack health states, which share the {@code /api/rooms/*} and {@code /api/racks/*} patterns.
 */
@Component(service = {Servlet.class, TopologyServlet.class})
@HttpWhiteboardServletPattern({"/api/sites", "/api/rooms/*", "/api/racks/*"})
public final class TopologyServlet extends CoreServlet {

    private static final long serialVersionUID = 1L;
    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,127}");

    private final transient SnapshotService snapshots;
    private final transient HealthService health;

    @Activate
    public TopologyServlet(@Reference SnapshotService snapshots, @Reference HealthService health) {
        this.snapshots = snapshots;
        this.health = health;
        get("/api/rooms/states", r -> roomStates());
        get("/api/rooms/{room_id}/state", r -> roomState(r.path("room_id")));
        get("/api/racks/{rack_id}/state", r -> rackState(r.path("rack_id"), r.query("include_metrics")));
        get("/api/sites", r -> snapshots.current().topology().sites());
        get("/api/rooms", r -> rooms(snapshots.current()));
        get("/api/rooms/{room_id}/layout", r -> room(snapshots.current(), r.path("room_id")));
        get("/api/racks/{rack_id}", r -> rack(snapshots.current(), r.path("rack_id")));
        get("/api/racks/{rack_id}/devices/{device_id}",
                r -> device(snapshots.current(), r.path("rack_id"), r.path("device_id")));
    }

    private Object roomStates() {
        Snapshot s = snapshots.current();
        if (s.config() == null) {
            return Map.of();
        }
        return health.cached("rooms:states", serviceTtl(s), () -> HealthViews.roomStates(s, health.health(s)));
    }

    private Object roomState(String roomId) {
        Snapshot s = snapshots.current();
        if (s.config() == null) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("room_id", roomId);
            body.put("state", "UNKNOWN");
            body.put("racks", Map.of());
            return body;
        }
        if (!HealthViews.roomExists(s, roomId)) {
            throw ApiException.notFound("Room " + roomId + " not found");
        }
        return health.cached("room:" + roomId + ":state", serviceTtl(s),
                () -> HealthViews.roomState(s, health.health(s), roomId));
    }

    private Object rackState(String rackId, String includeMetricsParam) {
        boolean withMetrics = parseBool(includeMetricsParam, "include_metrics");
        Snapshot s = snapshots.current();
        if (s.config() == null) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("rack_id", rackId);
            body.put("state", "UNKNOWN");
            body.put("metrics", Map.of());
            body.put("nodes", Map.of());
            return body;
        }
        if (!s.index().racks().containsKey(rackId)) {
            throw ApiException.notFound("Rack " + rackId + " not found");
        }
        int ttl = withMetrics ? s.config().cache().metricsTtlSeconds() : serviceTtl(s);
        return health.cached("rack:" + rackId + ":state" + (withMetrics ? ":metrics" : ""), ttl,
                () -> HealthViews.rackState(s, health.health(s), rackId, withMetrics, health));
    }

    static int serviceTtl(Snapshot s) {
        return s.config() == null ? 5 : s.config().cache().serviceTtlSeconds();
    }

    /** A lax boolean query parameter (true/t/yes/y/on/1, false/f/no/n/off/0); anything else is 422. */
    static boolean parseBool(String value, String name) {
        if (value == null) {
            return false;
        }
        switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "t", "yes", "y", "on", "1":
                return true;
            case "false", "f", "no", "n", "off", "0":
                return false;
            default:
                throw dev.rackscope.api.http.ValidationException.of("bool_parsing", List.of("query", name),
                        "Input should be a valid boolean, unable to interpret input", value);
        }
    }

    static List<Map<String, Object>> rooms(Snapshot s) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Site site : s.topology().sites()) {
            for (Room room : site.rooms()) {
                List<Map<String, Object>> aisles = new ArrayList<>();
                for (Aisle aisle : room.aisles()) {
                    aisles.add(aisleEntry(aisle.id(), aisle.name(), aisle.racks()));
                }
                if (!room.standaloneRacks().isEmpty()) {
                    aisles.add(aisleEntry(room.id() + "-standalone", "Standalone", room.standaloneRacks()));
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", room.id());
                m.put("name", room.name());
                m.put("site_id", site.id());
                m.put("aisles", aisles);
                out.add(m);
            }
        }
        return out;
    }

    private static Map<String, Object> aisleEntry(String id, String name, List<Rack> racks) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Rack rack : racks) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", rack.id());
            r.put("name", rack.name());
            list.add(r);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("name", name);
        m.put("racks", list);
        return m;
    }

    /** The first room with this id, searching every site. */
    static Room room(Snapshot s, String roomId) {
        for (Site site : s.topology().sites()) {
            for (Room room : site.rooms()) {
                if (room.id().equals(roomId)) {
                    return room;
                }
            }
        }
        throw ApiException.notFound("Room " + roomId + " not found");
    }

    /** The first rack with this id: aisle racks, then standalone racks, room by room. */
    static Rack rack(Snapshot s, String rackId) {
        for (Site site : s.topology().sites()) {
            for (Room room : site.rooms()) {
                for (Aisle aisle : room.aisles()) {
                    for (Rack rack : aisle.racks()) {
                        if (rack.id().equals(rackId)) {
                            return rack;
                        }
                    }
                }
                for (Rack rack : room.standaloneRacks()) {
                    if (rack.id().equals(rackId)) {
                        return rack;
                    }
                }
            }
        }
        throw ApiException.notFound("Rack " + rackId + " not found");
    }

    private static Map<String, Object> device(Snapshot s, String rackId, String deviceId) {
        if (!ID.matcher(rackId).matches()) {
            throw ApiException.badRequest("Invalid rack_id: " + PyRepr.quote(rackId) + ". IDs must contain only "
                    + "lowercase letters, digits, dots, hyphens and underscores (max 128 characters).");
        }
        for (Site site : s.topology().sites()) {
            for (Room room : site.rooms()) {
                for (Aisle aisle : room.aisles()) {
                    for (Rack rack : aisle.racks()) {
                        Map<String, Object> found = deviceContext(s, site, room, aisle, rack, rackId, deviceId);
                        if (found != null) {
                            return found;
                        }
                    }
                }
                for (Rack rack : room.standaloneRacks()) {
                    Map<String, Object> found = deviceContext(s, site, room, null, rack, rackId, deviceId);
                    if (found != null) {
                        return found;
                    }
                }
            }
        }
        throw ApiException.notFound("Device " + deviceId + " not found in rack " + rackId);
    }

    private static Map<String, Object> deviceContext(Snapshot s, Site site, Room room, Aisle aisle, Rack rack,
                                                     String rackId, String deviceId) {
        if (!rack.id().equals(rackId)) {
            return null;
        }
        for (Device device : rack.devices()) {
            if (device.id().equals(deviceId)) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("device", device);
                m.put("template", s.catalog().deviceTemplate(device.templateId()).orElse(null));
                m.put("rack", rack);
                m.put("room", idName(room.id(), room.name()));
                Map<String, Object> siteRef = idName(site.id(), site.name());
                siteRef.put("description", site.description() == null ? "" : site.description());
                m.put("site", siteRef);
                m.put("aisle", aisle == null ? null : idName(aisle.id(), aisle.name()));
                return m;
            }
        }
        return null;
    }

    private static Map<String, Object> idName(String id, String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("name", name);
        return m;
    }
}
