package dev.rackscope.core.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rackscope.core.config.AtomicFileWriter;
import dev.rackscope.core.config.Yaml11;
import dev.rackscope.core.telemetry.Maintenance.Effect;
import dev.rackscope.core.telemetry.Maintenance.TargetType;
import dev.rackscope.core.telemetry.MaintenanceStore.Candidate;

class MaintenanceStoreTest {

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @TempDir
    Path dir;
    Path file;
    MutableClock clock;
    MaintenanceStore store;

    @BeforeEach
    void setUp() {
        file = dir.resolve("maintenances.yaml");
        clock = new MutableClock(Instant.parse("2026-01-01T12:00:00.123456Z"));
        store = new MaintenanceStore(() -> file, new AtomicFileWriter(() -> List.of(dir)), clock);
    }

    private static Object parse(Path p) throws IOException {
        return Yaml11.parse(Files.readString(p), p.toString());
    }

    @Test
    void missingFileIsEmpty() {
        assertEquals(List.of(), store.list());
        assertTrue(store.problem().isEmpty());
        assertFalse(Files.exists(file));
    }

    @Test
    void roundTripThroughRealFile() throws IOException {
        Maintenance a = store.create(TargetType.RACK, "  r01 ", " swap PDU ", null, null, null);
        Maintenance b = store.create(TargetType.SITE, "site1", "power", Effect.HIDE,
                Maintenance.parseTime("2026-02-01T00:00:00+02:00"), Maintenance.parseTime("2026-03-01T00:00:00"));
        assertTrue(a.id().matches("[0-9a-f]{12}"), a.id());
        assertEquals("r01", a.targetId());
        assertEquals("swap PDU", a.reason());
        assertEquals(Effect.BADGE, a.effect());
        assertEquals("2026-01-01T12:00:00.123456Z", Maintenance.format(a.createdAt()));

        // a fresh store (no cache) reads back exactly what was written
        MaintenanceStore other = new MaintenanceStore(() -> file, new AtomicFileWriter(() -> List.of(dir)), clock);
        assertEquals(List.of(a, b), other.list());
        assertEquals("2026-02-01T00:00:00+02:00", Maintenance.format(other.list().get(1).startsAt()));

        @SuppressWarnings("unchecked")
        Map<String, Object> root = (Map<String, Object>) parse(file);
        assertEquals(List.of("maintenances"), List.copyOf(root.keySet()));
        @SuppressWarnings("unchecked")
        Map<String, Object> first = ((List<Map<String, Object>>) root.get("maintenances")).get(0);
        assertEquals(List.of("id", "target_type", "target_id", "reason", "effect", "created_at", "starts_at",
                "expires_at", "ended_at"), List.copyOf(first.keySet()));
        assertEquals("2026-01-01T12:00:00.123456Z", first.get("created_at")); // a string, not a YAML timestamp
        assertNull(first.get("ended_at"));
        assertTrue(first.containsKey("ended_at"));
    }

    @Test
    void stopReactivateUpdateDelete() {
        Maintenance m = store.create(TargetType.DEVICE, "node01", "fan", Effect.BADGE, null, null);
        clock.now = Instant.parse("2026-01-01T13:00:00Z");
        Maintenance stopped = store.stop(m.id());
        assertEquals(Instant.parse("2026-01-01T13:00:00Z"), stopped.endedAt().toInstant());
        assertEquals(Maintenance.Status.EXPIRED, stopped.status(clock.now));
        assertEquals("Maintenance already ended",
                assertThrows(MaintenanceStore.InvalidStateException.class, () -> store.stop(m.id())).getMessage());
        Maintenance again = store.reactivate(m.id());
        assertNull(again.endedAt());
        assertEquals("Maintenance is not ended", assertThrows(MaintenanceStore.InvalidStateException.class,
                () -> store.reactivate(m.id())).getMessage());
        Maintenance updated = store.update(m.id(), x -> x.withReason("fan 2").withEffect(Effect.HIDE));
        assertEquals("fan 2", updated.reason());
        assertEquals(m.createdAt(), updated.createdAt());
        assertEquals(List.of(updated), store.list());
        store.delete(m.id());
        assertEquals(List.of(), store.list());
        assertThrows(MaintenanceStore.NotFoundException.class, () -> store.delete(m.id()));
        assertThrows(MaintenanceStore.NotFoundException.class, () -> store.stop("nope"));
        assertThrows(IllegalArgumentException.class,
                () -> store.create(TargetType.RACK, "  ", "x", null, null, null));
    }

    @Test
    void listenersRunAfterEachSuccessfulChangeOnly() {
        AtomicInteger calls = new AtomicInteger();
        Runnable remove = store.addListener(calls::incrementAndGet);
        Maintenance m = store.create(TargetType.RACK, "r1", "x", null, null, null);
        store.stop(m.id());
        assertThrows(MaintenanceStore.InvalidStateException.class, () -> store.stop(m.id()));
        assertThrows(MaintenanceStore.NotFoundException.class, () -> store.delete("nope"));
        assertEquals(2, calls.get());
        remove.run();
        store.delete(m.id());
        assertEquals(2, calls.get());
    }

    @Test
    void invalidEntriesAreSkippedButKept() throws IOException {
        Files.writeString(file, """
                # hand edited
                maintenances:
                - id: good1
                  target_type: rack
                  target_id: r1
                  reason: ok
                  created_at: 2026-01-01T10:00:00Z
                - id: bad1
                  target_type: planet
                  target_id: earth
                  reason: nope
                - just a string
                - id: good2
                  target_type: room
                  target_id: room1
                  reason: naive times
                  created_at: '2026-01-01T10:00:00'
                  starts_at: 2026-01-01 11:00:00
                  unknown_key: ignored
                other_key: keep me
                """);
        List<Maintenance> list = store.list();
        assertEquals(List.of("good1", "good2"), list.stream().map(Maintenance::id).toList());
        assertEquals(Effect.BADGE, list.get(0).effect());
        assertEquals(Instant.parse("2026-01-01T11:00:00Z"), list.get(1).startsAt().toInstant());

        store.create(TargetType.SITE, "s1", "new", null, null, null);
        @SuppressWarnings("unchecked")
        Map<String, Object> root = (Map<String, Object>) parse(file);
        @SuppressWarnings("unchecked")
        List<Object> raw = (List<Object>) root.get("maintenances");
        assertEquals(5, raw.size());
        assertEquals("planet", ((Map<?, ?>) raw.get(1)).get("target_type"));
        assertEquals("just a string", raw.get(2));
        assertEquals("keep me", root.get("other_key"));
        List<String> ids = store.list().stream().map(Maintenance::id).toList();
        assertEquals(3, ids.size());
        assertEquals(List.of("good1", "good2"), ids.subList(0, 2));
    }

    @Test
    void corruptFileReadsEmptyAndIsNeverOverwritten() throws IOException {
        String corrupt = "maintenances:\n  - id: a\n    reason: [unclosed\n";
        Files.writeString(file, corrupt);
        assertEquals(List.of(), store.list());
        assertEquals(Optional.empty(), store.match(List.of(new Candidate(TargetType.RACK, "r1")), clock.now));
        assertTrue(store.problem().isPresent());

        MaintenanceStore.CorruptFileException e = assertThrows(MaintenanceStore.CorruptFileException.class,
                () -> store.create(TargetType.RACK, "r1", "x", null, null, null));
        assertTrue(e.getMessage().contains("maintenances.yaml"), e.getMessage());
        assertThrows(MaintenanceStore.CorruptFileException.class, () -> store.delete("a"));
        assertEquals(corrupt, Files.readString(file));

        for (String other : List.of("- a\n- b\n", "maintenances: 5\n", "just text\n")) {
            Files.writeString(file, other);
            assertEquals(List.of(), store.list(), other);
            assertThrows(MaintenanceStore.CorruptFileException.class,
                    () -> store.create(TargetType.RACK, "r1", "x", null, null, null), other);
            assertEquals(other, Files.readString(file));
        }

        // once fixed by hand, changes work again
        Files.writeString(file, "maintenances: []\n");
        assertNotNull(store.create(TargetType.RACK, "r1", "x", null, null, null));
        assertEquals(1, store.list().size());
    }

    @Test
    void emptyFileAndNullListAreEmpty() throws IOException {
        Files.writeString(file, "");
        assertEquals(List.of(), store.list());
        assertTrue(store.problem().isEmpty());
        Files.writeString(file, "maintenances:\n");
        assertEquals(List.of(), store.list());
        store.create(TargetType.RACK, "r1", "x", null, null, null);
        assertEquals(1, store.list().size());
    }

    @Test
    void externalEditsAreSeen() throws IOException {
        store.create(TargetType.RACK, "r1", "x", null, null, null);
        assertEquals(1, store.list().size());
        Files.writeString(file, "maintenances: []\n# edited by hand, with a different size\n");
        assertEquals(List.of(), store.list());
    }

    @Test
    void hundredConcurrentCreatesLoseNothing() throws Exception {
        int n = 100;
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Maintenance>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                int k = i;
                Callable<Maintenance> task = () -> {
                    start.await();
                    if (k % 10 == 0) {
                        store.list(); // readers interleave with writers
                    }
                    return store.create(TargetType.DEVICE, "node" + k, "reason " + k, null, null, null);
                };
                futures.add(pool.submit(task));
            }
            start.countDown();
            Set<String> ids = new HashSet<>();
            for (Future<Maintenance> f : futures) {
                ids.add(f.get().id());
            }
            assertEquals(n, ids.size());
        } finally {
            pool.shutdown();
            assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
        }
        Object root = Yaml11.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        List<?> raw = (List<?>) assertInstanceOf(Map.class, root).get("maintenances");
        assertEquals(n, raw.size());
        MaintenanceStore fresh = new MaintenanceStore(() -> file, new AtomicFileWriter(() -> List.of(dir)), clock);
        List<Maintenance> all = fresh.list();
        assertEquals(n, all.size());
        Set<String> targets = new HashSet<>();
        all.forEach(m -> targets.add(m.targetId()));
        for (int i = 0; i < n; i++) {
            assertTrue(targets.contains("node" + i), "node" + i);
        }
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void matchReturnsFirstActiveInFileOrder() {
        Instant now = clock.now;
        Maintenance scheduledRack = store.create(TargetType.RACK, "r1", "later", null,
                Maintenance.parseTime("2027-01-01T00:00:00Z"), null);
        Maintenance room = store.create(TargetType.ROOM, "room1", "room work", null, null, null);
        Maintenance rack = store.create(TargetType.RACK, "r1", "rack work", null, null, null);
        Maintenance stoppedSite = store.create(TargetType.SITE, "site1", "stopped", null, null, null);
        store.stop(stoppedSite.id());

        // the room entry comes first in the file: it wins over the more specific rack entry
        assertEquals(Optional.of(room), store.match(Candidate.forRack("r1", "room1", "site1"), now));
        assertEquals(Optional.of(room), store.match(Candidate.forNode("compute001", "r1", "room1", "site1"), now));
        // without the room candidate, the rack entry (the scheduled one is skipped)
        assertEquals(Optional.of(rack), store.match(Candidate.forRack("r1", null, "site1"), now));
        // stopped and scheduled entries never match
        assertEquals(Optional.empty(), store.match(Candidate.forRack("r9", "room9", "site1"), now));
        // the scheduled one matches once started
        store.delete(rack.id());
        store.delete(room.id());
        assertEquals(Optional.of(scheduledRack.id()),
                store.match(Candidate.forRack("r1", null, null), Instant.parse("2027-01-01T00:00:00Z"))
                        .map(Maintenance::id));
    }

    @Test
    void nodeCandidateUsesTheInstanceName() {
        Maintenance byInstance = store.create(TargetType.DEVICE, "compute001", "node", null, null, null);
        store.create(TargetType.DEVICE, "dev-chassis-1", "device id", null, null, null);
        List<Candidate> candidates = Candidate.forNode("compute001", "r1", "", null);
        assertEquals(List.of(new Candidate(TargetType.DEVICE, "compute001"), new Candidate(TargetType.RACK, "r1")),
                candidates);
        assertEquals(Optional.of(byInstance), store.match(candidates, clock.now));
        assertEquals(Optional.empty(), store.match(Candidate.forNode("compute002", "r2", null, null), clock.now));
    }
}
