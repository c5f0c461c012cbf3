package dev.rackscope.core.topology;

import dev.rackscope.core.load.TopologyLoader;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.rackscope.api.http.ApiException;
import dev.rackscope.core.config.Yaml11;

/**
 * Where the segmented topology's entities live on disk, found as the loader finds them (room references or
 * the room folders, room.yaml ids, aisle folders named by aisle id, rack references resolved to files or
 * inline definitions). The write endpoints take identities from the in-memory topology and paths from
 * here, so a room folder whose name differs from its id, or a rack file named differently from its id,
 * is still edited where it is.
 */
final class TopologyDisk {

    /** One entry of a rack reference list: an inline definition ({@code file == null}) or a rack file. */
    record RackEntry(Object raw, String id, String ref, Path file) {
        boolean inline() {
            return file == null;
        }
    }

    private final Path root;
    private final Path realRoot;

    TopologyDisk(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.realRoot = this.root.toRealPath();
    }

    Path root() {
        return root;
    }

    Path sitesFile() {
        return root.resolve("sites.yaml");
    }

    Path siteDir(String siteId) {
        return inside(root.resolve("datacenters").resolve(siteId));
    }

    Path roomsDir(String siteId) {
        return siteDir(siteId).resolve("rooms");
    }

    /**
     * A path under the topology folder, symlinks followed as far as the path exists; anything that would
     * lead outside it is 403 "Access denied".
     */
    Path inside(Path path) {
        Path abs = path.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        try {
            Path real = existing == null ? abs : existing.toRealPath().resolve(existing.relativize(abs)).normalize();
            if (!real.startsWith(realRoot)) {
                throw new ApiException(403, "Access denied");
            }
        } catch (IOException e) {
            throw new ApiException(403, "Access denied");
        }
        return abs;
    }

    /** A file's path relative to the topology folder, for messages (no server paths in answers). */
    String relative(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        return abs.startsWith(root) ? root.relativize(abs).toString() : String.valueOf(abs.getFileName());
    }

    /** A YAML mapping file as raw data (key order kept); {@code null} when missing; 400 when it does not parse. */
    Map<String, Object> read(Path file) {
        try {
            return Yaml11.readMap(inside(file));
        } catch (Yaml11.YamlFileException e) {
            throw ApiException.badRequest("Cannot edit " + relative(file) + ": it is not a valid YAML mapping"
                    + (e.line() == null ? "" : " (line " + e.line() + ")"));
        }
    }

    /** The list under {@code key} (a missing or null key gives a new empty list); 400 when it is something else. */
    @SuppressWarnings("unchecked")
    List<Object> list(Map<String, Object> doc, String key, Path file) {
        Object v = doc.get(key);
        if (v == null) {
            return new ArrayList<>();
        }
        if (!(v instanceof List<?>)) {
            throw ApiException.badRequest("Cannot edit " + relative(file) + ": '" + key + "' is not a list");
        }
        return new ArrayList<>((List<Object>) v);
    }

    /** The first entry of sites.yaml {@code sites} with this id, or null. */
    static Map<String, Object> siteEntry(List<Object> sites, String siteId) {
        for (Object s : sites) {
            if (s instanceof Map<?, ?> m && siteId.equals(m.get("id"))) {
                @SuppressWarnings("unchecked")
                Map<String, Object> entry = (Map<String, Object>) m;
                return entry;
            }
        }
        return null;
    }

    /** The id a room or site list entry names: a string, or a mapping's {@code id}. */
    static Object entryId(Object entry) {
        return entry instanceof Map<?, ?> m ? m.get("id") : entry;
    }

    /**
     * The room references of a site as the loader takes them: the {@code rooms} list when it is non-empty,
     * else the sub-folders of {@code datacenters/<site>/rooms/}, sorted by name.
     */
    List<String> roomRefs(Map<String, Object> siteEntry, String siteId) {
        List<String> refs = new ArrayList<>();
        Object raw = siteEntry == null ? null : siteEntry.get("rooms");
        if (TopologyLoader.truthy(raw) && raw instanceof List<?> list) {
            for (Object entry : list) {
                if (entryId(entry) instanceof String r && !r.isEmpty()) {
                    refs.add(r);
                }
            }
            return refs;
        }
        return roomDirectories(siteId);
    }

    /** The sub-folders of a site's rooms folder, sorted by name. */
    List<String> roomDirectories(String siteId) {
        List<String> names = new ArrayList<>();
        Path dir = roomsDir(siteId);
        if (!Files.isDirectory(dir)) {
            return names;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (Files.isDirectory(p)) {
                    names.add(p.getFileName().toString());
                }
            }
        } catch (IOException e) {
            return names;
        }
        Collections.sort(names);
        return names;
    }

    /** The folder of the room {@code roomId} of site {@code siteId} (its room.yaml exists), or null. */
    Path roomDir(String siteId, String roomId) {
        Map<String, Object> sites = read(sitesFile());
        if (sites == null || !(sites.get("sites") instanceof List<?> list)) {
            return null;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> entry = siteEntry((List<Object>) list, siteId);
        for (String ref : roomRefs(entry, siteId)) {
            if (!TopologyLoader.isSafeSegment(ref)) {
                continue;
            }
            Path dir = inside(roomsDir(siteId).resolve(ref));
            Path roomFile = dir.resolve("room.yaml");
            if (!Files.isRegularFile(roomFile)) {
                continue;
            }
            Map<String, Object> room = read(roomFile);
            Object id = room.containsKey("id") ? room.get("id") : ref;
            if (roomId.equals(id)) {
                return dir;
            }
        }
        return null;
    }

    /** The folder of an aisle (the loader names it by the aisle id). */
    Path aisleDir(Path roomDir, String aisleId) {
        return inside(roomDir.resolve("aisles").resolve(aisleId));
    }

    /** Resolves a rack reference list ({@code racks} of aisle.yaml, {@code standalone_racks} of room.yaml). */
    List<RackEntry> rackEntries(List<?> refs, Path racksDir) {
        List<RackEntry> out = new ArrayList<>();
        for (Object raw : refs) {
            Object name = raw;
            if (raw instanceof Map<?, ?> m) {
                Object id = m.get("id");
                if (TopologyLoader.truthy(id) && m.size() > 1) {
                    out.add(new RackEntry(raw, String.valueOf(id), null, null));
                    continue;
                }
                name = id;
            }
            if (!(name instanceof String ref) || ref.isEmpty() || !TopologyLoader.isSafeSegment(ref)) {
                continue;
            }
            Path file = inside(racksDir.resolve(ref + ".yaml"));
            out.add(new RackEntry(raw, rackIdOf(file, ref), ref, file));
        }
        return out;
    }

    /** The rack id a rack file declares (its {@code id} wins over the file name), or {@code dflt}. */
    String rackIdOf(Path file, String dflt) {
        if (!Files.isRegularFile(file)) {
            return dflt;
        }
        Map<String, Object> doc = read(file);
        return doc.get("id") instanceof String s && !s.isEmpty() ? s : dflt;
    }

    /** Every rack file of a racks folder ({@code *.yaml}, sorted), by the rack id it declares (first wins). */
    Map<String, Path> rackFiles(Path racksDir) {
        Map<String, Path> out = new LinkedHashMap<>();
        if (!Files.isDirectory(racksDir)) {
            return out;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(racksDir, "*.yaml")) {
            for (Path p : ds) {
                if (Files.isRegularFile(p) && !p.getFileName().toString().startsWith(".")) {
                    files.add(p);
                }
            }
        } catch (IOException e) {
            return out;
        }
        Collections.sort(files);
        for (Path p : files) {
            String stem = p.getFileName().toString();
            stem = stem.substring(0, stem.length() - ".yaml".length());
            out.putIfAbsent(rackIdOf(inside(p), stem), p);
        }
        return out;
    }
}
