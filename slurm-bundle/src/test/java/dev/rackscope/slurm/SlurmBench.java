package dev.rackscope.slurm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.rackscope.api.http.Json;
import dev.rackscope.api.model.Aisle;
import dev.rackscope.api.model.Device;
import dev.rackscope.api.model.Rack;
import dev.rackscope.api.model.Room;
import dev.rackscope.api.model.Site;
import dev.rackscope.api.model.Topology;
import dev.rackscope.api.telemetry.QueryResult;
import dev.rackscope.api.telemetry.Series;

/**
 * Times the bodies of {@code /api/slurm/nodes} and {@code /summary} (built and serialised to JSON) on a
 * synthetic 15,000-instance topology with two matching series per node (its partition and {@code all}),
 * Slurm names mapped to instance names by a glob. A plain main, not a test (surefire ignores it by name);
 * it reports, it asserts nothing.
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(deps) dev.rackscope.slurm.SlurmBench [instances]
 * </pre>
 *
 * <ul>
 * <li>cold: the first request of a fresh JVM (class loading and interpreted code included);</li>
 * <li>new answer: the Prometheus client returns a new result object each time (its cache expired), so the
 * series are processed again; JIT warm;</li>
 * <li>cached answer: the client's HEALTH cache returns the same object; the plugin reuses its
 * observations.</li>
 * </ul>
 */
public final class SlurmBench {

    private static final String[] STATES = {"allocated", "allocated", "allocated", "idle", "mixed", "idle~",
        "down*", "drain", "alloc", "completing"};

    private SlurmBench() {
    }

    public static void main(String[] args) throws Exception {
        int instances = args.length > 0 ? Integer.parseInt(args[0]) : 15_000;
        Path dir = Files.createTempDirectory("slurm-bench");
        Files.createDirectories(dir.resolve("plugins/slurm"));
        Files.writeString(dir.resolve("plugins/slurm/node_mapping.yaml"),
                "mappings:\n  - {node: 'viz-front', instance: visu01}\n  - {node: 'cn*', instance: 'compute*'}\n");

        Topology topology = topology(instances);
        long t0 = System.nanoTime();
        Fixtures.FakeSnapshots snapshots = new Fixtures.FakeSnapshots(Fixtures.snapshot(topology));
        double indexMs = ms(System.nanoTime() - t0);
        List<Series> series = series(instances);
        Fixtures.FakePrometheus prometheus = new Fixtures.FakePrometheus();
        QueryResult cached = new QueryResult(true, "vector", series, null, null);

        SlurmViews views = new SlurmViews(prometheus, snapshots, new Fixtures.FakeRackscopeConfig(dir),
                new Fixtures.FakeConfigWriter(dir), SlurmConfig.from(Map.of("mapping_path",
                        "plugins/slurm/node_mapping.yaml", "metrics_catalog_dir", "nowhere")));

        System.out.printf("Slurm bench: %,d instances, %,d series, %d rooms (test index built in %.0f ms)%n",
                instances, series.size(), topology.sites().get(0).rooms().size(), indexMs);

        prometheus.answer = q -> new QueryResult(true, "vector", series, null, null);
        Object[] first = new Object[1];
        time("cold     /nodes body (first request)", 1, () -> first[0] = views.nodes(null));
        time("cold     /nodes JSON (first Jackson use)", 1, () -> Json.write(first[0]));
        time("cold     /summary (new answer)", 1, () -> Json.write(views.summary(null)));

        for (int round = 0; round < 30; round++) { // warm the JIT
            Json.write(views.nodes(null));
            Json.write(views.summary("room3"));
        }
        time("new answer    /nodes", 15, () -> Json.write(views.nodes(null)));
        time("new answer    /summary", 15, () -> Json.write(views.summary(null)));
        time("new answer    /summary?room_id", 15, () -> Json.write(views.summary("room3")));
        time("new answer    /nodes?room_id", 15, () -> Json.write(views.nodes("room3")));
        time("new answer    /nodes (no JSON)", 15, () -> views.nodes(null));

        prometheus.answer = q -> cached;
        time("cached answer /nodes", 15, () -> Json.write(views.nodes(null)));
        time("cached answer /summary", 15, () -> Json.write(views.summary(null)));
        time("cached answer /summary?room_id", 15, () -> Json.write(views.summary("room3")));
        time("cached answer /partitions", 15, () -> Json.write(views.partitions(null)));

        String nodes = Json.write(views.nodes(null));
        System.out.printf("  /nodes body: %,d bytes for %,d nodes; summary: %s%n", nodes.length(),
                ((List<?>) views.nodes(null).get("nodes")).size(), Json.write(views.summary(null)));
    }

    private static void time(String label, int runs, Supplier<?> body) {
        double[] t = new double[runs];
        for (int i = 0; i < runs; i++) {
            long s = System.nanoTime();
            body.get();
            t[i] = ms(System.nanoTime() - s);
        }
        Arrays.sort(t);
        if (runs == 1) {
            System.out.printf("  %-36s %8.1f ms%n", label, t[0]);
        } else {
            System.out.printf("  %-36s median %6.1f ms  (min %.1f, max %.1f, %d runs)%n", label, t[runs / 2], t[0],
                    t[runs - 1], runs);
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** 10 rooms; aisles of 15 racks; racks of 10 chassis with 4 instances each ({@code compute[00001-00004]}…). */
    static Topology topology(int instances) {
        int racksPerRoom = ((instances + 39) / 40 + 9) / 10;
        List<Room> rooms = new ArrayList<>();
        int made = 0;
        int rackNo = 0;
        for (int r = 0; r < 10 && made < instances; r++) {
            List<Aisle> aisles = new ArrayList<>();
            List<Rack> racks = new ArrayList<>();
            for (int k = 0; k < racksPerRoom && made < instances; k++, rackNo++) {
                List<Device> devices = new ArrayList<>();
                for (int d = 0; d < 10 && made < instances; d++) {
                    int n = Math.min(4, instances - made);
                    String range = String.format("compute[%05d-%05d]", made + 1, made + n);
                    devices.add(new Device("dev-" + rackNo + "-" + d, "Chassis " + d, "quad", d * 2 + 1, range, null,
                            Map.of()));
                    made += n;
                }
                racks.add(new Rack("rack" + rackNo, "Rack " + rackNo, null, 42, null, devices));
                if (racks.size() == 15) {
                    aisles.add(new Aisle("aisle" + r + "-" + aisles.size(), "Aisle " + aisles.size(), racks));
                    racks = new ArrayList<>();
                }
            }
            if (!racks.isEmpty()) {
                aisles.add(new Aisle("aisle" + r + "-" + aisles.size(), "Aisle " + aisles.size(), racks));
            }
            rooms.add(new Room("room" + r, "Room " + r, null, null, aisles, List.of()));
        }
        return new Topology(List.of(new Site("site", "Site", null, null, rooms)));
    }

    /** One series per node in its partition and one in "all", Slurm names cnNNNNN (mapped by the glob). */
    static List<Series> series(int instances) {
        List<Series> out = new ArrayList<>(instances * 2);
        for (int i = 1; i <= instances; i++) {
            String node = String.format("cn%05d", i);
            String state = STATES[i % STATES.length];
            String partition = i % 5 == 0 ? "gpu" : "compute";
            out.add(new Series(Map.of("node", node, "status", state, "partition", partition), 1.7e9, "1", null));
            out.add(new Series(Map.of("node", node, "status", state, "partition", "all"), 1.7e9, "1", null));
        }
        return out;
    }
}
