package dev.rackscope.simulator.generator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The catalog compiled against the targets: for each generated family, its label template and the targets
 * (or racks) it is enabled for, and for each target its escaped base labels. Built when the catalog or the
 * topology changes, so that a tick does no glob matching and no label formatting beyond appending bytes.
 */
final class RenderPlan {

    static final int BASE = 0;
    static final int LITERAL = 1;
    static final int CONTEXT = 2;

    /** How one label gets its value. */
    record Spec(int kind, byte[] keyPrefix, byte[] literal, int index) {
    }

    /** One metric family to render. */
    record Family(Builtin builtin, CatalogEntry entry, byte[] name, byte[] header, Spec[] specs, int fastBase,
                  int[] members) {
    }

    final List<Family> families;
    final NodeKind[] kinds;
    /** [target][i]: escaped value of {@link Builtin#NODE_BASE} label i (empty when absent). */
    final byte[][][] nodeBase;
    /** [target]: the seven node base labels as one chunk. */
    final byte[][] nodeBaseChunk;
    /** [rack][i]: escaped site_id, room_id, rack_id. */
    final byte[][][] rackBase;
    final byte[][] sequanaInstance;
    final byte[][] pduInstance;
    /** Targets counted as Slurm nodes: forced statuses, allocation and aggregates. */
    final boolean[] slurmNode;
    final boolean[] coolingRack;
    final boolean[] pduRack;

    private RenderPlan(List<Family> families, NodeKind[] kinds, byte[][][] nodeBase, byte[][] nodeBaseChunk,
                       byte[][][] rackBase, byte[][] sequanaInstance, byte[][] pduInstance, boolean[] slurmNode,
                       boolean[] coolingRack, boolean[] pduRack) {
        this.families = families;
        this.kinds = kinds;
        this.nodeBase = nodeBase;
        this.nodeBaseChunk = nodeBaseChunk;
        this.rackBase = rackBase;
        this.sequanaInstance = sequanaInstance;
        this.pduInstance = pduInstance;
        this.slurmNode = slurmNode;
        this.coolingRack = coolingRack;
        this.pduRack = pduRack;
    }

    static RenderPlan compile(MetricCatalog catalog, Targets targets) {
        List<Target> ts = targets.targets();
        int n = ts.size();
        NodeKind[] kinds = new NodeKind[n];
        byte[][][] nodeBase = new byte[n][][];
        byte[][] chunks = new byte[n][];
        for (int i = 0; i < n; i++) {
            Target t = ts.get(i);
            kinds[i] = NodeKind.of(t.nodeId(), t.deviceType());
            String[] values = {t.siteId(), t.roomId(), t.rackId(), t.chassisId(), t.nodeId(), t.nodeId(), "node"};
            nodeBase[i] = new byte[values.length][];
            java.io.ByteArrayOutputStream chunk = new java.io.ByteArrayOutputStream(160);
            for (int k = 0; k < values.length; k++) {
                nodeBase[i][k] = ExpositionWriter.escape(values[k]);
                chunk.writeBytes(ExpositionWriter.chunk(Builtin.NODE_BASE.get(k), values[k]));
            }
            chunks[i] = chunk.toByteArray();
        }
        List<RackInfo> racks = targets.racks();
        int r = racks.size();
        byte[][][] rackBase = new byte[r][][];
        byte[][] sequana = new byte[r][];
        byte[][] pdu = new byte[r][];
        boolean[] cooling = new boolean[r];
        boolean[] pdus = new boolean[r];
        for (int i = 0; i < r; i++) {
            RackInfo ri = racks.get(i);
            rackBase[i] = new byte[][] {ExpositionWriter.escape(ri.siteId()), ExpositionWriter.escape(ri.roomId()),
                ExpositionWriter.escape(ri.rackId())};
            sequana[i] = ExpositionWriter.escape("sequana-" + ri.rackId());
            pdu[i] = ExpositionWriter.escape("pdu-" + ri.rackId());
            for (Builtin b : List.of(Builtin.SEQUANA_STATE_INFO, Builtin.SEQUANA_PRESSURE, Builtin.SEQUANA_LEAK,
                    Builtin.SEQUANA_PCB_TEMP)) {
                cooling[i] |= catalog.enabled(b.metricName(), Builtin.Scope.RACK, ri.rackId());
            }
            for (Builtin b : Builtin.values()) {
                if (b.isPdu()) {
                    pdus[i] |= catalog.enabled(b.metricName(), Builtin.Scope.RACK, ri.rackId());
                }
            }
        }
        boolean[] slurmStatus = new boolean[n];
        boolean anySlurm = false;
        for (int i = 0; i < n; i++) {
            Target t = ts.get(i);
            slurmStatus[i] = !t.storage()
                    && catalog.enabled(Builtin.SLURM_NODE_STATUS.metricName(), Builtin.Scope.NODE, t.nodeId());
            anySlurm |= slurmStatus[i];
        }
        boolean[] slurmNode = new boolean[n];
        for (int i = 0; i < n; i++) {
            // §6.17: aggregates count the nodes Slurm reports; without per-node Slurm series, every non-storage node
            slurmNode[i] = anySlurm ? slurmStatus[i] : !ts.get(i).storage();
        }

        List<Family> families = new ArrayList<>();
        Map<List<String>, boolean[]> filterCache = new HashMap<>();
        for (CatalogEntry entry : catalog.entries()) {
            Builtin b = Builtin.byName(entry.name());
            if (b == null || b.scope() != entry.scope() || b.neverEmitted()) {
                continue;
            }
            Spec[] specs = specs(entry, b);
            int[] members;
            if (b.scope() == Builtin.Scope.NODE) {
                members = nodeMembers(entry, b, ts, kinds, slurmStatus, filterCache);
            } else if (b.isSlurmCluster() || b.isSlurmPartition()) {
                members = entry.enabled(Builtin.Scope.RACK, "") ? new int[] {0} : new int[0];
            } else {
                IntList list = new IntList();
                for (int i = 0; i < r; i++) {
                    if (entry.enabled(Builtin.Scope.RACK, racks.get(i).rackId()) && (!b.isSequana() || cooling[i])) {
                        list.add(i);
                    }
                }
                members = list.toArray();
            }
            families.add(new Family(b, entry, entry.name().getBytes(StandardCharsets.UTF_8),
                    ExpositionWriter.header(entry.name(), entry.help()), specs, fastBase(entry, specs), members));
        }
        return new RenderPlan(families, kinds, nodeBase, chunks, rackBase, sequana, pdu, slurmNode, cooling, pdus);
    }

    private static int[] nodeMembers(CatalogEntry entry, Builtin b, List<Target> ts, NodeKind[] kinds,
                                     boolean[] slurmStatus, Map<List<String>, boolean[]> filterCache) {
        // families mostly share a handful of filters ("*", the IPMI globs…): match each filter once per target
        boolean[] matches = filterCache.computeIfAbsent(entry.instances().patterns(), k -> {
            boolean[] m = new boolean[ts.size()];
            for (int i = 0; i < m.length; i++) {
                m[i] = entry.instances().matches(ts.get(i).nodeId());
            }
            return m;
        });
        IntList list = new IntList();
        for (int i = 0; i < ts.size(); i++) {
            Target t = ts.get(i);
            boolean eligible = switch (b) {
                case ESERIES_SYSTEM_STATUS -> true;
                case ESERIES_DRIVE_STATUS -> t.storage();
                case SWITCH_OPER_STATUS, SWITCH_IN_OCTETS, SWITCH_OUT_OCTETS -> !t.storage() && kinds[i] == NodeKind.NETWORK;
                default -> !t.storage();
            };
            if (b.isSlurmNode() && b != Builtin.SLURM_NODE_STATUS) {
                eligible &= slurmStatus[i]; // nested under slurm_node_status (§3.10)
            }
            if (eligible && matches[i]) {
                list.add(i);
            }
        }
        return list.toArray();
    }

    /**
     * The label template (§3.3): base labels unless stripped, then the catalog's extra keys; a catalog value
     * overrides a base label of the same key; {@code $token} resolves from the context, then the base labels,
     * else the label is absent.
     */
    private static Spec[] specs(CatalogEntry entry, Builtin b) {
        List<String> base = b.scope() == Builtin.Scope.NODE ? Builtin.NODE_BASE : Builtin.RACK_BASE;
        List<String> keys = new ArrayList<>(entry.labelsOnly() ? List.of() : base);
        for (String k : entry.labels().keySet()) {
            if (!keys.contains(k)) {
                keys.add(k);
            }
        }
        List<Spec> specs = new ArrayList<>();
        for (String key : keys) {
            String v = entry.labels().get(key);
            Spec s;
            if (v == null) {
                s = source(key, key, b);
            } else if (v.startsWith("$")) {
                s = source(v.substring(1), key, b);
            } else {
                byte[] lit = ExpositionWriter.chunk(key, v);
                s = lit.length == 0 ? null : new Spec(LITERAL, null, lit, -1);
            }
            if (s != null) {
                specs.add(s);
            }
        }
        return specs.toArray(new Spec[0]);
    }

    private static Spec source(String token, String key, Builtin b) {
        int ctx = b.contextKeys().indexOf(token);
        if (ctx >= 0) {
            return new Spec(CONTEXT, ExpositionWriter.keyPrefix(key), null, ctx);
        }
        int idx = b.scope() == Builtin.Scope.NODE ? Builtin.NODE_BASE.indexOf(token)
                : List.of("site_id", "room_id", "rack_id").indexOf(token);
        return idx >= 0 ? new Spec(BASE, ExpositionWriter.keyPrefix(key), null, idx) : null;
    }

    /** 7 when the template starts with the untouched node base labels (then the prebuilt chunk is used), else 0. */
    private static int fastBase(CatalogEntry entry, Spec[] specs) {
        if (entry.scope() != Builtin.Scope.NODE || specs.length < 7) {
            return 0;
        }
        for (int i = 0; i < 7; i++) {
            Spec s = specs[i];
            if (s.kind != BASE || s.index != i || !java.util.Arrays.equals(s.keyPrefix,
                    ExpositionWriter.keyPrefix(Builtin.NODE_BASE.get(i)))) {
                return 0;
            }
        }
        return 7;
    }

    /** A growable int array. */
    static final class IntList {
        private int[] a = new int[16];
        private int size;

        void add(int v) {
            if (size == a.length) {
                a = java.util.Arrays.copyOf(a, size * 2);
            }
            a[size++] = v;
        }

        int[] toArray() {
            return java.util.Arrays.copyOf(a, size);
        }
    }
}
