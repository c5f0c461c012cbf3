package dev.rackscope.core.load;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.rackscope.api.model.Aisle;
import dev.rackscope.api.model.Device;
import dev.rackscope.api.model.Rack;
import dev.rackscope.api.model.Room;
import dev.rackscope.api.model.RoomLayout;
import dev.rackscope.api.model.Site;
import dev.rackscope.api.model.Topology;
import dev.rackscope.core.config.Yaml11;

/**
 * Loads a topology (core.md §2.1–§2.4): a directory in the segmented layout ({@code sites.yaml},
 * {@code datacenters/<site>/rooms/<room>/room.yaml}, aisle and rack files) or one monolithic file.
 *
 * <p>Where the original crashes on a malformed structure ({@code sites: null}, a string aisle entry, a
 * room.yaml that is not a mapping, …) this loader throws a {@link LoadException} that names the file.
 * Model violations anywhere in the assembled topology (bad ids, missing names, out-of-range values, an
 * instance range over the cap, duplicate site / room-in-site / aisle-in-room ids) are collected and
 * fail the whole load with one message that names each offending file. Missing room, aisle and rack
 * files, duplicate rack, device and cross-site room ids, and instance name collisions are returned as
 * warnings and do not fail the load.
 *
 * <p>The ID pattern is applied strictly: unlike Python's {@code $}, a trailing newline is rejected.
 */
public final class TopologyLoader {

    /** The ID pattern for site, room, aisle and rack ids (checked by hand, see {@link #isValidId}). */
    public static final String ID_PATTERN = "^[a-z0-9][a-z0-9._-]{0,127}$";

    private static final int MAX_REPORTED_PROBLEMS = 25;
    private static final Object MISSING = new Object();

    /** A loaded topology and the warnings of its load, each naming the file concerned. */
    public record LoadedTopology(Topology topology, List<String> warnings) {
        public LoadedTopology {
            warnings = List.copyOf(warnings);
        }
    }

    private TopologyLoader() {
    }

    /**
     * Loads the topology at {@code path}: a directory is read as the segmented layout, a file as the
     * monolithic one.
     *
     * @throws LoadException when the path or {@code sites.yaml} is missing, a file is not valid YAML or
     *                       has the wrong shape, or the assembled topology fails validation
     */
    public static LoadedTopology load(Path path) throws LoadException {
        if (Files.isDirectory(path)) {
            return new Segmented(path).load();
        }
        if (!Files.exists(path)) {
            throw new LoadException("Topology file not found: " + path, path.toString());
        }
        return new Monolithic(path).load();
    }

    /**
     * True when {@code id} matches {@link #ID_PATTERN}: 1–128 characters from {@code [a-z0-9._-]}, the
     * first a lowercase letter or digit. No trailing newline is accepted.
     */
    public static boolean isValidId(String id) {
        int n = id == null ? 0 : id.length();
        if (n == 0 || n > 128) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = id.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-'))) {
                return false;
            }
        }
        return true;
    }

    /** The original's message for an id that fails the pattern; {@code label} is e.g. {@code rack_id}. */
    public static String invalidIdMessage(String label, String value) {
        return "Invalid " + label + ": " + PyRepr.quote(value) + ". IDs must start with a lowercase letter or digit and "
                + "contain only lowercase letters, digits, dots, hyphens and underscores (max 128 characters).";
    }

    /**
     * Reads one Device (core.md §2.2) with the loader's rules, recording problems in {@code f}'s collector;
     * for request bodies that carry devices (the rack editor's save).
     */
    public static Device readDevice(Fields f) {
        return Load.device(f);
    }

    // ================================================================== shared model reading and checks

    /** State of one load: problems per file, warnings, and the file each assembled entity came from. */
    private abstract static class Load {
        final Map<String, Problems> problems = new LinkedHashMap<>();
        final List<String> warnings = new ArrayList<>();
        final Map<Object, String> fileOf = new IdentityHashMap<>();
        final String defaultFile;

        Load(String defaultFile) {
            this.defaultFile = defaultFile;
        }

        Problems problemsFor(String file) {
            return problems.computeIfAbsent(file, f -> new Problems());
        }

        String fileOf(Object entity) {
            return fileOf.getOrDefault(entity, defaultFile);
        }

        abstract String failureHeader();

        /** Whether each problem in the failure message is prefixed with its file (not needed for one file). */
        abstract boolean namesFiles();

        /** Runs the whole-topology checks and throws if any problem was recorded. */
        LoadedTopology finish(List<Site> sites) throws LoadException {
            checkAssembled(sites);
            String firstFile = null;
            StringBuilder sb = new StringBuilder();
            int count = 0;
            for (Map.Entry<String, Problems> e : problems.entrySet()) {
                for (Problems.Problem p : e.getValue().list()) {
                    if (firstFile == null) {
                        firstFile = e.getKey();
                    }
                    if (count++ < MAX_REPORTED_PROBLEMS) {
                        sb.append(count == 1 ? "" : "; ");
                        if (namesFiles()) {
                            sb.append(e.getKey()).append(": ");
                        }
                        String loc = Problems.path(p.loc());
                        sb.append(loc.isEmpty() ? "(root)" : loc).append(": ").append(p.msg());
                    }
                }
            }
            if (count > 0) {
                if (count > MAX_REPORTED_PROBLEMS) {
                    sb.append("; … and ").append(count - MAX_REPORTED_PROBLEMS).append(" more problem(s)");
                }
                throw new LoadException(failureHeader() + ": " + sb, firstFile, null, null);
            }
            return new LoadedTopology(new Topology(sites), warnings);
        }

        /**
         * The checks that need the assembled topology: duplicate ids (errors or warnings), the instance
         * range cap and instance name collisions, in the order the index is built.
         */
        private void checkAssembled(List<Site> sites) {
            Set<String> siteIds = new HashSet<>();
            Map<String, Owner> roomOwners = new HashMap<>();
            Map<String, String> rackFiles = new HashMap<>();
            Map<String, String> deviceFiles = new HashMap<>();
            Map<String, Owner> instanceOwners = new HashMap<>(1 << 12);
            for (int si = 0; si < sites.size(); si++) {
                Site site = sites.get(si);
                if (site.id() != null && !siteIds.add(site.id())) {
                    problemsFor(fileOf(site)).add("value_error", List.of("sites"),
                            "Value error, Duplicate site IDs found in topology (" + PyRepr.quote(site.id()) + ")", site.id());
                }
                Set<String> roomIds = new HashSet<>();
                for (int ri = 0; ri < site.rooms().size(); ri++) {
                    Room room = site.rooms().get(ri);
                    String roomFile = fileOf(room);
                    boolean named = room.id() != null; // a null id was already reported as invalid
                    if (named && !roomIds.add(room.id())) {
                        problemsFor(roomFile).add("value_error", List.of("sites", si, "rooms"),
                                "Value error, Duplicate room IDs found in site (" + PyRepr.quote(room.id()) + ")", room.id());
                    } else if (named) {
                        Owner other = roomOwners.putIfAbsent(room.id(), new Owner(site.id(), roomFile));
                        if (other != null) {
                            warnings.add("Duplicate room id " + PyRepr.quote(room.id()) + " in site " + PyRepr.quote(site.id()) + " ("
                                    + roomFile + ") is also in site " + PyRepr.quote(other.id()) + " (" + other.file()
                                    + "); lookups by room id use the last one");
                        }
                    }
                    Set<String> aisleIds = new HashSet<>();
                    for (int ai = 0; ai < room.aisles().size(); ai++) {
                        Aisle aisle = room.aisles().get(ai);
                        if (aisle.id() != null && !aisleIds.add(aisle.id())) {
                            problemsFor(fileOf(aisle)).add("value_error", List.of("sites", si, "rooms", ri, "aisles"),
                                    "Value error, Duplicate aisle IDs found in room (" + PyRepr.quote(aisle.id()) + ")",
                                    aisle.id());
                        }
                        List<Rack> racks = aisle.racks();
                        for (int ki = 0; ki < racks.size(); ki++) {
                            checkRack(racks.get(ki), List.of("sites", si, "rooms", ri, "aisles", ai, "racks", ki),
                                    rackFiles, deviceFiles, instanceOwners);
                        }
                    }
                    List<Rack> standalone = room.standaloneRacks();
                    for (int ki = 0; ki < standalone.size(); ki++) {
                        checkRack(standalone.get(ki), List.of("sites", si, "rooms", ri, "standalone_racks", ki),
                                rackFiles, deviceFiles, instanceOwners);
                    }
                }
            }
        }

        private void checkRack(Rack rack, List<Object> loc, Map<String, String> rackFiles,
                               Map<String, String> deviceFiles, Map<String, Owner> instanceOwners) {
            String file = fileOf(rack);
            String firstRackFile = rack.id() == null ? null : rackFiles.putIfAbsent(rack.id(), file);
            if (firstRackFile != null) {
                warnings.add("Duplicate rack id " + PyRepr.quote(rack.id()) + " in " + file + " (first in " + firstRackFile
                        + "); lookups by rack id use the last one");
            }
            List<Device> devices = rack.devices();
            for (int di = 0; di < devices.size(); di++) {
                Device device = devices.get(di);
                String firstDeviceFile = device.id() == null ? null : deviceFiles.putIfAbsent(device.id(), file);
                if (firstDeviceFile != null) {
                    warnings.add("Duplicate device id " + PyRepr.quote(device.id()) + " in " + file + " (first in "
                            + firstDeviceFile + "); lookups by device id use the last one");
                }
                List<String> names;
                try {
                    names = InstanceExpander.instances(device);
                } catch (InstanceExpander.RangeTooLargeException e) {
                    List<Object> l = new ArrayList<>(loc);
                    l.add("devices");
                    l.add(di);
                    l.add("instance");
                    problemsFor(file).add("value_error", l, "Value error, " + e.getMessage(), e.pattern());
                    continue;
                }
                Owner owner = null;
                for (String name : names) {
                    if (owner == null) {
                        owner = new Owner(device.id(), file);
                    }
                    Owner previous = instanceOwners.put(name, owner);
                    if (previous != null) {
                        warnings.add("Instance name collision: " + PyRepr.quote(name) + " of device " + PyRepr.quote(device.id())
                                + " (" + file + ") replaces the one of device " + PyRepr.quote(previous.id()) + " ("
                                + previous.file() + ")");
                    }
                }
            }
        }

        // -------------------------------------------------------------- model readers

        /**
         * A pattern-checked id: required, or defaulted to {@code dflt} when absent; {@code null} when it
         * is missing or invalid (the problem is recorded).
         */
        static String id(Fields f, String label, String dflt) {
            String v = dflt == null ? f.reqStr("id", 0) : f.str("id", dflt);
            if (v == null) {
                return null;
            }
            if (!isValidId(v)) {
                f.problems().add("value_error", f.loc("id"), "Value error, " + invalidIdMessage(label, v), v);
                return null;
            }
            return v;
        }

        /** A list of mappings where {@code null} is an error (the original's non-optional list fields). */
        static List<Fields> modelList(Fields f, String key) {
            if (f.isNull(key)) {
                f.problems().add("list_type", f.loc(key), "Input should be a valid list", null);
            }
            return f.list(key);
        }

        /**
         * @param aisleOf the id of the aisle that lists the rack, or null for a standalone rack: the rack's
         *                {@code aisle_id} when its file says none (the original leaves it null, so the web UI's rack
         *                page could not find the rack's room and aisle); a value in the file wins
         */
        Rack rack(Fields f, String file, String aisleOf) {
            String id = id(f, "rack_id", null);
            String name = f.reqStr("name", 0);
            String templateId = f.optStr("template_id", null);
            int uHeight = f.integer("u_height", 42, 1, 60);
            String aisleId = f.optStr("aisle_id", null);
            if (aisleId == null) {
                aisleId = aisleOf;
            }
            List<Fields> deviceFields = modelList(f, "devices");
            List<Device> devices = new ArrayList<>(deviceFields.size());
            for (Fields d : deviceFields) {
                devices.add(device(d));
            }
            Rack rack = new Rack(id, name, templateId, uHeight, aisleId, devices);
            if (!file.equals(defaultFile)) {
                fileOf.put(rack, file);
            }
            return rack;
        }

        static Device device(Fields f) {
            String id = f.reqStr("id", 0);
            String name = f.reqStr("name", 0);
            String templateId = f.reqStr("template_id", 0);
            int uPosition = f.reqInteger("u_position", null, null);
            Object instance = f.has("instance") ? instanceValue(f, "instance", false) : Map.of();
            Object nodes = f.has("nodes") ? instanceValue(f, "nodes", true) : null;
            return new Device(id, name, templateId, uPosition, instance, nodes, labels(f));
        }

        /** {@code instance} / {@code nodes}: a string, a list of strings, or a map of slot number to string. */
        static Object instanceValue(Fields f, String key, boolean nullable) {
            Object v = f.raw(key);
            if (v instanceof String) {
                return v;
            }
            if (v instanceof List<?> list) {
                if (list.isEmpty()) {
                    return List.of();
                }
                List<String> out = new ArrayList<>(list.size());
                for (int i = 0; i < list.size(); i++) {
                    if (list.get(i) instanceof String s) {
                        out.add(s);
                    } else {
                        List<Object> l = f.loc(key);
                        l.add(i);
                        f.problems().add("string_type", l, "Input should be a valid string", list.get(i));
                    }
                }
                return Collections.unmodifiableList(out);
            }
            if (v instanceof Map<?, ?> map) {
                if (map.isEmpty()) {
                    return Map.of();
                }
                Map<String, String> out = new LinkedHashMap<>(map.size() * 2);
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    String slot = slotKey(e.getKey());
                    List<Object> l = f.loc(key);
                    l.add(String.valueOf(e.getKey()));
                    if (slot == null) {
                        f.problems().add("int_parsing", l, "Input should be a valid integer (a slot number), unable "
                                + "to parse " + PyRepr.quote(String.valueOf(e.getKey())) + " as an integer", e.getKey());
                    } else if (!(e.getValue() instanceof String s)) {
                        f.problems().add("string_type", l, "Input should be a valid string", e.getValue());
                    } else {
                        out.put(slot, s);
                    }
                }
                return Collections.unmodifiableMap(out);
            }
            if (v == null && nullable) {
                return null;
            }
            f.problems().add("instance_type", f.loc(key), "Input should be a string, a list of strings or a "
                    + "mapping of slot numbers to strings" + (v == null ? " (null is not allowed)" : ""), v);
            return Map.of();
        }

        /** A slot number in its canonical decimal form ({@code "01"} and {@code 1} both give "1"), or null. */
        static String slotKey(Object k) {
            if (k instanceof Integer || k instanceof Long || k instanceof Short || k instanceof Byte) {
                return Long.toString(((Number) k).longValue());
            }
            if (k instanceof BigInteger b) {
                return b.toString();
            }
            if (k instanceof Boolean b) {
                return b ? "1" : "0";
            }
            if (k instanceof Double || k instanceof Float) {
                double d = ((Number) k).doubleValue();
                if (d == Math.rint(d) && !Double.isInfinite(d)) {
                    return new BigDecimal(d).toBigInteger().toString();
                }
                return null;
            }
            if (k instanceof String s) {
                String t = s.strip();
                int start = t.startsWith("+") || t.startsWith("-") ? 1 : 0;
                if (t.length() == start) {
                    return null;
                }
                for (int i = start; i < t.length(); i++) {
                    char c = t.charAt(i);
                    if (c < '0' || c > '9') {
                        return null;
                    }
                }
                return new BigInteger(t.startsWith("+") ? t.substring(1) : t).toString();
            }
            return null;
        }

        static Map<String, String> labels(Fields f) {
            Object v = f.raw("labels");
            if (v == null) {
                return null;
            }
            if (!(v instanceof Map<?, ?> map)) {
                f.problems().add("dict_type", f.loc("labels"), "Input should be a valid dictionary", v);
                return null;
            }
            Map<String, String> out = new LinkedHashMap<>(map.size() * 2);
            for (Map.Entry<?, ?> e : map.entrySet()) {
                List<Object> l = f.loc("labels");
                l.add(String.valueOf(e.getKey()));
                if (!(e.getKey() instanceof String key)) {
                    f.problems().add("string_type", l, "Input should be a valid string (label names must be quoted "
                            + "if they look like numbers)", e.getKey());
                } else if (!(e.getValue() instanceof String s)) {
                    f.problems().add("string_type", l, "Input should be a valid string (label values must be "
                            + "quoted if they look like numbers)", e.getValue());
                } else {
                    out.put(key, s);
                }
            }
            return Collections.unmodifiableMap(out);
        }

        static Site.Location location(Fields site) {
            Object v = site.raw("location");
            if (v == null) {
                return null;
            }
            if (!(v instanceof Map)) {
                site.problems().add("model_type", site.loc("location"),
                        "Input should be a valid dictionary or instance of SiteLocation", v);
                return null;
            }
            Fields f = site.child("location");
            double lat = f.reqNumber("lat", -90.0, 90.0);
            double lon = f.reqNumber("lon", -180.0, 180.0);
            return new Site.Location(lat, lon, f.optStr("address", null));
        }

        /** The room layout with the original's defaults (§2.2.1); {@code null} when absent or null. */
        static RoomLayout layout(Fields room) {
            Object v = room.raw("layout");
            if (v == null) {
                return null;
            }
            if (!(v instanceof Map)) {
                room.problems().add("model_type", room.loc("layout"),
                        "Input should be a valid dictionary or instance of RoomLayout", v);
                return null;
            }
            Fields f = room.child("layout");
            String shape = f.str("shape", "rectangle");
            Fields size = section(f, "size", "RoomLayoutSize");
            Fields orientation = section(f, "orientation", "RoomLayoutOrientation");
            Fields grid = section(f, "grid", "RoomLayoutGrid");
            RoomLayout.Door door = null;
            if (!f.has("door")) {
                door = new RoomLayout.Door("west", "Entrance", 0.2);
            } else if (f.raw("door") != null) {
                Fields d = section(f, "door", "RoomLayoutDoor");
                door = new RoomLayout.Door(d.str("side", "west"), d.optStr("label", "Entrance"),
                        d.number("position", 0.2, 0.0, false, 1.0));
            }
            return new RoomLayout(shape,
                    new RoomLayout.Size(size.number("width", 24, 1.0, false, null),
                            size.number("height", 16, 1.0, false, null)),
                    new RoomLayout.Orientation(orientation.str("north", "top")),
                    new RoomLayout.Grid(grid.bool("enabled", false), grid.number("cell", 32, 4.0, false, null)),
                    door);
        }

        /** A nested object with defaults: absent gives the defaults, null or a non-mapping is a problem. */
        private static Fields section(Fields parent, String key, String model) {
            Object v = parent.raw(key);
            if (parent.has(key) && !(v instanceof Map)) {
                parent.problems().add("model_type", parent.loc(key),
                        "Input should be a valid dictionary or instance of " + model, v);
                return new Fields(Map.of(), parent.loc(key), parent.problems());
            }
            return parent.child(key);
        }
    }

    /** Who holds an id or a name first: an owner id and its file. */
    private record Owner(String id, String file) {
    }

    // ================================================================== segmented layout

    private static final class Segmented extends Load {
        private final Path dir;

        Segmented(Path dir) {
            super(dir.resolve("sites.yaml").toString());
            this.dir = dir;
        }

        @Override
        String failureHeader() {
            return "Validation failed for segmented topology " + dir;
        }

        @Override
        boolean namesFiles() {
            return true;
        }

        LoadedTopology load() throws LoadException {
            Path sitesFile = dir.resolve("sites.yaml");
            Object root = readYaml(sitesFile);
            if (root == MISSING) {
                throw new LoadException("Topology sites file not found: " + sitesFile, sitesFile.toString());
            }
            Map<?, ?> doc = document(root, sitesFile);
            List<?> entries = listKey(doc, "sites", sitesFile, null);
            Problems problems = problemsFor(sitesFile.toString());
            List<Site> sites = new ArrayList<>(entries.size());
            for (int i = 0; i < entries.size(); i++) {
                Object entry = entries.get(i);
                if (!(entry instanceof Map<?, ?> m)) {
                    throw shape(sitesFile, "sites[" + i + "] must be a mapping with an 'id', found " + describe(entry));
                }
                if (!truthy(m.get("id"))) {
                    continue; // the original skips a site without an id
                }
                Fields f = new Fields(m, List.of("sites", sites.size()), problems);
                String siteId = id(f, "site_id", null);
                if (siteId == null) {
                    continue; // never build paths from an invalid id
                }
                String name = f.str("name", siteId);
                String description = f.optStr("description", null);
                Site.Location location = location(f);
                List<Room> rooms = rooms(m, f, siteId, sites.size(), sitesFile);
                Site site = new Site(siteId, name, description, location, rooms);
                sites.add(site);
            }
            return finish(sites);
        }

        private List<Room> rooms(Map<?, ?> site, Fields f, String siteId, int si, Path sitesFile)
                throws LoadException {
            Path roomsDir = dir.resolve("datacenters").resolve(siteId).resolve("rooms");
            Object raw = site.get("rooms");
            List<?> refs;
            if (!truthy(raw)) {
                refs = roomDirectories(roomsDir);
            } else if (raw instanceof List<?> l) {
                refs = l;
            } else {
                throw shape(sitesFile, "site " + PyRepr.quote(siteId) + ": 'rooms' must be a list of room ids or "
                        + "{id: ...} entries, found " + describe(raw));
            }
            List<Room> rooms = new ArrayList<>(refs.size());
            for (int j = 0; j < refs.size(); j++) {
                Object entry = refs.get(j);
                Object ref = entry instanceof Map<?, ?> m ? m.get("id") : entry;
                if (!truthy(ref)) {
                    continue;
                }
                List<Object> loc = new ArrayList<>(f.loc("rooms"));
                loc.add(j);
                if (!(ref instanceof String r)) {
                    f.problems().add("string_type", loc, "Input should be a valid string (a room id)", ref);
                    continue;
                }
                if (!isSafeSegment(r)) {
                    f.problems().add("value_error", loc, "Value error, invalid room reference " + PyRepr.quote(r)
                            + ": it must be the name of a directory under " + roomsDir, r);
                    continue;
                }
                Room room = room(roomsDir.resolve(r), r, si, rooms.size());
                if (room != null) {
                    rooms.add(room);
                }
            }
            return rooms;
        }

        private static List<String> roomDirectories(Path roomsDir) throws LoadException {
            List<String> names = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(roomsDir)) {
                for (Path p : ds) {
                    if (Files.isDirectory(p)) {
                        names.add(p.getFileName().toString());
                    }
                }
            } catch (NoSuchFileException | NotDirectoryException e) {
                return List.of();
            } catch (IOException e) {
                throw new LoadException("Cannot list rooms in " + roomsDir + ": " + e.getMessage(),
                        roomsDir.toString(), null, e);
            }
            Collections.sort(names);
            return names;
        }

        private Room room(Path roomDir, String ref, int si, int ri) throws LoadException {
            Path roomFile = roomDir.resolve("room.yaml");
            Object root = readYaml(roomFile);
            if (root == MISSING) {
                warnings.add("Missing room file: " + roomFile + "; room " + PyRepr.quote(ref) + " skipped");
                return null;
            }
            Map<?, ?> doc = document(root, roomFile);
            String file = roomFile.toString();
            Fields f = new Fields(doc, List.of("sites", si, "rooms", ri), problemsFor(file));
            String id = id(f, "room_id", ref);
            String name = f.str("name", ref);
            String description = f.optStr("description", null);
            RoomLayout layout = layout(f);

            List<?> aisleEntries = listKey(doc, "aisles", roomFile, "[{id: ..., name: ...}]");
            List<Aisle> aisles = new ArrayList<>(aisleEntries.size());
            for (int k = 0; k < aisleEntries.size(); k++) {
                Object entry = aisleEntries.get(k);
                if (!(entry instanceof Map<?, ?> m)) {
                    throw shape(roomFile, "aisles[" + k + "] must be a mapping like {id: " + entryHint(entry)
                            + ", name: ...}, found " + describe(entry));
                }
                if (!truthy(m.get("id"))) {
                    continue;
                }
                Fields af = new Fields(m, List.of("sites", si, "rooms", ri, "aisles", aisles.size()), f.problems());
                String aisleId = id(af, "aisle_id", null);
                if (aisleId == null) {
                    continue;
                }
                String aisleName = af.str("name", aisleId);
                Path aisleDir = roomDir.resolve("aisles").resolve(aisleId);
                Path aisleFile = aisleDir.resolve("aisle.yaml");
                Object aisleRoot = readYaml(aisleFile);
                if (aisleRoot == MISSING) {
                    warnings.add("Missing aisle file: " + aisleFile + "; aisle " + PyRepr.quote(aisleId) + " of room "
                            + PyRepr.quote(ref) + " skipped");
                    continue;
                }
                List<?> refs = listKey(document(aisleRoot, aisleFile), "racks", aisleFile, "[rack-id, ...]");
                List<Object> loc = List.of("sites", si, "rooms", ri, "aisles", aisles.size(), "racks");
                Aisle aisle = new Aisle(aisleId, aisleName,
                        racks(refs, aisleDir.resolve("racks"), aisleFile, loc, aisleId));
                fileOf.put(aisle, file);
                aisles.add(aisle);
            }

            List<?> standaloneRefs = listKey(doc, "standalone_racks", roomFile, "[rack-id, ...]");
            List<Rack> standalone = racks(standaloneRefs, roomDir.resolve("standalone_racks"), roomFile,
                    List.of("sites", si, "rooms", ri, "standalone_racks"), null);
            Room room = new Room(id, name, description, layout, aisles, standalone);
            fileOf.put(room, file);
            return room;
        }

        /**
         * Resolves rack references: a name or {@code {id}} reads a rack file, a fuller mapping is inline.
         *
         * @param aisleOf the aisle listing them, or null for standalone racks
         */
        private List<Rack> racks(List<?> refs, Path racksDir, Path refFile, List<Object> listLoc, String aisleOf)
                throws LoadException {
            List<Rack> racks = new ArrayList<>(refs.size());
            for (Object ref : refs) {
                List<Object> loc = new ArrayList<>(listLoc.size() + 1);
                loc.addAll(listLoc);
                loc.add(racks.size());
                Object name = ref;
                if (ref instanceof Map<?, ?> m) {
                    Object id = m.get("id");
                    if (truthy(id) && m.size() > 1) {
                        String file = refFile.toString();
                        racks.add(rack(new Fields(m, loc, problemsFor(file)), file, aisleOf));
                        continue;
                    }
                    name = id;
                }
                if (!(name instanceof String r) || r.isEmpty()) {
                    continue; // the original skips numbers, mappings without id and empty strings
                }
                if (!isSafeSegment(r)) {
                    problemsFor(refFile.toString()).add("value_error", loc, "Value error, invalid rack reference "
                            + PyRepr.quote(r) + ": it must be the name of a file in " + racksDir, r);
                    continue;
                }
                Path rackFile = racksDir.resolve(r + ".yaml");
                Object root = readYaml(rackFile);
                if (root == MISSING) {
                    warnings.add("Missing rack file: " + rackFile + "; rack " + PyRepr.quote(r) + " skipped");
                    continue;
                }
                if (!truthy(root)) {
                    continue; // an empty rack file is skipped
                }
                String file = rackFile.toString();
                if (!(root instanceof Map<?, ?> m)) {
                    problemsFor(file).add("model_type", loc, "Input should be a valid dictionary or instance of Rack",
                            describe(root));
                    continue;
                }
                racks.add(rack(new Fields(m, loc, problemsFor(file)), file, aisleOf));
            }
            return racks;
        }
    }

    // ================================================================== monolithic layout

    private static final class Monolithic extends Load {
        private final Path file;

        Monolithic(Path file) {
            super(file.toString());
            this.file = file;
        }

        @Override
        String failureHeader() {
            return "Validation failed for " + file;
        }

        @Override
        boolean namesFiles() {
            return false;
        }

        LoadedTopology load() throws LoadException {
            Object root = readYaml(file);
            if (root == MISSING) {
                throw new LoadException("Topology file not found: " + file, file.toString());
            }
            if (root == null) {
                return new LoadedTopology(Topology.EMPTY, List.of());
            }
            Problems problems = problemsFor(file.toString());
            if (!(root instanceof Map<?, ?> doc)) {
                problems.add("model_type", List.of(), "Input should be a valid dictionary or instance of Topology",
                        describe(root));
                return finish(List.of());
            }
            Fields top = new Fields(doc, List.of(), problems);
            List<Site> sites = new ArrayList<>();
            for (Fields sf : modelList(top, "sites")) {
                String id = id(sf, "site_id", null);
                String name = sf.reqStr("name", 0);
                String description = sf.optStr("description", null);
                Site.Location location = location(sf);
                List<Room> rooms = new ArrayList<>();
                for (Fields rf : modelList(sf, "rooms")) {
                    rooms.add(room(rf));
                }
                sites.add(new Site(id, name, description, location, rooms));
            }
            return finish(sites);
        }

        private Room room(Fields f) {
            String id = id(f, "room_id", null);
            String name = f.reqStr("name", 0);
            String description = f.optStr("description", null);
            RoomLayout layout = layout(f);
            List<Aisle> aisles = new ArrayList<>();
            for (Fields af : modelList(f, "aisles")) {
                String aisleId = id(af, "aisle_id", null);
                String aisleName = af.reqStr("name", 0);
                List<Rack> racks = new ArrayList<>();
                for (Fields kf : modelList(af, "racks")) {
                    racks.add(rack(kf, defaultFile, aisleId));
                }
                aisles.add(new Aisle(aisleId, aisleName, racks));
            }
            List<Rack> standalone = new ArrayList<>();
            for (Fields kf : modelList(f, "standalone_racks")) {
                standalone.add(rack(kf, defaultFile, null));
            }
            return new Room(id, name, description, layout, aisles, standalone);
        }
    }

    // ================================================================== file and shape helpers

    /** The parsed document, or {@link #MISSING}; unreadable or malformed YAML is a LoadException. */
    private static Object readYaml(Path file) throws LoadException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return MISSING;
        } catch (IOException e) {
            throw new LoadException("Cannot read " + file + ": " + e, file.toString(), null, e);
        }
        try {
            return Yaml11.parse(text, file.toString());
        } catch (Yaml11.YamlFileException e) {
            throw new LoadException(e.getMessage(), file.toString(), e.line(), e);
        }
    }

    /** A file's root mapping; an empty or falsy document is an empty mapping (as the original's {@code or {}}). */
    private static Map<?, ?> document(Object root, Path file) throws LoadException {
        if (root instanceof Map<?, ?> m) {
            return m;
        }
        if (!truthy(root)) {
            return Map.of();
        }
        throw shape(file, "the document must be a mapping, found " + describe(root));
    }

    /** A list-valued key: absent gives an empty list; null or a non-list fails the load. */
    private static List<?> listKey(Map<?, ?> doc, String key, Path file, String example) throws LoadException {
        if (!doc.containsKey(key)) {
            return List.of();
        }
        Object v = doc.get(key);
        if (v instanceof List<?> l) {
            return l;
        }
        String hint = example == null ? "" : " such as " + example;
        if (v == null) {
            throw shape(file, "'" + key + "' is empty (null); write '" + key + ": []' or list entries" + hint);
        }
        throw shape(file, "'" + key + "' must be a list" + hint + ", found " + describe(v));
    }

    private static LoadException shape(Path file, String what) {
        return new LoadException("Invalid topology file " + file + ": " + what, file.toString());
    }

    private static String entryHint(Object entry) {
        return entry instanceof String s && !s.isEmpty() ? s : "...";
    }

    /** Python truthiness, used where the original writes {@code if not x} or {@code x or default}. */
    public static boolean truthy(Object v) {
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s) {
            return !s.isEmpty();
        }
        if (v instanceof Collection<?> c) {
            return !c.isEmpty();
        }
        if (v instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        if (v instanceof BigInteger b) {
            return b.signum() != 0;
        }
        if (v instanceof Number n) {
            return n.doubleValue() != 0;
        }
        return true;
    }

    /** A reference that is safe to use as one path segment (no separators, not {@code .} or {@code ..}). */
    public static boolean isSafeSegment(String s) {
        return !s.isEmpty() && !s.equals(".") && !s.equals("..") && s.indexOf('/') < 0 && s.indexOf('\\') < 0
                && s.indexOf('\0') < 0;
    }

    private static String describe(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String s) {
            return "the string " + PyRepr.quote(s);
        }
        if (v instanceof Map) {
            return "a mapping";
        }
        if (v instanceof List) {
            return "a list";
        }
        if (v instanceof Boolean) {
            return "the boolean " + v;
        }
        if (v instanceof Number) {
            return "the number " + v;
        }
        return "a " + v.getClass().getSimpleName();
    }
}
