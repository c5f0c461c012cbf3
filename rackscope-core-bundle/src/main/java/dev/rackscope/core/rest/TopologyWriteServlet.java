package dev.rackscope.core.rest;

import java.io.IOException;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import dev.rackscope.api.http.ApiException;
import dev.rackscope.core.load.LoadException;
import dev.rackscope.core.snapshot.SnapshotManager;
import dev.rackscope.core.topology.TopologyWrites;
import jakarta.servlet.Servlet;

/**
 * The topology write endpoints under {@code /api/topology/*} (ui-surface.md §3). HTTP only: the checks, files
 * and transaction are {@link TopologyWrites}'. A write whose result would not load is refused with 400 and
 * leaves files and snapshot as they were; a path outside the configuration tree is 403.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/topology/*")
public final class TopologyWriteServlet extends CoreServlet {

    private static final long serialVersionUID = 1L;

    private final transient TopologyWrites writes;

    @Activate
    public TopologyWriteServlet(@Reference SnapshotManager snapshots) {
        this(new TopologyWrites(snapshots));
    }

    TopologyWriteServlet(TopologyWrites writes) {
        this.writes = writes;
        String t = "/api/topology";
        post(t + "/sites", r -> run(() -> writes.createSite(r::jsonObject)));
        post(t + "/sites/{site_id}/rooms", r -> run(() -> writes.createRoom(r.path("site_id"), r::jsonObject)));
        delete(t + "/sites/{site_id}", r -> run(() -> writes.deleteSite(r.path("site_id"))));
        delete(t + "/rooms/{room_id}", r -> run(() -> writes.deleteRoom(r.path("room_id"))));
        post(t + "/rooms/{room_id}/aisles/create",
                r -> run(() -> writes.createAisles(r.path("room_id"), r::jsonObject)));
        put(t + "/rooms/{room_id}/aisles", r -> run(() -> writes.updateRoomAisles(r.path("room_id"), r::jsonObject)));
        delete(t + "/aisles/{aisle_id}", r -> run(() -> writes.deleteAisle(r.path("aisle_id"))));
        put(t + "/aisles/{aisle_id}/racks",
                r -> run(() -> writes.updateAisleRacks(r.path("aisle_id"), r::jsonObject)));
        post(t + "/aisles/{aisle_id}/racks", r -> run(() -> writes.createRack(r.path("aisle_id"), r::jsonObject)));
        put(t + "/racks/{rack_id}/template",
                r -> run(() -> writes.updateRackTemplate(r.path("rack_id"), r::jsonObject)));
        post(t + "/racks/{rack_id}/devices", r -> run(() -> writes.addDevice(r.path("rack_id"), r::jsonObject)));
        put(t + "/racks/{rack_id}/devices", r -> run(() -> writes.replaceDevices(r.path("rack_id"), r::jsonObject)));
        put(t + "/racks/{rack_id}/devices/{device_id}",
                r -> run(() -> writes.moveDevice(r.path("rack_id"), r.path("device_id"), r::jsonObject)));
        delete(t + "/racks/{rack_id}/devices/{device_id}",
                r -> run(() -> writes.deleteDevice(r.path("rack_id"), r.path("device_id"))));
    }

    @FunctionalInterface
    private interface Write {
        Map<String, Object> run() throws LoadException, IOException;
    }

    private Map<String, Object> run(Write write) throws IOException {
        try {
            return write.run();
        } catch (LoadException e) {
            throw new ApiException(400, writes.withoutServerPaths(String.valueOf(refused(e).detail())));
        } catch (IllegalArgumentException e) {
            // the transaction refuses a path outside the configuration tree before touching anything
            throw new ApiException(403, "Access denied");
        }
    }
}
