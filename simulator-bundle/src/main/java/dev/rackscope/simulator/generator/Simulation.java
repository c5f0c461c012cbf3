package dev.rackscope.simulator.generator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The simulated data centre: incidents, node physics, Slurm, rack cooling and PDUs (simulator.md §3.5–§3.12),
 * advanced one tick at a time by {@link #step}, which returns the tick's complete exposition.
 *
 * <p>Deterministic: every random draw is seeded from (seed, entity, tick), so two simulations with the same
 * seed, settings and targets give byte-identical expositions for the same tick numbers. Not thread-safe:
 * one thread drives it (the generator's tick thread); configuration changes are handed to it between ticks.
 */
public final class Simulation {

    /** The twelve Slurm states of {@code slurm_node_status}, in exposition order. */
    public static final List<String> SLURM_STATUSES = List.of("allocated", "completing", "down", "drain", "draining",
            "fail", "idle", "maint", "mixed", "reserved", "planned", "unknown");
    static final int ALLOCATED = 0;
    static final int DOWN = 2;
    static final int DRAIN = 3;
    static final int DRAINING = 4;
    static final int FAIL = 5;
    static final int IDLE = 6;
    static final int MAINT = 7;
    private static final String[] FORCED_ORDER = {"drain", "down", "maint"};
    private static final int[] FORCED_INDEX = {DRAIN, DOWN, MAINT};
    private static final String[] PARTITIONS = {"all", "cpu", "gpu"};

    private static final double MIB = 1024.0 * 1024.0;
    private static final double GIB = 1024.0 * MIB;
    private static final int PORTS = 8;
    private static final int PDUS = 2;
    private static final int OUTLETS = 3;

    private static final byte[][] CTX_NONE = new byte[0][];
    private static final byte[][] CTX_CPU = ctx("0", "idle");
    private static final byte[][] CTX_FS = ctx("/", "ext4");
    private static final byte[][] CTX_SDA = ctx("sda");
    private static final byte[][] CTX_ETH0 = ctx("eth0");
    private static final byte[][] CTX_COLLECTOR = ctx("all");
    private static final byte[][][] CTX_PORTS = new byte[PORTS][][];
    private static final byte[][] STATUS_BYTES = new byte[SLURM_STATUSES.size()][];
    private static final byte[][] PARTITION_BYTES = new byte[PARTITIONS.length][];
    private static final byte[] OPTIMAL = bytes("optimal");
    private static final byte[] DEGRADED = bytes("degraded");
    private static final byte[] FAILED = bytes("failed");
    private static final byte[] EMPTY = new byte[0];

    static {
        for (int p = 0; p < PORTS; p++) {
            CTX_PORTS[p] = ctx(Integer.toString(p + 1));
        }
        for (int i = 0; i < STATUS_BYTES.length; i++) {
            STATUS_BYTES[i] = bytes(SLURM_STATUSES.get(i));
        }
        for (int i = 0; i < PARTITIONS.length; i++) {
            PARTITION_BYTES[i] = bytes(PARTITIONS[i]);
        }
    }

    private final long entropy;
    private final Consumer<String> warnings;
    private Settings settings;
    private IncidentMode mode;
    private long base;
    private MetricCatalog catalog;
    private Targets targets;
    private RenderPlan plan;
    private NodeState[] nodes;
    private RackState[] racks;
    private Map<String, Integer> nodeIndex;
    private Map<String, Integer> rackIndex;

    private long tick;
    private Incidents incidents = Incidents.NONE;
    private boolean rerollPending;
    private long slurmRollTick = 1;
    private boolean slurmDirty = true;
    private byte[] forced;
    private boolean[] allocated;
    private int sizeHint = 1 << 12;
    private long failedTargets;

    // per tick: overrides by node and rack
    private Map<String, List<MetricOverride>> nodeOverrides = Map.of();
    private Set<String> racksDown = Set.of();
    private Map<String, Double> rackCurrent = Map.of();
    private Map<String, Map<String, Double>> rackGeneric = Map.of();
    private final SlurmTotals slurm = new SlurmTotals();

    /**
     * @param entropy the seed used while {@code settings.seed()} is {@code null} (the generator passes a random
     *                value, tests a fixed one)
     */
    public Simulation(Settings settings, MetricCatalog catalog, Targets targets, long entropy,
                      Consumer<String> warnings) {
        this.entropy = entropy;
        this.warnings = warnings;
        this.settings = settings;
        this.mode = IncidentMode.parse(settings.incidentMode());
        this.base = baseSeed(settings.seed());
        this.catalog = catalog;
        this.targets = Targets.EMPTY;
        this.nodes = new NodeState[0];
        this.racks = new RackState[0];
        retarget(targets);
    }

    public Simulation(Settings settings, MetricCatalog catalog, Targets targets, long entropy) {
        this(settings, catalog, targets, entropy, w -> {
        });
    }

    private long baseSeed(Long seed) {
        return seed == null ? Seeds.mix(entropy) : Seeds.mix(seed ^ 0x5eed5eed5eedL);
    }

    // --- configuration ----------------------------------------------------------------------------------

    /**
     * New settings, in force from the next tick. A change of mode, custom counts, changes per hour or seed
     * re-rolls the incidents at the next tick (instead of waiting for the next cycle boundary); a change of
     * the Slurm settings re-deals the forced states.
     */
    public void reconfigure(Settings next) {
        Settings prev = this.settings;
        this.settings = next;
        this.mode = IncidentMode.parse(next.incidentMode());
        boolean seedChanged = !java.util.Objects.equals(prev.seed(), next.seed());
        if (seedChanged) {
            base = baseSeed(next.seed());
        }
        if (tick > 0 && (seedChanged || IncidentMode.parse(prev.incidentMode()) != mode
                || !prev.custom().equals(next.custom()) || prev.changesPerHour() != next.changesPerHour())) {
            rerollPending = true;
        }
        if (!prev.slurmRandomStatuses().equals(next.slurmRandomStatuses())
                || !prev.slurmRandomMatch().equals(next.slurmRandomMatch())
                || prev.slurmAllocPercent() != next.slurmAllocPercent()) {
            slurmDirty = true;
        }
    }

    /** A new catalog, in force from the next tick. */
    public void recatalog(MetricCatalog next) {
        this.catalog = next;
        this.plan = RenderPlan.compile(catalog, targets);
        slurmDirty = true;
    }

    /**
     * New targets after a topology reload. Counter state of nodes and racks that remain is kept; that of
     * vanished ones is dropped (§6.3), and so are their incidents.
     */
    public void retarget(Targets next) {
        Map<String, NodeState> oldNodes = new HashMap<>();
        for (NodeState s : nodes) {
            oldNodes.put(s.id, s);
        }
        Map<String, RackState> oldRacks = new HashMap<>();
        for (RackState s : racks) {
            oldRacks.put(s.id, s);
        }
        List<Target> ts = next.targets();
        NodeState[] ns = new NodeState[ts.size()];
        Map<String, Integer> ni = new HashMap<>(ts.size() * 2);
        for (int i = 0; i < ns.length; i++) {
            String id = ts.get(i).nodeId();
            NodeState old = oldNodes.get(id);
            ns[i] = old != null ? old : new NodeState(id);
            ni.put(id, i);
        }
        List<RackInfo> ri = next.racks();
        RackState[] rs = new RackState[ri.size()];
        Map<String, Integer> rix = new HashMap<>(ri.size() * 2);
        for (int i = 0; i < rs.length; i++) {
            String id = ri.get(i).rackId();
            RackState old = oldRacks.get(id);
            rs[i] = old != null ? old : new RackState(id);
            rix.put(id, i);
        }
        this.targets = next;
        this.nodes = ns;
        this.racks = rs;
        this.nodeIndex = ni;
        this.rackIndex = rix;
        this.plan = RenderPlan.compile(catalog, next);
        this.incidents = incidents.retain(ni.keySet(), rix.keySet());
        this.forced = new byte[ns.length];
        this.allocated = new boolean[ns.length];
        slurmDirty = true;
    }

    // --- one tick -------------------------------------------------------------------------------------

    /** The last tick computed (0 before the first). */
    public long tick() {
        return tick;
    }

    public Incidents incidents() {
        return incidents;
    }

    public Settings settings() {
        return settings;
    }

    public Targets targets() {
        return targets;
    }

    /** Targets skipped so far because computing them failed. */
    public long failedTargets() {
        return failedTargets;
    }

    /**
     * Advances one tick with the overrides in force and renders the exposition (§3.5): incidents are
     * re-rolled at the first tick, at every cycle boundary and after a mode change; Slurm forced states
     * follow the incident cycle; then nodes, Slurm, racks, and the rendering.
     */
    public Exposition step(List<MetricOverride> overrides) {
        return step(overrides, null);
    }

    /**
     * {@link #step(List)}, with {@code trailer} (whole text lines, for example the process series) appended
     * to the exposition.
     */
    public Exposition step(List<MetricOverride> overrides, byte[] trailer) {
        tick++;
        int cycle = Incidents.cycleTicks(settings.changesPerHour(), settings.intervalSeconds());
        if (tick == 1 || tick % cycle == 0 || rerollPending) {
            incidents = Incidents.roll(mode, settings.custom(), targets.nodeIds(), targets.rackIds(),
                    targets.aisleIds(), Seeds.rng(base, 0, tick, Seeds.INCIDENTS));
            slurmRollTick = tick;
            slurmDirty = true;
            rerollPending = false;
        }
        if (slurmDirty) {
            dealSlurmStates();
            slurmDirty = false;
        }
        indexOverrides(overrides);
        List<Target> ts = targets.targets();
        for (int i = 0; i < nodes.length; i++) {
            try {
                computeNode(i, ts.get(i));
            } catch (RuntimeException e) {
                nodes[i].valid = false;
                if (failedTargets++ % 1000 == 0) {
                    warnings.accept("Target '" + ts.get(i).nodeId() + "' skipped this tick: " + e);
                }
            }
        }
        computeSlurm(ts);
        computeRacks();
        return render(trailer);
    }

    // --- overrides ------------------------------------------------------------------------------------

    private void indexOverrides(List<MetricOverride> overrides) {
        Map<String, List<MetricOverride>> byNode = new HashMap<>();
        Set<String> down = new HashSet<>();
        Map<String, Double> current = new HashMap<>();
        Map<String, Map<String, Double>> generic = new HashMap<>();
        for (MetricOverride o : overrides) {
            if (o.metric() == null || o.value() == null) {
                continue; // non-numeric values are skipped (§3.7)
            }
            if (o.instance() != null) {
                byNode.computeIfAbsent(o.instance(), k -> new ArrayList<>()).add(o);
            } else if (o.rackId() != null) {
                if (o.metric().equals("rack_down")) {
                    if (o.value() > 0) {
                        down.add(o.rackId());
                    } else {
                        down.remove(o.rackId());
                    }
                } else if (o.metric().endsWith("_current_ampere")) {
                    current.putIfAbsent(o.rackId(), o.value());
                } else {
                    generic.computeIfAbsent(o.rackId(), k -> new HashMap<>()).put(o.metric(), o.value());
                }
            }
        }
        nodeOverrides = byNode;
        racksDown = down;
        rackCurrent = current;
        rackGeneric = generic;
    }

    // --- nodes ----------------------------------------------------------------------------------------

    private void computeNode(int i, Target t) {
        NodeState s = nodes[i];
        s.valid = false;
        s.generic = null;
        boolean rackDown = incidents.racksCrit().contains(t.rackId()) || racksDown.contains(t.rackId());
        boolean down = incidents.nodesCrit().contains(t.nodeId()) || rackDown;
        boolean warn = incidents.nodesWarn().contains(t.nodeId());
        List<MetricOverride> ovs = nodeOverrides.get(t.nodeId());
        if (t.storage()) {
            computeStorage(s, t, down, warn, ovs);
            s.valid = true;
            return;
        }
        NodeKind kind = plan.kinds[i];
        Profile p = settings.profile(kind);
        SplittableRandom rng = Seeds.rng(base, s.idHash, tick / 2, Seeds.NODE);
        double load = switch (kind) {
            case COMPUTE -> p.loadMin() + (Math.sin(tick / 10.0) + 1) / 2 * (p.loadMax() - p.loadMin());
            case GPU -> rng.nextDouble() < 0.3 ? Seeds.uniform(rng, p.loadMin(), p.loadMax()) : Seeds.uniform(rng, 5, 15);
            default -> Seeds.uniform(rng, p.loadMin(), p.loadMax());
        };
        double boost = incidents.aislesHot().contains(t.aisleId()) ? 12 : 0;
        double temp = p.baseTemp() + load / 100 * p.tempRange() + boost + Seeds.uniform(rng, -0.5, 0.5);
        double power = p.basePower() + load / 100 * p.powerVar();
        Double upOv = null;
        Double tempOv = null;
        Double powerOv = null;
        Double loadOv = null;
        Double statusOv = null;
        if (ovs != null) {
            for (MetricOverride o : ovs) {
                switch (o.metric()) {
                    case "up" -> upOv = o.value();
                    case "node_temperature_celsius" -> tempOv = o.value();
                    case "node_power_watts" -> powerOv = o.value();
                    case "node_load_percent" -> loadOv = o.value();
                    case "node_health_status" -> statusOv = o.value();
                    default -> {
                        if (s.generic == null) {
                            s.generic = new HashMap<>();
                        }
                        s.generic.put(o.metric(), o.value());
                    }
                }
            }
        }
        // An up override decides reachability both ways (§6.16: up=1 brings a down node back whole).
        boolean forcedOff = upOv != null && upOv <= 0;
        if (upOv != null) {
            down = forcedOff;
        }
        double finalLoad = load;
        if (down) {
            finalLoad = 0;
            power = forcedOff ? 0 : 50;
        }
        if (tempOv != null) {
            temp = tempOv;
        }
        if (powerOv != null) {
            power = powerOv;
        }
        if (loadOv != null) {
            finalLoad = loadOv;
        }
        // Status follows the (possibly overridden) temperature (§6.16), unless it is overridden itself.
        int status = down || temp > 45 ? 2 : (temp > 38 || (warn && !down)) ? 1 : 0;
        if (statusOv != null) {
            status = (int) Math.max(0, Math.min(2, statusOv));
        }
        s.down = down;
        s.up = down ? 0 : 1;
        s.status = status;
        s.temp = temp;
        s.power = power;
        s.load = finalLoad;
        s.kind = kind;
        advanceCounters(s, t, kind, rng, down, Math.max(0, Math.min(100, finalLoad)));
        s.valid = true;
    }

    private void advanceCounters(NodeState s, Target t, NodeKind kind, SplittableRandom rng, boolean down, double l) {
        if (!s.countersReady) {
            SplittableRandom init = Seeds.rng(base, s.idHash, 0, Seeds.COUNTERS);
            s.cpuIdle = Seeds.uniform(init, 5e5, 1e6);
            s.diskRead = Seeds.uniform(init, 5e11, 1e12);
            s.diskWritten = Seeds.uniform(init, 3e11, 8e11);
            s.netRx = Seeds.uniform(init, 1e12, 5e12);
            s.netTx = Seeds.uniform(init, 8e11, 4e12);
            s.countersReady = true;
        }
        int dt = settings.intervalSeconds();
        int cpus = kind == NodeKind.COMPUTE || kind == NodeKind.GPU ? 64 : 32;
        s.cpuIdle += (100 - l) / 100 * dt * cpus;
        boolean network = kind == NodeKind.NETWORK;
        if (!down) {
            s.diskRead += (10 + 0.5 * l) * MIB * dt;
            s.diskWritten += (5 + 0.3 * l) * MIB * dt;
            s.netRx += (network ? Seeds.uniform(rng, 450, 550) : 20 + 2 * l) * MIB * dt;
            s.netTx += (network ? Seeds.uniform(rng, 450, 550) : 15 + 1.5 * l) * MIB * dt;
        }
        s.memTotal = (kind == NodeKind.GPU ? 512 : kind == NodeKind.COMPUTE ? 256 : 64) * GIB;
        s.fsSize = (t.nodeId().toLowerCase(Locale.ROOT).contains("storage") ? 1000 : 200) * GIB;
        if (network) {
            if (s.portIn == null) {
                SplittableRandom init = Seeds.rng(base, s.idHash, 1, Seeds.COUNTERS);
                s.portIn = new double[PORTS];
                s.portOut = new double[PORTS];
                s.portUp = new boolean[PORTS];
                for (int p = 0; p < PORTS; p++) {
                    s.portIn[p] = Seeds.uniform(init, 1e10, 1e11);
                    s.portOut[p] = Seeds.uniform(init, 1e10, 1e11);
                }
            }
            for (int p = 0; p < PORTS; p++) {
                s.portUp[p] = !down && rng.nextDouble() < 0.95;
                double in = Seeds.uniform(rng, 10, 200);
                double out = Seeds.uniform(rng, 10, 200);
                if (s.portUp[p]) {
                    s.portIn[p] += in * MIB * dt;
                    s.portOut[p] += out * MIB * dt;
                }
            }
        }
    }

    /**
     * A storage array: controller optimal with p=0.98, else degraded or failed; each drive fails with p=0.01.
     * Unlike the original (§6.16) an incident shows: a critical array (or one in a down rack) has failed,
     * a warning one is at least degraded.
     */
    private void computeStorage(NodeState s, Target t, boolean down, boolean warn, List<MetricOverride> ovs) {
        SplittableRandom rng = Seeds.rng(base, s.idHash, tick / 2, Seeds.STORAGE);
        int st = rng.nextDouble() < 0.98 ? 0 : rng.nextDouble() < 0.5 ? 1 : 2;
        if (ovs != null) {
            for (MetricOverride o : ovs) {
                if (o.metric().equals("up")) {
                    down = o.value() <= 0;
                } else if (o.metric().equals("node_health_status")) {
                    st = (int) Math.max(0, Math.min(2, o.value()));
                    warn = false;
                    down = down && st == 2;
                } else {
                    if (s.generic == null) {
                        s.generic = new HashMap<>();
                    }
                    s.generic.put(o.metric(), o.value());
                }
            }
        }
        if (down) {
            st = 2;
        } else if (warn) {
            st = Math.max(st, 1);
        }
        s.storageStatus = st;
        s.down = down;
        s.up = down ? 0 : 1;
        s.status = st;
        if (s.driveFailed == null || s.driveFailed.length != t.slotCount()) {
            s.driveFailed = new boolean[t.slotCount()];
            s.tray = bytes(tray(t.nodeId()));
        }
        for (int d = 0; d < s.driveFailed.length; d++) {
            s.driveFailed[d] = rng.nextDouble() < 0.01;
        }
    }

    /** Tray label of an array: {@code 99}, or for {@code daN-…} with N ≥ 2 the zero-padded N−1 (§3.8). */
    static String tray(String nodeId) {
        if (nodeId.startsWith("da")) {
            String first = nodeId.split("-", 2)[0].substring(2);
            int end = 0;
            while (end < first.length() && Character.isDigit(first.charAt(end))) {
                end++;
            }
            if (end > 0) {
                try {
                    int n = Integer.parseInt(first.substring(0, end));
                    return n == 1 ? "99" : String.format("%02d", n - 1);
                } catch (NumberFormatException e) {
                    return "99";
                }
            }
        }
        return "99";
    }

    // --- Slurm ----------------------------------------------------------------------------------------

    /**
     * Deals the forced states of one reshuffle cycle (§3.5 step 3, fixed per §6.14: once per cycle and seeded)
     * and the allocated set (step 4).
     */
    private void dealSlurmStates() {
        List<Target> ts = targets.targets();
        Arrays.fill(forced, (byte) -1);
        Arrays.fill(allocated, false);
        List<Predicate<String>> match = new ArrayList<>();
        for (String g : settings.slurmRandomMatch()) {
            match.add(Glob.compile(g));
        }
        List<Integer> eligible = new ArrayList<>();
        for (int i = 0; i < ts.size(); i++) {
            if (plan.slurmNode[i] && (match.isEmpty() || anyMatch(match, ts.get(i).nodeId()))) {
                eligible.add(i);
            }
        }
        eligible.sort((a, b) -> ts.get(a).nodeId().compareTo(ts.get(b).nodeId()));
        SplittableRandom rng = Seeds.rng(base, 0, slurmRollTick, Seeds.SLURM);
        for (int i = eligible.size() - 1; i > 0; i--) {
            java.util.Collections.swap(eligible, i, rng.nextInt(i + 1));
        }
        int k = 0;
        for (int f = 0; f < FORCED_ORDER.length; f++) {
            Integer count = settings.slurmRandomStatuses().get(FORCED_ORDER[f]);
            for (int c = 0; count != null && c < count && k < eligible.size(); c++) {
                forced[eligible.get(k++)] = (byte) FORCED_INDEX[f];
            }
        }
        List<Integer> rest = new ArrayList<>();
        for (int i = 0; i < ts.size(); i++) {
            if (plan.slurmNode[i] && forced[i] < 0) {
                rest.add(i);
            }
        }
        rest.sort((a, b) -> ts.get(a).nodeId().compareTo(ts.get(b).nodeId()));
        int n = rest.size() * settings.slurmAllocPercent() / 100;
        for (int j = 0; j < n; j++) {
            allocated[rest.get(j)] = true;
        }
    }

    private static boolean anyMatch(List<Predicate<String>> globs, String id) {
        for (Predicate<String> g : globs) {
            if (g.test(id)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Per-node state (§3.10: forced, then down, drain, allocated, idle) and the cluster and partition totals,
     * over the Slurm nodes only; idle CPUs count neither down nor drained nodes, in the cluster and the
     * partitions alike (§6.17).
     */
    private void computeSlurm(List<Target> ts) {
        slurm.reset();
        for (int i = 0; i < nodes.length; i++) {
            NodeState s = nodes[i];
            if (!plan.slurmNode[i] || !s.valid) {
                s.slurm = -1;
                continue;
            }
            String lower = ts.get(i).nodeId().toLowerCase(Locale.ROOT);
            boolean gpu = lower.contains("gpu") || lower.contains("visu");
            int st = forced[i] >= 0 ? forced[i]
                    : (s.up == 0 || s.status == 2) ? DOWN : s.status == 1 ? DRAIN : allocated[i] ? ALLOCATED : IDLE;
            s.slurm = st;
            s.gpuNode = gpu;
            s.cpus = gpu ? 128 : 64;
            s.memMb = gpu ? 524288 : 262144;
            double l = Math.max(0, Math.min(100, s.load));
            if (st == ALLOCATED) {
                s.cpuAlloc = (int) (s.cpus * l / 100);
                s.memAlloc = (int) (s.memMb * Math.min(0.8 * l / 100 + 0.1, 0.95));
            } else {
                s.cpuAlloc = 0;
                s.memAlloc = 0;
            }
            boolean unavailable = st == DOWN || st == DRAIN || st == DRAINING || st == FAIL;
            int idleCpus = unavailable ? 0 : s.cpus - s.cpuAlloc;
            slurm.nodes++;
            slurm.cpusTotal += s.cpus;
            slurm.cpusAlloc += s.cpuAlloc;
            slurm.cpusIdle += idleCpus;
            slurm.nodesAlloc += st == ALLOCATED ? 1 : 0;
            slurm.nodesIdle += st == IDLE ? 1 : 0;
            slurm.nodesDown += st == DOWN ? 1 : 0;
            slurm.nodesDrain += st == DRAIN || st == DRAINING ? 1 : 0;
            if (gpu) {
                slurm.gpusTotal += 4;
                slurm.gpusAlloc += st == ALLOCATED ? 4 : 0;
            }
            for (int p = 0; p < (gpu ? 3 : 2); p++) {
                slurm.partNodes[p]++;
                slurm.partAlloc[p] += s.cpuAlloc;
                slurm.partTotal[p] += s.cpus;
                slurm.partIdle[p] += idleCpus;
                slurm.partRunning[p] += st == ALLOCATED ? 1 : 0;
            }
        }
        for (int p = 0; p < PARTITIONS.length; p++) {
            SplittableRandom rng = Seeds.rng(base, Seeds.hash(PARTITIONS[p]), tick, Seeds.PARTITION);
            slurm.partPending[p] = (int) (slurm.partRunning[p] * Seeds.uniform(rng, 0.1, 0.4));
        }
    }

    // --- racks ----------------------------------------------------------------------------------------

    private void computeRacks() {
        List<RackInfo> ri = targets.racks();
        for (int r = 0; r < racks.length; r++) {
            RackState s = racks[r];
            RackInfo info = ri.get(r);
            s.generic = rackGeneric.get(s.id);
            boolean down = incidents.racksCrit().contains(s.id) || racksDown.contains(s.id);
            if (plan.coolingRack[r]) {
                SplittableRandom rng = Seeds.rng(base, s.idHash, tick, Seeds.COOLING);
                if (down) {
                    s.cooling = 2;
                    s.pressure = 160 + Seeds.uniform(rng, -1, 1);
                    s.leak = 1.2 + Seeds.uniform(rng, -0.1, 0.1);
                    s.pcb = 95 + Seeds.uniform(rng, -1, 1);
                    s.pmc = 0;
                } else if (incidents.aislesHot().contains(info.aisleId())) {
                    s.cooling = 1;
                    s.pressure = 175 + Seeds.uniform(rng, -2, 2);
                    s.leak = 0.6 + Seeds.uniform(rng, -0.1, 0.1);
                    s.pcb = 80 + Seeds.uniform(rng, -1, 1);
                    s.pmc = 7200 + Seeds.uniform(rng, -200, 200);
                } else {
                    s.cooling = 0;
                    s.pressure = 200 + Seeds.uniform(rng, -2, 2);
                    s.leak = 0;
                    s.pcb = 60 + Seeds.uniform(rng, -2, 2);
                    s.pmc = 5500 + Seeds.uniform(rng, -300, 300);
                }
            }
            if (plan.pduRack[r]) {
                computePdus(s);
            }
        }
    }

    /** Two PDUs per rack (§3.12); a {@code *_current_ampere} rack override drives both. */
    private void computePdus(RackState s) {
        if (!s.pduReady) {
            SplittableRandom init = Seeds.rng(base, s.idHash, 0, Seeds.PDU);
            for (int p = 0; p < PDUS; p++) {
                s.inletEnergy[p] = Seeds.uniform(init, 8e5, 1.6e6);
                for (int o = 0; o < OUTLETS; o++) {
                    s.outletEnergy[p][o] = Seeds.uniform(init, 5e4, 2e5);
                }
            }
            s.pduReady = true;
        }
        SplittableRandom rng = Seeds.rng(base, s.idHash, tick, Seeds.PDU);
        Double current = rackCurrent.get(s.id);
        int dt = settings.intervalSeconds();
        for (int p = 0; p < PDUS; p++) {
            double power = Seeds.uniform(rng, 1500, 4200);
            double apparent = power * Seeds.uniform(rng, 1.02, 1.08);
            double amps = power / 230;
            if (current != null) {
                amps = current;
                power = current * 230;
                apparent = power * 1.05;
            }
            s.power[p] = power;
            s.apparent[p] = apparent;
            s.current[p] = amps;
            s.voltage[p] = 230 + Seeds.uniform(rng, -2, 2);
            s.inletEnergy[p] += power * dt / 3600;
            for (int o = 0; o < OUTLETS; o++) {
                s.outletPower[p][o] = power * Seeds.uniform(rng, 0.05, 0.25);
                s.outletEnergy[p][o] += s.outletPower[p][o] * dt / 3600;
            }
        }
    }

    // --- rendering ------------------------------------------------------------------------------------

    private Exposition render(byte[] trailer) {
        ExpositionWriter w = new ExpositionWriter(sizeHint);
        for (RenderPlan.Family f : plan.families) {
            w.family(f.header());
            Builtin b = f.builtin();
            if (b.scope() == Builtin.Scope.NODE) {
                renderNodeFamily(w, f, b);
            } else if (b.isSlurmCluster() || b.isSlurmPartition()) {
                renderSlurmFamily(w, f, b);
            } else {
                renderRackFamily(w, f, b);
            }
        }
        if (trailer != null) {
            w.raw(trailer);
        }
        Exposition e = w.finish(tick);
        sizeHint = e.gzipLength();
        return e;
    }

    private void renderNodeFamily(ExpositionWriter w, RenderPlan.Family f, Builtin b) {
        byte[][] ctx3 = new byte[4][];
        for (int t : f.members()) {
            NodeState s = nodes[t];
            if (!s.valid) {
                continue;
            }
            switch (b) {
                case UP -> node(w, f, t, CTX_NONE, s.up, 0);
                case NODE_TEMPERATURE -> node(w, f, t, CTX_NONE, s.temp, 1);
                case NODE_POWER -> node(w, f, t, CTX_NONE, s.power, 0);
                case NODE_LOAD -> node(w, f, t, CTX_NONE, s.load, 1);
                case NODE_HEALTH -> node(w, f, t, CTX_NONE, s.status, 0);
                case NODE_CPU_SECONDS -> node(w, f, t, CTX_CPU, s.cpuIdle, 2);
                case MEM_TOTAL -> node(w, f, t, CTX_NONE, s.memTotal, 0);
                case MEM_AVAILABLE -> node(w, f, t, CTX_NONE, s.memTotal * (1 - 0.8 * clampLoad(s) / 100), 0);
                case FS_SIZE -> node(w, f, t, CTX_FS, s.fsSize, 0);
                case FS_AVAIL -> node(w, f, t, CTX_FS, s.fsSize * (1 - (30 + 0.5 * clampLoad(s)) / 100), 0);
                case DISK_READ -> node(w, f, t, CTX_SDA, s.diskRead, 0);
                case DISK_WRITTEN -> node(w, f, t, CTX_SDA, s.diskWritten, 0);
                case NET_RECEIVE -> node(w, f, t, CTX_ETH0, s.netRx, 0);
                case NET_TRANSMIT -> node(w, f, t, CTX_ETH0, s.netTx, 0);
                case IPMI_FAN, IPMI_POWER, IPMI_SENSOR, IPMI_TEMPERATURE, IPMI_VOLTAGE ->
                        node(w, f, t, IPMI_CTX[b.ordinal() - Builtin.IPMI_FAN.ordinal()], s.status, 0);
                case IPMI_UP -> node(w, f, t, CTX_NONE, s.up, 0);
                case ESERIES_COLLECT_ERROR -> node(w, f, t, CTX_COLLECTOR, s.status >= 1 ? 1 : 0, 0);
                case ESERIES_SYSTEM_STATUS -> systemStatus(w, f, t, s, ctx3);
                case ESERIES_DRIVE_STATUS -> drives(w, f, t, s, ctx3);
                case SWITCH_OPER_STATUS, SWITCH_IN_OCTETS, SWITCH_OUT_OCTETS -> ports(w, f, t, s, b);
                case SLURM_NODE_STATUS -> slurmNode(w, f, t, s, ctx3, true, 0);
                case SLURM_NODE_CPU_ALLOC -> slurmNode(w, f, t, s, ctx3, false, s.cpuAlloc);
                case SLURM_NODE_CPU_IDLE -> slurmNode(w, f, t, s, ctx3, false, s.cpus - s.cpuAlloc);
                case SLURM_NODE_CPU_TOTAL -> slurmNode(w, f, t, s, ctx3, false, s.cpus);
                case SLURM_NODE_MEM_ALLOC -> slurmNode(w, f, t, s, ctx3, false, s.memAlloc);
                case SLURM_NODE_MEM_TOTAL -> slurmNode(w, f, t, s, ctx3, false, s.memMb);
                default -> {
                    // never emitted (§3.8)
                }
            }
        }
    }

    private static final byte[][][] IPMI_CTX = {ctx("fan"), ctx("power"), ctx("sensor"), ctx("temperature"),
        ctx("voltage")};

    private static double clampLoad(NodeState s) {
        return Math.max(0, Math.min(100, s.load));
    }

    private void systemStatus(ExpositionWriter w, RenderPlan.Family f, int t, NodeState s, byte[][] ctx) {
        boolean storage = targets.targets().get(t).storage();
        int st = storage ? s.storageStatus : s.status;
        ctx[0] = OPTIMAL;
        // §6.16: a healthy non-storage exporter host reports optimal=1 (the original always said 0)
        rawNode(w, f, t, ctx, storage ? (st == 0 ? 1 : 0) : (st < 2 ? 1 : 0), 0);
        if (storage) {
            ctx[0] = DEGRADED;
            rawNode(w, f, t, ctx, st == 1 ? 1 : 0, 0);
        }
        ctx[0] = FAILED;
        rawNode(w, f, t, ctx, st == 2 ? 1 : 0, 0);
    }

    private void drives(ExpositionWriter w, RenderPlan.Family f, int t, NodeState s, byte[][] ctx) {
        if (s.driveFailed == null) {
            return;
        }
        ctx[3] = s.tray;
        for (int d = 0; d < s.driveFailed.length; d++) {
            byte[] n = number(d + 1);
            ctx[1] = n;
            ctx[2] = n;
            ctx[0] = OPTIMAL;
            rawNode(w, f, t, ctx, s.driveFailed[d] ? 0 : 1, 0);
            ctx[0] = FAILED;
            rawNode(w, f, t, ctx, s.driveFailed[d] ? 1 : 0, 0);
        }
    }

    private void ports(ExpositionWriter w, RenderPlan.Family f, int t, NodeState s, Builtin b) {
        if (s.portUp == null) {
            return;
        }
        for (int p = 0; p < PORTS; p++) {
            double v = switch (b) {
                case SWITCH_OPER_STATUS -> s.portUp[p] ? 1 : 2;
                case SWITCH_IN_OCTETS -> s.portIn[p];
                default -> s.portOut[p];
            };
            node(w, f, t, CTX_PORTS[p], v, 0);
        }
    }

    private void slurmNode(ExpositionWriter w, RenderPlan.Family f, int t, NodeState s, byte[][] ctx,
                           boolean oneHot, double value) {
        if (s.slurm < 0) {
            return;
        }
        ctx[0] = plan.nodeBase[t][4];
        int partitions = s.gpuNode ? 3 : 2;
        for (int p = 0; p < partitions; p++) {
            ctx[1] = PARTITION_BYTES[p];
            if (oneHot) {
                for (int st = 0; st < STATUS_BYTES.length; st++) {
                    ctx[2] = STATUS_BYTES[st];
                    rawNode(w, f, t, ctx, st == s.slurm ? 1 : 0, 0);
                }
            } else {
                ctx[2] = STATUS_BYTES[s.slurm];
                rawNode(w, f, t, ctx, value, 0);
            }
        }
    }

    /** A node sample; a generic instance override of this metric replaces the value (§3.7, extended). */
    private void node(ExpositionWriter w, RenderPlan.Family f, int t, byte[][] ctx, double value, int decimals) {
        Map<String, Double> g = nodes[t].generic;
        if (g != null) {
            Double v = g.get(f.entry().name());
            if (v != null) {
                value = v;
                decimals = 6;
            }
        }
        rawNode(w, f, t, ctx, value, decimals);
    }

    private void rawNode(ExpositionWriter w, RenderPlan.Family f, int t, byte[][] ctx, double value, int decimals) {
        w.begin(f.name());
        RenderPlan.Spec[] specs = f.specs();
        int from = f.fastBase();
        if (from > 0) {
            w.put(plan.nodeBaseChunk[t]);
        }
        byte[][] base = plan.nodeBase[t];
        for (int k = from; k < specs.length; k++) {
            RenderPlan.Spec s = specs[k];
            switch (s.kind()) {
                case RenderPlan.BASE -> w.label(s.keyPrefix(), base[s.index()]);
                case RenderPlan.LITERAL -> w.put(s.literal());
                default -> w.label(s.keyPrefix(), ctx[s.index()]);
            }
        }
        w.end(value, decimals);
    }

    private void renderSlurmFamily(ExpositionWriter w, RenderPlan.Family f, Builtin b) {
        if (f.members().length == 0) {
            return;
        }
        byte[][] ctx = {EMPTY, EMPTY, EMPTY};
        if (b.isSlurmCluster()) {
            double v = switch (b) {
                case SLURM_CPUS_TOTAL -> slurm.cpusTotal;
                case SLURM_CPUS_ALLOC -> slurm.cpusAlloc;
                case SLURM_CPUS_IDLE -> slurm.cpusIdle;
                case SLURM_NODES_TOTAL -> slurm.nodes;
                case SLURM_NODES_ALLOC -> slurm.nodesAlloc;
                case SLURM_NODES_IDLE -> slurm.nodesIdle;
                case SLURM_NODES_DOWN -> slurm.nodesDown;
                case SLURM_NODES_DRAIN -> slurm.nodesDrain;
                case SLURM_GPUS_TOTAL -> slurm.gpusTotal;
                case SLURM_GPUS_ALLOC -> slurm.gpusAlloc;
                case SLURM_GPUS_IDLE -> slurm.gpusTotal - slurm.gpusAlloc;
                default -> slurm.gpusTotal > 0 ? (double) slurm.gpusAlloc / slurm.gpusTotal : 0;
            };
            rack(w, f, -1, ctx, v, b == Builtin.SLURM_GPUS_UTILIZATION ? 4 : 0);
            return;
        }
        for (int p = 0; p < PARTITIONS.length; p++) {
            if (slurm.partNodes[p] == 0) {
                continue;
            }
            ctx[2] = PARTITION_BYTES[p];
            double v = switch (b) {
                case SLURM_PARTITION_CPUS_ALLOCATED -> slurm.partAlloc[p];
                case SLURM_PARTITION_CPUS_IDLE -> slurm.partIdle[p];
                case SLURM_PARTITION_CPUS_TOTAL -> slurm.partTotal[p];
                case SLURM_PARTITION_JOBS_RUNNING -> slurm.partRunning[p];
                default -> slurm.partPending[p];
            };
            rack(w, f, -1, ctx, v, 0);
        }
    }

    private void renderRackFamily(ExpositionWriter w, RenderPlan.Family f, Builtin b) {
        byte[][] ctx = new byte[8][];
        for (int r : f.members()) {
            RackState s = racks[r];
            if (b.isSequana()) {
                ctx[0] = plan.sequanaInstance[r];
                ctx[1] = SEQUANA_JOB;
                ctx[2] = STANDBYSPARE;
                double v = switch (b) {
                    case SEQUANA_STATE_INFO -> 1;
                    case SEQUANA_PRESSURE -> s.pressure;
                    case SEQUANA_LEAK -> s.leak;
                    case SEQUANA_PCB_TEMP -> s.pcb;
                    default -> s.pmc;
                };
                int decimals = b == Builtin.SEQUANA_PRESSURE || b == Builtin.SEQUANA_LEAK ? 2 : b == Builtin.SEQUANA_STATE_INFO ? 0 : 1;
                rackGeneric(w, f, r, ctx, v, decimals);
                continue;
            }
            ctx[0] = plan.pduInstance[r];
            ctx[1] = PDU_JOB;
            for (int p = 0; p < PDUS; p++) {
                ctx[2] = PDU_IDS[p];
                ctx[3] = s.pduNames[p] == null ? (s.pduNames[p] = bytes("pdu" + (p + 1) + "-" + s.id)) : s.pduNames[p];
                ctx[4] = INLET_ID;
                ctx[5] = INLET_NAME;
                ctx[6] = EMPTY;
                ctx[7] = EMPTY;
                switch (b) {
                    case PDU_POWER -> rackGeneric(w, f, r, ctx, s.power[p], 1);
                    case PDU_APPARENT -> rackGeneric(w, f, r, ctx, s.apparent[p], 1);
                    case PDU_CURRENT -> rack(w, f, r, ctx, s.current[p], 2);
                    case PDU_INLET_RATING -> rackGeneric(w, f, r, ctx, p == 0 ? 20 : 16, 0);
                    case PDU_ENERGY -> rackGeneric(w, f, r, ctx, s.inletEnergy[p], 1);
                    case PDU_VOLTAGE -> rackGeneric(w, f, r, ctx, s.voltage[p], 1);
                    default -> {
                    }
                }
                if (b == Builtin.PDU_POWER || b == Builtin.PDU_ENERGY) {
                    ctx[4] = EMPTY;
                    ctx[5] = EMPTY;
                    for (int o = 0; o < OUTLETS; o++) {
                        ctx[6] = OUTLET_IDS[o];
                        ctx[7] = OUTLET_NAMES[o];
                        rackGeneric(w, f, r, ctx, b == Builtin.PDU_POWER ? s.outletPower[p][o] : s.outletEnergy[p][o], 1);
                    }
                }
            }
        }
    }

    private static final byte[] SEQUANA_JOB = bytes("sequana3");
    private static final byte[] STANDBYSPARE = bytes("standbyspare");
    private static final byte[] PDU_JOB = bytes("pdu");
    private static final byte[][] PDU_IDS = {bytes("1"), bytes("2")};
    private static final byte[] INLET_ID = bytes("I1");
    private static final byte[] INLET_NAME = bytes("inlet-A");
    private static final byte[][] OUTLET_IDS = {bytes("1"), bytes("2"), bytes("3")};
    private static final byte[][] OUTLET_NAMES = {bytes("outlet-1"), bytes("outlet-2"), bytes("outlet-3")};

    /** A rack sample; a rack override of this metric (other than rack_down and currents) replaces the value. */
    private void rackGeneric(ExpositionWriter w, RenderPlan.Family f, int r, byte[][] ctx, double value, int decimals) {
        Map<String, Double> g = racks[r].generic;
        if (g != null) {
            Double v = g.get(f.entry().name());
            if (v != null) {
                value = v;
                decimals = 6;
            }
        }
        rack(w, f, r, ctx, value, decimals);
    }

    private void rack(ExpositionWriter w, RenderPlan.Family f, int r, byte[][] ctx, double value, int decimals) {
        w.begin(f.name());
        byte[][] base = r < 0 ? null : plan.rackBase[r];
        for (RenderPlan.Spec s : f.specs()) {
            switch (s.kind()) {
                case RenderPlan.BASE -> w.label(s.keyPrefix(), base == null ? EMPTY : base[s.index()]);
                case RenderPlan.LITERAL -> w.put(s.literal());
                default -> w.label(s.keyPrefix(), ctx[s.index()]);
            }
        }
        w.end(value, decimals);
    }

    // --- inspection (tests, diagnostics) ---------------------------------------------------------------

    /** The current sample of a node, or {@code null} when unknown or not computed. */
    public NodeSample sample(String nodeId) {
        Integer i = nodeIndex.get(nodeId);
        if (i == null || !nodes[i].valid) {
            return null;
        }
        NodeState s = nodes[i];
        return new NodeSample(nodeId, s.up, s.status, s.temp, s.power, s.load,
                s.slurm < 0 ? null : SLURM_STATUSES.get(s.slurm));
    }

    /** Slurm state per Slurm node at the current tick, in target order. */
    public Map<String, String> slurmStatuses() {
        Map<String, String> out = new LinkedHashMap<>();
        for (NodeState s : nodes) {
            if (s.valid && s.slurm >= 0) {
                out.put(s.id, SLURM_STATUSES.get(s.slurm));
            }
        }
        return out;
    }

    /** The current cooling and PDU values of a rack, or {@code null} when unknown. */
    public RackSample rackSample(String rackId) {
        Integer r = rackIndex.get(rackId);
        if (r == null) {
            return null;
        }
        RackState s = racks[r];
        return new RackSample(rackId, s.cooling, s.pressure, s.leak, s.pcb, s.pmc, s.current.clone(), s.power.clone());
    }

    // --- helpers ----------------------------------------------------------------------------------------

    private static final byte[][] NUMBERS = new byte[512][];

    static {
        for (int n = 0; n < NUMBERS.length; n++) {
            NUMBERS[n] = Integer.toString(n).getBytes(StandardCharsets.UTF_8);
        }
    }

    private static byte[] number(int n) {
        return n < NUMBERS.length ? NUMBERS[n] : bytes(Integer.toString(n));
    }

    private static byte[] bytes(String s) {
        return ExpositionWriter.escape(s);
    }

    private static byte[][] ctx(String... values) {
        byte[][] out = new byte[values.length][];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i].getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    /** Per-node state: counters that persist across ticks, and this tick's values. */
    private static final class NodeState {
        final String id;
        final long idHash;
        boolean valid;
        NodeKind kind;
        boolean down;
        int up;
        int status;
        double temp;
        double power;
        double load;
        double memTotal;
        double fsSize;
        boolean countersReady;
        double cpuIdle;
        double diskRead;
        double diskWritten;
        double netRx;
        double netTx;
        boolean[] portUp;
        double[] portIn;
        double[] portOut;
        int storageStatus;
        boolean[] driveFailed;
        byte[] tray;
        int slurm = -1;
        boolean gpuNode;
        int cpus;
        int memMb;
        int cpuAlloc;
        int memAlloc;
        Map<String, Double> generic;

        NodeState(String id) {
            this.id = id;
            this.idHash = Seeds.hash(id);
        }
    }

    /** Per-rack state: energy counters that persist, and this tick's cooling and PDU values. */
    private static final class RackState {
        final String id;
        final long idHash;
        int cooling;
        double pressure;
        double leak;
        double pcb;
        double pmc;
        boolean pduReady;
        final double[] inletEnergy = new double[PDUS];
        final double[][] outletEnergy = new double[PDUS][OUTLETS];
        final double[] power = new double[PDUS];
        final double[] apparent = new double[PDUS];
        final double[] current = new double[PDUS];
        final double[] voltage = new double[PDUS];
        final double[][] outletPower = new double[PDUS][OUTLETS];
        final byte[][] pduNames = new byte[PDUS][];
        Map<String, Double> generic;

        RackState(String id) {
            this.id = id;
            this.idHash = Seeds.hash(id);
        }
    }

    /** Cluster and partition totals of one tick. */
    private static final class SlurmTotals {
        int nodes;
        long cpusTotal;
        long cpusAlloc;
        long cpusIdle;
        int nodesAlloc;
        int nodesIdle;
        int nodesDown;
        int nodesDrain;
        int gpusTotal;
        int gpusAlloc;
        final int[] partNodes = new int[PARTITIONS.length];
        final long[] partAlloc = new long[PARTITIONS.length];
        final long[] partIdle = new long[PARTITIONS.length];
        final long[] partTotal = new long[PARTITIONS.length];
        final int[] partRunning = new int[PARTITIONS.length];
        final int[] partPending = new int[PARTITIONS.length];

        void reset() {
            nodes = 0;
            cpusTotal = 0;
            cpusAlloc = 0;
            cpusIdle = 0;
            nodesAlloc = 0;
            nodesIdle = 0;
            nodesDown = 0;
            nodesDrain = 0;
            gpusTotal = 0;
            gpusAlloc = 0;
            Arrays.fill(partNodes, 0);
            Arrays.fill(partAlloc, 0);
            Arrays.fill(partIdle, 0);
            Arrays.fill(partTotal, 0);
            Arrays.fill(partRunning, 0);
            Arrays.fill(partPending, 0);
        }
    }
}
