package dev.rackscope.simulator.generator;

import static dev.rackscope.simulator.generator.Fixtures.named;
import static dev.rackscope.simulator.generator.Fixtures.one;
import static dev.rackscope.simulator.generator.Fixtures.parse;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.rackscope.simulator.generator.Fixtures.Sample;

/** Physics, overrides, Slurm, racks and the exposition of one simulation (simulator.md §3.5–§3.12, §5.18–20). */
class SimulationTest {

    private static final List<MetricOverride> NONE = List.of();

    private static Simulation sim(Targets targets, Settings settings) {
        return new Simulation(settings, MetricCatalog.defaults(), targets, 1);
    }

    private static Settings custom(int crit, int warn, int racks, int aisles) {
        return Settings.DEFAULT.withMode("custom").withSeed(7L).withCustom(new CustomIncidents(crit, warn, racks, aisles));
    }

    private static MetricOverride node(String instance, String metric, Double value) {
        return new MetricOverride(instance + "-" + metric, instance, null, metric, value, null);
    }

    private static MetricOverride rack(String rack, String metric, double value) {
        return new MetricOverride(rack + "-" + metric, null, rack, metric, value, null);
    }

    // --- node physics -----------------------------------------------------------------------------------

    @Test
    void healthyNodesAreUpAndStayInTheDefaultRanges() {
        Simulation s = sim(Fixtures.computeCluster(4, 10, 2), Fixtures.settings("full_ok", 1));
        for (int tick = 0; tick < 40; tick++) {
            s.step(NONE);
            for (String id : s.targets().nodeIds()) {
                NodeSample n = s.sample(id);
                assertEquals(1, n.up());
                assertEquals(0, n.status());
                assertTrue(n.temperature() >= 22 && n.temperature() <= 25, "temp " + n.temperature());
                assertTrue(n.load() >= 10 && n.load() <= 50, "load " + n.load());
                assertTrue(n.power() >= 155 && n.power() <= 175, "power " + n.power());
            }
        }
    }

    @Test
    void physicsStaysWithinEachProfilesRanges() {
        Map<String, Profile> profiles = new LinkedHashMap<>();
        profiles.put("compute", new Profile(24, 8, 220, 180, 20, 85));
        profiles.put("gpu", new Profile(27, 9, 400, 900, 10, 95));
        profiles.put("service", new Profile(22, 4, 120, 60, 5, 30));
        profiles.put("network", new Profile(30, 5, 180, 40, 10, 40));
        Simulation s = sim(Fixtures.mixedRack(), Fixtures.settings("full_ok", 3).withProfiles(profiles));
        Map<String, String> kinds = Map.of("compute001", "compute", "gpu001", "gpu", "login01", "service",
                "mgmt01", "service", "isw-01", "network", "nfs01", "compute", "visu001", "compute");
        for (int tick = 0; tick < 60; tick++) {
            s.step(NONE);
            for (Map.Entry<String, String> k : kinds.entrySet()) {
                Profile p = profiles.get(k.getValue());
                NodeSample n = s.sample(k.getKey());
                double lo = k.getValue().equals("gpu") ? Math.min(5, p.loadMin()) : p.loadMin();
                double hi = k.getValue().equals("gpu") ? Math.max(15, p.loadMax()) : p.loadMax();
                assertTrue(n.load() >= lo && n.load() <= hi, k + " load " + n.load());
                assertTrue(n.temperature() >= p.baseTemp() + lo / 100 * p.tempRange() - 0.5
                        && n.temperature() <= p.baseTemp() + hi / 100 * p.tempRange() + 0.5, k + " temp " + n.temperature());
                assertTrue(n.power() >= p.basePower() + lo / 100 * p.powerVar() - 1e-9
                        && n.power() <= p.basePower() + hi / 100 * p.powerVar() + 1e-9, k + " power " + n.power());
            }
        }
    }

    @Test
    void computeLoadFollowsOneSineWaveForAllComputeNodes() {
        Simulation s = sim(Fixtures.computeCluster(2, 5, 1), Fixtures.settings("full_ok", 1));
        s.step(NONE);
        Set<Double> loads = new HashSet<>();
        s.targets().nodeIds().forEach(id -> loads.add(s.sample(id).load()));
        assertEquals(1, loads.size());
        assertEquals(10 + (Math.sin(0.1) + 1) / 2 * 40, loads.iterator().next(), 1e-9);
    }

    @Test
    void aCriticalNodeIsDownDrawsFiftyWattsAndKeepsANormalTemperature() {
        Simulation s = sim(Fixtures.computeCluster(1, 1, 1), custom(1, 0, 0, 0));
        s.step(NONE);
        NodeSample n = s.sample("compute0001");
        assertEquals(0, n.up());
        assertEquals(2, n.status());
        assertEquals(50, n.power());
        assertEquals(0, n.load());
        assertTrue(n.temperature() < 30);
    }

    @Test
    void aWarningNodeIsUpWithStatusAtLeastOne() {
        Simulation s = sim(Fixtures.computeCluster(1, 1, 1), custom(0, 1, 0, 0));
        s.step(NONE);
        assertEquals(1, s.sample("compute0001").up());
        assertTrue(s.sample("compute0001").status() >= 1);
    }

    @Test
    void aCriticalRackTakesDownAllItsNodesAndBeatsNodeWarnings() {
        Simulation s = sim(Fixtures.computeCluster(2, 4, 1), custom(0, 8, 1, 0));
        s.step(NONE);
        String downRack = s.incidents().racksCrit().iterator().next();
        for (Target t : s.targets().targets()) {
            NodeSample n = s.sample(t.nodeId());
            if (t.rackId().equals(downRack)) {
                assertEquals(0, n.up());
                assertEquals(2, n.status());
                assertEquals(0, n.load());
                assertTrue(n.power() < 100);
            } else {
                assertEquals(1, n.up());
                assertEquals(1, n.status(), "warned node in the healthy rack");
            }
        }
    }

    @Test
    void aRackDownOverrideTakesTheRackDownAndLeavesOthersAlone() {
        Simulation s = sim(Fixtures.computeCluster(2, 3, 1), Fixtures.settings("full_ok", 1));
        s.step(List.of(rack("r01", "rack_down", 1)));
        for (Target t : s.targets().targets()) {
            NodeSample n = s.sample(t.nodeId());
            assertEquals(t.rackId().equals("r01") ? 0 : 1, n.up(), t.nodeId());
            if (t.rackId().equals("r01")) {
                assertEquals(50, n.power());
            }
        }
        assertEquals(2, s.rackSample("r01").coolingState());
        assertEquals(0, s.rackSample("r02").coolingState());
        s.step(List.of(rack("r01", "rack_down", 0)));
        assertEquals(1, s.sample("compute0001").up(), "value 0 does not take the rack down");
    }

    @Test
    void aHotAisleRaisesTemperatureByTwelveDegreesAtTheSameTick() {
        Targets t = Fixtures.computeCluster(1, 3, 1);
        Simulation normal = sim(t, custom(0, 0, 0, 0));
        Simulation hot = sim(t, custom(0, 0, 0, 1));
        for (int i = 0; i < 3; i++) {
            normal.step(NONE);
            hot.step(NONE);
            for (String id : t.nodeIds()) {
                assertTrue(hot.sample(id).temperature() > normal.sample(id).temperature() + 10);
            }
        }
    }

    // --- overrides (§3.7, with the §6.16 fixes) -------------------------------------------------------

    @Test
    void upZeroOverrideTakesTheNodeFullyDown() {
        Simulation s = sim(Fixtures.computeCluster(1, 2, 1), Fixtures.settings("full_ok", 1));
        s.step(List.of(node("compute0001", "up", 0.0)));
        NodeSample n = s.sample("compute0001");
        assertEquals(0, n.up());
        assertEquals(2, n.status());
        assertEquals(0, n.power());
        assertEquals(0, n.load());
        assertEquals(1, s.sample("compute0002").up());
    }

    @Test
    void upOneOverrideBringsACriticalNodeBackWhole() {
        Simulation s = sim(Fixtures.computeCluster(1, 1, 1), custom(1, 0, 0, 0));
        s.step(List.of(node("compute0001", "up", 1.0)));
        NodeSample n = s.sample("compute0001");
        assertEquals(1, n.up());
        assertEquals(0, n.status(), "status recomputed, not left at 2");
        assertTrue(n.power() > 100, "power restored, not 50");
    }

    @Test
    void temperatureOverrideSetsTheTemperatureAndRecomputesTheStatus() {
        Simulation s = sim(Fixtures.computeCluster(1, 1, 1), Fixtures.settings("full_ok", 1));
        s.step(List.of(node("compute0001", "node_temperature_celsius", 50.0)));
        assertEquals(50, s.sample("compute0001").temperature());
        assertEquals(2, s.sample("compute0001").status());
        s.step(List.of(node("compute0001", "node_temperature_celsius", 40.0)));
        assertEquals(1, s.sample("compute0001").status());
    }

    @Test
    void healthPowerAndLoadOverridesSetTheirValueAndTheLastOneWins() {
        Simulation s = sim(Fixtures.computeCluster(1, 1, 1), Fixtures.settings("full_ok", 1));
        s.step(List.of(node("compute0001", "node_health_status", 2.0), node("compute0001", "node_health_status", 1.0),
                node("compute0001", "node_power_watts", 999.0), node("compute0001", "node_load_percent", 77.0),
                node("compute0001", "node_power_watts", null)));
        NodeSample n = s.sample("compute0001");
        assertEquals(1, n.status());
        assertEquals(999, n.power());
        assertEquals(77, n.load());
        assertEquals(1, n.up());
    }

    @Test
    void healthOverrideDrivesIpmiAndSlurm() {
        Simulation s = new Simulation(Fixtures.settings("full_ok", 1).withSlurm(Map.of(), List.of(), 100),
                MetricCatalog.defaults(), Fixtures.computeCluster(1, 2, 1), 1);
        List<Sample> out = parse(s.step(List.of(node("compute0001", "node_health_status", 1.0))).text());
        assertEquals(1, one(out, "ipmi_fan_speed_state", "node_id", "compute0001").value());
        assertEquals("drain", s.slurmStatuses().get("compute0001"));
        assertEquals("allocated", s.slurmStatuses().get("compute0002"));
    }

    @Test
    void overridesForOtherMetricsReplaceThatSeriesValue() {
        Simulation s = sim(Fixtures.mixedRack(), Fixtures.settings("full_ok", 1));
        List<Sample> out = parse(s.step(List.of(node("compute001", "ipmi_up", 0.0),
                rack("r01", "sequana3_hyc_p_in_kpa", 150.5))).text());
        assertEquals(0, one(out, "ipmi_up", "node_id", "compute001").value());
        assertEquals(1, one(out, "ipmi_up", "node_id", "gpu001").value());
        assertEquals(150.5, one(out, "sequana3_hyc_p_in_kpa", "rack_id", "r01").value());
    }

    @Test
    void aCurrentOverrideDrivesBothPdusOfTheRack() {
        Simulation s = sim(Fixtures.computeCluster(2, 1, 1), Fixtures.settings("full_ok", 1));
        List<Sample> out = parse(s.step(List.of(rack("r01", "raritan_pdu_current_ampere", 25),
                rack("r01", "raritan_pdu_current_ampere", 3))).text());
        assertArrayEquals(new double[] {25, 25}, s.rackSample("r01").pduCurrent());
        assertArrayEquals(new double[] {5750, 5750}, s.rackSample("r01").pduPower());
        assertEquals(6037.5, one(out, "raritan_pdu_apparentpower_voltampere", "rack_id", "r01", "pduid", "1").value());
        assertNotEquals(25, s.rackSample("r02").pduCurrent()[0]);
    }

    @Test
    void overridesFileParsingDropsExpiredAndNonMapEntries() {
        long now = 1_700_000_000L;
        assertEquals(List.of(), MetricOverride.active(null, now));
        assertEquals(List.of(), MetricOverride.active(Map.of(), now));
        List<Object> entries = new ArrayList<>();
        entries.add(Map.of("id", "old", "instance", "n1", "metric", "up", "value", 0, "expires_at", now - 100));
        entries.add(Map.of("id", "new", "instance", "n1", "metric", "up", "value", 0, "expires_at", now + 3600));
        entries.add(Map.of("id", "forever", "rack_id", "r1", "metric", "rack_down", "value", 1));
        entries.add("garbage");
        entries.add(Map.of("id", "zero", "instance", "n2", "metric", "up", "value", "0", "expires_at", 0));
        List<MetricOverride> active = MetricOverride.active(Map.of("overrides", entries), now);
        assertEquals(List.of("new", "forever", "zero"), active.stream().map(MetricOverride::id).toList());
        assertEquals(0.0, active.get(2).value(), "numeric strings are numbers");
        assertTrue(MetricOverride.isExpired(entries.get(0), now));
        assertTrue(MetricOverride.isExpired(Map.of("expires_at", now), now), "expires_at == now is expired");
        assertFalse(MetricOverride.isExpired(entries.get(1), now));
    }

    // --- racks --------------------------------------------------------------------------------------------

    @Test
    void rackCoolingRangesPerState() {
        Targets t = Fixtures.computeCluster(4, 1, 2); // r01, r03 in a01; r02, r04 in a02
        Simulation healthy = sim(t, custom(0, 0, 0, 0));
        for (int i = 0; i < 20; i++) {
            healthy.step(NONE);
            for (String r : t.rackIds()) {
                RackSample c = healthy.rackSample(r);
                assertTrue(c.pressure() >= 190 && c.pressure() <= 210);
                assertEquals(0, c.leak());
                assertTrue(c.pcbTemperature() >= 55 && c.pcbTemperature() <= 65);
            }
        }
        Simulation down = sim(t, custom(0, 0, 4, 0));
        down.step(NONE);
        RackSample c = down.rackSample("r01");
        assertTrue(c.leak() > 1.0);
        assertTrue(c.pressure() < 165);
        assertTrue(c.pcbTemperature() > 90);
        assertEquals(0.0, c.pmcPower());

        Simulation hot = sim(t, custom(0, 0, 0, 1));
        hot.step(NONE);
        String hotAisle = hot.incidents().aislesHot().iterator().next();
        for (RackInfo ri : t.racks()) {
            RackSample r = hot.rackSample(ri.rackId());
            if (ri.aisleId().equals(hotAisle)) {
                assertTrue(r.pcbTemperature() > 65 && r.leak() > 0);
            } else {
                assertEquals(0, r.coolingState());
                assertEquals(0, r.leak());
            }
        }
    }

    @Test
    void pduValuesStayInRangeAndEnergyOnlyGrows() {
        Simulation s = sim(Fixtures.computeCluster(2, 1, 1), Fixtures.settings("heavy", 5));
        double previous = 0;
        for (int i = 0; i < 10; i++) {
            List<Sample> out = parse(s.step(NONE).text());
            Sample inlet = one(out, "raritan_pdu_activepower_watt", "rack_id", "r01", "pduid", "1", "inletid", "I1");
            assertTrue(inlet.value() >= 1500 && inlet.value() <= 4200);
            assertEquals(inlet.value() / 230,
                    one(out, "raritan_pdu_current_ampere", "rack_id", "r01", "pduid", "1").value(), 0.01);
            assertEquals(20, one(out, "raritan_pdu_inletrating", "rack_id", "r01", "pduid", "1").value());
            assertEquals(16, one(out, "raritan_pdu_inletrating", "rack_id", "r01", "pduid", "2").value());
            double v = one(out, "raritan_pdu_voltage_volt", "rack_id", "r01", "pduid", "2").value();
            assertTrue(v >= 228 && v <= 232);
            double energy = one(out, "raritan_pdu_activeenergy_watthour_total", "rack_id", "r01", "pduid", "1",
                    "inletid", "I1").value();
            assertTrue(energy > previous);
            previous = energy;
            List<Sample> outlets = out.stream().filter(x -> x.name().equals("raritan_pdu_activepower_watt")
                    && x.labels().get("rack_id").equals("r01") && x.labels().containsKey("outletid")).toList();
            assertEquals(6, outlets.size());
            outlets.forEach(o -> assertFalse(o.labels().containsKey("inletid")));
        }
    }

    // --- Slurm ------------------------------------------------------------------------------------------

    private static Settings slurm(String mode, int cph, int pct) {
        return Fixtures.settings(mode, 42).withInterval(20, cph)
                .withSlurm(Map.of("drain", 1, "down", 1, "maint", 1), List.of("compute*"), pct);
    }

    private static Map<String, String> forced(Map<String, String> statuses) {
        Map<String, String> out = new LinkedHashMap<>();
        statuses.forEach((k, v) -> {
            if (v.equals("drain") || v.equals("down") || v.equals("maint")) {
                out.put(k, v);
            }
        });
        return out;
    }

    @Test
    void forcedSlurmStatesHoldForAWholeReshuffleCycle() {
        // cph 18 at 20 s: a cycle of 10 ticks (the original re-dealt them every tick, §6.14)
        Simulation s = new Simulation(slurm("full_ok", 18, 80), MetricCatalog.defaults(),
                Fixtures.computeCluster(10, 20, 2), 9);
        List<Map<String, String>> perCycle = new ArrayList<>();
        Map<String, String> current = null;
        for (int tick = 1; tick <= 40; tick++) {
            s.step(NONE);
            Map<String, String> f = forced(s.slurmStatuses());
            if (tick == 1 || tick % 10 == 0) {
                perCycle.add(f);
            } else {
                assertEquals(current, f, "tick " + tick);
            }
            current = f;
        }
        assertTrue(new HashSet<>(perCycle).size() > 1, "re-dealt at cycle boundaries");
    }

    @Test
    void slurmCountsMatchTheForcedStatusesAndTheAllocPercent() {
        Simulation s = new Simulation(slurm("full_ok", 2, 80), MetricCatalog.defaults(),
                Fixtures.computeCluster(5, 20, 1), 9);
        List<Sample> out = parse(s.step(NONE).text());
        Map<String, Long> counts = new HashMap<>();
        s.slurmStatuses().values().forEach(v -> counts.merge(v, 1L, Long::sum));
        assertEquals(1L, counts.get("drain"));
        assertEquals(1L, counts.get("down"));
        assertEquals(1L, counts.get("maint"));
        assertEquals(97 * 80 / 100, counts.get("allocated"));
        assertEquals(97 - 77, counts.get("idle"));
        assertEquals(100, one(out, "slurm_nodes_total").value());
        assertEquals(77, one(out, "slurm_nodes_alloc").value());
        assertEquals(20, one(out, "slurm_nodes_idle").value());
        assertEquals(1, one(out, "slurm_nodes_down").value());
        assertEquals(1, one(out, "slurm_nodes_drain").value());
        assertEquals(6400, one(out, "slurm_cpus_total").value());
        assertEquals(77, one(out, "slurm_partition_jobs_running", "partition", "cpu").value());
        double alloc = one(out, "slurm_cpus_alloc").value();
        assertEquals(6400 - alloc - 2 * 64, one(out, "slurm_cpus_idle").value(), "down and drained CPUs are not idle");
        assertEquals(one(out, "slurm_cpus_idle").value(), one(out, "slurm_partition_cpus_idle", "partition", "all").value(),
                "partition idle follows the cluster rule (§6.17)");
        assertTrue(named(out, "slurm_partition_cpus_total").stream().noneMatch(x -> "gpu".equals(x.labels().get("partition"))));
    }

    @Test
    void healthDrivesSlurmDownAndDrainBeforeAllocation() {
        Simulation s = new Simulation(Fixtures.settings("custom", 3).withCustom(new CustomIncidents(2, 3, 0, 0))
                .withSlurm(Map.of(), List.of(), 100), MetricCatalog.defaults(), Fixtures.computeCluster(2, 10, 1), 1);
        s.step(NONE);
        Map<String, Long> counts = new HashMap<>();
        s.slurmStatuses().values().forEach(v -> counts.merge(v, 1L, Long::sum));
        assertEquals(2L, counts.get("down"));
        assertEquals(3L, counts.get("drain"));
        assertEquals(15L, counts.get("allocated"));
    }

    @Test
    void gpuAndVisuNodesGetTheGpuPartitionAndGpus() {
        Simulation s = sim(Fixtures.mixedRack(), Fixtures.settings("full_ok", 1).withSlurm(Map.of(), List.of(), 100));
        List<Sample> out = parse(s.step(NONE).text());
        assertEquals(3, named(out, "slurm_node_cpu_total").stream()
                .filter(x -> x.labels().get("node").equals("gpu001")).count());
        assertEquals(128, one(out, "slurm_node_cpu_total", "node", "visu001", "partition", "gpu").value());
        assertEquals(8, one(out, "slurm_gpus_total").value());
        assertEquals(1.0, one(out, "slurm_gpus_utilization").value());
        assertEquals(Set.of("node", "partition", "status"),
                one(out, "slurm_node_status", "node", "gpu001", "partition", "gpu", "status", "idle").labels().keySet());
        assertEquals(12 * 3, named(out, "slurm_node_status").stream()
                .filter(x -> x.labels().get("node").equals("gpu001")).count());
    }

    // --- storage and switches ---------------------------------------------------------------------------

    @Test
    void storageArraysReportOneHotControllerAndDriveStatusesOnly() {
        Simulation s = sim(Fixtures.mixedRack(), Fixtures.settings("full_ok", 1));
        List<Sample> out = parse(s.step(NONE).text());
        List<Sample> controller = out.stream().filter(x -> x.name().equals("eseries_storage_system_status")
                && x.labels().get("node_id").equals("da03-r02-01")).toList();
        assertEquals(3, controller.size());
        assertEquals(1, controller.stream().mapToDouble(Sample::value).sum());
        List<Sample> drives = out.stream().filter(x -> x.name().equals("eseries_drive_status")).toList();
        assertEquals(8, drives.size());
        assertTrue(drives.stream().allMatch(x -> x.labels().get("tray").equals("02")));
        assertTrue(out.stream().noneMatch(x -> x.name().equals("up") && x.labels().get("node_id").equals("da03-r02-01")));
        assertEquals(2, controller.stream().filter(x -> x.labels().get("status").equals("optimal")).count()
                + controller.stream().filter(x -> x.labels().get("status").equals("failed")).count());
    }

    @Test
    void aCriticalStorageArrayShowsFailed() {
        Targets t = Targets.of(List.of(new Target("s", "room", "a1", "r01", "array", "da01-x", "storage", true,
                "eseries", 2)));
        Simulation s = sim(t, custom(1, 0, 0, 0));
        List<Sample> out = parse(s.step(NONE).text());
        assertEquals(1, one(out, "eseries_storage_system_status", "status", "failed").value());
        assertEquals("99", named(out, "eseries_drive_status").get(0).labels().get("tray"));
        assertEquals("99", Simulation.tray("da01-x"));
        assertEquals("02", Simulation.tray("da03-r02-01"));
    }

    @Test
    void switchPortsExistOnlyOnNetworkNodes() {
        Simulation s = sim(Fixtures.mixedRack(), Fixtures.settings("full_ok", 1));
        List<Sample> out = parse(s.step(NONE).text());
        List<Sample> ports = named(out, "switch_port_oper_status");
        assertEquals(8, ports.size());
        assertTrue(ports.stream().allMatch(p -> p.labels().get("node_id").equals("isw-01")));
        assertTrue(ports.stream().allMatch(p -> p.value() == 1 || p.value() == 2));
    }

    // --- exposition -------------------------------------------------------------------------------------

    @Test
    void everyLineParsesFamiliesAreContiguousAndNoSeriesRepeats() {
        Simulation s = new Simulation(Fixtures.settings("chaos", 4), Fixtures.projectCatalog(),
                Targets.of(concat(Fixtures.mixedRack(), Fixtures.computeCluster(3, 8, 2))), 1);
        for (int tick = 0; tick < 3; tick++) {
            String text = s.step(NONE).text();
            assertTrue(text.endsWith("\n"));
            Set<String> seen = new HashSet<>();
            Set<String> closed = new HashSet<>();
            String family = null;
            for (String line : text.split("\n")) {
                if (line.startsWith("# HELP ")) {
                    String name = line.split(" ")[2];
                    assertTrue(closed.add(name), "family " + name + " appears twice");
                    family = name;
                    continue;
                }
                if (line.startsWith("# TYPE ")) {
                    assertEquals("# TYPE " + family + " gauge", line);
                    continue;
                }
                Sample sample = parse(line).get(0);
                assertEquals(family, sample.name(), "sample outside its family: " + line);
                assertTrue(seen.add(line.substring(0, line.lastIndexOf(' '))), "duplicate series " + line);
            }
        }
    }

    @Test
    void nodeSeriesCarryTheBaseLabelsAndCatalogExtras() {
        Simulation s = sim(Fixtures.computeCluster(1, 1, 1), Fixtures.settings("full_ok", 1));
        List<Sample> out = parse(s.step(NONE).text());
        Sample cpu = one(out, "node_cpu_seconds_total");
        assertEquals(List.of("site_id", "room_id", "rack_id", "chassis_id", "node_id", "instance", "job", "cpu", "mode"),
                List.copyOf(cpu.labels().keySet()));
        assertEquals("compute0001", cpu.labels().get("instance"));
        assertEquals("node", cpu.labels().get("job"));
        assertEquals("r01-c1", cpu.labels().get("chassis_id"));
        assertEquals("idle", cpu.labels().get("mode"));
        Sample seq = one(out, "sequana3_hyc_state_info");
        assertEquals("sequana-r01", seq.labels().get("instance"));
        assertEquals("sequana3", seq.labels().get("job"));
        assertEquals("r01", seq.labels().get("sequana_rack_id"));
        assertEquals("standbyspare", seq.labels().get("state"));
        assertTrue(parse(s.step(NONE).text()).stream().noneMatch(x -> x.name().startsWith("process_")));
    }

    @Test
    void labelValuesAreEscapedAndEmptyLabelsOmitted() {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", "up");
        entry.put("labels", Map.of("weird", "a\"b\\c", "empty", ""));
        MetricCatalog c = MetricCatalog.fromDocuments(List.of(Map.of("metrics", List.of(entry))), w -> {
        });
        Targets t = Targets.of(List.of(Target.node("", "room", "a", "r1", "d1", "n1")));
        String text = new Simulation(Fixtures.settings("full_ok", 1), c, t, 1).step(NONE).text();
        assertTrue(text.contains("up{room_id=\"room\",rack_id=\"r1\",chassis_id=\"d1\",node_id=\"n1\",instance=\"n1\","
                + "job=\"node\",weird=\"a\\\"b\\\\c\"} 1\n"), text);
    }

    @Test
    void catalogLabelsResolveFromContextThenBaseLabelsElseTheLabelIsAbsent() {
        List<Object> entries = new ArrayList<>();
        entries.add(Map.of("name", "sequana3_hyc_p_in_kpa", "labels",
                Map.of("instance", "$instance", "where", "$rack_id", "nothing", "$no_such_token")));
        entries.add(Map.of("name", "node_load_percent", "include_base_labels", false,
                "labels", Map.of("host", "$node_id")));
        entries.add(Map.of("name", "node_power_watts"));
        MetricCatalog c = MetricCatalog.fromDocuments(List.of(Map.of("metrics", entries)), w -> {
        });
        List<Sample> out = parse(new Simulation(Fixtures.settings("full_ok", 1), c,
                Fixtures.computeCluster(1, 1, 1), 1).step(NONE).text());
        Sample seq = one(out, "sequana3_hyc_p_in_kpa");
        assertEquals("sequana-r01", seq.labels().get("instance"), "context before base labels");
        assertEquals("r01", seq.labels().get("where"));
        assertFalse(seq.labels().containsKey("nothing"), "an unknown token gives an empty, absent label");
        assertEquals(Map.of("host", "compute0001"), one(out, "node_load_percent").labels());
        assertEquals(7, one(out, "node_power_watts").labels().size(), "no labels key: the base labels");
    }

    @Test
    void countersOnlyGrowAndSurviveATopologyReload() {
        Targets t = Fixtures.computeCluster(1, 3, 1);
        Simulation s = sim(t, Fixtures.settings("full_ok", 1));
        double before = one(parse(s.step(NONE).text()), "node_disk_read_bytes_total", "node_id", "compute0002").value();
        s.retarget(Targets.of(t.targets().subList(1, 3)));
        List<Sample> out = parse(s.step(NONE).text());
        assertTrue(one(out, "node_disk_read_bytes_total", "node_id", "compute0002").value() > before);
        assertTrue(named(out, "up").stream().noneMatch(x -> x.labels().get("node_id").equals("compute0001")),
                "a removed node's series vanish");
        assertNull(s.sample("compute0001"));
    }

    @Test
    void aModeChangeIsRolledAtTheNextTick() {
        Simulation s = sim(Fixtures.computeCluster(10, 10, 2), Fixtures.settings("full_ok", 1));
        s.step(NONE);
        assertEquals(Incidents.NONE, s.incidents());
        s.reconfigure(s.settings().withMode("chaos"));
        s.step(NONE);
        assertEquals(15, s.incidents().nodesCrit().size());
        assertEquals(2, s.incidents().racksCrit().size());
    }

    @Test
    void incidentsAreRolledAtTickOneAndAtEachCycleBoundaryOnly() {
        // cph 120 at 20 s: every 1.5 → 1 tick; cph 60: every 3 ticks
        Simulation s = new Simulation(Fixtures.settings("chaos", 2).withInterval(20, 60), MetricCatalog.defaults(),
                Fixtures.computeCluster(10, 10, 2), 1);
        List<Incidents> rolls = new ArrayList<>();
        for (int tick = 1; tick <= 9; tick++) {
            s.step(NONE);
            rolls.add(s.incidents());
        }
        assertEquals(rolls.get(0), rolls.get(1));
        assertNotEquals(rolls.get(1), rolls.get(2)); // tick 3
        assertEquals(rolls.get(2), rolls.get(3));
        assertEquals(rolls.get(3), rolls.get(4));
        assertNotEquals(rolls.get(4), rolls.get(5)); // tick 6
    }

    // --- reproducibility (§6.15) --------------------------------------------------------------------------

    @Test
    void twoSeededRunsGiveByteIdenticalExpositions() {
        Targets t = Targets.of(concat(Fixtures.mixedRack(), Fixtures.computeCluster(6, 12, 3)));
        Settings settings = Fixtures.settings("chaos", 42).withInterval(20, 1000);
        Simulation a = new Simulation(settings, Fixtures.projectCatalog(), t, 1);
        Simulation b = new Simulation(settings, Fixtures.projectCatalog(), t, 999);
        List<MetricOverride> ovs = List.of(node("compute0003", "up", 0.0), rack("r02", "rack_down", 1));
        for (int tick = 0; tick < 12; tick++) {
            Exposition ea = a.step(ovs);
            Exposition eb = b.step(ovs);
            assertArrayEquals(Arrays.copyOf(ea.gzip(), ea.gzipLength()), Arrays.copyOf(eb.gzip(), eb.gzipLength()),
                    "tick " + (tick + 1));
            assertEquals(ea.text(), eb.text());
        }
    }

    @Test
    void differentSeedsOrUnseededRunsDiffer() {
        Targets t = Fixtures.computeCluster(4, 10, 2);
        String s42 = new Simulation(Fixtures.settings("chaos", 42), MetricCatalog.defaults(), t, 1).step(NONE).text();
        String s43 = new Simulation(Fixtures.settings("chaos", 43), MetricCatalog.defaults(), t, 1).step(NONE).text();
        assertNotEquals(s42, s43);
        Settings unseeded = Settings.DEFAULT.withMode("chaos");
        assertNotEquals(new Simulation(unseeded, MetricCatalog.defaults(), t, 1).step(NONE).text(),
                new Simulation(unseeded, MetricCatalog.defaults(), t, 2).step(NONE).text());
    }

    private static List<Target> concat(Targets a, Targets b) {
        List<Target> out = new ArrayList<>(a.targets());
        out.addAll(b.targets());
        return out;
    }
}
