package dev.rackscope.core.topology;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

import dev.rackscope.core.load.TopologyLoader;
import dev.rackscope.api.http.ApiException;
import dev.rackscope.api.model.Aisle;
import dev.rackscope.api.model.Catalog;
import dev.rackscope.api.model.Device;
import dev.rackscope.api.model.DeviceTemplate;
import dev.rackscope.api.model.Rack;
import dev.rackscope.api.model.RackTemplate;
import dev.rackscope.api.model.Room;
import dev.rackscope.api.model.Site;
import dev.rackscope.api.snapshot.Snapshot;
import dev.rackscope.core.load.LoadException;
import dev.rackscope.core.load.PyRepr;
import dev.rackscope.core.snapshot.ConfigChange;
import dev.rackscope.core.snapshot.SnapshotManager;
import dev.rackscope.core.topology.TopologyDisk.RackEntry;
import dev.rackscope.core.topology.WriteBodies.AisleDraft;

/**
 * The topology write endpoints (ui-surface.md §3) on the segmented layout: the original's paths, checks,
 * messages and answers, each write one transaction through {@link SnapshotManager#commit} (validated by
 * loading the result, rolled back when it does not load, the new snapshot swapped in at once so every
 * derived view, health targets included, follows).
 *
 * <p>Fixed from the original: adding a room to a site whose rooms come from its folders keeps the others
 * (F1); an aisle may be saved empty and the room reorganisation finds racks from the files on disk, so the
 * UI's two-step move works (F2); rack device saves keep unknown per-device keys and write no null
 * {@code nodes}/{@code labels}, and inline racks stay inline (F6); every id that ends up in a path is held to
 * the ID pattern, generated ones included, and every path stays inside the topology folder (S13).
 */
public final class TopologyWrites {

    private static final Set<String> DEVICE_FIELDS = Set.of("id", "name", "template_id", "u_position", "instance",
            "nodes", "labels");

    private final SnapshotManager snapshots;

    public TopologyWrites(SnapshotManager snapshots) {
        this.snapshots = snapshots;
    }

    /** A write's plan: checks (throwing ApiException before any edit), edits, and the 200 body. */
    @FunctionalInterface
    private interface Plan {
        Map<String, Object> plan(Snapshot current, TopologyDisk disk, Edits edits) throws IOException;
    }

    // ================================================================== sites and rooms

    /** POST /api/topology/sites {@code {id?, name}}. */
    public Map<String, Object> createSite(Supplier<JsonNode> body) throws LoadException, IOException {
        requireConfig();
        WriteBodies.SiteCreate b = WriteBodies.siteCreate(body.get());
        return commit("POST /api/topology/sites", (s, disk, edits) -> {
            String name = b.name().strip();
            if (name.isEmpty()) {
                throw ApiException.badRequest("Site name is required");
            }
            Path sitesFile = disk.sitesFile();
            Map<String, Object> doc = disk.read(sitesFile);
            if (doc == null) {
                throw ApiException.notFound("Topology sites file not found");
            }
            List<Object> sites = disk.list(doc, "sites", sitesFile);
            String siteId = WriteIds.generate(or(b.id(), name), "site", "site_id");
            if (TopologyDisk.siteEntry(sites, siteId) != null) {
                throw ApiException.badRequest("Site id already exists");
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", siteId);
            entry.put("name", name);
            entry.put("rooms", new ArrayList<>());
            sites.add(entry);
            doc.put("sites", sites);
            edits.write(sitesFile, doc);
            edits.mkdirs(disk.roomsDir(siteId));
            return body("site", entry);
        });
    }

    /** POST /api/topology/sites/{site_id}/rooms {@code {id?, name, description?}}. */
    public Map<String, Object> createRoom(String siteId, Supplier<JsonNode> body) throws LoadException, IOException {
        requireConfig();
        WriteBodies.RoomCreate b = WriteBodies.roomCreate(body.get());
        WriteIds.requireSafe(siteId, "site_id");
        return commit("POST /api/topology/sites/" + siteId + "/rooms", (s, disk, edits) -> {
            String name = b.name().strip();
            if (name.isEmpty()) {
                throw ApiException.badRequest("Room name is required");
            }
            Path sitesFile = disk.sitesFile();
            Map<String, Object> doc = disk.read(sitesFile);
            if (doc == null) {
                throw ApiException.notFound("Topology sites file not found");
            }
            Map<String, Object> site = TopologyDisk.siteEntry(disk.list(doc, "sites", sitesFile), siteId);
            if (site == null) {
                throw ApiException.notFound("Site not found");
            }
            String roomId = WriteIds.generate(or(b.id(), name), "room", "room_id");
            // F1: an empty or absent list means "the folders are the rooms": it stays so, and the new folder
            // is found with the others instead of becoming the only room listed
            boolean listed = TopologyLoader.truthy(site.get("rooms"));
            List<Object> rooms = listed ? disk.list(site, "rooms", sitesFile) : new ArrayList<>();
            Set<Object> existing = new HashSet<>();
            rooms.forEach(r -> existing.add(TopologyDisk.entryId(r)));
            if (!listed) {
                existing.addAll(disk.roomDirectories(siteId));
            }
            Path roomDir = disk.inside(disk.roomsDir(siteId).resolve(roomId));
            if (existing.contains(roomId) || Files.exists(roomDir.resolve("room.yaml"))) {
                throw ApiException.badRequest("Room id already exists in site");
            }
            if (listed) {
                Map<String, Object> ref = new LinkedHashMap<>();
                ref.put("id", roomId);
                ref.put("name", name);
                rooms.add(ref);
                site.put("rooms", rooms);
                edits.write(sitesFile, doc);
            }
            edits.mkdirs(roomDir.resolve("aisles"));
            edits.mkdirs(roomDir.resolve("standalone_racks"));
            Map<String, Object> room = new LinkedHashMap<>();
            room.put("id", roomId);
            room.put("name", name);
            room.put("description", b.description());
            room.put("aisles", new ArrayList<>());
            room.put("standalone_racks", new ArrayList<>());
            edits.write(roomDir.resolve("room.yaml"), room);
            Map<String, Object> answer = body("room", room);
            answer.put("site_id", siteId);
            return answer;
        });
    }

    /** DELETE /api/topology/sites/{site_id}: the entry and the site's whole folder. */
    public Map<String, Object> deleteSite(String siteId) throws LoadException, IOException {
        requireConfig();
        WriteIds.requireSafe(siteId, "site_id");
        return commit("DELETE /api/topology/sites/" + siteId, (s, disk, edits) -> {
            Path sitesFile = disk.sitesFile();
            Map<String, Object> doc = disk.read(sitesFile);
            if (doc == null) {
                throw ApiException.notFound("Sites file not found");
            }
            List<Object> sites = disk.list(doc, "sites", sitesFile);
            boolean removed = sites.removeIf(e -> e instanceof Map<?, ?> m && siteId.equals(m.get("id")));
            if (!removed) {
                throw ApiException.notFound("Site " + PyRepr.quote(siteId) + " not found");
            }
            doc.put("sites", sites);
            edits.write(sitesFile, doc);
            edits.delete(disk.siteDir(siteId));
            return status("deleted", "site_id", siteId);
        });
    }

    /** DELETE /api/topology/rooms/{room_id}: its entry in sites.yaml (if listed) and its folder. */
    public Map<String, Object> deleteRoom(String roomId) throws LoadException, IOException {
        requireConfig();
        WriteIds.requireSafe(roomId, "room_id");
        return commit("DELETE /api/topology/rooms/" + roomId, (s, disk, edits) -> {
            Site site = firstRoomSite(s, roomId);
            if (site == null) {
                throw ApiException.notFound("Room " + PyRepr.quote(roomId) + " not found");
            }
            Path roomDir = disk.roomDir(site.id(), roomId);
            Path sitesFile = disk.sitesFile();
            Map<String, Object> doc = disk.read(sitesFile);
            if (doc == null) {
                throw ApiException.notFound("Sites file not found");
            }
            Map<String, Object> entry = TopologyDisk.siteEntry(disk.list(doc, "sites", sitesFile), site.id());
            if (entry != null && entry.get("rooms") instanceof List<?>) {
                List<Object> rooms = disk.list(entry, "rooms", sitesFile);
                String dirName = roomDir == null ? roomId : roomDir.getFileName().toString();
                if (rooms.removeIf(r -> roomId.equals(TopologyDisk.entryId(r)) || dirName.equals(TopologyDisk.entryId(r)))) {
                    entry.put("rooms", rooms);
                    edits.write(sitesFile, doc);
                }
            }
            edits.delete(roomDir != null ? roomDir : disk.inside(disk.roomsDir(site.id()).resolve(roomId)));
            return status("deleted", "room_id", roomId);
        });
    }

    // ================================================================== aisles

    /** POST /api/topology/rooms/{room_id}/aisles/create {@code {aisles: [{id?, name}]}}. */
    public Map<String, Object> createAisles(String roomId, Supplier<JsonNode> body) throws LoadException, IOException {
        requireConfig();
        WriteBodies.AislesCreate b = WriteBodies.aislesCreate(body.get());
        WriteIds.requireSafe(roomId, "room_id");
        return commit("POST /api/topology/rooms/" + roomId + "/aisles/create", (s, disk, edits) -> {
            Site site = firstRoomSite(s, roomId);
            if (site == null) {
                throw ApiException.notFound("Room not found");
            }
            Path roomDir = disk.roomDir(site.id(), roomId);
            if (roomDir == null) {
                throw ApiException.notFound("Room file not found");
            }
            Path roomFile = roomDir.resolve("room.yaml");
            Map<String, Object> room = disk.read(roomFile);
            List<Object> aisles = disk.list(room, "aisles", roomFile);
            if (b.aisles().isEmpty()) {
                throw ApiException.badRequest("aisles list is required");
            }
            Set<Object> ids = new HashSet<>();
            aisles.forEach(a -> {
                if (a instanceof Map<?, ?> m && TopologyLoader.truthy(m.get("id"))) {
                    ids.add(m.get("id"));
                }
            });
            List<Map<String, Object>> created = new ArrayList<>();
            for (AisleDraft draft : b.aisles()) {
                String name = draft.name() == null ? "" : draft.name().strip();
                if (name.isEmpty()) {
                    throw ApiException.badRequest("Aisle name is required");
                }
                String aisleId = WriteIds.generate(or(draft.id(), name), "aisle", "aisle_id");
                if (!ids.add(aisleId)) {
                    throw ApiException.badRequest("Aisle id already exists: " + aisleId);
                }
                Map<String, Object> a = new LinkedHashMap<>();
                a.put("id", aisleId);
                a.put("name", name);
                created.add(a);
            }
            for (Map<String, Object> a : created) {
                aisles.add(new LinkedHashMap<>(a));
            }
            room.put("aisles", aisles);
            edits.write(roomFile, room);
            for (Map<String, Object> a : created) {
                Path aisleDir = disk.aisleDir(roomDir, (String) a.get("id"));
                edits.mkdirs(aisleDir.resolve("racks"));
                Map<String, Object> aisleDoc = new LinkedHashMap<>(a);
                aisleDoc.put("racks", new ArrayList<>());
                edits.write(aisleDir.resolve("aisle.yaml"), aisleDoc);
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("room_id", roomId);
            answer.put("aisles", created);
            return answer;
        });
    }

    /** DELETE /api/topology/aisles/{aisle_id}: its room.yaml entry and its folder, rack files included. */
    public Map<String, Object> deleteAisle(String aisleId) throws LoadException, IOException {
        requireConfig();
        WriteIds.requireSafe(aisleId, "aisle_id");
        return commit("DELETE /api/topology/aisles/" + aisleId, (s, disk, edits) -> {
            AisleAt at = firstAisle(s, aisleId, null);
            if (at == null) {
                throw ApiException.notFound("Aisle " + PyRepr.quote(aisleId) + " not found");
            }
            Path roomDir = disk.roomDir(at.site.id(), at.room.id());
            if (roomDir == null) {
                roomDir = disk.inside(disk.roomsDir(at.site.id()).resolve(at.room.id()));
            }
            Path roomFile = roomDir.resolve("room.yaml");
            Map<String, Object> room = disk.read(roomFile);
            if (room != null) {
                List<Object> aisles = disk.list(room, "aisles", roomFile);
                if (aisles.removeIf(a -> a instanceof Map<?, ?> m && aisleId.equals(m.get("id")))) {
                    room.put("aisles", aisles);
                    edits.write(roomFile, room);
                }
            }
            edits.delete(disk.aisleDir(roomDir, aisleId));
            return status("deleted", "aisle_id", aisleId);
        });
    }

    /**
     * PUT /api/topology/aisles/{aisle_id}/racks {@code {room_id, racks}}: the aisle's rack order, the UI's first
     * save step. An empty list is accepted (F2); listed inline racks keep their definition, and an inline rack
     * left out becomes a rack file in the aisle's folder instead of being lost, so the second step can move it
     * (F6); every listed id is held to the ID pattern, since the loader builds file names from them (S13).
     */
    public Map<String, Object> updateAisleRacks(String aisleId, Supplier<JsonNode> body)
            throws LoadException, IOException {
        requireConfig();
        WriteBodies.AisleOrder b = WriteBodies.aisleOrder(body.get());
        WriteIds.requireSafe(aisleId, "aisle_id");
        for (String rackId : b.racks()) {
            WriteIds.requireSafe(rackId, "rack_id");
        }
        return commit("PUT /api/topology/aisles/" + aisleId + "/racks", (s, disk, edits) -> {
            AisleAt at = firstAisle(s, aisleId, b.roomId());
            Path roomDir = at == null ? null : disk.roomDir(at.site.id(), at.room.id());
            Path aisleDir = roomDir == null ? null : disk.aisleDir(roomDir, aisleId);
            Path aisleFile = aisleDir == null ? null : aisleDir.resolve("aisle.yaml");
            Map<String, Object> doc = aisleFile == null ? null : disk.read(aisleFile);
            if (doc == null) {
                throw ApiException.notFound("Aisle file not found");
            }
            Path racksDir = aisleDir.resolve("racks");
            Map<String, RackEntry> current = new LinkedHashMap<>();
            for (RackEntry e : disk.rackEntries(disk.list(doc, "racks", aisleFile), racksDir)) {
                current.putIfAbsent(e.id(), e);
            }
            List<Object> racks = new ArrayList<>();
            for (String rackId : b.racks()) {
                RackEntry e = current.get(rackId);
                racks.add(e == null ? rackId : e.raw());
            }
            Set<String> kept = new HashSet<>(b.racks());
            for (RackEntry e : current.values()) {
                if (e.inline() && !kept.contains(e.id())) {
                    materialize(disk, edits, e, racksDir);
                }
            }
            doc.put("racks", racks);
            edits.write(aisleFile, doc);
            Map<String, Object> answer = status("ok", "aisle_id", aisleId);
            answer.put("racks", b.racks());
            return answer;
        });
    }

    /**
     * PUT /api/topology/rooms/{room_id}/aisles {@code {aisles: {aisle_id: [rack_id...]}}}: the UI's second save
     * step. A rack's current aisle comes from the files on disk (F2), so racks that the first step already
     * dropped from their aisle's list are still found and moved.
     */
    public Map<String, Object> updateRoomAisles(String roomId, Supplier<JsonNode> body)
            throws LoadException, IOException {
        requireConfig();
        WriteBodies.RoomAisles b = WriteBodies.roomAisles(body.get());
        WriteIds.requireSafe(roomId, "room_id");
        return commit("PUT /api/topology/rooms/" + roomId + "/aisles", (s, disk, edits) -> {
            Site site = firstRoomSite(s, roomId);
            Room room = site == null ? null : firstRoom(site, roomId);
            if (room == null) {
                throw ApiException.notFound("Room not found");
            }
            Set<String> aisleIds = new LinkedHashSet<>();
            room.aisles().forEach(a -> aisleIds.add(a.id()));
            if (!b.aisles().keySet().equals(aisleIds)) {
                throw ApiException.badRequest("Payload must include all aisles for the room");
            }
            Path roomDir = disk.roomDir(site.id(), roomId);
            if (roomDir == null) {
                throw ApiException.notFound("Room file not found");
            }
            Map<String, Path> aisleFiles = new LinkedHashMap<>();
            Map<String, Map<String, Object>> aisleDocs = new LinkedHashMap<>();
            Map<String, RackAt> where = new LinkedHashMap<>();
            for (Aisle aisle : room.aisles()) {
                Path aisleDir = disk.aisleDir(roomDir, aisle.id());
                Path aisleFile = aisleDir.resolve("aisle.yaml");
                Map<String, Object> doc = disk.read(aisleFile);
                aisleFiles.put(aisle.id(), aisleFile);
                aisleDocs.put(aisle.id(), doc);
                if (doc == null) {
                    continue;
                }
                for (RackEntry e : disk.rackEntries(disk.list(doc, "racks", aisleFile), aisleDir.resolve("racks"))) {
                    if (e.inline() || Files.isRegularFile(e.file())) {
                        where.putIfAbsent(e.id(), new RackAt(aisle.id(), e.file(), e.inline() ? e.raw() : null));
                    }
                }
            }
            for (Aisle aisle : room.aisles()) { // files no aisle lists any more (the first step dropped them)
                Path racksDir = disk.aisleDir(roomDir, aisle.id()).resolve("racks");
                disk.rackFiles(racksDir).forEach((id, file) -> where.putIfAbsent(id, new RackAt(aisle.id(), file, null)));
            }
            for (Aisle aisle : room.aisles()) { // in memory but without a file: reported if it has to move
                aisle.racks().forEach(r -> where.putIfAbsent(r.id(), new RackAt(aisle.id(), null, null)));
            }
            for (List<String> ids : b.aisles().values()) {
                for (String rackId : ids) {
                    if (!where.containsKey(rackId)) {
                        throw ApiException.badRequest("Unknown rack id in payload: " + rackId);
                    }
                }
            }
            Map<String, Object> refs = new HashMap<>();      // rack id -> the entry to list
            Set<String> listed = new HashSet<>();
            for (Map.Entry<String, RackAt> e : where.entrySet()) {
                String rackId = e.getKey();
                RackAt at = e.getValue();
                String target = null;
                for (Map.Entry<String, List<String>> a : b.aisles().entrySet()) {
                    if (a.getValue().contains(rackId)) {
                        target = a.getKey();
                        break;
                    }
                }
                if (target != null) {
                    listed.add(rackId);
                }
                boolean moves = target != null && !target.equals(at.aisleId);
                if (at.inline != null) {
                    Map<String, Object> def = copy(at.inline);
                    if (moves) {
                        def.put("aisle_id", target);
                    }
                    refs.put(rackId, moves ? def : at.inline);
                    if (target == null) { // listed nowhere: kept as a file of its aisle, as file racks are
                        materialize(disk, edits, new RackEntry(at.inline, rackId, null, null),
                                disk.aisleDir(roomDir, at.aisleId).resolve("racks"));
                    }
                    continue;
                }
                if (at.file == null) {
                    if (moves) {
                        throw ApiException.notFound("Rack file not found for move: " + rackId);
                    }
                    refs.put(rackId, rackId);
                    continue;
                }
                String fileName = at.file.getFileName().toString();
                refs.put(rackId, fileName.substring(0, fileName.length() - ".yaml".length()));
                if (moves) {
                    Map<String, Object> data = disk.read(at.file);
                    data = data == null ? new LinkedHashMap<>() : data;
                    data.put("aisle_id", target);
                    Path dest = disk.aisleDir(roomDir, target).resolve("racks").resolve(fileName);
                    edits.write(dest, data);
                    edits.delete(at.file);
                }
            }
            for (Aisle aisle : room.aisles()) {
                Map<String, Object> doc = aisleDocs.get(aisle.id());
                if (doc == null) {
                    throw ApiException.notFound("Aisle file not found: " + aisle.id());
                }
                List<Object> racks = new ArrayList<>();
                for (String rackId : b.aisles().getOrDefault(aisle.id(), List.of())) {
                    racks.add(refs.getOrDefault(rackId, rackId));
                }
                doc.put("racks", racks);
                edits.write(aisleFiles.get(aisle.id()), doc);
            }
            return status("ok", "room_id", roomId);
        });
    }

    /** Where a rack stands before a reorganisation: its aisle, its file, or its inline definition. */
    private record RackAt(String aisleId, Path file, Object inline) {
    }

    /** Writes an inline rack definition as {@code racks/<id>.yaml} so that it survives leaving its list. */
    private static void materialize(TopologyDisk disk, Edits edits, RackEntry e, Path racksDir) {
        String rackId = WriteIds.requireSafe(e.id(), "rack_id");
        Path file = disk.inside(racksDir.resolve(rackId + ".yaml"));
        if (Files.exists(file)) {
            throw ApiException.badRequest("Rack id " + PyRepr.quote(rackId) + " already exists");
        }
        edits.write(file, copy(e.raw()));
    }

    // ================================================================== racks

    /** POST /api/topology/aisles/{aisle_id}/racks {@code {id?, name, u_height = 42, template_id?}}. */
    public Map<String, Object> createRack(String aisleId, Supplier<JsonNode> body) throws LoadException, IOException {
        requireConfig();
        WriteBodies.RackCreate b = WriteBodies.rackCreate(body.get());
        WriteIds.requireSafe(aisleId, "aisle_id");
        return commit("POST /api/topology/aisles/" + aisleId + "/racks", (s, disk, edits) -> {
            String name = b.name().strip();
            if (name.isEmpty()) {
                throw ApiException.badRequest("Rack name is required");
            }
            if (b.uHeight() < 1 || b.uHeight() > 100) {
                throw ApiException.badRequest("u_height must be between 1 and 100");
            }
            AisleAt at = firstAisle(s, aisleId, null);
            if (at == null) {
                throw ApiException.notFound("Aisle " + PyRepr.quote(aisleId) + " not found");
            }
            String rackId = WriteIds.generate(or(b.id(), name), "rack", "rack_id");
            Path roomDir = disk.roomDir(at.site.id(), at.room.id());
            if (roomDir == null) {
                throw ApiException.notFound("Room file not found");
            }
            Path aisleDir = disk.aisleDir(roomDir, aisleId);
            Path rackFile = disk.inside(aisleDir.resolve("racks").resolve(rackId + ".yaml"));
            if (aisleRackExists(s, rackId) || Files.exists(rackFile)) {
                throw ApiException.badRequest("Rack id " + PyRepr.quote(rackId) + " already exists");
            }
            Map<String, Object> rack = new LinkedHashMap<>();
            rack.put("id", rackId);
            rack.put("name", name);
            if (b.templateId() != null && !b.templateId().isEmpty()) {
                rack.put("template_id", b.templateId());
            }
            rack.put("u_height", b.uHeight());
            rack.put("devices", new ArrayList<>());
            edits.write(rackFile, rack);
            Path aisleFile = aisleDir.resolve("aisle.yaml");
            Map<String, Object> doc = disk.read(aisleFile);
            if (doc != null) {
                List<Object> racks = disk.list(doc, "racks", aisleFile);
                racks.add(rackId);
                doc.put("racks", racks);
                edits.write(aisleFile, doc);
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("rack_id", rackId);
            answer.put("name", name);
            answer.put("aisle_id", aisleId);
            return answer;
        });
    }

    /** PUT /api/topology/racks/{rack_id}/template {@code {template_id?}}: set, or remove when empty. */
    public Map<String, Object> updateRackTemplate(String rackId, Supplier<JsonNode> body)
            throws LoadException, IOException {
        requireConfig();
        WriteBodies.TemplateUpdate b = WriteBodies.templateUpdate(body.get());
        WriteIds.requireSafe(rackId, "rack_id");
        return commit("PUT /api/topology/racks/" + rackId + "/template", (s, disk, edits) -> {
            Path file = rackFile(s, disk, rackId);
            Map<String, Object> data = disk.read(file);
            if (b.templateId() != null && !b.templateId().isEmpty()) {
                data.put("template_id", b.templateId());
            } else {
                data.remove("template_id");
            }
            edits.write(file, data);
            Map<String, Object> answer = status("ok", "rack_id", rackId);
            answer.put("template_id", b.templateId());
            return answer;
        });
    }

    // ================================================================== devices

    /** POST /api/topology/racks/{rack_id}/devices {@code {id, name, template_id, u_position, instance?}}. */
    public Map<String, Object> addDevice(String rackId, Supplier<JsonNode> body) throws LoadException, IOException {
        requireConfig();
        WriteBodies.DeviceCreate b = WriteBodies.deviceCreate(body.get());
        WriteIds.requireSafe(rackId, "rack_id");
        return commit("POST /api/topology/racks/" + rackId + "/devices", (s, disk, edits) -> {
            Path file = rackFile(s, disk, rackId);
            Catalog catalog = s.catalog();
            if (catalog.deviceTemplate(b.templateId()).isEmpty()) {
                throw ApiException.badRequest("Unknown device template: " + b.templateId());
            }
            Map<String, Object> data = disk.read(file);
            List<Object> devices = disk.list(data, "devices", file);
            for (Object d : devices) {
                if (d instanceof Map<?, ?> m && b.id().equals(m.get("id"))) {
                    throw ApiException.badRequest("Device id already exists: " + b.id());
                }
            }
            int rackHeight = rackHeight(data, catalog);
            int u = b.uPosition();
            if (u < 1 || u > rackHeight) {
                throw ApiException.badRequest("u_position out of rack bounds");
            }
            int h = deviceHeight(b.templateId(), catalog);
            if ((long) u + h - 1 > rackHeight) {
                throw ApiException.badRequest("Device does not fit in rack height");
            }
            if (overlaps(occupied(devices, catalog, null), u, h)) {
                throw ApiException.badRequest("Target U range is already occupied");
            }
            Map<String, Object> device = new LinkedHashMap<>();
            device.put("id", b.id());
            device.put("name", b.name());
            device.put("template_id", b.templateId());
            device.put("u_position", u);
            Object instance = b.instance();
            if (instance != null && !"".equals(instance) && !(instance instanceof Map<?, ?> m && m.isEmpty())) {
                device.put("instance", instance);
            }
            devices.add(device);
            data.put("devices", devices);
            edits.write(file, data);
            Map<String, Object> answer = status("ok", "rack_id", rackId);
            answer.put("device_id", b.id());
            return answer;
        });
    }

    /** PUT /api/topology/racks/{rack_id}/devices/{device_id} {@code {u_position}}: moves a device. */
    public Map<String, Object> moveDevice(String rackId, String deviceId, Supplier<JsonNode> body)
            throws LoadException, IOException {
        requireConfig();
        WriteBodies.DeviceMove b = WriteBodies.deviceMove(body.get());
        WriteIds.requireSafe(rackId, "rack_id");
        return commit("PUT /api/topology/racks/" + rackId + "/devices/" + deviceId, (s, disk, edits) -> {
            Path file = rackFile(s, disk, rackId);
            Map<String, Object> data = disk.read(file);
            List<Object> devices = disk.list(data, "devices", file);
            Map<String, Object> device = null;
            for (Object d : devices) {
                if (d instanceof Map<?, ?> m && deviceId.equals(m.get("id"))) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> found = (Map<String, Object>) m;
                    device = found;
                    break;
                }
            }
            if (device == null) {
                throw ApiException.notFound("Device not found");
            }
            Catalog catalog = s.catalog();
            int rackHeight = rackHeight(data, catalog);
            Object templateId = device.get("template_id");
            if (!TopologyLoader.truthy(templateId)) {
                throw ApiException.badRequest("Device template_id missing");
            }
            int h = deviceHeight(String.valueOf(templateId), catalog);
            int u = b.uPosition();
            if (u < 1 || (long) u + h - 1 > rackHeight) {
                throw ApiException.badRequest("Device does not fit in rack height");
            }
            if (overlaps(occupied(devices, catalog, deviceId), u, h)) {
                throw ApiException.badRequest("Target U range is already occupied");
            }
            device.put("u_position", u);
            data.put("devices", devices);
            edits.write(file, data);
            Map<String, Object> answer = status("ok", "rack_id", rackId);
            answer.put("device_id", deviceId);
            answer.put("u_position", u);
            return answer;
        });
    }

    /** DELETE /api/topology/racks/{rack_id}/devices/{device_id}. */
    public Map<String, Object> deleteDevice(String rackId, String deviceId) throws LoadException, IOException {
        requireConfig();
        WriteIds.requireSafe(rackId, "rack_id");
        WriteIds.requireSafe(deviceId, "device_id");
        return commit("DELETE /api/topology/racks/" + rackId + "/devices/" + deviceId, (s, disk, edits) -> {
            Path file = rackFile(s, disk, rackId);
            Map<String, Object> data = disk.read(file);
            List<Object> devices = disk.list(data, "devices", file);
            if (!devices.removeIf(d -> d instanceof Map<?, ?> m && deviceId.equals(m.get("id")))) {
                throw ApiException.notFound("Device not found");
            }
            data.put("devices", devices);
            edits.write(file, data);
            Map<String, Object> answer = status("ok", "rack_id", rackId);
            answer.put("device_id", deviceId);
            return answer;
        });
    }

    /**
     * PUT /api/topology/racks/{rack_id}/devices {@code {devices: [Device]}}: the rack editor's save. Each device
     * is written in the model's key order without null {@code nodes}/{@code labels}, and keeps the keys the
     * model does not know ({@code face}…) from the file's device of the same id, or as sent (F6).
     */
    public Map<String, Object> replaceDevices(String rackId, Supplier<JsonNode> body)
            throws LoadException, IOException {
        requireConfig();
        WriteBodies.DevicesReplace b = WriteBodies.devicesReplace(body.get());
        WriteIds.requireSafe(rackId, "rack_id");
        return commit("PUT /api/topology/racks/" + rackId + "/devices", (s, disk, edits) -> {
            Path file = rackFile(s, disk, rackId);
            Map<String, Object> data = disk.read(file);
            Catalog catalog = s.catalog();
            int rackHeight = rackHeight(data, catalog);
            Set<String> seen = new HashSet<>();
            Set<Integer> occupied = new HashSet<>();
            for (Device d : b.devices()) {
                if (!seen.add(d.id())) {
                    throw ApiException.badRequest("Duplicate device id: " + d.id());
                }
                if (catalog.deviceTemplate(d.templateId()).isEmpty()) {
                    throw ApiException.badRequest("Unknown device template: " + d.templateId());
                }
                int h = deviceHeight(d.templateId(), catalog);
                if (d.uPosition() < 1 || (long) d.uPosition() + h - 1 > rackHeight) {
                    throw ApiException.badRequest("Device " + d.id() + " does not fit in rack");
                }
                for (int u = d.uPosition(); u < d.uPosition() + h; u++) {
                    if (!occupied.add(u)) {
                        throw ApiException.badRequest("Device " + d.id() + " overlaps existing device");
                    }
                }
            }
            Map<String, Map<?, ?>> before = new HashMap<>();
            for (Object d : disk.list(data, "devices", file)) {
                if (d instanceof Map<?, ?> m && m.get("id") instanceof String id) {
                    before.putIfAbsent(id, m);
                }
            }
            List<Object> devices = new ArrayList<>();
            for (int i = 0; i < b.devices().size(); i++) {
                Device d = b.devices().get(i);
                devices.add(deviceYaml(d, before.get(d.id()), b.sent().get(i)));
            }
            data.put("devices", devices);
            edits.write(file, data);
            Map<String, Object> answer = status("ok", "rack_id", rackId);
            answer.put("devices", b.devices().size());
            return answer;
        });
    }

    /** One device as written: the model's fields, then unknown keys from the file's device, then as sent. */
    private static Map<String, Object> deviceYaml(Device d, Map<?, ?> before, Map<String, Object> sent) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("name", d.name());
        m.put("template_id", d.templateId());
        m.put("u_position", d.uPosition());
        m.put("instance", instanceYaml(d.instance()));
        if (d.nodes() != null) {
            m.put("nodes", instanceYaml(d.nodes()));
        }
        if (d.labels() != null) {
            m.put("labels", new LinkedHashMap<>(d.labels()));
        }
        if (before != null) {
            before.forEach((k, v) -> {
                String key = String.valueOf(k);
                if (!DEVICE_FIELDS.contains(key) && !sent.containsKey(key)) {
                    m.put(key, v);
                }
            });
        }
        sent.forEach((k, v) -> {
            if (!DEVICE_FIELDS.contains(k)) {
                m.put(k, v);
            }
        });
        return m;
    }

    /** A device's instance value for YAML: slot maps get int keys again, as the original writes them. */
    private static Object instanceYaml(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                Object slot = WriteBodies.slot(String.valueOf(k));
                out.put(slot == null ? k : slot, v);
            });
            return out;
        }
        if (value instanceof List<?> list) {
            return new ArrayList<>(list);
        }
        return value;
    }

    // ================================================================== lookups and helpers

    private record AisleAt(Site site, Room room, Aisle aisle) {
    }

    /** The site of the first room with this id (site by site), or null. */
    private static Site firstRoomSite(Snapshot s, String roomId) {
        for (Site site : s.topology().sites()) {
            if (firstRoom(site, roomId) != null) {
                return site;
            }
        }
        return null;
    }

    private static Room firstRoom(Site site, String roomId) {
        for (Room room : site.rooms()) {
            if (room.id().equals(roomId)) {
                return room;
            }
        }
        return null;
    }

    /** The first aisle with this id, in the first room with {@code roomId} when given, else in any room. */
    private static AisleAt firstAisle(Snapshot s, String aisleId, String roomId) {
        for (Site site : s.topology().sites()) {
            for (Room room : site.rooms()) {
                if (roomId != null && !room.id().equals(roomId)) {
                    continue;
                }
                for (Aisle aisle : room.aisles()) {
                    if (aisle.id().equals(aisleId)) {
                        return new AisleAt(site, room, aisle);
                    }
                }
                if (roomId != null) {
                    return null; // only the first room with that id counts
                }
            }
        }
        return null;
    }

    private static boolean aisleRackExists(Snapshot s, String rackId) {
        for (Site site : s.topology().sites()) {
            for (Room room : site.rooms()) {
                for (Aisle aisle : room.aisles()) {
                    for (Rack rack : aisle.racks()) {
                        if (rack.id().equals(rackId)) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    /**
     * The file of the first rack with this id in the in-memory topology (room by room, aisle racks before
     * standalone ones); 404 "Rack file not found" when there is none or the rack is defined inline.
     */
    private static Path rackFile(Snapshot s, TopologyDisk disk, String rackId) {
        for (Site site : s.topology().sites()) {
            for (Room room : site.rooms()) {
                for (Aisle aisle : room.aisles()) {
                    for (Rack rack : aisle.racks()) {
                        if (rack.id().equals(rackId)) {
                            return rackFileIn(disk, site, room, aisle, rackId);
                        }
                    }
                }
                for (Rack rack : room.standaloneRacks()) {
                    if (rack.id().equals(rackId)) {
                        return rackFileIn(disk, site, room, null, rackId);
                    }
                }
            }
        }
        throw ApiException.notFound("Rack file not found");
    }

    private static Path rackFileIn(TopologyDisk disk, Site site, Room room, Aisle aisle, String rackId) {
        Path roomDir = disk.roomDir(site.id(), room.id());
        if (roomDir != null) {
            Path listFile;
            String key;
            Path racksDir;
            if (aisle != null) {
                Path aisleDir = disk.aisleDir(roomDir, aisle.id());
                listFile = aisleDir.resolve("aisle.yaml");
                key = "racks";
                racksDir = aisleDir.resolve("racks");
            } else {
                listFile = roomDir.resolve("room.yaml");
                key = "standalone_racks";
                racksDir = roomDir.resolve("standalone_racks");
            }
            Map<String, Object> doc = disk.read(listFile);
            if (doc != null) {
                for (RackEntry e : disk.rackEntries(disk.list(doc, key, listFile), racksDir)) {
                    if (e.id().equals(rackId)) {
                        if (!e.inline() && Files.isRegularFile(e.file())) {
                            return e.file();
                        }
                        break;
                    }
                }
            }
        }
        throw ApiException.notFound("Rack file not found");
    }

    /** The rack's height: its file's {@code u_height}, else its template's, else 42. */
    private static int rackHeight(Map<String, Object> rack, Catalog catalog) {
        Integer own = laxInt(rack.get("u_height"));
        if (own != null && own != 0) {
            return own;
        }
        if (rack.get("template_id") instanceof String tid && !tid.isEmpty()) {
            return catalog.rackTemplate(tid).map(RackTemplate::uHeight).orElse(42);
        }
        return 42;
    }

    /** A device template's height, 1 when the template is unknown. */
    private static int deviceHeight(String templateId, Catalog catalog) {
        return catalog.deviceTemplate(templateId).map(DeviceTemplate::uHeight).orElse(1);
    }

    /** The U slots the file's devices take (those with a template and a position ≥ 1), except {@code skipId}'s. */
    private static Set<Long> occupied(List<Object> devices, Catalog catalog, String skipId) {
        Set<Long> out = new HashSet<>();
        for (Object d : devices) {
            if (!(d instanceof Map<?, ?> m) || (skipId != null && skipId.equals(m.get("id")))) {
                continue;
            }
            if (!TopologyLoader.truthy(m.get("template_id"))) {
                continue;
            }
            Integer start = laxInt(m.get("u_position"));
            if (start == null || start < 1) {
                continue;
            }
            int h = deviceHeight(String.valueOf(m.get("template_id")), catalog);
            for (long u = start; u < (long) start + h; u++) {
                out.add(u);
            }
        }
        return out;
    }

    private static boolean overlaps(Set<Long> occupied, int u, int h) {
        for (long x = u; x < (long) u + h; x++) {
            if (occupied.contains(x)) {
                return true;
            }
        }
        return false;
    }

    private static Integer laxInt(Object v) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short) {
            long n = ((Number) v).longValue();
            return n > Integer.MAX_VALUE || n < Integer.MIN_VALUE ? null : (int) n;
        }
        if (v instanceof String str) {
            try {
                return Integer.parseInt(str.strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> copy(Object mapping) {
        Map<String, Object> out = new LinkedHashMap<>();
        ((Map<Object, Object>) mapping).forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    private static String or(String id, String name) {
        return id == null || id.isEmpty() ? name : id;
    }

    private static Map<String, Object> body(String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(key, value);
        return m;
    }

    private static Map<String, Object> status(String status, String key, String id) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status);
        m.put(key, id);
        return m;
    }

    /**
     * A message without the server's folders: the configuration folder and the topology folder become
     * relative (answers name files the way an operator sees them in the config tree).
     */
    public String withoutServerPaths(String message) {
        Snapshot s = snapshots.current();
        String out = message;
        List<Path> roots = new ArrayList<>();
        if (s.config() != null) {
            roots.add(Paths.get(s.config().paths().topology()).toAbsolutePath().normalize());
        }
        if (s.appConfigFile() != null && s.appConfigFile().toAbsolutePath().getParent() != null) {
            roots.add(s.appConfigFile().toAbsolutePath().normalize().getParent());
        }
        for (Path root : roots) {
            out = out.replace(root + java.io.File.separator, "").replace(root.toString(), ".");
        }
        return out;
    }

    private Snapshot requireConfig() {
        Snapshot s = snapshots.current();
        if (s.config() == null) {
            throw new ApiException(503, "App config not loaded");
        }
        return s;
    }

    /** Runs a plan as one transaction on the segmented topology of the snapshot serving at that moment. */
    private Map<String, Object> commit(String why, Plan plan) throws LoadException, IOException {
        return snapshots.commit(why, (current, change) -> {
            if (current.config() == null) {
                throw new ApiException(503, "App config not loaded");
            }
            Path root = Paths.get(current.config().paths().topology());
            if (!Files.isDirectory(root)) {
                throw ApiException.badRequest("Topology writes need the segmented layout (paths.topology is a "
                        + "single file)");
            }
            TopologyDisk disk = new TopologyDisk(root);
            return plan.plan(current, disk, new Edits(disk, change));
        });
    }

    /**
     * The edits of one plan: every path checked to stay inside the topology folder, and every folder it
     * creates added level by level so that a roll-back removes all of them.
     */
    private static final class Edits {
        private final TopologyDisk disk;
        private final ConfigChange change;
        private final Set<Path> made = new HashSet<>();

        Edits(TopologyDisk disk, ConfigChange change) {
            this.disk = disk;
            this.change = change;
        }

        void mkdirs(Path dir) {
            List<Path> missing = new ArrayList<>();
            for (Path p = disk.inside(dir); p != null && !Files.isDirectory(p) && !made.contains(p);
                 p = p.getParent()) {
                missing.add(0, p);
            }
            for (Path p : missing) {
                change.mkdirs(p);
                made.add(p);
            }
        }

        void write(Path file, Object document) {
            Path target = disk.inside(file);
            mkdirs(Objects.requireNonNull(target.getParent()));
            change.writeYaml(target, document);
        }

        void delete(Path path) {
            change.delete(disk.inside(path));
        }
    }
}
