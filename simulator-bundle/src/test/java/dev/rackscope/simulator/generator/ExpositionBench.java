package dev.rackscope.simulator.generator;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.rackscope.api.model.Aisle;
import dev.rackscope.api.model.Catalog;
import dev.rackscope.api.model.Device;
import dev.rackscope.api.model.DeviceTemplate;
import dev.rackscope.api.model.Rack;
import dev.rackscope.api.model.Room;
import dev.rackscope.api.model.Site;
import dev.rackscope.api.model.Topology;
import dev.rackscope.api.snapshot.TopologyIndex;

/**
 * Throwaway timing of one tick (compute + render) over a topology shaped like runtime's 15,000-instance
 * {@code TopologyGenerator} (per rack: 8 quad chassis, 2 GPU servers of 2, a storage array of 4, a switch and
 * a PDU), with the project's catalogs. Not a surefire test: run it by hand with
 * {@code java -cp … dev.rackscope.simulator.generator.ExpositionBench [instances] [dump-file]}. It prints; it
 * asserts nothing.
 */
public final class ExpositionBench {

    private ExpositionBench() {
    }

    public static void main(String[] args) throws java.io.IOException {
        int instances = args.length > 0 ? Integer.parseInt(args[0]) : 15_000;
        long t0 = System.nanoTime();
        Topology topology = topology(instances);
        Catalog catalog = new Catalog(List.of(
                template("synth-quad-2u", "server"), template("synth-gpu-4u", "server"),
                template("synth-storage-2u", "storage"), template("synth-switch-1u", "network"),
                template("synth-pdu-1u", "pdu")), List.of(), List.of());
        Targets targets = Targets.fromTopology(topology, catalog, TopologyIndex.EMPTY);
        long t1 = System.nanoTime();
        Map<String, Profile> profiles = new LinkedHashMap<>();
        profiles.put("compute", new Profile(24, 8, 220, 180, 20, 85));
        profiles.put("gpu", new Profile(27, 9, 400, 900, 10, 95));
        Settings settings = Settings.DEFAULT.withMode("heavy").withSeed(42L).withProfiles(profiles)
                .withSlurm(Map.of("drain", 1, "down", 1, "maint", 1), List.of("compute*", "gpu*", "visu*"), 70);
        Simulation sim = new Simulation(settings, CatalogFiles.project(), targets, 1);
        long t2 = System.nanoTime();
        System.out.printf("instances=%d targets=%d racks=%d; targets %.0f ms, compile %.0f ms%n", instances,
                targets.targets().size(), targets.racks().size(), (t1 - t0) / 1e6, (t2 - t1) / 1e6);

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<Double> wall = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        Exposition e = null;
        for (int i = 0; i < 25; i++) {
            long w0 = System.nanoTime();
            long c0 = threads.getCurrentThreadCpuTime();
            e = sim.step(List.of());
            long c1 = threads.getCurrentThreadCpuTime();
            long w1 = System.nanoTime();
            if (i >= 5) {
                wall.add((w1 - w0) / 1e6);
                cpu.add((c1 - c0) / 1e6);
            }
        }
        wall.sort(Double::compare);
        cpu.sort(Double::compare);
        double medianWall = wall.get(wall.size() / 2);
        double medianCpu = cpu.get(cpu.size() / 2);
        System.out.printf("tick (compute+render): median %.1f ms, min %.1f ms, max %.1f ms; cpu median %.1f ms%n",
                medianWall, wall.get(0), wall.get(wall.size() - 1), medianCpu);
        System.out.printf("exposition: %d series, %.1f MB text (%d bytes), %.1f MB gzip%n", e.series(),
                e.length() / 1e6, e.length(), e.gzipLength() / 1e6);
        long s0 = System.nanoTime();
        e.writeTo(java.io.OutputStream.nullOutputStream());
        long s1 = System.nanoTime();
        e.writeGzipTo(java.io.OutputStream.nullOutputStream());
        long s2 = System.nanoTime();
        System.out.printf("scrape body: identity (inflate) %.1f ms, gzip %.2f ms%n", (s1 - s0) / 1e6, (s2 - s1) / 1e6);
        System.out.printf("CPU share at the default 20 s interval: %.2f %% of one core%n", medianCpu / 20_000 * 100);
        Runtime rt = Runtime.getRuntime();
        System.gc();
        System.out.printf("heap used after GC (simulation + one exposition): %.1f MB%n",
                (rt.totalMemory() - rt.freeMemory()) / 1e6);
        if (args.length > 1) {
            try (java.io.OutputStream out = java.nio.file.Files.newOutputStream(java.nio.file.Path.of(args[1]))) {
                e.writeTo(out);
            }
        }
    }

    private static DeviceTemplate template(String id, String type) {
        DeviceTemplate.Layout layout = type.equals("storage")
                ? new DeviceTemplate.Layout("grid", 2, 6, List.of(List.of(1, 2, 3, 4, 5, 6), List.of(7, 8, 9, 10, 11, 12)))
                : null;
        return new DeviceTemplate(id, id, type, type.equals("storage") ? "eseries" : null, null, 1, null, layout,
                null, List.of(), List.of(), List.of(), Map.of());
    }

    private static Topology topology(int instances) {
        int perRack = 8 * 4 + 4 + 4 + 1 + 1;
        int racks = (instances + perRack - 1) / perRack;
        List<Aisle> aisles = new ArrayList<>();
        List<Rack> current = new ArrayList<>();
        int left = instances;
        for (int r = 1; r <= racks; r++) {
            String rackId = String.format("r%05d", r);
            List<Device> devices = new ArrayList<>();
            for (int c = 0; c < 8 && left > 0; c++) {
                Map<String, String> slots = new LinkedHashMap<>();
                for (int s = 1; s <= 4 && left > 0; s++, left--) {
                    slots.put(String.valueOf(s), String.format("compute%06d", (r - 1) * 32 + c * 4 + s));
                }
                devices.add(new Device(rackId + "-c" + (c + 1), "Chassis", "synth-quad-2u", 1 + 2 * c, slots, null, null));
            }
            for (int g = 0; g < 2 && left > 0; g++) {
                List<String> names = new ArrayList<>();
                for (int k = 1; k <= 2 && left > 0; k++, left--) {
                    names.add(String.format("gpu%05d", (r - 1) * 4 + g * 2 + k));
                }
                devices.add(new Device(rackId + "-g" + (g + 1), "GPU", "synth-gpu-4u", 17 + 4 * g, names, null, null));
            }
            if (left > 0) {
                int n = Math.min(4, left);
                left -= n;
                devices.add(new Device(rackId + "-s1", "Storage", "synth-storage-2u", 25,
                        String.format("stor-%05d-[01-%02d]", r, n), null, null));
            }
            if (left > 0) {
                left--;
                devices.add(new Device(rackId + "-sw", "Switch", "synth-switch-1u", 27, String.format("esw%05d", r),
                        null, null));
            }
            if (left > 0) {
                left--;
                devices.add(new Device(rackId + "-pdu", "PDU", "synth-pdu-1u", 28, String.format("pdu%05d", r), null,
                        null));
            }
            current.add(new Rack(rackId, rackId, null, 42, null, devices));
            if (current.size() == 10 || r == racks) {
                aisles.add(new Aisle("a" + (aisles.size() + 1), "Aisle", current));
                current = new ArrayList<>();
            }
        }
        Room room = new Room("room1", "Room", null, null, aisles, List.of());
        return new Topology(List.of(new Site("site1", "Site", null, null, List.of(room))));
    }
}
