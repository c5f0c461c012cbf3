package dev.rackscope.core.telemetry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import dev.rackscope.api.config.ConfigWriter;
import dev.rackscope.core.config.Yaml11;

/**
 * The maintenance windows of {@code <app.yaml folder>/maintenances.yaml} ({@code {maintenances: [...]}},
 * telemetry spec §3.5).
 *
 * <p>Reading: a missing file is an empty list; a file that cannot be read or parsed, or whose root is not
 * a mapping, or whose {@code maintenances} is not a list, is <em>corrupt</em>: it reads as an empty list
 * (nothing crashes, no alert is silenced) and every change is refused with {@link CorruptFileException},
 * leaving the file untouched. Entries that are not valid maintenances are skipped on read but written back
 * unchanged, in place, as are other root keys: a change never loses what it did not understand.
 *
 * <p>Writing: every change re-reads the file, applies itself and writes the whole file through
 * {@link ConfigWriter#writeYaml} (atomic replace), all under one lock per file, so concurrent changes are
 * serialized and none is lost. Reads are served from the last parse while the file's size and modification
 * time are unchanged. Listeners run after each successful change, outside the lock.
 */
public final class MaintenanceStore {

    /** The file name, in the folder of app.yaml. */
    public static final String FILE_NAME = "maintenances.yaml";

    private static final ConcurrentHashMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    /**
     * One (target_type, target_id) pair an alert is checked against.
     */
    public record Candidate(Maintenance.TargetType type, String id) {
        public Candidate {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(id, "id");
        }

        /**
         * The candidates of a node alert, as the original builds them: (device, <b>instance name</b>), then
         * (rack, rackId), (room, roomId), (site, siteId); a null or empty parent id is left out.
         */
        public static List<Candidate> forNode(String instance, String rackId, String roomId, String siteId) {
            List<Candidate> list = new ArrayList<>(4);
            list.add(new Candidate(Maintenance.TargetType.DEVICE, instance));
            addIfSet(list, Maintenance.TargetType.RACK, rackId);
            addIfSet(list, Maintenance.TargetType.ROOM, roomId);
            addIfSet(list, Maintenance.TargetType.SITE, siteId);
            return list;
        }

        /** The candidates of a rack alert: (rack, rackId), then (room, roomId), (site, siteId). */
        public static List<Candidate> forRack(String rackId, String roomId, String siteId) {
            List<Candidate> list = new ArrayList<>(3);
            list.add(new Candidate(Maintenance.TargetType.RACK, rackId));
            addIfSet(list, Maintenance.TargetType.ROOM, roomId);
            addIfSet(list, Maintenance.TargetType.SITE, siteId);
            return list;
        }

        private static void addIfSet(List<Candidate> list, Maintenance.TargetType type, String id) {
            if (id != null && !id.isEmpty()) {
                list.add(new Candidate(type, id));
            }
        }
    }

    /** No maintenance has this id. */
    public static final class NotFoundException extends NoSuchElementException {
        private static final long serialVersionUID = 1L;

        NotFoundException(String id) {
            super("Maintenance not found: " + id);
        }
    }

    /** The change does not apply to the maintenance's state ("Maintenance already ended" ...). */
    public static final class InvalidStateException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        InvalidStateException(String message) {
            super(message);
        }
    }

    /** The file exists but is not a valid maintenances document; changes are refused, the file is kept. */
    public static final class CorruptFileException extends IllegalStateException {
        private static final long serialVersionUID = 1L;
        private final transient Path file;

        CorruptFileException(Path file, String problem) {
            super(file + " is not a valid maintenances file (" + problem + "); it was left unchanged. "
                    + "Fix or remove it before changing maintenances.");
            this.file = file;
        }

        public Path file() {
            return file;
        }
    }

    /** What one read of the file gave. */
    private record Loaded(Path path, Object stamp, Map<String, Object> root, List<Object> slots,
                          List<Maintenance> entries, String problem) {

        static Loaded empty(Path path, Object stamp) {
            return new Loaded(path, stamp, new LinkedHashMap<>(), List.of(), List.of(), null);
        }
    }

    private final Supplier<Path> file;
    private final ConfigWriter writer;
    private final Clock clock;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile Loaded cached;

    /**
     * @param file   where maintenances.yaml is, asked at each operation (the config folder can change)
     * @param writer the core's atomic writer
     * @param clock  for created_at / ended_at
     */
    public MaintenanceStore(Supplier<Path> file, ConfigWriter writer, Clock clock) {
        this.file = Objects.requireNonNull(file, "file");
        this.writer = Objects.requireNonNull(writer, "writer");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public MaintenanceStore(Path file, ConfigWriter writer) {
        this(() -> file, writer, Clock.systemUTC());
    }

    /** The file, absolute and normalised. */
    public Path file() {
        return file.get().toAbsolutePath().normalize();
    }

    public Clock clock() {
        return clock;
    }

    // --- reading ---------------------------------------------------------------------------------

    /** The valid maintenances, in file order (empty when the file is missing or corrupt). */
    public List<Maintenance> list() {
        return current().entries();
    }

    public Optional<Maintenance> get(String id) {
        return list().stream().filter(m -> m.id().equals(id)).findFirst();
    }

    /** Why the file is considered corrupt, or empty when it is fine (or missing). */
    public Optional<String> problem() {
        return Optional.ofNullable(current().problem());
    }

    /**
     * The first maintenance in file order that is ACTIVE at {@code now} and whose (target_type, target_id)
     * equals any of the candidates; not necessarily the most specific one (as in the original).
     */
    public Optional<Maintenance> match(List<Candidate> candidates, Instant now) {
        return match(list(), candidates, now);
    }

    /** {@link #match(List, Instant)} over a list read once (for example once per alerts response). */
    public static Optional<Maintenance> match(List<Maintenance> maintenances, List<Candidate> candidates,
                                              Instant now) {
        for (Maintenance m : maintenances) {
            if (!m.isActive(now)) {
                continue;
            }
            for (Candidate c : candidates) {
                if (m.targetType() == c.type() && m.targetId().equals(c.id())) {
                    return Optional.of(m);
                }
            }
        }
        return Optional.empty();
    }

    private Loaded current() {
        Path path = file();
        Object stamp = stamp(path);
        Loaded c = cached;
        if (c != null && c.path().equals(path) && Objects.equals(c.stamp(), stamp)) {
            return c;
        }
        Loaded fresh = read(path);
        cached = fresh;
        return fresh;
    }

    /** Size + modification time + file key; {@code "missing"} when absent. */
    private static Object stamp(Path path) {
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            return List.of(a.size(), a.lastModifiedTime(), String.valueOf(a.fileKey()));
        } catch (NoSuchFileException e) {
            return "missing";
        } catch (IOException e) {
            return "unreadable:" + e.getMessage();
        }
    }

    @SuppressWarnings("unchecked")
    private Loaded read(Path path) {
        Object stamp = stamp(path);
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Loaded.empty(path, "missing");
        } catch (IOException | UncheckedIOException e) {
            return corrupt(path, stamp, "cannot be read: " + e.getMessage());
        }
        Object root;
        try {
            root = Yaml11.parse(text, path.toString());
        } catch (Yaml11.YamlFileException | RuntimeException e) {
            return corrupt(path, stamp, e.getMessage());
        }
        if (root == null) {
            return Loaded.empty(path, stamp);
        }
        if (!(root instanceof Map<?, ?> rootMap)) {
            return corrupt(path, stamp, "the root is not a mapping");
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : rootMap.entrySet()) {
            copy.put(String.valueOf(e.getKey()), e.getValue());
        }
        Object list = copy.get("maintenances");
        if (list != null && !(list instanceof List)) {
            return corrupt(path, stamp, "'maintenances' is not a list");
        }
        List<Object> slots = new ArrayList<>();
        List<Maintenance> entries = new ArrayList<>();
        Instant loadedAt = clock.instant();
        for (Object raw : list == null ? List.of() : (List<Object>) list) {
            Maintenance m = entry(raw, loadedAt);
            slots.add(m == null ? raw : m);
            if (m != null) {
                entries.add(m);
            }
        }
        return new Loaded(path, stamp, copy, Collections.unmodifiableList(slots),
                Collections.unmodifiableList(entries), null);
    }

    private static Loaded corrupt(Path path, Object stamp, String problem) {
        return new Loaded(path, stamp, new LinkedHashMap<>(), List.of(), List.of(), problem);
    }

    /** One stored entry read like pydantic's lax {@code MaintenanceEntry(**raw)}; {@code null} if invalid. */
    static Maintenance entry(Object raw, Instant loadedAt) {
        if (!(raw instanceof Map<?, ?> map)) {
            return null;
        }
        try {
            if (!(map.get("id") instanceof String id) || !(map.get("target_id") instanceof String targetId)
                    || !(map.get("reason") instanceof String reason)) {
                return null;
            }
            Maintenance.TargetType type = Maintenance.TargetType.parse(map.get("target_type")).orElse(null);
            Maintenance.Effect effect = map.containsKey("effect")
                    ? Maintenance.Effect.parse(map.get("effect")).orElse(null)
                    : Maintenance.Effect.BADGE;
            if (type == null || effect == null) {
                return null;
            }
            OffsetDateTime created = map.containsKey("created_at")
                    ? Maintenance.parseTime(map.get("created_at"))
                    : loadedAt.atOffset(ZoneOffset.UTC);
            return new Maintenance(id, type, targetId, reason, effect, created, optionalTime(map, "starts_at"),
                    optionalTime(map, "expires_at"), optionalTime(map, "ended_at"));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static OffsetDateTime optionalTime(Map<?, ?> map, String key) {
        Object v = map.get(key);
        return v == null ? null : Maintenance.parseTime(v);
    }

    // --- changing --------------------------------------------------------------------------------

    /**
     * Adds a maintenance at the end of the file: a fresh id (12 hex characters of a UUID4), created_at =
     * now (UTC); target id and reason trimmed.
     *
     * @throws IllegalArgumentException when the target id or reason is blank
     */
    public Maintenance create(Maintenance.TargetType type, String targetId, String reason,
                              Maintenance.Effect effect, OffsetDateTime startsAt, OffsetDateTime expiresAt) {
        String tid = Objects.requireNonNull(targetId, "targetId").strip();
        String why = Objects.requireNonNull(reason, "reason").strip();
        if (tid.isEmpty()) {
            throw new IllegalArgumentException("target_id is required");
        }
        if (why.isEmpty()) {
            throw new IllegalArgumentException("reason is required");
        }
        return change(loaded -> {
            Maintenance m = new Maintenance(newId(loaded.entries()), type, tid, why,
                    effect == null ? Maintenance.Effect.BADGE : effect, now(), startsAt, expiresAt, null);
            List<Object> slots = new ArrayList<>(loaded.slots());
            slots.add(m);
            return new Change<>(slots, m);
        });
    }

    /** Replaces one maintenance by {@code change.apply(it)} (its id is kept). */
    public Maintenance update(String id, UnaryOperator<Maintenance> change) {
        return replace(id, m -> {
            Maintenance updated = change.apply(m);
            return new Maintenance(m.id(), updated.targetType(), updated.targetId(), updated.reason(),
                    updated.effect(), updated.createdAt(), updated.startsAt(), updated.expiresAt(),
                    updated.endedAt());
        });
    }

    /** Sets ended_at = now. @throws InvalidStateException "Maintenance already ended" */
    public Maintenance stop(String id) {
        return replace(id, m -> {
            if (m.endedAt() != null) {
                throw new InvalidStateException("Maintenance already ended");
            }
            return m.withEndedAt(now());
        });
    }

    /** Clears ended_at. @throws InvalidStateException "Maintenance is not ended" */
    public Maintenance reactivate(String id) {
        return replace(id, m -> {
            if (m.endedAt() == null) {
                throw new InvalidStateException("Maintenance is not ended");
            }
            return m.withEndedAt(null);
        });
    }

    /** Removes a maintenance. @throws NotFoundException when unknown */
    public void delete(String id) {
        change(loaded -> {
            List<Object> slots = new ArrayList<>(loaded.slots());
            boolean removed = slots.removeIf(s -> s instanceof Maintenance m && m.id().equals(id));
            if (!removed) {
                throw new NotFoundException(id);
            }
            return new Change<>(slots, null);
        });
    }

    /** Runs {@code listener} after every successful change; returns a handle that removes it. */
    public Runnable addListener(Runnable listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return () -> listeners.remove(listener);
    }

    public void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    private record Change<R>(List<Object> slots, R result) {
    }

    private Maintenance replace(String id, UnaryOperator<Maintenance> op) {
        return change(loaded -> {
            List<Object> slots = new ArrayList<>(loaded.slots());
            for (int i = 0; i < slots.size(); i++) {
                if (slots.get(i) instanceof Maintenance m && m.id().equals(id)) {
                    Maintenance updated = op.apply(m);
                    slots.set(i, updated);
                    return new Change<>(slots, updated);
                }
            }
            throw new NotFoundException(id);
        });
    }

    /**
     * Read-modify-write under the file's lock: re-reads the file (never trusts the cache), refuses a corrupt
     * one, writes atomically, then tells the listeners.
     */
    private <R> R change(Function<Loaded, Change<R>> op) {
        Path path = file();
        ReentrantLock lock = LOCKS.computeIfAbsent(path, p -> new ReentrantLock());
        R result;
        lock.lock();
        try {
            Loaded loaded = read(path);
            if (loaded.problem() != null) {
                cached = loaded;
                throw new CorruptFileException(path, loaded.problem());
            }
            Change<R> change = op.apply(loaded);
            Map<String, Object> root = new LinkedHashMap<>();
            List<Object> out = new ArrayList<>(change.slots().size());
            for (Object slot : change.slots()) {
                out.add(slot instanceof Maintenance m ? m.toDocument() : slot);
            }
            root.put("maintenances", out);
            loaded.root().forEach(root::putIfAbsent);
            try {
                writer.writeYaml(path, root, null);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write " + path + ": " + e.getMessage(), e);
            }
            cached = read(path);
            result = change.result();
        } finally {
            lock.unlock();
        }
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                // a listener's failure must not turn a saved change into an error
            }
        }
        return result;
    }

    private OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }

    private static String newId(List<Maintenance> existing) {
        while (true) {
            String id = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            if (existing.stream().noneMatch(m -> m.id().equals(id))) {
                return id;
            }
        }
    }
}
