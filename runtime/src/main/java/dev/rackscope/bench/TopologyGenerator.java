package dev.rackscope.bench;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Writes a synthetic Rackscope configuration of any size, in the original's segmented format, for
 * benchmarks and load tests: app.yaml (self-contained paths), sites → rooms → aisles → racks, device
 * and rack templates, checks, metrics and both plugins' files. Every instance form is used: slot maps
 * (compute chassis), lists (GPU servers), {@code name[01-04]} patterns (storage) and plain strings
 * (switches, PDUs).
 *
 * <p>Usage: {@code java -cp runtime/target/classes dev.rackscope.bench.TopologyGenerator --instances 15000 --out DIR}
 * The expected counts are printed and written to {@code DIR/COUNTS.txt}.
 */
public final class TopologyGenerator {

    /** Per rack: 8 quad chassis (32), 2 GPU servers of 2 nodes (4), 1 storage of 4 (4), 1 switch, 1 PDU. */
    static final int CHASSIS_PER_RACK = 8;
    static final int INSTANCES_PER_FULL_RACK = CHASSIS_PER_RACK * 4 + 4 + 4 + 1 + 1;
    static final int RACKS_PER_AISLE = 10;
    static final int AISLES_PER_ROOM = 4;
    static final int ROOMS_PER_SITE = 3;

    /** What was written. */
    public record Counts(int sites, int rooms, int aisles, int racks, int devices, int instances) {
        @Override
        public String toString() {
            return "sites=" + sites + " rooms=" + rooms + " aisles=" + aisles + " racks=" + racks + " devices="
                    + devices + " instances=" + instances + " device_templates=5 rack_templates=1 "
                    + "rack_component_templates=1 checks=4 metrics=2";
        }
    }

    private TopologyGenerator() {
    }

    public static void main(String[] args) throws IOException {
        int instances = 15_000;
        Path out = Paths.get("target/topology-15k");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--instances" -> instances = Integer.parseInt(args[++i]);
                case "--out" -> out = Paths.get(args[++i]);
                default -> throw new IllegalArgumentException("usage: --instances N --out DIR");
            }
        }
        Counts counts = generate(out, instances);
        System.out.println(out.toAbsolutePath() + ": " + counts);
    }

    /** Writes a configuration of about {@code instances} node names (exactly, when ≥ 42) into {@code out}. */
    public static Counts generate(Path out, int instances) throws IOException {
        int racks = Math.max(1, (instances + INSTANCES_PER_FULL_RACK - 1) / INSTANCES_PER_FULL_RACK);
        int aisles = (racks + RACKS_PER_AISLE - 1) / RACKS_PER_AISLE;
        int rooms = (aisles + AISLES_PER_ROOM - 1) / AISLES_PER_ROOM;
        int sites = (rooms + ROOMS_PER_SITE - 1) / ROOMS_PER_SITE;
        writeStatic(out);
        int remaining = instances;
        int devices = 0;
        int written = 0;
        int rack = 0;
        StringBuilder sitesYaml = new StringBuilder("sites:\n");
        for (int s = 0; s < sites; s++) {
            String siteId = String.format("site-%02d", s + 1);
            sitesYaml.append("  - id: ").append(siteId).append("\n    name: Synthetic site ").append(s + 1)
                    .append("\n    location: {lat: ").append(45 + s).append(", lon: ").append(5 + s)
                    .append("}\n    rooms:\n");
            for (int r = 0; r < ROOMS_PER_SITE && rack < racks; r++) {
                String roomId = String.format("%s-room-%02d", siteId, r + 1);
                sitesYaml.append("      - id: ").append(roomId).append('\n');
                Path roomDir = out.resolve("topology/datacenters/" + siteId + "/rooms/" + roomId);
                StringBuilder roomYaml = new StringBuilder("id: " + roomId + "\nname: Room " + (r + 1)
                        + "\nlayout: {size: {width: 40, height: 20}}\naisles:\n");
                for (int a = 0; a < AISLES_PER_ROOM && rack < racks; a++) {
                    String aisleId = String.format("%s-a%02d", roomId, a + 1);
                    roomYaml.append("  - {id: ").append(aisleId).append(", name: Aisle ").append(a + 1).append("}\n");
                    StringBuilder aisleYaml = new StringBuilder("racks:\n");
                    for (int k = 0; k < RACKS_PER_AISLE && rack < racks; k++, rack++) {
                        String rackId = String.format("r%05d", rack + 1);
                        aisleYaml.append("  - ").append(rackId).append('\n');
                        int take = Math.min(remaining, INSTANCES_PER_FULL_RACK);
                        int[] dev = new int[1];
                        String rackYaml = rackYaml(rackId, rack + 1, take, dev);
                        write(roomDir.resolve("aisles/" + aisleId + "/racks/" + rackId + ".yaml"), rackYaml);
                        devices += dev[0];
                        written += take;
                        remaining -= take;
                    }
                    write(roomDir.resolve("aisles/" + aisleId + "/aisle.yaml"), aisleYaml.toString());
                }
                write(roomDir.resolve("room.yaml"), roomYaml.toString());
            }
        }
        write(out.resolve("topology/sites.yaml"), sitesYaml.toString());
        Counts counts = new Counts(sites, Math.min(rooms, sites * ROOMS_PER_SITE), aisles, racks, devices, written);
        write(out.resolve("COUNTS.txt"), counts + "\n");
        return counts;
    }

    /** A rack of up to 42 instances; fills in device order and stops when {@code take} is used up. */
    private static String rackYaml(String rackId, int n, int take, int[] devices) {
        StringBuilder y = new StringBuilder("id: " + rackId + "\nname: Rack " + n + "\ntemplate_id: synth-rack-42u\n"
                + "u_height: 42\ndevices:\n");
        int left = take;
        int u = 1;
        for (int c = 0; c < CHASSIS_PER_RACK && left > 0; c++, u += 2) {
            int nodes = Math.min(4, left);
            y.append("  - id: ").append(rackId).append("-c").append(c + 1).append("\n    name: Chassis ").append(c + 1)
                    .append("\n    template_id: synth-quad-2u\n    u_position: ").append(u).append("\n    instance:\n");
            for (int slot = 1; slot <= nodes; slot++) {
                y.append("      ").append(slot).append(": ")
                        .append(String.format("compute%06d", (n - 1) * CHASSIS_PER_RACK * 4 + c * 4 + slot)).append('\n');
            }
            left -= nodes;
            devices[0]++;
        }
        for (int g = 0; g < 2 && left > 0; g++, u += 4) {
            int nodes = Math.min(2, left);
            y.append("  - id: ").append(rackId).append("-g").append(g + 1).append("\n    name: GPU ").append(g + 1)
                    .append("\n    template_id: synth-gpu-4u\n    u_position: ").append(u).append("\n    instance: [");
            for (int k = 1; k <= nodes; k++) {
                y.append(k > 1 ? ", " : "").append(String.format("gpu%05d", (n - 1) * 4 + g * 2 + k));
            }
            y.append("]\n");
            left -= nodes;
            devices[0]++;
        }
        if (left > 0) {
            int nodes = Math.min(4, left);
            y.append("  - id: ").append(rackId).append("-s1\n    name: Storage\n    template_id: synth-storage-2u\n"
                    + "    u_position: ").append(u).append("\n    instance: \"stor").append(String.format("%05d", n))
                    .append("-[01-").append(String.format("%02d", nodes)).append("]\"\n");
            u += 2;
            left -= nodes;
            devices[0]++;
        }
        if (left > 0) {
            y.append("  - {id: ").append(rackId).append("-sw, name: Switch, template_id: synth-switch-1u, u_position: ")
                    .append(u).append(", instance: ").append(String.format("sw%05d", n)).append("}\n");
            u += 1;
            left--;
            devices[0]++;
        }
        if (left > 0) {
            y.append("  - {id: ").append(rackId).append("-pdu, name: PDU, template_id: synth-pdu-1u, u_position: ")
                    .append(u).append(", instance: ").append(String.format("pdu%05d", n)).append("}\n");
            devices[0]++;
        }
        return y.toString();
    }

    private static void writeStatic(Path out) throws IOException {
        write(out.resolve("app.yaml"), """
                # Synthetic configuration written by dev.rackscope.bench.TopologyGenerator
                app:
                  name: Rackscope (synthetic)
                paths:
                  topology: topology
                  templates: templates
                  checks: checks/library
                  metrics: metrics/library
                telemetry:
                  prometheus_url: ""
                planner:
                  max_ids_per_query: 200
                plugins:
                  simulator:
                    enabled: true
                  slurm:
                    enabled: true
                """);
        write(out.resolve("templates/devices/server/synth.yaml"), """
                templates:
                  - id: synth-quad-2u
                    name: Quad node chassis 2U
                    type: server
                    role: compute
                    u_height: 2
                    layout: {type: grid, rows: 2, cols: 2, matrix: [[1, 2], [3, 4]]}
                    checks: [node_up, node_temp]
                    metrics: [node_temp]
                  - id: synth-gpu-4u
                    name: GPU server 4U
                    type: server
                    role: compute
                    u_height: 4
                    checks: [node_up, node_temp]
                  - id: synth-storage-2u
                    name: Storage 2U
                    type: storage
                    u_height: 2
                    checks: [node_up]
                  - id: synth-switch-1u
                    name: Switch 1U
                    type: network
                    u_height: 1
                    checks: [node_up]
                  - id: synth-pdu-1u
                    name: PDU 1U
                    type: pdu
                    u_height: 1
                    checks: [node_up]
                """);
        write(out.resolve("templates/racks/synth-rack-42u.yaml"), """
                rack_templates:
                  - id: synth-rack-42u
                    name: Rack 42U
                    u_height: 42
                    infrastructure:
                      rack_components:
                        - {template_id: synth-pdu-side, side: left, u_position: 1}
                    checks: [rack_power]
                """);
        write(out.resolve("templates/rack_components/synth-pdu-side.yaml"), """
                rack_component_templates:
                  - {id: synth-pdu-side, name: Side PDU, type: pdu, location: side, u_height: 42, checks: [rack_power]}
                """);
        write(out.resolve("checks/library/synth.yaml"), """
                checks:
                  - id: node_up
                    name: Node up
                    scope: node
                    expr: up{instance=~"$instances"}
                    rules: [{op: "==", value: 0, severity: CRIT}]
                  - id: node_temp
                    name: Node temperature
                    scope: node
                    output: numeric
                    expr: node_temperature_celsius{instance=~"$instances"}
                    rules:
                      - {op: ">", value: 85, severity: CRIT}
                      - {op: ">", value: 75, severity: WARN}
                  - id: node_health
                    name: Node health
                    scope: node
                    output: numeric
                    for: 1m
                    expr: node_health_status{instance=~"$instances"}
                    rules: [{op: ">=", value: 2, severity: CRIT}, {op: "==", value: 1, severity: WARN}]
                  - id: rack_power
                    name: Rack power
                    scope: rack
                    output: numeric
                    expr: sum by (rack_id) (raritan_pdu_activepower_watt{rack_id=~"$racks"})
                    rules: [{op: ">", value: 30000, severity: WARN}]
                """);
        write(out.resolve("metrics/library/synth.yaml"), """
                metrics:
                  - id: node_temp
                    name: Node temperature
                    metric: node_temperature_celsius{instance="{instance}"}
                    display: {unit: "°C", thresholds: {warn: 75, crit: 85}}
                    category: thermal
                    tags: [compute]
                  - id: node_power
                    name: Node power
                    metric: node_power_watts{instance="{instance}"}
                    display: {unit: W}
                    category: power
                    tags: [compute, power]
                """);
        write(out.resolve("plugins/slurm/config.yml"), "metric: slurm_node_status\nmapping_path: null\n");
        write(out.resolve("plugins/simulator/config/plugin.yaml"), """
                update_interval_seconds: 20
                seed: 7
                incident_mode: light
                overrides_path: plugins/simulator/overrides/overrides.yaml
                metrics_catalog_path: plugins/simulator/metrics/metrics_full.yaml
                slurm_random_statuses: {drain: 5, down: 3, maint: 2}
                slurm_random_match: ["compute*", "gpu*"]
                slurm_alloc_percent: 80
                """);
        write(out.resolve("plugins/simulator/overrides/overrides.yaml"), "overrides: []\n");
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(text);
        }
    }
}
